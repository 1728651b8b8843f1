#!/usr/bin/env node
// npm run bench -- <name> [args]: runs scripts/bench/<name>.ts (built) against the local engines.
// Each benchmark prints progress and, as its last line, one JSON object of figures. scripts/bench/lib.ts and
// scripts/bench/support/ are their shared code, not benchmarks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = fs
  .readdirSync(path.join(root, 'scripts', 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>; one of: ${available.join(', ')}\n`);
  process.exit(2);
}
const result = spawnSync('node', [path.join(root, 'scripts', 'run.mjs'), `build/scripts/bench/${name}.js`, ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
