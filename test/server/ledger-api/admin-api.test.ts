import { AdminRole, type AuditEntryView, type LedgerEntryView, type MemberWalletsView, type Page } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';
import { aKey, aMember, earn, expectNoDrift, summaryOf } from './support.js';

describe('admin API: member wallets and adjustments', () => {
  let t: TestApp;
  let viewer: Operator;
  let operator: Operator;

  before(async () => {
    t = await startTestApp();
    viewer = await anOperator(t, AdminRole.Viewer);
    operator = await anOperator(t, AdminRole.Operator);
  });

  after(async () => {
    await t.close();
  });

  const adjust = (memberId: string, body: object, who: Operator = operator, key: string | null = aKey()) => {
    const req = t.http.post(`/api/admin/v1/members/${memberId}/adjustments`).set(bearer(who.token));
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const fieldsOf = (body: unknown): string[] => (errorOf(body).details.fields as { field: string }[]).map((f) => f.field);

  it('shows a member with every wallet: balances, lots and open holds (viewer)', async () => {
    const externalId = uniqueName('shown');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);
    await earn(t, memberId, 20, { pendingDays: 3 });
    await earn(t, memberId, 7, { currency: 'growth' });
    await t.services.ledger.hold({ memberId, amount: 30, orderId: 'cart-1', key: 'admin-hold' });

    const res = await t.http.get(`/api/admin/v1/members/${memberId}`).set(bearer(viewer.token)).expect(200);

    const view = res.body as MemberWalletsView;
    expect(view.member).to.include({ id: memberId, externalId });
    expect(view.wallets.map((w) => w.currency)).to.deep.equal(['points', 'growth']);
    const [points, growth] = view.wallets;
    expect(points).to.include({ available: 70, pending: 20, held: 30, debt: 0, version: 3 });
    expect(points!.lots.map((l) => [l.pending, l.remaining])).to.deep.equal([
      [false, 70],
      [true, 20],
    ]);
    expect(points!.lots[1]!.availableAt).to.equal(new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString());
    expect(points!.holds).to.have.length(1);
    expect(points!.holds[0]).to.deep.include({ orderId: 'cart-1', amount: 30 });
    expect(points!.holds[0]!.pieces.map((p) => p.amount)).to.deep.equal([30]);
    expect(points!.nextExpiryAt).to.be.a('string');
    expect(growth).to.include({ available: 7, version: 1 });
  });

  it('shows empty wallets for a member who never earned, and 404 for an unknown or malformed id', async () => {
    const memberId = await aMember(t, uniqueName('empty'));
    const res = await t.http.get(`/api/admin/v1/members/${memberId}`).set(bearer(viewer.token)).expect(200);
    expect((res.body as MemberWalletsView).wallets.map((w) => [w.currency, w.available, w.version, w.lots.length])).to.deep.equal([
      ['points', 0, 0, 0],
      ['growth', 0, 0, 0],
    ]);
    for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
      const missing = await t.http.get(`/api/admin/v1/members/${id}`).set(bearer(viewer.token)).expect(404);
      expect(errorOf(missing.body).code).to.equal('NOT_FOUND');
      await t.http.get(`/api/admin/v1/members/${id}/ledger`).set(bearer(viewer.token)).expect(404);
      await adjust(id, { currency: 'points', amount: 5, reason: 'x' }).expect(404);
    }
  });

  it("lists a member's ledger for a viewer, filtered and paged", async () => {
    const memberId = await aMember(t, uniqueName('listed'));
    await earn(t, memberId, 5);
    await earn(t, memberId, 6, { currency: 'growth' });
    const res = await t.http.get(`/api/admin/v1/members/${memberId}/ledger?currency=growth`).set(bearer(viewer.token)).expect(200);
    const page = res.body as Page<LedgerEntryView>;
    expect(page.items.map((e) => [e.currency, e.kind, e.delta])).to.deep.equal([['growth', 'earn', 6]]);
    expect(page.nextCursor).to.equal(null);
  });

  it('needs an operator token (401 without one)', async () => {
    const memberId = await aMember(t, uniqueName('guarded'));
    await t.http.get(`/api/admin/v1/members/${memberId}`).expect(401);
    await t.http.get(`/api/admin/v1/members/${memberId}/ledger`).expect(401);
    await t.http.post(`/api/admin/v1/members/${memberId}/adjustments`).set('Idempotency-Key', aKey()).send({}).expect(401);
  });

  it('adjusts a balance by hand (operator) and audits who did it, with the entry', async () => {
    const memberId = await aMember(t, uniqueName('adjusted'));
    await earn(t, memberId, 10);

    const credit = await adjust(memberId, { currency: 'points', amount: 50, reason: 'goodwill' }).expect(201);
    const debit = await adjust(memberId, { currency: 'points', amount: -15, reason: 'correction' }).expect(201);
    await adjust(memberId, { currency: 'growth', amount: 8, reason: 'migration' }).expect(201);

    expect(credit.body as LedgerEntryView).to.deep.include({
      kind: 'adjust',
      delta: 50,
      reason: 'goodwill',
      operator: { id: operator.id, label: operator.email },
      source: { type: 'operator', id: operator.id },
    });
    expect((debit.body as LedgerEntryView).balanceAfter.available).to.equal(45);
    const summary = await summaryOf(t, memberId);
    expect(summary).to.include({ available: 45, growth: 8 });
    expect(summary.lifetime.points.adjusted).to.equal(35);

    const audit = await t.http.get(`/api/admin/v1/audit?targetType=member&targetId=${memberId}`).set(bearer(viewer.token)).expect(200);
    const entries = (audit.body as Page<AuditEntryView>).items;
    expect(entries.map((e) => e.action)).to.deep.equal(['ledger.adjust', 'ledger.adjust', 'ledger.adjust']);
    expect(entries[2]!.actor).to.deep.equal({ type: 'admin', id: operator.id, label: operator.email });
    expect((entries[2]!.after as LedgerEntryView).id).to.equal((credit.body as LedgerEntryView).id);
    await expectNoDrift(t);
  });

  it('replays an adjustment with the same Idempotency-Key: applied and audited once', async () => {
    const memberId = await aMember(t, uniqueName('once'));
    const key = aKey();
    const first = await adjust(memberId, { currency: 'points', amount: 12, reason: 'once' }, operator, key).expect(201);
    const again = await adjust(memberId, { currency: 'points', amount: 12, reason: 'once' }, operator, key).expect(201);
    await t.mongo.connection.collection('idempotency_keys').deleteMany({});
    const afterLoss = await adjust(memberId, { currency: 'points', amount: 12, reason: 'once' }, operator, key).expect(201);

    expect(again.body).to.deep.equal(first.body);
    expect(afterLoss.body).to.deep.equal(first.body);
    expect(await summaryOf(t, memberId)).to.include({ available: 12 });
    const audit = await t.http.get(`/api/admin/v1/audit?targetType=member&targetId=${memberId}`).set(bearer(viewer.token)).expect(200);
    expect((audit.body as Page<AuditEntryView>).items).to.have.length(1);
  });

  it('refuses adjustments by a viewer (403), without an Idempotency-Key (400), and beyond the available balance (422)', async () => {
    const memberId = await aMember(t, uniqueName('refused'));
    await earn(t, memberId, 10);

    const forbidden = await adjust(memberId, { currency: 'points', amount: 5, reason: 'x' }, viewer).expect(403);
    expect(errorOf(forbidden.body).code).to.equal('FORBIDDEN');
    const keyless = await adjust(memberId, { currency: 'points', amount: 5, reason: 'x' }, operator, null).expect(400);
    expect(fieldsOf(keyless.body)).to.deep.equal(['Idempotency-Key']);
    const overdrawn = await adjust(memberId, { currency: 'points', amount: -11, reason: 'x' }).expect(422);
    expect(errorOf(overdrawn.body).code).to.equal('INSUFFICIENT_POINTS');
    expect(await summaryOf(t, memberId)).to.include({ available: 10 });
  });

  it('validates adjustments: currency known, amount a non-zero whole number within 10^9, reason given', async () => {
    const memberId = await aMember(t, uniqueName('validated'));
    const unknownCurrency = await adjust(memberId, { currency: 'gold', amount: 5, reason: 'x' }).expect(400);
    expect(fieldsOf(unknownCurrency.body)).to.deep.equal(['currency']);
    for (const amount of [0, 2.5, '7', 1_000_000_001, -1_000_000_001, 2 ** 53 + 2]) {
      const res = await adjust(memberId, { currency: 'points', amount, reason: 'x' });
      expect(res.status, String(amount)).to.equal(400);
      expect(fieldsOf(res.body), String(amount)).to.deep.equal(['amount']);
    }
    const missing = await adjust(memberId, { currency: 'points', amount: 5, note: 'x' }).expect(400);
    expect(fieldsOf(missing.body)).to.have.members(['reason', 'note']);
    expect(await summaryOf(t, memberId)).to.include({ available: 0 });
  });
});
