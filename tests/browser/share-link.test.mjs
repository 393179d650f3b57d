// Share links: the inputs and the price book's id/version/hash, deflated into the URL fragment.
// Opening one re-prices it and says plainly whether prices changed since (a link from the
// prospect page, made against the public version of the book, is the same book); damaged, oversized
// and "zip bomb" links are refused with a message, never a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, openConfigurator, settle, currentQuote, textOf, screenshot, assertNoCspViolations, savedRecords } from './harness.mjs';
import { decodeShareFragment, encodeShareFragment, MAX_FRAGMENT_CHARS } from '../../web/lib/share-link.js';

let sender;
let recipient;
let shared;
before(async () => {
  sender = await openSite();
  recipient = await openSite(); // another browser profile: nothing saved, like a colleague's laptop
});
after(async () => {
  await sender?.close();
  await recipient?.close();
});

async function makeQuote(page) {
  await openConfigurator(page, sender.url);
  const deal = page.locator('deal-fields');
  await deal.getByLabel('Customer', { exact: true }).fill('Umbrella Media');
  await deal.getByLabel('Bundle').selectOption('business');
  await page.getByLabel('Monthly traffic').fill('40');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await settle(page);
}

async function shareLink(page) {
  await page.keyboard.press('Alt+s');
  const input = page.locator('share-panel input.share-url');
  await input.waitFor({ state: 'visible' });
  const url = await input.inputValue();
  await page.keyboard.press('Escape');
  return url;
}

test('a share link reopens the same quote elsewhere and says prices have not changed', async () => {
  await makeQuote(sender.page);
  const url = await shareLink(sender.page);
  const net = await textOf(sender.page, 'price-totals output[data-total=net_monthly]');
  shared = { url, quote: await currentQuote(sender.page), fragment: new URL(url).hash };

  const payload = await decodeShareFragment(shared.fragment);
  assert.equal(payload.book.id, 'edge-cdn');
  assert.match(payload.book.hash, /^[0-9a-f]{64}$/);
  assert.equal(payload.net_monthly, net.replace(/[$,]/g, ''));

  const { page } = recipient;
  await openConfigurator(page, recipient.url, { hash: shared.fragment });
  assert.deepEqual(await currentQuote(page), shared.quote);
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), net);
  assert.match(await textOf(page, 'notice-list .notice:last-child'), new RegExp(`Prices have not changed since the link was made: still \\${net}/month`));
  assert.equal(new URL(page.url()).hash, '', 'the fragment is cleared once the quote is saved here');
  await screenshot(page, 'share-opened');

  // Opening the same link again does not pile up copies.
  await openConfigurator(page, recipient.url, { hash: shared.fragment });
  assert.equal((await savedRecords(page)).quotes.length, 1);
});

test('says plainly how much prices changed since the link was made', async () => {
  const payload = await decodeShareFragment(shared.fragment);
  const fragment = await encodeShareFragment({ quote: payload.quote, book: payload.book, netMonthly: '2000.00', title: 'Old offer' });
  const { page } = recipient;
  await openConfigurator(page, recipient.url, { hash: `#${fragment}` });
  const now = await textOf(page, 'price-totals output[data-total=net_monthly]');
  const notice = await textOf(page, 'notice-list .notice.warning:last-child');
  assert.match(notice, new RegExp(`Prices have changed since this link was made: the net was \\$2,000\\.00/month and is now \\${now}/month, up \\$[\\d,]+\\.\\d\\d \\(\\d+\\.\\d%\\)\\.`));
  await screenshot(page, 'share-prices-changed');
});

test('re-prices a link made with another version of the price book and says so', async () => {
  const payload = await decodeShareFragment(shared.fragment);
  const quote = { ...payload.quote, pricebook: { id: 'edge-cdn', version: '2026.05.0' } };
  const fragment = await encodeShareFragment({ quote, book: { ...payload.book, version: '2026.05.0' }, netMonthly: payload.net_monthly });
  const { page } = recipient;
  await openConfigurator(page, recipient.url, { hash: `#${fragment}` });
  // The rep site lists its versions (pricebooks/index.json): 2026.05.0 is not the one in effect
  // today, so the link's book was replaced; the notice names both versions and the change in total
  // (none here: the same prices). tests/browser/book-versions.test.mjs covers a real change.
  assert.match(await textOf(page, 'notice-list .notice:last-child'), new RegExp('It was priced with price book edge-cdn version 2026\\.05\\.0 at ' +
    `\\$[\\d,.]+/month\\. That version has been replaced: version 2026\\.11\\.0, in effect since 2026-11-01, prices it now: \\$[\\d,.]+/month, the same\\.`));
  assert.equal((await currentQuote(page)).pricebook.version, '2026.11.0');
});

test('accepts a link made on the prospect page, against the public version of the same book', async () => {
  const { page } = recipient;
  // The hash the prospect page puts in its links: the public book's, which the engine makes.
  const publicHash = await page.evaluate(async () => {
    const { loadEngine } = await import('./engine/edgequote.js');
    const engine = await loadEngine();
    const text = engine.publicPricebook(await (await fetch('pricebooks/edge-cdn.json')).text());
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
  const publicBook = process.env.EDGEQUOTE_PUBLIC_SITE_DIR && join(process.env.EDGEQUOTE_PUBLIC_SITE_DIR, 'pricebooks/edge-cdn.public.json');
  if (publicBook && existsSync(publicBook)) {
    assert.equal(createHash('sha256').update(readFileSync(publicBook)).digest('hex'), publicHash, 'the public build serves exactly that book');
  }
  const payload = await decodeShareFragment(shared.fragment);
  assert.notEqual(payload.book.hash, publicHash);
  const open = async (hash) => {
    const fragment = await encodeShareFragment({ quote: payload.quote, book: { ...payload.book, hash }, netMonthly: payload.net_monthly });
    await openConfigurator(page, recipient.url, { hash: `#${fragment}` });
    return textOf(page, 'notice-list .notice:last-child');
  };

  const notice = await open(publicHash);
  assert.doesNotMatch(notice, /edited/);
  assert.match(notice, /Prices have not changed since the link was made/);
  assert.deepEqual(await currentQuote(page), shared.quote);
  await screenshot(page, 'share-opened-public-book');

  // A hash of neither version still says the book changed.
  assert.match(await open('0'.repeat(64)), /The price book \(version [\d.]+\) has been edited since the link was made\./);
});

test('a share link carries the quote\'s scenarios, and links made before them still open', async () => {
  const { page } = sender;
  await makeQuote(page);
  // Scenarios are drawn once near the view (below the outcome form, more than two screens down).
  await page.locator('#scenarios').scrollIntoViewIfNeeded();
  const columns = page.locator('quote-scenarios article.scenario:not(.current)');
  await columns.nth(1).getByLabel('Commit').selectOption('25000');
  await columns.nth(2).getByLabel('Quote discount %').fill('7.5');
  await settle(page);
  const scenarios = async (p) => p.locator('quote-scenarios article.scenario:not(.current)').evaluateAll((articles) => articles.map((a) => {
    const [term, commit] = a.querySelectorAll('select');
    return { term: term.value, commit: commit.value, discount: a.querySelector('input').value };
  }));
  const made = await scenarios(page);
  assert.deepEqual(made.map((s) => [s.commit, s.discount]).slice(1), [['25000', ''], ['same', '7.5']]);
  const url = await shareLink(page);
  const payload = await decodeShareFragment(new URL(url).hash);
  assert.equal(payload.scenarios.length, made.length);
  assert.deepEqual(payload.scenarios.slice(1).map(({ id, ...s }) => s), [
    { term_months: 24, commit: '25000', discount_pct: null }, { term_months: 36, commit: null, discount_pct: '7.5' }]);

  await openConfigurator(recipient.page, recipient.url, { hash: new URL(url).hash });
  await settle(recipient.page);
  await recipient.page.locator('#scenarios').scrollIntoViewIfNeeded();
  await recipient.page.locator('quote-scenarios article.scenario:not(.current)').first().waitFor();
  assert.deepEqual(await scenarios(recipient.page), made, 'the colleague sees the same scenarios');
  await screenshot(recipient.page, 'share-scenarios');

  // A link from before scenarios were carried opens with the book's default ones.
  const { scenarios: dropped, ...old } = payload;
  const fragment = await encodeShareFragment({ quote: old.quote, book: old.book, netMonthly: old.net_monthly });
  assert.equal((await decodeShareFragment(`#${fragment}`)).scenarios, undefined);
  await openConfigurator(recipient.page, recipient.url, { hash: `#${fragment}` });
  await recipient.page.locator('#scenarios').scrollIntoViewIfNeeded();
  await recipient.page.locator('quote-scenarios article.scenario:not(.current)').first().waitFor();
  assert.deepEqual((await scenarios(recipient.page)).map((s) => s.term), ['12', '24', '36']);
});

test('refuses damaged, oversized and inflating links with a clear message and keeps working', async () => {
  const { page } = recipient;
  const cases = [
    ['#quote=not*base64!', /damaged \(unexpected characters\)/],
    ['#quote=AAAA', /damaged and cannot be read/],
    [`#quote=${'A'.repeat(MAX_FRAGMENT_CHARS + 10)}`, /longer than any quote link/],
  ];
  // A few hundred bytes that inflate to megabytes.
  const bomb = new Uint8Array(await new Response(new Blob([new Uint8Array(8 * 1024 * 1024).fill(32)]).stream()
    .pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  cases.push([`#quote=${Buffer.from(bomb).toString('base64url')}`, /expands to more data than a quote can hold/]);
  // Well-formed, but not a quote.
  const wrong = Buffer.from(new Uint8Array(await new Response(new Blob([JSON.stringify({ v: 1, quote: 'x' })]).stream()
    .pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer())).toString('base64url');
  cases.push([`#quote=${wrong}`, /holds no valid quote: the price book reference is missing \(at \/book\)/]);

  for (const [hash, message] of cases) {
    await openConfigurator(page, recipient.url, { hash });
    assert.match(await textOf(page, 'notice-list .notice.error:last-child'), message, hash.slice(0, 40));
    assert.ok((await textOf(page, 'price-totals output[data-total=net_monthly]')).startsWith('$'), 'a quote is still shown');
  }
  await screenshot(page, 'share-refused');
  await assertNoCspViolations(recipient);
  await assertNoCspViolations(sender);
});
