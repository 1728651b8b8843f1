import type { MallRewardView, RedemptionView } from '@laurel/shared';
import type { MallFaultPoint } from '@laurel/server/modules/mall/faults.js';
import { expect } from 'chai';
import {
  aCodeReward,
  aMemberWith,
  aReward,
  codeCounts,
  expectLedgerClean,
  GRACE_MS,
  mallOf,
  memberAuth,
  redeemRequest,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

const FORWARD: MallFaultPoint[] = ['created', 'limit', 'hold', 'points_held', 'stock', 'stock_taken', 'issue', 'issued', 'capture'];
const UNDO: MallFaultPoint[] = ['undo_issue', 'undo_stock', 'undo_points', 'undo_limit'];

interface Books {
  available: number;
  held: number;
  stockLeft: number;
  codesAvailable: number;
  codesAssigned: number;
  limitLeft: number;
}

describe('mall: a redemption that fails or crashes at any step ends as if it ran once or never', function () {
  this.timeout(300_000);
  let app: MallApp;

  before(async () => {
    app = await startMallApp();
  });
  after(() => app.t.close());
  beforeEach(async () => {
    app.faults.revive();
    await setClock(app, START);
  });

  /** A code reward (2 codes, 100 points, one per member and day) and a member with 300 points. */
  async function aSetting(): Promise<{ reward: MallRewardView; externalId: string }> {
    const reward = await aCodeReward(
      app,
      ['X-1', 'X-2'].map((c) => `${c}-${Math.random().toString(36).slice(2, 8)}`),
      {
        pointsPrice: 100,
        limit: { count: 1, period: 'day' },
      },
    );
    const member = await aMemberWith(app, 300);
    return { reward, externalId: member.externalId };
  }

  async function books(reward: MallRewardView, externalId: string): Promise<Books> {
    const summary = await summaryOf(app, externalId);
    const codes = await codeCounts(app, reward.id);
    const item = (await mallOf(app, externalId)).items.find((i) => i.rewardId === reward.id);
    return {
      available: summary.available,
      held: summary.held,
      stockLeft: (await rewardOf(app, reward.id)).stock.left,
      codesAvailable: codes.available,
      codesAssigned: codes.assigned,
      limitLeft: item!.limit!.left,
    };
  }

  const untouched: Books = { available: 300, held: 0, stockLeft: 2, codesAvailable: 2, codesAssigned: 0, limitLeft: 1 };
  const redeemedOnce: Books = { available: 200, held: 0, stockLeft: 1, codesAvailable: 1, codesAssigned: 1, limitLeft: 0 };

  async function redemptionsOf(externalId: string): Promise<RedemptionView[]> {
    const res = await app.t.http.get('/api/v1/me/redemptions').set(memberAuth(app, externalId)).expect(200);
    return (res.body as { items: RedemptionView[] }).items;
  }

  async function runResume(): Promise<Record<string, number>> {
    return (await app.t.services.scheduler.runJob('mall.resume')).counts;
  }

  for (const point of FORWARD) {
    it(`undoes everything after a failure at ${point}, and the member can redeem again`, async () => {
      const { reward, externalId } = await aSetting();
      app.faults.failOnce(point);

      const res = await redeemRequest(app, externalId, { rewardId: reward.id });

      expect(res.status, JSON.stringify(res.body)).to.equal(500);
      expect(app.faults.fired).to.deep.equal([point]);
      expect((await redemptionsOf(externalId)).map((r) => r.state)).to.deep.equal(['failed']);
      expect(await books(reward, externalId)).to.deep.equal(untouched);
      await expectLedgerClean(app);

      const again = await redeemRequest(app, externalId, { rewardId: reward.id });
      expect(again.status, JSON.stringify(again.body)).to.equal(201);
      expect(await books(reward, externalId)).to.deep.equal(redeemedOnce);
    });
  }

  it('answers the completed redemption when the failure comes after the last step was recorded', async () => {
    const { reward, externalId } = await aSetting();
    app.faults.failOnce('completed');

    const res = await redeemRequest(app, externalId, { rewardId: reward.id });

    expect(app.faults.fired).to.deep.equal(['completed']);
    expect(res.status).to.equal(201);
    expect((res.body as RedemptionView).state).to.equal('completed');

    expect((await redemptionsOf(externalId)).map((r) => r.state)).to.deep.equal(['completed']);
    expect(await books(reward, externalId)).to.deep.equal(redeemedOnce);
    await expectLedgerClean(app);
  });

  for (const point of [...FORWARD, 'unwinding' as const]) {
    it(`finishes a redemption whose process died at ${point}, once, after the grace`, async () => {
      const { reward, externalId } = await aSetting();
      app.faults.killAt(point === 'unwinding' ? 'unwinding' : point);
      if (point === 'unwinding') app.faults.failOnce('capture');

      expect((await redeemRequest(app, externalId, { rewardId: reward.id })).status).to.equal(500);
      app.faults.revive();
      const [midway] = await redemptionsOf(externalId);
      expect(midway!.state).to.not.be.oneOf(['completed', 'failed']);

      expect(await runResume(), 'left to its request during the grace').to.deep.include({ redemptions: 0 });
      app.t.clock.advance(GRACE_MS + 1);
      expect(await runResume()).to.deep.include({ redemptions: 1, completed: 1 });
      expect(await runResume(), 'a second run changes nothing').to.deep.include({ redemptions: 0 });

      const [ended] = await redemptionsOf(externalId);
      expect(ended).to.include({ id: midway!.id, state: 'completed' });
      expect(ended!.issued).to.have.length(1);
      expect(await books(reward, externalId)).to.deep.equal(redeemedOnce);
      await expectLedgerClean(app);
    });
  }

  for (const point of UNDO) {
    it(`finishes undoing a failed redemption whose process died at ${point}, once, after the grace`, async () => {
      const { reward, externalId } = await aSetting();
      app.faults.failOnce('capture').killAt(point);

      expect((await redeemRequest(app, externalId, { rewardId: reward.id })).status).to.equal(500);
      app.faults.revive();

      app.t.clock.advance(GRACE_MS + 1);
      expect(await runResume()).to.deep.include({ redemptions: 1, failed: 1 });
      expect(await runResume()).to.deep.include({ redemptions: 0 });

      const [ended] = await redemptionsOf(externalId);
      expect(ended!.state).to.equal('failed');
      expect(await books(reward, externalId)).to.deep.equal(untouched);
      await expectLedgerClean(app);
    });
  }

  for (const point of UNDO) {
    it(`finishes a cancel whose process died at ${point}, once, after the grace`, async () => {
      const reward = await aReward(app, { pointsPrice: 100, stock: 2, revocable: true, limit: { count: 1, period: 'day' } });
      const { externalId } = await aMemberWith(app, 300);
      const done = await redeemRequest(app, externalId, { rewardId: reward.id });
      const id = (done.body as RedemptionView).id;
      app.faults.killAt(point);

      const cancel = await app.t.http.post(`/api/v1/me/redemptions/${id}/cancel`).set(memberAuth(app, externalId));
      expect(cancel.status).to.equal(500);
      app.faults.revive();

      app.t.clock.advance(GRACE_MS + 1);
      expect(await runResume()).to.deep.include({ redemptions: 1, cancelled: 1 });
      const [ended] = await redemptionsOf(externalId);
      expect(ended!.state).to.equal('cancelled');
      expect(await books(reward, externalId)).to.deep.equal({ ...untouched, codesAvailable: 0 });
      await expectLedgerClean(app);
    });
  }

  it('lets a retry with the same Idempotency-Key finish a redemption a crash interrupted', async () => {
    const { reward, externalId } = await aSetting();
    app.faults.killAt('stock_taken');
    expect((await redeemRequest(app, externalId, { rewardId: reward.id }, 'retry-me')).status).to.equal(500);
    app.faults.revive();

    const retry = await redeemRequest(app, externalId, { rewardId: reward.id }, 'retry-me');

    expect(retry.status, JSON.stringify(retry.body)).to.equal(201);
    expect((retry.body as RedemptionView).state).to.equal('completed');
    expect(await redemptionsOf(externalId)).to.have.length(1);
    expect(await books(reward, externalId)).to.deep.equal(redeemedOnce);
    await expectLedgerClean(app);
  });
});
