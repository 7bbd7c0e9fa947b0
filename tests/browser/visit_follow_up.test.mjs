// A ministry inspector records a visit to Nghệ An and the delegation's conclusion; Nghệ An's
// official answers it and closes it. With JavaScript each save shows in place (no reload);
// without it each form posts and comes back to its item. A mistake keeps what was typed,
// stored markup shows as text, and two answers to one version show both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn, signOut } from './browser.mjs';
import { vietnamDay } from './visit_helpers.mjs';

async function signInAs(page, username) {
  await signIn(page, username, DEMO_PASSWORD);
  await landed(page);
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`an inspector records a visit and a conclusion, the province answers it (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled });
    try {
      await signInAs(page, 'kiemtra');
      // An inspector lands on every visit, and goes from there to the province's.
      assert.equal(new URL(page.url()).pathname, '/doan-cong-tac');
      const nghean = page.locator('table.visits td a[href^="/tinh/40?"]').first();
      assert.equal(await nghean.textContent(), 'Nghệ An');
      await page.goto(`${BASE}/tinh/40/doan-cong-tac`);
      await page.waitForLoadState('networkidle');
      const title = `Kiểm tra chuyển đổi số (${how}) ${Date.now()}`;
      await page.click('.visit-new summary');
      const visitForm = page.locator('#visit-new');
      await visitForm.locator('[name="visit[kind]"]').selectOption('inspection');
      await visitForm.locator('[name="visit[title]"]').fill(title);
      await visitForm.locator('[name="visit[organiser]"]').fill('Bộ Khoa học và Công nghệ');
      await visitForm.locator('[name="visit[starts_on]"]').fill(vietnamDay());
      await visitForm.locator('[name="visit[head_title]"]').fill('Thứ trưởng');
      await visitForm.locator('[name="visit[members]"]').fill('Lê Văn Thành; Chuyên viên\nThanh tra viên');
      await visitForm.locator('[name="visit[topics]"]').fill('Chuyển đổi số\nThủ tục hành chính');
      await visitForm.locator('button[type=submit]').click();
      if (!javaScriptEnabled) {
        // Back on the list, which now holds it.
        await page.waitForURL(/luu=visit-new-saved/);
        await page.getByRole('link', { name: title }).click();
      }
      await page.waitForURL(/\/doan-cong-tac\/\d+/);
      assert.equal(await page.textContent('h1'), title);
      assert.match(await page.textContent('.visit-members'), /Lê Văn Thành – Chuyên viên/);

      // A conclusion due before the visit: the error by its field, what was typed kept.
      const body = 'Hoàn thiện hạ tầng </textarea><b>số</b> cho xã';
      await page.click('.follow-up-add summary');
      const add = page.locator('form.follow-up-form');
      await add.locator('[name="follow_up[kind]"]').selectOption('conclusion');
      await add.locator('[name="follow_up[body]"]').fill(body);
      await add.locator('[name="follow_up[addressed_to]"]').fill('UBND tỉnh Nghệ An');
      await add.locator('[name="follow_up[due_on]"]').fill(vietnamDay(-1));
      await add.locator('button[type=submit]').click();
      const summary = page.locator('form.follow-up-form .error-summary');
      await summary.waitFor({ state: 'visible' });
      assert.match(await page.textContent('form.follow-up-form .field-invalid'), /không thể trước ngày đoàn/);
      assert.equal(await page.inputValue('form.follow-up-form [name="follow_up[body]"]'), body);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
      await page.fill('form.follow-up-form [name="follow_up[due_on]"]', vietnamDay(30));
      await page.click('form.follow-up-form button[type=submit]');
      const item = page.locator('.conclusions .follow-up');
      await item.first().waitFor();
      assert.equal(await item.count(), 1);
      assert.equal(await item.locator('.follow-up-facts p').first().textContent(), body);
      assert.equal(await item.locator('b').count(), 0, 'markup stays text');
      await page.locator('.follow-up-add .saved-notice', { hasText: 'Đã thêm' }).waitFor();
      const next = page.locator('form.follow-up-form [name="follow_up[body]"]');
      assert.equal(await next.inputValue(), '', 'the form is empty for the next one');
      const visitUrl = page.url().split('?')[0];
      await signOut(page);

      // Nghệ An's official is told (the header's count, the inbox), then reports progress;
      // marking it done is the delegation's.
      await signInAs(page, 'nghean');
      await page.goto(`${BASE}/thong-bao`);
      assert.ok(Number(await page.textContent('.inbox-link .count')) >= 1);
      const told = page.locator('.inbox li', { hasText: 'Kết luận giao cho tỉnh' }).first();
      assert.match(await told.textContent(), /Hoàn thiện hạ tầng <\/textarea><b>số<\/b>/);
      assert.equal(await told.locator('b').count(), 0);
      await page.goto(visitUrl);
      await page.waitForLoadState('networkidle');
      const conclusion = page.locator('.conclusions .follow-up').first();
      await conclusion.locator('summary').click();
      await conclusion.locator('[name="response[body]"]').fill('Đã giao Sở KH&CN <i>triển khai</i>');
      assert.equal(await conclusion.locator('[name="response[status]"] option[value=closed]').count(), 0);
      await conclusion.locator('[name="response[status]"]').selectOption('in_progress');
      await conclusion.locator('form.response-form button[type=submit]').click();
      await conclusion.locator('.saved-notice', { hasText: 'Đã ghi nhận trả lời' }).waitFor();
      if (!javaScriptEnabled) assert.match(page.url(), /luu=follow-up-\d+#follow-up-\d+$/);
      assert.match(await conclusion.locator('.follow-up-status').textContent(), /Đang thực hiện/);
      assert.match(await conclusion.locator('.follow-up-responses').textContent(), /Đã giao Sở KH&CN <i>triển khai<\/i>/);
      assert.equal(await conclusion.locator('.follow-up-responses i').count(), 0);
      // With the response, the plan it speaks of: a document listed under the conclusion.
      await conclusion.locator('summary').click();
      const plan = { name: 'ke-hoach <45>.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') };
      await conclusion.locator('input[type=file]').setInputFiles(plan);
      await conclusion.locator('form.photo-form button[type=submit]').click();
      await page.waitForURL(/luu=follow-up-\d+-files#follow-up-\d+-files$/);
      await conclusion.locator('.saved-notice', { hasText: 'Đã thêm ảnh, tài liệu.' }).waitFor();
      assert.match(await conclusion.locator('.checklist-photos').textContent(), /ke-hoach <45>\.pdf/);
      // Names show to the province; a public reader sees titles only.
      assert.match(await page.textContent('.visit-members'), /Lê Văn Thành/);
      await signOut(page);
      await page.goto(visitUrl);
      const members = await page.textContent('.visit-members');
      assert.match(members, /Chuyên viên/);
      assert.doesNotMatch(members, /Lê Văn Thành/);
      assert.equal(await page.locator('.conclusions .checklist-photos').count(), 0, 'documents are the province\'s records');
      // The browser reports the refused save (422) itself; nothing else went wrong.
      if (javaScriptEnabled) assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    } finally {
      await close();
    }
  });
}

test('two answers to one version: the second sees the first and keeps its text', async () => {
  const { page, context, errors, close } = await openBrowser();
  try {
    await signInAs(page, 'kiemtra');
    await page.goto(`${BASE}/tinh/40/doan-cong-tac`);
    await page.waitForLoadState('networkidle');
    const title = `Đoàn làm việc ${Date.now()}`;
    await page.click('.visit-new summary');
    await page.fill('#visit-new [name="visit[title]"]', title);
    await page.fill('#visit-new [name="visit[organiser]"]', 'Bộ Khoa học và Công nghệ');
    await page.fill('#visit-new [name="visit[starts_on]"]', vietnamDay());
    await page.fill('#visit-new [name="visit[head_title]"]', 'Vụ trưởng');
    await page.fill('#visit-new [name="visit[topics]"]', 'Dữ liệu');
    await page.click('#visit-new button[type=submit]');
    await page.waitForURL(/\/doan-cong-tac\/\d+$/);
    await page.click('.follow-up-add summary');
    await page.selectOption('form.follow-up-form [name="follow_up[kind]"]', 'recommendation');
    await page.fill('form.follow-up-form [name="follow_up[body]"]', 'Kết nối dữ liệu với Đề án 06');
    await page.fill('form.follow-up-form [name="follow_up[addressed_to]"]', 'Bộ Công an');
    await page.click('form.follow-up-form button[type=submit]');
    const mine = page.locator('.recommendations .follow-up').first();
    await mine.waitFor();
    await mine.locator('summary').click();
    await mine.locator('[name="response[body]"]').fill('Ý kiến của tôi');

    // Meanwhile, in another tab, someone answers first.
    const other = await context.newPage();
    await other.goto(page.url());
    const theirs = other.locator('.recommendations .follow-up').first();
    await theirs.locator('summary').click();
    await theirs.locator('[name="response[body]"]').fill('Trả lời của người khác');
    await theirs.locator('form.response-form button[type=submit]').click();
    await theirs.locator('.saved-notice', { hasText: 'Đã ghi nhận' }).waitFor();
    await other.close();

    await mine.locator('form.response-form button[type=submit]').click();
    await mine.locator('.saved-notice', { hasText: 'người khác đã trả lời' }).waitFor();
    assert.match(await mine.locator('.follow-up-responses').textContent(), /Trả lời của người khác/);
    assert.equal(await mine.locator('[name="response[body]"]').inputValue(), 'Ý kiến của tôi');
    // Sent again, knowingly: both answers are kept, once each.
    await mine.locator('form.response-form button[type=submit]').click();
    await mine.locator('.saved-notice', { hasText: 'Đã ghi nhận' }).waitFor();
    const answers = await mine.locator('.follow-up-responses li').allTextContents();
    assert.equal(answers.length, 2);
    assert.match(answers.join('\n'), /Trả lời của người khác[\s\S]*Ý kiến của tôi/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
