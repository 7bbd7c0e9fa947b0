// The officials' daily path on a touch tablet, with and without JavaScript: sign in, land
// on "Việc của tôi", update a task with evidence where it is, see the confirmation at the
// task; a failed save keeps the input and shows the error at its field; a province official
// answers reports from the verification queue. Taps and key presses are counted and printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, live, openBrowser, signIn } from './browser.mjs';

const TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };

/// The first task on "Việc của tôi": its link, and the assignment it opens.
async function firstWorkTask(page) {
  const link = page.locator('.work-list a.work-task').first();
  const href = await link.getAttribute('href');
  return { link, id: href.split('#task-')[1] };
}

/// Signs Nghi Lộc's official in and opens the first task of their work; its assignment.
async function openFirstTask(page) {
  await signIn(page, 'nghiloc', DEMO_PASSWORD);
  await landed(page);
  const { link, id } = await firstWorkTask(page);
  await link.tap();
  await page.waitForURL(new RegExp(`#task-${id}$`));
  return id;
}

const inView = (locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`a commune official lands on their work and updates a task with evidence in 4 taps (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...TABLET });
    try {
      await signIn(page, 'nghiloc', DEMO_PASSWORD);
      await landed(page);
      assert.equal(new URL(page.url()).pathname, '/viec-cua-toi', 'lands on their work');
      assert.match(await page.textContent('h1'), /Việc của tôi/);
      const header = page.locator('.site-nav a.work-link');
      assert.match(await header.textContent(), /Việc của tôi\s*\d+/, 'the header links to it, with a count');

      let taps = 0;
      const { link, id } = await firstWorkTask(page);
      await link.tap(); taps++;
      await page.waitForURL(new RegExp(`/xa/17827\\?mo=${id}#task-${id}$`));
      const task = page.locator(`li.task[data-assignment="${id}"]`);
      const form = task.locator('.change-form');
      await form.waitFor({ state: 'visible' });
      await form.locator('select[name="change[status]"]').selectOption('done'); taps++;
      await form.locator('input[name="change[evidence_number]"]').tap(); taps++;
      await page.keyboard.type('15/QĐ-UBND');
      await form.locator('button[type=submit]').tap(); taps++;

      const said = page.locator(`#said-${id}`);
      await said.filter({ hasText: 'Đã lưu.' }).waitFor();
      assert.equal(await said.getAttribute('role'), 'status', 'said in a polite live region');
      assert.ok(await inView(task), 'the task is still in view');
      await task.locator('.task-status', { hasText: 'Hoàn thành' }).waitFor();
      assert.match(await task.locator('.evidence').textContent(), /15\/QĐ-UBND/);
      assert.equal(await page.locator('.loading').count(), 0, 'no reload of the list');
      assert.ok(taps <= 4, `${taps} taps`);
      console.log(`taps after landing (${how}): ${taps} (a tap on the link, the status picker, the document number field, Save)`);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test(`a save that fails keeps what was typed and shows the error at its field (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...TABLET });
    try {
      const id = await openFirstTask(page);
      const task = page.locator(`li.task[data-assignment="${id}"]`);
      const form = task.locator('.change-form');
      await form.locator('textarea[name="change[note]"]').fill('Đã họp triển khai, chờ kinh phí');
      await form.locator('input[name="change[evidence_link]"]').fill('ftp://sai-dia-chi');
      await form.locator('button[type=submit]').tap();

      const again = page.locator(`li.task[data-assignment="${id}"] .change-form`);
      const error = again.locator(`#evidence_link-${id}-error`);
      await error.filter({ hasText: 'http' }).waitFor();
      assert.equal(await again.locator('input[name="change[evidence_link]"]').getAttribute('aria-invalid'), 'true');
      assert.equal(await again.locator('textarea[name="change[note]"]').inputValue(), 'Đã họp triển khai, chờ kinh phí', 'the note is kept');
      assert.equal(await again.locator('input[name="change[evidence_link]"]').inputValue(), 'ftp://sai-dia-chi', 'the link is kept');
      const focused = await page.evaluate(() => document.activeElement?.className ?? '');
      assert.match(focused, /error-summary/, 'focus is on the error summary');
      if (!javaScriptEnabled) {
        assert.match(page.url(), new RegExp(`nhap=[0-9a-f]+#update-${id}-errors$`), 'back at the form');
      }
      // The browser reports the refused save (422) itself; nothing else went wrong.
      if (javaScriptEnabled) assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    } finally {
      await close();
    }
  });

  test(`a commune official attaches an evidence file at the task; a wrong file is refused there (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...TABLET });
    try {
      const id = await openFirstTask(page);
      if (javaScriptEnabled) {
        await live(page);
        await page.evaluate(() => { window.__sameDocument = true; });
      }
      const upload = () => page.locator(`li.task[data-assignment="${id}"] form.evidence-upload`);
      await upload().locator('input[type=file]').setInputFiles({ name: 'ghi-chu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
      await upload().locator('input[name=doc_number]').fill('16/QĐ-UBND');
      await upload().locator('button[type=submit]').tap();

      const error = page.locator(`#evidence-file-${id}-error`);
      await error.filter({ hasText: 'Chỉ nhận tệp PDF' }).waitFor();
      assert.equal(await upload().locator('input[name=doc_number]').inputValue(), '16/QĐ-UBND', 'the number is kept');
      const focused = await page.evaluate(() => document.activeElement?.className ?? '');
      assert.match(focused, /error-summary/, 'focus is on the error summary');

      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const name = `bien-ban-${Date.now()}.pdf`;
      await upload().locator('input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
      await upload().locator('button[type=submit]').tap();
      const task = page.locator(`li.task[data-assignment="${id}"]`);
      await page.locator(`#said-${id}`).filter({ hasText: javaScriptEnabled ? 'Đã tải minh chứng lên.' : 'Đã lưu.' }).waitFor();
      await task.locator('.evidence a[download]', { hasText: name }).waitFor();
      assert.ok(await inView(task), 'the task is still in view');
      if (javaScriptEnabled) {
        assert.equal(await page.evaluate(() => window.__sameDocument), true, 'sent from the page, no reload');
        assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
      }
    } finally {
      await close();
    }
  });

  // With JavaScript two reports are verified; without, two are returned with a reason.
  const answer = javaScriptEnabled ? 'verifies' : 'returns';
  test(`a province official ${answer} two reports from the queue (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...TABLET });
    try {
      await signIn(page, 'nghean', DEMO_PASSWORD);
      await landed(page);
      assert.equal(new URL(page.url()).pathname, '/viec-cua-toi');
      // What the ministry's visits left the province is on its work too.
      const followUps = page.locator('section[aria-labelledby="work-follow-ups"]');
      assert.match(await followUps.textContent(), /Đang theo dõi: \d+, trong đó quá hạn: \d+/);
      assert.equal(await followUps.locator('a').getAttribute('href'), '/kien-nghi-ket-luan?tinh=40');
      await page.locator('a[href="/tinh/40/xac-minh"]').first().tap();
      await page.waitForURL(/\/tinh\/40\/xac-minh/);
      const rows = page.locator('ol.queue > li.task');
      await rows.first().waitFor();
      if (!javaScriptEnabled) {
        // Nghi Lộc's reports only, through the filter.
        await page.locator('#queue-commune').selectOption('17827');
        await page.locator('.filters button').tap();
        await page.waitForURL(/xa=17827/);
        assert.ok((await page.locator('ol.queue .task-title a').allTextContents()).every((t) => /Nghi Lộc/.test(t)));
      }
      const before = await rows.count();
      assert.ok(before >= 2, `${before} reports wait`);
      const ids = [];
      for (const i of [0, 1]) {
        ids.push(await rows.nth(i).getAttribute('id'));
        await rows.nth(i).locator('.pick input').tap();
      }
      const counted = javaScriptEnabled
        ? Number(await page.locator('.site-nav a.work-link .count').textContent())
        : 0;
      if (javaScriptEnabled) {
        await page.locator('.queue-many button[value="true"]').tap();
      } else {
        await page.locator('#queue-reason').fill('Thiếu số quyết định');
        await page.locator('.queue-many button[value="false"]').tap();
      }
      if (javaScriptEnabled) {
        await page.locator('.queue-said', { hasText: 'Đã xác minh 2 báo cáo.' }).waitFor();
        // The header's count of what waits follows, without a reload.
        await page.waitForFunction((n) => Number(document.querySelector('.site-nav a.work-link .count')?.textContent) < n, counted);
      } else {
        await page.waitForURL(/luu=queue#queue$/);
      }
      for (const id of ids) assert.equal(await page.locator(`#${id}`).count(), 0, `${id} waits no more`);
      assert.equal(await rows.count(), before - 2);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
      if (!javaScriptEnabled) {
        // The commune sees them returned, with the reason, first on its work.
        const back = await page.request.post(`${BASE}/api/tasks/checklist`, { form: { code: '17827' } });
        const items = (await back.json()).groups.flatMap((g) => g.items);
        const returned = items.filter((i) => ids.includes(`task-${i.assignment_id}`));
        assert.ok(returned.every((i) => i.verification === 'returned' && i.verification_note === 'Thiếu số quyết định'));
      }
    } finally {
      await close();
    }
  });
}

test('keyboard only: sign in, land on one\'s work and update a task with evidence', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    let keys = 0;
    const press = async (key, times = 1) => {
      for (let i = 0; i < times; i++) { await page.keyboard.press(key); keys++; }
    };
    const type = async (text) => { await page.keyboard.type(text); keys += text.length; };
    const tabTo = async (selector, limit = 80) => {
      for (let i = 0; i < limit; i++) {
        await press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`never reached ${selector}`);
    };
    await page.goto(`${BASE}/dang-nhap`);
    await tabTo('#username');
    await type('nghiloc');
    await press('Tab');
    await type(DEMO_PASSWORD);
    await press('Enter');
    await page.waitForURL(/\/viec-cua-toi$/);
    await page.locator('a.work-task').first().waitFor();
    await tabTo('a.work-task');
    const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
    const id = href.split('#task-')[1];
    await press('Enter');
    await page.waitForURL(new RegExp(`#task-${id}$`));
    await tabTo(`#status-${id}`);
    await press('End');
    await tabTo(`#evidence_number-${id}`);
    await type('16/QĐ-UBND');
    await press('Enter');
    await page.locator(`#said-${id}`, { hasText: 'Đã lưu.' }).waitFor();
    console.log(`key presses, sign-in to a task saved with evidence: ${keys}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('keyboard only: a province official verifies two reports from the queue', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    let keys = 0;
    const press = async (key) => { await page.keyboard.press(key); keys++; };
    const type = async (text) => { await page.keyboard.type(text); keys += text.length; };
    const tabTo = async (selector, limit = 120, key = 'Tab') => {
      for (let i = 0; i < limit; i++) {
        await press(key);
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`never reached ${selector}`);
    };
    await page.goto(`${BASE}/dang-nhap`);
    await tabTo('#username');
    await type('nghean');
    await press('Tab');
    await type(DEMO_PASSWORD);
    await press('Enter');
    await page.waitForURL(/\/viec-cua-toi$/);
    await page.locator('a[href="/tinh/40/xac-minh"]').waitFor();
    await tabTo('a[href="/tinh/40/xac-minh"]');
    await press('Enter');
    await page.waitForURL(/\/tinh\/40\/xac-minh$/);
    const rows = page.locator('ol.queue > li.task');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 2, 'two reports wait');
    const before = await rows.count();
    const ids = [await rows.nth(0).getAttribute('id'), await rows.nth(1).getAttribute('id')];
    for (const id of ids) {
      await tabTo(`#${id} .pick input`);
      await press('Space');
    }
    // The answer comes before the list: back up to it.
    await tabTo('.queue-many button[value="true"]', 120, 'Shift+Tab');
    await press('Enter');
    await page.locator('.queue-said', { hasText: 'Đã xác minh 2 báo cáo.' }).waitFor();
    assert.equal(await rows.count(), before - 2);
    console.log(`key presses, sign-in to two reports verified from the queue: ${keys}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
