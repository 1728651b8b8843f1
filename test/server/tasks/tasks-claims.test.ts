import type { TaskView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import { aMember } from '../events/support.js';
import {
  aTask,
  anOrderAt,
  balanceOf,
  claimed,
  claimRequest,
  memberToken,
  myTask,
  myTasks,
  pauseAllTasks,
  send,
  setClock,
  startTasksApp,
  type TasksApp,
} from './support.js';

const AT = '2026-06-01T01:00:00.000Z';

describe('tasks: claims', function () {
  this.timeout(180_000);
  let app: TasksApp;

  before(async () => {
    app = await startTasksApp();
  });
  after(() => app.t.close());
  beforeEach(async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    await pauseAllTasks(app);
  });

  async function countsOf(taskId: string): Promise<TaskView['counts']> {
    const res = await app.t.http.get(`/api/admin/v1/tasks/${taskId}`).set(bearer(app.viewer.token)).expect(200);
    return (res.body as TaskView).counts;
  }

  async function entriesOf(externalId: string): Promise<number> {
    const memberId = (await app.t.services.members.ensure(externalId)).id;
    return (await app.t.services.ledger.ledger(memberId, { limit: 100 })).items.length;
  }

  it('refuses a claim before completion, grants it once after, and refuses it again', async () => {
    const task = await aTask(app, { target: 2, claimMode: 'manual', rewards: [{ type: 'points', amount: 40 }] });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));

    const early = await claimRequest(app, member, task.id);
    expect(early.status).to.equal(422);
    expect(errorOf(early.body).code).to.equal('TASK_NOT_COMPLETE');

    await send(app, anOrderAt(member, 100, AT));
    expect(await myTask(app, member, task.id)).to.include({ state: 'completed' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });

    const claim = await claimed(app, member, task.id);
    expect(claim).to.include({
      taskId: task.id,
      periodKey: '2026-06-01',
      milestone: 0,
      state: 'claimed',
      claimedAt: '2026-06-01T02:00:00.000Z',
    });
    expect(claim.rewards).to.have.length(1);
    expect(claim.rewards[0]).to.include({ type: 'points', amount: 40 });
    expect(claim.rewards[0]!.entryId).to.be.a('string');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 40, growth: 0 });

    const again = await claimRequest(app, member, task.id);
    expect(again.status).to.equal(422);
    expect(errorOf(again.body).code).to.equal('ALREADY_CLAIMED');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 40, growth: 0 });
    expect(await myTask(app, member, task.id)).to.include({ state: 'claimed' });
    expect(await countsOf(task.id)).to.deep.equal({ completed: 1, claimed: 1, expired: 0, revoked: 0 });
  });

  it('refuses a claim past claimBy, and the expiry job marks the reward expired once', async () => {
    const task = await aTask(app, { claimMode: 'manual', claimWindowDays: 1 });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const [waiting] = (await myTask(app, member, task.id)).claimable;
    // 2026-06-01 (Asia/Shanghai) ends 06-01T16:00Z; one more day: through 06-02T15:59:59.999Z.
    expect(waiting).to.deep.equal({ periodKey: '2026-06-01', milestone: 0, claimBy: '2026-06-02T15:59:59.999Z' });

    await setClock(app, '2026-06-02T16:00:00.000Z');
    const late = await claimRequest(app, member, task.id, { periodKey: '2026-06-01' });
    expect(late.status).to.equal(422);
    expect(errorOf(late.body).code).to.equal('CLAIM_EXPIRED');

    const first = await app.t.services.scheduler.runJob('tasks.expire');
    const second = await app.t.services.scheduler.runJob('tasks.expire');
    expect(first.counts.rewards).to.equal(1);
    expect(second.counts.rewards).to.equal(0);
    const after = await claimRequest(app, member, task.id, { periodKey: '2026-06-01' });
    expect(errorOf(after.body).code).to.equal('CLAIM_EXPIRED');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });
    expect(await countsOf(task.id)).to.deep.equal({ completed: 1, claimed: 0, expired: 1, revoked: 0 });
  });

  it('rewards one of 50 concurrent claims; the others are told ALREADY_CLAIMED', async () => {
    const task = await aTask(app, { claimMode: 'manual', rewards: [{ type: 'points', amount: 7 }] });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const token = memberToken(app, member);

    const server = await listening(app.t.app);
    let statuses: number[];
    let codes: string[];
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          server.api.post(`/api/v1/me/tasks/${task.id}/claim`).set(bearer(token)).set('Idempotency-Key', `claim-${i}`).send({}),
        ),
      );
      statuses = answers.map((res) => res.status);
      codes = answers.filter((res) => res.status !== 200).map((res) => errorOf(res.body).code);
    } finally {
      await server.close();
    }

    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(codes).to.have.length(49);
    expect(new Set(codes)).to.deep.equal(new Set(['ALREADY_CLAIMED']));
    expect(await balanceOf(app, member)).to.deep.equal({ points: 7, growth: 0 });
    expect(await entriesOf(member)).to.equal(1);
    expect((await countsOf(task.id)).claimed).to.equal(1);
  });

  it('answers 50 concurrent claims with one Idempotency-Key with the first answer', async () => {
    const task = await aTask(app, { claimMode: 'manual', rewards: [{ type: 'points', amount: 9 }] });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const token = memberToken(app, member);

    const server = await listening(app.t.app);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          server.api.post(`/api/v1/me/tasks/${task.id}/claim`).set(bearer(token)).set('Idempotency-Key', 'one-claim').send({}),
        ),
      );
      expect(answers.map((res) => res.status)).to.deep.equal(answers.map(() => 200));
      expect(new Set(answers.map((res) => JSON.stringify(res.body))).size).to.equal(1);
    } finally {
      await server.close();
    }
    expect(await balanceOf(app, member)).to.deep.equal({ points: 9, growth: 0 });
    expect(await entriesOf(member)).to.equal(1);
  });

  it('claims a named milestone of a milestones task, and the oldest claimable reward without one', async () => {
    const task = await aTask(app, {
      kind: 'milestones',
      target: undefined,
      rewards: undefined,
      claimMode: 'manual',
      milestones: [
        { target: 1, rewards: [{ type: 'points', amount: 1 }] },
        { target: 2, rewards: [{ type: 'points', amount: 2 }] },
      ],
    });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    await send(app, anOrderAt(member, 100, AT));

    expect((await claimed(app, member, task.id, { periodKey: 'lifetime', milestone: 1 })).rewards[0]).to.include({ amount: 2 });
    expect((await claimed(app, member, task.id)).milestone).to.equal(0);
    const none = await claimRequest(app, member, task.id);
    expect(errorOf(none.body).code).to.equal('ALREADY_CLAIMED');
    const outside = await claimRequest(app, member, task.id, { milestone: 5 });
    expect(outside.status).to.equal(400);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 3, growth: 0 });
  });

  it('answers 404 for unknown tasks, tasks outside the audience and paused tasks with nothing to claim, changing nothing', async () => {
    const member = aMember();
    const other = aMember();
    const gold = await aTask(app, { claimMode: 'manual', audience: { tiers: ['gold'] } });
    const paused = await aTask(app, { claimMode: 'manual', target: 5 });
    const pausedDone = await aTask(app, { claimMode: 'manual' });
    await send(app, anOrderAt(member, 100, AT));
    await send(app, anOrderAt(other, 100, AT));
    for (const task of [paused, pausedDone]) {
      await app.t.http.post(`/api/admin/v1/tasks/${task.id}/pause`).set(bearer(app.operator.token)).expect(200);
    }

    for (const taskId of ['0123456789abcdef01234567', 'not-a-task', gold.id, paused.id]) {
      const res = await claimRequest(app, member, taskId);
      expect(res.status, taskId).to.equal(404);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    }
    const bad = await claimRequest(app, member, pausedDone.id, { periodKey: 'x'.repeat(41) });
    expect(bad.status).to.equal(400);
    const unknownField = await claimRequest(app, member, pausedDone.id, { memberId: 'someone' });
    expect(unknownField.status).to.equal(400);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });

    // A reward earned before the pause can still be claimed, and the other member's stays theirs.
    expect((await myTasks(app, member)).map((t) => t.taskId)).to.include(pausedDone.id);
    expect((await claimed(app, member, pausedDone.id)).state).to.equal('claimed');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 10, growth: 0 });
    expect(await balanceOf(app, other)).to.deep.equal({ points: 0, growth: 0 });
    expect((await myTask(app, other, pausedDone.id)).claimable).to.have.length(1);
  });

  it("shows support the member's own view, and 404 for an unknown member", async () => {
    await aTask(app, { target: 3 });
    await aTask(app, { kind: 'weekly', claimMode: 'manual' });
    await aTask(app, {
      kind: 'milestones',
      target: undefined,
      rewards: undefined,
      milestones: [
        { target: 1, rewards: [{ type: 'growth', amount: 1 }] },
        { target: 5, rewards: [{ type: 'points', amount: 5 }] },
      ],
    });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const memberId = (await app.t.services.members.ensure(member)).id;

    const own = await myTasks(app, member);
    const support = await app.t.http.get(`/api/admin/v1/members/${memberId}/tasks`).set(bearer(app.viewer.token)).expect(200);
    expect(own).to.have.length(3);
    expect(support.body).to.deep.equal({ items: own });

    for (const id of ['0123456789abcdef01234567', 'nobody']) {
      const res = await app.t.http.get(`/api/admin/v1/members/${id}/tasks`).set(bearer(app.viewer.token));
      expect(res.status).to.equal(404);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    }
  });
});
