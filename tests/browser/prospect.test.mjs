// The prospect page (the public build's index.html): a prospect configures a plan from list
// prices, reads the tier math, shares a link and requests the quote — and nothing about
// approvals or guidance is shown or computed, even if the page were handed the full book.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, repoRoot, PHONE, screenshotDir } from './harness.mjs';
import {
  assertNoCspViolations, assertVerifiable, openDemo, PUBLIC_BOOK, recordedEvents, recordEvents, sendRequestForm, settle, shadowText,
  shippedEngine, waitForQuote,
} from './embedding.mjs';
import { leakSignatures, schemaVocabulary } from './leak-scanner.mjs';
import { money } from '../../web/lib/format.js';

const fullBookText = readFileSync(join(repoRoot, 'pricebooks/edge-cdn.json'), 'utf8');

let session;
before(async () => {
  session = await openDemo();
});
after(async () => {
  await session?.close();
});

async function openProspectPage(page, hash = '') {
  await page.goto(`${session.demo.edgequote.url}${hash}`);
  await waitForQuote(page);
}

function internalTexts() {
  const schema = (name) => JSON.parse(readFileSync(join(repoRoot, `pricebooks/schema/${name}.schema.json`), 'utf8'));
  const publicWords = new Set([...schemaVocabulary(schema('pricebook'), new Set(['internal'])), ...schemaVocabulary(schema('priced-quote'))]);
  const vocabulary = { public: publicWords, format: new Set([...publicWords, ...schemaVocabulary(schema('pricebook'))]) };
  return leakSignatures(JSON.parse(fullBookText), vocabulary).filter((s) => s.kind === 'text').map((s) => s.text);
}

test('a prospect configures a plan, sees list prices and the tier math, shares it and requests the quote', async () => {
  const { page } = session;
  await openProspectPage(page);
  await recordEvents(page);
  const quote = page.locator('edge-quote');

  // --- configure ---------------------------------------------------------------------------
  await quote.getByLabel('Customer').fill('Northwind Media');
  await quote.getByLabel('Bundle').selectOption('business');
  await quote.getByLabel('Term').selectOption('24');
  await quote.getByLabel('Monthly traffic').fill('60');
  await quote.getByRole('button', { name: '70 / 20 / 10' }).click();
  await quote.getByLabel('Web application firewall').check();
  await quote.getByLabel('Image optimisation', { exact: true }).check();
  await settle(page);

  const inputs = await page.evaluate(() => document.querySelector('edge-quote').quote);
  assert.equal(inputs.customer.name, 'Northwind Media');
  assert.equal(inputs.bundle, 'business');
  assert.equal(inputs.term_months, 24);
  assert.deepEqual(inputs.lines[0], { sku: 'delivery', quantity: '60', unit: 'TB', region_mix: { na: '70', eu: '20', apac: '10' } });
  assert.ok(inputs.lines.some((l) => l.sku === 'waf') && inputs.lines.some((l) => l.sku === 'image-optimization'));

  // --- a prospect sees list prices: no discount, segment or incumbent fields, no guidance ------
  assert.equal(await quote.locator('input[aria-label$="discount percent"], input[aria-label$="target net price"]').count(), 0);
  assert.equal(await quote.getByLabel('Quote discount').isVisible(), false);
  assert.equal(await quote.getByLabel('Segment').isVisible(), false);
  assert.equal(await quote.getByLabel('Incumbent pays').isVisible(), false);
  assert.equal(await quote.locator('guidance-panel').count(), 0);
  const text = await shadowText(page);
  assert.doesNotMatch(text, /approv|guidance|margin|floor|segment/i);
  for (const internal of internalTexts()) assert.ok(!text.includes(internal), `shows internal text: ${internal}`);

  // --- the figures are the engine's, on the public book: no approval, no guidance ------------
  const [change] = (await recordedEvents(page, 'quote-change')).slice(-1);
  assert.deepEqual(change.detail.quote, inputs);
  const priced = await assertVerifiable(change.detail, 'quote-change');
  assert.equal(priced.approval, null);
  assert.deepEqual(priced.guidance, []);
  assert.equal(priced.totals.margin_pct, null);
  assert.ok(priced.lines.every((line) => !('cost' in line) && !('floor' in line) && !('target' in line)));
  assert.equal((await quote.locator('price-totals output[data-total=net_monthly]').textContent()).trim(), money(priced.totals.net_monthly, 'USD'));
  assert.equal((await quote.locator('.eq-customer').textContent()).trim(), 'Quote for Northwind Media');
  await page.screenshot({ path: join(screenshotDir, 'prospect-1-configured.png'), fullPage: true });

  // --- the tier math, as the engine computed it ---------------------------------------------
  await quote.locator('tr[data-sku=delivery] button.math-toggle').click();
  await settle(page);
  const delivery = priced.lines.find((l) => l.sku === 'delivery');
  const shownTiers = await quote.locator('tr.math-row:not([hidden]) tr[data-tier-row]')
    .evaluateAll((rows) => rows.map((r) => ({ region: r.dataset.region, tier: Number(r.dataset.tier), quantity: r.dataset.quantity, amount: r.dataset.amount })));
  assert.deepEqual(shownTiers, delivery.tiers.map((t) => ({ region: t.region ?? '', tier: t.tier, quantity: t.quantity, amount: t.amount })));
  await quote.locator('tr.math-row:not([hidden])').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'prospect-2-math.png') });

  // --- share: a link that reopens the same plan -----------------------------------------------
  await quote.getByRole('button', { name: 'Share link' }).click();
  const link = quote.locator('share-panel input.share-url');
  await link.waitFor({ state: 'visible' });
  const shareUrl = await link.inputValue();
  assert.match(shareUrl, new RegExp(`^${session.demo.edgequote.url}#quote=[A-Za-z0-9_-]+$`));
  const [saved] = await recordedEvents(page, 'quote-saved');
  assert.equal(saved.detail.url, shareUrl);
  assert.equal(saved.detail.sha256, change.detail.sha256);
  await page.screenshot({ path: join(screenshotDir, 'prospect-3-share.png') });
  await page.keyboard.press('Escape');

  const other = await session.context.newPage();
  await openProspectPage(other, shareUrl.slice(shareUrl.indexOf('#')));
  await settle(other);
  assert.deepEqual(await other.evaluate(() => document.querySelector('edge-quote').quote), inputs);
  assert.match(await other.locator('edge-quote notice-list .notice').first().textContent(), /Prices have not changed/);
  assert.equal(new URL(other.url()).hash, '', 'the link is consumed once opened');
  await other.close();

  // --- request this quote: an event for a host, and with no host, a mailto: carrying the link ---
  await quote.getByRole('button', { name: 'Request this quote' }).first().click();
  await sendRequestForm(quote);
  const mailto = quote.locator('.eq-fallback a.eq-mailto');
  await mailto.waitFor({ state: 'visible' });
  const [submit] = await recordedEvents(page, 'quote-submit');
  assert.ok(submit.bubbles && submit.composed, 'quote-submit bubbles out of the shadow root');
  assert.equal(submit.target, 'EDGE-QUOTE');
  assert.equal(submit.detail.sha256, change.detail.sha256);
  await assertVerifiable(submit.detail, 'quote-submit');
  const href = await mailto.getAttribute('href');
  assert.match(href, /^mailto:sales@edgecdn\.example\?subject=/);
  const body = new URLSearchParams(href.slice(href.indexOf('?') + 1)).get('body');
  assert.ok(body.includes(submit.detail.url), 'the mail carries the share link');
  assert.equal(new URL(submit.detail.url).hash, new URL(shareUrl).hash);
  await quote.locator('.eq-actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'prospect-4-request.png') });

  await assertNoCspViolations(session);
});

test('a rep\'s share link opened on the prospect page says the rep\'s discounts were left out, not that prices changed', async () => {
  const { page } = session;
  // The link a rep makes on the rep page: the full book's figures, a quote discount and a line discount.
  const { encodeShareFragment } = await import('../../web/lib/share-link.js');
  const { engine } = await shippedEngine();
  const fullBook = await engine.loadPricebook(fullBookText);
  const quote = {
    schema_version: '1.0', pricebook: { id: 'edge-cdn', version: fullBook.version },
    customer: { name: 'Initech', segment: 'enterprise' }, term_months: 12, discount_pct: '10',
    lines: [{ sku: 'delivery', quantity: '60', unit: 'TB', region_mix: { na: '100' } }, { sku: 'waf', discount_pct: '15' }],
  };
  const then = engine.price(fullBook, quote, { detail: 'summary' }).totals.net_monthly;
  const fragment = await encodeShareFragment({ quote, book: { id: fullBook.id, version: fullBook.version, hash: fullBook.hash }, netMonthly: then });
  await openProspectPage(page, `#${fragment}`);
  await settle(page);
  const now = await page.evaluate(() => document.querySelector('edge-quote').snapshot);
  const listNet = JSON.parse(now.priced).totals.net_monthly;
  const notice = (await page.locator('edge-quote notice-list .notice').last().textContent()).replace(/\s+/g, ' ');
  assert.doesNotMatch(notice, /Prices have changed/);
  assert.match(notice, new RegExp(`priced with discounts agreed with sales \\(\\${money(then).replace('.', '\\.')}/month\\)`));
  assert.match(notice, new RegExp(`list prices without them: \\${money(listNet).replace('.', '\\.')}/month`));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshotDir, 'prospect-rep-link.png') });
});

test('prospect mode computes nothing from hidden data, even when handed the full price book', async () => {
  const page = await session.context.newPage();
  // As if someone deployed the full book under the public name.
  await page.route(`**/${PUBLIC_BOOK}`, (route) => route.fulfill({ body: fullBookText, contentType: 'application/json' }));
  await openProspectPage(page);
  await recordEvents(page);
  // A quote with a rep's discounts and an incumbent's price, e.g. from a hand-made link.
  const { engine, book } = await shippedEngine();
  assert.ok(engine);
  await page.evaluate((id) => document.querySelector('edge-quote').setQuote({
    schema_version: '1.0', pricebook: id,
    customer: { name: 'Initech', segment: 'f500', incumbent_monthly: '75000' },
    term_months: 12, discount_pct: '30',
    lines: [{ sku: 'delivery', quantity: '5', unit: 'TB', region_mix: { na: '100' }, discount_pct: '60' }],
  }), { id: book.id, version: book.version });
  await settle(page);
  const [change] = (await recordedEvents(page, 'quote-change')).slice(-1);
  assert.equal(change.detail.quote.discount_pct, undefined, 'quote discount dropped');
  assert.equal(change.detail.quote.lines[0].discount_pct, undefined, 'line discount dropped');
  assert.equal(change.detail.quote.customer.incumbent_monthly, undefined, 'incumbent price dropped');
  const priced = JSON.parse(change.detail.priced);
  assert.equal(priced.approval, null, 'no approval computed');
  assert.deepEqual(priced.guidance, [], 'no guidance computed (an f500 under-quote would have some)');
  assert.equal(priced.totals.margin_pct, null);
  // The snapshot is the public book's: the host can verify it against the public build.
  await assertVerifiable(change.detail, 'full-book snapshot');
  await page.close();
});

test('the prospect page is accessible and usable on a phone', async () => {
  const page = await session.context.newPage();
  await page.setViewportSize(PHONE);
  await openProspectPage(page);
  await page.locator('edge-quote').getByLabel('Web application firewall').check();
  await settle(page);
  const summary = page.locator('edge-quote .eq-summary');
  assert.ok(await summary.isVisible(), 'the price stays pinned at the bottom on a phone');
  await page.screenshot({ path: join(screenshotDir, 'prospect-phone.png') });
  await assertNoCspViolations(session);
  // Last: axe-core adds <style> elements of its own while it walks shadow roots (reported as
  // inline-style violations of this page's policy); they are the checker's, not the page's.
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});
