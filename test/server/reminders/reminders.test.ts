import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';

const DAY_MS = 86_400_000;
const source = { type: 'system' as const, id: 'test' };

describe('points expiring reminders', () => {
  let t: TestApp;

  before(async () => {
    // 2026-03-01 12:00 in Shanghai; points expire at the end of the business day 20 days after earning.
    t = await startTestApp({ env: { POINTS_EXPIRY: 'days:20' } });
    t.clock.set('2026-03-01T04:00:00.000Z');
  });

  after(async () => {
    await t.close();
  });

  const earn = (memberId: string, amount: number, key: string) =>
    t.services.ledger.earn({ memberId, currency: 'points', amount, key, source });
  const run = async () => (await t.services.scheduler.runJob('reminders.points-expiring')).counts;

  it('records one 30-day reminder per member and expiry instant, carrying a points.expiring outbox message', async () => {
    await earn('m-a', 100, 'a-1');
    await earn('m-a', 50, 'a-2'); // same instant: one reminder for the sum

    expect(await run()).to.deep.equal({ members: 1, reminders: 1, alreadySent: 0 });

    const [reminder] = await t.services.reminders.forMember('m-a');
    const expiresAt = '2026-03-21T15:59:59.999Z'; // end of 2026-03-21 in Shanghai
    expect(reminder).to.deep.include({ kind: 'points.expiring', memberId: 'm-a', windowDays: 30, amount: 150, outboxPending: true });
    expect(reminder!.expiresAt.toISOString()).to.equal(expiresAt);
    expect(reminder!.outbox).to.have.length(1);
    expect(reminder!.outbox![0]).to.deep.include({
      id: `points.expiring:m-a:${expiresAt}:30d`,
      type: 'points.expiring',
      memberId: 'm-a',
      data: { expiresAt, amount: 150, windowDays: 30 },
    });
  });

  it('sends nothing more when the job runs again', async () => {
    expect(await run()).to.deep.equal({ members: 1, reminders: 0, alreadySent: 1 });
    expect(await t.services.reminders.forMember('m-a')).to.have.length(1);
  });

  it('after days without a run, catches up: the 7-day reminder for points now close, the 30-day one for new points', async () => {
    t.clock.advance(15 * DAY_MS); // 2026-03-16: m-a's points expire in 5 days
    await earn('m-b', 70, 'b-1'); // expire 2026-04-05

    expect(await run()).to.deep.equal({ members: 2, reminders: 2, alreadySent: 0 });

    expect((await t.services.reminders.forMember('m-a')).map((r) => r.windowDays)).to.have.members([30, 7]);
    expect((await t.services.reminders.forMember('m-b')).map((r) => r.windowDays)).to.deep.equal([30]);
    expect(await run()).to.deep.include({ reminders: 0 });
  });

  it('does not remind of points already spent or expired', async () => {
    await t.services.ledger.spend({ memberId: 'm-b', amount: 70, key: 'b-spend', reason: 'all of it' });
    t.clock.advance(6 * DAY_MS); // m-a's points have expired
    await earn('m-c', 5, 'c-1');
    await t.services.ledger.expire();

    const counts = await run();

    expect(counts.reminders).to.equal(1); // only m-c (20 days ahead)
    expect(await t.services.reminders.forMember('m-b')).to.have.length(1);
    expect(await t.services.reminders.forMember('m-c')).to.have.length(1);
  });

  it('leaves the member summary as it was (reminders are stored apart from wallets)', async () => {
    const summary = await t.services.ledger.summary('m-c');
    expect(summary.available).to.equal(5);
    expect(summary.nextExpiries).to.have.length(1);
  });
});
