// A ramped quote (pricebooks/examples/ramped-enterprise.json: three yearly periods) in the rep
// page: imported, priced exactly as the engine prices it, a row per period in the totals and in
// the printed quote, scenarios of other terms fitted to the ramp, and the CSV export's period rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  openSite, openConfigurator, settle, importQuoteFile, currentQuote, textOf, priceInPage, repoRoot, screenshot, screenshotDir,
  assertNoCspViolations,
} from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

test('a ramped quote shows a row per period, prints them and exports them', async () => {
  const { page } = site;
  const text = await readFile(join(repoRoot, 'pricebooks/examples/ramped-enterprise.json'), 'utf8');
  await importQuoteFile(page, 'ramped-enterprise.json', text);
  const quote = await currentQuote(page);
  assert.equal(quote.periods.length, 3, 'the periods survive the import');
  const engine = await priceInPage(page, quote, 'summary');
  assert.equal(engine.totals.tcv, '592479.84', 'the TCV hand-checked in pricebooks/examples/EXPECTED.md');
  // Totals: the first period's month, a row per period, the contract over all three.
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), '$12,719.82');
  assert.equal(await textOf(page, 'price-totals dd[data-total=period-0]'), '$12,719.82/mo');
  assert.equal(await textOf(page, 'price-totals dd[data-total=period-1]'), '$16,513.18/mo');
  assert.equal(await textOf(page, 'price-totals dd[data-total=period-2]'), '$20,140.32/mo');
  assert.equal(await textOf(page, 'price-totals dd[data-total=tcv]'), '$592,479.84');
  assert.match(await page.locator('price-totals').innerText(), /Months 13–24 net/);
  await screenshot(page, 'ramp-totals');

  // The printed quote lists the periods once each, and the contract value.
  const pdf = join(screenshotDir, 'print-ramp.pdf');
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, join(screenshotDir, 'print-ramp')]);
  const printed = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  for (const [label, amount] of [['Months 1–12', '12,719.82'], ['Months 13–24', '16,513.18'], ['Months 25–36', '20,140.32']])
    assert.match(printed, new RegExp(`${label}: net per month\\s+\\$${amount.replace('.', '\\.')}`));
  assert.match(printed, /\$592,479\.84/);

  // CSV: a row per period, figures as the engine gave them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /Months 13-24 net monthly,16513\.18/);
  assert.match(csv, /Months 25-36 value,241683\.84/);
  assert.match(csv, /Total contract value,592479\.84/);
  await assertNoCspViolations(site);
});

test('a scenario of a shorter term prices the ramp cut to that term', async () => {
  const { page } = site;
  const quote = await currentQuote(page);
  // The rule the scenarios apply (web/lib/scenarios.js): periods past the term go, the last kept ends at it.
  const variant = await page.evaluate(async (q) => {
    const { applyScenario: apply } = await import('./lib/scenarios.js');
    return apply(q, { term_months: 24, commit: null, discount_pct: null });
  }, quote);
  assert.deepEqual(variant.periods.map((p) => [p.from_month, p.to_month]), [[1, 12], [13, 24]]);
  const priced = await priceInPage(page, variant, 'summary');
  // Without the cut, the 24-month variant would be refused (periods_not_contiguous): it prices.
  assert.deepEqual(priced.errors ?? [], []);
  assert.equal(priced.ramp.periods.length, 2);
});
