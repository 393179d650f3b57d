// The printed quote (print stylesheet → PDF via Chromium → PNG via pdftoppm): customer, lines,
// totals once, terms, validity date, DRAFT until approved (signed approvals: approvals-e2e.test.mjs),
// clean page breaks, and customer text rendered as text everywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, openConfigurator, settle, importQuoteFile, screenshotDir, textOf, assertNoCspViolations } from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

async function importQuote(page, quote) {
  await importQuoteFile(page, 'quote.json', JSON.stringify(quote));
}

// Prints the page to PDF and returns its text per page; PNGs of every page land in screenshots/.
async function print(page, name) {
  const pdf = join(screenshotDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(screenshotDir, name)]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  return text.split('\f').filter((pageText) => pageText.trim());
}

const base = {
  schema_version: '1.0',
  pricebook: { id: 'edge-cdn', version: '2026.11.0' },
  term_months: 12,
};

test('prints a DRAFT until signed approvals cover the quote; an approval cannot be typed in; the customer copy carries nothing internal', async () => {
  const { page } = site;
  await importQuote(page, {
    ...base,
    customer: { name: 'Globex Corporation', segment: 'f500' },
    bundle: 'starter',
    lines: [
      { sku: 'delivery', quantity: '3', unit: 'TB', region_mix: { na: '60', eu: '40' } },
      { sku: 'requests-https', quantity: '25', unit: 'M_requests', region_mix: { na: '60', eu: '40' } },
    ],
    discount_pct: '35',
  });
  const pages = await print(page, 'print-draft');
  assert.equal(pages.length, 1);
  assert.match(pages[0], /DRAFT/);
  assert.match(pages[0], /DRAFT: not binding until approved/);
  assert.match(pages[0], /Prepared for\s+Globex Corporation/i);
  assert.match(pages[0], /Valid until\s+\w+ \d+, \d{4}/);
  assert.equal(pages[0].match(/Net per month/g).length, 1, 'totals printed once');
  assert.ok(existsSync(join(screenshotDir, 'print-draft-1.png')));
  // The customer copy: no approval level, rule, cost, margin or floor.
  assert.doesNotMatch(pages[0], /\bVP\b|approval from|pricing authority|margin|floor|cost|deal desk/i);

  // Nothing on the page records an approval by name: the only way in is a signed token.
  assert.equal(await page.getByLabel('Approved by').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Record approval' }).count(), 0);
  assert.equal(await page.locator('approval-panel').getAttribute('data-status'), 'open');
});

test('breaks long quotes cleanly across pages: header repeated, rows whole, totals once at the end', async () => {
  const { page } = site;
  const regions = ['na', 'eu', 'apac', 'sa', 'mea', 'oce'];
  const lines = Array.from({ length: 42 }, (_, i) => ({ sku: 'delivery', quantity: String(5 + i), unit: 'TB', region: regions[i % regions.length] }));
  await importQuote(page, { ...base, customer: { name: 'Hooli Global Streaming', segment: 'f500' }, term_months: 36, lines });
  const pages = await print(page, 'print-long');
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  for (const pageText of pages.slice(1).filter((p) => p.includes('HTTP/HTTPS delivery'))) {
    assert.match(pageText, /ITEM\s+QUANTITY\s+LIST\s+DISCOUNT\s+NET/, 'the table header repeats');
  }
  assert.equal(pages.join('\n').match(/Net per month/g).length, 1);
  const lastLinePage = pages.findLastIndex((p) => p.includes('HTTP/HTTPS delivery'));
  assert.ok(pages.findIndex((p) => p.includes('Net per month')) >= lastLinePage, 'totals after the last line');
  assert.match(pages.at(-1), /Terms/);
  // Every line printed exactly once, none cut in two.
  assert.equal(pages.join('\n').match(/HTTP\/HTTPS delivery/g).length, 42);
});

test('numbers every printed page "Page N of M" at its foot', async () => {
  const { page } = site;
  const lines = Array.from({ length: 42 }, (_, i) => ({ sku: 'delivery', quantity: String(5 + i), unit: 'TB', region: 'na' }));
  await importQuote(page, { ...base, customer: { name: 'Hooli Global Streaming', segment: 'f500' }, lines });
  const pages = await print(page, 'print-page-numbers');
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  pages.forEach((pageText, i) => {
    assert.match(pageText, new RegExp(`Page ${i + 1} of ${pages.length}\\s*$`), `page ${i + 1} is numbered at its foot`);
  });
  assert.ok(existsSync(join(screenshotDir, 'print-page-numbers-1.png')));
});

test('shows customer-typed markup as text, on screen, in the saved list and in print', async () => {
  const { page } = site;
  const name = '<img src=x onerror=alert(1)><b>Evil</b> & "Co"';
  await page.keyboard.press('Alt+n');
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill(name);
  await page.locator('quote-toolbar .title-input').fill(`${name} — title`);
  await settle(page);
  assert.equal(await page.locator('quote-configurator img, quote-configurator b').count(), 0, 'no element was made from the text');
  await page.keyboard.press('Alt+o');
  assert.match(await textOf(page, 'saved-quotes .saved-item.current .saved-title'), /<img src=x onerror=alert\(1\)><b>Evil<\/b> & "Co" — title/);
  await page.keyboard.press('Escape');
  const pages = await print(page, 'print-inert');
  assert.ok(pages[0].includes('<img src=x onerror=alert(1)><b>Evil</b> & "Co"'));
  await assertNoCspViolations(site);
});
