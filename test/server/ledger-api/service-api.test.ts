import { ApiScope, type LedgerEntryView, type LedgerSummaryView, type Page } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import { aKey, aMember, earn, expectNoDrift, servicePost, summaryOf } from './support.js';

const fieldsOf = (body: unknown): string[] => (errorOf(body).details.fields as { field: string }[]).map((f) => f.field);

describe('service API: member points', () => {
  let t: TestApp;
  let reader: string;
  let writer: string;

  before(async () => {
    t = await startTestApp();
    reader = await anApiKey(t, [ApiScope.MembersRead]);
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
  });

  after(async () => {
    await t.close();
  });

  /** A member enrolled with `points` available; returns external and internal id. */
  const aMemberWith = async (points: number): Promise<{ externalId: string; memberId: string }> => {
    const externalId = uniqueName('svc');
    const memberId = await aMember(t, externalId);
    if (points > 0) await earn(t, memberId, points);
    return { externalId, memberId };
  };
  const spend = (externalId: string, body: object, key?: string | null) =>
    servicePost(t, writer, `/api/v1/members/${externalId}/points/spend`, body, key);

  describe('reads (members:read)', () => {
    it("answers a member's summary by external id", async () => {
      const { externalId, memberId } = await aMemberWith(120);
      await earn(t, memberId, 30, { currency: 'growth' });

      const res = await t.http.get(`/api/v1/members/${externalId}/summary`).set(bearer(reader)).expect(200);

      const summary = res.body as LedgerSummaryView;
      expect(summary).to.include({ memberId, available: 120, pending: 0, held: 0, debt: 0, growth: 30 });
      expect(summary.lifetime.points.earned).to.equal(120);
      expect(summary.nextExpiries).to.have.length(1);
      expect(summary.nextExpiries[0]!.amount).to.equal(120);
    });

    it("answers a member's ledger newest first, filtered by currency and kind, page by page", async () => {
      const { externalId, memberId } = await aMemberWith(0);
      for (const amount of [10, 20, 30]) await earn(t, memberId, amount);
      await earn(t, memberId, 5, { currency: 'growth' });
      await spend(externalId, { amount: 7, reason: 'coffee' }).expect(201);

      const all = await t.http.get(`/api/v1/members/${externalId}/ledger`).set(bearer(reader)).expect(200);
      const page = all.body as Page<LedgerEntryView>;
      expect(page.items.map((e) => [e.currency, e.kind, e.delta])).to.deep.equal([
        ['points', 'spend', -7],
        ['growth', 'earn', 5],
        ['points', 'earn', 30],
        ['points', 'earn', 20],
        ['points', 'earn', 10],
      ]);
      expect(page.nextCursor).to.equal(null);

      const first = await t.http
        .get(`/api/v1/members/${externalId}/ledger?currency=points&kind=earn&limit=2`)
        .set(bearer(reader))
        .expect(200);
      const one = first.body as Page<LedgerEntryView>;
      expect(one.items.map((e) => e.delta)).to.deep.equal([30, 20]);
      expect(one.nextCursor).to.be.a('string');
      const second = await t.http
        .get(`/api/v1/members/${externalId}/ledger?currency=points&kind=earn&limit=2&cursor=${one.nextCursor}`)
        .set(bearer(reader))
        .expect(200);
      expect((second.body as Page<LedgerEntryView>).items.map((e) => e.delta)).to.deep.equal([10]);
      expect((second.body as Page<LedgerEntryView>).nextCursor).to.equal(null);
    });

    it('refuses an unknown currency or kind in the ledger query with the fields named', async () => {
      const { externalId } = await aMemberWith(0);
      const res = await t.http.get(`/api/v1/members/${externalId}/ledger?currency=gold&kind=steal`).set(bearer(reader)).expect(400);
      expect(fieldsOf(res.body)).to.have.members(['currency', 'kind']);
    });

    it('answers 404 for an unknown member and does not enrol them', async () => {
      const externalId = uniqueName('nobody');
      for (const path of ['summary', 'ledger']) {
        const res = await t.http.get(`/api/v1/members/${externalId}/${path}`).set(bearer(reader)).expect(404);
        expect(errorOf(res.body).code).to.equal('NOT_FOUND');
      }
      await t.http.get(`/api/v1/members/${externalId}`).set(bearer(reader)).expect(404);
    });

    it('needs an API key (401) with the members:read scope (403)', async () => {
      const { externalId } = await aMemberWith(0);
      await t.http.get(`/api/v1/members/${externalId}/summary`).expect(401);
      const res = await t.http.get(`/api/v1/members/${externalId}/summary`).set(bearer(writer)).expect(403);
      expect(errorOf(res.body).code).to.equal('FORBIDDEN');
      await t.http.get(`/api/v1/members/${externalId}/ledger`).set(bearer(writer)).expect(403);
    });
  });

  describe('spend (members:write)', () => {
    it('spends points and answers the entry with the balance after it', async () => {
      const { externalId, memberId } = await aMemberWith(100);

      const res = await spend(externalId, { amount: 40, reason: 'voucher', orderId: 'order-1' }).expect(201);

      const entry = res.body as LedgerEntryView;
      expect(entry).to.include({ memberId, currency: 'points', kind: 'spend', delta: -40, orderId: 'order-1', reason: 'voucher' });
      expect(entry.balanceAfter).to.deep.equal({ available: 60, pending: 0, held: 0, debt: 0 });
      expect(await summaryOf(t, memberId)).to.include({ available: 60 });
    });

    it('refuses a spend larger than the available balance with 422 INSUFFICIENT_POINTS and changes nothing', async () => {
      const { externalId, memberId } = await aMemberWith(50);

      const res = await spend(externalId, { amount: 51, reason: 'too much' }).expect(422);

      const error = errorOf(res.body);
      expect(error.code).to.equal('INSUFFICIENT_POINTS');
      expect(error.details).to.include({ available: 50, requested: 51 });
      expect(await summaryOf(t, memberId)).to.include({ available: 50 });
    });

    it('answers 404 for a spend for an unknown member and enrols nobody', async () => {
      const externalId = uniqueName('ghost');
      const res = await spend(externalId, { amount: 1, reason: 'x' }).expect(404);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
      await t.http.get(`/api/v1/members/${externalId}`).set(bearer(reader)).expect(404);
    });

    it('needs the members:write scope', async () => {
      const { externalId } = await aMemberWith(10);
      const res = await servicePost(t, reader, `/api/v1/members/${externalId}/points/spend`, { amount: 1, reason: 'x' }).expect(403);
      expect(errorOf(res.body).code).to.equal('FORBIDDEN');
      await t.http
        .post(`/api/v1/members/${externalId}/points/spend`)
        .set('Idempotency-Key', aKey())
        .send({ amount: 1, reason: 'x' })
        .expect(401);
    });

    it('refuses amounts that are not positive whole numbers up to 10^9, listing the field', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      for (const amount of [-5, 0, 1.5, '5', 1_000_000_001, Number.MAX_SAFE_INTEGER, null]) {
        const res = await spend(externalId, { amount, reason: 'x' });
        expect(res.status, `amount ${String(amount)}`).to.equal(400);
        expect(fieldsOf(res.body), `amount ${String(amount)}`).to.deep.equal(['amount']);
      }
      // Beyond 2^53 JSON numbers lose precision; the raw text is refused all the same.
      const huge = await t.http
        .post(`/api/v1/members/${externalId}/points/spend`)
        .set(bearer(writer))
        .set('Idempotency-Key', aKey())
        .set('Content-Type', 'application/json')
        .send('{"amount": 9007199254740993, "reason": "x"}')
        .expect(400);
      expect(fieldsOf(huge.body)).to.deep.equal(['amount']);
      expect(await summaryOf(t, memberId)).to.include({ available: 100 });
    });

    it('refuses a missing reason, a bad order id and unknown fields', async () => {
      const { externalId } = await aMemberWith(100);
      const res = await spend(externalId, { amount: 1, orderId: 'has space', memberId: 'someone-else' }).expect(400);
      expect(fieldsOf(res.body)).to.have.members(['reason', 'orderId', 'memberId']);
    });

    it('requires an Idempotency-Key on every state change (400, nothing changes)', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      const base = `/api/v1/members/${externalId}/points`;
      await servicePost(t, writer, `${base}/holds`, { amount: 10, orderId: 'keyed' }).expect(201);
      for (const [path, body] of [
        [`${base}/spend`, { amount: 1, reason: 'x' }],
        [`${base}/holds`, { amount: 1, orderId: 'o-1' }],
        [`${base}/holds/keyed/capture`, undefined],
        [`${base}/holds/keyed/release`, undefined],
      ] as const) {
        const res = await servicePost(t, writer, path, body, null);
        expect(res.status, path).to.equal(400);
        const error = errorOf(res.body);
        expect(error.code).to.equal('VALIDATION_FAILED');
        expect(fieldsOf(res.body)).to.deep.equal(['Idempotency-Key']);
      }
      expect(await summaryOf(t, memberId)).to.include({ available: 90, held: 10 });
    });

    it('replays a repeated spend: same status and body, spent once', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      const key = aKey();

      const first = await spend(externalId, { amount: 30, reason: 'replay' }, key).expect(201);
      const again = await spend(externalId, { amount: 30, reason: 'replay' }, key).expect(201);

      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(again.body).to.deep.equal(first.body);
      expect(await summaryOf(t, memberId)).to.include({ available: 70 });
    });

    it('spends once even when the HTTP idempotency record is lost: the ledger key decides', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      const key = aKey();
      const first = await spend(externalId, { amount: 25, reason: 'lost record' }, key).expect(201);

      await t.mongo.connection.collection('idempotency_keys').deleteMany({});
      const again = await spend(externalId, { amount: 25, reason: 'lost record' }, key).expect(201);

      expect(again.headers['idempotent-replayed']).to.equal(undefined);
      expect(again.body).to.deep.equal(first.body);
      expect(await summaryOf(t, memberId)).to.include({ available: 75 });
      await t.mongo.connection.collection('idempotency_keys').deleteMany({});
      const changed = await spend(externalId, { amount: 26, reason: 'lost record' }, key).expect(409);
      expect(errorOf(changed.body).code).to.equal('IDEMPOTENCY_KEY_REUSED');
      await expectNoDrift(t);
    });

    it('refuses the same key with a different request (409 IDEMPOTENCY_KEY_REUSED)', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      const key = aKey();
      await spend(externalId, { amount: 10, reason: 'a' }, key).expect(201);
      const res = await spend(externalId, { amount: 11, reason: 'a' }, key).expect(409);
      expect(errorOf(res.body).code).to.equal('IDEMPOTENCY_KEY_REUSED');
      expect(await summaryOf(t, memberId)).to.include({ available: 90 });
    });

    it("keeps two API keys' Idempotency-Keys apart, in the HTTP store and in the ledger", async () => {
      const { externalId, memberId } = await aMemberWith(100);
      const other = await anApiKey(t, [ApiScope.MembersWrite]);
      const key = aKey();
      await spend(externalId, { amount: 10, reason: 'a' }, key).expect(201);
      await servicePost(t, other, `/api/v1/members/${externalId}/points/spend`, { amount: 10, reason: 'a' }, key).expect(201);
      expect(await summaryOf(t, memberId)).to.include({ available: 80 });
    });

    it('takes Idempotency-Keys with spaces and of the full 200 characters', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      for (const key of ['with a space', 'x'.repeat(200)]) {
        const first = await spend(externalId, { amount: 1, reason: 'odd key' }, key).expect(201);
        await t.mongo.connection.collection('idempotency_keys').deleteMany({});
        const again = await spend(externalId, { amount: 1, reason: 'odd key' }, key).expect(201);
        expect(again.body).to.deep.equal(first.body);
      }
      expect(await summaryOf(t, memberId)).to.include({ available: 98 });
    });
  });

  it('documents every points route in the OpenAPI document, with the request DTOs', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    const doc = res.body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const [path, method] of [
      ['/api/v1/me', 'get'],
      ['/api/v1/me/ledger', 'get'],
      ['/api/v1/me/expiring', 'get'],
      ['/api/v1/members/{externalId}/summary', 'get'],
      ['/api/v1/members/{externalId}/ledger', 'get'],
      ['/api/v1/members/{externalId}/points/spend', 'post'],
      ['/api/v1/members/{externalId}/points/holds', 'post'],
      ['/api/v1/members/{externalId}/points/holds/{orderId}/capture', 'post'],
      ['/api/v1/members/{externalId}/points/holds/{orderId}/release', 'post'],
      ['/api/admin/v1/members/{id}', 'get'],
      ['/api/admin/v1/members/{id}/ledger', 'get'],
      ['/api/admin/v1/members/{id}/adjustments', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).to.be.an('object');
    }
    expect(doc.components.schemas).to.include.keys('SpendPointsDto', 'HoldPointsDto', 'LedgerAdjustDto', 'ExpiringQueryDto');
  });

  describe('holds (members:write)', () => {
    const holdsOf = (externalId: string) => `/api/v1/members/${externalId}/points/holds`;

    it('holds points for an order, then captures them: they leave for good', async () => {
      const { externalId, memberId } = await aMemberWith(100);

      const held = await servicePost(t, writer, holdsOf(externalId), { amount: 60, orderId: 'checkout-1' }).expect(201);
      expect(held.body as LedgerEntryView).to.deep.include({ kind: 'hold', orderId: 'checkout-1', delta: 0 });
      expect(await summaryOf(t, memberId)).to.include({ available: 40, held: 60 });

      const captured = await servicePost(t, writer, `${holdsOf(externalId)}/checkout-1/capture`, undefined).expect(200);
      expect(captured.body as LedgerEntryView).to.include({ kind: 'capture', delta: -60 });
      const summary = await summaryOf(t, memberId);
      expect(summary).to.include({ available: 40, held: 0 });
      expect(summary.lifetime.points.spent).to.equal(60);
      await expectNoDrift(t);
    });

    it('holds points, then releases them: they come back', async () => {
      const { externalId, memberId } = await aMemberWith(100);
      await servicePost(t, writer, holdsOf(externalId), { amount: 70, orderId: 'checkout-2' }).expect(201);

      const released = await servicePost(t, writer, `${holdsOf(externalId)}/checkout-2/release`, undefined).expect(200);

      expect(released.body as LedgerEntryView).to.include({ kind: 'release', delta: 0 });
      const summary = await summaryOf(t, memberId);
      expect(summary).to.include({ available: 100, held: 0 });
      expect(summary.lifetime.points.spent).to.equal(0);
    });

    it('refuses a hold larger than the available balance (422) and a second hold for the same order (409)', async () => {
      const { externalId } = await aMemberWith(50);
      const tooMuch = await servicePost(t, writer, holdsOf(externalId), { amount: 51, orderId: 'big' }).expect(422);
      expect(errorOf(tooMuch.body).code).to.equal('INSUFFICIENT_POINTS');
      await servicePost(t, writer, holdsOf(externalId), { amount: 10, orderId: 'twice' }).expect(201);
      await servicePost(t, writer, holdsOf(externalId), { amount: 10, orderId: 'twice' }).expect(409);
    });

    it('answers 404 to capturing or releasing an order with no open hold, and for an unknown member', async () => {
      const { externalId } = await aMemberWith(50);
      await servicePost(t, writer, `${holdsOf(externalId)}/none/capture`, undefined).expect(404);
      await servicePost(t, writer, `${holdsOf(externalId)}/none/release`, undefined).expect(404);
      await servicePost(t, writer, holdsOf(externalId), { amount: 10, orderId: 'once' }).expect(201);
      await servicePost(t, writer, `${holdsOf(externalId)}/once/capture`, undefined).expect(200);
      await servicePost(t, writer, `${holdsOf(externalId)}/once/capture`, undefined).expect(404);
      await servicePost(t, writer, holdsOf(uniqueName('ghost')), { amount: 1, orderId: 'x' }).expect(404);
    });

    it('replays a capture with the same key and the same answer', async () => {
      const { externalId, memberId } = await aMemberWith(50);
      await servicePost(t, writer, holdsOf(externalId), { amount: 20, orderId: 'replayed' }).expect(201);
      const key = aKey();
      const first = await servicePost(t, writer, `${holdsOf(externalId)}/replayed/capture`, undefined, key).expect(200);
      await t.mongo.connection.collection('idempotency_keys').deleteMany({});
      const again = await servicePost(t, writer, `${holdsOf(externalId)}/replayed/capture`, undefined, key).expect(200);
      expect(again.body).to.deep.equal(first.body);
      expect(await summaryOf(t, memberId)).to.include({ available: 30, held: 0 });
    });
  });
});
