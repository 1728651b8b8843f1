#!/usr/bin/env node
// Runs a built entry point against the local engines: ensures engines, builds (incrementally), then runs it.
//   node scripts/run.mjs <built file.js> [args...]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureEngines } from './engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs <built file.js> [args...]\n');
  process.exit(2);
}
const uris = await ensureEngines();
const build = spawnSync('npx', ['tsc', '-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const result = spawnSync('node', [entry, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MONGODB_URI: uris.mongodbUri, REDIS_URL: uris.redisUrl },
});
process.exit(result.status ?? 1);
