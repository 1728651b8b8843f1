import { AdminRole, ApiScope } from '@laurel/shared';
import type { ReconcileReport } from '@laurel/server/modules/ledger/reconcile.js';
import { expect } from 'chai';
import type supertest from 'supertest';
import { startTestApp, uniqueName, type TestApp, listening } from '../../support/harness.js';
import { anApiKey, anOperator, bearer } from '../../support/builders.js';
import { aKey, aMember, earn, expectNoDrift, summaryOf } from './support.js';

const WRITERS = 32;
const MEMBERS = 8;
const ROUNDS = 4;

describe('service API: reconcile while members earn and spend', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listening>>;
  let api: supertest.Agent;
  let apiKey: string;

  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
    apiKey = await anApiKey(t, [ApiScope.EventsWrite, ApiScope.MembersWrite]);
    const admin = await anOperator(t, AdminRole.Admin);
    await t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({ name: 'ten per order', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 10 } })
      .expect(201);
    server = await listening(t.app);
    api = server.api;
  });

  after(async () => {
    await server.close();
    await t.close();
  });

  it('reports no drift and repairs nothing while 32 clients send order.paid events and spends', async function () {
    this.timeout(300_000);
    const members = Array.from({ length: MEMBERS }, () => uniqueName('live'));
    const ids = new Map<string, string>();
    for (const externalId of members) {
      const memberId = await aMember(t, externalId);
      ids.set(externalId, memberId);
      await earn(t, memberId, 100);
    }
    let writing = true;
    const statuses: number[] = [];
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const externalId = members[w % MEMBERS]!;
      for (let round = 0; round < ROUNDS; round++) {
        const paid = await api
          .post('/api/v1/events')
          .set(bearer(apiKey))
          .send({
            id: uniqueName('evt'),
            type: 'order.paid',
            occurredAt: t.clock.now().toISOString(),
            member: { externalId },
            attributes: { orderId: uniqueName('order'), amount: 1_000, currency: 'CNY' },
          });
        const spent = await api
          .post(`/api/v1/members/${externalId}/points/spend`)
          .set(bearer(apiKey))
          .set('Idempotency-Key', aKey(`w${w}`))
          .send({ amount: 6, reason: 'live' });
        statuses.push(paid.status, spent.status);
      }
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });

    const reports: ReconcileReport[] = [];
    while (writing) {
      for (const repair of [false, true]) reports.push(await t.services.ledger.reconcile({ repair, batchSize: 4 }));
    }
    await done;

    expect(statuses.filter((s) => s !== 201)).to.deep.equal([]);
    expect(reports.length).to.be.greaterThan(1);
    const issues = reports.flatMap((report) => report.issues);
    expect(issues, JSON.stringify(issues.slice(0, 3), null, 1)).to.deep.equal([]);
    expect(reports.every((report) => report.ok)).to.equal(true);
    await expectNoDrift(t);
    for (const memberId of ids.values()) {
      expect(await summaryOf(t, memberId)).to.include({ available: 100 + (WRITERS / MEMBERS) * ROUNDS * 4 });
    }
  });
});
