import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import {
  aMember,
  anEvent,
  anOrderPaid,
  accepted,
  archiveAllRules,
  aRule,
  pointsOf,
  startEventsApp,
  type EventsApp,
} from '../events/support.js';

const DAY = 86_400_000;

describe('earning rules granting on order.paid', () => {
  let app: EventsApp;

  before(async () => {
    app = await startEventsApp();
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(async () => {
    // The operator's token is an hour long from 02:00: set the clock back before calling the admin API.
    app.t.clock.set('2026-06-01T02:00:00.000Z');
    await archiveAllRules(app);
  });

  it('grants a fixed amount and says which rule granted it, with the ledger entry', async () => {
    const rule = await aRule(app, { formula: { kind: 'fixed', amount: 25 } });
    const member = aMember();

    const outcome = await accepted(app, anOrderPaid(member, 9_900));

    expect(outcome.grants).to.have.length(1);
    expect(outcome.grants[0]).to.include({ ruleId: rule.id, ruleName: rule.name, currency: 'points', amount: 25, pending: false });
    expect(outcome.grants[0]?.entryId).to.be.a('string');
    expect(outcome.grants[0]?.availableAt).to.equal(app.t.clock.now().toISOString());
    expect(await pointsOf(app, member)).to.deep.equal({ available: 25, pending: 0, growth: 0 });
  });

  it('grants floor(amount / unit) × rate, rounding down', async () => {
    await aRule(app, { formula: { kind: 'per_amount', unit: 100, rate: 3 } });
    const member = aMember();

    const outcome = await accepted(app, anOrderPaid(member, 12_399));

    expect(outcome.grants.map((g) => g.amount)).to.deep.equal([369]); // floor(123.99) × 3
    expect((await accepted(app, anOrderPaid(member, 99))).skipped.map((s) => s.reason)).to.deep.equal(['zero']);
    expect((await pointsOf(app, member)).available).to.equal(369);
  });

  it('counts only the matching items when SKU or category filters apply', async () => {
    await aRule(app, {
      formula: { kind: 'per_amount', unit: 100, rate: 1 },
      conditions: { categories: { include: ['shoes'] }, skus: { exclude: ['S-SALE'] } },
    });
    const items = [
      { sku: 'S-1', category: 'shoes', amount: 5_050, quantity: 1 },
      { sku: 'S-SALE', category: 'shoes', amount: 9_000, quantity: 1 },
      { sku: 'H-1', category: 'hats', amount: 7_000, quantity: 2 },
    ];

    const outcome = await accepted(app, anOrderPaid(aMember(), 21_050, { items }));

    expect(outcome.grants.map((g) => g.amount)).to.deep.equal([50]);
  });

  it('evaluates rules by priority, highest first, and stops after a stop rule grants', async () => {
    const low = await aRule(app, { name: 'low', priority: 1, formula: { kind: 'fixed', amount: 1 } });
    const high = await aRule(app, { name: 'high', priority: 10, stop: true, formula: { kind: 'fixed', amount: 100 } });
    const middle = await aRule(app, { name: 'middle', priority: 5, formula: { kind: 'fixed', amount: 7 } });

    const outcome = await accepted(app, anOrderPaid(aMember(), 1_000));

    expect(outcome.grants.map((g) => g.ruleId)).to.deep.equal([high.id]);
    expect(outcome.skipped).to.deep.equal([
      { ruleId: middle.id, ruleName: 'middle', reason: 'stopped' },
      { ruleId: low.id, ruleName: 'low', reason: 'stopped' },
    ]);
  });

  it('goes on to lower rules when the stop rule does not apply, and grants them all without stop', async () => {
    await aRule(app, { name: 'vip', priority: 10, stop: true, conditions: { channels: ['vip-app'] } });
    await aRule(app, { name: 'a', priority: 5, formula: { kind: 'fixed', amount: 3 } });
    await aRule(app, { name: 'b', priority: 1, formula: { kind: 'fixed', amount: 4 } });

    const outcome = await accepted(app, anOrderPaid(aMember(), 1_000, { channel: 'web' }));

    expect(outcome.grants.map((g) => [g.ruleName, g.amount])).to.deep.equal([
      ['a', 3],
      ['b', 4],
    ]);
    expect(outcome.skipped.map((s) => [s.ruleName, s.reason, s.detail])).to.deep.equal([['vip', 'condition', 'channel']]);
  });

  describe('conditions, each way', () => {
    const cases: {
      name: string;
      conditions: Record<string, unknown>;
      pass: Record<string, unknown>;
      fail: Record<string, unknown>;
      detail: string;
    }[] = [
      { name: 'amount min', conditions: { amount: { min: 10_000 } }, pass: { amount: 10_000 }, fail: { amount: 9_999 }, detail: 'amount' },
      { name: 'amount max', conditions: { amount: { max: 500 } }, pass: { amount: 500 }, fail: { amount: 501 }, detail: 'amount' },
      { name: 'channel', conditions: { channels: ['app', 'web'] }, pass: { channel: 'web' }, fail: { channel: 'pos' }, detail: 'channel' },
      {
        name: 'order currency',
        conditions: { currencies: ['CNY'] },
        pass: { currency: 'CNY' },
        fail: { currency: 'USD' },
        detail: 'currency',
      },
      {
        name: 'SKU include',
        conditions: { skus: { include: ['A'] } },
        pass: { items: [{ sku: 'A', amount: 100, quantity: 1 }] },
        fail: { items: [{ sku: 'B', amount: 100, quantity: 1 }] },
        detail: 'items',
      },
      {
        name: 'SKU exclude',
        conditions: { skus: { exclude: ['A'] } },
        pass: { items: [{ sku: 'B', amount: 100, quantity: 1 }] },
        fail: { items: [{ sku: 'A', amount: 100, quantity: 1 }] },
        detail: 'items',
      },
      {
        name: 'category include',
        conditions: { categories: { include: ['food'] } },
        pass: { items: [{ sku: 'A', category: 'food', amount: 100, quantity: 1 }] },
        fail: { items: [{ sku: 'A', category: 'toys', amount: 100, quantity: 1 }] },
        detail: 'items',
      },
      {
        name: 'category exclude',
        conditions: { categories: { exclude: ['food'] } },
        pass: { items: [{ sku: 'A', category: 'toys', amount: 100, quantity: 1 }] },
        fail: { items: [{ sku: 'A', category: 'food', amount: 100, quantity: 1 }] },
        detail: 'items',
      },
    ];
    for (const c of cases) {
      it(`grants when ${c.name} holds and skips with the reason when it does not`, async () => {
        await aRule(app, { conditions: c.conditions });
        const member = aMember();
        const pass = await accepted(app, anOrderPaid(member, 1_000, c.pass));
        const fail = await accepted(app, anOrderPaid(member, 1_000, c.fail));
        expect(pass.grants.map((g) => g.amount)).to.deep.equal([10]);
        expect(fail.grants).to.deep.equal([]);
        expect(fail.skipped.map((s) => [s.reason, s.detail])).to.deep.equal([['condition', c.detail]]);
      });
    }

    it('grants within the validFrom / validTo window of occurredAt only', async () => {
      await aRule(app, { conditions: { validFrom: '2026-05-01T00:00:00Z', validTo: '2026-06-01T00:00:00Z' } });
      const member = aMember();
      const inside = await accepted(app, anOrderPaid(member, 100, {}, '2026-05-31T23:59:59Z'));
      const after = await accepted(app, anOrderPaid(member, 100, {}, '2026-06-01T00:00:00Z'));
      const before = await accepted(app, anOrderPaid(member, 100, {}, '2026-04-30T23:59:59Z'));
      expect(inside.grants).to.have.length(1);
      expect(after.skipped.map((s) => s.detail)).to.deep.equal(['window']);
      expect(before.skipped.map((s) => s.detail)).to.deep.equal(['window']);
    });

    it('grants on member tags (any of)', async () => {
      await aRule(app, { conditions: { memberTags: ['vip', 'staff'] } });
      const tagged = aMember();
      const memberId = (await app.t.services.members.ensure(tagged)).id;
      await app.t.mongo.connection.collection('members').updateOne({ externalId: tagged }, { $set: { tags: ['staff'] } });

      const hit = await accepted(app, anOrderPaid(tagged, 100));
      const miss = await accepted(app, anOrderPaid(aMember(), 100));

      expect(hit.memberId).to.equal(memberId);
      expect(hit.grants).to.have.length(1);
      expect(miss.skipped.map((s) => s.detail)).to.deep.equal(['member_tags']);
    });

    it('keeps a member tier condition, which no member meets until members have tiers', async () => {
      await aRule(app, { conditions: { memberTiers: ['gold'] } });
      const outcome = await accepted(app, anOrderPaid(aMember(), 100));
      expect(outcome.skipped.map((s) => s.detail)).to.deep.equal(['member_tier']);
    });

    it('applies the default percent of a multiplier formula to members without a listed tier', async () => {
      await aRule(app, {
        formula: {
          kind: 'multiplier',
          base: { kind: 'per_amount', unit: 100, rate: 1 },
          tiers: [{ tier: 'gold', percent: 200 }],
          defaultPercent: 150,
        },
      });
      const outcome = await accepted(app, anOrderPaid(aMember(), 1_033));
      expect(outcome.grants.map((g) => g.amount)).to.deep.equal([15]); // floor(floor(10.33) × 1.5)
    });
  });

  describe('caps', () => {
    it('reduces a grant to the per-event cap', async () => {
      await aRule(app, { formula: { kind: 'per_amount', unit: 1, rate: 1 }, caps: { perEvent: 500 } });
      const outcome = await accepted(app, anOrderPaid(aMember(), 100_000));
      expect(outcome.grants.map((g) => [g.amount, g.cappedBy])).to.deep.equal([[500, 'event']]);
    });

    it('grants what is left of the daily cap, then nothing until the next business day', async () => {
      await aRule(app, { formula: { kind: 'fixed', amount: 40 }, caps: { perDay: 100 } });
      const member = aMember();

      const amounts = [];
      for (let i = 0; i < 4; i++) amounts.push((await accepted(app, anOrderPaid(member, 100))).grants.map((g) => g.amount)[0] ?? 0);
      expect(amounts).to.deep.equal([40, 40, 20, 0]);

      // 2026-06-01T15:59Z is 23:59 in Shanghai: still the same business day.
      app.t.clock.set('2026-06-01T15:59:00.000Z');
      const late = await accepted(app, anOrderPaid(member, 100));
      expect(late.skipped.map((s) => [s.reason, s.detail])).to.deep.equal([['cap', 'day']]);

      app.t.clock.set('2026-06-01T16:00:00.000Z');
      expect((await accepted(app, anOrderPaid(member, 100))).grants.map((g) => g.amount)).to.deep.equal([40]);
      expect((await pointsOf(app, member)).available).to.equal(140);
    });

    it('caps per month across days, with the partial grant at the cap and the day cap counted too', async () => {
      await aRule(app, { formula: { kind: 'fixed', amount: 70 }, caps: { perDay: 100, perMonth: 150 } });
      const member = aMember();
      const day1 = [await accepted(app, anOrderPaid(member, 1)), await accepted(app, anOrderPaid(member, 1))];
      expect(day1.map((o) => o.grants[0]?.amount)).to.deep.equal([70, 30]);
      expect(day1[1]?.grants[0]?.cappedBy).to.equal('day');

      app.t.clock.advance(DAY);
      const day2 = [await accepted(app, anOrderPaid(member, 1)), await accepted(app, anOrderPaid(member, 1))];
      expect(day2[0]?.grants.map((g) => [g.amount, g.cappedBy])).to.deep.equal([[50, 'month']]);
      expect(day2[1]?.skipped.map((s) => [s.reason, s.detail])).to.deep.equal([['cap', 'month']]);

      app.t.clock.set('2026-06-30T16:00:00.000Z'); // 1 July in Shanghai
      expect((await accepted(app, anOrderPaid(member, 1))).grants.map((g) => g.amount)).to.deep.equal([70]);
      expect((await pointsOf(app, member)).available).to.equal(220);
    });

    it('lets lower rules grant when a stop rule is capped to nothing', async () => {
      await aRule(app, { name: 'first', priority: 9, stop: true, formula: { kind: 'fixed', amount: 50 }, caps: { perDay: 50 } });
      await aRule(app, { name: 'second', priority: 1, formula: { kind: 'fixed', amount: 5 } });
      const member = aMember();

      const first = await accepted(app, anOrderPaid(member, 1));
      const second = await accepted(app, anOrderPaid(member, 1));

      expect(first.grants.map((g) => g.ruleName)).to.deep.equal(['first']);
      expect(first.skipped.map((s) => [s.ruleName, s.reason])).to.deep.equal([['second', 'stopped']]);
      expect(second.grants.map((g) => g.ruleName)).to.deep.equal(['second']);
      expect(second.skipped.map((s) => [s.ruleName, s.reason, s.detail])).to.deep.equal([['first', 'cap', 'day']]);
    });

    it('never takes a counter past its cap under 20 concurrent events of one member', async () => {
      await aRule(app, { formula: { kind: 'fixed', amount: 30 }, caps: { perDay: 100 } });
      const member = aMember();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => accepted(app, anOrderPaid(member, 1))));
      const total = outcomes.flatMap((o) => o.grants).reduce((sum, g) => sum + g.amount, 0);
      expect(total).to.equal(100);
      expect((await pointsOf(app, member)).available).to.equal(100);
    });
  });

  it('keeps units pending for pendingDays, visible in the ledger summary', async () => {
    await aRule(app, { formula: { kind: 'fixed', amount: 60 }, pendingDays: 7 });
    await aRule(app, { formula: { kind: 'fixed', amount: 5 }, currency: 'growth' });
    const member = aMember();

    const outcome = await accepted(app, anOrderPaid(member, 100));

    const pending = outcome.grants.find((g) => g.currency === 'points');
    expect(pending).to.include({
      amount: 60,
      pending: true,
      availableAt: new Date(Date.parse('2026-06-01T02:00:00Z') + 7 * DAY).toISOString(),
    });
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 60, growth: 5 });
  });

  it('grants on member.registered and custom event types', async () => {
    await aRule(app, { eventType: 'member.registered', formula: { kind: 'fixed', amount: 200 } });
    await aRule(app, { eventType: 'review.posted', formula: { kind: 'per_amount', unit: 10, rate: 1 }, conditions: { channels: ['app'] } });
    const member = aMember();

    const welcome = await accepted(app, anEvent('member.registered', member, { channel: 'app' }));
    const review = await accepted(app, anEvent('review.posted', member, { channel: 'app', amount: 57, stars: 5 }));
    const noAmount = await accepted(app, anEvent('review.posted', member, { channel: 'app' }));

    expect(welcome.grants.map((g) => g.amount)).to.deep.equal([200]);
    expect(review.grants.map((g) => g.amount)).to.deep.equal([5]);
    expect(noAmount.skipped.map((s) => [s.reason, s.detail])).to.deep.equal([['condition', 'amount']]);
  });

  it('stops granting once a rule is archived or deactivated', async () => {
    const archived = await aRule(app);
    const paused = await aRule(app);
    await app.t.http.post(`/api/admin/v1/earning-rules/${archived.id}/archive`).set(bearer(app.admin.token)).expect(200);
    await app.t.http.patch(`/api/admin/v1/earning-rules/${paused.id}`).set(bearer(app.admin.token)).send({ active: false }).expect(200);

    const outcome = await accepted(app, anOrderPaid(aMember(), 100));
    expect(outcome.grants).to.deep.equal([]);
    expect(outcome.skipped).to.deep.equal([]);
  });
});
