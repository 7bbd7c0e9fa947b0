import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser } from './browser.mjs';

// The server runs with --demo: `nghiloc` is the commune official of Xã Nghi Lộc.
const PASSWORD = 'tiendo-demo-2025';

async function signIn(page, username, password) {
  await page.goto(`${BASE}/dang-nhap`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('main form button[type=submit]');
}

test('a commune official signs in and out, with JavaScript and under the CSP', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    // Wrong password first: the message shows, nothing else changes.
    await signIn(page, 'nghiloc', 'not the password');
    await page.waitForSelector('[role=alert]');
    assert.equal(await page.textContent('[role=alert]'), 'Tên đăng nhập hoặc mật khẩu không đúng.');

    await signIn(page, 'nghiloc', PASSWORD);
    await page.waitForURL(`${BASE}/`);
    await page.waitForSelector('.account-name');
    assert.match(await page.textContent('.account-name'), /UBND xã Nghi Lộc \(demo\)/);
    assert.match(await page.textContent('.account-name'), /Cán bộ cấp xã/);

    await page.reload();
    assert.match(await page.textContent('.account-name'), /Nghi Lộc/, 'the session survives a reload');

    await page.click('.account-menu button');
    await page.waitForSelector('.account-menu a[href="/dang-nhap"]');
    await page.reload();
    assert.equal(await page.locator('.account-name').count(), 0, 'signed out on the server too');
    assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  } finally {
    await close();
  }
});

test('without JavaScript, signing in and out are plain form posts', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'nghiloc', PASSWORD);
    await page.waitForURL(`${BASE}/`);
    assert.match(await page.textContent('.account-name'), /UBND xã Nghi Lộc/);
    await page.click('.account-menu button');
    await page.waitForSelector('.account-menu a[href="/dang-nhap"]');
  } finally {
    await close();
  }
});
