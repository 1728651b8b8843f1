import { AdminRole, type AuditEntryView, type EventOutcomeView, type EventRecordView, type Page } from '@laurel/shared';
import { expect } from 'chai';
import { anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';
import {
  aMember,
  anEvent,
  anOrderPaid,
  archiveAllRules,
  aRule,
  memberIdOf,
  pointsOf,
  sendEvent,
  startEventsApp,
  type EventBody,
  type EventsApp,
} from './support.js';

type Earn = EventsApp['t']['services']['ledger']['earn'];

const START = '2026-06-01T02:00:00.000Z';
const MINUTE = 60_000;

describe('events: a failing event is retried with backoff, parked as failed, listed and retried by an operator', function () {
  this.timeout(60_000);
  let app: EventsApp;
  let realEarn: Earn;
  let operator: Operator;
  let viewer: Operator;
  /** Event ids whose earnings throw, and how often they were tried. */
  let poisoned: Map<string, number>;

  before(async () => {
    app = await startEventsApp(START);
    realEarn = app.t.services.ledger.earn.bind(app.t.services.ledger);
    operator = await anOperator(app.t, AdminRole.Operator);
    viewer = await anOperator(app.t, AdminRole.Viewer);
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(async () => {
    app.t.clock.set(START);
    // Each test counts the resume job's work on its own events.
    await app.t.mongo.connection.collection('events').deleteMany({});
    poisoned = new Map();
    app.t.services.ledger.earn = async (input) => {
      const id = [...poisoned.keys()].find((eventId) => input.key.includes(eventId));
      if (id !== undefined) {
        poisoned.set(id, (poisoned.get(id) ?? 0) + 1);
        throw new Error(`ledger unavailable for ${id}`);
      }
      return realEarn(input);
    };
    await archiveAllRules(app);
    await aRule(app, { formula: { kind: 'fixed', amount: 10 } });
  });

  afterEach(() => {
    app.t.services.ledger.earn = realEarn;
  });

  const stored = async (id: string) =>
    app.t.mongo.connection
      .collection<{ _id: string; state: string; attempts: number; lastError: string | null; nextAttemptAt: Date | null }>('events')
      .findOne({ _id: id });

  /** An order.paid event whose earnings always fail; its first (HTTP) attempt is made and fails. */
  async function aPoisonedEvent(member = aMember()): Promise<EventBody> {
    const event = anOrderPaid(member, 100);
    poisoned.set(event.id, 0);
    const res = await sendEvent(app, event).expect(500);
    expect(errorOf(res.body).code).to.equal('INTERNAL');
    return event;
  }

  const resume = () => app.t.services.events.resumeInterrupted();

  it('records the failure of an event with its error, attempt count and next attempt time', async () => {
    const event = await aPoisonedEvent();

    const doc = await stored(event.id);
    expect(doc).to.deep.include({ state: 'received', attempts: 1, lastError: `ledger unavailable for ${event.id}` });
    expect(doc?.nextAttemptAt?.toISOString()).to.equal('2026-06-01T02:01:00.000Z');
  });

  it('completes the events after a poisoned one: one failing event never stops the resume job', async () => {
    const poison = await aPoisonedEvent();
    app.t.clock.advance(1_000);
    // Three later events interrupted once each (a crash), left for the job.
    const later = [anOrderPaid(aMember(), 100), anOrderPaid(aMember(), 100), anEvent('page.viewed', aMember())];
    await aRule(app, { eventType: 'page.viewed', formula: { kind: 'fixed', amount: 3 } });
    for (const event of later) {
      app.t.services.ledger.earn = async () => {
        app.t.services.ledger.earn = realEarnWithPoison;
        throw new Error('simulated crash');
      };
      await sendEvent(app, event).expect(500);
    }
    app.t.clock.advance(5 * MINUTE);

    const run = await resume();

    expect(run).to.deep.include({ resumed: 3, retrying: 1, failed: 0 });
    for (const event of later) expect((await stored(event.id))?.state).to.equal('processed');
    expect(await Promise.all(later.map((e) => pointsOf(app, e.member.externalId)))).to.deep.equal([
      { available: 10, pending: 0, growth: 0 },
      { available: 10, pending: 0, growth: 0 },
      { available: 3, pending: 0, growth: 0 },
    ]);
    expect(await stored(poison.id)).to.deep.include({ state: 'received', attempts: 2 });
  });

  /** The earn stub of beforeEach (the poison map), to restore after a one-off crash. */
  const realEarnWithPoison: Earn = async (input) => {
    const id = [...poisoned.keys()].find((eventId) => input.key.includes(eventId));
    if (id !== undefined) {
      poisoned.set(id, (poisoned.get(id) ?? 0) + 1);
      throw new Error(`ledger unavailable for ${id}`);
    }
    return realEarn(input);
  };

  it('retries with exponential backoff from the base, then parks the event as failed after the last attempt', async () => {
    const event = await aPoisonedEvent();
    const start = new Date(START).getTime();
    // Attempt n+1 is due base × 2^(n-1) after attempt n: 1, 2, 4, ... minutes with the default base of 60 s.
    let at = start;
    for (let attempt = 1; attempt < 8; attempt++) {
      const due = at + 2 ** (attempt - 1) * MINUTE;
      app.t.clock.set(new Date(due - 1_000));
      await resume();
      expect(poisoned.get(event.id), `no attempt before it is due (attempt ${attempt + 1})`).to.equal(attempt);
      app.t.clock.set(new Date(due));
      await resume();
      expect(poisoned.get(event.id)).to.equal(attempt + 1);
      at = due;
      const doc = await stored(event.id);
      expect(doc?.attempts).to.equal(attempt + 1);
      if (attempt + 1 < 8) expect(doc?.nextAttemptAt?.getTime()).to.equal(at + 2 ** attempt * MINUTE);
    }

    const parked = await stored(event.id);
    expect(parked).to.deep.include({ state: 'failed', attempts: 8, nextAttemptAt: null });
    app.t.clock.advance(30 * 24 * 60 * MINUTE);
    expect(await resume()).to.deep.include({ resumed: 0, retrying: 0, failed: 0 });
    expect(poisoned.get(event.id)).to.equal(8);

    // A client resending a parked event is told so; nothing runs again.
    const replay = await sendEvent(app, event).expect(422);
    expect(errorOf(replay.body)).to.deep.include({ code: 'EVENT_FAILED' });
    expect(poisoned.get(event.id)).to.equal(8);
  });

  it('lists failed events over the admin API, filtered by state and by member, with cursor pagination', async () => {
    const member = aMember();
    const first = await parkedEvent(member);
    const second = await parkedEvent(member);
    const elsewhere = await parkedEvent(aMember());
    const memberId = await memberIdOf(app, member);

    const all = await listAll(`/api/admin/v1/events?state=failed&limit=1`);
    expect(all.map((e) => e.id)).to.include.members([first.id, second.id, elsewhere.id]);
    const record = all.find((e) => e.id === first.id);
    expect(record).to.deep.include({
      type: 'order.paid',
      memberId,
      externalId: member,
      state: 'failed',
      attempts: 8,
      lastError: `ledger unavailable for ${first.id}`,
      nextAttemptAt: null,
    });

    const mine = await listAll(`/api/admin/v1/members/${memberId}/events?limit=1`);
    expect(mine.map((e) => e.id).sort()).to.deep.equal([first.id, second.id].sort());
    const filtered = await listAll(`/api/admin/v1/events?state=failed&memberId=${memberId}`);
    expect(filtered.map((e) => e.id).sort()).to.deep.equal([first.id, second.id].sort());
    expect(await listAll(`/api/admin/v1/members/${memberId}/events?state=waiting`)).to.deep.equal([]);

    const bad = await app.t.http.get('/api/admin/v1/events?state=lost').set(bearer(viewer.token)).expect(400);
    expect(errorOf(bad.body).code).to.equal('VALIDATION_FAILED');
    await app.t.http.get('/api/admin/v1/members/000000000000000000000000/events').set(bearer(viewer.token)).expect(404);
  });

  it('lists a refund waiting for its order on the member', async () => {
    const member = aMember();
    const refund = anEvent('order.refunded', member, { orderId: 'not-yet-paid', refundAmount: 100 });
    await sendEvent(app, refund).expect(202);
    const memberId = await memberIdOf(app, member);

    const waiting = await listAll(`/api/admin/v1/members/${memberId}/events`);
    expect(waiting.map((e) => [e.id, e.state, e.waitingFor])).to.deep.equal([[refund.id, 'waiting', { orderId: 'not-yet-paid' }]]);
    expect((await listAll('/api/admin/v1/events?state=waiting')).map((e) => e.id)).to.include(refund.id);
  });

  it('retries a failed event at an operator’s request: audited, and idempotent once it succeeded', async () => {
    const member = aMember();
    const event = await parkedEvent(member);
    const retry = () => app.t.http.post(`/api/admin/v1/events/${event.id}/retry`).set(bearer(operator.token));

    await app.t.http.post(`/api/admin/v1/events/${event.id}/retry`).set(bearer(viewer.token)).expect(403);
    // Still failing: one more attempt, still parked, the error shown.
    const again = (await retry().expect(200)).body as EventRecordView;
    expect(again).to.deep.include({ state: 'failed', attempts: 9, lastError: `ledger unavailable for ${event.id}` });

    poisoned.delete(event.id);
    const fixed = (await retry().expect(200)).body as EventRecordView;
    expect(fixed).to.deep.include({ state: 'processed', attempts: 9, lastError: null });
    expect((fixed.outcome as EventOutcomeView).grants.map((g) => g.amount)).to.deep.equal([10]);
    expect(await pointsOf(app, member)).to.deep.include({ available: 10 });

    const twice = (await retry().set('Idempotency-Key', 'retry-twice').expect(200)).body as EventRecordView;
    expect(twice.state).to.equal('processed');
    expect(await pointsOf(app, member)).to.deep.include({ available: 10 });
    const replayed = await retry().set('Idempotency-Key', 'retry-twice').expect(200);
    expect(replayed.headers['idempotent-replayed']).to.equal('true');

    const audit = await app.t.http
      .get(`/api/admin/v1/audit?targetType=event&targetId=${encodeURIComponent(event.id)}`)
      .set(bearer(viewer.token))
      .expect(200);
    const entries = (audit.body as Page<AuditEntryView>).items;
    expect(entries.map((e) => [e.action, (e.after as { state: string }).state, e.actor.label])).to.deep.equal([
      ['event.retry', 'processed', operator.email],
      ['event.retry', 'failed', operator.email],
    ]);
    expect((await sendEvent(app, event).expect(201)).body).to.deep.include({ id: event.id, state: 'processed' });
    await app.t.http.post('/api/admin/v1/events/no-such-event/retry').set(bearer(operator.token)).expect(404);
  });

  it('parks an event whose stored plan is corrupt instead of stopping on it', async () => {
    const corrupt = anOrderPaid(aMember(), 100);
    const healthy = anOrderPaid(aMember(), 100);
    for (const event of [corrupt, healthy]) {
      app.t.services.ledger.earn = async () => {
        app.t.services.ledger.earn = realEarnWithPoison;
        throw new Error('simulated crash');
      };
      await sendEvent(app, event).expect(500);
    }
    await app.t.mongo.connection.collection('events').updateOne({ _id: corrupt.id as never }, { $set: { plans: '{not json' } });

    for (let run = 0; run < 12; run++) {
      app.t.clock.advance(24 * 60 * MINUTE);
      await resume();
    }

    expect((await stored(healthy.id))?.state).to.equal('processed');
    const doc = await stored(corrupt.id);
    expect(doc).to.deep.include({ state: 'failed', attempts: 8 });
    expect(doc?.lastError).to.match(/JSON/);
  });

  /** An order.paid event parked as failed after every automatic attempt. */
  async function parkedEvent(member: string): Promise<EventBody> {
    const event = await aPoisonedEvent(member);
    const now = app.t.clock.now();
    for (let i = 0; i < 8; i++) {
      app.t.clock.advance(24 * 60 * MINUTE);
      await resume();
    }
    expect((await stored(event.id))?.state).to.equal('failed');
    // Back to the time the operators' tokens were issued for.
    app.t.clock.set(now);
    return event;
  }

  async function listAll(path: string): Promise<EventRecordView[]> {
    const items: EventRecordView[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const url: string = cursor ? `${path}${separator}cursor=${cursor}` : path;
      const res = await app.t.http.get(url).set(bearer(viewer.token)).expect(200);
      const page = res.body as Page<EventRecordView>;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
});
