import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import { outboxMessageModel, type StoredOutboxMessage } from '@laurel/server/modules/outbox/model.js';
import type { Model } from 'mongoose';
import { anOperator, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const source = { type: 'system' as const, id: 'test' };

describe('outbox: messages of tier changes and reminders', () => {
  let t: TestApp;
  let admin: Operator;
  let messages: Model<StoredOutboxMessage>;

  before(async () => {
    t = await startTestApp({ env: { POINTS_EXPIRY: 'days:20' } });
    t.clock.set('2026-03-01T04:00:00.000Z');
    admin = await anOperator(t, AdminRole.Operator);
    messages = outboxMessageModel(t.mongo.connection);
    await t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(admin.token))
      .send({ code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100, retentionThreshold: 80, validityMonths: 12, graceDays: 10 })
      .expect(201);
  });

  after(async () => {
    await t.close();
  });

  it('publishes tier.changed for an upgrade once, however often the relay runs', async () => {
    const memberId = (await t.services.members.ensure('outbox-tier-member')).id;
    await t.http
      .post(`/api/admin/v1/members/${memberId}/adjustments`)
      .set(bearer(admin.token))
      .set('Idempotency-Key', 'outbox-tier-adjust')
      .send({ currency: 'growth', amount: 150, reason: 'test' })
      .expect(201);

    await t.services.outbox.relay();
    await t.services.outbox.relay();

    const changed = await messages.find({ memberId, type: 'tier.changed' }).lean();
    expect(changed).to.have.length(1);
    expect(changed[0]!.data).to.deep.include({ from: null, to: 'silver' });
  });

  it('publishes points.expiring for a reminder once, however often the job and the relay run', async () => {
    await t.services.ledger.earn({ memberId: 'outbox-reminded', currency: 'points', amount: 40, key: 'outbox-reminder-earn', source });
    await t.services.scheduler.runJob('reminders.points-expiring');
    await t.services.outbox.relay();
    await t.services.scheduler.runJob('reminders.points-expiring');
    await t.services.outbox.relay();

    const expiring = await messages.find({ memberId: 'outbox-reminded', type: 'points.expiring' }).lean();
    expect(expiring).to.have.length(1);
    expect(expiring[0]!.data).to.deep.include({ amount: 40, windowDays: 30 });
  });
});
