import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DEMO_PASSWORD, openBrowser, signIn, signOut, landed } from './browser.mjs';

// Words a commune official may write that would end their text box and add a redirect and a
// forged form to the page of everyone who edits the task after them.
const BREAKING =
  '</textarea><meta http-equiv="refresh" content="0;url=/dang-nhap">' +
  '</form><form action="/api/account/logout" method="post"><button id="forged">Bấm</button></form>';

test('words that would end a text box stay text for each editor, as served and once live', async () => {
  const { page, errors, close } = await openBrowser();
  try {
    await signIn(page, 'nghiloc', DEMO_PASSWORD);
    await landed(page);
    const list = await (await page.request.post(`${BASE}/api/tasks/checklist`, { form: { code: '17827' } })).json();
    const item = list.groups.flatMap((g) => g.items).at(-1);
    const saved = await page.request.post(`${BASE}/api/tasks/update`, {
      form: {
        id: String(item.assignment_id), version: String(item.version), 'change[status]': 'in_progress',
        'change[progress]': '10', 'change[note]': BREAKING, 'change[difficulties]': BREAKING,
      },
    });
    assert.equal(saved.status(), 200);

    for (const user of ['nghiloc', 'nghean', 'admin']) {
      if (user !== 'nghiloc') {
        await signOut(page);
        await signIn(page, user, DEMO_PASSWORD);
        await landed(page);
      }
      await page.goto(`${BASE}/xa/17827`);
      const task = page.locator(`li.task[data-assignment="${item.assignment_id}"]`);
      const check = async (when) => {
        assert.equal(new URL(page.url()).pathname, '/xa/17827', `${user}, ${when}: not sent away`);
        assert.equal(await page.locator('meta[http-equiv], #forged').count(), 0, `${user}, ${when}: no new element`);
        assert.equal(await task.locator('textarea[name="change[note]"]').inputValue(), BREAKING, `${user}, ${when}`);
        assert.equal(await task.locator('textarea[name="change[difficulties]"]').inputValue(), BREAKING);
        assert.equal(await task.locator('.task-note').textContent(), BREAKING);
      };
      await check('as served');
      // The first interaction loads the code; the page then hydrates over the same boxes.
      await page.mouse.move(20, 20);
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
      await page.waitForTimeout(1500);
      await check('once live');
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
