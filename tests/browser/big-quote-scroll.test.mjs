// A 5,000-line quote's lines table after large jumps of its scrolling box (the scroll position
// set far away at once, as a dragged scrollbar does): the rows that cover the visible part of
// the box are drawn there, and the row at the top is the one the scroll position says. Rows not
// drawn yet count at an estimated height (priced-lines-window.js); when the rows drawn after a
// jump were measured and the estimate changed, the drawn rows ended up thousands of pixels from
// the view, which showed blank space until the next scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite, openConfigurator, settle, importQuoteFile, screenshot } from './harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

const LINES = 5000;
// How far (in lines) the row at the top may be from the scroll fraction's line: the rows not
// drawn are estimated, so the mapping is not exact, but it must not be off by a screenful of
// screenfuls either.
const ROWS_OFF_AT_MOST = 300;

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
  const quote = largeQuote(JSON.parse(await readFile(bookPath, 'utf8')), LINES, 11);
  const notice = await importQuoteFile(site.page, 'large.json', JSON.stringify(quote));
  assert.equal(notice.kind, 'success', notice.text);
});
after(async () => {
  await site?.close();
});

const scroller = (page) => page.locator('priced-lines .table-scroll');
// The points of the box where no drawn line (or its math) is seen.
const blankPoints = (seen) => seen.points.filter((p) => p.row !== 'line' && p.row !== 'math');

// Waits until the window has followed the scroll: frames go by until, two frames running,
// neither a scroll nor a measure of the rows waits for its frame (a scroll the window made
// itself is dispatched a frame later), then the page settles.
async function windowAtRest(page) {
  await page.evaluate(async () => {
    const table = document.querySelector('priced-lines');
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    await frame();
    for (let n = 0, idle = 0; n < 120 && idle < 2; n++) {
      await frame();
      idle = table.scrollPending || table.measurePending ? 0 : idle + 1;
    }
  });
  await settle(page);
}

// In the page: what is seen in the box between its sticky head and foot, at points down its
// first column: the row under each point, and the scroll fraction.
function seenInBox() {
  const box = document.querySelector('priced-lines .table-scroll');
  const table = box.querySelector('table');
  const rect = box.getBoundingClientRect();
  // The cells are what is seen of the head and foot (they stick where their rows may not).
  const top = Math.max(rect.top, table.tHead.rows[0].cells[0].getBoundingClientRect().bottom);
  const foot = [table.tFoot, table.tFoot.rows[0], table.tFoot.rows[0].cells[0]].map((e) => e.getBoundingClientRect().top);
  const bottom = Math.min(rect.bottom, ...foot, innerHeight) - 1;
  const x = rect.left + 40;
  const points = [];
  const steps = 12;
  for (let i = 0; i <= steps; i++) {
    const y = top + 1 + ((bottom - top - 2) * i) / steps;
    const row = document.elementFromPoint(x, y)?.closest('tr');
    points.push({
      y: Math.round(y),
      row: row ? (row.classList.contains('line-row') ? 'line' : row.classList.contains('math-row') ? 'math' : row.className || row.parentElement.tagName) : 'none',
      rowIndex: row?.classList.contains('line-row') ? Number(row.getAttribute('aria-rowindex')) : null,
    });
  }
  const fraction = box.scrollTop / Math.max(1, box.scrollHeight - box.clientHeight);
  return { points, fraction, scrollTop: box.scrollTop, scrollHeight: box.scrollHeight, clientHeight: box.clientHeight };
}

test('after a large jump of the scroll position, the rows in view are drawn there, the top one where the scroll fraction says', async () => {
  const { page } = site;
  await scroller(page).scrollIntoViewIfNeeded();
  const count = await page.evaluate(() => document.querySelector('priced-lines').lines.length);
  assert.ok(count >= LINES, `${count} lines in the table`);
  for (const fraction of [0.5, 0.9, 0.1, 0.75]) {
    await scroller(page).evaluate((box, f) => { box.scrollTop = f * (box.scrollHeight - box.clientHeight); }, fraction);
    await windowAtRest(page);
    const seen = await page.evaluate(seenInBox);
    await screenshot(page, `big-quote-jump-${Math.round(fraction * 100)}`, { clip: await scroller(page).boundingBox() });
    assert.deepEqual(blankPoints(seen), [], `at ${fraction}, points of the box show no drawn row: ${JSON.stringify(seen)}`);
    // The header row is aria-rowindex 1: the first line is 2.
    const topLine = seen.points.find((p) => p.rowIndex !== null).rowIndex - 2;
    const expected = seen.fraction * count;
    assert.ok(Math.abs(topLine - expected) <= ROWS_OFF_AT_MOST,
      `at ${fraction}, the top row is line ${topLine}, the scroll fraction ${seen.fraction.toFixed(3)} says about ${Math.round(expected)}`);
  }
});

test('after a jump, scrolling on a little keeps the rows drawn in view, and the ends still show the first and last lines', async () => {
  const { page } = site;
  await scroller(page).evaluate((box) => { box.scrollTop = 0.6 * (box.scrollHeight - box.clientHeight); });
  await windowAtRest(page);
  const first = await page.evaluate(seenInBox);
  assert.deepEqual(blankPoints(first), [], `after the jump: ${JSON.stringify(first)}`);
  const firstTop = first.points.find((p) => p.rowIndex !== null).rowIndex;
  // A few small scrolls down, as a wheel makes: the rows move with the scroll, they do not jump.
  for (let i = 0; i < 3; i++) {
    await scroller(page).evaluate((box) => { box.scrollTop += 120; });
    await windowAtRest(page);
    const seen = await page.evaluate(seenInBox);
    assert.deepEqual(blankPoints(seen), [], `a small scroll: ${JSON.stringify(seen)}`);
    const top = seen.points.find((p) => p.rowIndex !== null).rowIndex;
    assert.ok(top >= firstTop && top <= firstTop + 20 * (i + 1), `a small scroll moved the top row from ${firstTop} to ${top}`);
  }
  await scroller(page).evaluate((box) => { box.scrollTop = 0; });
  await windowAtRest(page);
  const start = await page.evaluate(seenInBox);
  assert.equal(start.points.find((p) => p.rowIndex !== null).rowIndex, 2, `at the top, the first line: ${JSON.stringify(start)}`);
  // The last lines far taller than the estimate (a sheet of their own: the page's CSP refuses a
  // <style> element): at the end, the box stays at its end as they are measured.
  await page.evaluate(() => {
    const table = document.querySelector('priced-lines');
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(table.lines.slice(-15).map((line) => `priced-lines tr.line-row[data-key="${CSS.escape(table.keyOf(line))}"] { height: 300px; }`).join('\n'));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  await scroller(page).evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await windowAtRest(page);
  const end = await page.evaluate(seenInBox);
  assert.deepEqual(blankPoints(end), [], `at the end: ${JSON.stringify(end)}`);
  const lastSeen = end.points.findLast((p) => p.rowIndex !== null).rowIndex;
  const count = await page.evaluate(() => document.querySelector('priced-lines').lines.length);
  assert.equal(lastSeen, count + 1, `at the end, the last line: ${JSON.stringify(end)}`);
});
