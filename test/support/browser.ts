import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './harness.js';

/** The whole app served over real HTTP (the built console under /admin/), and a headless Chromium to drive it. */
export interface BrowserApp {
  t: TestApp;
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserApp(options: Parameters<typeof startTestApp>[0] = {}): Promise<BrowserApp> {
  const t = await startTestApp(options);
  const server: Server = createServer(t.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
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
  return {
    t,
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

/** Fills in the console's login form (the caller waits for whatever should follow). */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * With `LAUREL_SCREENSHOT_DIR` set, `shots(name, chinese)` saves a full-page screenshot of what is on screen in
 * English (`<name>-en.png`), switches to Chinese and waits for the text `chinese` to show, saves `<name>-zh.png`, and
 * switches back; without it, the language is still switched there and back (the Chinese texts are checked either way).
 * The switch is clicked by script: an open drawer's mask covers the header.
 */
export function bilingualScreenshots(page: Page): (name: string, chinese: string) => Promise<void> {
  const dir = process.env.LAUREL_SCREENSHOT_DIR;
  const save = async (file: string) => {
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(dir, file), fullPage: true });
  };
  const switchTo = (label: string) =>
    page
      .getByTestId('language-switch')
      .getByText(label)
      .evaluate((el) => (el as HTMLElement).click());
  return async (name, chinese) => {
    await save(`${name}-en.png`);
    await switchTo('中文');
    await page.getByText(chinese, { exact: true }).first().waitFor();
    await save(`${name}-zh.png`);
    await switchTo('EN');
    await page.getByText(chinese, { exact: true }).first().waitFor({ state: 'detached' });
  };
}
