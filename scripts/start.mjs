#!/usr/bin/env node
// npm start: local engines, build what changed, then the API with the admin UI at http://127.0.0.1:3000/admin/.
//   npm start -- --demo     load demo data first
// Any MONGODB_URI / REDIS_URL / PORT / ADMIN_EMAIL ... given in the environment is used as is.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAdminUiBuilt } from './admin-ui.mjs';
import { ensureEngines } from './engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`[start] ${msg}\n`);
const step = (cmd, args, env = process.env) => {
  say(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const uris = await ensureEngines();
const env = {
  ...process.env,
  MONGODB_URI: uris.mongodbUri,
  REDIS_URL: uris.redisUrl,
  ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? 'admin@laurel.local',
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'laurel-admin-local',
};
step('npx', ['tsc', '-b']);
ensureAdminUiBuilt();
if (process.argv.includes('--demo')) step('node', ['build/scripts/demo/seed.js'], env);

say(`starting the API on http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000} (admin UI at /admin/, operator ${env.ADMIN_EMAIL})`);
const server = spawn('node', ['server/dist/main.js'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
