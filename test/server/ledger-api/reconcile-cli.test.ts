import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMember, earn } from './support.js';

// Built CLI, from build/test/server/ledger-api/.
const CLI = fileURLToPath(new URL('../../../../server/dist/cli/reconcile.js', import.meta.url));

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('reconcile command', () => {
  let t: TestApp;
  let drifted: string;

  before(async () => {
    t = await startTestApp();
    drifted = await aMember(t, uniqueName('drifted'));
    await earn(t, drifted, 50);
    await earn(t, drifted, 5, { currency: 'growth' });
    await earn(t, await aMember(t, uniqueName('clean')), 10);
  });

  after(async () => {
    await t.close();
  });

  /** Runs the CLI against this test's database, as `npm run reconcile -- ...args` would. */
  const reconcile = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          MONGODB_URI: t.config.mongodbUri,
          MONGODB_DB_NAME: t.dbName,
          REDIS_URL: t.config.redisUrl,
          LOG_LEVEL: 'silent',
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  it('checks every wallet with a progress bar on stderr and exits 0 when there is no drift', async function () {
    this.timeout(60_000);
    const run = await reconcile();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.include('[##############################] 3/3 wallets');
    expect(run.stdout).to.include('ledger reconcile (check only): 3 wallets checked').and.include('ok: no drift');
  });

  it('reports drift and exits 1; with --repair rewrites the wallet from its ledger and exits 0', async function () {
    this.timeout(60_000);
    await t.mongo.connection
      .collection<{ _id: string }>('ledger_wallets')
      .updateOne({ _id: `${drifted}:points` }, { $inc: { available: 7 } });

    const check = await reconcile();
    expect(check.status, check.stderr).to.equal(1);
    expect(check.stdout).to.include(`${drifted}:points`).and.include('drift available +7').and.include('DRIFT REMAINS in 1 wallets');

    const repair = await reconcile('--repair');
    expect(repair.status, repair.stderr).to.equal(0);
    expect(repair.stdout).to.include('ledger reconcile (repair)').and.include('-> repaired').and.include('ok: no drift (1 repaired)');
    expect(await t.services.ledger.summary(drifted)).to.include({ available: 50 });

    const after = await reconcile('--json');
    expect(after.status).to.equal(0);
    expect(JSON.parse(after.stdout)).to.deep.include({ wallets: 3, ok: true, issues: [] });
  });

  it('refuses unknown options with a usage line (exit 2)', async function () {
    this.timeout(60_000);
    const run = await reconcile('--fix');
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include('usage: reconcile');
  });
});
