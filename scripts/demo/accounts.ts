import { AdminRole, ApiScope } from '@laurel/shared';
import type { Services } from '@laurel/server/services.js';
import { DEMO_ACTOR, say } from './common.js';

const OPERATORS = [
  { email: 'operator@laurel.local', name: 'Demo Operator', role: AdminRole.Operator },
  { email: 'viewer@laurel.local', name: 'Demo Viewer', role: AdminRole.Viewer },
];
const DEMO_PASSWORD = 'laurel-demo-password';

/** Demo operators (one per role below admin), created once. */
export async function ensureOperators(services: Services): Promise<void> {
  for (const op of OPERATORS) {
    const exists = (await services.adminUsers.list({ limit: 100 })).items.some((u) => u.email === op.email);
    if (!exists) await services.adminUsers.create({ ...op, password: DEMO_PASSWORD }, DEMO_ACTOR);
  }
  say(`operators: ${OPERATORS.map((o) => `${o.email} (${o.role})`).join(', ')}; password ${DEMO_PASSWORD}`);
}

/** The demo shop's service API key; its secret is printed only when it is made. */
export async function ensureApiKey(services: Services): Promise<void> {
  const keys = await services.apiKeys.list({ limit: 100 });
  if (keys.items.some((k) => k.name === 'demo-shop' && !k.revokedAt)) {
    say('service API key demo-shop exists already (its secret was printed when it was made)');
    return;
  }
  const key = await services.apiKeys.create(
    { name: 'demo-shop', scopes: [ApiScope.EventsWrite, ApiScope.MembersRead, ApiScope.MembersWrite] },
    DEMO_ACTOR,
  );
  say(`service API key for the demo shop (shown once): ${key.secret}`);
}

/** Members demo-00001 ... enrolled (idempotent: enrolment finds existing members). */
export async function ensureMembers(services: Services, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await services.members.ensure(demoMemberId(i));
    if (i % 250 === 0 || i === count) say(`members: ${i}/${count}`);
  }
}

export function demoMemberId(i: number): string {
  return `demo-${String(i).padStart(5, '0')}`;
}
