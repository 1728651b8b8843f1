#!/usr/bin/env node
// npm test: start the local engines (unless MONGODB_URI/REDIS_URL are given), build, run mocha.
// Extra arguments go to mocha, e.g. `npm test -- --grep idempotency`; test files or folders given by their source
// path (`npm test -- test/server/ledger test/e2e/crash.test.ts`) run alone.
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
const isTestPath = (arg) => /^(\.\/)?test\//.test(arg);
const args = process.argv.slice(2);
const spec = args
  .filter(isTestPath)
  .map((arg) => path.posix.join('build', arg.replace(/^\.\//, '')))
  .map((p) => (p.endsWith('.ts') ? p.replace(/\.ts$/, '.js') : `${p.replace(/\/$/, '')}/**/*.test.js`));
step('npx', ['mocha', ...args.filter((arg) => !isTestPath(arg))], {
  ...process.env,
  ...(spec.length ? { LAUREL_TEST_SPEC: spec.join(',') } : {}),
  MONGODB_URI: uris.mongodbUri,
  REDIS_URL: uris.redisUrl,
  NODE_ENV: 'test',
  CHROMIUM_PATH: chromium,
});
