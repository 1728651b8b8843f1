import { expect } from 'chai';
import { aMember } from '../events/support.js';
import { aTask, anOrderAt, myTask, pauseAllTasks, send, setClock, startTasksApp, type TasksApp } from './support.js';

/** Business periods in America/New_York: 2027-03-14 has 23 hours (DST starts), 2027-11-07 has 25 (DST ends). */
describe('tasks: period boundaries in the business time zone (America/New_York, across DST)', function () {
  this.timeout(120_000);
  let app: TasksApp;

  before(async () => {
    app = await startTasksApp({ start: '2027-03-15T03:00:00.000Z', env: { BUSINESS_TIME_ZONE: 'America/New_York' } });
  });
  after(() => app.t.close());
  beforeEach(async () => {
    await pauseAllTasks(app);
  });

  /** The periods in which the member completed the task (manual claim: each completion waits, with its period key). */
  async function completedPeriods(member: string, taskId: string): Promise<string[]> {
    return (await myTask(app, member, taskId)).claimable.map((c) => c.periodKey);
  }

  it('daily: 23:59:59.999 and 00:00 local are two days, on both sides of a 23-hour day', async () => {
    await setClock(app, '2027-03-15T03:00:00.000Z');
    const task = await aTask(app, { kind: 'daily', claimMode: 'manual' });
    const member = aMember();

    await send(app, anOrderAt(member, 100, '2027-03-14T04:59:59.999Z')); // 03-13 23:59:59.999 EST
    await send(app, anOrderAt(member, 100, '2027-03-14T05:00:00.000Z')); // 03-14 00:00 EST
    await send(app, anOrderAt(member, 100, '2027-03-15T03:59:59.999Z')); // 03-14 23:59:59.999 EDT
    await send(app, anOrderAt(member, 100, '2027-03-15T04:00:00.000Z')); // 03-15 00:00 EDT

    expect(await completedPeriods(member, task.id)).to.deep.equal(['2027-03-13', '2027-03-14', '2027-03-15']);
    await setClock(app, '2027-03-15T03:59:59.999Z');
    expect(await myTask(app, member, task.id)).to.include({ periodKey: '2027-03-14', periodEnd: '2027-03-15T04:00:00.000Z', progress: 2 });
    await setClock(app, '2027-03-15T04:00:00.000Z');
    expect(await myTask(app, member, task.id)).to.include({ periodKey: '2027-03-15', periodEnd: '2027-03-16T04:00:00.000Z', progress: 1 });
  });

  it('daily: a 25-hour day ends at 00:00 local, 05:00 UTC', async () => {
    await setClock(app, '2027-11-08T04:00:00.000Z');
    const task = await aTask(app, { kind: 'daily', claimMode: 'manual' });
    const member = aMember();

    await send(app, anOrderAt(member, 100, '2027-11-07T04:00:00.000Z')); // 11-07 00:00 EDT
    await send(app, anOrderAt(member, 100, '2027-11-08T04:59:59.999Z')); // 11-07 23:59:59.999 EST
    await send(app, anOrderAt(member, 100, '2027-11-08T05:00:00.000Z')); // 11-08 00:00 EST

    expect(await completedPeriods(member, task.id)).to.deep.equal(['2027-11-07', '2027-11-08']);
    expect(await myTask(app, member, task.id)).to.include({ periodKey: '2027-11-07', periodEnd: '2027-11-08T05:00:00.000Z', progress: 2 });
  });

  it('weekly: Sunday 23:59:59.999 and Monday 00:00 local are two ISO weeks; a Sunday week start keys by its first day', async () => {
    await setClock(app, '2027-03-15T03:00:00.000Z');
    const iso = await aTask(app, { kind: 'weekly', claimMode: 'manual' });
    const sundays = await aTask(app, { kind: 'weekly', claimMode: 'manual', weekStart: 7 });
    const member = aMember();

    await send(app, anOrderAt(member, 100, '2027-03-14T04:59:59.999Z')); // Sat 03-13 23:59:59.999 EST
    await send(app, anOrderAt(member, 100, '2027-03-14T05:00:00.000Z')); // Sun 03-14 00:00 EST
    await send(app, anOrderAt(member, 100, '2027-03-15T03:59:59.999Z')); // Sun 03-14 23:59:59.999 EDT
    await send(app, anOrderAt(member, 100, '2027-03-15T04:00:00.000Z')); // Mon 03-15 00:00 EDT

    expect(await completedPeriods(member, iso.id)).to.deep.equal(['2027-W10', '2027-W11']);
    expect(await completedPeriods(member, sundays.id)).to.deep.equal(['2027-03-07/week', '2027-03-14/week']);
    expect(await myTask(app, member, iso.id)).to.include({ periodKey: '2027-W10', periodEnd: '2027-03-15T04:00:00.000Z', progress: 3 });
  });

  it('monthly: the last instant of March and the first of April, local time', async () => {
    await setClock(app, '2027-04-01T03:00:00.000Z');
    const task = await aTask(app, { kind: 'monthly', claimMode: 'manual' });
    const member = aMember();

    await send(app, anOrderAt(member, 100, '2027-04-01T03:59:59.999Z')); // 03-31 23:59:59.999 EDT
    await send(app, anOrderAt(member, 100, '2027-04-01T04:00:00.000Z')); // 04-01 00:00 EDT

    expect(await completedPeriods(member, task.id)).to.deep.equal(['2027-03', '2027-04']);
    expect(await myTask(app, member, task.id)).to.include({ periodKey: '2027-03', periodEnd: '2027-04-01T04:00:00.000Z' });
  });

  it('gives a manual daily reward claimWindowDays after its day ends, to the last millisecond of local time', async () => {
    await setClock(app, '2027-03-14T12:00:00.000Z');
    const task = await aTask(app, { kind: 'daily', claimMode: 'manual', claimWindowDays: 2 });
    const member = aMember();
    await send(app, anOrderAt(member, 100, '2027-03-14T12:00:00.000Z'));

    // 03-14 ends 03-15 00:00 EDT; two days more: claimable through 03-16 23:59:59.999 EDT.
    expect((await myTask(app, member, task.id)).claimable).to.deep.equal([
      { periodKey: '2027-03-14', milestone: 0, claimBy: '2027-03-17T03:59:59.999Z' },
    ]);
  });
});
