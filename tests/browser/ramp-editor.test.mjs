// The ramp editor on the rep page (web/elements/ramp-editor.js, loaded on demand): a rep builds a
// 3-year ramp (100 → 150 → 200 TB a month) from the keyboard, edits and removes periods; the
// engine validates the periods (its errors show beside the field they name) and the contract
// value shown is the engine's own for the quote the page holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, settle, currentQuote, textOf, priceInPage, screenshot, assertNoCspViolations } from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

const money = (text) => `$${Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const editor = () => site.page.locator('ramp-editor');

async function addPeriodFromKeyboard(page) {
  await editor().getByRole('button', { name: 'Add a period' }).focus();
  await page.keyboard.press('Enter');
  await settle(page);
}

test('a rep builds a 3-year ramp, 100 → 150 → 200 TB a month, and the contract value is the engine\'s', async () => {
  const { page } = site;
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill('Ramp Co');
  await page.locator('deal-fields').getByLabel('Term').selectOption('36');
  await page.getByLabel('Monthly traffic').fill('100');
  await settle(page);
  await editor().getByText(/No ramp/).waitFor();

  // The first period added splits the term: months 1–12 on the quote's lines, 13–36 on a copy.
  await addPeriodFromKeyboard(page);
  let quote = await currentQuote(page);
  assert.deepEqual(quote.periods.map((p) => [p.from_month, p.to_month]), [[1, 12], [13, 36]]);
  await editor().getByLabel('Months 13–36: HTTP/HTTPS delivery').fill('150');
  await addPeriodFromKeyboard(page);
  await editor().getByLabel('Months 25–36: HTTP/HTTPS delivery').fill('200');
  await editor().getByLabel('Months 25–36: commit per month').fill('15000');
  await settle(page);

  quote = await currentQuote(page);
  assert.deepEqual(quote.periods.map((p) => [p.from_month, p.to_month, (p.lines ?? quote.lines)[0].quantity]),
    [[1, 12, '100'], [13, 24, '150'], [25, 36, '200']]);
  assert.deepEqual(quote.periods[2].commit, { monthly_spend: '15000' });
  const engine = await priceInPage(page, quote, 'summary');
  assert.deepEqual(engine.errors ?? [], []);
  // The engine's contract value: Σ each period's net per month × its months (+ one-time: none here).
  const periods = engine.ramp.periods;
  assert.deepEqual(periods.map((p) => p.months), [12, 12, 12]);
  const summed = periods.reduce((sum, p) => sum + BigInt(p.net_monthly.replace('.', '')) * 12n, 0n);
  assert.equal(engine.totals.tcv.replace('.', ''), String(summed));
  assert.equal(await textOf(page, 'price-totals dd[data-total=tcv]'), money(engine.totals.tcv));
  assert.ok((await textOf(page, 'ramp-editor .ramp-summary')).startsWith(`3 periods over 36 months, each priced as a month of its own: contract value ${money(engine.totals.tcv)}.`));
  for (const [i, p] of periods.entries()) {
    assert.equal(await textOf(page, `ramp-editor tbody tr:nth-child(${i + 1}) output`), money(p.net_monthly));
  }
  await editor().scrollIntoViewIfNeeded();
  await screenshot(page, 'ramp-editor-3-years');
});

test('the engine validates the periods: an error shows beside the field it names, and a period can be removed', async () => {
  const { page } = site;
  // Months 13–20 leaves 21–24 uncovered: the engine names the next period's from_month.
  await editor().getByLabel('Period 2: to month').fill('20');
  await settle(page);
  const slot = editor().locator('[data-error-for="/periods/2/from_month"]');
  await slot.waitFor({ state: 'visible' });
  assert.match(await slot.textContent(), /month/i);
  assert.equal(await editor().getByLabel('Period 3: from month').getAttribute('aria-invalid'), 'true');
  await editor().getByLabel('Period 2: to month').fill('24');
  await settle(page);
  await slot.waitFor({ state: 'hidden' });

  // Removing the middle period gives its months to the first.
  await editor().getByRole('button', { name: 'Remove months 13–24' }).focus();
  await page.keyboard.press('Enter');
  await settle(page);
  const quote = await currentQuote(page);
  assert.deepEqual(quote.periods.map((p) => [p.from_month, p.to_month]), [[1, 24], [25, 36]]);
  const engine = await priceInPage(page, quote, 'summary');
  assert.equal(await textOf(page, 'price-totals dd[data-total=tcv]'), money(engine.totals.tcv));
  // Ending the ramp leaves a quote without periods.
  await editor().getByRole('button', { name: 'End the ramp' }).click();
  await settle(page);
  assert.equal((await currentQuote(page)).periods, undefined);
  await assertNoCspViolations(site);
});
