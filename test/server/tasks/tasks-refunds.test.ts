import type { TaskView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import { aMember, anEvent } from '../events/support.js';
import { aRefundOf, aTask, anOrderAt, balanceOf, myTask, pauseAllTasks, send, setClock, startTasksApp, type TasksApp } from './support.js';

const AT = '2026-06-01T01:00:00.000Z';

describe('tasks: refunds take progress back', function () {
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

  /** The member's points entries, oldest first. */
  async function pointsDeltas(externalId: string): Promise<number[]> {
    const memberId = (await app.t.services.members.ensure(externalId)).id;
    return (await app.t.services.ledger.ledger(memberId, { limit: 100, currency: 'points' })).items.map((e) => e.delta).reverse();
  }

  it('takes a counted order back once it is refunded in full, and claws the reward back (default for order.paid)', async () => {
    const task = await aTask(app, { target: 2, rewards: [{ type: 'points', amount: 20 }] });
    expect(task.clawbackOnRefund).to.equal(true);
    const member = aMember();
    const first = anOrderAt(member, 1_000, AT);
    await send(app, first);
    await send(app, anOrderAt(member, 1_000, AT));
    expect(await balanceOf(app, member)).to.deep.equal({ points: 20, growth: 0 });

    await send(app, aRefundOf(first, 400));
    expect(await myTask(app, member, task.id)).to.include({ progress: 2, state: 'claimed' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 20, growth: 0 });

    const rest = aRefundOf(first, 600);
    await send(app, rest);
    await send(app, rest);
    const view = await myTask(app, member, task.id);
    expect(view).to.include({ progress: 1, state: 'in_progress' });
    expect(view.milestones[0]!.state).to.equal('revoked');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });

    // Reached again: the completion's next round, rewarded under a new grant.
    await send(app, anOrderAt(member, 1_000, AT));
    expect(await myTask(app, member, task.id)).to.include({ progress: 2, state: 'claimed' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 20, growth: 0 });
    expect(await pointsDeltas(member)).to.deep.equal([20, -20, 20]);
    const res = await app.t.http.get(`/api/admin/v1/tasks/${task.id}`).set(bearer(app.viewer.token)).expect(200);
    expect((res.body as TaskView).counts).to.deep.equal({ completed: 2, claimed: 2, expired: 0, revoked: 1 });
  });

  it('takes a summed amount back in proportion, cumulatively, once per refund; without clawback the reward stays', async () => {
    const task = await aTask(app, { trigger: { eventType: 'order.paid', measure: 'sum' }, target: 1_000, clawbackOnRefund: false });
    const member = aMember();
    const order = anOrderAt(member, 999, AT);
    await send(app, order);
    await send(app, anOrderAt(member, 1, AT));
    expect(await balanceOf(app, member)).to.deep.equal({ points: 10, growth: 0 });

    const refund = aRefundOf(order, 333);
    await send(app, refund);
    await send(app, refund);
    expect((await myTask(app, member, task.id)).progress).to.equal(1_000 - 333);
    await send(app, aRefundOf(order, 1));
    // 999 − floor(999 × 334 / 999) = 665, plus the other order's 1.
    expect(await myTask(app, member, task.id)).to.include({ progress: 666, state: 'claimed' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 10, growth: 0 });
  });

  it('claws back a summed task whose progress a partial refund takes below its target', async () => {
    const task = await aTask(app, {
      trigger: { eventType: 'order.paid', measure: 'sum' },
      target: 1_000,
      rewards: [
        { type: 'points', amount: 5 },
        { type: 'growth', amount: 50 },
      ],
    });
    const member = aMember();
    const order = anOrderAt(member, 1_000, AT);
    await send(app, order);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 5, growth: 50 });

    await send(app, aRefundOf(order, 1));
    expect(await myTask(app, member, task.id)).to.include({ progress: 999, state: 'in_progress' });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });
  });

  it('leaves progress of events that are not orders, and of other orders, alone', async () => {
    const custom = await aTask(app, { trigger: { eventType: 'review.posted', measure: 'count' }, target: 5 });
    const orders = await aTask(app, { target: 5 });
    const member = aMember();
    const order = anOrderAt(member, 1_000, AT);
    await send(app, { ...anEvent('review.posted', member, { orderId: order.attributes?.orderId }), occurredAt: AT });
    await send(app, order);
    await send(app, anOrderAt(member, 1_000, AT));

    await send(app, aRefundOf(order, 1_000));

    expect((await myTask(app, member, custom.id)).progress).to.equal(1);
    expect((await myTask(app, member, orders.id)).progress).to.equal(1);
  });
});
