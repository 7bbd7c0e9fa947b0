import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, openBrowser, signIn } from './browser.mjs';

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
    await page.waitForURL(`${BASE}/`);
    await page.goto(`${BASE}/xa/17827`);
    assert.equal(await page.locator('.task-edit').count(), 16, 'an edit form on each of its own tasks');
    const task = firstOpenTask(page);
    const id = await task.getAttribute('data-assignment');
    await task.locator('.task-edit summary').click();
    await task.locator('select[name=status]').selectOption('done');
    await task.locator('input[name=evidence_link]').fill('https://nghiloc.nghean.gov.vn/van-ban/1');
    await task.locator('button[type=submit]').click();
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
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('without JavaScript the checklist form still saves', async () => {
  const { page, close } = await openBrowser({ javaScriptEnabled: false });
  try {
    await signIn(page, 'nghiloc', DEMO_PASSWORD);
    await page.waitForURL(`${BASE}/`);
    await page.goto(`${BASE}/xa/17827`);
    const task = firstOpenTask(page);
    const id = await task.getAttribute('data-assignment');
    await task.locator('.task-edit summary').click();
    await task.locator('select[name=status]').selectOption('in_progress');
    await task.locator('input[name=progress]').fill('55');
    await task.locator('textarea[name=note]').fill('Đang chờ thiết bị');
    await task.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    await page.goto(`${BASE}/xa/17827`);
    const saved = page.locator(`li.task[data-assignment="${id}"]`);
    assert.equal(await saved.locator('.task-note').textContent(), 'Đang chờ thiết bị');
    assert.match(await saved.locator('.progress-figure').textContent(), /55,00%/);
  } finally {
    await close();
  }
});
