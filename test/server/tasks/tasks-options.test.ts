import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import { aMember } from '../events/support.js';
import { aTask, anOrderAt, balanceOf, myTask, myTasks, pauseAllTasks, send, setClock, startTasksApp, type TasksApp } from './support.js';

const AT = '2026-06-01T01:00:00.000Z';

describe('tasks: audience, prerequisite, completion limit, window, pause', function () {
  this.timeout(120_000);
  let app: TasksApp;

  before(async () => {
    app = await startTasksApp();
    await app.t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(app.operator.token))
      .send({ code: 'gold', name: 'Gold', rank: 1, entryThreshold: 1_000_000 })
      .expect(201);
  });
  after(() => app.t.close());
  beforeEach(async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    await pauseAllTasks(app);
  });

  async function placeOnGold(externalId: string): Promise<void> {
    const memberId = (await app.t.services.members.ensure(externalId)).id;
    await app.t.http
      .post(`/api/admin/v1/members/${memberId}/tier`)
      .set(bearer(app.operator.token))
      .send({ tier: 'gold', reason: 'test', autoUpgrade: false })
      .expect(200);
  }

  it('counts and shows a task only for members of its audience', async () => {
    const task = await aTask(app, { audience: { tiers: ['gold'] } });
    const gold = aMember();
    const other = aMember();
    await placeOnGold(gold);

    await send(app, anOrderAt(gold, 100, AT));
    await send(app, anOrderAt(other, 100, AT));

    expect((await myTask(app, gold, task.id)).state).to.equal('claimed');
    expect((await myTasks(app, other)).map((t) => t.taskId)).to.not.include(task.id);
    expect(await balanceOf(app, other)).to.deep.equal({ points: 0, growth: 0 });
    expect(await balanceOf(app, gold)).to.deep.equal({ points: 10, growth: 0 });
  });

  it('locks a task until its prerequisite is completed, and counts nothing meanwhile', async () => {
    const first = await aTask(app, { kind: 'once', trigger: { eventType: 'profile.completed', measure: 'count' } });
    const second = await aTask(app, { kind: 'once', prerequisiteTaskId: first.id });
    const member = aMember();

    await send(app, anOrderAt(member, 100, AT));
    expect(await myTask(app, member, second.id)).to.include({ locked: 'prerequisite', progress: 0 });

    await send(app, { id: `profile-${member}`, type: 'profile.completed', occurredAt: AT, member: { externalId: member } });
    expect((await myTask(app, member, first.id)).state).to.equal('claimed');
    expect((await myTask(app, member, second.id)).locked).to.equal(null);
    await send(app, anOrderAt(member, 100, AT));
    expect(await myTask(app, member, second.id)).to.include({ state: 'claimed', progress: 1, periodKey: 'once' });
  });

  it('completes at most completionLimit times per member across periods', async () => {
    const task = await aTask(app, { completionLimit: 2 });
    const member = aMember();
    const days = ['2026-06-01T01:00:00.000Z', '2026-06-02T01:00:00.000Z', '2026-06-03T01:00:00.000Z'];
    for (const day of days) {
      await setClock(app, day);
      await send(app, anOrderAt(member, 100, day));
    }

    const view = await myTask(app, member, task.id);
    expect(view).to.include({ completionsLeft: 0, locked: 'limit_reached', progress: 1, state: 'in_progress' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 20, growth: 0 });
  });

  it('counts a window task only between startsAt and endsAt, and lists it only until it ends', async () => {
    const task = await aTask(app, {
      kind: 'window',
      target: 2,
      startsAt: '2026-06-02T00:00:00.000Z',
      endsAt: '2026-06-05T00:00:00.000Z',
    });
    const member = aMember();
    expect(await myTask(app, member, task.id)).to.include({
      locked: 'not_started',
      periodKey: 'window',
      periodEnd: '2026-06-05T00:00:00.000Z',
    });

    await send(app, anOrderAt(member, 100, '2026-06-01T23:59:59.999Z'));
    await setClock(app, '2026-06-04T23:00:00.000Z');
    await send(app, anOrderAt(member, 100, '2026-06-02T00:00:00.000Z'));
    await send(app, anOrderAt(member, 100, '2026-06-05T00:00:00.000Z'));
    expect(await myTask(app, member, task.id)).to.include({ progress: 1, locked: null });

    await send(app, anOrderAt(member, 100, '2026-06-04T22:00:00.000Z'));
    expect((await myTask(app, member, task.id)).state).to.equal('claimed');
    await setClock(app, '2026-06-05T00:00:00.000Z');
    expect((await myTasks(app, member)).map((t) => t.taskId)).to.not.include(task.id);
  });

  it('counts nothing while paused, and again once resumed', async () => {
    const task = await aTask(app, { target: 10 });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    await app.t.http.post(`/api/admin/v1/tasks/${task.id}/pause`).set(bearer(app.operator.token)).expect(200);
    await send(app, anOrderAt(member, 100, AT));
    expect((await myTasks(app, member)).map((t) => t.taskId)).to.not.include(task.id);

    await app.t.http.post(`/api/admin/v1/tasks/${task.id}/resume`).set(bearer(app.operator.token)).expect(200);
    await send(app, anOrderAt(member, 100, AT));
    expect((await myTask(app, member, task.id)).progress).to.equal(2);
  });

  it('lists tasks by display order, then name', async () => {
    const b = await aTask(app, { name: 'b task', displayOrder: 1 });
    const a = await aTask(app, { name: 'a task', displayOrder: 1 });
    const first = await aTask(app, { name: 'z task', displayOrder: -5 });
    const ids = (await myTasks(app, aMember())).map((t) => t.taskId);
    expect(ids).to.deep.equal([first.id, a.id, b.id]);
  });
});
