import { AdminRole, ApiScope } from '@laurel/shared';
import { openCliContext } from '@laurel/server/cli/context.js';

// Loads demo data into the configured database. Safe to run again: existing data is kept, nothing is doubled.
const MEMBER_COUNT = Number(process.env.DEMO_MEMBERS ?? 1000);
const SYSTEM = { type: 'system', id: 'demo', label: 'demo data' } as const;
const OPERATORS = [
  { email: 'operator@laurel.local', name: 'Demo Operator', role: AdminRole.Operator },
  { email: 'viewer@laurel.local', name: 'Demo Viewer', role: AdminRole.Viewer },
];
const DEMO_PASSWORD = 'laurel-demo-password';

const say = (msg: string): void => void process.stderr.write(`[demo] ${msg}\n`);

async function main(): Promise<void> {
  const ctx = await openCliContext();
  const { services } = ctx;
  try {
    for (const op of OPERATORS) {
      const exists = (await services.adminUsers.list({ limit: 100 })).items.some((u) => u.email === op.email);
      if (!exists) await services.adminUsers.create({ ...op, password: DEMO_PASSWORD }, SYSTEM);
    }
    say(`operators: ${OPERATORS.map((o) => `${o.email} (${o.role})`).join(', ')}; password ${DEMO_PASSWORD}`);

    const keys = await services.apiKeys.list({ limit: 100 });
    if (!keys.items.some((k) => k.name === 'demo-shop' && !k.revokedAt)) {
      const key = await services.apiKeys.create(
        { name: 'demo-shop', scopes: [ApiScope.EventsWrite, ApiScope.MembersRead, ApiScope.MembersWrite] },
        SYSTEM,
      );
      say(`service API key for the demo shop (shown once): ${key.secret}`);
    } else {
      say('service API key demo-shop exists already (its secret was printed when it was made)');
    }

    const started = Date.now();
    for (let i = 1; i <= MEMBER_COUNT; i++) {
      await services.members.ensure(`demo-${String(i).padStart(5, '0')}`);
      if (i % 250 === 0 || i === MEMBER_COUNT) say(`members: ${i}/${MEMBER_COUNT}`);
    }
    say(`done in ${Math.round((Date.now() - started) / 100) / 10} s`);
  } finally {
    await ctx.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
