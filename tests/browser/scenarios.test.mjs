// Scenarios side by side (12 vs 24 vs 36 months, commit levels) priced by the engine, and a diff
// between two quotes by line and by approval rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, settle, currentQuote, textOf, priceInPage, screenshot, assertNoCspViolations } from './harness.mjs';
import { money } from '../../web/lib/format.js';
import { difference } from '../../web/lib/decimal-text.js';

let site;
before(async () => {
  site = await openSite();
  const { page } = site;
  await openConfigurator(page, site.url);
  const deal = page.locator('deal-fields');
  await deal.getByLabel('Customer', { exact: true }).fill('Soylent Video');
  await deal.getByLabel('Bundle').selectOption('enterprise');
  await page.getByLabel('Monthly traffic').fill('300');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await settle(page);
});
after(async () => {
  await site?.close();
});

test('shows at least three scenarios side by side, each priced by the engine', async () => {
  const { page } = site;
  const quote = await currentQuote(page);
  const columns = page.locator('quote-scenarios article.scenario:not(.current)');
  assert.ok(await columns.count() >= 3);
  const terms = await columns.evaluateAll((articles) => articles.map((a) => a.querySelector('select').value));
  assert.deepEqual(terms, ['12', '24', '36']);
  for (let i = 0; i < 3; i++) {
    const engine = await priceInPage(page, { ...quote, term_months: Number(terms[i]) }, 'summary');
    assert.equal(await columns.nth(i).locator('[data-total=net_monthly]').textContent(), money(engine.totals.net_monthly));
  }

  // A commit level in the second scenario.
  await columns.nth(1).getByLabel('Commit').selectOption('25000');
  await settle(page);
  const committed = await priceInPage(page, { ...quote, term_months: 24, commit: { monthly_spend: '25000' } }, 'summary');
  assert.equal(await columns.nth(1).locator('[data-total=net_monthly]').textContent(), money(committed.totals.net_monthly));
  await page.locator('#scenarios').scrollIntoViewIfNeeded();
  await screenshot(page, 'scenarios-side-by-side');

  // "Use this" makes the scenario the quote.
  await columns.nth(2).getByRole('button', { name: 'Use this' }).click();
  await settle(page);
  assert.equal((await currentQuote(page)).term_months, 36);
});

test('compares two quotes line by line and rule by rule', async () => {
  const { page } = site;
  // B: the same quote with a 25% quote discount, which crosses approval thresholds.
  const columns = page.locator('quote-scenarios article.scenario:not(.current)');
  await columns.nth(0).getByLabel('Quote discount %').fill('25');
  await settle(page);
  const diff = page.locator('quote-diff');
  await diff.getByLabel('Quote A').selectOption('current');
  const scenarioValue = await diff.getByLabel('Quote B').locator('option', { hasText: 'Scenario 1' }).getAttribute('value');
  await diff.getByLabel('Quote B').selectOption(scenarioValue);
  await settle(page);

  const a = await priceInPage(page, await currentQuote(page), 'summary');
  const b = await priceInPage(page, { ...(await currentQuote(page)), term_months: 12, discount_pct: '25' }, 'summary');
  const waf = diff.locator('tr[data-line="product:waf"]');
  const wafA = a.lines.find((l) => l.sku === 'waf').net;
  const wafB = b.lines.find((l) => l.sku === 'waf').net;
  const delta = difference(wafA, wafB);
  assert.ok(delta.startsWith('-'), 'the discount lowers the WAF line');
  assert.deepEqual(await waf.locator('td').allTextContents(), [money(wafA), money(wafB), money(delta)]);
  assert.equal(await diff.locator('tfoot tr[data-total=net_monthly] td').nth(1).textContent(), money(b.totals.net_monthly));

  // Rules: those that fire only in B say so.
  const firesInB = b.approval.fired.filter((r) => !a.approval.fired.some((x) => x.rule === r.rule));
  assert.ok(firesInB.length > 0);
  for (const rule of firesInB) {
    assert.match(await textOf(page, `quote-diff tr[data-rule="${rule.rule}"]`), /fires in B/);
  }
  assert.match(await textOf(page, 'quote-diff .diff-rules caption'), new RegExp(`B needs ${b.approval.level === 'vp' ? 'VP' : '\\w+'}`, 'i'));
  await diff.scrollIntoViewIfNeeded();
  await screenshot(page, 'scenarios-diff');
  await assertNoCspViolations(site);
});
