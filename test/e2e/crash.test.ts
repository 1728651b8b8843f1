import { ApiScope, type EventOutcomeView, type LedgerEntryView } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/harness.js';
import { aServerOn, postJson, random, streamUntilKilled, unanswered, type Answer } from '../support/crash-stream.js';
import type { ServerProcess } from '../support/server-process.js';

// The real server as a child process, killed with SIGKILL in the middle of a stream of earns and spends, restarted on
// the same database. Whatever the client saw acknowledged must be in the ledger exactly once; whatever was in flight
// must, when retried with the same key and body, complete at most once; the reconciler must then find no drift.

interface Op {
  name: string;
  externalId: string;
  kind: 'earn' | 'spend';
  /** Points: the order amount / 100 for an earn (1 point per ¥1), the amount spent for a spend. */
  points: number;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface Round {
  ops: Op[];
  results: Map<Op, Answer>;
}

const GROWTH_PER_ORDER = 2;
const SETUP_POINTS = 2000;

describe('ledger under a crash: a server killed with SIGKILL mid-stream', function () {
  this.timeout(240_000);
  let t: TestApp;
  let server: ServerProcess;
  let apiKey: string;
  let apiKeyId: string;
  const members = ['crash-m1', 'crash-m2', 'crash-m3', 'crash-m4'];
  /** Everything acknowledged or retried to completion so far: the ledger must hold exactly these. */
  const settled: { op: Op; status: number; body: unknown }[] = [];
  let sequence = 0;

  before(async () => {
    t = await startTestApp();
    const actor = { type: 'system' as const, id: 'crash-test', label: 'crash test' };
    const key = await t.services.apiKeys.create(
      { name: 'crash test', scopes: [ApiScope.EventsWrite, ApiScope.MembersRead, ApiScope.MembersWrite] },
      actor,
    );
    apiKey = key.secret;
    apiKeyId = key.id;
    await t.services.earningRules.create(
      { name: '1 point per yuan', eventType: 'order.paid', currency: 'points', formula: { kind: 'per_amount', unit: 100, rate: 1 } },
      actor,
    );
    await t.services.earningRules.create(
      { name: 'growth per order', eventType: 'order.paid', currency: 'growth', formula: { kind: 'fixed', amount: GROWTH_PER_ORDER } },
      actor,
    );
    server = await aServerOn(t, { RATE_LIMIT_API_KEY_MAX: '1000000' });
    await server.start();
    // Every member starts with points to spend, acknowledged before any crash.
    const setup = await run(
      members.map((m) => anEarn(m, SETUP_POINTS)),
      4,
      Infinity,
    );
    for (const result of setup.results.values()) expect(result, 'setup earn').to.not.equal('unknown');
  });

  after(async () => {
    await server?.kill();
    await t?.close();
  });

  function anEarn(externalId: string, points: number): Op {
    sequence += 1;
    const id = `crash:evt-${sequence}`;
    return {
      name: id,
      externalId,
      kind: 'earn',
      points,
      path: '/api/v1/events',
      headers: {},
      body: {
        id,
        type: 'order.paid',
        occurredAt: new Date().toISOString(),
        member: { externalId },
        attributes: { orderId: `crash-order-${sequence}`, amount: points * 100, currency: 'CNY' },
      },
    };
  }

  function aSpend(externalId: string, points: number): Op {
    sequence += 1;
    const key = `crash-spend-${sequence}`;
    return {
      name: key,
      externalId,
      kind: 'spend',
      points,
      path: `/api/v1/members/${externalId}/points/spend`,
      headers: { 'Idempotency-Key': key },
      body: { amount: points, reason: 'crash test' },
    };
  }

  /** A stream of earns and spends over `on`, mostly spends so that every wallet has contention. */
  function aStream(seed: number, count: number, on: string[]): Op[] {
    const next = random(seed);
    return Array.from({ length: count }, () => {
      const member = on[next(on.length) - 1]!;
      return next(3) === 1 ? anEarn(member, next(50)) : aSpend(member, next(40));
    });
  }

  function send(op: Op): Promise<Answer> {
    return postJson(server, op.path, { Authorization: `Bearer ${apiKey}`, ...op.headers }, op.body);
  }

  /**
   * Sends `ops` with `concurrency` in flight and kills the server (SIGKILL) as the `killAfter`-th answer arrives;
   * no request is sent after that. Requests without an answer are 'unknown'; those never sent have no result.
   */
  async function run(ops: Op[], concurrency: number, killAfter: number): Promise<Round> {
    const results = await streamUntilKilled(server, ops, { concurrency, killAfter, send });
    record(results);
    return { ops, results };
  }

  function record(results: Map<Op, Answer>): void {
    for (const [op, result] of results) {
      if (result === 'unknown') continue;
      expect([201, 422], `${op.name}: ${JSON.stringify(result.body)}`).to.include(result.status);
      if (result.status === 422) expect(result.body).to.have.nested.property('error.code', 'INSUFFICIENT_POINTS');
      settled.push({ op, status: result.status, body: result.body });
    }
  }

  /** Restarts the server and retries every unknown request with the same key and body, `concurrency` at a time. */
  async function restartAndRetry(round: Round, concurrency = 4, killAfter = Infinity): Promise<Round> {
    await server.start();
    return run(unanswered(round.results), concurrency, killAfter);
  }

  const entries = () =>
    t.mongo.connection.collection<{ memberId: string; currency: string; key: string; seq: number; delta: number }>('ledger_entries');
  const wallets = () =>
    t.mongo.connection.collection<{
      _id: string;
      memberId: string;
      currency: string;
      version: number;
      available: number;
      pending: number;
      held: number;
      debt: number;
      lots: { remaining: number }[];
    }>('ledger_wallets');

  /** The ledger holds every settled operation exactly once, and nothing else moved a balance. */
  async function expectExactLedger(): Promise<void> {
    const report = await t.services.ledger.reconcile({ repair: true });
    expect(report.ok, JSON.stringify(report.issues)).to.equal(true);
    const check = await t.services.ledger.reconcile();
    expect(check.issues, 'drift after repair').to.deep.equal([]);

    const expected = new Map<string, { points: number; growth: number }>();
    for (const m of members) expected.set((await t.services.members.findByExternalId(m)).id, { points: 0, growth: 0 });
    const memberIdOf = async (externalId: string) => (await t.services.members.findByExternalId(externalId)).id;

    for (const { op, status, body } of settled) {
      const memberId = await memberIdOf(op.externalId);
      const totals = expected.get(memberId)!;
      if (op.kind === 'spend') {
        const key = `service:${apiKeyId}:k:${op.name}`;
        const found = await entries().find({ memberId, currency: 'points', key }).toArray();
        if (status === 422) {
          expect(found, `${op.name} was refused: no entry`).to.have.length(0);
          continue;
        }
        expect(found, `${op.name}: one ledger entry`).to.have.length(1);
        expect(String((found[0] as unknown as { _id: unknown })._id)).to.equal((body as LedgerEntryView).id);
        expect(found[0]!.delta).to.equal(-op.points);
        totals.points -= op.points;
      } else {
        const outcome = body as EventOutcomeView;
        expect(outcome.grants.map((g) => [g.currency, g.amount]).sort(), op.name).to.deep.equal([
          ['growth', GROWTH_PER_ORDER],
          ['points', op.points],
        ]);
        for (const grant of outcome.grants) {
          const key = `event:${op.name}:rule:${grant.ruleId}`;
          const found = await entries().find({ memberId, currency: grant.currency, key }).toArray();
          expect(found, `${op.name} ${grant.currency}: one ledger entry`).to.have.length(1);
          expect(String((found[0] as unknown as { _id: unknown })._id)).to.equal(grant.entryId);
        }
        totals.points += op.points;
        totals.growth += GROWTH_PER_ORDER;
      }
    }

    for (const [memberId, totals] of expected) {
      for (const currency of ['points', 'growth'] as const) {
        const wallet = await wallets().findOne({ memberId, currency });
        expect(wallet, `${memberId} ${currency} wallet`).to.not.equal(null);
        const applied = await entries()
          .find({ memberId, currency, seq: { $lte: wallet!.version } })
          .toArray();
        const net = wallet!.available + wallet!.pending + wallet!.held - wallet!.debt;
        const lots = wallet!.lots.reduce((sum, lot) => sum + lot.remaining, 0);
        expect(
          applied.map((e) => e.seq).sort((a, b) => a - b),
          'no gaps',
        ).to.deep.equal(applied.map((_, i) => i + 1));
        expect(net, `${currency}: balance = Σ ledger deltas`).to.equal(applied.reduce((sum, e) => sum + e.delta, 0));
        expect(wallet!.available + wallet!.pending, `${currency}: balance = Σ lots`).to.equal(lots);
        expect(net, `${currency}: balance = what the acknowledged requests add up to`).to.equal(totals[currency]);
        expect(await entries().countDocuments({ memberId, currency, seq: { $gt: wallet!.version } }), 'nothing left unapplied').to.equal(0);
      }
    }
  }

  const unknownCount = (round: Round): number => [...round.results.values()].filter((r) => r === 'unknown').length;

  it('keeps every acknowledged earn and spend exactly once when killed early in a stream over four members', async () => {
    const round = await run(aStream(1, 200, members), 8, 25);
    expect(server.running).to.equal(false);
    expect(unknownCount(round), 'requests cut off by the kill').to.be.greaterThan(0);
    const retried = await restartAndRetry(round);
    expect(unknownCount(retried), 'every retry answered').to.equal(0);
    await expectExactLedger();
  });

  it('keeps every acknowledged spend exactly once when killed in a burst against one wallet', async () => {
    const round = await run(aStream(2, 300, ['crash-m1']), 12, 60);
    expect(unknownCount(round)).to.be.greaterThan(0);
    const retried = await restartAndRetry(round, 12);
    expect(unknownCount(retried)).to.equal(0);
    await expectExactLedger();
  });

  it('completes at most once a request whose retry is itself cut off by a second kill', async () => {
    const first = await run(aStream(3, 300, members), 12, 120);
    const unknown = unknownCount(first);
    expect(unknown).to.be.greaterThan(0);
    // The retries and a fresh stream share the restarted server; it is killed again before they all finish.
    await server.start();
    const retry = unanswered(first.results);
    const second = await run([...retry, ...aStream(4, 200, members)], 12, Math.max(1, Math.floor(unknown / 2)));
    const third = await restartAndRetry(second, 8);
    expect(unknownCount(third)).to.equal(0);
    await expectExactLedger();
  });

  it('finishes, through the reconciler, a spend the kill cut off between its ledger entry and the wallet update', async () => {
    const burst = ['crash-b1', 'crash-b2', 'crash-b3', 'crash-b4', 'crash-b5', 'crash-b6'];
    members.push(...burst);
    if (!server.running) await server.start();
    await run(
      burst.map((m) => anEarn(m, SETUP_POINTS)),
      6,
      Infinity,
    );
    // Where the kill lands is up to the scheduler: kill at different moments until one leaves an entry anchored but not
    // applied (a handful of tries; every try is checked all the same).
    let interrupted: { walletId: string; key: string }[] = [];
    for (let attempt = 0; attempt < 8 && interrupted.length === 0; attempt++) {
      if (!server.running) await server.start();
      const spends = Array.from({ length: 60 }, (_, i) => aSpend(burst[i % burst.length]!, 1 + ((i * 7 + attempt) % 5)));
      const round = await run(spends, 18, 12 + attempt * 5);
      const check = await t.services.ledger.reconcile();
      interrupted = check.issues.filter((i) => i.unapplied).map((i) => ({ walletId: i.walletId, key: i.unapplied!.key }));
      expect(
        check.issues.filter((i) => !i.unapplied),
        'nothing but interrupted operations',
      ).to.deep.equal([]);
      if (interrupted.length > 0) {
        const repair = await t.services.ledger.reconcile({ repair: true });
        expect(repair.issues.map((i) => [i.walletId, i.unapplied?.key, i.repaired])).to.have.deep.members(
          interrupted.map((i) => [i.walletId, i.key, true]),
        );
      }
      const retried = await restartAndRetry(round, 8);
      expect(unknownCount(retried)).to.equal(0);
      await expectExactLedger();
    }
    expect(interrupted, 'a kill left a ledger entry anchored but not applied').to.not.deep.equal([]);
  });

  it('answers a replay of an acknowledged request after the crash with the first answer, changing nothing', async () => {
    if (!server.running) await server.start();
    const spends = settled.filter((s) => s.op.kind === 'spend' && s.status === 201).slice(0, 5);
    const earns = settled.filter((s) => s.op.kind === 'earn').slice(-5);
    for (const { op, status, body } of [...spends, ...earns]) {
      const again = await send(op);
      expect(again, op.name).to.not.equal('unknown');
      expect((again as { status: number }).status).to.equal(status);
      expect((again as { body: unknown }).body).to.deep.equal(body);
    }
    await expectExactLedger();
  });
});
