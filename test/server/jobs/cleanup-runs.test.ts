import { expect } from 'chai';
import { jobRunModel } from '@laurel/server/jobs/model.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const DAY_MS = 86_400_000;

describe('job run records', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
    t.clock.set('2026-05-01T00:00:00.000Z');
  });

  after(async () => {
    await t.close();
  });

  it('are deleted by jobs.cleanup-runs once older than 14 days, newer ones kept', async () => {
    await t.services.scheduler.runJob('ledger.release-pending');
    t.clock.advance(10 * DAY_MS);
    await t.services.scheduler.runJob('ledger.release-pending');
    t.clock.advance(5 * DAY_MS);

    const cleanup = await t.services.scheduler.runJob('jobs.cleanup-runs');

    expect(cleanup.counts).to.deep.equal({ deleted: 1 });
    const left = await jobRunModel(t.mongo.connection).find({ name: 'ledger.release-pending' }).lean();
    expect(left.map((run) => run.startedAt.toISOString())).to.deep.equal(['2026-05-11T00:00:00.000Z']);
  });
});
