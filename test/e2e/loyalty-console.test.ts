import {
  AdminRole,
  type BenefitPackageView,
  type BenefitView,
  type CouponTemplateView,
  type CouponView,
  type MallRewardView,
  type RedemptionView,
  type RewardCodeCountsView,
} from '@laurel/shared';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { aMemberToken, anOperator, bearer, listAll, nowSeconds, type Operator } from '../support/builders.js';
import { bilingualScreenshots, signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

describe('benefits, coupons and points mall console in a browser: an operator sets them up, a member redeems, support follows it', function () {
  this.timeout(180_000);
  let app: BrowserApp;
  let page: Page;
  /** Screenshots of what is on screen in English and in Chinese (see bilingualScreenshots). */
  let shots: (name: string, chinese: string) => Promise<void>;
  let operator: Operator;
  let member: { id: string; externalId: string; token: string };

  before(async () => {
    // The app clock starts at the real time: the browser checks the operator's session against its own clock.
    app = await startBrowserApp({ env: { RATE_LIMIT_MEMBER_MAX: '1000000' } });
    operator = await anOperator(app.t, AdminRole.Operator);
    const admin = await anOperator(app.t, AdminRole.Admin);
    for (const [rank, code] of ['silver', 'gold'].entries()) {
      await app.t.http
        .post('/api/admin/v1/tiers')
        .set(bearer(admin.token))
        .send({ code, name: code === 'gold' ? 'Gold' : 'Silver', rank: rank + 1, entryThreshold: (rank + 1) * 1000 })
        .expect(201);
    }
    member = await aMember('console-loyalty-1');
    await app.t.http
      .post(`/api/admin/v1/members/${member.id}/tier`)
      .set(bearer(operator.token))
      .send({ tier: 'gold', reason: 'status match', autoUpgrade: false })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).to.be.within(200, 201));
    await app.t.http
      .post(`/api/admin/v1/members/${member.id}/adjustments`)
      .set(bearer(operator.token))
      .set('Idempotency-Key', 'console-loyalty-welcome')
      .send({ currency: 'points', amount: 1_000, reason: 'welcome points' })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).to.be.within(200, 201));
    page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    shots = bilingualScreenshots(page);
    await signIn(page, app.base, operator.email, operator.password);
    await page.getByRole('menuitem', { name: 'Members' }).waitFor();
  });

  after(async () => {
    await page?.close();
    await app?.close();
  });

  const adminGet = async <T>(url: string): Promise<T> => (await app.t.http.get(url).set(bearer(operator.token)).expect(200)).body as T;

  /** A member enrolled through the member API (their first call). */
  async function aMember(externalId: string): Promise<{ id: string; externalId: string; token: string }> {
    const token = aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) });
    const me = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    return { id: (me.body as { memberId: string }).memberId, externalId, token };
  }

  /** Picks `option` in the antd select labelled `label` inside `scope`. */
  async function choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }

  it('creates a coupon template and issues it to a member', async () => {
    await page.getByRole('menuitem', { name: 'Coupons' }).click();
    await page.getByRole('button', { name: 'New template' }).click();
    const form = page.getByTestId('coupon-template-form');
    await form.getByLabel('Name', { exact: true }).fill('10 off 50');
    await form.getByLabel('Amount off').fill('1000');
    await form.getByLabel('Minimum spend').fill('5000');
    await form.getByLabel('Days', { exact: true }).fill('30');
    await form.getByLabel('Total stock').fill('100');
    await form.getByLabel('Per-member limit').fill('2');
    await shots('coupon-template-new', '创建模板');
    await form.getByRole('button', { name: 'Create template' }).click();

    const row = page.locator('.ant-table-row', { hasText: '10 off 50' });
    await row.getByTestId('coupon-template-stock').filter({ hasText: '100 of 100' }).waitFor();
    expect(await row.innerText()).to.contain('10.00 CNY off');
    const [template] = await listAll<CouponTemplateView>(app.t, '/api/admin/v1/coupon-templates', operator.token);
    expect([template?.discount.type, template?.discount.amountOff, template?.minSpend, template?.currency]).to.deep.equal([
      'amount',
      1000,
      5000,
      'CNY',
    ]);
    expect([template?.validity.type, template?.validity.days, template?.totalStock, template?.perMemberLimit]).to.deep.equal([
      'relative',
      30,
      100,
      2,
    ]);

    await row.getByRole('button', { name: 'Issue 10 off 50' }).click();
    const dialog = page.getByTestId('issue-coupon');
    await dialog.getByLabel('Member ID').fill(member.id);
    await dialog.getByLabel('Reason').fill('goodwill, ticket 4821');
    await page.getByRole('button', { name: 'Issue coupon' }).click();
    await row.getByTestId('coupon-template-stock').filter({ hasText: '99 of 100' }).waitFor();
    await row.getByTestId('coupon-template-counts').filter({ hasText: '1 / 0' }).waitFor();
    const coupons = await listAll<CouponView>(app.t, `/api/admin/v1/members/${member.id}/coupons`, operator.token);
    expect(coupons.map((c) => [c.templateName, c.state, c.source.type])).to.deep.equal([['10 off 50', 'issued', 'operator']]);
    await shots('coupon-templates', '优惠券模板');
  });

  it('creates a benefit and a package that gives it to gold members', async () => {
    await page.getByRole('menuitem', { name: 'Benefits' }).click();
    await page.getByRole('button', { name: 'New benefit' }).click();
    const form = page.getByTestId('benefit-form');
    await choose(form, 'Type', 'Free shipping');
    await form.getByLabel('Code', { exact: true }).fill('free_shipping');
    await form.getByLabel('Name', { exact: true }).fill('Free shipping');
    await form.getByLabel('Description').fill('Orders ship free');
    await shots('benefit-new', '新建权益');
    await form.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('.ant-table-row', { hasText: 'free_shipping' });
    await row.getByTestId('benefit-status').filter({ hasText: 'Active' }).waitFor();
    const benefit = await adminGet<BenefitView>('/api/admin/v1/benefits/free_shipping');
    expect([benefit.type, benefit.name, benefit.description, benefit.version]).to.deep.equal([
      'free_shipping',
      'Free shipping',
      'Orders ship free',
      1,
    ]);
    await shots('benefits', '会员权益');

    await page.getByRole('tab', { name: 'Packages' }).click();
    await page.getByRole('button', { name: 'New package' }).click();
    const pkg = page.getByTestId('package-form');
    await pkg.getByLabel('Name', { exact: true }).fill('Gold perks');
    await pkg.getByLabel('Package code').fill('gold_perks');
    await choose(pkg, 'Tier', 'Gold (gold)');
    await choose(pkg, 'Item 1 Benefit', 'Free shipping (free_shipping)');
    // A monthly quota without its count: the server's refusal lands on the item's count.
    await pkg.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Not saved: [VALIDATION_FAILED]').waitFor();
    const quota = pkg.locator('.ant-form-item', { has: page.getByLabel('Item 1 Quota') });
    await quota.locator('.ant-form-item-explain-error', { hasText: 'a month quota needs a count' }).waitFor();
    expect(await listAll(app.t, '/api/admin/v1/benefit-packages', operator.token)).to.deep.equal([]);
    await pkg.getByLabel('Item 1 Quota').fill('3');
    await shots('package-new', '包含的权益');
    await pkg.getByRole('button', { name: 'Create' }).click();
    const pkgRow = page.locator('.ant-table-row', { hasText: 'Gold perks' });
    await pkgRow.getByTestId('package-items').filter({ hasText: 'Free shipping: 3 per month (Best wins)' }).waitFor();
    const saved = await adminGet<BenefitPackageView>('/api/admin/v1/benefit-packages/gold_perks');
    expect([saved.source, saved.items]).to.deep.equal([
      { type: 'tier', code: 'gold' },
      [{ benefitCode: 'free_shipping', quota: { period: 'month', count: 3 }, value: null, stacking: 'best' }],
    ]);
    await shots('packages', '权益包');
  });

  it('creates mall rewards, uploads a code pool, and follows redemptions to a shipped and delivered item', async () => {
    // A code reward: created, then its pool filled from the reward's page (a repeated code is skipped and counted).
    await page.getByRole('menuitem', { name: 'Points mall' }).click();
    await page.getByRole('button', { name: 'New reward' }).click();
    const form = page.getByTestId('reward-form');
    await form.getByLabel('Name', { exact: true }).fill('Coffee voucher');
    await choose(form, 'Type', 'Virtual code');
    await form.getByLabel('Points', { exact: true }).fill('100');
    await form.getByLabel('Per-member limit').fill('1');
    await choose(form, 'Period', 'per month');
    await shots('reward-new', '创建商品');
    await form.getByRole('button', { name: 'Create reward' }).click();
    const codes = page.getByTestId('reward-codes');
    await codes.getByLabel('Codes').fill('CAFE-1\nCAFE-2\n\nCAFE-2\nCAFE-3\n');
    await codes.getByRole('button', { name: 'Upload codes' }).click();
    await codes.getByText('3 added, 1 duplicates skipped').waitFor();
    await codes.getByTestId('codes-available').filter({ hasText: '3' }).waitFor();
    await shots('reward-codes', '兑换码池');
    const rewards = await listAll<MallRewardView>(app.t, '/api/admin/v1/rewards', operator.token);
    const coffee = rewards.find((r) => r.name === 'Coffee voucher');
    expect([coffee?.type, coffee?.pointsPrice, coffee?.stock, coffee?.limit]).to.deep.equal([
      'virtual_code',
      100,
      { total: 3, left: 3 },
      { count: 1, period: 'month' },
    ]);

    // A physical item with stock.
    await page.getByRole('menuitem', { name: 'Points mall' }).click();
    await page.getByRole('button', { name: 'New reward' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Tote bag');
    await form.getByLabel('Points', { exact: true }).fill('300');
    await form.getByLabel('Total stock').fill('5');
    await form.getByRole('switch', { name: 'Revocable' }).click();
    await form.getByRole('button', { name: 'Create reward' }).click();
    const toteRow = page.locator('.ant-table-row', { hasText: 'Tote bag' });
    await toteRow.getByTestId('reward-stock').filter({ hasText: '5 of 5' }).waitFor();
    await shots('rewards', '积分商城');
    const tote = (await listAll<MallRewardView>(app.t, '/api/admin/v1/rewards', operator.token)).find((r) => r.name === 'Tote bag');
    expect([tote?.type, tote?.pointsPrice, tote?.stock, tote?.revocable]).to.deep.equal(['physical', 300, { total: 5, left: 5 }, true]);

    // The member redeems both through the member API.
    const redeem = async (rewardId: string, key: string) => {
      const res = await app.t.http
        .post('/api/v1/me/redemptions')
        .set(bearer(member.token))
        .set('Idempotency-Key', key)
        .send({ rewardId, quantity: 1 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body as RedemptionView;
    };
    const coffeeRedemption = await redeem(coffee?.id ?? '', 'console-coffee-1');
    const toteRedemption = await redeem(tote?.id ?? '', 'console-tote-1');
    expect([coffeeRedemption.state, toteRedemption.state, toteRedemption.fulfilment?.status]).to.deep.equal([
      'completed',
      'completed',
      'pending',
    ]);

    // The operator sees them, ships the bag, then marks it delivered.
    await page.getByRole('menuitem', { name: 'Redemptions' }).click();
    const toteLine = page.locator('.ant-table-row', { hasText: 'Tote bag' });
    await toteLine.getByTestId('fulfilment-status').filter({ hasText: 'to ship' }).waitFor();
    const coffeeLine = page.locator('.ant-table-row', { hasText: 'Coffee voucher' });
    await coffeeLine.getByTestId('redemption-state').filter({ hasText: 'completed' }).waitFor();
    expect(await coffeeLine.innerText()).to.contain('100 points');
    await shots('redemptions', '兑换记录');

    await coffeeLine.getByRole('button', { name: `Redemption ${coffeeRedemption.id}` }).click();
    const drawer = page.getByTestId('redemption-drawer').filter({ hasText: 'Coffee voucher' });
    // Operators' lists name what was given, never a code's text.
    await drawer.getByTestId('redemption-issued').filter({ hasText: 'Code' }).waitFor();
    expect(await drawer.innerText()).to.not.contain('CAFE-');
    await drawer.getByText('Not a physical item').waitFor();
    await shots('redemption-code', '非实物商品');
    await page.getByRole('button', { name: 'Close' }).click();
    await drawer.waitFor({ state: 'detached' });

    await toteLine.getByRole('button', { name: `Redemption ${toteRedemption.id}` }).click();
    const toteDrawer = page.getByTestId('redemption-drawer').filter({ hasText: 'Tote bag' });
    expect(await toteDrawer.getByTestId('redemption-steps').getAttribute('data-state')).to.equal('completed');
    await toteDrawer.getByRole('button', { name: 'Mark shipped' }).click();
    const ship = page.getByTestId('fulfilment-modal');
    await ship.getByLabel('Tracking number').fill('SF1234567890');
    await page.getByRole('button', { name: 'Apply' }).click();
    await toteDrawer.getByTestId('fulfilment-tracking').filter({ hasText: 'SF1234567890' }).waitFor();
    await toteLine.getByTestId('fulfilment-status').filter({ hasText: 'shipped' }).waitFor();
    await shots('redemption-shipped', '已发货');
    await toteDrawer.getByRole('button', { name: 'Mark delivered' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await toteDrawer.getByTestId('fulfilment-status').filter({ hasText: 'delivered' }).waitFor();
    expect(await toteDrawer.getByRole('button', { name: /^Mark / }).count()).to.equal(0);
    await page.getByRole('button', { name: 'Close' }).click();
    await toteDrawer.waitFor({ state: 'detached' });
    const after = await listAll<RedemptionView>(app.t, `/api/admin/v1/members/${member.id}/redemptions`, operator.token);
    const shipped = after.find((r) => r.id === toteRedemption.id);
    expect([shipped?.fulfilment?.status, shipped?.fulfilment?.trackingNumber]).to.deep.equal(['delivered', 'SF1234567890']);
    const counts = await adminGet<RewardCodeCountsView>(`/api/admin/v1/rewards/${coffee?.id}/codes`);
    expect([counts.available, counts.assigned]).to.deep.equal([2, 1]);
  });

  it("shows the member's benefits, coupons and redemptions on the member page, voids a coupon and issues another", async () => {
    await page.goto(`${app.base}/admin/members/${member.id}`);
    await page.getByRole('tab', { name: 'Benefits' }).click();
    const benefits = page.getByTestId('member-benefits');
    const shipping = benefits.locator('.ant-table-row', { hasText: 'Free shipping' });
    await shipping.getByTestId('entitlement-remaining').filter({ hasText: '3' }).waitFor();
    expect(await shipping.innerText()).to.contain('gold');
    await shots('member-benefits', '剩余');

    await page.getByRole('tab', { name: 'Coupons' }).click();
    const coupons = page.getByTestId('member-coupons');
    const coupon = coupons.locator('.ant-table-row', { hasText: '10 off 50' });
    await coupon.getByTestId('member-coupon-state').filter({ hasText: 'issued' }).waitFor();
    await shots('member-coupons', '已发放');
    const [issued] = await listAll<CouponView>(app.t, `/api/admin/v1/members/${member.id}/coupons`, operator.token);
    await coupon.getByRole('button', { name: `Void ${issued?.code}` }).click();
    await page.getByTestId('void-coupon').getByLabel('Reason').fill('issued by mistake');
    await page.getByRole('button', { name: 'Void coupon' }).click();
    await coupon.getByTestId('member-coupon-state').filter({ hasText: 'voided' }).waitFor();
    expect(await coupon.getByRole('button', { name: /^Void / }).count()).to.equal(0);
    const [voided] = await listAll<CouponView>(app.t, `/api/admin/v1/members/${member.id}/coupons`, operator.token);
    expect([voided?.state, voided?.voidReason]).to.deep.equal(['voided', 'issued by mistake']);

    // Support issues another from the member's page: the template is picked, the member is the page's.
    await coupons.getByRole('button', { name: 'Issue coupon' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, 'Coupon template', '10 off 50');
    await dialog.getByLabel('Reason').fill('replaces the voided one');
    await dialog.getByRole('button', { name: 'Issue coupon' }).click();
    await coupons.getByTestId('member-coupon-state').filter({ hasText: 'issued' }).waitFor();
    const after = await listAll<CouponView>(app.t, `/api/admin/v1/members/${member.id}/coupons`, operator.token);
    expect(after.map((c) => c.state).sort()).to.deep.equal(['issued', 'voided']);

    await page.getByRole('tab', { name: 'Redemptions' }).click();
    const redemptions = page.getByTestId('member-redemptions');
    await redemptions
      .locator('.ant-table-row', { hasText: 'Tote bag' })
      .getByTestId('fulfilment-status')
      .filter({ hasText: 'delivered' })
      .waitFor();
    await redemptions
      .locator('.ant-table-row', { hasText: 'Coffee voucher' })
      .getByTestId('redemption-state')
      .filter({ hasText: 'completed' })
      .waitFor();
    expect(await redemptions.locator('.ant-table-row').count()).to.equal(2);
    await shots('member-redemptions', '兑换记录');
  });

  it('keeps a reward changed meanwhile: saving an old version is refused with a reload, and the reloaded form saves', async () => {
    const tote = (await listAll<MallRewardView>(app.t, '/api/admin/v1/rewards', operator.token)).find((r) => r.name === 'Tote bag');
    await page.goto(`${app.base}/admin/rewards/${tote?.id}`);
    const form = page.getByTestId('reward-form');
    await form.getByLabel('Points', { exact: true }).fill('350');
    await app.t.http
      .patch(`/api/admin/v1/rewards/${tote?.id}`)
      .set(bearer(operator.token))
      .send({ version: tote?.version, displayOrder: 7 })
      .expect(200);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('reward-conflict').filter({ hasText: 'Someone changed this reward meanwhile' }).waitFor();
    expect((await adminGet<MallRewardView>(`/api/admin/v1/rewards/${tote?.id}`)).pointsPrice).to.equal(300);
    await page.getByTestId('reward-conflict').getByRole('button', { name: 'Reload' }).click();
    await page.getByText(`Version ${(tote?.version ?? 0) + 1} · Physical item`).waitFor();
    expect(await form.getByLabel('Order', { exact: true }).inputValue()).to.equal('7');
    await form.getByLabel('Points', { exact: true }).fill('350');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.ant-table-row', { hasText: 'Tote bag' }).getByTestId('reward-price').filter({ hasText: '350 points' }).waitFor();
    const after = await adminGet<MallRewardView>(`/api/admin/v1/rewards/${tote?.id}`);
    expect([after.pointsPrice, after.displayOrder, after.version]).to.deep.equal([350, 7, (tote?.version ?? 0) + 2]);
  });

  it('shows a viewer the new pages read-only', async () => {
    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const viewerPage = await app.browser.newPage();
    try {
      await signIn(viewerPage, app.base, viewer.email, viewer.password);
      await viewerPage.getByRole('menuitem', { name: 'Coupons' }).click();
      const row = viewerPage.locator('.ant-table-row', { hasText: '10 off 50' });
      await row.waitFor();
      expect(await viewerPage.getByRole('button', { name: 'New template' }).count()).to.equal(0);
      expect(await row.getByRole('button').count()).to.equal(0);
      await row.getByRole('link', { name: '10 off 50' }).click();
      await viewerPage.getByText('Only operators and admins can change coupon templates.').waitFor();
      expect(await viewerPage.getByTestId('coupon-template-form').getByLabel('Name', { exact: true }).isDisabled()).to.equal(true);

      await viewerPage.getByRole('menuitem', { name: 'Points mall' }).click();
      await viewerPage.locator('.ant-table-row', { hasText: 'Coffee voucher' }).getByRole('link', { name: 'Coffee voucher' }).click();
      await viewerPage.getByTestId('reward-codes').getByTestId('codes-assigned').filter({ hasText: '1' }).waitFor();
      expect(await viewerPage.getByRole('button', { name: 'Upload codes' }).count()).to.equal(0);
      expect(await viewerPage.getByText('CAFE-').count()).to.equal(0);

      await viewerPage.getByRole('menuitem', { name: 'Benefits' }).click();
      await viewerPage.locator('.ant-table-row', { hasText: 'free_shipping' }).waitFor();
      expect(await viewerPage.getByRole('button', { name: 'New benefit' }).count()).to.equal(0);
    } finally {
      await viewerPage.close();
    }
  });
});
