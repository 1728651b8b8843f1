import { AdminRole, type LedgerEntryView } from '@laurel/shared';
import { expect } from 'chai';
import type { AuditRecord } from '@laurel/server/modules/audit/service.js';
import { idempotencyModel } from '@laurel/server/modules/idempotency/model.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, listAll, type Operator } from '../../support/builders.js';

interface AuditEntryView {
  id: string;
  action: string;
  target: { type: string; id: string };
  after: unknown;
}

describe('audit trail under retries', () => {
  let t: TestApp;
  let operator: Operator;
  let n = 0;

  before(async () => {
    t = await startTestApp();
    operator = await anOperator(t, AdminRole.Admin);
    await t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(operator.token))
      .send({ code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100, retentionThreshold: 80, validityMonths: 12, graceDays: 10 })
      .expect(201);
  });

  after(async () => {
    await t.close();
  });

  /** The next `times` audit inserts fail as a database error would (the ledger and the tiers hold this sink). */
  function failAuditInserts(times: number): () => void {
    const audit = t.services.audit;
    const record = audit.record.bind(audit);
    let left = times;
    audit.record = async (entry: AuditRecord) => {
      if (left > 0) {
        left -= 1;
        throw new Error('audit insert failed');
      }
      return record(entry);
    };
    return () => {
      audit.record = record;
    };
  }

  const auditOf = (memberId: string, action: string): Promise<AuditEntryView[]> =>
    listAll<AuditEntryView>(t, `/api/admin/v1/audit?targetType=member&targetId=${memberId}`, operator.token).then((entries) =>
      entries.filter((e) => e.action === action),
    );

  async function aMember(): Promise<string> {
    n += 1;
    return (await t.services.members.ensure(uniqueName(`audited-${n}`))).id;
  }

  it('audits an adjustment exactly once when its first attempt failed in the audit insert and was retried with its key', async () => {
    const memberId = await aMember();
    const adjust = () =>
      t.http
        .post(`/api/admin/v1/members/${memberId}/adjustments`)
        .set(bearer(operator.token))
        .set('Idempotency-Key', 'goodwill-1')
        .send({ currency: 'points', amount: 40, reason: 'goodwill' });
    const restore = failAuditInserts(1);
    let failed;
    try {
      failed = await adjust();
    } finally {
      restore();
    }
    expect(failed.status).to.equal(500);

    const retried = await adjust().expect(201);
    // The HTTP record lost too (cleaned up): the ledger key replays the entry and the audit entry is not doubled.
    await idempotencyModel(t.mongo.connection).deleteMany({});
    const afterLoss = await adjust().expect(201);

    const entry = retried.body as LedgerEntryView;
    expect(afterLoss.body).to.deep.equal(entry);
    const ledger = await listAll<LedgerEntryView>(t, `/api/admin/v1/members/${memberId}/ledger`, operator.token);
    expect(ledger.map((e) => [e.kind, e.delta])).to.deep.equal([['adjust', 40]]);
    const audited = await auditOf(memberId, 'ledger.adjust');
    expect(audited).to.have.length(1);
    expect(audited[0]!.after).to.deep.equal(entry);
  });

  it('places a member on a tier once and audits it once when the first attempt failed in the audit insert', async () => {
    const memberId = await aMember();
    const place = () =>
      t.http
        .post(`/api/admin/v1/members/${memberId}/tier`)
        .set(bearer(operator.token))
        .set('Idempotency-Key', 'vip-1')
        .send({ tier: 'silver', reason: 'VIP complaint', autoUpgrade: true });
    const restore = failAuditInserts(1);
    let failed;
    try {
      failed = await place();
    } finally {
      restore();
    }
    expect(failed.status).to.equal(500);

    t.clock.advance(60_000);
    const retried = await place().expect(200);
    await idempotencyModel(t.mongo.connection).deleteMany({});
    const afterLoss = await place().expect(200);

    expect(afterLoss.body).to.deep.equal(retried.body);
    const history = await listAll<{ id: string; seq: number; to: string | null }>(
      t,
      `/api/admin/v1/members/${memberId}/tier/history`,
      operator.token,
    );
    expect(history.map((c) => [c.seq, c.to])).to.deep.equal([[1, 'silver']]);
    const audited = await auditOf(memberId, 'tier.set-member');
    expect(audited).to.have.length(1);
    expect(audited[0]!.id).to.equal(history[0]!.id);
  });
});
