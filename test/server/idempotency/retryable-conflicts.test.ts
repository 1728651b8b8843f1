import { AdminRole, ApiScope, type LedgerEntryView, type MemberTierView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { ConflictError } from '@laurel/server/platform/errors.js';
import { startTestApp, uniqueName, type TestApp, listening } from '../../support/harness.js';
import { anApiKey, anOperator, bearer, errorOf, listAll, type Operator } from '../../support/builders.js';
import { aKey, aMember, earn, expectNoDrift } from '../ledger-api/support.js';

const RETRYABLE = ['WALLET_BUSY', 'TIER_BUSY', 'IDEMPOTENCY_KEY_IN_PROGRESS'];
const TIERS = [
  { code: 'silver', name: 'Silver', rank: 1, entryThreshold: 20, retentionThreshold: 10, validityMonths: 12, graceDays: 10 },
  { code: 'gold', name: 'Gold', rank: 2, entryThreshold: 100, retentionThreshold: 50, validityMonths: 12, graceDays: 10 },
  { code: 'platinum', name: 'Platinum', rank: 3, entryThreshold: 400, retentionThreshold: 200, validityMonths: 12, graceDays: 10 },
];

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
  replayed: boolean;
}

/** One state-changing request of the burst: its key, and how to send it (again). */
interface Call {
  key: string;
  kind: 'spend' | 'adjust';
  amount: number;
  send(): Promise<Answer>;
}

describe('idempotency: retryable conflicts and ledger follow-ups', function () {
  this.timeout(300_000);
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listening>>;
  let api: supertest.Agent;
  let operator: Operator;
  let writer: string;

  before(async () => {
    // Operations on one wallet are not queued in-process, so they race as separate processes would, and give up
    // after 3 lost races: the ledger answers WALLET_BUSY under the burst.
    t = await startTestApp({
      env: { TIER_METRIC: 'spend', RATE_LIMIT_API_KEY_MAX: '1000000' },
      ledgerTuning: { serializeInProcess: false, maxAttempts: 3 },
    });
    operator = await anOperator(t, AdminRole.Admin);
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
    for (const tier of TIERS) await t.http.post('/api/admin/v1/tiers').set(bearer(operator.token)).send(tier).expect(201);
    server = await listening(t.app);
    api = server.api;
  });

  after(async () => {
    await server.close();
    await t.close();
  });

  const answerOf = (res: supertest.Response): Answer => ({
    status: res.status,
    body: res.body as unknown,
    retryAfter: res.headers['retry-after'] as string | undefined,
    replayed: res.headers['idempotent-replayed'] === 'true',
  });

  function aSpend(externalId: string, key: string, amount: number): Call {
    return {
      key,
      kind: 'spend',
      amount,
      send: async () =>
        answerOf(
          await api
            .post(`/api/v1/members/${externalId}/points/spend`)
            .set(bearer(writer))
            .set('Idempotency-Key', key)
            .send({ amount, reason: 'burst' }),
        ),
    };
  }

  function anAdjustment(memberId: string, key: string, amount: number): Call {
    return {
      key,
      kind: 'adjust',
      amount,
      send: async () =>
        answerOf(
          await api
            .post(`/api/admin/v1/members/${memberId}/adjustments`)
            .set(bearer(operator.token))
            .set('Idempotency-Key', key)
            .send({ currency: 'points', amount, reason: 'burst' }),
        ),
    };
  }

  it('acknowledges each of 64 concurrent spends and adjustments exactly when its ledger entry exists; busy keys retry and succeed', async () => {
    const externalId = uniqueName('burst');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 10_000);
    // The tier counters lose their race after the points moved (TIER_BUSY): once for every fourth entry, for good
    // for every eleventh (their fold catches up on a later change).
    const tiers = t.services.tiers;
    const onLedgerChange = tiers.onLedgerChange.bind(tiers);
    const lostOnce = new Set<number>();
    tiers.onLedgerChange = async (change) => {
      const lost = change.memberId === memberId && (change.seq % 11 === 0 || (change.seq % 4 === 0 && !lostOnce.has(change.seq)));
      if (lost) {
        lostOnce.add(change.seq);
        throw new ConflictError('The member tier counters are busy; try again', 'TIER_BUSY', { memberId });
      }
      return onLedgerChange(change);
    };
    const calls: Call[] = Array.from({ length: 64 }, (_, i) =>
      i % 3 === 0 ? anAdjustment(memberId, aKey(`adj-${i}`), i % 2 === 0 ? 5 : -3) : aSpend(externalId, aKey(`spend-${i}`), 1 + (i % 7)),
    );
    // Every eighth request is sent twice at once with its key, as a client that timed out would.
    const burst = [...calls, ...calls.filter((_, i) => i % 8 === 0)];
    const answers = new Map<string, Answer[]>(calls.map((c) => [c.key, []]));

    let round = burst;
    try {
      for (let attempt = 0; attempt < 40 && round.length > 0; attempt++) {
        const got = await Promise.all(round.map((call) => call.send()));
        got.forEach((answer, i) => answers.get(round[i]!.key)!.push(answer));
        // A client retries, with the same key, exactly the answers that say "try again".
        round = [...new Set(round.filter((_, i) => got[i]!.status === 409 && RETRYABLE.includes(errorOf(got[i]!.body).code)))];
      }
    } finally {
      tiers.onLedgerChange = onLedgerChange;
    }

    const all = [...answers.values()].flat();
    const busy = all.filter((a) => a.status === 409);
    expect(busy.filter((a) => errorOf(a.body).code === 'WALLET_BUSY').length, 'the burst must contend').to.be.greaterThan(0);
    expect(lostOnce.size, 'the tier counters must lose races').to.be.greaterThan(0);
    for (const answer of busy) {
      expect(RETRYABLE, JSON.stringify(answer.body)).to.include(errorOf(answer.body).code);
      expect(answer.retryAfter, 'a retryable conflict says when to retry').to.match(/^\d+$/);
    }
    // No write reports a failure after its points moved: only the ledger's own contention is answered busy.
    expect(busy.map((a) => errorOf(a.body).code)).not.to.include('TIER_BUSY');

    const entries = (await listAll<LedgerEntryView>(t, `/api/admin/v1/members/${memberId}/ledger?currency=points`, operator.token)).filter(
      (e) => e.kind === 'spend' || e.kind === 'adjust',
    );
    const byId = new Map(entries.map((e) => [e.id, e]));
    const acknowledged = new Set<string>();
    for (const call of calls) {
      const successes = answers.get(call.key)!.filter((a) => a.status === 201);
      expect(successes.length, `key ${call.key}: ${JSON.stringify(answers.get(call.key))}`).to.be.greaterThan(0);
      const first = successes[0]!.body as LedgerEntryView;
      for (const again of successes.slice(1)) expect(again.body, 'a retried key replays its answer').to.deep.equal(first);
      const entry = byId.get(first.id);
      expect(entry, `the answer of ${call.key} is a ledger entry`).to.deep.equal(first);
      expect(entry).to.include({ kind: call.kind, delta: call.kind === 'spend' ? -call.amount : call.amount });
      acknowledged.add(first.id);
    }
    expect(acknowledged.size, 'one entry per key').to.equal(calls.length);
    expect(
      entries.map((e) => e.id).filter((id) => !acknowledged.has(id)),
      'entries nobody was told about',
    ).to.deep.equal([]);

    const spent = calls.filter((c) => c.kind === 'spend').reduce((sum, c) => sum + c.amount, 0);
    const expected = [...TIERS].reverse().find((tier) => spent >= tier.entryThreshold)!;
    const tier = (await t.http.get(`/api/admin/v1/members/${memberId}/tier`).set(bearer(operator.token)).expect(200))
      .body as MemberTierView;
    expect(tier).to.include({ tier: expected.code, metric: 'spend', current: spent });
    await expectNoDrift(t);
  });

  it('answers a spend 201 when a follow-up of the ledger keeps failing after the points moved; logs and counts it', async () => {
    const externalId = uniqueName('follow-up');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);
    let calls = 0;
    t.services.ledger.onApplied('failing-follow-up', async (change) => {
      if (change.memberId !== memberId) return;
      calls += 1;
      throw new ConflictError('The member tier counters are busy; try again', 'TIER_BUSY', { memberId });
    });

    const key = aKey('follow-up');
    const first = await aSpend(externalId, key, 30).send();
    const again = await aSpend(externalId, key, 30).send();

    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(again).to.deep.include({ status: 201, replayed: true, body: first.body });
    expect(calls, 'retried in-process before giving up').to.be.greaterThan(1);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).to.match(/laurel_ledger_follow_up_failures_total\{listener="failing-follow-up"\} [1-9]/);
    const summary = (await t.http.get(`/api/admin/v1/members/${memberId}`).set(bearer(operator.token)).expect(200)).body as {
      wallets: { currency: string; available: number }[];
    };
    expect(summary.wallets.find((w) => w.currency === 'points')?.available).to.equal(70);
  });

  it('never stores a retryable conflict as the answer of its key: the same key runs again and succeeds', async () => {
    const externalId = uniqueName('busy-once');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);
    let busy = true;
    const original = t.services.ledger.spend.bind(t.services.ledger);
    t.services.ledger.spend = async (input) => {
      if (input.memberId === memberId && busy) {
        busy = false;
        throw new ConflictError('The wallet is busy; try again', 'WALLET_BUSY', { memberId });
      }
      return original(input);
    };
    try {
      const key = aKey('busy-once');
      const refused = await aSpend(externalId, key, 10).send();
      const retried = await aSpend(externalId, key, 10).send();

      expect(refused.status).to.equal(409);
      expect(errorOf(refused.body).code).to.equal('WALLET_BUSY');
      expect(refused.retryAfter).to.match(/^\d+$/);
      expect(retried, JSON.stringify(retried.body)).to.deep.include({ status: 201, replayed: false });
      expect((retried.body as LedgerEntryView).delta).to.equal(-10);
    } finally {
      t.services.ledger.spend = original;
    }
  });
});
