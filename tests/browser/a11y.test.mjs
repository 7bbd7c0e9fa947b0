// axe-core on every page, signed out and as each role that has pages of its own, in both
// languages, at desktop and phone width. The page is checked once it has hydrated (an
// official's page hydrates at once; a public page after a first interaction).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, DEMO_PASSWORD, landed, openBrowser, signIn } from './browser.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const PAGES = {
  anonymous: [
    '/', '/tinh/40', '/xa/17827', '/dang-nhap', '/khong-co-trang-nay', '/tinh/40/quyet-dinh',
    '/thu-tuc?tinh=40', '/thu-tuc/1.001007', '/tinh/40/thu-tuc?ngay=2025-08-06',
    '/tinh/40/doan-cong-tac?ngay=2025-12-01', '/doan-cong-tac/1?ngay=2025-12-01',
    '/doan-cong-tac/1/bien-ban?ngay=2025-12-01', '/tinh/40/doan-cong-tac/1/chuan-bi?ngay=2025-08-22',
    '/kien-nghi-ket-luan?ngay=2025-12-01&hien=all', '/doan-cong-tac?ngay=2025-12-01',
  ],
  nghiloc: ['/viec-cua-toi', '/xa/17827', '/doi-mat-khau'],
  nghean: [
    '/viec-cua-toi', '/tinh/40', '/tinh/40/xac-minh', '/tinh/40/cap-nhat-hang-loat',
    '/tinh/40/quyet-dinh', '/tinh/40/ho-so/tai-len', '/doan-cong-tac/1', '/doan-cong-tac/1/kiem-tra',
    '/tinh/40/dau-moi', '/thong-bao',
  ],
  kiemtra: ['/tinh/40/doan-cong-tac', '/doan-cong-tac/1', '/doan-cong-tac/1/kiem-tra'],
  admin: [
    '/quan-tri/tai-khoan', '/quan-tri/tai-khoan/moi', '/quan-tri/nhat-ky', '/quan-tri/ke-hoach',
    '/quan-tri/ke-hoach/1', '/quan-tri/cai-dat', '/quan-tri/tich-hop', '/quan-tri/thu-tuc',
    '/quan-tri/mau-kiem-tra',
  ],
};

const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.length,
      first: v.nodes[0]?.target.join(' '),
    }));
  });
}

for (const [width, viewport] of Object.entries(WIDTHS)) {
  for (const lang of ['vi', 'en']) {
    test(`axe finds nothing on any page (${width}, ${lang})`, async () => {
      const { page, close } = await openBrowser({ viewport, bypassCSP: true });
      const found = [];
      try {
        for (const [who, paths] of Object.entries(PAGES)) {
          await page.context().clearCookies();
          await page.context().addCookies([{ name: 'lang', value: lang, url: BASE }]);
          if (who !== 'anonymous') {
            await signIn(page, who, DEMO_PASSWORD);
            await landed(page);
          }
          for (const path of paths) {
            await page.goto(`${BASE}${path}`);
            // A first interaction loads a public page's code; the check waits for it.
            await page.mouse.move(5, 5);
            await page.waitForLoadState('networkidle');
            for (const v of await violations(page)) found.push(`${who} ${path}: ${v.id} ×${v.nodes} (${v.first})`);
          }
        }
        console.log(`axe (${width}, ${lang}): ${found.length} violations`);
        assert.deepEqual(found, []);
      } finally {
        await close();
      }
    });
  }
}
