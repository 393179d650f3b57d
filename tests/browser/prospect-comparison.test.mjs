// "At list elsewhere" on the public build (issue #17, prospect mode): the prospect page built by
// cmake/assemble-public-site.mjs ships the comparison (the panel, its engine module, the
// competitor books) but loads none of it unless switched on. Off by default: not one request for
// it. On — by the book ("prospect_comparison": true, as a vendor would publish it) or by the host
// (the element's prospect-comparison attribute) — the panel shows the prospect's traffic at each
// competitor's public list prices, after the first priced total, and never an incumbent field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshotDir } from './harness.mjs';
import { assertNoCspViolations, openDemo, PUBLIC_BOOK, waitForQuote } from './embedding.mjs';
import { join } from 'node:path';

const COMPARISON = /at-list-elsewhere|edgequote-compare|pricebooks\/competitors\//;

let session;
before(async () => {
  session = await openDemo();
});
after(async () => {
  await session?.close();
});

// The URLs the page requests while `run` runs.
async function requestsDuring(page, run) {
  const urls = [];
  const listen = (request) => urls.push(request.url());
  page.on('request', listen);
  try {
    await run();
  } finally {
    page.off('request', listen);
  }
  return urls;
}

// Long enough for the panel to have loaded had it been switched on (it starts after the first
// priced total and compares once typing pauses).
const quietWhile = (page) => page.waitForTimeout(1500);

test('off by default: the public page loads nothing of the comparison and shows no panel', async () => {
  const { page } = session;
  const urls = await requestsDuring(page, async () => {
    await page.goto(session.demo.edgequote.url);
    await waitForQuote(page);
    await quietWhile(page);
  });
  assert.ok(urls.some((u) => u.endsWith(PUBLIC_BOOK)), 'the page loaded its book');
  assert.deepEqual(urls.filter((u) => COMPARISON.test(u)), [], 'no request for the comparison');
  assert.equal(await page.locator('edge-quote at-list-elsewhere').count(), 0);
});

async function expectComparison(page, urls) {
  const rows = page.locator('edge-quote at-list-elsewhere .elsewhere-row');
  await rows.first().waitFor({ timeout: 30000 });
  assert.equal(await rows.count(), 5);
  // The prospect's new quote is 10 TB in North America: CloudFront 10,000 GB x $0.085 = $850.00;
  // bunny.net 10,000 GB x $0.01 = $100.00 (pricebooks/competitors/, tests/core/compare_test.cpp).
  assert.equal(await page.locator('edge-quote at-list-elsewhere .elsewhere-row[data-vendor=cloudfront] .amount').textContent(), '$850.00/month');
  assert.equal(await page.locator('edge-quote at-list-elsewhere .elsewhere-row[data-vendor=bunny-net] .amount').textContent(), '$100.00/month');
  // A prospect never names an incumbent, nor sees an estimate of one.
  assert.equal(await page.locator('edge-quote at-list-elsewhere .incumbent-vendor').isVisible(), false);
  assert.equal(await page.locator('edge-quote at-list-elsewhere .incumbent-estimate').isVisible(), false);
  // Loaded on demand, from the public build: the panel, its engine module and the five books.
  const loaded = urls.filter((u) => COMPARISON.test(u)).map((u) => new URL(u).pathname);
  for (const path of ['/elements/later/at-list-elsewhere.js', '/engine/edgequote-compare.wasm', '/pricebooks/competitors/index.json',
    '/pricebooks/competitors/aws-cloudfront.json']) {
    assert.ok(loaded.includes(path), `${path} loaded: ${loaded.join(', ')}`);
  }
  const timing = await page.evaluate(() => {
    const priced = performance.getEntriesByName('edgequote:priced')[0]?.startTime ?? null;
    const later = performance.getEntriesByType('resource').filter((r) => /at-list-elsewhere|edgequote-compare|competitors\//.test(r.name));
    return { priced, starts: later.map((r) => r.startTime) };
  });
  if (timing.priced !== null) for (const start of timing.starts) assert.ok(start >= timing.priced, 'after the first priced total');
}

test('on by the book ("prospect_comparison": true): the panel shows each vendor at list, loaded on demand', async () => {
  const { page } = session;
  await page.route(`**/${PUBLIC_BOOK}`, async (route) => {
    const response = await route.fetch();
    const book = await response.json();
    assert.equal(book.prospect_comparison, undefined, 'the sample book leaves it off');
    await route.fulfill({ response, json: { ...book, prospect_comparison: true } });
  });
  try {
    const urls = await requestsDuring(page, async () => {
      await page.goto(session.demo.edgequote.url);
      await waitForQuote(page);
      await page.locator('edge-quote at-list-elsewhere .elsewhere-row').first().waitFor({ timeout: 30000 });
    });
    await expectComparison(page, urls);
    await page.locator('edge-quote at-list-elsewhere').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'prospect-comparison-public.png'), fullPage: true });
  } finally {
    await page.unroute(`**/${PUBLIC_BOOK}`);
  }
});

test('on by the host (the prospect-comparison attribute) on the same public page', async () => {
  const { page } = session;
  await page.route('**/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('mode="prospect"', 'mode="prospect" prospect-comparison');
    assert.match(html, /prospect-comparison/);
    await route.fulfill({ response, body: html });
  });
  try {
    const urls = await requestsDuring(page, async () => {
      await page.goto(session.demo.edgequote.url);
      await waitForQuote(page);
      await page.locator('edge-quote at-list-elsewhere .elsewhere-row').first().waitFor({ timeout: 30000 });
    });
    await expectComparison(page, urls);
  } finally {
    await page.unroute('**/');
  }
  await assertNoCspViolations(session);
});
