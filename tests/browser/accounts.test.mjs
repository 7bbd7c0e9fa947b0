import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD as PASSWORD, openBrowser, signIn, signOut, landed } from './browser.mjs';

// The server runs with --demo: `nghiloc` is the commune official of Xã Nghi Lộc.


test('a commune official signs in and out, with JavaScript and under the CSP', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    // Wrong password first: the message shows, nothing else changes.
    await signIn(page, 'nghiloc', 'not the password');
    await page.waitForSelector('[role=alert]');
    assert.equal(await page.textContent('[role=alert]'), 'Tên đăng nhập hoặc mật khẩu không đúng.');

    await signIn(page, 'nghiloc', PASSWORD);
    await landed(page);
    await page.waitForSelector('.account-name');
    assert.match(await page.textContent('.account-name'), /UBND xã Nghi Lộc \(demo\)/);
    assert.match(await page.textContent('.account-name'), /Cán bộ cấp xã/);

    await page.reload();
    assert.match(await page.textContent('.account-name'), /Nghi Lộc/, 'the session survives a reload');

    await signOut(page);
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
    await landed(page);
    assert.match(await page.textContent('.account-name'), /UBND xã Nghi Lộc/);
    await signOut(page);
  } finally {
    await close();
  }
});

test('a commune official is offered only what is theirs, and is refused the rest', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'nghiloc', PASSWORD);
    await landed(page);
    await page.click('.account-details summary');
    const links = await page.locator('.account-panel a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['/doi-mat-khau'], 'no account management, no audit log');
    const response = await page.goto(`${BASE}/quan-tri/tai-khoan`);
    assert.equal(response.status(), 403);
    assert.match(await page.textContent('[role=alert]'), /không có quyền/);
    await signOut(page);
    // Refused while signed in (403); signed out, the page reads its data again as nobody
    // (401), before or after this line.
    assert.deepEqual(errors.filter((e) => !e.includes('403') && !e.includes('401')), []);
  } finally {
    await close();
  }
});
