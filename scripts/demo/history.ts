import { parseEvent } from '@laurel/server/modules/events/parse.js';
import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
import { say, seeded } from './common.js';
import { redeemAs, refusals, tally, type DemoReward, type DemoRewardIds } from './mall.js';

// A few months of shop history for every demo member, sent through the event pipeline (so the rules, wallets, lots and
// ledger are the real thing): a registration, paid orders, the odd partial refund, and a redemption in the points mall
// (through the mall's RedemptionService). Everything is derived from the member's number and enrolment time, so a
// second run replays the same events (the event id is the key) and answers the same redemption (its request key is
// derived from the member): nothing is doubled.

const DAY_MS = 86_400_000;
const CATEGORIES = ['shoes', 'bags', 'apparel', 'beauty', 'grocery'];
const CHANNELS = ['app', 'web', 'store'];
const SOURCE = 'demo:history';

/** The mall's rewards a member of the history redeems, one picked per member (50–240 points). */
export const HISTORY_REWARDS = ['tenOff', 'freeShipping', 'fifteenOff', 'videoVip'] as const satisfies readonly DemoReward[];

interface Totals {
  events: number;
  replayed: number;
}

interface RawEvent {
  id: string;
  type: string;
  occurredAt: string;
  member: { externalId: string };
  attributes: Record<string, unknown>;
}

/**
 * What happened to member `i`, ending at `end` (the member's enrolment by the demo): events in time order, and the
 * mall reward redeemed (an index into HISTORY_REWARDS) if any.
 */
export function historyOf(i: number, end: Date): { events: RawEvent[]; redeemed: number | null } {
  const externalId = demoMemberId(i);
  const next = seeded(i);
  const at = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const signup = end.getTime() - (20 + next(160)) * DAY_MS - next(DAY_MS);
  const member = { externalId };
  const events: RawEvent[] = [
    {
      id: `demo:${externalId}:registered`,
      type: 'member.registered',
      occurredAt: at(signup),
      member,
      attributes: { channel: CHANNELS[next(3)] },
    },
  ];
  const orders = next(4);
  for (let k = 1; k <= orders; k++) {
    const paidAt = signup + ((end.getTime() - signup) * k) / (orders + 1) - next(DAY_MS);
    const items = Array.from({ length: 1 + next(3) }, (_, line) => ({
      sku: `SKU-${next(900) + 100}`,
      category: CATEGORIES[next(CATEGORIES.length)]!,
      amount: (20 + next(400)) * 100 + (line === 0 ? next(100) : 0),
      quantity: 1,
    }));
    const amount = items.reduce((sum, item) => sum + item.amount, 0);
    const orderId = `demo-${externalId}-${k}`;
    events.push({
      id: `demo:${externalId}:order:${k}:paid`,
      type: 'order.paid',
      occurredAt: at(paidAt),
      member,
      attributes: { orderId, amount, currency: 'CNY', channel: CHANNELS[next(3)], items },
    });
    if (next(15) === 0) {
      events.push({
        id: `demo:${externalId}:order:${k}:refunded`,
        type: 'order.refunded',
        occurredAt: at(Math.min(paidAt + 3 * DAY_MS, end.getTime() - 60_000)),
        member,
        attributes: { orderId, refundAmount: Math.floor(amount / 2) },
      });
    }
  }
  return { events, redeemed: orders > 0 && next(3) === 0 ? next(HISTORY_REWARDS.length) : null };
}

async function loadMember(services: Services, i: number, totals: Totals): Promise<void> {
  const member = await services.members.findByExternalId(demoMemberId(i));
  for (const raw of historyOf(i, new Date(member.createdAt)).events) {
    const { replayed } = await services.events.ingest(await parseEvent(raw), SOURCE);
    totals.events += 1;
    if (replayed) totals.replayed += 1;
  }
}

/**
 * The history's mall redemptions, made once every step that earns points has run (see redeemAs): a member without
 * the points for their reward (after a refund, say) simply did not redeem.
 */
export async function loadHistoryRedemptions(services: Services, rewards: DemoRewardIds, count: number): Promise<void> {
  const totals = { redeemed: 0, refused: {} };
  for (let i = 1; i <= count; i++) {
    const externalId = demoMemberId(i);
    const member = await services.members.findByExternalId(externalId);
    const { redeemed } = historyOf(i, new Date(member.createdAt));
    if (redeemed === null) continue;
    tally(totals, await redeemAs(services, member.id, externalId, 'redeem:1', rewards[HISTORY_REWARDS[redeemed]!]));
  }
  say(`history: ${totals.redeemed} mall redemptions (made or there already); not allowed: ${refusals(totals.refused)}`);
}

/** Loads the history of members 1..count, a few members at a time (each member's events in order). */
export async function loadHistory(services: Services, count: number, concurrency = 6): Promise<void> {
  const totals: Totals = { events: 0, replayed: 0 };
  let next = 1;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next <= count) {
      const i = next++;
      await loadMember(services, i, totals);
      done += 1;
      if (done % 250 === 0 || done === count)
        say(`history: ${done}/${count} members, ${totals.events} events (${totals.replayed} already there)`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  say(`history: ${totals.events - totals.replayed} events added`);
}
