import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { anOperator, type Operator } from '../support/builders.js';
import { startTestApp, type TestApp } from '../support/harness.js';

describe('admin console in a browser', function () {
  this.timeout(60_000);
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
    server = createServer(t.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  beforeEach(async () => {
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  async function signIn(email: string, password: string): Promise<void> {
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

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
