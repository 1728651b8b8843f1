import type { EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import { aMember, anOrderPaid, accepted, archiveAllRules, aRule, pointsOf, sendEvent, startEventsApp, type EventsApp } from './support.js';

type Earn = EventsApp['t']['services']['ledger']['earn'];

describe('events: an event interrupted by a crash completes on replay', () => {
  let app: EventsApp;
  let realEarn: Earn;

  before(async () => {
    app = await startEventsApp();
    realEarn = app.t.services.ledger.earn.bind(app.t.services.ledger);
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(async () => {
    app.t.clock.set('2026-06-01T02:00:00.000Z');
    app.t.services.ledger.earn = realEarn;
    await archiveAllRules(app);
  });

  afterEach(() => {
    app.t.services.ledger.earn = realEarn;
  });

  /** The next earn fails, before (`before`) or after (`after`) the ledger applied it: a process dying there. */
  function crashNextEarn(when: 'before' | 'after'): void {
    app.t.services.ledger.earn = async (input) => {
      app.t.services.ledger.earn = realEarn;
      if (when === 'after') await realEarn(input);
      throw new Error('simulated crash');
    };
  }

  const stateOf = async (id: string) =>
    (await app.t.mongo.connection.collection<{ _id: string; state: string }>('events').findOne({ _id: id }))?.state;

  it('grants on the replay when the crash came before the ledger write', async () => {
    await aRule(app, { formula: { kind: 'fixed', amount: 30 } });
    const member = aMember();
    const event = anOrderPaid(member, 100);

    crashNextEarn('before');
    await sendEvent(app, event).expect(500);
    expect(await stateOf(event.id)).to.equal('received');
    expect((await pointsOf(app, member)).available).to.equal(0);

    const replay = await sendEvent(app, event).expect(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect((replay.body as EventOutcomeView).grants.map((g) => g.amount)).to.deep.equal([30]);
    expect(await stateOf(event.id)).to.equal('processed');
    expect((await pointsOf(app, member)).available).to.equal(30);
  });

  it('does not credit twice when the crash came after the ledger write', async () => {
    await aRule(app, { formula: { kind: 'fixed', amount: 30 } });
    const member = aMember();
    const event = anOrderPaid(member, 100);

    crashNextEarn('after');
    await sendEvent(app, event).expect(500);
    expect((await pointsOf(app, member)).available).to.equal(30);

    const outcome = (await sendEvent(app, event).expect(201)).body as EventOutcomeView;
    expect(outcome.grants.map((g) => g.amount)).to.deep.equal([30]);
    expect((await pointsOf(app, member)).available).to.equal(30);
    const entries = await app.t.services.ledger.ledger(outcome.memberId ?? '', {});
    expect(entries.items.map((e) => e.id)).to.deep.equal([outcome.grants[0]?.entryId]);
  });

  it('consumes a cap once for an event completed after a crash', async () => {
    await aRule(app, { formula: { kind: 'fixed', amount: 60 }, caps: { perDay: 100 } });
    const member = aMember();
    const event = anOrderPaid(member, 100);

    crashNextEarn('before');
    await sendEvent(app, event).expect(500);
    await sendEvent(app, event).expect(201);
    const next = await accepted(app, anOrderPaid(member, 100));

    expect(next.grants.map((g) => [g.amount, g.cappedBy])).to.deep.equal([[40, 'day']]);
    expect((await pointsOf(app, member)).available).to.equal(100);
  });

  it('does what was decided when the event arrived, even if the rule changed before the replay', async () => {
    const rule = await aRule(app, { formula: { kind: 'fixed', amount: 10 } });
    const member = aMember();
    const event = anOrderPaid(member, 100);

    crashNextEarn('before');
    await sendEvent(app, event).expect(500);
    await app.t.http
      .patch(`/api/admin/v1/earning-rules/${rule.id}`)
      .set(bearer(app.admin.token))
      .send({ formula: { kind: 'fixed', amount: 99 } })
      .expect(200);

    const outcome = (await sendEvent(app, event).expect(201)).body as EventOutcomeView;
    expect(outcome.grants.map((g) => g.amount)).to.deep.equal([10]);
    expect((await accepted(app, anOrderPaid(member, 100))).grants.map((g) => g.amount)).to.deep.equal([99]);
  });

  it('is completed by the resume job when the client never comes back', async () => {
    await aRule(app, { formula: { kind: 'fixed', amount: 30 } });
    const member = aMember();
    const event = anOrderPaid(member, 100);
    crashNextEarn('before');
    await sendEvent(app, event).expect(500);

    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ resumed: 0 }); // still within its grace period
    app.t.clock.advance(3 * 60_000);
    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ resumed: 1 });

    expect(await stateOf(event.id)).to.equal('processed');
    expect((await pointsOf(app, member)).available).to.equal(30);
    const replay = (await sendEvent(app, event).expect(201)).body as EventOutcomeView;
    expect(replay.grants.map((g) => g.amount)).to.deep.equal([30]);
    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ resumed: 0 });
  });
});
