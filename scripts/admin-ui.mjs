// Builds the admin UI when its sources are newer than its last build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uiDir = path.join(root, 'admin-ui');

function newestMtime(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

export function adminUiStale() {
  const built = path.join(uiDir, 'dist', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => path.join(uiDir, f)).filter((f) => fs.existsSync(f));
  return Math.max(...sources.map(newestMtime)) > fs.statSync(built).mtimeMs;
}

export function ensureAdminUiBuilt() {
  if (!adminUiStale()) return;
  process.stderr.write('[admin-ui] building\n');
  const result = spawnSync('npm', ['run', 'build', '-w', '@laurel/admin-ui'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the admin UI build failed');
}
