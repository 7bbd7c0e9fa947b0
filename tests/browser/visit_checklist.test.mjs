// A ministry inspector on a tablet in a meeting room without a connection: the visit's
// on-site checklist, opened once while online, opens again offline; an assessment with a
// note and a photo are kept on the device (and survive a reload); when the connection
// returns they reach the server once. An assessment someone else changed meanwhile is not
// written over: both versions show and the inspector chooses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, landed, live, openBrowser, signIn } from './browser.mjs';
import { kept, keptCount, newVisit } from './visit_helpers.mjs';

// A 1×1 PNG, as a tablet's camera would give a (much larger) JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/// The visit's checklist, opened online under the service worker (an official's page
/// hydrates at once).
async function openChecklist(page, visit) {
  await page.goto(`${visit}/kiem-tra`);
  await page.waitForLoadState('networkidle');
}

const question = (page, n) => page.locator('.checklist-question').nth(n);

async function assess(item, label, note) {
  await item.locator('label.choice', { hasText: label }).first().click();
  await item.locator('textarea[name="answer[note]"]').fill(note);
  await item.locator('form.answer-form button[type=submit]').click();
}

test('a checklist answered without a connection, with a note and a photo, reaches the server once', async () => {
  const { page, context, errors, close } = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Kiểm tra tại chỗ không có mạng ${Date.now()}`);
    await openChecklist(page, visit);
    assert.ok((await page.locator('.checklist-topic').count()) >= 3);
    assert.match(await page.locator('.checklist-suggestion').first().textContent(), /Số liệu đến/);

    await context.setOffline(true);
    // The device's copy of the checklist, without a connection.
    await page.reload();
    await question(page, 0).waitFor();
    const note = `Trung tâm còn thiếu máy quét </textarea><b>tài liệu</b> ${Date.now()}`;
    await assess(question(page, 0), 'Đạt một phần', note);
    await question(page, 0).locator('.error-summary', { hasText: 'đã được lưu trên thiết bị' }).waitFor();
    assert.equal(await question(page, 0).locator('textarea[name="answer[note]"]').inputValue(), note);
    await kept(page).locator('li', { hasText: 'Trung tâm còn thiếu máy quét' }).waitFor();
    assert.equal(await kept(page).locator('b').count(), 0, 'markup stays text');

    // A photo taken for the same question: kept on the device too.
    await question(page, 0).locator('input[type=file]').setInputFiles({ name: 'may-quet.png', mimeType: 'image/png', buffer: PNG });
    await question(page, 0).locator('form.photo-form button[type=submit]').click();
    await page.waitForLoadState('load');
    await kept(page).locator('li', { hasText: 'may-quet.png' }).waitFor();
    assert.equal(await keptCount(page), 2);
    // The same photo sent again (a second tap): kept once.
    await question(page, 0).locator('input[type=file]').setInputFiles({ name: 'may-quet.png', mimeType: 'image/png', buffer: PNG });
    await question(page, 0).locator('form.photo-form button[type=submit]').click();
    await page.waitForLoadState('load');
    await kept(page).locator('li', { hasText: 'may-quet.png' }).waitFor();
    assert.equal(await keptCount(page), 2);

    // A reload without a connection: both still waiting.
    await page.reload();
    await kept(page).locator('li', { hasText: 'may-quet.png' }).waitFor();
    assert.equal(await keptCount(page), 2);

    // The connection returns: both sent, once, and the notice says so.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await kept(page).locator('p', { hasText: 'Đã gửi 2 thay đổi lưu trên thiết bị' }).waitFor();
    assert.equal(await keptCount(page), 0);
    await page.goto(`${visit}/kiem-tra`);
    await page.waitForLoadState('networkidle');
    const first = question(page, 0);
    assert.match(await first.locator('.answer-given').textContent(), /Đạt một phần/);
    assert.equal(await first.locator('.answer-note').textContent(), note);
    assert.equal(await first.locator('.answer-note b').count(), 0);
    assert.equal(await first.locator('.checklist-photos li').count(), 1, 'the photo, once');
    const shown = await first.locator('.checklist-photos img').evaluate((img) => img.decode().then(() => img.naturalWidth));
    assert.equal(shown, 1, 'the photo as sent');
    // Shown once with a connection, the photo is kept with its page: it shows without one.
    await context.setOffline(true);
    await page.reload();
    const offline = await question(page, 0).locator('.checklist-photos img').evaluate((img) => img.decode().then(() => img.naturalWidth));
    assert.equal(offline, 1, 'the photo from the device');
    await context.setOffline(false);
    const unexpected = errors.filter((e) => !/status of 503|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
    assert.deepEqual(unexpected, []);
  } finally {
    await close();
  }
});

/// A photo of noise (which no format compresses) as a camera's PNG: `width` × `height`.
async function noisePhoto(page, width, height) {
  const base64 = await page.evaluate(async ([w, h]) => {
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext('2d');
    const image = context.createImageData(w, h);
    for (let at = 0; at < image.data.length; at += 65536) {
      crypto.getRandomValues(image.data.subarray(at, at + 65536));
    }
    for (let at = 3; at < image.data.length; at += 4) image.data[at] = 255;
    context.putImageData(image, 0, 0);
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    return btoa(text);
  }, [width, height]);
  return Buffer.from(base64, 'base64');
}

test('a photo over the server\'s 5 MB is made smaller on the tablet, then sent', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Ảnh chụp lớn ${Date.now()}`);
    await openChecklist(page, visit);
    await live(page);
    const photo = await noisePhoto(page, 2600, 1000);
    assert.ok(photo.length > 5 * 1024 * 1024, `${photo.length} bytes`);
    await question(page, 0).locator('input[type=file]').setInputFiles({ name: 'hien-truong.png', mimeType: 'image/png', buffer: photo });
    await question(page, 0).locator('form.photo-form button[type=submit]').click();
    const shown = question(page, 0).locator('.checklist-photos img');
    await shown.waitFor();
    const size = await shown.evaluate((img) => img.decode().then(() => [img.naturalWidth, img.naturalHeight]));
    assert.deepEqual(size, [2048, 788], 'its long side 2,048 px, its proportions kept');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an assessment kept offline that someone else overtook shows both versions, and the inspector chooses', async () => {
  const { page, context, close } = await openBrowser();
  const other = await openBrowser();
  try {
    await signIn(page, 'kiemtra', DEMO_PASSWORD);
    await landed(page);
    const visit = await newVisit(page, `Hai người cùng đánh giá ${Date.now()}`);
    await openChecklist(page, visit);

    await context.setOffline(true);
    await assess(question(page, 1), 'Đạt', 'Bản đánh giá viết khi không có mạng');
    await question(page, 1).locator('.error-summary', { hasText: 'đã được lưu trên thiết bị' }).waitFor();

    // Meanwhile, with a connection, another member of the delegation assesses it.
    await signIn(other.page, 'kiemtra', DEMO_PASSWORD);
    await landed(other.page);
    await other.page.goto(`${visit}/kiem-tra`);
    await other.page.waitForLoadState('networkidle');
    await assess(question(other.page, 1), 'Chưa đạt', 'Bản đánh giá của người khác');
    await question(other.page, 1).locator('.saved-notice', { hasText: 'Đã lưu đánh giá' }).waitFor();

    // Back online: not written over theirs; the notice leads to the page with both.
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const waiting = kept(page).locator('a', { hasText: 'Bản đánh giá viết khi không có mạng' });
    await waiting.waitFor();
    await waiting.click();
    await page.waitForURL(/nhap=/);
    const item = question(page, 1);
    assert.match(await item.locator('.answer-given').textContent(), /Chưa đạt/);
    assert.equal(await item.locator('.answer-note').textContent(), 'Bản đánh giá của người khác');
    assert.equal(await item.locator('textarea[name="answer[note]"]').inputValue(), 'Bản đánh giá viết khi không có mạng');
    assert.equal(await item.locator('input[value="met"]').isChecked(), true);
    // The inspector keeps theirs: saved over the version shown.
    await item.locator('form.answer-form button[type=submit]').click();
    await item.locator('.saved-notice', { hasText: 'Đã lưu đánh giá' }).waitFor();
    await page.goto(`${visit}/kiem-tra`);
    await page.waitForLoadState('networkidle');
    assert.match(await question(page, 1).locator('.answer-given').textContent(), /^Đạt$/);
    assert.equal(await question(page, 1).locator('.answer-note').textContent(), 'Bản đánh giá viết khi không có mạng');
  } finally {
    await other.close();
    await close();
  }
});
