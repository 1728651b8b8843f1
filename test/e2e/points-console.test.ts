import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { aMemberToken, anApiKey, anOperator, bearer, listAll, nowSeconds, type Operator } from '../support/builders.js';
import { signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

describe('points console in a browser: members, earning rules, adjustments', function () {
  this.timeout(90_000);
  let app: BrowserApp;
  let page: Page;
  let admin: Operator;
  let operator: Operator;
  let viewer: Operator;
  let shopKey: string;

  before(async () => {
    app = await startBrowserApp();
    admin = await anOperator(app.t, AdminRole.Admin);
    operator = await anOperator(app.t, AdminRole.Operator);
    viewer = await anOperator(app.t, AdminRole.Viewer);
    shopKey = await anApiKey(app.t, [ApiScope.EventsWrite]);
  });

  beforeEach(async () => {
    page = await app.browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  after(async () => {
    await app?.close();
  });

  async function signInAs(who: Operator): Promise<void> {
    await signIn(page, app.base, who.email, who.password);
    await page.getByRole('menuitem', { name: 'Members' }).waitFor();
  }

  /** A member enrolled the way the host app does it: their first call to the member API. */
  async function aMember(externalId: string): Promise<string> {
    const token = aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) });
    const res = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    return (res.body as { memberId: string }).memberId;
  }

  async function openMember(memberId: string): Promise<void> {
    await page.goto(`${app.base}/admin/members/${memberId}`);
    await page.getByTestId('wallet-points').waitFor();
  }

  const pointsAvailable = (value: string) => page.getByTestId('points-available').getByText(value, { exact: true });

  it('creates a rule through the form, shows a server refusal on its field, and the member page shows what an order earned', async () => {
    await signInAs(admin);
    await page.getByRole('menuitem', { name: 'Earning rules' }).click();
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name').fill('One point per yuan');
    await page.getByLabel('Channels').fill('app');
    await page.getByLabel('Channels').press('Enter');
    await page.getByLabel('Per member per day').fill('5000');
    await page.getByLabel('Per member per week').fill('1000');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.locator('.ant-form-item-explain-error', { hasText: 'perDay may not exceed perWeek' }).waitFor();
    await page.getByText('The rule was not saved').waitFor();

    await page.getByLabel('Per member per week').fill('');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('link', { name: 'One point per yuan' }).waitFor();
    const rules = await listAll<{ name: string; conditions: unknown; formula: unknown; caps: unknown }>(
      app.t,
      '/api/admin/v1/earning-rules',
      admin.token,
    );
    expect(rules.map((r) => [r.name, r.conditions, r.formula, r.caps])).to.deep.equal([
      ['One point per yuan', { channels: ['app'] }, { kind: 'per_amount', unit: 100, rate: 1 }, { perDay: 5000 }],
    ]);

    const event = {
      id: 'shop:o-1:paid',
      type: 'order.paid',
      occurredAt: app.t.clock.now().toISOString(),
      member: { externalId: 'shopper-1' },
      attributes: { orderId: 'o-1', amount: 12_345, currency: 'CNY', channel: 'app' },
    };
    await app.t.http.post('/api/v1/events').set(bearer(shopKey)).send(event).expect(201);

    await page.getByRole('menuitem', { name: 'Members' }).click();
    await page.getByRole('link', { name: 'shopper-1' }).click();
    await pointsAvailable('123').waitFor();
    const earnRow = page.locator('tr', { hasText: 'earn' }).filter({ hasText: '+123' });
    await earnRow.waitFor();
    expect(await earnRow.innerText()).to.contain('o-1');
  });

  it('dry-runs an event and shows per rule what it would grant or why it skips', async () => {
    const rule = (body: Record<string, unknown>) =>
      app.t.http
        .post('/api/admin/v1/earning-rules')
        .set(bearer(admin.token))
        .send({ eventType: 'review.posted', currency: 'points', ...body })
        .expect(201);
    await rule({ name: 'Review bonus', formula: { kind: 'fixed', amount: 30 } });
    await rule({ name: 'Store reviews only', formula: { kind: 'fixed', amount: 5 }, conditions: { channels: ['store'] } });

    // The button shows a spinner (and takes no click) while a run is in flight: click it once it is idle.
    const runDryRun = () => page.locator('[data-testid="dry-run-submit"]:not(.ant-btn-loading)').click();
    await signInAs(viewer);
    await page.getByRole('menuitem', { name: 'Earning rules' }).click();
    await page.getByRole('button', { name: 'Dry run' }).click();
    const event = { id: 'r-1', type: 'review.posted', occurredAt: app.t.clock.now().toISOString(), member: { externalId: 'reviewer-1' } };
    await page.getByLabel('Event JSON').fill(JSON.stringify(event));
    await runDryRun();
    const result = page.getByTestId('dry-run-result');
    await result.locator('tr', { hasText: 'Review bonus' }).filter({ hasText: '+30 points' }).waitFor();
    await result.locator('tr', { hasText: 'Store reviews only' }).filter({ hasText: 'condition' }).filter({ hasText: 'channel' }).waitFor();
    expect(await result.innerText()).to.contain('not enrolled yet');

    await page.getByLabel('Event JSON').fill(JSON.stringify({ ...event, occurredAt: 'yesterday' }));
    await runDryRun();
    await page.getByRole('alert').filter({ hasText: 'occurredAt' }).waitFor();
  });

  it('adjusts a balance once per submission, shows the new balance and the audit, and explains a refused debit', async () => {
    const memberId = await aMember('adjust-me');
    await signInAs(operator);
    await openMember(memberId);

    await page.getByRole('button', { name: 'Adjust balance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust balance' });
    await dialog.getByLabel('Amount').fill('200');
    await dialog.getByLabel('Reason').fill('goodwill, ticket 4821');
    await dialog.getByRole('button', { name: 'Apply adjustment' }).dblclick();
    await pointsAvailable('200').waitFor();
    await page.locator('tr', { hasText: 'adjust' }).filter({ hasText: 'goodwill, ticket 4821' }).waitFor();
    const adjustments = await listAll<{ delta: number }>(app.t, `/api/admin/v1/members/${memberId}/ledger?kind=adjust`, operator.token);
    expect(adjustments.map((e) => e.delta)).to.deep.equal([200]);

    await page.getByRole('tab', { name: 'Audit' }).click();
    await page.locator('tr', { hasText: 'ledger.adjust' }).waitFor();

    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await dialog.getByLabel('Amount').fill('-1000');
    await dialog.getByLabel('Reason').fill('too much');
    await dialog.getByRole('button', { name: 'Apply adjustment' }).click();
    await dialog.getByText('the member has 200 available, the debit needs 1,000').waitFor();
    expect(await listAll(app.t, `/api/admin/v1/members/${memberId}/ledger?kind=adjust`, operator.token)).to.have.length(1);
  });

  it('shows a viewer the member and the rules but no adjust, create or archive buttons', async () => {
    const memberId = await aMember('look-only');
    await signInAs(viewer);
    await openMember(memberId);
    await page.getByRole('button', { name: 'Refresh' }).waitFor();
    expect(await page.getByRole('button', { name: 'Adjust balance' }).count()).to.equal(0);

    await page.getByRole('menuitem', { name: 'Earning rules' }).click();
    await page.getByRole('button', { name: 'Dry run' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByRole('button', { name: 'New rule' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Archive' }).count()).to.equal(0);
  });
});
