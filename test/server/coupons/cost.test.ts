import { expect } from 'chai';
import type { TemplateInput } from '@laurel/server/modules/coupons/templates.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const SYSTEM = { type: 'system' as const, id: 'test', label: 'test' };

describe('coupons: database commands per issue and per checkout call', () => {
  let t: TestApp;
  let counted: string[] | null = null;

  before(async () => {
    t = await startTestApp({ onCommand: (name) => counted?.push(name) });
    t.clock.set('2026-06-01T02:00:00.000Z');
  });
  after(() => t.close());

  async function aTemplateId(fields: Partial<TemplateInput> = {}): Promise<string> {
    const template = await t.services.couponTemplates.create(
      { name: 'cost', discount: { type: 'amount', amountOff: 100 }, currency: 'CNY', validity: { type: 'relative', days: 7 }, ...fields },
      SYSTEM,
    );
    return template.id;
  }

  async function commandsOf(run: () => Promise<unknown>): Promise<string[]> {
    counted = [];
    await run();
    const commands = counted;
    counted = null;
    return commands;
  }

  it('issues in eight commands with stock and a per-member limit, seven without a limit', async () => {
    const limited = await aTemplateId({ totalStock: 100, perMemberLimit: 5 });
    const open = await aTemplateId();
    const memberId = (await t.services.members.ensure('cost-member')).id;
    const issue = (templateId: string, key: string) => () =>
      t.services.coupons.issue({ templateId, memberId, key, source: { type: 'campaign', id: 'c' } });
    // find by key, read the template, insert, count, take stock, mark issued, clear the op, record it done.
    expect(await commandsOf(issue(limited, 'k1'))).to.deep.equal([
      'find',
      'find',
      'insert',
      'update',
      'update',
      'findAndModify',
      'update',
      'findAndModify',
    ]);
    expect(await commandsOf(issue(open, 'k2'))).to.deep.equal([
      'find',
      'find',
      'insert',
      'update',
      'findAndModify',
      'update',
      'findAndModify',
    ]);
    // A repeat with the key: one read.
    expect(await commandsOf(issue(limited, 'k1'))).to.deep.equal(['find']);
  });

  it('locks in two commands (a read and one conditional update) and redeems in three (with its count)', async () => {
    const templateId = await aTemplateId();
    const member = await t.services.members.ensure('cost-checkout');
    const coupon = await t.services.coupons.issue({ templateId, memberId: member.id, key: 'k', source: { type: 'campaign', id: 'c' } });
    const order = { orderId: 'o-1', amount: 1000, currency: 'CNY' };
    await t.services.members.idOf(member.externalId);
    expect(await commandsOf(() => t.services.coupons.lock(member.externalId, coupon.code, order))).to.deep.equal(['find', 'findAndModify']);
    // A redeem adds the template's redeemed count.
    expect(await commandsOf(() => t.services.coupons.redeem(member.externalId, coupon.code, order))).to.deep.equal([
      'find',
      'findAndModify',
      'update',
    ]);
  });
});
