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

  /** A member enrolled through the member API (their first call); returns their id. */
  async function enrolled(externalId: string): Promise<string> {
    const token = aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) });
    const me = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    return (me.body as { memberId: string }).memberId;
  }
  async function aTier(definition: Record<string, unknown>): Promise<void> {
    await app.t.http.post('/api/admin/v1/tiers').set(bearer(operator.token)).send(definition).expect(201);
  }

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

    const memberId = await enrolled('climber-1');
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
    await aTier({ code: 'platinum', name: 'Platinum', rank: 5, entryThreshold: 10_000, validityMonths: 12 });
    const memberId = await enrolled('high-roller-1');
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

  it('sets a member tier by hand after a refused valid-until, shows it on the card and in the history; a viewer sees the history but cannot set', async () => {
    await aTier({ code: 'vip', name: 'VIP', rank: 3, entryThreshold: 5_000, validityMonths: 12 });
    const memberId = await enrolled('hand-picked-1');
    const history = () =>
      listAll<{ from: string | null; to: string | null; reason: string; note: string | null; actor: { label: string } }>(
        app.t,
        `/api/admin/v1/members/${memberId}/tier/history`,
        operator.token,
      );

    // A fixed zone, so the picked local time has one UTC instant.
    const opPage = await app.browser.newPage({ timezoneId: 'Asia/Shanghai' });
    try {
      await signIn(opPage, app.base, operator.email, operator.password);
      await opPage.getByRole('menuitem', { name: 'Members' }).waitFor();
      await opPage.goto(`${app.base}/admin/members/${memberId}`);
      const card = opPage.getByTestId('member-tier');
      await card.getByText('No tier').waitFor();
      await card.getByRole('button', { name: 'Set tier' }).click();
      const dialog = opPage.getByRole('dialog', { name: 'Set tier' });
      await dialog.getByLabel('Tier', { exact: true }).click();
      await opPage.locator('.ant-select-item-option', { hasText: 'VIP (vip)' }).click();
      const validUntil = dialog.getByLabel('Valid until');
      await validUntil.fill('2020-01-01 10:00');
      await validUntil.press('Enter');
      await dialog.getByLabel('Keep upgrading automatically').click();
      await dialog.getByLabel('Reason').fill('partner status match, ticket 5120');
      await dialog.getByRole('button', { name: 'Set tier' }).click();
      const validUntilItem = dialog.locator('.ant-form-item', { has: opPage.getByLabel('Valid until') });
      await validUntilItem.locator('.ant-form-item-explain-error', { hasText: 'validUntil must be in the future' }).waitFor();
      await dialog.getByText('The tier was not set').waitFor();
      expect(await history()).to.deep.equal([]);

      await validUntil.fill('2099-06-30 12:00');
      await validUntil.press('Enter');
      await dialog.getByRole('button', { name: 'Set tier' }).dblclick();
      await card.getByTestId('member-tier-current').filter({ hasText: 'VIP' }).waitFor();
      await card.getByText('2099-06-30 12:00:00').waitFor();
      await card.getByText('off (set by an operator)').waitFor();
      await opPage.getByRole('tab', { name: 'Tier history' }).click();
      const row = opPage.getByTestId('tier-history').locator('tr', { hasText: 'manual' });
      await row.filter({ hasText: 'partner status match, ticket 5120' }).filter({ hasText: operator.email }).waitFor();
      expect(await row.innerText()).to.match(/no tier\s*→\s*vip/);
    } finally {
      await opPage.close();
    }
    const tier = (await app.t.http.get(`/api/admin/v1/members/${memberId}/tier`).set(bearer(operator.token)).expect(200)).body as {
      tier: string | null;
      validUntil: string | null;
      autoUpgrade: boolean;
    };
    expect([tier.tier, tier.validUntil, tier.autoUpgrade]).to.deep.equal(['vip', '2099-06-30T04:00:00.000Z', false]);
    const changes = await history();
    expect(changes.map((c) => [c.from, c.to, c.reason, c.note, c.actor.label])).to.deep.equal([
      [null, 'vip', 'manual', 'partner status match, ticket 5120', operator.email],
    ]);

    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const viewerPage = await app.browser.newPage();
    try {
      await signIn(viewerPage, app.base, viewer.email, viewer.password);
      await viewerPage.getByRole('menuitem', { name: 'Members' }).waitFor();
      await viewerPage.goto(`${app.base}/admin/members/${memberId}`);
      await viewerPage.getByTestId('member-tier-current').filter({ hasText: 'VIP' }).waitFor();
      await viewerPage.getByRole('tab', { name: 'Tier history' }).click();
      await viewerPage.getByTestId('tier-history').locator('tr', { hasText: 'partner status match, ticket 5120' }).waitFor();
      expect(await viewerPage.getByRole('button', { name: 'Set tier' }).count()).to.equal(0);
      expect(await viewerPage.getByTestId('set-tier').count()).to.equal(0);
    } finally {
      await viewerPage.close();
    }
  });
});
