// Export JSON (and import it back, or any quote file), export CSV with the engine's figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  openSite, openConfigurator, settle, importQuoteFile, currentQuote, textOf, priceInPage, repoRoot, screenshot, assertNoCspViolations,
} from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

async function downloadText(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return { filename: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

test('imports an example quote file and prices it exactly as the engine does', async () => {
  const { page } = site;
  const text = await readFile(join(repoRoot, 'pricebooks/examples/enterprise-in-band.json'), 'utf8');
  await importQuoteFile(page, 'enterprise-in-band.json', text);
  assert.match(await textOf(page, 'notice-list .notice:last-child'), /Imported “Northwind Media: 60 TB a month, WAF, image optimisation and Business support, 24 months”/);
  const engine = await priceInPage(page, await currentQuote(page), 'summary');
  assert.equal(engine.totals.net_monthly, '11495.22', 'the figure hand-checked in pricebooks/examples');
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), '$11,495.22');
  // The customer field had the caret when the file came in: it shows the imported name anyway.
  assert.equal(await page.locator('deal-fields').getByLabel('Customer', { exact: true }).inputValue(), 'Northwind Media');
  await screenshot(page, 'export-imported-example');
});

// Panels loaded after the first priced total (the ramp editor, the book version's hint, the
// comparison) can still move the outcome form down the page just after an import: a click aimed
// while it moves lands beside the radio. Wait until it stays where it is for a few frames.
async function untilStill(locator) {
  let last = null;
  for (let i = 0; i < 40; i++) {
    const box = await locator.boundingBox();
    if (last && box && box.y === last.y && box.x === last.x) return;
    last = box;
    await settle(locator.page());
  }
}

test('exports JSON that imports back to the same quote, outcome included', async () => {
  const { page } = site;
  await untilStill(page.locator('quote-outcome').getByLabel('Won'));
  await page.locator('quote-outcome').getByLabel('Won').check();
  await page.locator('quote-outcome').getByLabel('Competitor').fill('Fastly');
  await settle(page);
  const quote = await currentQuote(page);
  const { filename, text } = await downloadText(page, 'Export JSON');
  assert.match(filename, /\.json$/);
  const exported = JSON.parse(text);
  assert.equal(exported.format, 'edgequote.saved-quote');
  assert.deepEqual(exported.quote, quote);
  assert.equal(exported.outcome.status, 'won');
  assert.equal(exported.pricebook.id, 'edge-cdn');
  assert.equal(exported.priced.totals.net_monthly, '11495.22');

  await page.keyboard.press('Alt+n');
  await importQuoteFile(page, filename, text);
  assert.deepEqual(await currentQuote(page), quote);
  assert.ok(await page.locator('quote-outcome').getByLabel('Won').isChecked());
  assert.equal(await page.locator('quote-outcome').getByLabel('Competitor').inputValue(), 'Fastly');
});

test('exports CSV with every line and the totals exactly as the engine returned them', async () => {
  const { page } = site;
  const engine = await priceInPage(page, await currentQuote(page));
  const { filename, text } = await downloadText(page, 'Export CSV');
  assert.match(filename, /\.csv$/);
  const rows = text.trimEnd().split('\r\n').map((r) => r.split(','));
  const header = rows.findIndex((r) => r[0] === 'Line');
  assert.ok(header > 0);
  const lines = rows.slice(header + 1, header + 1 + engine.lines.length);
  assert.deepEqual(lines.map((r) => r[2]), engine.lines.map((l) => l.sku));
  assert.deepEqual(lines.map((r) => r[r.length - 2]), engine.lines.map((l) => l.net));
  assert.deepEqual(rows.find((r) => r[0] === 'Net monthly'), ['Net monthly', engine.totals.net_monthly]);
  assert.deepEqual(rows.find((r) => r[0] === 'Total contract value'), ['Total contract value', engine.totals.tcv]);
});

test('refuses a file that is not a quote, with a message', async () => {
  const { page } = site;
  await importQuoteFile(page, 'notes.json', '{"hello": "world"}');
  assert.match(await textOf(page, 'notice-list .notice.error:last-child'), /Could not import notes\.json: The file is neither an EdgeQuote export nor a quote\./);
  await importQuoteFile(page, 'broken.json', '{"lines": [');
  assert.match(await textOf(page, 'notice-list .notice.error:last-child'), /The file is not JSON/);
  await assertNoCspViolations(site);
});

test('an export without a version is refused with a message that says so, not "version undefined"', async () => {
  const { page } = site;
  const quote = JSON.parse(await readFile(join(repoRoot, 'pricebooks/examples/enterprise-in-band.json'), 'utf8'));
  await importQuoteFile(page, 'hand-made.json', JSON.stringify({ format: 'edgequote.saved-quote', title: 'Hand made', quote }));
  let notice = await textOf(page, 'notice-list .notice.error:last-child');
  assert.doesNotMatch(notice, /undefined/);
  assert.match(notice, /Could not import hand-made\.json: The export says it is an EdgeQuote export but has no version number/);
  await importQuoteFile(page, 'future.json', JSON.stringify({ format: 'edgequote.saved-quote', version: 3, quote }));
  notice = await textOf(page, 'notice-list .notice.error:last-child');
  assert.match(notice, /export version 3, newer than this page \(which reads version 1\)/);
  await importQuoteFile(page, 'odd.json', JSON.stringify({ format: 'edgequote.saved-quote', version: 'one', quote }));
  assert.match(await textOf(page, 'notice-list .notice.error:last-child'), /Its version "one" is not an export version this page knows/);
  await screenshot(page, 'import-without-version');
});
