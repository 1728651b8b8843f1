import { AdminRole, type EarningRuleView, type EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { anOperator, bearer, errorOf, listAll, type Operator } from '../../support/builders.js';
import {
  aMember,
  anId,
  anOrderPaid,
  accepted,
  archiveAllRules,
  aRule,
  sendEvent,
  startEventsApp,
  type EventsApp,
} from '../events/support.js';

interface AuditEntry {
  actor: { type: string; id: string; label: string };
  action: string;
  before: unknown;
  after: unknown;
}

const RULES = '/api/admin/v1/earning-rules';

describe('earning rules: the admin API', () => {
  let app: EventsApp;
  let viewer: Operator;
  let operator: Operator;

  before(async () => {
    app = await startEventsApp();
    viewer = await anOperator(app.t, AdminRole.Viewer);
    operator = await anOperator(app.t, AdminRole.Operator);
  });

  after(async () => {
    await app.t.close();
  });

  const auditOf = (id: string) => listAll<AuditEntry>(app.t, `/api/admin/v1/audit?targetType=earning-rule&targetId=${id}`, viewer.token);
  const admin = () => bearer(app.admin.token);

  it('creates a rule with defaults filled in and audits it', async () => {
    const res = await app.t.http
      .post(RULES)
      .set(admin())
      .send({ name: 'Spend and earn', eventType: 'order.paid', currency: 'points', formula: { kind: 'per_amount', unit: 100, rate: 1 } })
      .expect(201);

    const rule = res.body as EarningRuleView;
    expect(rule).to.deep.include({
      name: 'Spend and earn',
      description: '',
      status: 'active',
      active: true,
      priority: 0,
      stop: false,
      conditions: {},
      caps: {},
      pendingDays: 0,
      version: 1,
      archivedAt: null,
    });
    const audit = await auditOf(rule.id);
    expect(audit).to.have.length(1);
    expect(audit[0]).to.deep.include({ action: 'earning-rule.create', before: null, after: rule });
    expect(audit[0]?.actor).to.deep.equal({ type: 'admin', id: app.admin.id, label: app.admin.email });
  });

  it('lets viewers read rules and only admins change them', async () => {
    const rule = await aRule(app);
    await app.t.http.get(RULES).set(bearer(viewer.token)).expect(200);
    await app.t.http.get(`${RULES}/${rule.id}`).set(bearer(viewer.token)).expect(200);
    const body = { name: 'x', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 1 } };
    for (const who of [viewer, operator]) {
      expect(errorOf((await app.t.http.post(RULES).set(bearer(who.token)).send(body).expect(403)).body).code).to.equal('FORBIDDEN');
      await app.t.http.patch(`${RULES}/${rule.id}`).set(bearer(who.token)).send({ name: 'y' }).expect(403);
      await app.t.http.post(`${RULES}/${rule.id}/archive`).set(bearer(who.token)).expect(403);
    }
    await app.t.http.get(RULES).expect(401);
    expect((await app.t.http.get(`${RULES}/${rule.id}`).set(admin()).expect(200)).body).to.deep.equal(rule);
  });

  describe('validation', () => {
    const valid = { name: 'r', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 1 } };
    const cases: { name: string; body: Record<string, unknown>; field: string }[] = [
      { name: 'an unknown formula kind', body: { ...valid, formula: { kind: 'bonus' } }, field: 'formula.kind' },
      {
        name: 'a field of another formula kind',
        body: { ...valid, formula: { kind: 'fixed', amount: 1, unit: 5 } },
        field: 'formula.unit',
      },
      { name: 'a zero per_amount unit', body: { ...valid, formula: { kind: 'per_amount', unit: 0, rate: 1 } }, field: 'formula.unit' },
      { name: 'a fractional rate', body: { ...valid, formula: { kind: 'per_amount', unit: 100, rate: 1.5 } }, field: 'formula.rate' },
      {
        name: 'a multiplier of a multiplier',
        body: { ...valid, formula: { kind: 'multiplier', base: { kind: 'multiplier' }, tiers: [] } },
        field: 'formula.base.kind',
      },
      { name: 'a zero cap', body: { ...valid, caps: { perDay: 0 } }, field: 'caps.perDay' },
      { name: 'an unknown cap', body: { ...valid, caps: { perYear: 5 } }, field: 'caps.perYear' },
      { name: 'an unknown currency', body: { ...valid, currency: 'cash' }, field: 'currency' },
      { name: 'a negative pendingDays', body: { ...valid, pendingDays: -1 }, field: 'pendingDays' },
      { name: 'a non-ISO validFrom', body: { ...valid, conditions: { validFrom: 'tomorrow' } }, field: 'conditions.validFrom' },
      { name: 'a negative amount bound', body: { ...valid, conditions: { amount: { min: -1 } } }, field: 'conditions.amount.min' },
      { name: 'an unknown condition', body: { ...valid, conditions: { weather: 'sunny' } }, field: 'conditions.weather' },
      { name: 'min above max', body: { ...valid, conditions: { amount: { min: 10, max: 5 } } }, field: 'conditions.amount' },
      {
        name: 'validTo before validFrom',
        body: { ...valid, conditions: { validFrom: '2026-06-02T00:00:00Z', validTo: '2026-06-01T00:00:00Z' } },
        field: 'conditions.validTo',
      },
      { name: 'rules for order.refunded', body: { ...valid, eventType: 'order.refunded' }, field: 'eventType' },
      {
        name: 'per_amount on member.registered',
        body: { ...valid, eventType: 'member.registered', formula: { kind: 'per_amount', unit: 1, rate: 1 } },
        field: 'formula',
      },
      {
        name: 'SKU filters outside order.paid',
        body: { ...valid, eventType: 'review.posted', conditions: { skus: { include: ['a'] } } },
        field: 'conditions',
      },
      { name: 'a day cap above the month cap', body: { ...valid, caps: { perDay: 10, perMonth: 5 } }, field: 'caps.perDay' },
    ];
    for (const c of cases) {
      it(`refuses ${c.name} with 400 naming ${c.field}`, async () => {
        const res = await app.t.http.post(RULES).set(admin()).send(c.body).expect(400);
        expect((errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field)).to.include(c.field);
      });
    }
  });

  it('changes a rule, bumping its version, and audits before and after', async () => {
    const rule = await aRule(app, { conditions: { channels: ['app'] } });
    const res = await app.t.http
      .patch(`${RULES}/${rule.id}`)
      .set(admin())
      .send({ version: 1, priority: 7, formula: { kind: 'fixed', amount: 3 }, caps: { perDay: 9 } })
      .expect(200);

    const after = res.body as EarningRuleView;
    expect(after).to.deep.include({
      priority: 7,
      version: 2,
      formula: { kind: 'fixed', amount: 3 },
      caps: { perDay: 9 },
      conditions: { channels: ['app'] },
    });
    const [update] = await auditOf(rule.id);
    expect(update).to.deep.include({ action: 'earning-rule.update', before: rule, after });
  });

  it('refuses a change to a version that is not the current one with 409 CONFLICT', async () => {
    const rule = await aRule(app);
    await app.t.http.patch(`${RULES}/${rule.id}`).set(admin()).send({ name: 'first' }).expect(200);
    const res = await app.t.http.patch(`${RULES}/${rule.id}`).set(admin()).send({ version: 1, name: 'stale' }).expect(409);
    expect(errorOf(res.body).code).to.equal('CONFLICT');
    expect((await app.t.http.get(`${RULES}/${rule.id}`).set(admin()).expect(200)).body).to.deep.include({ name: 'first', version: 2 });
  });

  it('checks a change against the whole rule', async () => {
    const rule = await aRule(app, { conditions: { amount: { min: 100 } } });
    await app.t.http.patch(`${RULES}/${rule.id}`).set(admin()).send({ eventType: 'member.registered' }).expect(400);
  });

  it('archives a rule once, audited, and freezes it', async () => {
    const rule = await aRule(app);
    const archived = (await app.t.http.post(`${RULES}/${rule.id}/archive`).set(admin()).expect(200)).body as EarningRuleView;
    expect(archived).to.deep.include({ status: 'archived', active: false, version: 2, archivedAt: app.t.clock.now().toISOString() });
    await app.t.http.post(`${RULES}/${rule.id}/archive`).set(admin()).expect(200);

    const res = await app.t.http.patch(`${RULES}/${rule.id}`).set(admin()).send({ active: true }).expect(409);
    expect(errorOf(res.body).code).to.equal('RULE_ARCHIVED');
    expect((await auditOf(rule.id)).map((e) => e.action)).to.deep.equal(['earning-rule.archive', 'earning-rule.create']);
  });

  it('answers 404 for unknown and malformed rule ids', async () => {
    await app.t.http.get(`${RULES}/665f1c2b9d1e8a0012345678`).set(admin()).expect(404);
    await app.t.http.get(`${RULES}/not-an-id`).set(admin()).expect(404);
    await app.t.http.patch(`${RULES}/not-an-id`).set(admin()).send({ name: 'x' }).expect(404);
  });

  it('lists rules newest first, by event type and status, in pages', async () => {
    const type = `promo.${anId('t').toLowerCase()}`;
    const a = await aRule(app, { eventType: type });
    const b = await aRule(app, { eventType: type, active: false });
    const c = await aRule(app, { eventType: type });
    await app.t.http.post(`${RULES}/${c.id}/archive`).set(admin()).expect(200);

    const all = await listAll<EarningRuleView>(app.t, `${RULES}?eventType=${type}`, viewer.token);
    expect(all.map((r) => r.id)).to.deep.equal([c.id, b.id, a.id]);
    const page = await app.t.http.get(`${RULES}?eventType=${type}&limit=2`).set(admin()).expect(200);
    expect(page.body.items).to.have.length(2);
    expect(page.body.nextCursor).to.be.a('string');
    for (const [status, ids] of [
      ['active', [a.id]],
      ['inactive', [b.id]],
      ['archived', [c.id]],
    ] as const) {
      const listed = await listAll<EarningRuleView>(app.t, `${RULES}?eventType=${type}&status=${status}`, viewer.token);
      expect(listed.map((r) => r.id)).to.deep.equal(ids);
    }
  });

  describe('dry run', () => {
    beforeEach(async () => {
      await archiveAllRules(app);
    });

    it('reports the grants and skips an event would get, changing nothing', async () => {
      const granting = await aRule(app, {
        name: 'granting',
        formula: { kind: 'per_amount', unit: 100, rate: 2 },
        pendingDays: 3,
        caps: { perDay: 100 },
      });
      await aRule(app, { name: 'web only', conditions: { channels: ['web'] } });
      const member = aMember();
      const event = anOrderPaid(member, 10_000, { channel: 'app' });

      const res = await app.t.http.post(`${RULES}/dry-run`).set(bearer(viewer.token)).send(event).expect(200);

      const outcome = res.body as EventOutcomeView;
      expect(outcome.memberId).to.equal(null);
      expect(outcome.grants).to.deep.equal([
        {
          ruleId: granting.id,
          ruleName: 'granting',
          currency: 'points',
          amount: 100,
          pending: true,
          availableAt: new Date(app.t.clock.now().getTime() + 3 * 86_400_000).toISOString(),
          entryId: null,
          cappedBy: 'day',
        },
      ]);
      expect(outcome.skipped.map((s) => [s.ruleName, s.reason, s.detail])).to.deep.equal([['web only', 'condition', 'channel']]);

      // Nothing changed: no member enrolled, no event stored, no cap used.
      await app.t.http
        .get(`/api/admin/v1/members?externalId=${member}`)
        .set(bearer(viewer.token))
        .expect(200, { items: [], nextCursor: null });
      const real = await sendEvent(app, event).expect(201);
      expect(real.headers['idempotent-replayed']).to.equal(undefined);
      expect((real.body as EventOutcomeView).grants.map((g) => g.amount)).to.deep.equal([100]);
    });

    it('sees what a known member has left of a cap, without using it', async () => {
      await aRule(app, { formula: { kind: 'fixed', amount: 70 }, caps: { perDay: 100 } });
      const member = aMember();
      await accepted(app, anOrderPaid(member, 1));

      const dry = async () =>
        ((await app.t.http.post(`${RULES}/dry-run`).set(admin()).send(anOrderPaid(member, 1)).expect(200)).body as EventOutcomeView).grants;
      expect((await dry()).map((g) => g.amount)).to.deep.equal([30]);
      expect((await dry()).map((g) => g.amount)).to.deep.equal([30]);
      expect((await accepted(app, anOrderPaid(member, 1))).grants.map((g) => g.amount)).to.deep.equal([30]);
      const ledger = await app.t.services.ledger.ledger((await app.t.services.members.ensure(member)).id, {});
      expect(ledger.items).to.have.length(2);
    });

    it('validates the event like the events API', async () => {
      const res = await app.t.http
        .post(`${RULES}/dry-run`)
        .set(admin())
        .send({ ...anOrderPaid(aMember(), 1), occurredAt: 'now' })
        .expect(400);
      expect((errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field)).to.deep.equal(['occurredAt']);
    });
  });
});
