// Several versions of the book on one site (pricebooks/index.json, written by `edgequote
// versions`): the page prices each quote with the version in effect on its date, as the engine
// decides (engine.bookInEffect), and says which; a share link made on a version that has since
// been replaced says which version priced it then, which prices it now, and the change in total.
// The page's clock is fixed (Playwright's clock), so "today" is the same on any day the test runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, settle, currentQuote, textOf, screenshot, assertNoCspViolations } from './harness.mjs';

const THIS_YEAR = new Date('2026-12-06T10:00:00');   // 2026.11.0 in effect (2026-11-01 to 2027-10-31)
const NEXT_YEAR = new Date('2027-11-15T10:00:00');   // 2027.11.0 in effect (from 2027-11-01)

let sender;
let recipient;
before(async () => {
  sender = await openSite();
  recipient = await openSite(); // another profile, opened a year later
});
after(async () => {
  await sender?.close();
  await recipient?.close();
});

// The engine's own price of `quote` with the book file `file` of the site.
async function engineNet(page, quote, file) {
  return page.evaluate(async ({ quote, file }) => {
    const { loadEngine } = await import('./engine/edgequote.js');
    const engine = await loadEngine();
    const book = await engine.loadPricebook(await (await fetch(`pricebooks/${file}`)).text());
    return engine.price(book, quote, { detail: 'summary' }).totals.net_monthly;
  }, { quote, file });
}

const money = (text) => `$${Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const cents = (text) => BigInt(text.replace('.', ''));
const dollars = (c) => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;

async function setDate(page, date, version) {
  await page.locator('deal-fields').getByLabel('Priced for').fill(date);
  await page.keyboard.press('Tab'); // the date is taken when the field is left (its change event)
  await page.locator('deal-fields .field-hint', { hasText: `Price book ${version}` }).waitFor();
  await settle(page);
}

test('the page prices with the version in effect on the quote date, and says which', async () => {
  const { page } = sender;
  await page.clock.setFixedTime(THIS_YEAR);
  await openConfigurator(page, sender.url);
  const index = await page.evaluate(async () => (await fetch('pricebooks/index.json')).json());
  assert.deepEqual(index.books.map((b) => [b.version, b.effective_from, b.effective_to ?? null, b.file]), [
    ['2026.11.0', '2026-11-01', '2027-10-31', 'edge-cdn.json'],
    ['2027.11.0', '2027-11-01', '2028-10-31', 'edge-cdn-2027.json'],
  ], 'the index the build wrote from the two books');
  assert.equal((await currentQuote(page)).as_of, '2026-12-06', 'a new quote is priced for today');
  assert.match(await textOf(page, 'deal-fields .field-hint:has-text("Price book")'), /Price book 2026\.11\.0, in effect 2026-11-01 to 2027-10-31/);

  await page.getByLabel('Monthly traffic').fill('40');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await settle(page);
  // Each boundary day: the last day of 2026.11.0, the first of 2027.11.0, and back.
  for (const [date, version, file] of [['2027-10-31', '2026.11.0', 'edge-cdn.json'], ['2027-11-01', '2027.11.0', 'edge-cdn-2027.json'],
    ['2026-11-01', '2026.11.0', 'edge-cdn.json']]) {
    await setDate(page, date, version);
    const quote = await currentQuote(page);
    assert.equal(quote.as_of, date);
    assert.equal(quote.pricebook.version, version, `priced with ${version} on ${date}`);
    assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), money(await engineNet(page, quote, file)));
  }
  await setDate(page, '2027-11-01', '2027.11.0');
  await screenshot(page, 'book-version-next-year');
  // 40 TB in North America and the WAF: next year's delivery tiers are cheaper, its WAF dearer.
  const nextYear = await engineNet(page, await currentQuote(page), 'edge-cdn-2027.json');
  const thisYear = await engineNet(page, { ...(await currentQuote(page)), as_of: '2027-10-31', pricebook: { id: 'edge-cdn', version: '2026.11.0' } }, 'edge-cdn.json');
  assert.notEqual(nextYear, thisYear, 'the two versions price this quote differently');

  // The day before the first version: no version is in effect; the loaded book stays (2027.11.0,
  // the last one) and the engine refuses the date at /as_of, beside the field.
  await page.locator('deal-fields').getByLabel('Priced for').fill('2026-10-31');
  await page.keyboard.press('Tab');
  await settle(page);
  await page.locator('deal-fields [data-error-for="/as_of"]:not([hidden])').waitFor();
  assert.match(await textOf(page, 'deal-fields [data-error-for="/as_of"]'), /Price book edge-cdn 2027\.11\.0 takes effect on 2027-11-01, after 2026-10-31/);
  await setDate(page, '2026-12-06', '2026.11.0');
  assert.equal(await page.locator('deal-fields [data-error-for="/as_of"]').isHidden(), true);
  await assertNoCspViolations(sender);
});

test('a share link made on a version since replaced says which version priced it then and which now', async () => {
  const { page } = sender;
  await page.locator('quote-toolbar').getByLabel('Quote title').fill('Versions');
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill('Initech');
  await settle(page);
  const before = await currentQuote(page);
  assert.equal(before.pricebook.version, '2026.11.0');
  const then = (await textOf(page, 'price-totals output[data-total=net_monthly]')).replace(/[$,]/g, '');
  await page.keyboard.press('Alt+s');
  const input = page.locator('share-panel input.share-url');
  await input.waitFor({ state: 'visible' });
  const url = await input.inputValue();
  await page.keyboard.press('Escape');

  // Opened a year later, when 2027.11.0 is in effect: priced with it, for that day.
  await recipient.page.clock.setFixedTime(NEXT_YEAR);
  await openConfigurator(recipient.page, recipient.url, { hash: new URL(url).hash });
  const opened = await currentQuote(recipient.page);
  assert.equal(opened.as_of, '2027-11-15');
  assert.equal(opened.pricebook.version, '2027.11.0');
  const now = await engineNet(recipient.page, opened, 'edge-cdn-2027.json');
  assert.equal(await textOf(recipient.page, 'price-totals output[data-total=net_monthly]'), money(now));
  const delta = cents(now) - cents(then);
  assert.notEqual(delta, 0n);
  const notice = await textOf(recipient.page, 'notice-list .notice:last-child');
  assert.ok(notice.includes(`It was priced with price book edge-cdn version 2026.11.0 at ${money(then)}/month.`), notice);
  assert.ok(notice.includes(`That version has been replaced: version 2027.11.0, in effect since 2027-11-01, prices it now: ` +
    `${money(now)}/month, ${delta < 0n ? 'down' : 'up'} ${money(dollars(delta < 0n ? -delta : delta))}`), notice);
  assert.doesNotMatch(notice, /Prices have changed since this link was made/);
  await screenshot(recipient.page, 'share-link-book-replaced');
  await assertNoCspViolations(recipient);
});
