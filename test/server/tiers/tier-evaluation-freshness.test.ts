import { AdminRole, type MemberTierView } from '@laurel/shared';
import { expect } from 'chai';
import { ledgerEntryModel, ledgerWalletModel } from '@laurel/server/modules/ledger/model.js';
import { defaultLedgerOptions, LedgerService } from '@laurel/server/modules/ledger/service.js';
import { anOperator, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const ZONE = 'Asia/Shanghai';
const START = '2026-03-10T04:00:00.000Z'; // noon in Shanghai
/** Validity ends with 2027-03-10 (Shanghai); no grace: decided on 2027-03-11. */
const DECISION_DAY = '2027-03-11T01:00:00.000Z';
const NEXT_DECISION_DAY = '2028-03-11T01:00:00.000Z';
const OPERATOR = { type: 'admin' as const, id: 'ops-1', label: 'ops' };

/**
 * Tier evaluation decides on counters brought up to date with the ledger, for the configured metric, and leaves
 * every evaluated member with a decision day in the future (or none).
 */
describe('tier evaluation decides on fresh counters', function () {
  this.timeout(300_000);
  let t: TestApp;
  let admin: Operator;
  /** The same database's ledger without the tiers listener: what a failed or crashed listener leaves behind. */
  let unheard: LedgerService;
  let n = 0;

  beforeEach(async () => {
    t = await startTestApp({ env: { BUSINESS_TIME_ZONE: ZONE, TIER_WINDOW: 'lifetime' } });
    t.clock.set(START);
    admin = await anOperator(t, AdminRole.Admin);
    for (const tier of [
      { code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100, retentionThreshold: 80, validityMonths: 12 },
      { code: 'gold', name: 'Gold', rank: 2, entryThreshold: 500, retentionThreshold: 400, validityMonths: 12 },
    ]) {
      await t.http.post('/api/admin/v1/tiers').set(bearer(admin.token)).send(tier).expect(201);
    }
    const connection = t.mongo.connection;
    unheard = new LedgerService(ledgerWalletModel(connection), ledgerEntryModel(connection), t.clock, defaultLedgerOptions(ZONE));
  });
  afterEach(() => t.close());

  async function aMember(): Promise<string> {
    n += 1;
    return (await t.services.members.ensure(`fresh-member-${n}`)).id;
  }
  /** A growth adjustment the tiers are told about. */
  async function adjust(memberId: string, amount: number, currency: 'growth' | 'points' = 'growth'): Promise<void> {
    n += 1;
    await t.services.ledger.adjust({ memberId, currency, amount, reason: 'test', operator: OPERATOR, key: `adj-${n}` });
  }
  /** A growth adjustment the tiers never hear of. */
  async function adjustUnheard(memberId: string, amount: number): Promise<void> {
    n += 1;
    await unheard.adjust({ memberId, currency: 'growth', amount, reason: 'test', operator: OPERATOR, key: `unheard-${n}` });
  }
  const tierOf = async (app: TestApp, memberId: string): Promise<MemberTierView> => app.services.tiers.memberTier(memberId);
  const evaluate = (app: TestApp = t): Promise<unknown> =>
    app.services.tiers.evaluateDue(app.clock.now(), `eval-${app.clock.now().toISOString()}`);
  const storedCounters = async (memberId: string) => {
    const doc = await t.mongo.connection.collection('members').findOne({ _id: new (await import('mongoose')).Types.ObjectId(memberId) });
    return { seq: doc?.tierStatsSeq as number | undefined, stats: doc?.tierStats as unknown };
  };

  it('downgrades a member whose counters missed a debit, instead of extending them on the stale count', async () => {
    const id = await aMember();
    await adjust(id, 150);
    await adjustUnheard(id, -100); // 50 left: below the retention of 80
    t.clock.set(DECISION_DAY);
    await evaluate();
    const view = await tierOf(t, id);
    expect(view).to.deep.include({ tier: null, current: 50, decidesOn: null });
    const history = await t.services.tiers.history(id, {});
    expect(history.items[0]).to.deep.include({ from: 'silver', to: null, reason: 'retention_missed', metric: 50 });
  });

  it('extends a member whose decision flips from downgrade to extend once synced, and evaluates them again next term', async () => {
    const id = await aMember();
    await adjust(id, 100); // silver
    await adjust(id, -40); // 60: would miss the retention of 80
    await adjustUnheard(id, 50); // 110 in the ledger: retention met
    t.clock.set(DECISION_DAY);
    await evaluate();
    const kept = await tierOf(t, id);
    expect(kept).to.deep.include({ tier: 'silver', current: 110, decidesOn: '2028-03-11' });
    expect(kept.validUntil).to.equal('2028-03-10T15:59:59.999Z');
    // Next term the member falls short, and the evaluation of that decision day sees them.
    t.clock.set('2027-06-01T04:00:00.000Z');
    await adjust(id, -100);
    t.clock.set(NEXT_DECISION_DAY);
    await evaluate();
    expect(await tierOf(t, id)).to.deep.include({ tier: null, current: 10, decidesOn: null });
  });

  it('clears the decision day of a member who keeps a tier that no longer expires', async () => {
    const id = await aMember();
    await adjust(id, 150);
    const silver = await t.http.get('/api/admin/v1/tiers/silver').set(bearer(admin.token)).expect(200);
    await t.http
      .patch('/api/admin/v1/tiers/silver')
      .set(bearer(admin.token))
      .send({ validityMonths: null, version: silver.body.version })
      .expect(200);
    t.clock.set(DECISION_DAY);
    await evaluate();
    expect(await tierOf(t, id)).to.deep.include({ tier: 'silver', validUntil: null, decidesOn: null });
  });

  it('upgrades at evaluation on counters that caught up with growth the tiers never heard of', async () => {
    const id = await aMember();
    await adjust(id, 150); // silver
    await adjustUnheard(id, 400); // 550: gold
    t.clock.set(DECISION_DAY);
    await evaluate();
    const view = await tierOf(t, id);
    expect(view.tier).to.equal('gold');
    expect(view.decidesOn! > '2027-03-11').to.equal(true);
  });

  it('decides on the configured metric after TIER_METRIC changes, not on counters of the old one', async () => {
    const id = await aMember();
    await adjust(id, 150); // growth: silver
    await adjust(id, 200, 'points');
    await t.services.ledger.spend({ memberId: id, amount: 30, key: 'spend-1', reason: 'order' });
    const spend = await startTestApp({
      dbName: t.dbName,
      clock: t.clock,
      env: { BUSINESS_TIME_ZONE: ZONE, TIER_WINDOW: 'lifetime', TIER_METRIC: 'spend' },
    });
    try {
      t.clock.set(DECISION_DAY);
      await evaluate(spend);
      const view = await tierOf(spend, id);
      expect(view).to.deep.include({ tier: null, metric: 'spend', current: 30, decidesOn: null });
      const history = await spend.services.tiers.history(id, {});
      expect(history.items[0]).to.deep.include({ from: 'silver', to: null, reason: 'retention_missed', metric: 30 });
    } finally {
      await spend.close();
    }
  });

  it('warns a member whose counters missed a debit that takes them below retention', async () => {
    const id = await aMember();
    await adjust(id, 100);
    await adjustUnheard(id, -50);
    t.clock.set('2027-03-01T04:00:00.000Z'); // ten days before the decision day
    const counts = await t.services.tiers.warnDowngrades(t.clock.now(), 'warn-1');
    expect(counts.warned).to.equal(1);
    const notices = await t.mongo.connection.collection('tier_notices').find({ memberId: id }).toArray();
    expect(notices[0]!.outbox[0].data).to.deep.include({ current: 50, needed: 30 });
  });

  it('does not warn a member whose counters missed the credit that keeps them', async () => {
    const id = await aMember();
    await adjust(id, 100);
    await adjust(id, -50);
    await adjustUnheard(id, 50);
    t.clock.set('2027-03-01T04:00:00.000Z');
    expect((await t.services.tiers.warnDowngrades(t.clock.now(), 'warn-1')).warned).to.equal(0);
  });

  it('re-evaluates on fresh counters: the dry run counts (writing nothing) and the run moves a member whose counters missed a debit', async () => {
    const id = await aMember();
    await adjust(id, 150);
    await adjustUnheard(id, -100);
    const before = await storedCounters(id);
    const dry = await t.services.tiers.reevaluateAll(true, 'dry-1');
    expect(dry).to.deep.include({ up: 0, down: 1 });
    expect(dry.sample).to.deep.equal([{ memberId: id, from: 'silver', to: null }]);
    expect(await storedCounters(id)).to.deep.equal(before);
    const run = await t.services.tiers.reevaluateAll(false, 'run-1');
    expect(run).to.deep.include({ up: 0, down: 1 });
    expect(await tierOf(t, id)).to.deep.include({ tier: null, current: 50 });
  });
});
