// "Show the math": for every line of a quote that uses every kind of price model, the tier
// breakdown and waterfall on screen are the engine's, digit for digit (priced again through the
// same wrapper in the page), and updating a field updates the math.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, settle, importQuoteFile, currentQuote, priceInPage, screenshot, assertNoCspViolations } from './harness.mjs';
import { money, quantity } from '../../web/lib/format.js';

// Graduated per region (delivery), per-unit (requests), flat (WAF), stairstep (DDoS), package
// (image optimisation), graduated with a flat first tier (edge compute), a monthly minimum
// (real-time logs), volume (video) and a percentage (support), on the Business bundle.
const QUOTE = {
  schema_version: '1.0',
  pricebook: { id: 'edge-cdn', version: '2026.11.0' },
  customer: { name: 'Massive Dynamic', segment: 'enterprise' },
  term_months: 24,
  bundle: 'business',
  lines: [
    { sku: 'delivery', quantity: '180', unit: 'TB', region_mix: { na: '50', eu: '30', apac: '15', sa: '5' } },
    { sku: 'requests-https', quantity: '900', unit: 'M_requests', region_mix: { na: '50', eu: '30', apac: '15', sa: '5' } },
    { sku: 'waf', discount_pct: '10' },
    { sku: 'ddos-advanced', quantity: '400', unit: 'Mbps95' },
    { sku: 'image-optimization', quantity: '3.5', unit: 'M_transformations', target_net: '900' },
    { sku: 'edge-compute', quantity: '120', unit: 'M_invocations' },
    { sku: 'real-time-logs', quantity: '100', unit: 'M_requests' },
    { sku: 'video-streaming', quantity: '40', unit: 'TB' },
    { sku: 'support-business' },
  ],
};

let site;
before(async () => {
  site = await openSite();
  const { page } = site;
  await openConfigurator(page, site.url);
  await importQuoteFile(page, 'every-model.json', JSON.stringify(QUOTE));
});
after(async () => {
  await site?.close();
});

test('shows the same tier breakdown and waterfall as the engine for every line', async () => {
  const { page } = site;
  const engine = await priceInPage(page, await currentQuote(page), 'full');
  assert.equal(engine.lines.length >= QUOTE.lines.length, true);
  const toggles = page.locator('priced-lines button.math-toggle');
  assert.equal(await toggles.count(), engine.lines.length);
  for (let i = 0; i < engine.lines.length; i++) await toggles.nth(i).click();
  await settle(page);

  const shown = await page.locator('priced-lines tr.math-row').evaluateAll((rows) => rows.map((row) => ({
    tiers: [...row.querySelectorAll('tr[data-tier-row]')].map((tr) => ({
      region: tr.dataset.region || null, tier: Number(tr.dataset.tier), from: tr.dataset.from, to: tr.dataset.to || null,
      quantity: tr.dataset.quantity, unit_price: tr.dataset.unitPrice, flat: tr.dataset.flat, amount: tr.dataset.amount,
      cells: [...tr.cells].map((c) => c.textContent),
    })),
    waterfall: [...row.querySelectorAll('tr[data-step]')].map((tr) => ({ step: tr.dataset.step, amount: tr.dataset.amount })),
    fixedFees: [...row.querySelectorAll('.fixed-fee')].map((p) => ({ amount: p.dataset.amount, text: p.textContent })),
  })));
  assert.equal(shown.length, engine.lines.length);
  engine.lines.forEach((line, i) => {
    // A line that is only a fixed fee (flat price, bundle fee) says so in a sentence, not a table.
    const fixed = line.tiers.every((t) => t.quantity === '0' && t.unit_price === '0' && t.to === null && t.flat !== '0');
    if (fixed) {
      assert.deepEqual(shown[i].tiers, [], `${line.sku}: no tier table for a fixed fee`);
      assert.deepEqual(shown[i].fixedFees.map((f) => f.amount), line.tiers.map((t) => t.amount), `${line.sku}: its fixed fee`);
      shown[i].fixedFees.forEach((fee, t) => assert.ok(fee.text.includes(money(line.tiers[t].flat)), fee.text));
      assert.deepEqual(shown[i].waterfall, line.waterfall.map((w) => ({ step: w.step, amount: w.amount })), `waterfall of ${line.sku}`);
      return;
    }
    const tiers = shown[i].tiers.map(({ cells, ...tier }) => tier);
    assert.deepEqual(tiers, line.tiers.map(({ note, ...tier }) => tier), `tiers of ${line.kind} ${line.sku}`);
    // What is read on screen: the quantity and the amount of each slice, formatted, not recomputed.
    shown[i].tiers.forEach((tier, t) => {
      assert.ok(tier.cells.includes(quantity(line.tiers[t].quantity)), `${line.sku} tier ${t + 1} quantity`);
      assert.ok(tier.cells.includes(money(line.tiers[t].amount)), `${line.sku} tier ${t + 1} amount`);
    });
    assert.deepEqual(shown[i].waterfall, line.waterfall.map((w) => ({ step: w.step, amount: w.amount })), `waterfall of ${line.sku}`);
  });
  const nets = await page.locator('priced-lines tr.line-row td.num.strong').allTextContents();
  assert.deepEqual(nets, engine.lines.map((l) => money(l.net)));
  await page.locator('priced-lines').scrollIntoViewIfNeeded();
  await screenshot(page, 'line-math-every-model', { fullPage: true });
});

test('updates the math on every keystroke', async () => {
  const { page } = site;
  await page.getByLabel('Monthly traffic').fill('1');
  await page.keyboard.type('9');
  await settle(page);
  const engine = await priceInPage(page, await currentQuote(page), 'full');
  assert.equal((await currentQuote(page)).lines[0].quantity, '19');
  const delivery = engine.lines.find((l) => l.sku === 'delivery');
  const amounts = await page.locator('priced-lines tr[data-key="product:0:delivery"] + tr.math-row tr[data-tier-row]')
    .evaluateAll((rows) => rows.map((r) => r.dataset.amount));
  assert.deepEqual(amounts, delivery.tiers.map((t) => t.amount));
  await assertNoCspViolations(site);
});

test('a flat-priced line\'s math says it is a fixed price, not "quantity 0 … and up … in month"', async () => {
  const { page } = site;
  const row = page.locator('priced-lines tr.line-row', { hasText: 'Web application firewall' });
  const math = page.locator('priced-lines tr.line-row:has-text("Web application firewall") + tr.math-row');
  if (!(await math.isVisible())) await row.locator('button.math-toggle').click();
  await settle(page);
  const text = (await math.textContent()).replace(/\s+/g, ' ');
  assert.match(text, /A fixed price: \$2,500\.00 a month, whatever the usage; there is no tier math for this line\./);
  assert.doesNotMatch(text, /and up|in month|Tier breakdown/);
  assert.equal(await math.locator('tr[data-tier-row]').count(), 0);
  // The bundle's own fee reads the same way.
  const bundle = page.locator('priced-lines tr.line-row:has-text("Business bundle") + tr.math-row');
  if (!(await bundle.isVisible())) await page.locator('priced-lines tr.line-row', { hasText: 'Business bundle' }).locator('button.math-toggle').click();
  await settle(page);
  assert.match((await bundle.textContent()).replace(/\s+/g, ' '), /The bundle's fixed fee: \$[\d,]+\.\d\d a month/);
  await math.scrollIntoViewIfNeeded();
  await screenshot(page, 'line-math-flat-price');
});
