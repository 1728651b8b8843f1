#!/usr/bin/env node
// Makes sure the local engines Laurel needs are running: PostgreSQL + FerretDB (as MongoDB) and Redis.
// Idempotent: starts what is stopped, installs what is missing, builds FerretDB once (with the fixes in
// scripts/ferretdb/patches.mjs).
// MONGODB_URI / REDIS_URL given in the environment win: the matching engine is left alone.
//   node scripts/engines.mjs ensure   start what is missing, print the URIs
//   node scripts/engines.mjs stop     stop the project's FerretDB (PostgreSQL and Redis are machine services)
//   node scripts/engines.mjs status
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FERRETDB_MODULE, patches } from './ferretdb/patches.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localDir = path.join(root, '.local');
const ferretSrc = path.join(root, 'scripts', 'ferretdb');
const ferretBin = path.join(localDir, 'bin', 'ferretdb');
const ferretStamp = path.join(localDir, 'bin', 'ferretdb.stamp');
const ferretPidFile = path.join(localDir, 'ferretdb.pid');
const ferretLog = path.join(localDir, 'ferretdb.log');

const ferretPort = Number(process.env.LAUREL_FERRETDB_PORT ?? 27017);
const pgHost = process.env.LAUREL_PG_HOST ?? '127.0.0.1';
const pgPort = Number(process.env.LAUREL_PG_PORT ?? 5432);
const pgDatabase = process.env.LAUREL_PG_DATABASE ?? 'laurel';
const redisPort = Number(process.env.LAUREL_REDIS_PORT ?? 6379);

export const localMongoUri = `mongodb://127.0.0.1:${ferretPort}/laurel`;
export const localRedisUrl = `redis://127.0.0.1:${redisPort}`;

const say = (msg) => process.stderr.write(`[engines] ${msg}\n`);

function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within ${Math.round(timeoutMs / 1000)} s`);
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  say(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

let aptUpdated = false;
function aptInstall(...pkgs) {
  if (process.getuid?.() !== 0) throw new Error(`missing ${pkgs.join(', ')}: install them (apt-get install ${pkgs.join(' ')})`);
  if (!aptUpdated) {
    run('apt-get', ['update', '-q']);
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-q', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function postgresVersions() {
  try {
    return fs.readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v));
  } catch {
    return [];
  }
}

async function ensurePostgres() {
  if (await portOpen(pgPort, pgHost)) return say(`PostgreSQL is running on ${pgHost}:${pgPort}`);
  if (postgresVersions().length === 0) {
    say('PostgreSQL is not installed; installing it');
    aptInstall('postgresql');
  }
  for (const version of postgresVersions()) {
    say(`starting PostgreSQL ${version}`);
    try {
      run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
    } catch (err) {
      say(`could not start cluster ${version}: ${err.message}`);
    }
  }
  await waitFor(() => portOpen(pgPort, pgHost), 'PostgreSQL', 30_000);
}

function psql(sql, database = 'postgres') {
  return execFileSync('psql', ['-h', pgHost, '-p', String(pgPort), '-U', 'postgres', '-d', database, '-tAc', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function ensurePgDatabase() {
  if (psql(`SELECT 1 FROM pg_database WHERE datname = '${pgDatabase}'`) !== '1') {
    say(`creating PostgreSQL database ${pgDatabase}`);
    psql(`CREATE DATABASE ${pgDatabase}`);
  }
  // MongoDB's default write concern acknowledges a write before its journal is flushed (every 100 ms); this is
  // PostgreSQL's equivalent (WAL flushed every 200 ms). A crash of PostgreSQL itself may lose the last moments of
  // acknowledged writes, never leave them half-done. Without it every FerretDB update waits for its own fsync.
  if (
    psql(
      `SELECT setconfig::text FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = '${pgDatabase}' AND s.setrole = 0`,
    ).includes('synchronous_commit=off')
  )
    return;
  psql(`ALTER DATABASE ${pgDatabase} SET synchronous_commit = off`);
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go', 'patches.mjs']) hash.update(fs.readFileSync(path.join(ferretSrc, file)));
  return hash.digest('hex');
}

function ensureGo() {
  if (has('go')) return 'go';
  if (fs.existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  say('Go is not installed; installing golang-go');
  aptInstall('golang-go');
  return 'go';
}

/** Builds the FerretDB binary unless it matches the sources; returns whether it built one. */
function ensureFerretBinary() {
  const wanted = sourceHash();
  if (fs.existsSync(ferretBin) && fs.existsSync(ferretStamp) && fs.readFileSync(ferretStamp, 'utf8') === wanted) return false;
  const go = ensureGo();
  fs.mkdirSync(path.dirname(ferretBin), { recursive: true });
  say('building FerretDB v1 from the Go module proxy (first run only; takes a few minutes)');
  const started = Date.now();
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const goMod = writePatchedModule(go, env);
  run(go, ['build', `-modfile=${goMod}`, '-o', ferretBin, '.'], { cwd: ferretSrc, env });
  fs.writeFileSync(ferretStamp, wanted);
  say(`FerretDB built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/**
 * A copy of the FerretDB module with scripts/ferretdb/patches.mjs applied, and a go.mod beside it that points
 * the build at the copy (`-modfile`; the project's go.mod stays as it is). Returns the go.mod's path.
 */
function writePatchedModule(go, env) {
  run(go, ['mod', 'download', FERRETDB_MODULE], { cwd: ferretSrc, env });
  const moduleDir = execFileSync(go, ['list', '-m', '-f', '{{.Dir}}', FERRETDB_MODULE], { cwd: ferretSrc, env, encoding: 'utf8' }).trim();
  const buildDir = path.join(localDir, 'ferretdb-build');
  const copyDir = path.join(buildDir, 'module');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.cpSync(moduleDir, copyDir, { recursive: true });
  makeWritable(copyDir); // the module cache is read-only, and so would the copy be (and hard to delete later)
  for (const { file, find, replace } of patches) {
    const target = path.join(copyDir, file);
    const text = fs.readFileSync(target, 'utf8');
    if (!text.includes(find))
      throw new Error(`FerretDB patch does not apply: ${file} no longer contains ${JSON.stringify(find.slice(0, 60))}`);
    fs.writeFileSync(target, text.replace(find, replace));
  }
  const goMod = path.join(buildDir, 'go.mod');
  fs.writeFileSync(goMod, `${fs.readFileSync(path.join(ferretSrc, 'go.mod'), 'utf8')}\nreplace ${FERRETDB_MODULE} => ${copyDir}\n`);
  fs.copyFileSync(path.join(ferretSrc, 'go.sum'), path.join(buildDir, 'go.sum'));
  say(`applied the FerretDB fixes in scripts/ferretdb/patches.mjs (${patches.length} edits)`);
  return goMod;
}

function makeWritable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(child);
    else fs.chmodSync(child, 0o644);
  }
}

function runningFerretPid() {
  try {
    const pid = Number(fs.readFileSync(ferretPidFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function ensureFerret() {
  await ensurePostgres();
  ensurePgDatabase();
  if (ensureFerretBinary() && runningFerretPid()) {
    say('restarting FerretDB on the new build');
    await stopFerret();
  }
  if (await portOpen(ferretPort)) {
    if (runningFerretPid()) return say(`FerretDB is running on 127.0.0.1:${ferretPort}`);
    say(`port ${ferretPort} is already taken by another process; using it as MongoDB`);
    return;
  }
  fs.mkdirSync(localDir, { recursive: true });
  const log = fs.openSync(ferretLog, 'a');
  const child = spawn(
    ferretBin,
    [
      `--listen-addr=127.0.0.1:${ferretPort}`,
      '--handler=postgresql',
      `--postgresql-url=postgres://postgres@${pgHost}:${pgPort}/${pgDatabase}`,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  fs.writeFileSync(ferretPidFile, String(child.pid));
  say(`started FerretDB (pid ${child.pid}) on 127.0.0.1:${ferretPort}, log ${path.relative(root, ferretLog)}`);
  await waitFor(() => portOpen(ferretPort), 'FerretDB', 30_000);
}

async function ensureRedis() {
  if (await portOpen(redisPort)) return say(`Redis is running on 127.0.0.1:${redisPort}`);
  if (!has('redis-server')) {
    say('Redis is not installed; installing redis-server');
    aptInstall('redis-server');
  }
  fs.mkdirSync(localDir, { recursive: true });
  say(`starting Redis on 127.0.0.1:${redisPort}`);
  run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(redisPort),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    localDir,
    '--logfile',
    path.join(localDir, 'redis.log'),
  ]);
  await waitFor(() => portOpen(redisPort), 'Redis', 15_000);
}

export async function ensureEngines() {
  const mongodbUri = process.env.MONGODB_URI || null;
  const redisUrl = process.env.REDIS_URL || null;
  if (mongodbUri) say('MONGODB_URI is set: using it, no local FerretDB');
  else await ensureFerret();
  if (redisUrl) say('REDIS_URL is set: using it, no local Redis');
  else await ensureRedis();
  return { mongodbUri: mongodbUri ?? localMongoUri, redisUrl: redisUrl ?? localRedisUrl };
}

export async function stopFerret() {
  const pid = runningFerretPid();
  if (!pid) return say('FerretDB is not running');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(async () => !alive(), 'FerretDB shutdown', 10_000);
  } catch {
    say('FerretDB did not stop within 10 s; killing it');
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => !alive(), 'FerretDB kill', 5_000);
  }
  fs.rmSync(ferretPidFile, { force: true });
  say(`stopped FerretDB (pid ${pid})`);
}

async function main() {
  const command = process.argv[2] ?? 'ensure';
  if (command === 'ensure') {
    const uris = await ensureEngines();
    say(`ready: MONGODB_URI=${uris.mongodbUri} REDIS_URL=${uris.redisUrl}`);
  } else if (command === 'stop') {
    await stopFerret();
  } else if (command === 'status') {
    say(`PostgreSQL ${(await portOpen(pgPort, pgHost)) ? 'up' : 'down'}`);
    say(`FerretDB ${(await portOpen(ferretPort)) ? 'up' : 'down'} (pid ${runningFerretPid() ?? '-'})`);
    say(`Redis ${(await portOpen(redisPort)) ? 'up' : 'down'}`);
  } else {
    say(`unknown command ${command}; use ensure, stop or status`);
    process.exitCode = 2;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    say(`failed: ${err.message}`);
    process.exit(1);
  });
}
