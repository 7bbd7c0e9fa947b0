// Decisions on administrative procedures: a reader on a phone finds Nghệ An's 205
// boundary-free procedures across 8 departments and the 121 proposed for delegation, then
// the decisions and each procedure they cover; a province official on a tablet records a
// decision, and a code not in the catalogue is named at its field with everything typed kept.
// With and without JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn, tapSettled } from './browser.mjs';


const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`a reader finds Nghệ An's boundary-free and proposed delegated procedures, down to each one (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...PHONE });
    try {
      await page.goto(`${BASE}/tinh/40?ngay=2025-08-14&so-voi=2025-07-22`);
      const section = page.locator('.province-dossiers');
      await section.waitFor();
      assert.equal(await section.locator('.boundary-free').textContent(), '205');
      assert.equal(await section.locator('.boundary-free-departments').textContent(), '8');
      assert.match(
        await section.locator('.procedures-boundary-free dd').textContent(),
        /205 thủ tục, thuộc phạm vi quản lý của 8 sở, ngành/,
      );
      const proposal = section.locator('.pending-decision');
      assert.match(
        await proposal.textContent(),
        /Sở Khoa học và Công nghệ đề nghị UBND tỉnh ủy quyền 121 thủ tục cho Sở Khoa học và Công nghệ/,
      );

      await tapSettled(section.getByRole('link', { name: 'Các quyết định về thủ tục hành chính' }));
      await page.waitForURL(/\/tinh\/40\/quyet-dinh\?ngay=2025-08-14$/);
      const rows = page.locator('table.decisions tbody tr');
      assert.equal(await rows.count(), 2);
      await rows.filter({ hasText: 'Đang có hiệu lực' }).locator('a').tap();
      await page.waitForURL(/\/quyet-dinh\/\d+\?ngay=2025-08-14$/);
      assert.match(await page.textContent('h2.decision-covers'), /Các thủ tục áp dụng \(205\)/);
      assert.equal(await page.locator('table.procedures tbody tr').count(), 205);
      assert.equal(await page.textContent('.decision-departments'), '8');
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test(`a province official records a decision; a code not in the catalogue is named and nothing typed is lost (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...TABLET });
    try {
      await signIn(page, 'nghean', DEMO_PASSWORD);
      await landed(page);
      await page.goto(`${BASE}/tinh/40/quyet-dinh`);
      await page.locator('details.decision-new summary').tap();
      const form = page.locator('#decision-new');
      const number = `${Date.now() % 100000}/QĐ-UBND`;
      await form.locator('select[name="decision[kind]"]').selectOption('decentralisation');
      await form.locator('input[name="decision[number]"]').fill(number);
      await form.locator('input[name="decision[title]"]').fill('Phân cấp giải quyết thủ tục nội vụ');
      await form.locator('input[name="decision[issuer]"]').fill('UBND tỉnh Nghệ An');
      await form.locator('select[name="decision[to_agency]"]').selectOption('SNV');
      await form.locator('input[name="decision[proposed_on]"]').fill('2025-09-01');
      const codes = form.locator('textarea[name="decision[procedures]"]');
      await codes.fill('1.001007\n9.999999');
      await form.locator('button[type=submit]').tap();

      const summary = page.locator('#decision-new-errors');
      await summary.filter({ hasText: 'Không có trong danh mục: 9.999999' }).waitFor();
      assert.match(await page.locator('#decision-new-procedures-error').textContent(), /9\.999999/);
      assert.equal(await page.locator('#decision-new-procedures').inputValue(), '1.001007\n9.999999');
      assert.equal(await page.locator('#decision-new-number').inputValue(), number);
      assert.equal(await page.locator('#decision-new-to_agency').inputValue(), 'SNV');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'decision-new-errors');

      await page.locator('#decision-new-procedures').fill('1.001007');
      await page.locator('#decision-new button[type=submit]').tap();
      if (javaScriptEnabled) {
        // Its own page.
        await page.waitForURL(/\/quyet-dinh\/\d+$/);
        assert.equal((await page.textContent('h1')).trim(), number);
        assert.match(await page.textContent('h2.decision-covers'), /Các thủ tục áp dụng \(1\)/);
        // Issued: changed where it is, said, and the status follows.
        await page.locator('details.decision-edit summary').tap();
        const edit = page.locator('form.decision-form');
        // Issued before it was proposed: refused at the field, and the form keeps what was typed.
        const title = 'Phân cấp giải quyết thủ tục nội vụ (bản sửa)';
        await edit.locator('input[name="decision[title]"]').fill(title);
        await edit.locator('input[name="decision[issued_on]"]').fill('2025-08-10');
        await edit.locator('button[type=submit]').tap();
        await edit.locator('[id$="-issued_on-error"]', { hasText: 'phải sau' }).waitFor();
        assert.equal(await edit.locator('input[name="decision[issued_on]"]').inputValue(), '2025-08-10');
        assert.equal(await edit.locator('input[name="decision[title]"]').inputValue(), title);
        assert.equal(await page.locator('details.decision-edit').getAttribute('open'), '');
        await edit.locator('input[name="decision[issued_on]"]').fill('2025-09-10');
        await edit.locator('button[type=submit]').tap();
        await page.locator('.saved-notice', { hasText: 'Đã lưu quyết định.' }).waitFor();
        assert.equal((await page.textContent('.decision-facts .decision-status')).trim(), 'Đã ban hành');
      } else {
        // Back on the list, where it now stands.
        await page.waitForURL(/\/tinh\/40\/quyet-dinh\?luu=decision-new-saved#decision-new-saved$/);
        assert.equal(await page.textContent('#decision-new-saved'), 'Đã lưu quyết định.');
        const row = page.locator('table.decisions tbody tr', { hasText: number });
        assert.match(await row.textContent(), /Phân cấp.*Đề xuất/s);
      }
      // The browser reports the refused save (422) itself; nothing else went wrong.
      if (javaScriptEnabled) assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    } finally {
      await close();
    }
  });

  test(`a journalist finds Nghệ An's boundary-free procedures in the catalogue, and a procedure without diacritics (${how})`, async () => {
    const { page, errors, close } = await openBrowser({ javaScriptEnabled, ...PHONE });
    try {
      await page.goto(`${BASE}/tinh/40?ngay=2025-08-14`);
      await tapSettled(page.locator('.province-dossiers').getByRole('link', { name: 'Danh mục thủ tục của tỉnh' }));
      await page.waitForURL(/\/thu-tuc\?tinh=40&ngay=2025-08-14$/);
      await page.selectOption('#loai', 'boundary_free');
      await page.locator('.catalogue-filters button[type=submit]').tap();
      await page.waitForURL(/loai=boundary_free/);
      // Of the whole catalogue, which other tests may have added to.
      assert.match((await page.textContent('.catalogue-count')).trim(), /^205 trên 2\.\d{3} thủ tục\.$/);
      assert.equal(await page.locator('table.catalogue tbody tr').count(), 50, 'a page of 50');

      await page.goto(`${BASE}/thu-tuc`);
      await page.fill('#q', 'giay phep ban le');
      await page.locator('.catalogue-filters button[type=submit]').tap();
      await page.waitForURL(/q=giay\+phep\+ban\+le/);
      const first = page.locator('table.catalogue tbody tr').first();
      assert.match(await first.textContent(), /giấy phép bán lẻ/);
      await first.locator('a').tap();
      await page.waitForURL(/\/thu-tuc\/\d\.\d{6}$/);
      assert.match(await page.textContent('h1'), /giấy phép bán lẻ/);
      if (javaScriptEnabled) assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('a province official attaches the signed decision, and a file that is not one is refused', async () => {
  const { page, errors, close } = await openBrowser({ ...TABLET });
  try {
    await signIn(page, 'nghean', DEMO_PASSWORD);
    await landed(page);
    await page.goto(`${BASE}/tinh/40/quyet-dinh`);
    await page.locator('table.decisions tbody tr a').first().tap();
    await page.waitForURL(/\/quyet-dinh\/\d+/);
    const id = page.url().match(/\/quyet-dinh\/(\d+)/)[1];

    await page.setInputFiles('#document-file', { name: 'qd.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
    await tapSettled(page.locator('#van-ban button[type=submit]'));
    await page.waitForURL(/loi-van-ban=sai-loai#van-ban$/);
    assert.match(await page.textContent('#document-error'), /Chỉ nhận tệp PDF, PNG hoặc JPEG/);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    await page.setInputFiles('#document-file', { name: 'Quyết định.pdf', mimeType: 'application/pdf', buffer: pdf });
    await tapSettled(page.locator('#van-ban button[type=submit]'));
    await page.waitForURL(/van-ban=da-luu#van-ban$/);
    await page.locator('#van-ban .saved-notice', { hasText: 'Đã đính kèm văn bản.' }).waitFor();
    const link = page.locator('a.decision-document');
    assert.equal(await link.getAttribute('href'), `/api/quyet-dinh/${id}/van-ban`);
    const served = await page.request.get(`${BASE}/api/quyet-dinh/${id}/van-ban`);
    assert.equal(served.status(), 200);
    assert.deepEqual(Buffer.from(await served.body()), pdf);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
