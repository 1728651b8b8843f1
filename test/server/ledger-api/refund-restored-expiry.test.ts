import { AdminRole, ApiScope, type LedgerEntryView, type LedgerSummaryView, type Page } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anApiKey, anOperator, bearer } from '../../support/builders.js';
import { aKey, expectNoDrift, servicePost } from './support.js';

/**
 * The year-end sequence over HTTP (POINTS_EXPIRY year_end:1, Asia/Shanghai): 1,000 points earned in 2025 (expiring
 * 2026-12-31) are spent on order O1 on 2026-12-30, O1's order.paid earns 1,000 (expiring 2027-12-31), and O1 is
 * refunded in full on 2027-01-02.
 */
describe('service API: a refund after the points it gives back have expired', () => {
  async function anApp(env: Record<string, string> = {}): Promise<{ t: TestApp; apiKey: string }> {
    const t = await startTestApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000', ...env } });
    const admin = await anOperator(t, AdminRole.Admin);
    const apiKey = await anApiKey(t, [ApiScope.EventsWrite, ApiScope.MembersWrite, ApiScope.MembersRead]);
    await t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({
        name: 'one point per yuan',
        eventType: 'order.paid',
        currency: 'points',
        formula: { kind: 'per_amount', unit: 100, rate: 1 },
      })
      .expect(201);
    return { t, apiKey };
  }

  async function sendEvent(t: TestApp, apiKey: string, type: string, externalId: string, attributes: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({ id: uniqueName('evt'), type, occurredAt: t.clock.now().toISOString(), member: { externalId }, attributes });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  }

  async function yearEndSequence(t: TestApp, apiKey: string, externalId: string): Promise<void> {
    t.clock.set('2025-06-01T02:00:00.000Z');
    await sendEvent(t, apiKey, 'order.paid', externalId, { orderId: 'O0', amount: 100_000, currency: 'CNY' });
    t.clock.set('2026-12-30T02:00:00.000Z');
    const spend = await servicePost(t, apiKey, `/api/v1/members/${externalId}/points/spend`, {
      amount: 1_000,
      reason: 'checkout',
      orderId: 'O1',
    });
    expect(spend.status, JSON.stringify(spend.body)).to.equal(201);
    await sendEvent(t, apiKey, 'order.paid', externalId, { orderId: 'O1', amount: 100_000, currency: 'CNY' });
    t.clock.set('2027-01-02T02:00:00.000Z');
    await sendEvent(t, apiKey, 'order.refunded', externalId, { orderId: 'O1', refundAmount: 100_000 });
  }

  const summaryOf = async (t: TestApp, apiKey: string, externalId: string): Promise<LedgerSummaryView> =>
    (await t.http.get(`/api/v1/members/${externalId}/summary`).set(bearer(apiKey)).expect(200)).body as LedgerSummaryView;

  it('leaves nothing available: the restored points are recorded as expired and the order’s earning is reversed', async () => {
    const { t, apiKey } = await anApp();
    try {
      const externalId = uniqueName('year-end');
      await yearEndSequence(t, apiKey, externalId);

      const summary = await summaryOf(t, apiKey, externalId);
      expect(summary).to.include({ available: 0, pending: 0, debt: 0 });
      expect(summary.lifetime.points).to.include({ earned: 2_000, spent: 1_000, restored: 1_000, reversed: 1_000, expired: 1_000 });
      const ledger = (await t.http.get(`/api/v1/members/${externalId}/ledger?currency=points`).set(bearer(apiKey)).expect(200))
        .body as Page<LedgerEntryView>;
      expect(ledger.items.slice(0, 2).map((e) => [e.kind, e.delta, e.balanceAfter.available])).to.deep.equal([
        ['expire', -1_000, 0],
        ['reverse', 0, 1_000],
      ]);
      await expectNoDrift(t);
    } finally {
      await t.close();
    }
  });

  it('with REFUND_RESTORE_GRACE_DAYS=3 the restored points stay spendable until the end of the third day', async () => {
    const { t, apiKey } = await anApp({ REFUND_RESTORE_GRACE_DAYS: '3' });
    try {
      const externalId = uniqueName('graced');
      await yearEndSequence(t, apiKey, externalId);

      const summary = await summaryOf(t, apiKey, externalId);
      expect(summary).to.include({ available: 1_000 });
      expect(summary.nextExpiries).to.deep.equal([{ at: '2027-01-05T15:59:59.999Z', amount: 1_000 }]);
      expect(summary.lifetime.points).to.include({ restored: 1_000, reversed: 1_000, expired: 0 });

      t.clock.set('2027-01-05T16:00:00.000Z');
      expect(await summaryOf(t, apiKey, externalId)).to.include({ available: 0 });
      const spend = await servicePost(t, apiKey, `/api/v1/members/${externalId}/points/spend`, { amount: 1, reason: 'late' }, aKey());
      expect(spend.status).to.equal(422);
      await expectNoDrift(t);
    } finally {
      await t.close();
    }
  });
});
