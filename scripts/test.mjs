#!/usr/bin/env node
// npm test: start the local engines (unless MONGODB_URI/REDIS_URL are given), build, run mocha.
// Extra arguments go to mocha, e.g. `npm test -- --grep idempotency`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './browser.mjs';
import { ensureAdminUiBuilt } from './admin-ui.mjs';
import { ensureEngines } from './engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (cmd, args, env = process.env) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const uris = await ensureEngines();
const chromium = ensureChromium();
step('npx', ['tsc', '-b']);
ensureAdminUiBuilt();
step('npx', ['mocha', ...process.argv.slice(2)], {
  ...process.env,
  MONGODB_URI: uris.mongodbUri,
  REDIS_URL: uris.redisUrl,
  NODE_ENV: 'test',
  CHROMIUM_PATH: chromium,
});
