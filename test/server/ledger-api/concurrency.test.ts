import { ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { startTestApp, uniqueName, type TestApp, listening } from '../../support/harness.js';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import { aKey, aMember, earn, summaryOf } from './support.js';

describe('service API: concurrent spends on one wallet', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listening>>;
  let api: supertest.Agent;
  let writer: string;

  before(async () => {
    t = await startTestApp();
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
    server = await listening(t.app);
    api = server.api;
  });

  after(async () => {
    await server.close();
    await t.close();
  });

  it('lets exactly 100 of 200 concurrent spends of 1 through on a wallet of 100; the rest get 422', async function () {
    this.timeout(120_000);
    const externalId = uniqueName('rush');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api
          .post(`/api/v1/members/${externalId}/points/spend`)
          .set(bearer(writer))
          .set('Idempotency-Key', aKey(`rush-${i}`))
          .send({ amount: 1, reason: 'rush' }),
      ),
    );

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).to.have.length(100);
    expect(statuses.filter((s) => s === 422)).to.have.length(100);
    for (const refused of answers.filter((a) => a.status === 422)) expect(errorOf(refused.body).code).to.equal('INSUFFICIENT_POINTS');
    const summary = await summaryOf(t, memberId);
    expect(summary).to.include({ available: 0, pending: 0, held: 0, debt: 0 });
    expect(summary.lifetime.points.spent).to.equal(100);
    const report = await t.services.ledger.reconcile();
    expect(report.issues, JSON.stringify(report.issues)).to.deep.equal([]);
    expect(report.ok).to.equal(true);
  });
});
