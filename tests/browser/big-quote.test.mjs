// A 5,000-line quote (the engine takes up to 20,000) on the rep page: the import says how far it
// is, the lines table keeps only the rows in view in the DOM (priced-lines.js), every line is
// still reached by scrolling and from the keyboard, screen readers get the row count, and the
// quote reopens after a reload. Behaviour only: the time it takes is tests/bench/page-edit.mjs's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite, openConfigurator, settle, currentQuote, priceInPage, screenshot, assertNoCspViolations } from './harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

const LINES = 5000;
// Rows drawn: the box's height in rows plus a margin each side (MARGIN_ROWS = 12), far from 5,000.
const MOST_ROWS_DRAWN = 80;

let site;
let quote;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
  quote = largeQuote(JSON.parse(await readFile(bookPath, 'utf8')), LINES, 11);
});
after(async () => {
  await site?.close();
});

const lineRows = (page) => page.locator('priced-lines tbody tr.line-row');
const rowIndexOf = (locator) => locator.evaluate((row) => Number(row.getAttribute('aria-rowindex')));
const focusedRowIndex = (page) => page.evaluate(() => Number(document.activeElement?.closest('tr.line-row')?.getAttribute('aria-rowindex') ?? 0));
const scroller = (page) => page.locator('priced-lines .table-scroll');

async function waitForRows(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 30)))));
}

test('a 5,000-line import says how far it is, and ends with the quote priced and saved', async () => {
  const { page } = site;
  const text = JSON.stringify({ ...quote, customer: { ...quote.customer, name: 'Large Media' } });
  const progress = page.locator('quote-configurator .progress-status');
  const said = [];
  // Every status the import shows, as a screen reader hears it (role=status).
  await page.exposeFunction('noteProgress', (line) => said.push(line));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const box = document.querySelector('quote-configurator .progress-status');
      if (box && !box.hidden) window.noteProgress(box.textContent);
    }).observe(document.querySelector('quote-configurator'), { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.locator('quote-toolbar input[type=file]').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await progress.waitFor({ state: 'visible' });
  await progress.waitFor({ state: 'hidden', timeout: 120000 });
  await settle(page);
  assert.ok(said.some((line) => /Importing 5,000 lines/.test(line)), `the progress named the line count: ${JSON.stringify(said)}`);
  assert.ok(said.some((line) => /pricing/.test(line)), 'and said when it was pricing');
  assert.match(await page.locator('notice-list').textContent(), /Imported “Large Media/);
  assert.equal((await currentQuote(page)).lines.length, LINES);
  const engine = await priceInPage(page, await currentQuote(page), 'summary');
  assert.equal(await page.locator('priced-lines [data-total=net_monthly]').getAttribute('data-total'), 'net_monthly');
  assert.equal(await page.evaluate(() => document.querySelector('quote-configurator').session.priced.totals.net_monthly), engine.totals.net_monthly);
});

test('the lines table keeps only the rows in view in the DOM, and says how many there are', async () => {
  const { page } = site;
  const drawn = await lineRows(page).count();
  assert.ok(drawn > 5 && drawn <= MOST_ROWS_DRAWN, `${drawn} line rows in the DOM`);
  const priced = await page.evaluate(() => document.querySelector('quote-configurator').session.priced.lines.length);
  assert.ok(priced >= LINES, 'every quote line is priced (and more: the support line)');
  // Header row, one row per priced line, the totals row(s).
  const totals = await page.locator('priced-lines tfoot tr').count();
  assert.equal(await page.locator('priced-lines table').getAttribute('aria-rowcount'), String(1 + priced + totals));
  assert.equal(await rowIndexOf(lineRows(page).first()), 2);
  // Nothing else on the page draws every line either.
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  assert.ok(elements < 20000, `${elements} elements on the page`);
});

test('scrolling reaches the last line, which can be edited and is priced as the engine prices it', async () => {
  const { page } = site;
  await page.locator('#lines').scrollIntoViewIfNeeded();
  await scroller(page).evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await waitForRows(page);
  const priced = await page.evaluate(() => document.querySelector('quote-configurator').session.priced.lines.length);
  assert.equal(await rowIndexOf(lineRows(page).last()), priced + 1, 'the last line is drawn');
  assert.ok(await lineRows(page).count() <= MOST_ROWS_DRAWN);
  await screenshot(page, 'big-quote-last-lines');
  // The last line with a discount of its own.
  const row = page.locator('priced-lines tbody tr.line-row:has(input)').last();
  const key = await row.getAttribute('data-key');
  const index = Number(key.split(':')[1]);
  assert.ok(index > LINES - 10, `a line near the end (${key})`);
  await row.locator('input').first().fill('12');
  await settle(page);
  const edited = await currentQuote(page);
  assert.equal(edited.lines[index].discount_pct, '12');
  const engine = await priceInPage(page, edited, 'summary');
  assert.equal(await page.evaluate(() => document.querySelector('quote-configurator').session.priced.totals.net_monthly), engine.totals.net_monthly);
  const net = engine.lines.find((line) => line.index === index).net;
  assert.equal(await page.locator(`priced-lines tr.line-row[data-key="${key}"] td.num.strong`).getAttribute('data-amount'), net);
});

test('the keyboard reaches every line: arrows, PageDown, Ctrl+End and Tab move the window with the focus', async () => {
  const { page } = site;
  await scroller(page).evaluate((box) => { box.scrollTop = 0; });
  await waitForRows(page);
  await lineRows(page).first().locator('button.math-toggle').focus();
  assert.equal(await focusedRowIndex(page), 2);
  for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await focusedRowIndex(page), 42, 'ArrowDown moves one line at a time, past the rows first drawn');
  await page.keyboard.press('PageDown');
  assert.ok(await focusedRowIndex(page) > 45);
  await page.keyboard.press('Control+End');
  await waitForRows(page);
  const priced = await page.evaluate(() => document.querySelector('quote-configurator').session.priced.lines.length);
  assert.equal(await focusedRowIndex(page), priced + 1, 'Ctrl+End reaches the last line');
  assert.ok(await lineRows(page).count() <= MOST_ROWS_DRAWN);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedRowIndex(page), priced);
  // Tab goes on through lines that were not drawn: from the bottom of the window down.
  await page.keyboard.press('Control+Home');
  await waitForRows(page);
  assert.equal(await focusedRowIndex(page), 2);
  const lastDrawn = await rowIndexOf(lineRows(page).last());
  for (let i = 0; i < 200 && (await focusedRowIndex(page)) <= lastDrawn; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focusedRowIndex(page), lastDrawn + 1, 'Tab from the last row drawn reaches the next line');
  // The focused row stays in the DOM when the box is scrolled away from it with the mouse.
  const focusedKey = await page.evaluate(() => document.activeElement.closest('tr.line-row').dataset.key);
  await scroller(page).evaluate((box) => { box.scrollTop = box.scrollHeight / 2; });
  await waitForRows(page);
  assert.equal(await page.evaluate(() => document.activeElement.closest('tr.line-row')?.dataset.key), focusedKey);
  assert.ok(await lineRows(page).count() <= MOST_ROWS_DRAWN + 1);
});

test('the large quote reopens after a reload, its status said while it is priced', async () => {
  const { page } = site;
  const statuses = [];
  await page.exposeFunction('noteStatus', (line) => statuses.push(line));
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const status = document.querySelector('quote-configurator [data-role=status]');
      if (status && !status.hidden) window.noteStatus?.(status.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 120000 });
  await settle(page);
  assert.ok(statuses.some((line) => /Opening 5,000 lines: pricing/.test(line)), JSON.stringify(statuses));
  assert.equal((await currentQuote(page)).lines.length, LINES);
  assert.ok(await lineRows(page).count() <= MOST_ROWS_DRAWN);
  await assertNoCspViolations(site);
});
