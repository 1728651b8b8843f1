import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { aMemberToken, anOperator, bearer, listAll, nowSeconds, type Operator } from '../support/builders.js';
import { signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

describe('tiers console in a browser: the ladder and a member tier', function () {
  this.timeout(90_000);
  let app: BrowserApp;
  let page: Page;
  let operator: Operator;

  before(async () => {
    app = await startBrowserApp();
    operator = await anOperator(app.t, AdminRole.Operator);
    page = await app.browser.newPage();
  });

  after(async () => {
    await page?.close();
    await app?.close();
  });

  it('creates a tier through the drawer after a refused threshold, lists it, and the member page shows it once growth reaches it', async () => {
    await signIn(page, app.base, operator.email, operator.password);
    await page.getByRole('menuitem', { name: 'Tiers' }).click();
    await page.getByRole('button', { name: 'New tier' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: 'New tier' });
    await drawer.getByLabel('Code').fill('gold');
    await drawer.getByLabel('Name').fill('Gold');
    await drawer.getByLabel('Rank').fill('1');
    await drawer.getByLabel('Entry threshold').fill('500');
    await drawer.getByLabel('Retention threshold').fill('900');
    await drawer.getByLabel('Validity months').fill('12');
    await drawer.getByRole('button', { name: 'Create tier' }).click();
    await drawer.locator('.ant-form-item-explain-error', { hasText: 'retentionThreshold may not exceed entryThreshold' }).waitFor();
    await drawer.getByText('The tier was not saved').waitFor();

    await drawer.getByLabel('Retention threshold').fill('400');
    await drawer.getByRole('button', { name: 'Create tier' }).click();
    const row = page.locator('.ant-table-row', { hasText: 'gold' });
    await row.filter({ hasText: 'Gold' }).filter({ hasText: '500' }).filter({ hasText: '400' }).waitFor();
    const tiers = await listAll<{ code: string; entryThreshold: number; retentionThreshold: number; validityMonths: number | null }>(
      app.t,
      '/api/admin/v1/tiers',
      operator.token,
    );
    expect(tiers.map((t) => [t.code, t.entryThreshold, t.retentionThreshold, t.validityMonths])).to.deep.equal([['gold', 500, 400, 12]]);

    const token = aMemberToken('climber-1', { nowSeconds: nowSeconds(app.t) });
    const me = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    const memberId = (me.body as { memberId: string }).memberId;
    await app.t.http
      .post(`/api/admin/v1/members/${memberId}/adjustments`)
      .set(bearer(operator.token))
      .set('Idempotency-Key', 'tiers-console-growth-1')
      .send({ currency: 'growth', amount: 600, reason: 'welcome growth' })
      .expect(201);

    await page.goto(`${app.base}/admin/members/${memberId}`);
    const card = page.getByTestId('member-tier');
    await card.getByTestId('member-tier-current').filter({ hasText: 'Gold' }).waitFor();
    expect(await card.innerText()).to.contain('gold');
  });

  it('edits a tier in the drawer, then re-evaluates all: the dry-run counts first, the real run only after confirming', async () => {
    await app.t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(operator.token))
      .send({ code: 'platinum', name: 'Platinum', rank: 5, entryThreshold: 10_000, validityMonths: 12 })
      .expect(201);
    const token = aMemberToken('high-roller-1', { nowSeconds: nowSeconds(app.t) });
    const me = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    const memberId = (me.body as { memberId: string }).memberId;
    await app.t.http
      .post(`/api/admin/v1/members/${memberId}/adjustments`)
      .set(bearer(operator.token))
      .set('Idempotency-Key', 'tiers-console-growth-2')
      .send({ currency: 'growth', amount: 10_000, reason: 'big spender' })
      .expect(201);
    const tierOf = async () =>
      (
        (await app.t.http.get(`/api/admin/v1/members/${memberId}/tier`).set(bearer(operator.token)).expect(200)).body as {
          tier: string | null;
        }
      ).tier;
    expect(await tierOf()).to.equal('platinum');

    await page.goto(`${app.base}/admin/tiers`);
    await page.getByRole('button', { name: 'Edit platinum' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: 'Edit tier platinum' });
    await drawer.getByLabel('Entry threshold').fill('20000');
    await drawer.getByLabel('Retention threshold').fill('15000');
    await drawer.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.ant-table-row', { hasText: 'platinum' }).filter({ hasText: '15,000' }).waitFor();
    expect(await tierOf()).to.equal('platinum');

    await page.getByRole('button', { name: 'Re-evaluate all' }).click();
    const preview = page.getByTestId('reevaluation-preview');
    await preview.filter({ hasText: '1 would move down' }).waitFor();
    expect(await tierOf()).to.equal('platinum');
    await page.getByRole('button', { name: 'Re-evaluate', exact: true }).click();
    await page.getByText(/Re-evaluated: 0 up, 1 down/).waitFor();
    expect(await tierOf()).to.not.equal('platinum');
  });
});
