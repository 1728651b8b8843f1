import fs from 'node:fs';
import path from 'node:path';
import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { anApiKey, anOperator, bearer, type Operator } from '../support/builders.js';
import { signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

type Earn = BrowserApp['t']['services']['ledger']['earn'];

/** When set, the test saves screenshots of the events section there (both languages). */
const SCREENSHOT_DIR = process.env.LAUREL_SCREENSHOT_DIR;

describe('events console in a browser: a member’s failed and waiting events, retried by an operator', function () {
  this.timeout(90_000);
  let app: BrowserApp;
  let page: Page;
  let operator: Operator;
  let apiKey: string;
  let realEarn: Earn;

  before(async () => {
    // The app clock starts at the real time: the browser checks the operator's session against its own clock.
    app = await startBrowserApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
    realEarn = app.t.services.ledger.earn.bind(app.t.services.ledger);
    apiKey = await anApiKey(app.t, [ApiScope.EventsWrite]);
    const admin = await anOperator(app.t, AdminRole.Admin);
    await app.t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({ name: 'ten points', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 10 } })
      .expect(201);
    page = await app.browser.newPage();
  });

  after(async () => {
    if (app) app.t.services.ledger.earn = realEarn;
    await page?.close();
    await app?.close();
  });

  const send = (event: Record<string, unknown>) => app.t.http.post('/api/v1/events').set(bearer(apiKey)).send(event);

  it('lists the failed and the waiting event with error and attempts, in English and Chinese, and retries the failed one', async () => {
    const externalId = 'console-events-1';
    const start = app.t.clock.now();
    const paid = {
      id: 'shop:o-77:paid',
      type: 'order.paid',
      occurredAt: start.toISOString(),
      member: { externalId },
      attributes: { orderId: 'o-77', amount: 5_000, currency: 'CNY' },
    };
    let poisoned = true;
    app.t.services.ledger.earn = async (input) => {
      if (poisoned && input.key.includes(paid.id)) throw new Error('points ledger unavailable');
      return realEarn(input);
    };
    await send(paid).expect(500);
    for (let run = 0; run < 8; run++) {
      app.t.clock.advance(86_400_000);
      await app.t.services.events.resumeInterrupted();
    }
    app.t.clock.set(start);
    await send({
      id: 'shop:o-78:refund-1',
      type: 'order.refunded',
      occurredAt: start.toISOString(),
      member: { externalId },
      attributes: { orderId: 'o-78', refundAmount: 1_000 },
    }).expect(202);
    operator = await anOperator(app.t, AdminRole.Operator);
    const memberId = (await app.t.services.members.ensure(externalId)).id;

    await signIn(page, app.base, operator.email, operator.password);
    await page.getByRole('menuitem', { name: 'Members' }).waitFor();
    await page.goto(`${app.base}/admin/members/${memberId}`);
    const section = page.getByTestId('member-events');
    const failedRow = section.locator('.ant-table-row', { hasText: paid.id });
    await failedRow.filter({ hasText: 'failed' }).filter({ hasText: 'points ledger unavailable' }).waitFor();
    expect(await failedRow.locator('td').nth(2).innerText()).to.equal('8');
    const waitingRow = section.locator('.ant-table-row', { hasText: 'shop:o-78:refund-1' });
    await waitingRow.filter({ hasText: 'waiting' }).filter({ hasText: 'waiting for order o-78' }).waitFor();
    await shot(section, 'member-events-en.png');

    await page.getByTestId('language-switch').getByText('中文').click();
    await section.getByText('未处理的事件').waitFor();
    await failedRow.filter({ hasText: '已失败' }).waitFor();
    await waitingRow.filter({ hasText: '等待中' }).filter({ hasText: '等待订单 o-78' }).waitFor();
    expect(await section.locator('th').allInnerTexts()).to.include.members(['事件', '状态', '尝试次数', '最近错误', '下次尝试']);
    await shot(section, 'member-events-zh.png');
    await page.getByTestId('language-switch').getByText('EN').click();
    await section.getByText('Events not processed').waitFor();

    // Only waiting events, then all again.
    await section.getByRole('radiogroup', { name: 'Show' }).getByText('waiting').click();
    await failedRow.waitFor({ state: 'detached' });
    await waitingRow.waitFor();
    await section.getByRole('radiogroup', { name: 'Show' }).getByText('All').click();
    await failedRow.waitFor();

    poisoned = false;
    await failedRow.getByRole('button', { name: `Retry ${paid.id}` }).click();
    await page.getByText('The event was applied').waitFor();
    await failedRow.waitFor({ state: 'detached' });
    await page.getByTestId('points-available').filter({ hasText: '10' }).waitFor();
    const summary = await app.t.services.ledger.summary(memberId);
    expect(summary.available).to.equal(10);
    const audit = await app.t.http
      .get(`/api/admin/v1/audit?targetType=event&targetId=${encodeURIComponent(paid.id)}`)
      .set(bearer(operator.token))
      .expect(200);
    expect((audit.body as { items: { action: string }[] }).items.map((e) => e.action)).to.deep.equal(['event.retry']);

    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const viewerPage = await app.browser.newPage();
    try {
      await signIn(viewerPage, app.base, viewer.email, viewer.password);
      await viewerPage.getByRole('menuitem', { name: 'Members' }).waitFor();
      await viewerPage.goto(`${app.base}/admin/members/${memberId}`);
      await viewerPage.getByTestId('member-events').locator('.ant-table-row', { hasText: 'shop:o-78:refund-1' }).waitFor();
      expect(await viewerPage.getByTestId('member-events').getByRole('button', { name: /Retry/ }).count()).to.equal(0);
    } finally {
      await viewerPage.close();
    }
  });
});

async function shot(section: ReturnType<Page['getByTestId']>, name: string): Promise<void> {
  if (!SCREENSHOT_DIR) return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await section.screenshot({ path: path.join(SCREENSHOT_DIR, name) });
}
