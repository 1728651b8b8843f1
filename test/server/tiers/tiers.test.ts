import { AdminRole, ApiScope, type MemberTierView, type TierChangeView } from '@laurel/shared';
import { expect } from 'chai';
import { businessMonthOf } from '@laurel/server/platform/periods.js';
import { metricAt } from '@laurel/server/modules/tiers/window.js';
import { aMemberToken, anApiKey, anOperator, aTierMultiplier, bearer, nowSeconds, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const ZONE = 'America/New_York';

describe('tiers', function () {
  this.timeout(300_000);
  let t: TestApp;
  let admin: Operator;
  let viewer: Operator;
  let apiKey: string;
  let n = 0;

  before(async () => {
    t = await startTestApp({ env: { BUSINESS_TIME_ZONE: ZONE, TIER_WINDOW: 'rolling_months:12', RATE_LIMIT_API_KEY_MAX: '1000000' } });
    t.clock.set('2026-03-10T15:00:00.000Z');
    admin = await anOperator(t, AdminRole.Operator);
    viewer = await anOperator(t, AdminRole.Viewer);
    apiKey = await anApiKey(t, [ApiScope.EventsWrite]);
    for (const tier of [
      { code: 'silver', name: '白银', rank: 1, entryThreshold: 100, retentionThreshold: 80, validityMonths: 12, graceDays: 10 },
      { code: 'gold', name: '黄金', rank: 2, entryThreshold: 500, retentionThreshold: 400, validityMonths: 12, graceDays: 10 },
    ]) {
      await t.http.post('/api/admin/v1/tiers').set(bearer(admin.token)).send(tier).expect(201);
    }
    await aTierMultiplier(t, admin.token, 'gold', 150);
    await t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer((await anOperator(t, AdminRole.Admin)).token))
      .send({ name: 'growth per order', eventType: 'order.paid', currency: 'growth', formula: { kind: 'per_amount', unit: 100, rate: 1 } })
      .expect(201);
  });
  after(() => t.close());

  async function aMember(): Promise<string> {
    n += 1;
    return (await t.services.members.ensure(`tier-member-${n}`)).id;
  }
  async function adjustGrowth(memberId: string, amount: number): Promise<void> {
    n += 1;
    await t.http
      .post(`/api/admin/v1/members/${memberId}/adjustments`)
      .set(bearer(admin.token))
      .set('Idempotency-Key', `adj-${n}`)
      .send({ currency: 'growth', amount, reason: 'test' })
      .expect(201);
  }
  async function tierOf(memberId: string): Promise<MemberTierView> {
    return (await t.http.get(`/api/admin/v1/members/${memberId}/tier`).set(bearer(viewer.token)).expect(200)).body as MemberTierView;
  }
  async function historyOf(memberId: string): Promise<TierChangeView[]> {
    const res = await t.http.get(`/api/admin/v1/members/${memberId}/tier/history`).set(bearer(viewer.token)).expect(200);
    return (res.body as { items: TierChangeView[] }).items;
  }
  /** Moves the clock; operators log in again (their tokens are short-lived on the app's clock). */
  async function at(iso: string): Promise<void> {
    t.clock.set(iso);
    for (const op of [admin, viewer]) {
      const res = await t.http.post('/api/admin/v1/auth/login').send({ email: op.email, password: op.password }).expect(200);
      op.token = (res.body as { token: string }).token;
    }
  }
  const evaluate = (): Promise<unknown> => t.services.tiers.evaluateDue(t.clock.now(), `eval-${t.clock.now().toISOString()}`);

  it('upgrades the member in the same request that paid the order', async () => {
    const externalId = 'tier-buyer-1';
    const res = await t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({
        id: 'tier-evt-1',
        type: 'order.paid',
        occurredAt: '2026-03-10T14:00:00Z',
        member: { externalId },
        attributes: { orderId: 'o-1', amount: 60_000, currency: 'USD' },
      })
      .expect(201);
    expect(res.body.grants[0].amount).to.equal(600);
    const member = await t.services.members.findByExternalId(externalId);
    expect(member.tier).to.equal('gold');
    const history = await historyOf(member.id);
    expect(history.map((h) => [h.from, h.to, h.reason])).to.deep.equal([[null, 'gold', 'upgrade']]);
  });

  it('upgrades on an operator adjustment of growth and counts a replayed adjustment once', async () => {
    const id = await aMember();
    await adjustGrowth(id, 60);
    expect((await tierOf(id)).tier).to.equal(null);
    const send = () =>
      t.http
        .post(`/api/admin/v1/members/${id}/adjustments`)
        .set(bearer(admin.token))
        .set('Idempotency-Key', `same-${id}`)
        .send({ currency: 'growth', amount: 50, reason: 'bonus' });
    await send().expect(201);
    await send().expect(201);
    const view = await tierOf(id);
    expect(view.tier).to.equal('silver');
    expect(view.current).to.equal(110);
    expect(view.next).to.deep.include({ tier: 'gold', needed: 390 });
  });

  it('lets a refund lower growth without changing the tier until evaluation', async () => {
    const externalId = 'tier-refunder';
    const order = { orderId: 'o-refund', amount: 12_000, currency: 'USD' };
    await t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({ id: 'tier-evt-paid', type: 'order.paid', occurredAt: '2026-03-10T14:00:00Z', member: { externalId }, attributes: order })
      .expect(201);
    const id = (await t.services.members.findByExternalId(externalId)).id;
    expect((await tierOf(id)).tier).to.equal('silver');
    await t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({
        id: 'tier-evt-refund',
        type: 'order.refunded',
        occurredAt: '2026-03-10T14:30:00Z',
        member: { externalId },
        attributes: { orderId: 'o-refund', refundAmount: 10_000 },
      })
      .expect(201);
    const view = await tierOf(id);
    expect(view.tier).to.equal('silver');
    expect(view.current).to.equal(20);
    expect(view.neededToKeep).to.equal(60);
  });

  it("multiplies points granted by earning rules by the multiplier of the member's tier package", async () => {
    const rules = await t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer((await anOperator(t, AdminRole.Admin)).token))
      .send({ name: 'points per order', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 100 } })
      .expect(201);
    const send = (id: string, externalId: string) =>
      t.http
        .post('/api/v1/events')
        .set(bearer(apiKey))
        .send({
          id,
          type: 'order.paid',
          occurredAt: '2026-03-10T14:00:00Z',
          member: { externalId },
          attributes: { orderId: id, amount: 100, currency: 'USD' },
        });
    const gold = (await send('mult-1', 'tier-buyer-1').expect(201)).body as { grants: { currency: string; amount: number }[] };
    const none = (await send('mult-2', 'tier-nobody').expect(201)).body as { grants: { currency: string; amount: number }[] };
    expect(gold.grants.find((g) => g.currency === 'points')!.amount).to.equal(150);
    expect(none.grants.find((g) => g.currency === 'points')!.amount).to.equal(100);
    await t.http
      .post(`/api/admin/v1/earning-rules/${rules.body.id}/archive`)
      .set(bearer((await anOperator(t, AdminRole.Admin)).token))
      .expect(200);
  });

  it('finishes a tier change interrupted between its anchor and the member update', async () => {
    const id = await aMember();
    await adjustGrowth(id, 120);
    const changes = t.mongo.connection.collection('tier_changes');
    const [first] = await changes.find({ memberId: id }).toArray();
    // A crash after the anchor of the next change: the anchor exists at seq 2, the member is still at version 1.
    await changes.insertOne({
      ...first!,
      _id: new (await import('mongoose')).Types.ObjectId(),
      seq: 2,
      from: 'silver',
      to: 'gold',
      reason: 'manual',
      state: { ...first!.state, tier: 'gold' },
    });
    expect((await tierOf(id)).tier).to.equal('silver');
    await adjustGrowth(id, 500); // the next tier operation meets the anchor and applies it first
    expect((await tierOf(id)).tier).to.equal('gold');
    expect((await historyOf(id)).map((h) => h.seq)).to.deep.equal([2, 1]);
  });

  it('keeps the tier for another period when retention is met, and downgrades after grace when missed', async () => {
    await at('2026-03-10T15:00:00.000Z');
    const keeper = await aMember();
    const loser = await aMember();
    await adjustGrowth(keeper, 150);
    await adjustGrowth(loser, 150);
    const view = await tierOf(keeper);
    expect(view.validUntil).to.equal('2027-03-11T04:59:59.999Z'); // end of 2027-03-10 in New York (EST, before DST)
    expect(view.decidesOn).to.equal('2027-03-21');
    // A year on, the keeper earned enough in the last 12 months; the loser's growth has left the window.
    await at('2027-02-15T15:00:00.000Z');
    await adjustGrowth(keeper, 90);
    // Validity has ended but grace runs: nothing happens yet.
    await at('2027-03-15T12:00:00.000Z');
    await evaluate();
    expect((await tierOf(loser)).tier).to.equal('silver');
    await at('2027-03-21T12:00:00.000Z');
    await evaluate();
    expect((await tierOf(keeper)).tier).to.equal('silver');
    expect((await tierOf(keeper)).validUntil).to.equal('2028-03-11T04:59:59.999Z');
    expect((await tierOf(loser)).tier).to.equal(null);
    const history = await historyOf(loser);
    expect(history[0]).to.deep.include({ from: 'silver', to: null, reason: 'retention_missed' });
    // Running again changes nothing.
    await evaluate();
    expect(await historyOf(loser)).to.have.length(2);
  });

  it('catches up on decision days that passed while the job did not run, however long ago', async () => {
    await at('2026-04-01T15:00:00.000Z');
    const member = await aMember();
    await adjustGrowth(member, 150);
    expect((await tierOf(member)).decidesOn).to.equal('2027-04-12');
    // The scheduler was down from before that day until 70 days after it.
    await at('2027-06-20T12:00:00.000Z');
    await evaluate();
    expect((await tierOf(member)).tier).to.equal(null);
    expect((await historyOf(member))[0]).to.deep.include({ from: 'silver', to: null, reason: 'retention_missed' });
  });

  it('warns once per validity period, N days before the decision day, only when the member falls short', async () => {
    await at('2026-03-31T15:00:00.000Z');
    const id = await aMember();
    const keeps = await aMember();
    await adjustGrowth(id, 100);
    await adjustGrowth(keeps, 100);
    const decidesOn = (await tierOf(id)).decidesOn!;
    expect(decidesOn).to.equal('2027-04-11');
    await at('2026-05-02T15:00:00.000Z');
    await adjustGrowth(keeps, 80); // within the window at the decision day
    const warn = () => t.services.tiers.warnDowngrades(t.clock.now(), `warn-${t.clock.now().toISOString()}`);
    await at('2027-03-20T15:00:00.000Z'); // 22 days before: outside the 14 days
    expect((await warn()).warned).to.equal(0);
    await at('2027-03-30T15:00:00.000Z');
    expect((await warn()).warned).to.equal(1);
    await at('2027-03-31T15:00:00.000Z');
    expect((await warn()).warned).to.equal(0);
    const notices = await t.mongo.connection.collection('tier_notices').find({ memberId: id }).toArray();
    expect(notices).to.have.length(1);
    expect(notices[0]!.outbox[0]).to.deep.include({ type: 'tier.downgrade_warning' });
    expect(notices[0]!.outboxPending).to.equal(true);
  });

  it('places a member by hand; without autoUpgrade growth no longer upgrades them, with it it does', async () => {
    await at('2026-05-01T15:00:00.000Z');
    const fixed = await aMember();
    const free = await aMember();
    for (const [id, autoUpgrade] of [
      [fixed, false],
      [free, true],
    ] as const) {
      await t.http
        .post(`/api/admin/v1/members/${id}/tier`)
        .set(bearer(admin.token))
        .set('Idempotency-Key', `manual-${id}`)
        .send({ tier: 'silver', validUntil: '2026-12-31T23:00:00Z', reason: 'VIP complaint', autoUpgrade })
        .expect(200);
      await adjustGrowth(id, 600);
    }
    expect((await tierOf(fixed)).tier).to.equal('silver');
    expect((await tierOf(free)).tier).to.equal('gold');
    const history = await historyOf(fixed);
    expect(history[0]).to.deep.include({ from: null, to: 'silver', reason: 'manual', note: 'VIP complaint' });
    expect(history[0]!.actor.type).to.equal('admin');
  });

  it('rejects manual placement by a viewer and on an unknown tier', async () => {
    const id = await aMember();
    const body = { tier: 'silver', reason: 'x', autoUpgrade: true };
    await t.http.post(`/api/admin/v1/members/${id}/tier`).set(bearer(viewer.token)).send(body).expect(403);
    const res = await t.http
      .post(`/api/admin/v1/members/${id}/tier`)
      .set(bearer(admin.token))
      .send({ ...body, tier: 'diamond' })
      .expect(400);
    expect(res.body.error.details.fields[0].field).to.equal('tier');
  });

  it('does not re-tier anyone when a definition changes; the dry run counts who would move, the run moves them', async () => {
    await at('2026-06-01T15:00:00.000Z');
    const id = await aMember();
    await adjustGrowth(id, 120);
    const before = await t.http.get('/api/admin/v1/tiers/silver').set(bearer(viewer.token)).expect(200);
    await t.http
      .patch('/api/admin/v1/tiers/silver')
      .set(bearer(admin.token))
      .send({ entryThreshold: 200, retentionThreshold: 200, version: before.body.version })
      .expect(200);
    expect((await tierOf(id)).tier).to.equal('silver');
    const dry = await t.http.post('/api/admin/v1/tiers/reevaluation').set(bearer(admin.token)).send({ dryRun: true }).expect(200);
    expect(dry.body.down).to.be.greaterThan(0);
    expect(dry.body.sample.some((s: { memberId: string }) => s.memberId === id)).to.equal(true);
    expect((await tierOf(id)).tier).to.equal('silver');
    const run = await t.http.post('/api/admin/v1/tiers/reevaluation').set(bearer(admin.token)).send({}).expect(200);
    expect(run.body.job.outcome).to.equal('success');
    expect(run.body.down).to.equal(dry.body.down);
    expect((await tierOf(id)).tier).to.equal(null);
    expect((await historyOf(id))[0]).to.deep.include({ from: 'silver', to: null, reason: 'reevaluation' });
    const again = await t.http.post('/api/admin/v1/tiers/reevaluation').set(bearer(admin.token)).send({ dryRun: true }).expect(200);
    expect(again.body).to.deep.include({ up: 0, down: 0 });
    const audit = await t.http
      .get('/api/admin/v1/audit?limit=100')
      .set(bearer((await anOperator(t, AdminRole.Admin)).token))
      .expect(200);
    expect(JSON.stringify(audit.body)).to.contain('tier.update');
  });

  it('refuses invalid definitions with 400 and field details, storing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'neg', name: 'x', rank: 5, entryThreshold: -1 }, 'entryThreshold'],
      [{ code: 'frac', name: 'x', rank: 5, entryThreshold: 1.5 }, 'entryThreshold'],
      [{ code: 'low', name: 'x', rank: 5, entryThreshold: 10 }, 'entryThreshold'],
      // Benefits (a multiplier among them) attach to tiers through benefit packages only.
      [{ code: 'ben', name: 'x', rank: 5, entryThreshold: 9000, benefitIds: ['x'] }, 'benefitIds'],
      [{ code: 'mul', name: 'x', rank: 5, entryThreshold: 9000, pointsMultiplierPercent: 150 }, 'pointsMultiplierPercent'],
      [{ code: 'taken', name: 'x', rank: 1, entryThreshold: 9000 }, 'rank'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post('/api/admin/v1/tiers').set(bearer(admin.token)).send(body).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).to.include(field);
    }
    const list = await t.http.get('/api/admin/v1/tiers').set(bearer(viewer.token)).expect(200);
    expect(list.body.items.map((x: { code: string }) => x.code)).to.deep.equal(['silver', 'gold']);
  });

  it('shows the member their tier, progress and the ladder', async () => {
    const id = (await t.services.members.ensure('tier-me-1')).id;
    await adjustGrowth(id, 700);
    const res = await t.http
      .get('/api/v1/me/tier')
      .set(bearer(aMemberToken('tier-me-1', { nowSeconds: nowSeconds(t) })))
      .expect(200);
    expect(res.body).to.deep.include({ tier: 'gold', name: '黄金', metric: 'growth', current: 700, next: null, neededToKeep: 0 });
    expect(res.body.ladder.map((r: { code: string }) => r.code)).to.deep.equal(['silver', 'gold']);
  });

  it('counts months in the business time zone across DST, for rolling and calendar-year windows', () => {
    // 23:30 on 31 March in New York (EDT) is already April in UTC.
    expect(businessMonthOf(new Date('2026-04-01T03:30:00Z'), { zone: ZONE })).to.equal('2026-03');
    // 23:30 on 31 December (EST) is already next year in UTC.
    expect(businessMonthOf(new Date('2027-01-01T04:30:00Z'), { zone: ZONE })).to.equal('2026-12');
    const counters = { lifetime: 60, months: { '2025-11': 10, '2026-03': 20, '2026-11': 30 } };
    const at = new Date('2026-11-01T05:30:00Z'); // 01:30 EDT on the night clocks fall back
    expect(metricAt(counters, { kind: 'calendar_year' }, at, ZONE)).to.equal(50);
    expect(metricAt(counters, { kind: 'rolling_months', months: 12 }, at, ZONE)).to.equal(50);
    expect(metricAt(counters, { kind: 'rolling_months', months: 13 }, at, ZONE)).to.equal(60);
    expect(metricAt(counters, { kind: 'rolling_months', months: 8 }, at, ZONE)).to.equal(30);
    expect(metricAt(counters, { kind: 'rolling_months', months: 1 }, new Date('2026-12-01T04:59:00Z'), ZONE)).to.equal(30);
  });
});
