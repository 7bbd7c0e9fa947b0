// What the visit tests share: a day as a date input takes it, a new visit opened under the
// service worker, and the device's outbox (its notice, and the changes waiting in IndexedDB).
import { BASE } from './browser.mjs';

/// A day in Vietnam, `offset` days from today, as a date input takes it.
export function vietnamDay(offset = 0) {
  return new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

/// A new visit to Nghệ An starting today; its page, under the service worker.
export async function newVisit(page, title) {
  await page.goto(`${BASE}/tinh/40/doan-cong-tac`);
  await page.waitForLoadState('networkidle');
  await page.click('.visit-new summary');
  const form = page.locator('#visit-new');
  await form.locator('[name="visit[kind]"]').selectOption('inspection');
  await form.locator('[name="visit[title]"]').fill(title);
  await form.locator('[name="visit[organiser]"]').fill('Bộ Khoa học và Công nghệ');
  await form.locator('[name="visit[starts_on]"]').fill(vietnamDay());
  await form.locator('[name="visit[head_title]"]').fill('Thứ trưởng');
  await form.locator('[name="visit[topics]"]').fill('Chuyển đổi số');
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/\/doan-cong-tac\/\d+$/);
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForLoadState('networkidle');
  return page.url();
}

/// The page's notice of what the device keeps.
export const kept = (page) => page.locator('#outbox');

/// The changes waiting in the device's outbox, read from IndexedDB.
export const keptCount = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('tiendo-outbox', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('waiting').objectStore('waiting').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
