import { expect } from 'chai';
import { grantId } from '@laurel/server/modules/ledger/grants.js';
import { ValidationError } from '@laurel/server/platform/errors.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const source = { type: 'task' as const, id: 'task-1' };

describe('ledger grants', () => {
  let t: TestApp;
  let n = 0;
  const aMember = async () => (await t.services.members.ensure(`grant-member-${++n}`)).id;
  const available = async (memberId: string) => (await t.services.ledger.summary(memberId)).available;

  before(async () => {
    t = await startTestApp({ env: { TIER_METRIC: 'orders', TIER_WINDOW: 'lifetime' } });
  });

  after(async () => {
    await t.close();
  });

  it('takes back what a grant earned, once, however often the reversal is retried', async () => {
    const memberId = await aMember();
    const reward = grantId('task', 'c-1:r1');
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 50, key: 'task:c-1:r1:points', source, orderId: reward });
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 30, key: 'other-earn', source: { type: 'system', id: 'x' } });
    const first = await t.services.ledger.reverseGrant({ memberId, grantId: reward, key: 'task:c-1:r1:revoke' });
    expect(first.entries.find((e) => e.currency === 'points')?.delta).to.equal(-50);
    const again = await t.services.ledger.reverseGrant({ memberId, grantId: reward, key: 'task:c-1:r1:revoke' });
    expect(again.replayed).to.equal(true);
    expect(await available(memberId)).to.equal(30);
    expect((await t.services.ledger.reconcile()).ok).to.equal(true);
  });

  it('gives back what a grant spent, with the points it took', async () => {
    const memberId = await aMember();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 100, key: 'earn-100', source: { type: 'system', id: 'x' } });
    const cost = grantId('check-in-make-up', `${memberId}:2027-03-14`);
    await t.services.ledger.spend({ memberId, amount: 20, key: 'make-up-cost', reason: 'make-up check-in', orderId: cost });
    expect(await available(memberId)).to.equal(80);
    await t.services.ledger.reverseGrant({ memberId, grantId: cost, key: 'make-up-cost:undo' });
    expect(await available(memberId)).to.equal(100);
  });

  it('changes nothing for a grant that never reached the ledger, and refuses an id that is not a grant', async () => {
    const memberId = await aMember();
    const result = await t.services.ledger.reverseGrant({ memberId, grantId: grantId('task', 'never'), key: 'never:revoke' });
    expect(result.entries).to.deep.equal([]);
    let refused: unknown;
    try {
      await t.services.ledger.reverseGrant({ memberId, grantId: 'order-1', key: 'order-1:revoke' });
    } catch (err) {
      refused = err;
    }
    expect(refused).to.be.instanceOf(ValidationError);
  });

  it('does not count a grant as an order for the orders tier metric', async () => {
    const actor = { type: 'system' as const, id: 'test', label: 'test' };
    await t.services.tierDefinitions.create(
      { code: 'silver', name: 'Silver', rank: 1, entryThreshold: 2, validityMonths: 12, graceDays: 0 },
      actor,
    );
    const memberId = await aMember();
    const rule = { type: 'rule' as const, id: 'rule-1' };
    await t.services.ledger.earn({ memberId, currency: 'growth', amount: 10, key: 'order-1:earn', source: rule, orderId: 'order-1' });
    await t.services.ledger.earn({
      memberId,
      currency: 'growth',
      amount: 10,
      key: 'reward:growth',
      source,
      orderId: grantId('task', 'c-2:r1'),
    });
    const view = await t.services.tiers.memberTier(memberId);
    expect(view).to.deep.include({ metric: 'orders', current: 1 });
  });
});
