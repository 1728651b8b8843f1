import { expect } from 'chai';
import { ConfigError, loadConfig } from '@laurel/server/config.js';
import { createLogger } from '@laurel/server/platform/logger.js';
import { createMetrics } from '@laurel/server/platform/metrics.js';
import { connectMongo, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { connectRedis } from '@laurel/server/platform/redis.js';
import { createServices, type Services } from '@laurel/server/services.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const DAY_MS = 86_400_000;
const source = { type: 'system' as const, id: 'test' };

describe('job schedules, catch-up and several workers', () => {
  describe('JOB_SCHEDULES', () => {
    it('parses name=cron pairs separated by semicolons', () => {
      const config = loadConfig({ JOB_SCHEDULES: 'ledger.expire-points=5 * * * *; tiers.evaluate=0 3 * * *' });
      expect(config.scheduler.schedules).to.deep.equal({ 'ledger.expire-points': '5 * * * *', 'tiers.evaluate': '0 3 * * *' });
    });

    it('refuses to start on a bad cron expression, naming the job', () => {
      expect(() => loadConfig({ JOB_SCHEDULES: 'ledger.expire-points=61 * * * *' }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/JOB_SCHEDULES: ledger\.expire-points:/);
      expect(() => loadConfig({ JOB_SCHEDULES: 'ledger.expire-points' })).to.throw(ConfigError, /not name=schedule/);
    });

    it('refuses to start with a schedule for a job that does not exist', async () => {
      const failure = await startTestApp({ env: { JOB_SCHEDULES: 'no.such-job=0 3 * * *' } }).then(
        async (t) => (await t.close(), null),
        (err: Error) => err,
      );
      expect(failure?.message).to.match(/unknown job "no\.such-job"/);
    });

    it('lists the configured schedule and fires it in the business time zone', async () => {
      const t = await startTestApp({ env: { JOB_SCHEDULES: 'ledger.expire-points=0 3 * * *' } });
      try {
        await t.services.scheduler.start();
        const job = (await t.services.scheduler.list()).find((j) => j.name === 'ledger.expire-points')!;
        expect(job.schedule).to.equal('0 3 * * *');
        expect(job.nextRunAt!.slice(11)).to.equal('19:00:00.000Z'); // 03:00 in Asia/Shanghai
        t.clock.set('2026-05-01T20:30:00.000Z'); // 04:30 on May 2nd in Shanghai
        expect(t.services.scheduler.slotKey({ ...job, run: async () => ({}) })).to.equal('ledger.expire-points@2026-05-01T19:00:00.000Z');
      } finally {
        await t.close();
      }
    });
  });

  describe('catch-up', () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp({ env: { POINTS_EXPIRY: 'days:1' } });
      t.clock.set('2026-03-10T04:00:00.000Z'); // noon in Shanghai
    });

    after(async () => {
      await t.close();
    });

    it('expires everything that came due while the scheduler was down for three days, once, in one run', async () => {
      // Day 1, 2 and 3 each earn lots that expire at the end of the next business day.
      for (let day = 0; day < 3; day++) {
        for (let m = 0; m < 5; m++) {
          await t.services.ledger.earn({ memberId: `m-${m}`, currency: 'points', amount: 10 + day, key: `d${day}-m${m}`, source });
        }
        t.clock.advance(DAY_MS);
      }
      t.clock.advance(3 * DAY_MS); // down for three more days

      const first = await t.services.scheduler.runJob('ledger.expire-points', { runKey: t.services.scheduler.slotKey(expireJob(t)) });
      const second = await t.services.scheduler.runJob('ledger.expire-points');

      expect(first.counts).to.deep.include({ wallets: 5, entries: 5, expired: 5 * (10 + 11 + 12) });
      expect(second.counts).to.deep.include({ wallets: 0, entries: 0, expired: 0 });
      expect((await t.services.ledger.reconcile()).ok).to.equal(true);
    });
  });

  describe('catch-up of pending releases', () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp();
      t.clock.set('2026-03-10T04:00:00.000Z');
    });

    after(async () => {
      await t.close();
    });

    it('releases every pending lot whose day came while the scheduler was down, once, in one run', async () => {
      for (let day = 0; day < 3; day++) {
        await t.services.ledger.earn({ memberId: 'p-1', currency: 'points', amount: 5 + day, key: `p${day}`, source, pendingDays: 1 });
        t.clock.advance(DAY_MS);
      }
      t.clock.advance(2 * DAY_MS);

      const first = await t.services.scheduler.runJob('ledger.release-pending');
      const second = await t.services.scheduler.runJob('ledger.release-pending');

      expect(first.counts).to.deep.include({ wallets: 1, entries: 1, released: 5 + 6 + 7 });
      expect(second.counts).to.deep.include({ entries: 0, released: 0 });
      expect((await t.services.ledger.summary('p-1')).pending).to.equal(0);
    });
  });

  describe('two scheduler processes against one database', () => {
    let t: TestApp;
    let other: { mongo: MongoHandle; services: Services; close(): Promise<void> };

    before(async () => {
      t = await startTestApp({ env: { POINTS_EXPIRY: 'days:1' } });
      t.clock.set('2026-03-10T04:00:00.000Z');
      const mongo = await connectMongo({ uri: t.config.mongodbUri, dbName: t.dbName });
      const redis = connectRedis(t.config.redisUrl, createLogger('silent'));
      const services = createServices({
        connection: mongo.connection,
        redis,
        clock: t.clock,
        logger: createLogger('silent'),
        metrics: createMetrics(false),
        config: t.config,
      });
      await services.ready();
      other = { mongo, services, close: async () => (await services.scheduler.stop(), await mongo.close(), await redis.close()) };
    });

    after(async () => {
      await other.close();
      await t.close();
    });

    it('never processes one batch twice when both run the same slot of the expiry job at once', async function () {
      this.timeout(180_000);
      const members = 450; // three batches of 200, 200, 50
      for (let i = 0; i < members; i++) {
        await t.services.ledger.earn({ memberId: `w-${String(i).padStart(4, '0')}`, currency: 'points', amount: 7, key: `e-${i}`, source });
      }
      t.clock.advance(3 * DAY_MS);
      const runKey = t.services.scheduler.slotKey(expireJob(t));

      const [a, b] = await Promise.all([
        t.services.scheduler.runJob('ledger.expire-points', { runKey }),
        other.services.scheduler.runJob('ledger.expire-points', { runKey }),
      ]);

      expect([a.outcome, b.outcome]).to.deep.equal(['success', 'success']);
      expect(a.counts.wallets! + b.counts.wallets!).to.equal(members);
      expect(a.counts.entries! + b.counts.entries!).to.equal(members);
      expect(a.counts.expired! + b.counts.expired!).to.equal(members * 7);
      const entries = t.mongo.connection.collection('ledger_entries');
      expect(await entries.countDocuments({ kind: 'expire' })).to.equal(members);
      const batches = await t.mongo.connection.collection('job_batches').find({ runKey, kind: 'claim' }).toArray();
      expect(batches.map((b) => b.size as number).reduce((x, y) => x + y, 0)).to.equal(members);
      expect((await t.services.ledger.reconcile()).ok).to.equal(true);
    });
  });
});

function expireJob(t: TestApp) {
  return {
    name: 'ledger.expire-points',
    description: '',
    schedule: t.config.scheduler.schedules['ledger.expire-points'] ?? '5 * * * *',
    run: async () => ({}),
  };
}
