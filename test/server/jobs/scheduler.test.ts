import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';

const DAY_MS = 86_400_000;

interface JobStatus {
  name: string;
  description: string;
  schedule: string;
  lastRunAt: string | null;
  nextRunAt: string | null;
  lastResult: { outcome: string; durationMs: number; counts: Record<string, number>; error: string | null } | null;
  paused: boolean;
}

describe('scheduled jobs', () => {
  let t: TestApp;
  let operator: Operator;

  before(async () => {
    t = await startTestApp();
    await t.services.scheduler.start();
    operator = await anOperator(t, AdminRole.Operator);
  });

  after(async () => {
    await t.close(); // stops the scheduler before dropping the database
  });

  const cleanupJob = async (): Promise<JobStatus> => {
    const res = await t.http.get('/api/admin/v1/jobs').set(bearer(operator.token)).expect(200);
    const job = (res.body as { items: JobStatus[] }).items.find((j) => j.name === 'idempotency.cleanup');
    expect(job, 'idempotency.cleanup is listed').to.not.equal(undefined);
    return job as JobStatus;
  };

  it('lists the idempotency cleanup with its schedule, next run and no result before it ran', async () => {
    const job = await cleanupJob();
    expect(job).to.include({ schedule: '0 4 * * *', lastRunAt: null, lastResult: null, paused: false });
    expect(job.description).to.be.a('string').with.length.greaterThan(0);
    expect(job.nextRunAt).to.be.a('string');
  });

  it('records a run started through the service, visible as the last result', async () => {
    const run = await t.services.scheduler.runJob('idempotency.cleanup');
    expect(run).to.include({ name: 'idempotency.cleanup', outcome: 'success', error: null });

    const job = await cleanupJob();

    expect(job.lastRunAt).to.equal(t.clock.now().toISOString());
    expect(job.lastResult).to.deep.equal({ outcome: 'success', durationMs: run.durationMs, counts: { deleted: 0 }, error: null });
  });

  it('deletes expired idempotency records when run by an operator over HTTP', async () => {
    const admin = await anOperator(t, AdminRole.Admin);
    for (const key of ['job-a', 'job-b', 'job-c']) {
      await t.http
        .post('/api/admin/v1/api-keys')
        .set(bearer(admin.token))
        .set('Idempotency-Key', key)
        .send({ name: key, scopes: [ApiScope.EventsWrite] })
        .expect(201);
    }
    t.clock.advance(8 * DAY_MS);
    operator = await anOperator(t, AdminRole.Operator); // tokens from before the jump have expired

    const res = await t.http.post('/api/admin/v1/jobs/idempotency.cleanup/run').set(bearer(operator.token)).expect(200);

    expect(res.body).to.deep.include({ name: 'idempotency.cleanup', outcome: 'success', counts: { deleted: 3 } });
    expect((await cleanupJob()).lastResult?.counts).to.deep.equal({ deleted: 3 });
    expect(await t.mongo.connection.collection('idempotency_keys').countDocuments()).to.equal(0);
  });

  it('pauses and resumes the schedule through the service', async () => {
    await t.services.scheduler.pause('idempotency.cleanup');
    expect((await cleanupJob()).paused).to.equal(true);
    await t.services.scheduler.resume('idempotency.cleanup');
    expect((await cleanupJob()).paused).to.equal(false);
  });

  it('pauses and resumes the schedule over HTTP with 204', async () => {
    const pause = await t.http.post('/api/admin/v1/jobs/idempotency.cleanup/pause').set(bearer(operator.token)).expect(204);
    expect(pause.text).to.equal('');
    expect((await cleanupJob()).paused).to.equal(true);
    await t.http.post('/api/admin/v1/jobs/idempotency.cleanup/resume').set(bearer(operator.token)).expect(204);
    expect((await cleanupJob()).paused).to.equal(false);
  });

  it('answers 404 NOT_FOUND for a job that does not exist', async () => {
    for (const action of ['run', 'pause', 'resume']) {
      const res = await t.http.post(`/api/admin/v1/jobs/no.such.job/${action}`).set(bearer(operator.token));
      expect(res.status, action).to.equal(404);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    }
  });
});
