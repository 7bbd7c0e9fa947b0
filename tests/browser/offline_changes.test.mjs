// A ministry inspector in a meeting room without a connection writes a conclusion on a visit
// opened before: the form says it is kept on the tablet, the page's outbox notice says so
// too, even after a reload; when the connection returns it is sent, and written once. A
// change kept and then signed out of is deleted with the device's copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, landed, openBrowser, signIn } from './browser.mjs';
import { kept, keptCount, newVisit, vietnamDay } from './visit_helpers.mjs';

/// Writes a conclusion in the visit's form; returns the form.
async function writeConclusion(page, body) {
  await page.click('.follow-up-add summary');
  const add = page.locator('form.follow-up-form');
  await add.locator('[name="follow_up[kind]"]').selectOption('conclusion');
  await add.locator('[name="follow_up[body]"]').fill(body);
  await add.locator('[name="follow_up[addressed_to]"]').fill('UBND tỉnh Nghệ An');
  await add.locator('[name="follow_up[due_on]"]').fill(vietnamDay(30));
  await add.locator('button[type=submit]').click();
  return add;
}

test('a conclusion written without a connection is kept, then sent once when it returns', async () => {
  const { page, context, errors, close } = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Làm việc không có mạng ${Date.now()}`);

    await context.setOffline(true);
    const body = `Kiện toàn tổ công nghệ số cộng đồng ở các xã </textarea><b>miền núi</b> ${Date.now()}`;
    const add = await writeConclusion(page, body);
    await add.locator('.error-summary', { hasText: 'đã được lưu trên thiết bị' }).waitFor();
    assert.equal(await add.locator('[name="follow_up[body]"]').inputValue(), body, 'what was typed stays');
    await kept(page).locator('li', { hasText: 'Kiện toàn tổ công nghệ số' }).waitFor();
    assert.match(await kept(page).textContent(), /1 thay đổi đang lưu trên thiết bị/);
    assert.equal(await kept(page).locator('b').count(), 0, 'markup stays text');
    // Sent again while still offline: kept once (the outbox read for 3 s after).
    await add.locator('button[type=submit]').click();
    for (let i = 0; i < 30; i++) {
      assert.equal(await keptCount(page), 1);
      await page.waitForTimeout(100);
    }

    // A reload without a connection: the visit's copy, and the change still waiting.
    await page.reload();
    await kept(page).locator('li', { hasText: 'Kiện toàn tổ công nghệ số' }).waitFor();

    // The connection returns: sent, and the notice says so; nothing waits any more.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await kept(page).locator('p', { hasText: 'Đã gửi 1 thay đổi lưu trên thiết bị' }).waitFor();
    assert.equal(await kept(page).locator('li').count(), 0, 'nothing waits');
    assert.equal(await kept(page).locator('a').getAttribute('href'), new URL(page.url()).href);
    await page.goto(visit);
    const written = page.locator('.conclusions .follow-up', { hasText: 'Kiện toàn tổ công nghệ số' });
    await written.first().waitFor();
    assert.equal(await written.count(), 1, 'written once');
    assert.equal(await written.locator('b').count(), 0);
    assert.equal(await keptCount(page), 0);
    const unexpected = errors.filter((e) => !/status of 503|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
    assert.deepEqual(unexpected, []);
  } finally {
    await close();
  }
});

test('signing out deletes the changes kept on the device', async () => {
  const { page, context, close } = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Đăng xuất khi chưa gửi ${Date.now()}`);
    await context.setOffline(true);
    const add = await writeConclusion(page, 'Kết luận viết khi không có mạng rồi đăng xuất');
    await add.locator('.error-summary', { hasText: 'đã được lưu trên thiết bị' }).waitFor();
    await kept(page).locator('li').first().waitFor();
    // Signing out on the tablet, still without a connection: the device's copy goes at once.
    await page.click('.account-details summary');
    await page.click('.account-panel button');
    await kept(page).waitFor({ state: 'hidden' });

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.goto(visit);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('.conclusions .follow-up').count(), 0, 'nothing was sent');
    assert.equal(await kept(page).isHidden(), true);
  } finally {
    await close();
  }
});

test('an answer kept offline that someone else overtook waits on its page with both versions', async () => {
  const { page, context, close } = await openBrowser();
  const other = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Trả lời khi không có mạng ${Date.now()}`);
    await writeConclusion(page, 'Hoàn thiện cơ sở dữ liệu cán bộ cấp xã');
    const item = page.locator('.conclusions .follow-up').first();
    await item.waitFor();

    await context.setOffline(true);
    await item.locator('summary').click();
    await item.locator('[name="response[body]"]').fill('Trả lời viết khi không có mạng');
    await item.locator('[name="response[status]"]').selectOption('in_progress');
    await item.locator('form.response-form button[type=submit]').click();
    await item.locator('.error-summary', { hasText: 'đã được lưu trên thiết bị' }).waitFor();
    await kept(page).locator('li', { hasText: 'Trả lời viết khi không có mạng' }).waitFor();

    // Meanwhile, on another device with a connection, someone answers first.
    await signIn(other.page, 'kiemtra', DEMO_PASSWORD);
    await landed(other.page);
    await other.page.goto(visit);
    await other.page.waitForLoadState('networkidle');
    const theirs = other.page.locator('.conclusions .follow-up').first();
    await theirs.locator('summary').click();
    await theirs.locator('[name="response[body]"]').fill('Trả lời của người khác, có mạng');
    await theirs.locator('form.response-form button[type=submit]').click();
    await theirs.locator('.saved-notice', { hasText: 'Đã ghi nhận' }).waitFor();

    // Back online: not written over theirs; the notice leads to the page that shows both.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const waiting = kept(page).locator('a', { hasText: 'Trả lời viết khi không có mạng' });
    await waiting.waitFor();
    await waiting.click();
    await page.waitForURL(/nhap=/);
    const mine = page.locator('.conclusions .follow-up').first();
    assert.match(await mine.locator('.follow-up-responses').textContent(), /Trả lời của người khác, có mạng/);
    assert.equal(await mine.locator('.follow-up-responses li').count(), 1, 'nothing written over it');
    assert.equal(await mine.locator('[name="response[body]"]').inputValue(), 'Trả lời viết khi không có mạng');
    await kept(page).waitFor({ state: 'hidden' });
  } finally {
    await other.close();
    await close();
  }
});
