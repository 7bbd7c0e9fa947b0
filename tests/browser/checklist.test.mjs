import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, openBrowser, signIn, signOut, landed, live } from './browser.mjs';

// Xã Nghi Lộc (17827) of the demo has tasks left; its official is `nghiloc`.
const firstOpenTask = (page) =>
  page.locator('li.task', { has: page.locator('.task-edit') }).filter({ hasNot: page.locator('.task-status', { hasText: 'Hoàn thành' }) }).first();

async function doneOf(page) {
  await page.goto(`${BASE}/tinh/40`);
  const row = page.locator('table.progress-table tr', { has: page.locator('a[href="/xa/17827"]') });
  return row.locator('td.num').textContent();
}

test('a commune official marks a task done with evidence; the badge and the province overview follow', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    const before = await doneOf(page);
    await signIn(page, 'nghiloc', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/xa/17827`);
    assert.equal(await page.locator('.task-edit').count(), 16, 'an edit form on each of its own tasks');
    const task = firstOpenTask(page);
    const id = await task.getAttribute('data-assignment');
    await task.locator('.task-edit summary').click();
    await task.locator('select[name="change[status]"]').selectOption('done');
    await task.locator('input[name="change[evidence_link]"]').fill('https://nghiloc.nghean.gov.vn/van-ban/1');
    await task.locator('.change-form button[type=submit]').click();
    const saved = page.locator(`li.task[data-assignment="${id}"]`);
    await saved.locator('.task-status', { hasText: 'Hoàn thành' }).waitFor();
    assert.match(await saved.locator('.badge').textContent(), /Xanh/);
    assert.equal(await saved.locator('.evidence a').getAttribute('href'), 'https://nghiloc.nghean.gov.vn/van-ban/1');

    // Another commune's page offers no edit controls.
    await page.goto(`${BASE}/xa/16681`);
    await page.waitForSelector('li.task');
    assert.equal(await page.locator('.task-edit').count(), 0);

    const after = await doneOf(page);
    const [b, a] = [before, after].map((t) => Number(t.split('/')[0]));
    assert.equal(a, b + 1, `province overview: ${before} → ${after}`);

    // The province verifies the report.
    await signOut(page);
    await signIn(page, 'nghean', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/xa/17827`);
    const report = page.locator(`li.task[data-assignment="${id}"]`);
    assert.match(await report.locator('.verification').textContent(), /Chờ tỉnh xác minh/);
    await report.locator('.verify button', { hasText: 'Xác minh' }).first().click();
    await page.locator(`li.task[data-assignment="${id}"] .verification-verified`).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript the checklist form still saves', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'nghiloc', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/xa/17827`);
    const task = firstOpenTask(page);
    const id = await task.getAttribute('data-assignment');
    await task.locator('.task-edit summary').click();
    await task.locator('select[name="change[status]"]').selectOption('in_progress');
    await task.locator('input[name="change[progress]"]').fill('55');
    await task.locator('textarea[name="change[note]"]').fill('Đang chờ thiết bị');
    await task.locator('.change-form button[type=submit]').click();
    await page.waitForLoadState('load');
    await page.goto(`${BASE}/xa/17827`);
    const saved = page.locator(`li.task[data-assignment="${id}"]`);
    assert.equal(await saved.locator('.task-note').textContent(), 'Đang chờ thiết bị');
    assert.match(await saved.locator('.progress-figure').textContent(), /55,00%/);
  } finally {
    await close();
  }
});

test('the province overview sorts, filters and changes date through its URL', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await page.goto(`${BASE}/tinh/40?ngay=2025-08-14`);
    assert.equal(await page.textContent('.own-done'), '14/23');
    assert.equal(await page.textContent('.completed-all'), '95/130');
    assert.equal(await page.textContent('.completed-share'), '73,08%');
    assert.equal(await page.textContent('.rank'), '15/34');
    const names = () => page.locator('table.progress-table tbody th a').allTextContents();
    await page.click('table.progress-table thead a:has-text("Tên")');
    const sorted = await names();
    assert.equal(sorted.length, 130);
    // Sorted as people search: without diacritics.
    const fold = (t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(fold(sorted[i - 1]) <= fold(sorted[i]), `${sorted[i - 1]} before ${sorted[i]}`);
    }
    assert.match(page.url(), /ngay=2025-08-14/, 'the date stays');
    await page.selectOption('#danh-gia', 'do');
    await page.click('.rating-filter button');
    const badges = await page.locator('table.progress-table tbody .badge').allTextContents();
    assert.ok(badges.every((b) => b === 'Đỏ'), badges.join());
    await page.fill('#ngay', '2025-06-25');
    await page.click('.date-form button');
    await page.waitForURL(/ngay=2025-06-25/);
    assert.notEqual(await page.textContent('.own-done'), '14/23', 'an earlier date, other figures');
  } finally {
    await close();
  }
});

test('when someone else saved first, both versions are shown and the user chooses', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'nghiloc', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/xa/17827`);
    // Both versions side by side is the hydrated page's answer (a plain post reloads).
    await live(page);
    const task = firstOpenTask(page);
    const id = await task.getAttribute('data-assignment');
    await task.locator('.task-edit summary').first().click();
    await task.locator('textarea[name="change[note]"]').fill('Bản của tôi');

    // Meanwhile, the same task is saved elsewhere.
    const list = await (await page.request.post(`${BASE}/api/tasks/checklist`, { form: { code: '17827' } })).json();
    const item = list.groups.flatMap((g) => g.items).find((i) => String(i.assignment_id) === id);
    const other = await page.request.post(`${BASE}/api/tasks/update`, {
      form: {
        id, version: String(item.version), 'change[status]': 'in_progress', 'change[progress]': '33',
        'change[note]': 'Bản của người khác',
      },
    });
    assert.equal(other.status(), 200);

    await task.locator('.change-form button[type=submit]').click();
    const conflict = page.locator(`li.task[data-assignment="${id}"] .conflict`);
    await conflict.waitFor();
    assert.match(await conflict.textContent(), /Bản của người khác/);
    assert.equal(await task.locator('textarea[name="change[note]"]').inputValue(), 'Bản của tôi', 'mine is kept in the form');
    await conflict.locator('button').click();
    await page.locator(`li.task[data-assignment="${id}"] .task-note`, { hasText: 'Bản của người khác' }).waitFor();
    // The form, still open, now holds their version, not what this user had typed.
    const row = page.locator(`li.task[data-assignment="${id}"]`);
    assert.equal(await row.locator('.conflict').count(), 0);
    assert.equal(await row.locator('details.task-edit').getAttribute('open'), '');
    assert.equal(await row.locator('textarea[name="change[note]"]').inputValue(), 'Bản của người khác');
    assert.equal(await row.locator('input[name="change[progress]"]').inputValue(), '33');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
