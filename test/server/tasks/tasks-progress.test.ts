import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import { aMember, anEvent, anId } from '../events/support.js';
import { aTask, anOrderAt, balanceOf, myTask, pauseAllTasks, send, setClock, startTasksApp, type TasksApp } from './support.js';

const AT = '2026-06-01T01:00:00.000Z';

describe('tasks: progress from events', function () {
  this.timeout(120_000);
  let app: TasksApp;

  before(async () => {
    app = await startTasksApp();
  });
  after(() => app.t.close());
  beforeEach(async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    await pauseAllTasks(app);
  });

  it('counts matching events up to the target, completes once and grants the reward through the ledger', async () => {
    const task = await aTask(app, {
      target: 3,
      rewards: [
        { type: 'points', amount: 30 },
        { type: 'growth', amount: 5 },
      ],
    });
    const member = aMember();

    await send(app, anOrderAt(member, 100, AT));
    await send(app, anOrderAt(member, 100, AT));
    expect(await myTask(app, member, task.id)).to.include({ progress: 2, target: 3, state: 'in_progress', periodKey: '2026-06-01' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });

    await send(app, anOrderAt(member, 100, AT));
    await send(app, anOrderAt(member, 100, AT));

    const view = await myTask(app, member, task.id);
    expect(view).to.include({ progress: 4, state: 'claimed' });
    expect(view.milestones).to.have.length(1);
    expect(view.milestones[0]).to.include({ state: 'claimed', target: 3 });
    expect(view.milestones[0]!.rewards.map((r) => [r.type, r.amount])).to.deep.equal([
      ['points', 30],
      ['growth', 5],
    ]);
    expect(view.milestones[0]!.rewards.every((r) => typeof r.entryId === 'string')).to.equal(true);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 30, growth: 5 });
  });

  it('sums the order amount, or another integer attribute, and skips events without it', async () => {
    const orders = await aTask(app, { trigger: { eventType: 'order.paid', measure: 'sum' }, target: 10_000 });
    const steps = await aTask(app, { trigger: { eventType: 'steps.walked', measure: 'sum', attribute: 'steps' }, target: 5_000 });
    const member = aMember();

    await send(app, anOrderAt(member, 2_500, AT));
    await send(app, anOrderAt(member, 4_000, AT));
    await send(app, { ...anEvent('steps.walked', member, { steps: 1_200 }), occurredAt: AT });
    await send(app, { ...anEvent('steps.walked', member, { steps: -5 }), occurredAt: AT });
    await send(app, { ...anEvent('steps.walked', member, { steps: '900' }), occurredAt: AT });
    await send(app, { ...anEvent('steps.walked', member, {}), occurredAt: AT });

    expect((await myTask(app, member, orders.id)).progress).to.equal(6_500);
    expect((await myTask(app, member, steps.id)).progress).to.equal(1_200);
  });

  it('counts only events whose trigger conditions hold (the earning rules conditions)', async () => {
    const task = await aTask(app, {
      target: 5,
      trigger: { eventType: 'order.paid', measure: 'count', conditions: { amount: { min: 1_000 }, channels: ['app'] } },
    });
    const member = aMember();

    await send(app, anOrderAt(member, 1_000, AT, { channel: 'app' }));
    await send(app, anOrderAt(member, 999, AT, { channel: 'app' }));
    await send(app, anOrderAt(member, 5_000, AT, { channel: 'web' }));

    expect((await myTask(app, member, task.id)).progress).to.equal(1);
  });

  it('counts a replayed event once, and 50 concurrent deliveries of one event once', async () => {
    const task = await aTask(app, { target: 100 });
    const member = aMember();
    const event = anOrderAt(member, 100, AT);
    await send(app, event);
    await send(app, event);
    expect((await myTask(app, member, task.id)).progress).to.equal(1);

    const burst = anOrderAt(member, 100, AT);
    const server = await listening(app.t.app);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => server.api.post('/api/v1/events').set(bearer(app.apiKey)).send(burst)),
      );
      expect(
        answers.every((res) => res.status === 201 || res.status === 409),
        answers.map((r) => r.status).join(),
      ).to.equal(true);
    } finally {
      await server.close();
    }
    await send(app, burst);
    expect((await myTask(app, member, task.id)).progress).to.equal(2);
  });

  it('counts an order once however many events report it', async () => {
    const task = await aTask(app, { target: 100, trigger: { eventType: 'order.paid', measure: 'sum' } });
    const member = aMember();
    const orderId = anId('order');

    await send(app, anOrderAt(member, 700, AT, { orderId }));
    await send(app, anOrderAt(member, 700, AT, { orderId }));

    expect((await myTask(app, member, task.id)).progress).to.equal(700);
  });

  it('completes every milestone one event crosses, in order, each rewarded once', async () => {
    const task = await aTask(app, {
      kind: 'milestones',
      target: undefined,
      rewards: undefined,
      trigger: { eventType: 'order.paid', measure: 'sum' },
      milestones: [
        { target: 100, rewards: [{ type: 'points', amount: 1 }] },
        { target: 300, rewards: [{ type: 'points', amount: 3 }] },
        { target: 500, rewards: [{ type: 'points', amount: 5 }] },
        { target: 1_000, rewards: [{ type: 'points', amount: 10 }] },
      ],
    });
    const member = aMember();
    const big = anOrderAt(member, 600, AT);

    await send(app, big);
    await send(app, big);

    const view = await myTask(app, member, task.id);
    expect(view).to.include({ progress: 600, target: 1_000, state: 'in_progress', periodKey: 'lifetime', periodEnd: null });
    expect(view.milestones.map((m) => m.state)).to.deep.equal(['claimed', 'claimed', 'claimed', 'in_progress']);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 9, growth: 0 });
    const memberId = (await app.t.services.members.ensure(member)).id;
    const entries = await app.t.services.ledger.ledger(memberId, { limit: 100 });
    expect(entries.items.map((e) => e.delta).reverse()).to.deep.equal([1, 3, 5]);
    const completions = await app.t.mongo.connection
      .db!.collection('task_completions')
      .find({ memberId } as never)
      .sort({ completedAt: 1, milestone: 1 })
      .toArray();
    expect(completions.map((c) => [c.milestone, c.round])).to.deep.equal([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);

    await send(app, anOrderAt(member, 400, AT));
    expect((await myTask(app, member, task.id)).state).to.equal('claimed');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 19, growth: 0 });
  });

  it('keeps the terms a record was made under when the definition changes; the next period takes the new ones', async () => {
    const task = await aTask(app, { target: 3, rewards: [{ type: 'points', amount: 10 }] });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));

    const changed = await app.t.http
      .patch(`/api/admin/v1/tasks/${task.id}`)
      .set(bearer(app.operator.token))
      .send({ version: task.version, target: 5, rewards: [{ type: 'points', amount: 50 }] })
      .expect(200);
    expect(changed.body).to.include({ version: 2, target: 5 });

    expect(await myTask(app, member, task.id)).to.include({ progress: 1, target: 3 });
    await send(app, anOrderAt(member, 100, AT));
    await send(app, anOrderAt(member, 100, AT));
    expect((await myTask(app, member, task.id)).state).to.equal('claimed');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 10, growth: 0 });
    const record = await app.t.mongo.connection
      .db!.collection('task_progress')
      .findOne({ _id: `${task.id}:${(await app.t.services.members.ensure(member)).id}:2026-06-01` } as never);
    expect(record?.definitionVersion).to.equal(1);

    // The next business day (Asia/Shanghai) is a new period under version 2.
    await setClock(app, '2026-06-01T17:00:00.000Z');
    expect(await myTask(app, member, task.id)).to.include({ periodKey: '2026-06-02', progress: 0, target: 5 });
    for (let i = 0; i < 5; i++) await send(app, anOrderAt(member, 100, '2026-06-01T16:30:00.000Z'));
    expect(await balanceOf(app, member)).to.deep.equal({ points: 60, growth: 0 });
  });

  it('puts task.completed and task.claimed in the outbox once each', async () => {
    const task = await aTask(app, { target: 1 });
    const member = aMember();
    const event = anOrderAt(member, 100, AT);
    await send(app, event);
    await send(app, event);
    await app.t.services.outbox.relay();
    await app.t.services.outbox.relay();

    const memberId = (await app.t.services.members.ensure(member)).id;
    const messages = await app.t.mongo.connection
      .db!.collection('outbox_messages')
      .find({ memberId, type: { $in: ['task.completed', 'task.claimed'] } } as never)
      .toArray();
    expect(messages.map((m) => m.type).sort()).to.deep.equal(['task.claimed', 'task.completed']);
    for (const message of messages) {
      expect(message.data).to.deep.include({ taskId: task.id, taskName: task.name, periodKey: '2026-06-01', milestone: 0, memberId });
      expect(message.data.rewards).to.deep.equal([{ type: 'points', amount: 10 }]);
    }
    const anchor = await app.t.mongo.connection
      .db!.collection('task_completions')
      .findOne({ _id: `${task.id}:${memberId}:2026-06-01:0` } as never);
    expect(anchor?.outboxPending).to.equal(undefined);
  });

  it('does not count an event received more than a day after its period ended', async () => {
    const task = await aTask(app, { target: 5 });
    const member = aMember();
    // 2026-06-01 in Asia/Shanghai ends at 2026-06-01T16:00Z; a day later is 2026-06-02T16:00Z.
    await setClock(app, '2026-06-02T15:59:59.000Z');
    await send(app, anOrderAt(member, 100, '2026-06-01T10:00:00.000Z'));
    await setClock(app, '2026-06-02T16:00:01.000Z');
    await send(app, anOrderAt(member, 100, '2026-06-01T10:00:00.000Z'));

    const records = await app.t.mongo.connection
      .db!.collection('task_progress')
      .find({ taskId: task.id } as never)
      .toArray();
    expect(records.map((r) => [r.periodKey, r.value])).to.deep.equal([['2026-06-01', 1]]);
  });
});
