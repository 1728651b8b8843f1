import type { MallRewardView, RewardCodesAddedView } from '@laurel/shared';
import { CodePool } from '@laurel/server/modules/mall/codes.js';
import { rewardCodeModel } from '@laurel/server/modules/mall/model.js';
import { expect } from 'chai';
import { bearer, errorOf, listAll } from '../../support/builders.js';
import {
  aMemberWith,
  aReward,
  codeCounts,
  memberAuth,
  redeemed,
  rewardOf,
  setClock,
  START,
  startMallApp,
  type MallApp,
} from './support.js';

describe('mall: operators configure rewards and code pools', function () {
  this.timeout(120_000);
  let app: MallApp;

  before(async () => {
    app = await startMallApp();
  });
  after(() => app.t.close());
  beforeEach(() => setClock(app, START));

  const create = (body: Record<string, unknown>, token = app.operator.token) =>
    app.t.http.post('/api/admin/v1/rewards').set(bearer(token)).send(body);

  async function auditOf(id: string): Promise<{ action: string; before: unknown; after: unknown }[]> {
    const res = await app.t.http.get(`/api/admin/v1/audit?targetType=reward&targetId=${id}`).set(bearer(app.viewer.token)).expect(200);
    return (res.body as { items: { action: string; before: unknown; after: unknown }[] }).items;
  }

  it('creates a reward with every term and audits it', async () => {
    const res = await create({
      name: 'Mug',
      description: 'A mug',
      type: 'physical',
      pointsPrice: 500,
      cash: { amount: 990, currency: 'CNY' },
      stock: 20,
      saleStartsAt: '2026-06-01T00:00:00.000Z',
      saleEndsAt: '2026-07-01T00:00:00.000Z',
      limit: { count: 2, period: 'month' },
      tiers: ['gold'],
      revocable: true,
      displayOrder: 5,
    });

    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const reward = res.body as MallRewardView;
    expect(reward).to.deep.include({
      name: 'Mug',
      type: 'physical',
      pointsPrice: 500,
      cash: { amount: 990, currency: 'CNY' },
      stock: { total: 20, left: 20 },
      limit: { count: 2, period: 'month' },
      tiers: ['gold'],
      revocable: true,
      status: 'active',
      version: 1,
      couponTemplateId: null,
      benefit: null,
    });
    const [entry] = await auditOf(reward.id);
    expect(entry!.action).to.equal('reward.create');
  });

  it('refuses invalid rewards with the fields at fault', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', type: 'coupon', pointsPrice: 10 }, 'couponTemplateId'],
      [{ name: 'x', type: 'benefit', pointsPrice: 10 }, 'benefit'],
      [{ name: 'x', type: 'physical', pointsPrice: 0 }, 'pointsPrice'],
      [{ name: 'x', type: 'physical', pointsPrice: 1.5 }, 'pointsPrice'],
      [{ name: 'x', type: 'physical', pointsPrice: 10, stock: -1 }, 'stock'],
      [{ name: 'x', type: 'virtual_code', pointsPrice: 10, stock: 5 }, 'stock'],
      [
        { name: 'x', type: 'physical', pointsPrice: 10, saleStartsAt: '2026-06-02T00:00:00.000Z', saleEndsAt: '2026-06-01T00:00:00.000Z' },
        'saleEndsAt',
      ],
      [{ name: 'x', type: 'physical', pointsPrice: 10, limit: { count: 1, period: 'decade' } }, 'limit.period'],
      [{ name: 'x', type: 'physical', pointsPrice: 10, cash: { amount: 1, currency: 'cny' } }, 'cash.currency'],
      [{ name: 'x', type: 'physical', pointsPrice: 10, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      const fields = (errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field);
      expect(fields, JSON.stringify(body)).to.include(field);
    }
  });

  it('changes a reward under its version, audits before and after, and moves what is left with a new total stock', async () => {
    const reward = await aReward(app, { stock: 10, pointsPrice: 100 });
    const member = await aMemberWith(app, 1000);
    await redeemed(app, member.externalId, reward.id, 3);

    const res = await app.t.http
      .patch(`/api/admin/v1/rewards/${reward.id}`)
      .set(bearer(app.operator.token))
      .send({ version: 1, pointsPrice: 80, stock: 15, limit: { count: 1, period: 'year' } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body as MallRewardView).to.deep.include({ pointsPrice: 80, stock: { total: 15, left: 12 }, version: 2 });

    const stale = await app.t.http
      .patch(`/api/admin/v1/rewards/${reward.id}`)
      .set(bearer(app.operator.token))
      .send({ version: 1, name: 'y' });
    expect(stale.status).to.equal(409);
    const removed = await app.t.http.patch(`/api/admin/v1/rewards/${reward.id}`).set(bearer(app.operator.token)).send({ limit: null });
    expect((removed.body as MallRewardView).limit).to.equal(null);
    const [latest, previous] = await auditOf(reward.id);
    expect(latest!.action).to.equal('reward.update');
    expect(previous!.action).to.equal('reward.update');
  });

  it('pauses, resumes and archives a reward; an archived one is frozen and leaves the mall', async () => {
    const reward = await aReward(app);
    const member = await aMemberWith(app, 0);
    const act = (action: string) => app.t.http.post(`/api/admin/v1/rewards/${reward.id}/${action}`).set(bearer(app.operator.token));

    expect(((await act('pause')).body as MallRewardView).status).to.equal('paused');
    expect(((await act('pause')).body as MallRewardView).version, 'pausing twice changes nothing').to.equal(2);
    expect(((await act('resume')).body as MallRewardView).status).to.equal('active');
    expect(((await act('archive')).body as MallRewardView).status).to.equal('archived');
    expect((await act('resume')).status).to.equal(409);
    const patch = await app.t.http.patch(`/api/admin/v1/rewards/${reward.id}`).set(bearer(app.operator.token)).send({ name: 'z' });
    expect(patch.status).to.equal(409);
    const mall = await app.t.http.get('/api/v1/rewards').set(memberAuth(app, member.externalId));
    expect((mall.body as { items: { rewardId: string }[] }).items.map((i) => i.rewardId)).to.not.include(reward.id);
    expect((await auditOf(reward.id)).map((e) => e.action)).to.deep.equal([
      'reward.archive',
      'reward.resume',
      'reward.pause',
      'reward.create',
    ]);
  });

  it('adds codes to a pool as stock, skipping and counting duplicates, and counts a retried upload once', async () => {
    const reward = await aReward(app, { type: 'virtual_code', stock: 0 });
    const upload = (codes: string[]) =>
      app.t.http.post(`/api/admin/v1/rewards/${reward.id}/codes`).set(bearer(app.operator.token)).send({ codes });

    const first = await upload(['C-1', 'C-2', 'C-2', 'C-3']);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body as RewardCodesAddedView).to.deep.include({ added: 3, duplicates: 1, available: 3, total: 3 });
    const retry = await upload(['C-1', 'C-2', 'C-2', 'C-3']);
    expect(retry.body as RewardCodesAddedView).to.deep.include({ added: 0, duplicates: 4, available: 3 });
    const more = await upload(['C-3', 'C-4']);
    expect(more.body as RewardCodesAddedView).to.deep.include({ added: 1, duplicates: 1, available: 4 });

    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 4, left: 4 });
    const counts = await codeCounts(app, reward.id);
    expect(counts).to.deep.equal({ rewardId: reward.id, available: 4, assigned: 0, voided: 0, total: 4 });
    expect(JSON.stringify(counts)).to.not.include('C-1');
    const audit = await auditOf(reward.id);
    expect(audit.filter((e) => e.action === 'reward.codes.add')).to.have.length(2);
    expect(JSON.stringify(audit)).to.not.include('C-1');
  });

  it('counts the codes of an upload cut off after inserting them when it is retried, once', async () => {
    const reward = await aReward(app, { type: 'virtual_code', stock: 0 });
    const codes = ['K-1', 'K-2', 'K-3'];
    // The first try inserted its codes and died before the stock was counted.
    await rewardCodeModel(app.t.mongo.connection).insertMany(
      codes.slice(0, 2).map((code) => ({
        rewardId: reward.id,
        code,
        state: 'available',
        batch: CodePool.batchOf(reward.id, codes),
        createdAt: new Date(),
      })),
    );

    const retry = await app.t.http.post(`/api/admin/v1/rewards/${reward.id}/codes`).set(bearer(app.operator.token)).send({ codes });

    expect(retry.body as RewardCodesAddedView).to.deep.include({ added: 3, duplicates: 0, available: 3 });
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 3, left: 3 });
  });

  it('refuses codes for a reward that is not a code pool, and a stock change of one that is', async () => {
    const physical = await aReward(app);
    const codes = await app.t.http
      .post(`/api/admin/v1/rewards/${physical.id}/codes`)
      .set(bearer(app.operator.token))
      .send({ codes: ['A'] });
    expect(codes.status).to.equal(422);
    const pool = await aReward(app, { type: 'virtual_code', stock: 0 });
    const stock = await app.t.http.patch(`/api/admin/v1/rewards/${pool.id}`).set(bearer(app.operator.token)).send({ stock: 5 });
    expect(stock.status).to.equal(400);
    const spaces = await app.t.http
      .post(`/api/admin/v1/rewards/${pool.id}/codes`)
      .set(bearer(app.operator.token))
      .send({ codes: ['has space'] });
    expect(spaces.status).to.equal(400);
  });

  it('lets viewers read but not change, and lists rewards by status and type', async () => {
    const reward = await aReward(app, { active: false, type: 'physical' });
    expect((await create({ name: 'x', type: 'physical', pointsPrice: 1 }, app.viewer.token)).status).to.equal(403);
    const upload = await app.t.http
      .post(`/api/admin/v1/rewards/${reward.id}/codes`)
      .set(bearer(app.viewer.token))
      .send({ codes: ['A'] });
    expect(upload.status).to.equal(403);
    const paused = await listAll<MallRewardView>(app.t, '/api/admin/v1/rewards?status=paused&type=physical', app.viewer.token);
    expect(paused.map((r) => r.id)).to.include(reward.id);
    expect(paused.every((r) => r.status === 'paused' && r.type === 'physical')).to.equal(true);
    expect((await app.t.http.get('/api/admin/v1/rewards/nope').set(bearer(app.viewer.token))).status).to.equal(404);
  });
});
