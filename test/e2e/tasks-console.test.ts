import { AdminRole, ApiScope, type CheckInProgramView, type CheckInResultView, type MemberTaskView, type TaskView } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { aMemberToken, anApiKey, anOperator, bearer, listAll, nowSeconds, type Operator } from '../support/builders.js';
import { bilingualScreenshots, signIn, startBrowserApp, type BrowserApp } from '../support/browser.js';

const DAY = 86_400_000;

describe('tasks and check-in console in a browser: an operator sets them up, a member completes them, support sees it', function () {
  this.timeout(120_000);
  let app: BrowserApp;
  let page: Page;
  /** Screenshots of what is on screen in English and in Chinese (see bilingualScreenshots). */
  let shots: (name: string, chinese: string) => Promise<void>;
  let operator: Operator;
  let apiKey: string;

  before(async () => {
    // The app clock starts at the real time: the browser checks the operator's session against its own clock.
    app = await startBrowserApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
    operator = await anOperator(app.t, AdminRole.Operator);
    apiKey = await anApiKey(app.t, [ApiScope.EventsWrite]);
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
  const tasks = () => listAll<TaskView>(app.t, '/api/admin/v1/tasks', operator.token);

  /** A member enrolled through the member API (their first call). */
  async function aMember(externalId: string): Promise<{ id: string; token: string }> {
    const token = aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) });
    const me = await app.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    return { id: (me.body as { memberId: string }).memberId, token };
  }

  async function orderPaid(externalId: string, orderId: string): Promise<void> {
    await app.t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({
        id: `shop:${orderId}:paid`,
        type: 'order.paid',
        occurredAt: app.t.clock.now().toISOString(),
        member: { externalId },
        attributes: { orderId, amount: 8_800, currency: 'CNY' },
      })
      .expect((res) => expect(res.status, JSON.stringify(res.body)).to.be.within(200, 299));
  }

  it('creates a daily task after a refused condition, edits the check-in program, and shows the member’s completed task and check-ins with a make-up', async () => {
    // The task: "3 orders today", 50 points; the first try has an amount range the server refuses.
    await page.getByRole('menuitem', { name: 'Tasks' }).click();
    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByTestId('task-form');
    await form.getByLabel('Name', { exact: true }).fill('3 orders today');
    await form.getByLabel('Description').fill('Place three orders today');
    await form.getByLabel('Target', { exact: true }).fill('3');
    await form.getByLabel('Rewards points').fill('50');
    await form.getByLabel('Amount from').fill('500');
    await form.getByLabel('Amount to').fill('100');
    await form.getByRole('button', { name: 'Create task' }).click();
    await page.getByText('The task was not saved').waitFor();
    const amountFrom = form.locator('.ant-form-item', { has: page.getByLabel('Amount from') });
    await amountFrom.locator('.ant-form-item-explain-error', { hasText: 'min may not exceed max' }).waitFor();
    expect(await tasks()).to.deep.equal([]);

    await form.getByLabel('Amount to').fill('');
    await form.getByRole('button', { name: 'Create task' }).click();
    const row = page.locator('.ant-table-row', { hasText: '3 orders today' });
    await row.filter({ hasText: 'Daily' }).filter({ hasText: 'order.paid' }).filter({ hasText: '50 points' }).waitFor();
    const [task] = await tasks();
    expect(task).to.not.equal(undefined);
    expect([
      task?.kind,
      task?.trigger.eventType,
      task?.trigger.measure,
      task?.trigger.conditions,
      task?.target,
      task?.rewards,
    ]).to.deep.equal(['daily', 'order.paid', 'count', { amount: { min: 500 } }, 3, [{ type: 'points', amount: 50 }]]);
    expect([task?.claimMode, task?.status, task?.clawbackOnRefund]).to.deep.equal(['auto', 'active', true]);
    await shots('tasks', '新建任务');
    await row.getByRole('link', { name: '3 orders today' }).click();
    await page.getByTestId('task-form').waitFor();
    await page.getByText('Version 1 · Daily').waitFor();
    await shots('task-form', '保存修改');

    // The check-in program was first switched on two days ago (make-ups reach back to that day, not before).
    const now = app.t.clock.now();
    app.t.clock.set(new Date(now.getTime() - 2 * DAY));
    const earlyOperator = await anOperator(app.t, AdminRole.Operator);
    await app.t.http
      .put('/api/admin/v1/check-in-program')
      .set(bearer(earlyOperator.token))
      .send({
        active: true,
        cycleDays: 5,
        dayRewards: [],
        milestones: [],
        afterCycle: 'restart',
        makeUp: { windowDays: 3, perMonth: 2, costPoints: 0 },
      })
      .expect(200);
    app.t.clock.set(now);

    // The operator edits it: a 7-day cycle with a reward per day and a 7-day streak bonus.
    await page.getByRole('menuitem', { name: 'Check-in' }).click();
    const program = page.getByTestId('check-in-form');
    await program.waitFor();
    await page.getByTestId('check-in-time-zone').filter({ hasText: 'Asia/Shanghai' }).waitFor();
    expect(await program.getByRole('switch', { name: 'Active' }).getAttribute('aria-checked')).to.equal('true');
    await program.getByLabel('Cycle length (days)').fill('7');
    for (let day = 1; day <= 7; day++) await program.getByLabel(`Day ${day} Points`).fill(String(day * 5));
    await program.getByLabel('Day 7 Growth').fill('10');
    await program.getByRole('button', { name: 'Add milestone' }).click();
    await program.getByLabel('Milestone 1 Days').fill('7');
    await program.getByLabel('Milestone 1 points').fill('100');
    await program.getByRole('button', { name: 'Save program' }).click();
    await page.getByText('Check-in program saved').waitFor();
    const saved = await adminGet<CheckInProgramView>('/api/admin/v1/check-in-program');
    expect([saved.active, saved.cycleDays, saved.version, saved.makeUp.windowDays]).to.deep.equal([true, 7, 2, 3]);
    expect(saved.dayRewards).to.deep.equal([
      ...[1, 2, 3, 4, 5, 6].map((day) => ({ day, rewards: [{ type: 'points', amount: day * 5 }] })),
      {
        day: 7,
        rewards: [
          { type: 'points', amount: 35 },
          { type: 'growth', amount: 10 },
        ],
      },
    ]);
    expect(saved.milestones).to.deep.equal([{ kind: 'streak', days: 7, rewards: [{ type: 'points', amount: 100 }] }]);
    await page.getByTestId('check-in-version').filter({ hasText: 'Version 2' }).waitFor();
    await shots('check-in', '每日奖励');

    // The member checks in two days ago and today, makes up yesterday, and places three orders, all through the HTTP API.
    const externalId = 'console-tasks-1';
    app.t.clock.set(new Date(now.getTime() - 2 * DAY));
    const early = await aMember(externalId);
    const first = (await app.t.http.post('/api/v1/me/check-ins').set(bearer(early.token)).expect(201)).body as CheckInResultView;
    expect(first.checkIn.rewards.map((r) => [r.type, r.amount, r.reason])).to.deep.equal([['points', 5, 'day']]);
    app.t.clock.set(now);
    const member = await aMember(externalId);
    const today = (await app.t.http.post('/api/v1/me/check-ins').set(bearer(member.token)).expect(201)).body as CheckInResultView;
    expect([today.checkIn.streak, today.checkIn.cycleDay, today.status.makeUpDays.length]).to.deep.equal([1, 1, 1]);
    const missed = today.status.makeUpDays[0] ?? '';
    const madeUp = await app.t.http.post('/api/v1/me/check-ins/make-up').set(bearer(member.token)).send({ date: missed }).expect(201);
    const result = madeUp.body as CheckInResultView;
    expect([result.checkIn.date, result.checkIn.kind, result.status.streak]).to.deep.equal([missed, 'make_up', 3]);
    for (const orderId of ['o-1', 'o-2', 'o-3']) await orderPaid(externalId, orderId);
    const mine = (await app.t.http.get('/api/v1/me/tasks').set(bearer(member.token)).expect(200)).body as { items: MemberTaskView[] };
    expect(mine.items.map((t) => [t.name, t.progress, t.target, t.state])).to.deep.equal([['3 orders today', 3, 3, 'claimed']]);

    // Support sees both on the member page.
    await page.goto(`${app.base}/admin/members/${member.id}`);
    await page.getByRole('tab', { name: 'Tasks' }).click();
    const taskRow = page.getByTestId('member-tasks').locator('.ant-table-row', { hasText: '3 orders today' });
    await taskRow.getByTestId('member-task-state').first().filter({ hasText: 'claimed' }).waitFor();
    await taskRow.getByTestId('member-task-progress').filter({ hasText: '3 / 3' }).waitFor();
    expect(await taskRow.innerText()).to.contain(result.status.today);
    await shots('member-tasks', '已领取');

    await page.getByRole('tab', { name: 'Check-in' }).click();
    const calendar = page.getByTestId('member-check-ins');
    await calendar.getByTestId('check-in-streak').filter({ hasText: '3 days' }).waitFor();
    await calendar.getByTestId('check-in-today').filter({ hasText: 'checked in' }).waitFor();
    // Two days ago and today checked in, yesterday made up; those of an earlier month are one click back.
    const expected = new Map([
      [first.checkIn.date, 'regular'],
      [missed, 'make_up'],
      [result.status.today, 'regular'],
    ]);
    const month = result.status.today.slice(0, 7);
    const thisMonth = [...expected].filter(([date]) => date.startsWith(month));
    const earlier = [...expected].filter(([date]) => !date.startsWith(month));
    await expectDays(thisMonth);
    await shots('member-check-in', '当前连续签到');
    if (earlier.length > 0) {
      await calendar.getByRole('button', { name: 'Previous month' }).click();
      await calendar.getByTestId(`check-in-day-${earlier[0]?.[0]}`).waitFor();
      await expectDays(earlier);
      await shots('member-check-in-earlier', '当前连续签到');
    }

    async function expectDays(days: [string, string][]): Promise<void> {
      for (const [date, state] of days) await calendar.locator(`[data-testid="check-in-day-${date}"][data-state="${state}"]`).waitFor();
      const count = (state: string) => days.filter(([, s]) => s === state).length;
      expect(await calendar.locator('[data-state="regular"]').count()).to.equal(count('regular'));
      expect(await calendar.locator('[data-state="make_up"]').count()).to.equal(count('make_up'));
    }
  });

  it('pauses, resumes and (after a confirmation) archives a task from the list', async () => {
    const created = await app.t.http
      .post('/api/admin/v1/tasks')
      .set(bearer(operator.token))
      .send({
        name: 'Weekly reviews',
        kind: 'weekly',
        trigger: { eventType: 'review.posted', measure: 'count' },
        target: 2,
        rewards: [{ type: 'growth', amount: 5 }],
      })
      .expect(201);
    await page.goto(`${app.base}/admin/tasks`);
    const row = page.locator('.ant-table-row', { hasText: 'Weekly reviews' });
    await row.getByRole('button', { name: 'Pause Weekly reviews' }).click();
    await row.getByTestId('task-status').filter({ hasText: 'Paused' }).waitFor();
    const statusOf = async () => (await adminGet<TaskView>(`/api/admin/v1/tasks/${(created.body as TaskView).id}`)).status;
    expect(await statusOf()).to.equal('paused');
    await row.getByRole('button', { name: 'Resume Weekly reviews' }).click();
    await row.getByTestId('task-status').filter({ hasText: 'Active' }).waitFor();
    expect(await statusOf()).to.equal('active');

    await row.getByRole('button', { name: 'Archive Weekly reviews' }).click();
    const confirm = page.locator('.ant-popconfirm').filter({ hasText: 'Archive this task?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await statusOf()).to.equal('active');
    await row.getByRole('button', { name: 'Archive Weekly reviews' }).click();
    await confirm.getByRole('button', { name: 'Archive' }).click();
    await row.getByTestId('task-status').filter({ hasText: 'Archived' }).waitFor();
    expect(await statusOf()).to.equal('archived');
    expect(await row.getByRole('button', { name: /Pause|Resume|Archive/ }).count()).to.equal(0);
  });

  it('keeps an edit made meanwhile: saving an old version is refused with a reload, and the reloaded form saves', async () => {
    const created = await app.t.http
      .post('/api/admin/v1/tasks')
      .set(bearer(operator.token))
      .send({
        name: 'First order',
        kind: 'once',
        trigger: { eventType: 'order.paid', measure: 'count' },
        target: 1,
        rewards: [{ type: 'points', amount: 20 }],
      })
      .expect(201);
    const id = (created.body as TaskView).id;
    await page.goto(`${app.base}/admin/tasks/${id}`);
    const form = page.getByTestId('task-form');
    await form.getByLabel('Rewards points').fill('25');

    await app.t.http.patch(`/api/admin/v1/tasks/${id}`).set(bearer(operator.token)).send({ version: 1, displayOrder: 9 }).expect(200);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('task-conflict').filter({ hasText: 'Someone changed this task meanwhile' }).waitFor();
    const meanwhile = await adminGet<TaskView>(`/api/admin/v1/tasks/${id}`);
    expect([meanwhile.version, meanwhile.displayOrder, meanwhile.rewards]).to.deep.equal([2, 9, [{ type: 'points', amount: 20 }]]);

    await page.getByTestId('task-conflict').getByRole('button', { name: 'Reload' }).click();
    await page.getByText('Version 2 · Once').waitFor();
    expect(await form.getByLabel('Display order').inputValue()).to.equal('9');
    await form.getByLabel('Rewards points').fill('25');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.ant-table-row', { hasText: 'First order' }).filter({ hasText: '25 points' }).waitFor();
    const after = await adminGet<TaskView>(`/api/admin/v1/tasks/${id}`);
    expect([after.version, after.displayOrder, after.rewards]).to.deep.equal([3, 9, [{ type: 'points', amount: 25 }]]);
  });

  it('shows a viewer the tasks and the check-in program read-only', async () => {
    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const viewerPage = await app.browser.newPage();
    try {
      await signIn(viewerPage, app.base, viewer.email, viewer.password);
      await viewerPage.getByRole('menuitem', { name: 'Tasks' }).click();
      const row = viewerPage.locator('.ant-table-row', { hasText: '3 orders today' });
      await row.waitFor();
      expect(await viewerPage.getByRole('button', { name: 'New task' }).count()).to.equal(0);
      expect(await row.getByRole('button').count()).to.equal(0);
      await row.getByRole('link', { name: '3 orders today' }).click();
      await viewerPage.getByText('Only operators and admins can change tasks.').waitFor();
      expect(await viewerPage.getByTestId('task-form').getByLabel('Name', { exact: true }).isDisabled()).to.equal(true);
      expect(await viewerPage.getByRole('button', { name: 'Save changes' }).count()).to.equal(0);

      await viewerPage.getByRole('menuitem', { name: 'Check-in' }).click();
      await viewerPage.getByText('Only operators and admins can change the check-in program.').waitFor();
      expect(await viewerPage.getByLabel('Day 1 Points').inputValue()).to.equal('5');
      expect(await viewerPage.getByLabel('Day 1 Points').isDisabled()).to.equal(true);
      expect(await viewerPage.getByRole('button', { name: 'Save program' }).count()).to.equal(0);
    } finally {
      await viewerPage.close();
    }
  });
});
