// Launches Debian's Chromium through playwright-core, with or without JavaScript, and
// records console errors so each test can assert there were none.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE = process.env.TIENDO_URL ?? 'http://127.0.0.1:3000';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function openBrowser({ javaScriptEnabled = true, ...device } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'tiendo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    javaScriptEnabled,
    viewport: { width: 820, height: 1180 }, // a tablet held upright
    ...device,
  });
  const errors = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(String(err)));
  return {
    page,
    context,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/// The rows a page's list of units shows (a search hides the others).
export const rows = (page) => page.locator('table.units:not(.ranking-table) tbody tr:not([hidden])').count();

/// The names of the units a page's list shows.
export const shownNames = (page) => page.locator('table.units:not(.ranking-table) tbody tr:not([hidden]) th a').allTextContents();

/// Types into the search box until the table reacts: proof that the page has hydrated.
export async function searchWhenHydrated(page, text, expectRows, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await page.fill('#q', text);
    await page.waitForTimeout(250);
    if ((await rows(page)) === expectRows) return;
  }
  throw new Error(`search "${text}" never showed ${expectRows} rows (hydration?)`);
}

/// The password of every demo account (`tiendo --demo`).
export const DEMO_PASSWORD = 'tiendo-demo-2025';

export async function signIn(page, username, password) {
  await page.goto(`${BASE}/dang-nhap`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('main form button[type=submit]');
}

/// Opens the account menu and signs out; waits for the sign-in link.
export async function signOut(page) {
  await page.click('.account-details summary');
  await page.click('.account-panel button');
  await page.waitForSelector('.account-menu a[href="/dang-nhap"]');
}

/// Waits until a sign-in has left the sign-in page (for the account's landing page).
export async function landed(page) {
  await page.waitForURL((url) => url.pathname !== '/dang-nhap');
}

/// Waits until the page is interactive (`<html data-live>`): what follows takes the hydrated
/// path, not a plain form post.
export async function live(page) {
  await page.waitForSelector('html[data-live]', { state: 'attached' });
}

/// Scrolls `locator` into view until the page stops moving (tables far down are laid out
/// only when scrolled near, which moves what is below them), then taps it.
export async function tapSettled(locator) {
  let before = null;
  for (let i = 0; i < 10; i++) {
    await locator.scrollIntoViewIfNeeded();
    const box = await locator.boundingBox();
    if (before && box && Math.abs(box.y - before.y) < 1) break;
    before = box;
  }
  await locator.tap();
}
