// Issue 4's "done when", step by step: a new user builds a 60 TB/month, 3-region (70/20/10),
// 24-month enterprise quote with WAF and image optimisation from the keyboard in under a minute,
// sees the math, the guidance and the approval level, shares it, prints it, and finds it again
// after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  openSite, openConfigurator, settle, tabTo, focusedLabel, priceInPage, currentQuote, textOf, screenshot,
  screenshotDir, assertNoCspViolations,
} from './harness.mjs';
import { money } from '../../web/lib/format.js';

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

test('a new user builds, checks, shares, prints and finds again a 60 TB enterprise quote, from the keyboard', async () => {
  const { page } = site;
  await openConfigurator(page, site.url);

  // --- build it from the keyboard, timed -------------------------------------------------
  const started = Date.now();
  assert.equal(await focusedLabel(page), 'Customer', 'the page opens with the caret in the customer field');
  await page.keyboard.type('Northwind Media');
  await tabTo(page, 'Segment');
  await page.keyboard.type('Enterprise');
  await tabTo(page, 'Bundle');
  await page.keyboard.type('Enterprise');
  await tabTo(page, 'Term');
  await page.keyboard.type('24');
  await tabTo(page, 'Monthly traffic');
  await page.keyboard.type('60');
  await tabTo(page, 'North America');
  await page.keyboard.type('70');
  await tabTo(page, 'Europe');
  await page.keyboard.type('20');
  await tabTo(page, 'Asia-Pacific');
  await page.keyboard.type('10');
  await tabTo(page, /^HTTPS requests/);
  await page.keyboard.type('2000');
  await tabTo(page, 'Web application firewall');
  await page.keyboard.press('Space');
  await tabTo(page, 'Image optimisation');
  await page.keyboard.press('Space');
  await tabTo(page, 'Image optimisation quantity');
  await page.keyboard.type('5');
  await settle(page);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 60000, `built in ${elapsed} ms`);

  const quote = await currentQuote(page);
  assert.equal(quote.customer.name, 'Northwind Media');
  assert.equal(quote.customer.segment, 'enterprise');
  assert.equal(quote.bundle, 'enterprise');
  assert.equal(quote.term_months, 24);
  assert.deepEqual(quote.lines[0], { sku: 'delivery', quantity: '60', unit: 'TB', region_mix: { na: '70', eu: '20', apac: '10' } });
  assert.ok(quote.lines.some((l) => l.sku === 'waf'));
  assert.deepEqual(quote.lines.find((l) => l.sku === 'image-optimization'), { sku: 'image-optimization', quantity: '5', unit: 'M_transformations' });
  await screenshot(page, 'done-when-1-built');

  // --- the totals are the engine's -------------------------------------------------------
  const engine = await priceInPage(page, quote);
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), money(engine.totals.net_monthly, 'USD'));
  assert.equal(await textOf(page, 'price-totals [data-total=tcv]'), money(engine.totals.tcv, 'USD'));

  // --- the math: the delivery line's tier breakdown --------------------------------------
  await tabTo(page, 'Math for HTTP/HTTPS delivery', { max: 60 });
  await page.keyboard.press('Enter');
  await settle(page);
  const delivery = engine.lines.find((l) => l.sku === 'delivery');
  const shownTiers = await page.locator('priced-lines tr[data-key="product:0:delivery"] + tr.math-row tr[data-tier-row]')
    .evaluateAll((rows) => rows.map((r) => ({ region: r.dataset.region, tier: Number(r.dataset.tier), quantity: r.dataset.quantity, amount: r.dataset.amount })));
  assert.deepEqual(shownTiers, delivery.tiers.map((t) => ({ region: t.region, tier: t.tier, quantity: t.quantity, amount: t.amount })));
  assert.ok(await page.locator('priced-lines tr.math-row:not([hidden]) table.waterfall').isVisible());
  await page.locator('priced-lines tr.math-row:not([hidden])').scrollIntoViewIfNeeded();
  await screenshot(page, 'done-when-2-math');

  // --- guidance and approval, always in view ----------------------------------------------
  const headline = await textOf(page, 'guidance-panel .approval-headline');
  const level = engine.approval.level;
  if (level === 'rep') assert.match(headline, /no approval needed/);
  else assert.match(headline, new RegExp(`Needs .*approval`, 'i'));
  assert.equal(await page.locator('guidance-panel .approval').getAttribute('data-level'), level);
  assert.ok(await page.locator('guidance-panel').isVisible(), 'the guidance panel is on screen while the math is open');
  const next = engine.approval.next;
  if (next) assert.equal(await page.locator('guidance-panel .next-threshold').getAttribute('data-rule'), next.rule);

  // --- share (Alt+S) -----------------------------------------------------------------------
  await page.keyboard.press('Alt+s');
  const link = page.locator('share-panel input.share-url');
  await link.waitFor({ state: 'visible' });
  const shareUrl = await link.inputValue();
  assert.match(shareUrl, /#quote=[A-Za-z0-9_-]+$/);
  await screenshot(page, 'done-when-3-share');
  await page.keyboard.press('Escape');

  // --- print: the print stylesheet, as a PDF, as images -----------------------------------
  const pdfPath = join(screenshotDir, 'done-when-print.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, join(screenshotDir, 'done-when-print')]);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  assert.match(text, /Northwind Media/);
  assert.equal(text.match(/Net per month/g)?.length, 1, 'totals appear once');
  assert.match(text, /Valid until/);
  assert.equal(/DRAFT/.test(text), level !== 'rep', 'DRAFT only while approval is needed');

  // --- reload: the quote is still there -----------------------------------------------------
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]');
  await settle(page);
  assert.deepEqual(await currentQuote(page), quote, 'the same quote reopens after a reload');
  assert.equal(await page.locator('deal-fields input').first().inputValue(), 'Northwind Media');
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), money(engine.totals.net_monthly, 'USD'));
  await page.keyboard.press('Alt+o');
  const saved = page.locator('saved-quotes .saved-item.current');
  await saved.waitFor({ state: 'visible' });
  assert.match(await saved.textContent(), /Northwind Media · 60 TB · 24 mo/);
  await screenshot(page, 'done-when-4-reloaded');
  await page.keyboard.press('Escape');

  // --- the share link, opened in another tab, prices the same ------------------------------
  const other = await site.context.newPage();
  await openConfigurator(other, shareUrl);
  assert.deepEqual(await currentQuote(other), quote);
  assert.match(await textOf(other, 'notice-list .notice'), /Prices have not changed since the link was made/);
  await screenshot(other, 'done-when-5-opened-link');
  await other.close();

  await assertNoCspViolations(site);
});
