// The page is usable by everyone and runs under the strict CSP: axe-core finds no serious or
// critical violation at desktop and phone widths (with every panel open), the server sends the
// policy, and the page triggers no violation while it is used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openSite, openConfigurator, settle, axeViolations, screenshot, assertNoCspViolations, PHONE, DESKTOP,
} from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

test('is served with the strict Content-Security-Policy and the right types for the engine', async () => {
  const { page } = site;
  const response = await page.goto(site.url);
  assert.equal(response.headers()['content-security-policy'],
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  assert.equal(response.headers()['x-content-type-options'], 'nosniff');
  const types = await page.evaluate(async () => Object.fromEntries(await Promise.all(
    ['engine/edgequote-engine.wasm', 'engine/edgequote-engine.mjs', 'main.js', 'styles/configurator.css']
      .map(async (path) => [path, (await fetch(path, { method: 'HEAD' })).headers.get('content-type')]))));
  assert.equal(types['engine/edgequote-engine.wasm'], 'application/wasm');
  assert.match(types['engine/edgequote-engine.mjs'], /^text\/javascript/);
  assert.match(types['main.js'], /^text\/javascript/);
  assert.match(types['styles/configurator.css'], /^text\/css/);
  const missing = await page.evaluate(async () => (await fetch('no-such-file.js')).status);
  assert.equal(missing, 404);
});

test('a page opened again loads its code from the browser\'s cache: only the HTML and the data are asked for', async () => {
  const { page } = site;
  await openConfigurator(page, site.url);
  const code = await page.evaluate(() => document.querySelector('script[type=module]').getAttribute('src'));
  const base = code.match(/^static\/[0-9a-f]{16}\//)?.[0];
  assert.ok(base, `the page loads its code from a fingerprinted directory: ${code}`);
  const response = await page.request.get(new URL(code, site.url).href);
  assert.equal(response.headers()['cache-control'], 'public, max-age=31536000, immutable');
  site.served.length = 0;
  await openConfigurator(page, site.url);
  await settle(page);
  const again = [...site.served];
  assert.ok(again.includes('/'), `the HTML is asked for again: ${again.join(', ')}`);
  assert.deepEqual(again.filter((path) => path.startsWith('/static/')), [], `no fingerprinted file is asked for again: ${again.join(', ')}`);
  // Everything the page asked for that is not code: the HTML, the price book (and its versions), the site's config.
  assert.deepEqual(again.filter((path) => !/^\/$|^\/pricebooks\/|^\/site-config\.json$|^\/favicon\.svg$/.test(path)), [], again.join(', '));
});

async function openEverything(page) {
  await openConfigurator(page, site.url);
  await page.locator('priced-lines button.math-toggle').first().click();
  await page.locator('guidance-panel details.all-rules summary').click();
  await settle(page);
}

test('has no serious accessibility violations at 1280×800', async () => {
  const { page } = site;
  await page.setViewportSize(DESKTOP);
  await openEverything(page);
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('Alt+o');
  await page.locator('saved-quotes dialog[open]').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'saved quotes dialog');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+s');
  await page.locator('share-panel dialog[open]').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'share dialog');
  await page.keyboard.press('Escape');
  await screenshot(page, 'accessibility-desktop');
  await assertNoCspViolations(site);
});

test('has no serious accessibility violations and nothing overflowing at phone width', async () => {
  const { page } = site;
  await page.setViewportSize(PHONE);
  await openEverything(page);
  assert.deepEqual(await axeViolations(page), []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  assert.ok(await page.locator('summary-bar').isVisible(), 'net price and approval stay pinned on a phone');
  await screenshot(page, 'accessibility-phone');
  await screenshot(page, 'accessibility-phone-full', { fullPage: true });
  await assertNoCspViolations(site);
});

test('on a phone, the pinned summary\'s approval badge stays whole: a long one takes a line of its own', async () => {
  const { page } = site;
  await page.setViewportSize(PHONE);
  await openConfigurator(page, site.url);
  // A seven-figure net that needs the deal desk, with a critical finding: the longest badge.
  await page.getByLabel('Quote discount').fill('95');
  await page.locator('traffic-fields input.number.big').fill('900000');
  await settle(page);
  const badge = page.locator('summary-bar .summary-level');
  assert.match(await badge.textContent(), /^Needs deal desk · \d+ critical$/);
  const lines = await badge.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  assert.equal(lines, 1, 'the badge breaks inside its pill');
  const [bar, lastContent] = await page.evaluate(() => [
    document.querySelector('summary-bar').getBoundingClientRect().height,
    parseFloat(getComputedStyle(document.querySelector('.workspace')).paddingBottom),
  ]);
  assert.ok(bar <= lastContent, `the bar (${bar}px) covers the end of the page (${lastContent}px kept clear)`);
  await screenshot(page, 'summary-bar-long-badge');
});

test('the rep page has one level-one heading', async () => {
  const { page } = site;
  await page.setViewportSize(DESKTOP);
  await openConfigurator(page, site.url);
  assert.deepEqual(await page.locator('h1:visible').allTextContents(), ['EdgeQuote']);
  const all = await axeViolations(page, { impacts: ['minor', 'moderate', 'serious', 'critical'] });
  assert.deepEqual(all.filter((v) => v.id === 'page-has-heading-one'), []);
});

test('comparing two quotes fits a phone: nothing in the diff is wider than the screen', async () => {
  const { page } = site;
  await page.setViewportSize(PHONE);
  await openConfigurator(page, site.url);
  await page.keyboard.press('Alt+n');
  await page.getByLabel('Monthly traffic').fill('60');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await settle(page);
  const diff = page.locator('quote-diff');
  await diff.scrollIntoViewIfNeeded();
  await settle(page);
  // Every figure in view without scrolling sideways: no cell's right edge past the screen, and
  // no table region that has to scroll (the B − A column used to sit off screen behind one).
  const overflowing = await diff.evaluate((root) => [...root.querySelectorAll('th, td, select, p')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((el) => `${el.localName}: ${el.textContent.trim().slice(0, 30)}`));
  assert.deepEqual(overflowing, []);
  const scrolling = await diff.locator('.table-scroll').evaluateAll((regions) => regions.filter((r) => r.scrollWidth > r.clientWidth + 1).length);
  assert.equal(scrolling, 0, 'no table in the diff scrolls sideways');
  const delta = diff.locator('tr[data-total=net_monthly] td.delta');
  assert.ok(await delta.isVisible());
  assert.match(await delta.textContent(), /^[+−-]?\$[\d,]+\.\d\d$|^—$/);
  assert.ok(await diff.evaluate((el) => el.getBoundingClientRect().right <= document.documentElement.clientWidth));
  await screenshot(page, 'diff-phone');
  await page.setViewportSize(DESKTOP);
});
