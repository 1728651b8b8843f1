import { ADMIN_ROLES, type AdminRole } from '@laurel/shared';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { openCliContext } from './context.js';

// npm run admin:create -- --email ops@example.com --name "Ops" [--role admin|operator|viewer]
// The password is read from LAUREL_NEW_ADMIN_PASSWORD or asked for on standard input.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' } },
  });
  if (!values.email || !values.name) throw new Error('usage: admin:create -- --email EMAIL --name NAME [--role admin|operator|viewer]');
  if (!ADMIN_ROLES.includes(values.role as AdminRole)) throw new Error(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
  let password = process.env.LAUREL_NEW_ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    password = await rl.question('Password (at least 12 characters): ');
    rl.close();
  }
  if (password.length < 12) throw new Error('the password must be at least 12 characters');
  const ctx = await openCliContext();
  try {
    const user = await ctx.services.adminUsers.create(
      { email: values.email, name: values.name, password, role: values.role as AdminRole },
      { type: 'system', id: 'cli', label: 'admin:create' },
    );
    process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
  } finally {
    await ctx.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
