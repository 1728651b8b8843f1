import { AdminRole, type CheckInProgramView, type TaskView } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { anOperator, bearer, listAll, type Operator } from '../support/builders.js';
import { signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

describe('tasks and check-in console in a browser: coupon and benefit rewards', function () {
  this.timeout(120_000);
  let app: BrowserApp;
  let page: Page;
  let operator: Operator;
  let templateId: string;

  before(async () => {
    app = await startBrowserApp();
    operator = await anOperator(app.t, AdminRole.Operator);
    const template = await app.t.http
      .post('/api/admin/v1/coupon-templates')
      .set(bearer(operator.token))
      .send({
        name: 'Welcome 5 off',
        discount: { type: 'amount', amountOff: 500 },
        minSpend: 1000,
        currency: 'CNY',
        validity: { type: 'relative', days: 30 },
      })
      .expect(201);
    templateId = (template.body as { id: string }).id;
    await app.t.http
      .post('/api/admin/v1/benefits')
      .set(bearer(operator.token))
      .send({ code: 'free-shipping', type: 'free_shipping', name: 'Free shipping' })
      .expect(201);
    page = await app.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, app.base, operator.email, operator.password);
    await page.getByRole('menuitem', { name: 'Members' }).waitFor();
  });

  after(async () => {
    await page?.close();
    await app?.close();
  });

  async function pick(label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: option }).click();
  }

  it('adds a coupon and a benefit to a task’s rewards from the templates and benefits offered', async () => {
    await page.getByRole('menuitem', { name: 'Tasks' }).click();
    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByTestId('task-form');
    await form.getByLabel('Name', { exact: true }).fill('First order');
    await form.getByLabel('Target', { exact: true }).fill('1');
    await form.getByLabel('Rewards points').fill('20');
    await form.getByRole('button', { name: 'Add a coupon' }).click();
    await pick('Rewards Coupon template 1', 'Welcome 5 off');
    await form.getByLabel('Rewards coupons 1', { exact: true }).fill('2');
    await form.getByRole('button', { name: 'Add a benefit' }).click();
    await pick('Rewards Benefit 1', 'Free shipping');
    await form.getByLabel('Rewards benefit uses 1', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Create task' }).click();
    await page.locator('.ant-table-row', { hasText: 'First order' }).waitFor();

    const task = (await listAll<TaskView>(app.t, '/api/admin/v1/tasks', operator.token)).find((t) => t.name === 'First order');
    expect(task?.rewards).to.deep.equal([
      { type: 'points', amount: 20 },
      { type: 'coupon', templateId, amount: 2 },
      { type: 'benefit', benefitCode: 'free-shipping', amount: 3, validDays: 30 },
    ]);
  });

  it('adds a coupon to a check-in day', async () => {
    await page.getByRole('menuitem', { name: 'Check-in' }).click();
    const program = page.getByTestId('check-in-form');
    await program.getByLabel('Day 1 Points').fill('5');
    await program.getByRole('button', { name: 'Add a coupon' }).first().click();
    await pick('Day 1 Coupon template 1', 'Welcome 5 off');
    await program.getByRole('button', { name: 'Save program' }).click();
    await page.getByTestId('check-in-version').filter({ hasText: 'Version 1' }).waitFor();

    const saved = (await app.t.http.get('/api/admin/v1/check-in-program').set(bearer(operator.token)).expect(200))
      .body as CheckInProgramView;
    expect(saved.dayRewards).to.deep.equal([
      {
        day: 1,
        rewards: [
          { type: 'points', amount: 5 },
          { type: 'coupon', templateId, amount: 1 },
        ],
      },
    ]);
  });
});
