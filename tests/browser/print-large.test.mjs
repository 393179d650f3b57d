// Printing a quote at the engine's limit (20,000 lines): past PRINTED_LINES_MAX lines the printed
// quote has one row per product with exact subtotals (web/lib/print-groups.js) and says where
// every line is; both copies print (PDF via Chromium, first page as PNG via pdftoppm). Up to the
// threshold the print is line by line, as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openSite, openConfigurator, importQuoteFile, priceInPage, screenshotDir, assertNoCspViolations, settle } from './harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';
import { PRINTED_LINES_MAX, productGroups } from '../../web/lib/print-groups.js';
import { sum } from '../../web/lib/decimal-sum.js';
import { money, quantity } from '../../web/lib/format.js';

let site;
let book;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
  book = JSON.parse(await readFile(bookPath, 'utf8'));
  // The print commands end in the browser's print dialog; here page.pdf() prints instead.
  await site.page.evaluate(() => { window.print = () => {}; });
});
after(async () => {
  await site?.close();
});

// Prints the page to PDF as a print command would (its printable quote drawn, a large quote's
// groups summed in parts; the deal desk's copy with printCopy 'internal', as approvals-e2e does:
// the 'print-deal-desk' command draws it only until its dialog closes). Returns the text per page;
// the first page is a PNG in screenshots/.
async function printWith(page, copy, name) {
  await page.evaluate(async (copy) => {
    const app = document.querySelector('quote-configurator');
    app.printCopy = copy;
    app.render();
    await app.runCommand({ command: 'print' });
  }, copy);
  const pdf = join(screenshotDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
  await page.evaluate(() => {
    const app = document.querySelector('quote-configurator');
    app.printCopy = 'customer';
    app.render();
  });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, join(screenshotDir, name)]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  return text.split('\f').filter((pageText) => pageText.trim());
}

// What the 'print-deal-desk' command had drawn when it opened the print dialog.
async function dealDeskCommandDrew(page, selector) {
  return page.evaluate(async (selector) => {
    let count = null;
    window.print = () => { count = document.querySelectorAll(selector).length; };
    await document.querySelector('quote-configurator').runCommand({ command: 'print-deal-desk' });
    window.print = () => {};
    return count;
  }, selector);
}

// The deal desk's list of each line's cost and floor ("<name>: cost $x, floor $y").
const lineCostItems = (page) => page.locator('print-quote .print-internal li').evaluateAll((items) => items.filter((li) => /: cost .*, floor /.test(li.textContent)).length);

// The printed rows of the lines table, cell by cell.
const printedRows = (page, selector) => page.locator(selector).evaluateAll((rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));

async function importQuote(page, quote) {
  await importQuoteFile(page, 'quote.json', JSON.stringify(quote));
  return page.evaluate(() => document.querySelector('quote-configurator').session.priced.lines.length);
}

// `count` delivery lines, one priced line each.
const deliveryLines = (count) => ({
  schema_version: '1.0',
  customer: { name: 'Mid-size Media', segment: 'enterprise' },
  pricebook: { id: book.id, version: book.version },
  term_months: 12,
  lines: Array.from({ length: count }, (_, i) => ({ sku: 'delivery', quantity: String(1 + (i % 40)), unit: 'TB', region: ['na', 'eu', 'apac'][i % 3] })),
});

test('a 20,000-line quote prints one row per product, with subtotals that are the sums of its lines and add up to the totals', async () => {
  const { page } = site;
  const quote = { ...largeQuote(book, 20000, 7), customer: { name: 'Large Media Group', segment: 'enterprise' } };
  assert.ok(await importQuote(page, quote) >= 20000);
  const priced = await priceInPage(page, quote, 'summary');
  const groups = productGroups(priced.lines);
  const currency = priced.pricebook.currency;
  // The groups add up to the engine's totals, as the printed totals show them.
  assert.equal(sum(groups.filter((g) => g.billing !== 'one_time').map((g) => g.net)), priced.totals.net_monthly);
  assert.equal(sum(groups.filter((g) => g.billing !== 'one_time').map((g) => g.list)), priced.totals.list_monthly);
  assert.equal(sum(groups.filter((g) => g.billing === 'one_time').map((g) => g.net)), priced.totals.one_time);

  const pages = await printWith(page, 'customer', 'print-large-customer');
  assert.ok(existsSync(join(screenshotDir, 'print-large-customer-1.png')));
  assert.ok(pages.length <= 3, `${pages.length} pages, not ~700`);
  const rows = await printedRows(page, 'print-quote tr.print-group');
  assert.equal(await page.locator('print-quote tr.print-line').count(), 0, 'no line printed one by one');
  assert.deepEqual(rows, groups.map((g) => [
    g.billing === 'one_time' ? `${g.name}one-time` : g.name,
    quantity(String(g.lines)),
    g.quantity === null ? '' : `${quantity(g.quantity)}${g.unit.replace(/_/g, ' ')}`,
    money(g.list, currency),
    money(g.net, currency),
  ]));
  assert.ok(rows.some((row) => row[2] !== ''), 'a quantity total where the lines share a unit');
  const text = pages.join('\n');
  assert.match(text, /This quote has 20,000 lines, printed here by product/);
  assert.match(text.replace(/\s+/g, ' '), /is in the quote's CSV export \(on the quote page, the toolbar's CSV button: Export CSV, customer copy\)/);
  // The totals are the engine's, once.
  assert.equal(text.match(/Net per month/g).length, 1);
  assert.ok(text.includes(money(priced.totals.net_monthly, currency)));
  assert.ok(text.includes(money(priced.totals.tcv, currency)));
  // The customer copy carries nothing internal.
  assert.doesNotMatch(text, /margin|floor|cost|deal desk/i);
  // The toolbar's button the note names is there.
  assert.equal(await page.locator('quote-toolbar [data-command=export-csv]').getAttribute('aria-label'), 'Export CSV (customer copy)');

  // The deal desk copy: cost and margin by product, the lines under their floor counted.
  const internal = await printWith(page, 'internal', 'print-large-deal-desk');
  assert.ok(existsSync(join(screenshotDir, 'print-large-deal-desk-1.png')));
  assert.ok(internal.length <= 4, `${internal.length} pages`);
  const internalText = internal.join('\n');
  assert.match(internalText, /DEAL DESK COPY: internal/);
  assert.match(internalText.replace(/\s+/g, ' '), /is in the deal desk CSV \(on the quote page, Signed approval, Copies: Deal desk copy, CSV\)/);
  const costRows = await printedRows(page, 'print-quote .print-group-costs tr.print-group');
  const costed = groups.filter((g) => g.cost !== null || g.underFloor > 0);
  assert.ok(costed.length > 0);
  assert.deepEqual(costRows, costed.map((g) => [
    g.billing === 'one_time' ? `${g.name}one-time` : g.name,
    quantity(String(g.lines)),
    money(g.net, currency),
    g.cost === null ? 'n/a' : money(g.cost, currency),
    g.margin === null ? 'n/a' : money(g.margin, currency),
    g.underFloor ? quantity(String(g.underFloor)) : '',
  ]));
  assert.equal(sum(groups.map((g) => g.cost ?? '0')), priced.totals.cost_monthly, 'the costs add up to the engine\'s');
  assert.equal(await lineCostItems(page), 0, 'no line listed one by one');
  assert.equal(await dealDeskCommandDrew(page, 'print-quote .print-group-costs tr.print-group'), costed.length, 'the deal desk\'s print command draws it');
  await assertNoCspViolations(site);
});

test("Ctrl+P on a large quote is the page's print command: its groups summed before the dialog, not in the browser's beforeprint", async () => {
  const { page } = site;
  // A new price (the quote discount edited): its groups are not summed yet.
  await page.locator('priced-lines').getByLabel('Quote discount').fill('3');
  await settle(page);
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => window.__printed.push(document.querySelectorAll('print-quote tr.print-group').length);
    window.addEventListener('keydown', (event) => { if (event.key === 'p') window.__prevented = event.defaultPrevented; });
  });
  await page.locator('priced-lines').getByLabel('Quote discount').focus();
  await page.keyboard.press('Control+p');
  await page.waitForFunction(() => window.__printed.length > 0);
  const priced = await page.evaluate(() => document.querySelector('quote-configurator').session.priced);
  assert.deepEqual(await page.evaluate(() => ({ printed: window.__printed, prevented: window.__prevented })),
    { printed: [productGroups(priced.lines).length], prevented: true }, 'the print command drew the groups, then opened the dialog');
  await page.evaluate(() => { window.print = () => {}; });
  await page.locator('priced-lines').getByLabel('Quote discount').fill('');
  await settle(page);
});

test(`up to ${PRINTED_LINES_MAX} lines the print is line by line, as before; one more and it is grouped`, async () => {
  const { page } = site;
  assert.equal(await importQuote(page, deliveryLines(PRINTED_LINES_MAX)), PRINTED_LINES_MAX);
  await printWith(page, 'internal', 'print-threshold-deal-desk');
  assert.equal(await page.locator('print-quote tr.print-line').count(), PRINTED_LINES_MAX);
  assert.equal(await page.locator('print-quote tr.print-group, print-quote .print-grouped-note').count(), 0);
  assert.equal(await lineCostItems(page), PRINTED_LINES_MAX, 'each line\'s cost and floor listed');
  assert.equal(await dealDeskCommandDrew(page, 'print-quote .print-internal-banner'), 1, 'the deal desk\'s print command draws its copy');
  const pages = await printWith(page, 'customer', 'print-threshold');
  assert.equal(await page.locator('print-quote tr.print-line').count(), PRINTED_LINES_MAX);
  assert.match(pages[0], /ITEM\s+QUANTITY\s+LIST\s+DISCOUNT\s+NET/);

  assert.equal(await importQuote(page, deliveryLines(PRINTED_LINES_MAX + 1)), PRINTED_LINES_MAX + 1);
  await printWith(page, 'customer', 'print-threshold-grouped');
  assert.equal(await page.locator('print-quote tr.print-line').count(), 0);
  assert.ok(await page.locator('print-quote tr.print-group').count() > 0);
});

// The deal desk copy's cost is the engine's cost_monthly, which holds the one-time items' cost
// too: said so when the quote has any. A one-month term is "1 month".
test("the deal desk copy says when its cost includes one-time items; a one-month term is singular", async () => {
  const { page } = site;
  await importQuote(page, {
    ...deliveryLines(3),
    term_months: 1,
    lines: [...deliveryLines(3).lines, { sku: 'onboarding', quantity: '1' }],
  });
  const text = (await printWith(page, 'internal', 'print-one-time-deal-desk')).join('\n').replace(/\s+/g, ' ');
  assert.match(text, /Term of 1 month, billed monthly/);
  assert.match(text, /Total contract value \(1 month\)/);
  assert.match(text, /cost \$[\d,.]+ in the first month \(the one-time items’ cost included\)/);
  await importQuote(page, deliveryLines(3));
  const monthly = (await printWith(page, 'internal', 'print-monthly-deal-desk')).join('\n').replace(/\s+/g, ' ');
  assert.match(monthly, /Term of 12 months/);
  assert.match(monthly, /cost \$[\d,.]+ a month;/);
});
