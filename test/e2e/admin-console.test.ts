import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { anOperator, type Operator } from '../support/builders.js';
import { signIn as signInAt, startBrowserApp, type BrowserApp } from '../support/browser.js';
import type { TestApp } from '../support/harness.js';

describe('admin console in a browser', function () {
  this.timeout(60_000);
  let app: BrowserApp;
  let t: TestApp;
  let base: string;
  let page: Page;
  let admin: Operator;

  before(async () => {
    app = await startBrowserApp();
    ({ t, base } = app);
    admin = await anOperator(t, AdminRole.Admin);
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

  const signIn = (email: string, password: string) => signInAt(page, base, email, password);

  it('sends a visitor without a session to the login page', async () => {
    await page.goto(`${base}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(page.url()).to.contain('/admin/login');
  });

  it('refuses a wrong password with the error code shown', async () => {
    await signIn(admin.email, 'not the password at all');
    await page.getByText('Sign-in failed').waitFor();
    expect(await page.getByText('UNAUTHENTICATED').count()).to.be.greaterThan(0);
  });

  it('logs an admin in and shows the dashboard with the database engine', async () => {
    await signIn(admin.email, admin.password);
    await page.getByText('Database engine').waitFor();
    await page.getByText(t.mongo.engine === 'ferretdb' ? 'FerretDB' : 'MongoDB', { exact: true }).waitFor();
    expect(page.url()).not.to.contain('/login');
  });

  it('creates a service API key and shows its secret once', async () => {
    await signIn(admin.email, admin.password);
    await page.getByRole('menuitem', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.getByLabel('Name').fill('browser-shop');
    await dialog.getByLabel('Scopes').click();
    await page.locator('.ant-select-item-option', { hasText: 'events:write' }).click();
    await dialog.getByLabel('Name').click(); // closes the dropdown (Escape would close the dialog)
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Copy this secret now').waitFor();
    const secret = await page.locator('input[readonly]').first().inputValue();
    expect(secret).to.match(/^lk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    const principal = await t.services.apiKeys.authenticate(secret);
    expect(principal.name).to.equal('browser-shop');
    expect(principal.scopes).to.deep.equal(['events:write']);
  });
});
