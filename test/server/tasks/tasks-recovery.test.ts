import { randomBytes } from 'node:crypto';
import type { AppError } from '@laurel/server/platform/errors.js';
import { toPipelineEvent } from '@laurel/server/modules/events/facts.js';
import type { PipelineEvent } from '@laurel/server/modules/events/pipeline.js';
import type { RewardLedger } from '@laurel/server/modules/rewards/service.js';
import { RewardGranter } from '@laurel/server/modules/rewards/service.js';
import {
  taskCompletionModel,
  taskCountsModel,
  taskMemberCounterModel,
  taskModel,
  taskProgressModel,
  type TaskCompletion,
} from '@laurel/server/modules/tasks/model.js';
import { createTasks } from '@laurel/server/modules/tasks/module.js';
import { expect } from 'chai';
import type { Model } from 'mongoose';
import { startTestApp, type TestApp } from '../../support/harness.js';

const SYSTEM = { type: 'system' as const, id: 'test', label: 'test' };
const GRACE_MS = 120_000;

/** Faults to inject: each throws once, at the next call that matches, as a process dying there would stop. */
interface Faults {
  earn?: (input: { currency: string }) => boolean;
  reverseGrant?: boolean;
  /** Runs once before the next earn: a refund racing the grant. */
  beforeEarn?: () => Promise<void>;
  completionUpdate?: (update: Record<string, unknown>) => boolean;
}

describe('tasks: a crash at each step is finished by tasks.resume', function () {
  this.timeout(120_000);
  let t: TestApp;
  let completions: Model<TaskCompletion>;
  let faults: Faults = {};
  let tasks: ReturnType<typeof createTasks>;
  let runs = 0;

  before(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-01T02:00:00.000Z');
    completions = taskCompletionModel(t.mongo.connection);
    const ledger = t.services.ledger;
    const failingLedger: RewardLedger = {
      earn: async (input) => {
        const racing = faults.beforeEarn;
        faults.beforeEarn = undefined;
        await racing?.();
        if (faults.earn?.(input)) {
          faults.earn = undefined;
          throw new Error('injected: the ledger is down');
        }
        return ledger.earn(input);
      },
      reverseGrant: async (input) => {
        if (faults.reverseGrant) {
          faults.reverseGrant = false;
          throw new Error('injected: the ledger is down');
        }
        return ledger.reverseGrant(input);
      },
    };
    const update = completions.findOneAndUpdate.bind(completions);
    const failingCompletions = new Proxy(completions, {
      get(target, property, receiver) {
        if (property !== 'findOneAndUpdate') return Reflect.get(target, property, receiver);
        return (...args: Parameters<typeof update>) => {
          const change = (args[1] ?? {}) as Record<string, unknown>;
          if (faults.completionUpdate?.(change)) {
            faults.completionUpdate = undefined;
            throw new Error('injected: the database went away');
          }
          return update(...args);
        };
      },
    });
    const connection = t.mongo.connection;
    tasks = createTasks({
      models: {
        tasks: taskModel(connection),
        progress: taskProgressModel(connection),
        completions: failingCompletions,
        counters: taskMemberCounterModel(connection),
        counts: taskCountsModel(connection),
      },
      rewards: new RewardGranter({ ledger: failingLedger }),
      members: t.services.members,
      audit: t.services.audit,
      clock: t.clock,
      timeZone: t.config.businessTimeZone,
      walker: t.services.batchWalker,
      resumeGraceMs: GRACE_MS,
    });
  });
  after(() => t.close());
  beforeEach(async () => {
    faults = {};
    t.clock.set('2026-06-01T02:00:00.000Z');
    await pauseAll();
  });

  /** Each test counts with its own task only. */
  async function pauseAll(): Promise<void> {
    for (const task of (await tasks.definitions.list({ status: 'active', limit: 100 })).items)
      await tasks.definitions.pause(task.id, SYSTEM);
  }

  const setsRewarded = (change: Record<string, unknown>) => Boolean((change.$set as Record<string, unknown> | undefined)?.rewardedAt);
  const claims = (change: Record<string, unknown>) => (change.$set as Record<string, unknown> | undefined)?.state === 'claimed';

  async function aMember(): Promise<{ id: string; externalId: string }> {
    return t.services.members.ensure(`crash-${randomBytes(5).toString('hex')}`);
  }

  async function aTask(fields: Record<string, unknown> = {}): Promise<string> {
    const task = await tasks.definitions.create(
      {
        name: `task-${randomBytes(3).toString('hex')}`,
        kind: 'once',
        trigger: { eventType: 'order.paid', measure: 'count' },
        target: 1,
        rewards: [
          { type: 'points', amount: 10 },
          { type: 'growth', amount: 4 },
        ],
        claimMode: 'manual',
        ...fields,
      } as Parameters<typeof tasks.definitions.create>[0],
      SYSTEM,
    );
    return task.id;
  }

  function anOrder(member: { id: string; externalId: string }, amount = 100): PipelineEvent {
    const id = `evt-${randomBytes(5).toString('hex')}`;
    return toPipelineEvent(
      { id, type: 'order.paid', occurredAt: t.clock.now(), attributes: { orderId: `order-${id}`, amount, currency: 'CNY' } },
      member,
      t.clock.now(),
    );
  }

  /** Plans and applies an event through the tasks consumer, as the pipeline would. */
  async function apply(event: PipelineEvent): Promise<void> {
    await tasks.consumer.apply(event, await tasks.consumer.plan(event));
  }

  async function balance(memberId: string): Promise<{ points: number; growth: number }> {
    const summary = await t.services.ledger.summary(memberId);
    return { points: summary.available, growth: summary.growth };
  }

  async function entryCount(memberId: string): Promise<number> {
    return (await t.services.ledger.ledger(memberId, { limit: 100 })).items.filter((e) => e.delta !== 0).length;
  }

  async function resume(): Promise<Record<string, number>> {
    runs += 1;
    return tasks.sweeps.resume(t.clock.now(), `tasks.resume@test:${runs}`);
  }

  async function completionOf(memberId: string, taskId: string): Promise<TaskCompletion> {
    const found = await completions.findOne({ memberId, taskId }).lean();
    expect(found).to.not.equal(null);
    return found!;
  }

  it('a ledger failure right after the claim: claimed, not granted; the job grants after the grace period, once', async () => {
    const member = await aMember();
    const taskId = await aTask();
    await apply(anOrder(member));
    faults.earn = () => true;

    let failed: unknown = null;
    await tasks.memberTasks.claim(member.id, taskId, {}, null).catch((err: unknown) => (failed = err));
    expect(String(failed)).to.contain('injected');
    expect(await completionOf(member.id, taskId)).to.include({ state: 'claimed', rewardedAt: null });
    expect(await balance(member.id)).to.deep.equal({ points: 0, growth: 0 });

    expect((await resume()).granted ?? 0).to.equal(0);
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    expect((await resume()).granted).to.equal(1);
    expect((await resume()).completions).to.equal(0);

    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    expect(await entryCount(member.id)).to.equal(2);
    const done = await completionOf(member.id, taskId);
    expect(done.rewardedAt).to.be.an.instanceOf(Date);
    expect(done.followUp).to.equal(undefined);
    expect(done.rewards.every((r) => typeof r.entryId === 'string')).to.equal(true);
  });

  it('a grant that fails again in the job is left for the next run; the others go on', async () => {
    const taskId = await aTask();
    const members = [await aMember(), await aMember()];
    for (const member of members) {
      await apply(anOrder(member));
      faults.earn = () => true;
      await tasks.memberTasks.claim(member.id, taskId, {}, null).catch(() => undefined);
    }
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    faults.earn = () => true;

    expect(await resume()).to.include({ completions: 2, granted: 1, failed: 1 });
    expect(await resume()).to.include({ completions: 1, granted: 1, failed: 0 });
    for (const member of members) expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
  });

  it('a failure between the two rewards: the job grants the missing one only', async () => {
    const member = await aMember();
    const taskId = await aTask();
    await apply(anOrder(member));
    faults.earn = (input) => input.currency === 'growth';

    await tasks.memberTasks.claim(member.id, taskId, {}, null).catch(() => undefined);
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    await resume();

    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    expect(await entryCount(member.id)).to.equal(2);
  });

  it('a failure after the grants, before they are recorded: the job records them without granting again', async () => {
    const member = await aMember();
    const taskId = await aTask();
    await apply(anOrder(member));
    faults.completionUpdate = setsRewarded;

    await tasks.memberTasks.claim(member.id, taskId, {}, null).catch(() => undefined);
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    expect(await completionOf(member.id, taskId)).to.include({ rewardedAt: null });
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    await resume();

    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    expect(await entryCount(member.id)).to.equal(2);
    expect((await completionOf(member.id, taskId)).rewardedAt).to.be.an.instanceOf(Date);
  });

  it('a failure at the claim itself changes nothing: the member claims again', async () => {
    const member = await aMember();
    const taskId = await aTask();
    await apply(anOrder(member));
    faults.completionUpdate = claims;

    await tasks.memberTasks.claim(member.id, taskId, {}, null).catch(() => undefined);
    expect(await completionOf(member.id, taskId)).to.include({ state: 'completed' });
    const claim = await tasks.memberTasks.claim(member.id, taskId, {}, null);

    expect(claim.state).to.equal('claimed');
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
  });

  it('a claim retried with its Idempotency-Key after a failure finishes it; another key is told ALREADY_CLAIMED', async () => {
    const member = await aMember();
    const taskId = await aTask();
    await apply(anOrder(member));
    faults.earn = () => true;

    await tasks.memberTasks.claim(member.id, taskId, {}, 'member:x:k:claim-1').catch(() => undefined);
    const other = await tasks.memberTasks.claim(member.id, taskId, {}, 'member:x:k:claim-2').catch((err: AppError) => err);
    expect((other as AppError).code).to.equal('ALREADY_CLAIMED');
    const retried = await tasks.memberTasks.claim(member.id, taskId, {}, 'member:x:k:claim-1');

    expect(retried.state).to.equal('claimed');
    expect(retried.rewards.every((r) => typeof r.entryId === 'string')).to.equal(true);
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
  });

  it('an automatic reward cut off after its completion (born claimed) and before its grant: a re-run of the event, or the job, grants it once', async () => {
    for (const finish of ['re-run', 'job'] as const) {
      await pauseAll();
      const member = await aMember();
      const taskId = await aTask({ claimMode: 'auto' });
      const event = anOrder(member);
      const plan = await tasks.consumer.plan(event);
      faults.earn = () => true;

      let failed = false;
      await tasks.consumer.apply(event, plan).catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect(await completionOf(member.id, taskId)).to.include({ state: 'claimed', followUp: true, rewardedAt: null });
      expect(await balance(member.id)).to.deep.equal({ points: 0, growth: 0 });

      if (finish === 're-run') await tasks.consumer.apply(event, plan);
      else {
        t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
        expect((await resume()).granted).to.equal(1);
      }
      await tasks.consumer.apply(event, plan);
      await resume();

      expect(await balance(member.id), finish).to.deep.equal({ points: 10, growth: 4 });
      expect(await completionOf(member.id, taskId)).to.include({ state: 'claimed' });
    }
  });

  function aRefundOf(order: PipelineEvent, member: { id: string; externalId: string }): PipelineEvent {
    return toPipelineEvent(
      {
        id: `refund-${order.id}`,
        type: 'order.refunded',
        occurredAt: t.clock.now(),
        attributes: { orderId: order.order!.orderId, refundAmount: order.order!.amount, orderAmount: order.order!.amount },
      },
      member,
      t.clock.now(),
    );
  }

  it('a refund that revokes a completion while its grant is on the way: the claim takes its grant back', async () => {
    const member = await aMember();
    const taskId = await aTask();
    const order = anOrder(member, 500);
    await apply(order);
    faults.beforeEarn = () => apply(aRefundOf(order, member));

    await tasks.memberTasks.claim(member.id, taskId, {}, null);

    expect(await completionOf(member.id, taskId)).to.include({ state: 'revoked' });
    expect((await completionOf(member.id, taskId)).reversedAt).to.be.an.instanceOf(Date);
    expect(await balance(member.id)).to.deep.equal({ points: 0, growth: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    expect((await resume()).completions).to.equal(0);
    expect(await balance(member.id)).to.deep.equal({ points: 0, growth: 0 });
  });

  it('a refund cut off after the revocation: the job reverses the reward once', async () => {
    const member = await aMember();
    const taskId = await aTask({ claimMode: 'auto' });
    const order = anOrder(member, 500);
    await apply(order);
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    const refund = aRefundOf(order, member);
    faults.reverseGrant = true;

    await apply(refund).catch(() => undefined);
    expect(await completionOf(member.id, taskId)).to.include({ state: 'revoked', reversedAt: null });
    expect(await balance(member.id)).to.deep.equal({ points: 10, growth: 4 });
    t.clock.set(new Date(t.clock.now().getTime() + GRACE_MS));
    expect((await resume()).reversed).to.equal(1);
    await apply(refund);
    await resume();

    expect(await balance(member.id)).to.deep.equal({ points: 0, growth: 0 });
    expect((await completionOf(member.id, taskId)).reversedAt).to.be.an.instanceOf(Date);
  });
});
