import type { Services } from '@laurel/server/services.js';
import { DEMO_ACTOR, say } from './common.js';

type RuleInput = Parameters<Services['earningRules']['create']>[0];

/** The demo shop's earning rules, by name. */
export const DEMO_RULES: RuleInput[] = [
  {
    name: '1 point per ¥1 on paid orders',
    eventType: 'order.paid',
    currency: 'points',
    formula: { kind: 'per_amount', unit: 100, rate: 1 },
    conditions: { currencies: ['CNY'] },
    priority: 10,
  },
  {
    name: 'Double points on shoes',
    eventType: 'order.paid',
    currency: 'points',
    // A second point per ¥1 of the shoe lines, on top of the base rule.
    formula: { kind: 'per_amount', unit: 100, rate: 1 },
    conditions: { currencies: ['CNY'], categories: { include: ['shoes'] } },
    priority: 5,
  },
  {
    name: '1 growth per ¥10 on paid orders',
    eventType: 'order.paid',
    currency: 'growth',
    formula: { kind: 'per_amount', unit: 1000, rate: 1 },
    conditions: { currencies: ['CNY'] },
  },
  {
    name: 'Sign-up bonus',
    eventType: 'member.registered',
    currency: 'points',
    formula: { kind: 'fixed', amount: 100 },
  },
];

/** Creates each demo rule that does not exist by name (in any state: a rule an operator archived stays archived). */
export async function ensureRules(services: Services): Promise<void> {
  const names = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await services.earningRules.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const rule of page.items) names.add(rule.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  let created = 0;
  for (const rule of DEMO_RULES) {
    if (names.has(rule.name)) continue;
    await services.earningRules.create(rule, DEMO_ACTOR);
    created += 1;
  }
  say(`earning rules: ${DEMO_RULES.map((r) => r.name).join('; ')} (${created} created)`);
}
