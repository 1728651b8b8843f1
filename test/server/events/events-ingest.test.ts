import { AdminRole, ApiScope, type EventBatchView, type EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { anApiKey, anOperator, bearer, errorOf } from '../../support/builders.js';
import {
  aMember,
  anEvent,
  anOrderPaid,
  accepted,
  aRule,
  pointsOf,
  sendEvent,
  startEventsApp,
  type EventBody,
  type EventsApp,
} from './support.js';

describe('events: POST /api/v1/events and /events/batch', () => {
  let app: EventsApp;

  before(async () => {
    app = await startEventsApp();
    await aRule(app, { formula: { kind: 'per_amount', unit: 100, rate: 1 } });
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(() => {
    app.t.clock.set('2026-06-01T02:00:00.000Z');
  });

  it('accepts an event, enrolls an unknown member and answers what it granted', async () => {
    const member = aMember();
    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const before = await app.t.http.get(`/api/admin/v1/members?externalId=${member}`).set(bearer(viewer.token)).expect(200);
    expect(before.body.items).to.have.length(0);

    const event = anOrderPaid(member, 12_345);
    const res = await sendEvent(app, event).expect(201);

    const outcome = res.body as EventOutcomeView;
    const enrolled = await app.t.http.get(`/api/admin/v1/members?externalId=${member}`).set(bearer(viewer.token)).expect(200);
    expect(enrolled.body.items).to.have.length(1);
    expect(outcome).to.include({
      id: event.id,
      type: 'order.paid',
      memberId: enrolled.body.items[0].id,
      occurredAt: '2026-06-01T01:00:00.000Z',
    });
    expect(outcome.grants.map((g) => g.amount)).to.deep.equal([123]);
    expect(outcome).to.have.all.keys('id', 'type', 'memberId', 'occurredAt', 'state', 'grants', 'skipped', 'reversals', 'refusals');
    expect(outcome.state).to.equal('processed');
    expect(res.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('needs an API key with events:write', async () => {
    const event = anOrderPaid(aMember(), 100);
    const reader = await anApiKey(app.t, [ApiScope.MembersRead]);
    expect(errorOf((await app.t.http.post('/api/v1/events').send(event).expect(401)).body).code).to.equal('UNAUTHENTICATED');
    expect(errorOf((await app.t.http.post('/api/v1/events').set(bearer(reader)).send(event).expect(403)).body).code).to.equal('FORBIDDEN');
  });

  it('answers a replay with the first status and body and changes nothing', async () => {
    const member = aMember();
    const event = anOrderPaid(member, 5_000);
    const first = await sendEvent(app, event).expect(201);
    app.t.clock.advance(60_000);

    const reordered = {
      attributes: { ...event.attributes },
      member: event.member,
      occurredAt: '2026-06-01T01:00:00.000Z',
      type: event.type,
      id: event.id,
    };
    const replay = await sendEvent(app, reordered).expect(201);

    expect(replay.body).to.deep.equal(first.body);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect((await pointsOf(app, member)).available).to.equal(50);
  });

  it('refuses the same event id with a different body with 409 IDEMPOTENCY_KEY_REUSED, changing nothing', async () => {
    const member = aMember();
    const event = anOrderPaid(member, 5_000);
    const first = await sendEvent(app, event).expect(201);

    const changed = { ...event, attributes: { ...event.attributes, amount: 900_000 } };
    const res = await sendEvent(app, changed).expect(409);

    expect(errorOf(res.body)).to.deep.include({ code: 'IDEMPOTENCY_KEY_REUSED', details: { id: event.id } });
    expect((await pointsOf(app, member)).available).to.equal(50);
    expect((await sendEvent(app, event).expect(201)).body).to.deep.equal(first.body);
  });

  it('credits once for 1,000 sends: 100 events each sent 10 times, the 10 at once', async function () {
    this.timeout(180_000);
    const member = aMember();
    const events = Array.from({ length: 100 }, () => anOrderPaid(member, 1_000));
    for (const event of events) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => sendEvent(app, event)));
      expect(answers.map((a) => a.status)).to.deep.equal(Array(10).fill(201));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).to.equal(1);
    }
    expect((await pointsOf(app, member)).available).to.equal(100 * 10);
    const entries = await app.t.services.ledger.ledger((await app.t.services.members.ensure(member)).id, { limit: 100 });
    expect(entries.items).to.have.length(100);
  });

  describe('bad input is a 400 listing the fields, and stores nothing', () => {
    const member = 'bad-input-member';
    const base = (): EventBody => anOrderPaid(member, 100);
    const cases: { name: string; change: (e: EventBody) => unknown; field: string }[] = [
      { name: 'a negative amount', change: (e) => ({ ...e, attributes: { ...e.attributes, amount: -1 } }), field: 'attributes.amount' },
      { name: 'a fractional amount', change: (e) => ({ ...e, attributes: { ...e.attributes, amount: 10.5 } }), field: 'attributes.amount' },
      {
        name: 'an amount over 2^53 - 1',
        change: (e) => ({ ...e, attributes: { ...e.attributes, amount: 2 ** 53 } }),
        field: 'attributes.amount',
      },
      {
        name: 'an amount as a string',
        change: (e) => ({ ...e, attributes: { ...e.attributes, amount: '100' } }),
        field: 'attributes.amount',
      },
      {
        name: 'an unknown currency',
        change: (e) => ({ ...e, attributes: { ...e.attributes, currency: 'XYZ' } }),
        field: 'attributes.currency',
      },
      {
        name: 'a lower-case currency',
        change: (e) => ({ ...e, attributes: { ...e.attributes, currency: 'cny' } }),
        field: 'attributes.currency',
      },
      {
        name: 'an unknown field on a known type',
        change: (e) => ({ ...e, attributes: { ...e.attributes, coupon: 'X' } }),
        field: 'attributes.coupon',
      },
      {
        name: 'a negative item amount',
        change: (e) => ({ ...e, attributes: { ...e.attributes, items: [{ sku: 'a', amount: -5, quantity: 1 }] } }),
        field: 'attributes.items.0.amount',
      },
      { name: 'an invalid type', change: (e) => ({ ...e, type: 'Order Paid' }), field: 'type' },
      { name: 'a missing member', change: (e) => ({ ...e, member: undefined }), field: 'member' },
      { name: 'a member without externalId', change: (e) => ({ ...e, member: {} }), field: 'member.externalId' },
      { name: 'a non-ISO date', change: (e) => ({ ...e, occurredAt: '06/01/2026 10:00' }), field: 'occurredAt' },
      { name: 'a date with an offset, not UTC', change: (e) => ({ ...e, occurredAt: '2026-06-01T10:00:00+08:00' }), field: 'occurredAt' },
      { name: 'an impossible date', change: (e) => ({ ...e, occurredAt: '2026-02-30T00:00:00Z' }), field: 'occurredAt' },
      { name: 'a date more than a day ahead', change: (e) => ({ ...e, occurredAt: '2026-06-03T00:00:00Z' }), field: 'occurredAt' },
      { name: 'an empty id', change: (e) => ({ ...e, id: '' }), field: 'id' },
      { name: 'an id of 201 characters', change: (e) => ({ ...e, id: 'x'.repeat(201) }), field: 'id' },
      { name: 'an unknown top-level field', change: (e) => ({ ...e, extra: true }), field: 'extra' },
      {
        name: 'a refund larger than the order',
        change: (e) => anEvent('order.refunded', e.member.externalId, { orderId: 'o-1', refundAmount: 2, orderAmount: 1 }),
        field: 'attributes.refundAmount',
      },
      {
        name: 'custom attributes over 16 KiB',
        change: (e) => ({ ...e, type: 'page.viewed', attributes: { blob: 'x'.repeat(17_000) } }),
        field: 'attributes',
      },
    ];
    for (const c of cases) {
      it(`refuses ${c.name}`, async () => {
        const event = base();
        const bad = c.change(event) as EventBody;
        const res = await sendEvent(app, bad).expect(400);
        const error = errorOf(res.body);
        expect(error.code).to.equal('VALIDATION_FAILED');
        expect((error.details.fields as { field: string }[]).map((f) => f.field)).to.include(c.field);
        // Nothing was stored under the id: the good event is accepted, not a 409.
        if (typeof bad.id === 'string' && bad.id === event.id) await sendEvent(app, event).expect(201);
      });
    }
  });

  it('accepts custom types with free JSON attributes, nested arrays included', async () => {
    const outcome = await accepted(
      app,
      anEvent('game.level_up', aMember(), { level: 3, path: [[1, 2], [3]], meta: { ok: true, none: null } }),
    );
    expect(outcome).to.include({ type: 'game.level_up' });
    expect(outcome.grants).to.deep.equal([]);
  });

  it('takes a batch of 500 with accepted, replayed and rejected entries, each on its own', async function () {
    this.timeout(120_000);
    const member = aMember();
    const earlier = [anOrderPaid(member, 1_000), anOrderPaid(member, 1_000)];
    for (const event of earlier) await sendEvent(app, event).expect(201);
    const reused = { ...earlier[1]!, attributes: { ...earlier[1]!.attributes, amount: 1 } };
    const events: unknown[] = [earlier[0], reused];
    for (let i = 0; i < 30; i++) events.push({ ...anOrderPaid(member, 100), occurredAt: 'yesterday' });
    for (let i = 0; i < 18; i++) events.push({ ...anOrderPaid(member, 100), attributes: { orderId: 'x', amount: -1, currency: 'CNY' } });
    while (events.length < 500) events.push(anOrderPaid(member, 200));
    events.push(events[events.length - 1]); // the same event twice in one batch: the second is a replay

    const tooMany = await app.t.http.post('/api/v1/events/batch').set(bearer(app.apiKey)).send({ events }).expect(400);
    expect((errorOf(tooMany.body).details.fields as { field: string }[]).map((f) => f.field)).to.deep.equal(['events']);

    const res = await app.t.http
      .post('/api/v1/events/batch')
      .set(bearer(app.apiKey))
      .send({ events: events.slice(0, 499).concat([events[498]]) })
      .expect(200);
    const batch = res.body as EventBatchView;
    expect(batch.results).to.have.length(500);
    expect({ accepted: batch.accepted, replayed: batch.replayed, rejected: batch.rejected }).to.deep.equal({
      accepted: 449,
      replayed: 2,
      rejected: 49,
    });
    expect(batch.results[0]).to.include({ index: 0, status: 'replayed' });
    expect(batch.results[1]?.error?.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(batch.results[2]?.error?.code).to.equal('VALIDATION_FAILED');
    expect((batch.results[2]?.error?.details.fields as { field: string }[]).map((f) => f.field)).to.deep.equal(['occurredAt']);
    expect(batch.results[40]?.status).to.equal('rejected');
    expect(batch.results[499]).to.include({ status: 'replayed' });
    expect(batch.results[499]?.outcome).to.deep.equal(batch.results[498]?.outcome);
    expect((await pointsOf(app, member)).available).to.equal(2 * 10 + 449 * 2);

    const again = await app.t.http
      .post('/api/v1/events/batch')
      .set(bearer(app.apiKey))
      .send({ events: events.slice(0, 499) })
      .expect(200);
    expect((again.body as EventBatchView).replayed).to.equal(450);
    expect((await pointsOf(app, member)).available).to.equal(2 * 10 + 449 * 2);
  });

  it('refuses a batch that is not a list of objects', async () => {
    await app.t.http.post('/api/v1/events/batch').set(bearer(app.apiKey)).send({ events: [] }).expect(400);
    await app.t.http
      .post('/api/v1/events/batch')
      .set(bearer(app.apiKey))
      .send({ events: ['x'] })
      .expect(400);
    await app.t.http.post('/api/v1/events/batch').set(bearer(app.apiKey)).send({}).expect(400);
  });

  it('documents the event routes in the OpenAPI document', async () => {
    const doc = (await app.t.http.get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths).to.include.keys(
      '/api/v1/events',
      '/api/v1/events/batch',
      '/api/admin/v1/earning-rules',
      '/api/admin/v1/earning-rules/{id}/archive',
    );
    expect(doc.components.schemas).to.include.keys('EventDto', 'OrderPaidAttributesDto', 'CreateEarningRuleDto');
  });
});
