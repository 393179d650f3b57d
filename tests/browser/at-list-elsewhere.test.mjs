// "At list elsewhere" (issue #17): a rep names CloudFront as the incumbent of a 300 TB, 60/30/10
// quote with a WAF without knowing its bill; the page estimates the bill at CloudFront's public
// list prices, displacement guidance compares like with like — our net for the traffic the
// estimate prices (not the WAF, which CloudFront publishes no comparable price for) against it —
// with its band, says what was left out, and the VP rule on quotes far under the incumbent fires.
// A typed price then wins, against the whole net. The panel and the comparison
// engine load only after the first priced total.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openSite, openConfigurator, settle, textOf, screenshot, assertNoCspViolations } from './harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

// The panel compares once typing pauses (120 ms), and the estimate it writes into the quote
// prices again: wait past both.
async function settleComparison(page) {
  await settle(page);
  await page.waitForTimeout(500);
  await settle(page);
}

test('the comparison loads after the first priced total, not on the first load', async () => {
  const { page } = site;
  await page.waitForSelector('at-list-elsewhere .elsewhere-row', { timeout: 20000 });
  const timing = await page.evaluate(() => {
    const priced = performance.getEntriesByName('edgequote:priced')[0].startTime;
    const later = performance.getEntriesByType('resource')
      .filter((r) => /edgequote-compare|at-list-elsewhere|pricebooks\/competitors\//.test(r.name))
      .map((r) => ({ name: r.name, start: r.startTime }));
    return { priced, later };
  });
  assert.ok(timing.later.length >= 7, JSON.stringify(timing.later));  // module, wasm, panel, index, 5 books...
  for (const r of timing.later) assert.ok(r.start >= timing.priced, `${r.name} loaded before the first priced total`);
});

test('CloudFront named as incumbent for 300 TB 60/30/10 and a WAF: the estimate, like with like, its band and the VP rule', async () => {
  const { page } = site;
  await page.keyboard.press('Alt+n');
  await settle(page);
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill('Contoso Video');
  await page.locator('deal-fields').getByLabel('Segment').selectOption('enterprise');
  await page.locator('deal-fields').getByLabel('Term').selectOption('12');
  await page.getByLabel('Monthly traffic').fill('300');
  await page.getByLabel('North America', { exact: true }).fill('60');
  await page.getByLabel('Europe', { exact: true }).fill('30');
  await page.getByLabel('Asia-Pacific', { exact: true }).fill('10');
  await page.getByLabel('HTTP/HTTPS delivery discount percent').fill('40');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await page.locator('at-list-elsewhere').getByLabel('Incumbent vendor').selectOption('cloudfront');
  await settleComparison(page);

  // CloudFront's list for this traffic (tests/core/compare_test.cpp works it out):
  // 11,347.20 (NA) + 6,475.20 (EU) + 3,204.80 (APAC) = 21,027.20.
  assert.match(await textOf(page, 'at-list-elsewhere .elsewhere-row[data-vendor=cloudfront] .amount'), /^\$21,027\.20\/month$/);
  // Ours: delivery 20,900.00 list, 5% for 12 months = 19,855.00, 40% off = 11,913.00; the WAF
  // 2,500.00 less 5% = 2,375.00; net 14,288.00. The estimate prices the delivery line only.
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), '$14,288.00');
  assert.match(await textOf(page, 'at-list-elsewhere .incumbent-estimate'),
    /Estimated Amazon CloudFront bill: \$21,027\.20\/month — an estimate from public list prices \(part of the traffic: see below\)\. Our net for the same traffic: \$11,913\.00\/month; not compared: Web application firewall \(\$2,375\.00\/month\)\. Displacement guidance uses it/);
  const quote = await page.evaluate(() => document.querySelector('quote-configurator').quote);
  const delivery = quote.lines.findIndex((l) => l.sku === 'delivery');
  assert.deepEqual(quote.customer.incumbent_estimate,
    { vendor: 'cloudfront', vendor_name: 'Amazon CloudFront', monthly: '21027.20', lines: [{ line: delivery }] });

  // Like with like: 11,913.00 / 21,027.20 = 56.66% of the estimate, under the 60-100% band
  // (12,616.32-21,027.20): raise by 12,616.32 - 11,913.00 = 703.32. On the whole net it read
  // 14,288.00 / 21,027.20 = 67.95%, inside the band, and nothing fired: the WAF hid the under-quote.
  const finding = await textOf(page, 'guidance-panel li.finding[data-code=far_under_incumbent]');
  assert.match(finding, /Our net for the traffic compared, \$11,913\.00\/month, is 57% of an estimated \$21,027\.20\/month at Amazon CloudFront's public list prices \(an estimate from public list prices, not the customer's bill\)/);
  assert.match(finding, /\(\$12,616\.32–\$21,027\.20\)/);
  assert.match(finding, /Raise the net by \$703\.32 to reach 60% of it\./);
  assert.match(finding, /Not compared \(no comparable list price at Amazon CloudFront\): Web application firewall \$2,375\.00\/month\./);
  assert.ok(await page.locator('guidance-panel .reasons li.rule[data-rule=far-under-incumbent]').isVisible());
  assert.equal(await page.locator('guidance-panel .approval').getAttribute('data-level'), 'vp');

  // Each vendor's math on demand, and what was left out.
  await page.locator('at-list-elsewhere li[data-vendor=fastly] button').click();
  const fastly = page.locator('at-list-elsewhere li[data-vendor=fastly] .elsewhere-math');
  assert.ok(await fastly.isVisible());
  assert.match(await fastly.textContent(), /only up to 10000 GB a month in North America & Europe/);
  assert.equal(await page.locator('at-list-elsewhere li[data-vendor=fastly] .left-out li[data-code=region_no_counterpart]').count(), 1);
  await page.locator('at-list-elsewhere li[data-vendor=cloudfront] button').click();
  assert.match(await textOf(page, 'at-list-elsewhere li[data-vendor=cloudfront] .elsewhere-math'), /10,240 GB × 0\.085 USD = \$870\.40/);
  await page.locator('at-list-elsewhere').scrollIntoViewIfNeeded();
  await screenshot(page, 'at-list-elsewhere-cloudfront-estimate');
});

test('a typed incumbent price wins over the estimate', async () => {
  const { page } = site;
  await page.locator('deal-fields').getByLabel('Incumbent pays').fill('15000');
  await settleComparison(page);
  // A typed price is the customer's whole bill: the whole net, 14,288.00 / 15,000.00 = 95.25%:
  // inside the band, so no displacement finding at all.
  assert.equal(await page.locator('guidance-panel li.finding[data-code=far_under_incumbent]').count(), 0);
  assert.match(await textOf(page, 'at-list-elsewhere .incumbent-estimate'), /The price typed under “Incumbent pays” is used instead, against the whole net\./);
  await page.locator('deal-fields').getByLabel('Incumbent pays').fill('30000');
  await settleComparison(page);
  const finding = await textOf(page, 'guidance-panel li.finding[data-code=far_under_incumbent]');
  // 14,288.00 / 30,000.00 = 47.63%
  assert.match(finding, /\$14,288\.00\/month is 48% of the incumbent's \$30,000\.00\/month/);
  assert.doesNotMatch(finding, /estimate/);
  await assertNoCspViolations(site);
});

test('a large quote, compared in the pricing worker: the figures the engine gives, each vendor\'s math once it is opened', async () => {
  const { page } = site;
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  // Every vendor's math closed (the tests above opened some).
  const opened = await page.evaluate(() => [...document.querySelectorAll('at-list-elsewhere .elsewhere-row')]
    .filter((row) => row.querySelector('button[aria-expanded=true]')).map((row) => row.dataset.vendor));
  for (const vendor of opened) {
    await page.locator(`at-list-elsewhere li[data-vendor=${vendor}] button`).click();
    await settleComparison(page);
  }
  // Past 500 lines the comparison runs in the pricing worker, which sends only the math shown.
  await page.evaluate((text) => document.querySelector('quote-configurator').importText(text, 'large'), JSON.stringify(largeQuote(book, 900, 21)));
  await settleComparison(page);
  await page.waitForFunction(() => document.querySelector('quote-configurator').session.compareWorker);
  // The comparison on the page's own thread, with the panel's own books, as the reference.
  const expected = () => page.evaluate(async (detail) => {
    const loaded = document.querySelector('at-list-elsewhere').loaded;
    const { engine, competitors } = loaded;
    const ours = await (loaded.ours ?? engine.loadPricebook(loaded.bookText));  // parsed on the first comparison here
    const result = engine.compare(ours, document.querySelector('quote-configurator').quote, competitors, { detail });
    return result.competitors.map((c) => ({ vendor: c.vendor.id, monthly: c.monthly, lines: c.priced?.lines.length ?? 0, leftOut: c.left_out.length }));
  }, 'full');
  const shown = () => page.evaluate(() => [...document.querySelectorAll('at-list-elsewhere .elsewhere-row')].map((row) => ({
    vendor: row.dataset.vendor, amount: row.querySelector('.amount').textContent,
    lines: row.querySelectorAll('.elsewhere-line').length, leftOut: row.querySelectorAll('.left-out li').length,
  })));
  const reference = await expected();
  const money = (monthly) => (monthly === null ? '—' : `$${Number(monthly).toLocaleString('en-US', { minimumFractionDigits: 2 })}/month`);
  assert.deepEqual((await shown()).map((r) => [r.vendor, r.amount, r.lines]), reference.map((c) => [c.vendor, money(c.monthly), 0]));
  const vendor = reference.find((c) => c.lines > 0);
  await page.locator(`at-list-elsewhere li[data-vendor=${vendor.vendor}] button`).click();
  await settleComparison(page);
  const row = (await shown()).find((r) => r.vendor === vendor.vendor);
  assert.deepEqual([row.lines, row.leftOut], [vendor.lines, vendor.leftOut], 'the opened vendor\'s math, every line of it');
  await page.locator(`at-list-elsewhere li[data-vendor=${vendor.vendor}] button`).click();
  await settleComparison(page);
  await assertNoCspViolations(site);
});

test('prospect mode (<edge-quote>): off by default, on with the prospect-comparison switch, without the incumbent', async () => {
  const { page } = site;
  // On a page of the site without the rep page's bundle, as on a host's page: the embed runs its
  // elements from their own files, which the rep page's bundle has already defined.
  await page.goto(new URL('insights.html', site.url).href);
  const make = (id, on) => page.evaluate(async ({ id, on }) => {
    await import(new URL('embed/edge-quote.js', document.baseURI).href);
    const element = document.createElement('edge-quote');
    element.id = id;
    element.setAttribute('pricebook', 'pricebooks/edge-cdn.json');
    element.setAttribute('mode', 'prospect');
    if (on) element.setAttribute('prospect-comparison', '');
    document.body.append(element);
  }, { id, on });
  await make('prospect-off', false);
  await page.waitForSelector('#prospect-off[data-state=ready]', { timeout: 20000 });
  await settleComparison(page);
  assert.equal(await page.locator('#prospect-off at-list-elsewhere').count(), 0, 'no comparison for a prospect by default');
  await make('prospect-on', true);
  await page.waitForSelector('#prospect-on[data-state=ready]', { timeout: 20000 });
  await page.locator('#prospect-on at-list-elsewhere .elsewhere-row').first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#prospect-on at-list-elsewhere .elsewhere-row').count(), 5);
  assert.equal(await page.locator('#prospect-on at-list-elsewhere .incumbent-vendor').isVisible(), false);
  assert.equal(await page.locator('#prospect-on at-list-elsewhere .incumbent-estimate').isVisible(), false);
  // The prospect's new quote: 10 TB in North America. CloudFront: 10,000 GB x 0.085 = 850.00
  assert.match(await page.locator('#prospect-on at-list-elsewhere .elsewhere-row[data-vendor=cloudfront] .amount').textContent(), /^\$850\.00\/month$/);
  await page.evaluate(() => document.querySelectorAll('edge-quote').forEach((e) => e.remove()));
});
