import { ErrorCode, MallRewardType, RedemptionState, type LedgerSummaryView, type RedemptionView } from '@laurel/shared';
import { expect } from 'chai';
import { aMemberToken } from '../support/builders.js';
import { aServerOn, postJson, random, streamUntilKilled, unanswered, type Answer } from '../support/crash-stream.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import type { ServerProcess } from '../support/server-process.js';

// The real server as a child process, killed with SIGKILL while members' redemptions are in flight, restarted on the
// same database. Every request whose answer was lost is retried with the same key and body; `mall.resume` finishes
// what a crash left. Afterwards no redemption is mid-way, stock, codes, coupons, points and per-member limits add up
// to exactly the completed redemptions, and every acknowledged redemption is one of them.

/** The mall's resume grace (docs/mall.md): the job takes a redemption over this long after it began. */
const GRACE_MS = 120_000;
const TOP_UP = 150;
const REFUSALS: string[] = [ErrorCode.OutOfStock, ErrorCode.LimitReached, ErrorCode.InsufficientPoints];
const actor = { type: 'system' as const, id: 'mall-crash-test', label: 'mall crash test' };

interface Member {
  id: string;
  externalId: string;
  token: string;
  /** Points granted so far. */
  granted: number;
}

interface Reward {
  id: string;
  type: MallRewardType;
  price: number;
  total: number;
  limit: number;
}

interface Op {
  key: string;
  member: Member;
  reward: Reward;
  quantity: number;
}

interface StoredRedemption {
  _id: { toHexString(): string };
  memberId: string;
  rewardId: string;
  requestKey: string;
  quantity: number;
  pointsTotal: number;
  state: RedemptionState;
  unwinding?: string;
  followUp?: boolean;
  issued: RedemptionView['issued'];
}

describe('mall under a crash: redemptions in flight when the server is killed with SIGKILL', function () {
  this.timeout(180_000);
  let t: TestApp;
  let server: ServerProcess;
  let couponTemplateId: string;
  const members: Member[] = [];
  const rewards: Reward[] = [];
  /** The answer the client finally saw for every request sent. */
  const answers = new Map<Op, { status: number; body: unknown }>();
  let sequence = 0;

  before(async () => {
    t = await startTestApp();
    const template = await t.services.couponTemplates.create(
      {
        name: 'mall crash coupon',
        discount: { type: 'amount', amountOff: 500 },
        minSpend: 1000,
        currency: 'CNY',
        validity: { type: 'relative', days: 30 },
      },
      actor,
    );
    couponTemplateId = template.id;
    for (let i = 1; i <= 8; i++) {
      const externalId = `mall-crash-m${i}`;
      const { id } = await t.services.members.ensure(externalId);
      members.push({ id, externalId, token: aMemberToken(externalId), granted: 0 });
    }
    server = await aServerOn(t, { RATE_LIMIT_MEMBER_MAX: '1000000' });
    await server.start();
  });

  after(async () => {
    await server?.kill();
    await t?.close();
  });

  /**
   * A fresh set of rewards with small stock — a physical item, a code pool, a coupon — each with a lifetime limit per
   * member, and points for every member: demand outruns stock, limits and points within one stream.
   */
  async function aMall(round: number): Promise<Reward[]> {
    const limit = (count: number) => ({ count, period: 'lifetime' as const });
    const physical = await t.services.mallRewards.create(
      { name: `mug ${round}`, type: MallRewardType.Physical, pointsPrice: 30, stock: 10, limit: limit(3) },
      actor,
    );
    const code = await t.services.mallRewards.create(
      { name: `gift card ${round}`, type: MallRewardType.VirtualCode, pointsPrice: 50, limit: limit(2) },
      actor,
    );
    await t.services.mallRewards.addCodes(
      code.id,
      Array.from({ length: 8 }, (_, i) => `R${round}-CODE-${i + 1}`),
      actor,
    );
    const coupon = await t.services.mallRewards.create(
      { name: `coupon ${round}`, type: MallRewardType.Coupon, couponTemplateId, pointsPrice: 20, stock: 16, limit: limit(4) },
      actor,
    );
    const created: Reward[] = [
      { id: physical.id, type: MallRewardType.Physical, price: 30, total: 10, limit: 3 },
      { id: code.id, type: MallRewardType.VirtualCode, price: 50, total: 8, limit: 2 },
      { id: coupon.id, type: MallRewardType.Coupon, price: 20, total: 16, limit: 4 },
    ];
    rewards.push(...created);
    for (const member of members) {
      await t.services.ledger.earn({
        memberId: member.id,
        currency: 'points',
        amount: TOP_UP,
        key: `mall-crash:${member.externalId}:top-up-${round}`,
        source: { type: 'system', id: 'mall-crash-test' },
      });
      member.granted += TOP_UP;
    }
    return created;
  }

  /** `count` redemptions of random members, rewards and quantities (1–2), each with its own Idempotency-Key. */
  function aStream(seed: number, count: number, over: Reward[]): Op[] {
    const next = random(seed);
    return Array.from({ length: count }, () => {
      sequence += 1;
      return {
        key: `mall-crash-${sequence}`,
        member: members[next(members.length) - 1]!,
        reward: over[next(over.length) - 1]!,
        quantity: next(2),
      };
    });
  }

  function send(op: Op): Promise<Answer> {
    const headers = { Authorization: `Bearer ${op.member.token}`, 'Idempotency-Key': op.key };
    return postJson(server, '/api/v1/me/redemptions', headers, { rewardId: op.reward.id, quantity: op.quantity });
  }

  /**
   * Sends `ops` and kills the server as the `killAfter`-th answer arrives; returns the requests left without their
   * final answer: unanswered, or told to retry later (409 IDEMPOTENCY_KEY_IN_PROGRESS: a step the killed request
   * began, such as a coupon's issue, still belongs to it until the grace has passed).
   */
  async function round(ops: Op[], concurrency: number, killAfter: number): Promise<Op[]> {
    const results = await streamUntilKilled(server, ops, { concurrency, killAfter, send });
    const left = unanswered(results);
    for (const [op, answer] of results) {
      if (answer === 'unknown') continue;
      if (answer.status === 409 && codeOf(answer.body) === ErrorCode.IdempotencyKeyInProgress) left.push(op);
      else settle(op, answer);
    }
    return left;
  }

  /** An answer is a completed redemption of what was asked, or a refusal of the mall's rules — never anything else. */
  function settle(op: Op, answer: { status: number; body: unknown }): void {
    const what = `${op.key}: ${answer.status} ${JSON.stringify(answer.body)}`;
    expect([201, 422], what).to.include(answer.status);
    if (answer.status === 201) {
      const r = answer.body as RedemptionView;
      expect([r.state, r.memberId, r.rewardId, r.quantity], what).to.deep.equal([
        RedemptionState.Completed,
        op.member.id,
        op.reward.id,
        op.quantity,
      ]);
    } else {
      expect(REFUSALS, what).to.include(codeOf(answer.body));
    }
    answers.set(op, answer);
  }

  /**
   * Restarts the server and retries every request left without its answer, with the same key and body; those told to
   * retry later are retried again once `mall.resume` (past the grace) has finished what the killed requests began.
   */
  async function restartAndRetry(lost: Op[]): Promise<void> {
    await server.start();
    let left = await round(lost, 6, Infinity);
    if (left.length > 0) {
      await resume();
      left = await round(left, 6, Infinity);
    }
    expect(
      left.map((op) => op.key),
      'every retry answered',
    ).to.deep.equal([]);
  }

  /** Runs `mall.resume` as a scheduler would, with the clock past the grace of everything the server began. */
  async function resume(): Promise<Record<string, number>> {
    t.clock.set(new Date(Date.now() + GRACE_MS + 60_000));
    const run = await t.services.scheduler.runJob('mall.resume');
    expect(run.outcome, run.error ?? '').to.equal('success');
    return run.counts;
  }

  const redemptions = () => t.mongo.connection.collection<StoredRedemption>('mall_redemptions');
  const midway = () => redemptions().countDocuments({ $or: [{ state: { $nin: TERMINAL } }, { unwinding: { $exists: true } }] });

  async function summaryOf(member: Member): Promise<LedgerSummaryView> {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${member.token}` } });
    expect(res.status).to.equal(200);
    return (await res.json()) as LedgerSummaryView;
  }

  /** What every test ends with: the books agree with exactly the completed redemptions. */
  async function expectBooksBalanced(): Promise<void> {
    const all = await redemptions().find({}).toArray();
    for (const r of all) {
      const what = `${r._id.toHexString()} ${r.state}`;
      expect(TERMINAL, what).to.include(r.state);
      expect(r.unwinding, `${what}: no undo left`).to.equal(undefined);
      expect(r.followUp, `${what}: nothing for the resume job`).to.equal(undefined);
    }
    const completed = all.filter((r) => r.state === RedemptionState.Completed);
    const idsOf = (list: StoredRedemption[]) => list.map((r) => r._id.toHexString()).sort();

    // Every acknowledged redemption is a completed one, and every completed one was acknowledged once.
    const acknowledged = [...answers.values()].filter((a) => a.status === 201).map((a) => (a.body as RedemptionView).id);
    expect(acknowledged.slice().sort(), 'acknowledged = completed').to.deep.equal(idsOf(completed));
    for (const a of answers.values()) {
      const failedId = (a.body as { error?: { details?: { redemptionId?: string } } }).error?.details?.redemptionId;
      if (a.status === 422 && failedId)
        expect(all.find((r) => r._id.toHexString() === failedId)?.state, failedId).to.equal(RedemptionState.Failed);
    }

    for (const reward of rewards) {
      const done = completed.filter((r) => r.rewardId === reward.id);
      const units = done.reduce((sum, r) => sum + r.quantity, 0);
      const view = await t.services.mallRewards.get(reward.id);
      expect(view.stock, `${reward.type} ${reward.id}: stock left + units redeemed = total`).to.deep.equal({
        total: reward.total,
        left: reward.total - units,
      });
      for (const member of members) {
        const mine = done.filter((r) => r.memberId === member.id);
        const used = mine.reduce((sum, r) => sum + r.quantity, 0);
        expect(used, 'per-member limit').to.be.at.most(reward.limit);
        const counter = await t.mongo.connection
          .collection<{ _id: string; used: number; claims?: Record<string, number> }>('mall_limit_counters')
          .findOne({ _id: `${reward.id}:${member.id}:lifetime` });
        expect([counter?.used ?? 0, Object.keys(counter?.claims ?? {}).sort()], 'the limit counter holds the completed ones').to.deep.equal(
          [used, idsOf(mine)],
        );
      }
      if (reward.type === MallRewardType.VirtualCode) await expectCodes(reward, done);
      if (reward.type === MallRewardType.Coupon) await expectCoupons(reward, done, all);
    }

    for (const member of members) {
      const spent = completed.filter((r) => r.memberId === member.id).reduce((sum, r) => sum + r.pointsTotal, 0);
      const priced = completed
        .filter((r) => r.memberId === member.id)
        .reduce((sum, r) => sum + r.quantity * rewards.find((w) => w.id === r.rewardId)!.price, 0);
      expect(spent, `${member.externalId}: price × units`).to.equal(priced);
      const summary = await summaryOf(member);
      expect([summary.available, summary.held], `${member.externalId}: points = granted − spent, none held`).to.deep.equal([
        member.granted - spent,
        0,
      ]);
    }

    const report = await t.services.ledger.reconcile();
    expect(report.issues, JSON.stringify(report.issues)).to.deep.equal([]);
  }

  /** Each code went to at most one redemption, a completed one, which shows exactly its codes; the rest are available. */
  async function expectCodes(reward: Reward, done: StoredRedemption[]): Promise<void> {
    const codes = await t.mongo.connection
      .collection<{ code: string; state: string; redemptionId: string | null }>('mall_reward_codes')
      .find({ rewardId: reward.id })
      .toArray();
    expect(codes).to.have.length(reward.total);
    const assigned = codes.filter((c) => c.state === 'assigned');
    expect(codes.filter((c) => c.state === 'available' && c.redemptionId === null)).to.have.length(reward.total - assigned.length);
    const shown = done.flatMap((r) => r.issued.map((i) => `${r._id.toHexString()}:${i.code}`)).sort();
    expect(shown, 'codes shown by completed redemptions = codes assigned').to.deep.equal(
      assigned.map((c) => `${c.redemptionId}:${c.code}`).sort(),
    );
    expect(new Set(shown.map((s) => s.split(':')[1])).size, 'no code given twice').to.equal(shown.length);
  }

  /** Each completed redemption holds one issued coupon per unit; a failed one holds none. */
  async function expectCoupons(reward: Reward, done: StoredRedemption[], all: StoredRedemption[]): Promise<void> {
    const ids = all.filter((r) => r.rewardId === reward.id).map((r) => r._id.toHexString());
    const coupons = await t.mongo.connection
      .collection<{ state: string; source: { id: string } | null }>('coupons')
      .find({ 'source.type': 'mall', 'source.id': { $in: ids }, state: { $in: ['pending', 'issued', 'locked', 'redeemed'] } })
      .toArray();
    const perRedemption = (list: { source: { id: string } | null }[]) => list.map((c) => c.source!.id).sort();
    expect(perRedemption(coupons), 'live coupons = one per completed unit').to.deep.equal(
      done.flatMap((r) => Array.from({ length: r.quantity }, () => r._id.toHexString())).sort(),
    );
    expect(coupons.every((c) => c.state === 'issued')).to.equal(true);
  }

  it('finishes or undoes, on the retry of the same request, every redemption a kill cut off early in a stream', async () => {
    const mall = await aMall(1);
    const lost = await round(aStream(11, 60, mall), 10, 12);
    expect(server.running).to.equal(false);
    expect(lost.length, 'requests cut off by the kill').to.be.greaterThan(0);
    await restartAndRetry(lost);
    expect(await midway(), 'the retries and the resume job ended every redemption').to.equal(0);
    expect((await resume()).redemptions, 'nothing left for the resume job').to.equal(0);
    await expectBooksBalanced();
  });

  it('finishes through mall.resume, while the server is down, what a kill left mid-way; the retries then answer its end', async () => {
    const mall = await aMall(2);
    const lost = await round(aStream(12, 60, mall), 10, 25);
    expect(server.running).to.equal(false);
    const left = await midway();
    expect(left, 'redemptions the kill left mid-way').to.be.greaterThan(0);
    const counts = await resume();
    expect(counts, 'the resume job ended every redemption left mid-way').to.deep.include({ redemptions: left, pending: 0, errors: 0 });
    expect(await midway()).to.equal(0);
    await restartAndRetry(lost);
    await expectBooksBalanced();
  });

  it('completes at most once a request whose retry is itself cut off by a second kill', async () => {
    const mall = await aMall(3);
    const lost = await round(aStream(13, 60, mall), 10, 8);
    expect(lost.length).to.be.greaterThan(0);
    // The retries and a fresh stream share the restarted server; it is killed again before they all finish.
    await server.start();
    const lostAgain = await round([...lost, ...aStream(14, 40, mall)], 10, Math.max(1, Math.floor(lost.length / 2)));
    expect(server.running).to.equal(false);
    await restartAndRetry(lostAgain);
    await resume();
    await expectBooksBalanced();
  });
});

const TERMINAL: RedemptionState[] = [RedemptionState.Completed, RedemptionState.Failed, RedemptionState.Cancelled];

function codeOf(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}
