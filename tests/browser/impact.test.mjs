// Price-change impact on the insights page in headless Chromium: with generated logs picked, the
// WAF list price is cut 15 % in the page's form and every logged quote is re-priced in a Web
// Worker; the page's result must be byte for byte what `edgequote impact` prints for the same
// books and logs (the test computes it with the CLI), and the WAF row, the headline and the
// approval moves shown must be the CLI's. A proposed book that does not validate shows its
// errors with paths and keeps the last result; a proposed book file under another id sets every
// quote aside, saying why. Strict CSP, no console error. Saves screenshots/insights-impact.png.
//
// Run: node --test tests/browser/impact.test.mjs   (after building edgequote, the wasm modules
// and the site)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { generate } from '../tools/generate-logs.mjs';
import { toJsonLines } from '../../web/insights/quote-log.js';
import { startServer } from '../../web/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.EDGEQUOTE_BUILD_DIR ?? join(root, 'build', 'native');
const cli = process.env.EDGEQUOTE_CLI ?? join(build, 'core', 'edgequote');
const siteDir = process.env.EDGEQUOTE_SITE_DIR ?? join(build, 'site');
const screenshots = join(root, 'tests', 'browser', 'screenshots');
const bookPath = join(root, 'pricebooks', 'edge-cdn.json');

const work = mkdtempSync(join(tmpdir(), 'edgequote-impact-page-'));
let server;
let context;
let page;
let files;
const problems = [];

// The book the page's form makes when only the WAF's amount is typed: the same book, its
// version marked "-proposed", the WAF at 2,125 (2,500 less 15 %).
function formBook(amount) {
  const book = JSON.parse(readFileSync(bookPath, 'utf8'));
  book.version = `${book.version}-proposed`;
  book.products.find((p) => p.sku === 'waf').price.amount = amount;
  return book;
}

function cliImpact(proposed) {
  const path = join(work, `proposed-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(proposed));
  try {
    return execFileSync(cli, ['impact', bookPath, path, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd();
  } catch (error) {
    if (error.status !== 2) throw error;
    return error.stdout.trimEnd();
  }
}

before(async () => {
  const { reps, byRep } = generate({ records: 1200, seed: 77, book: bookPath, cli, reps: 'Alex Morgan,Bianca Reyes', from: '2026-11-01', days: 181 });
  files = reps.map((rep, i) => {
    let text = toJsonLines(byRep[i]);
    if (i === 1) text = text.replace(/\n/, '\n{"log_version":"1","quote_id":"cut-short","quote":{\n');  // line 2 is bad
    const path = join(work, `${rep.toLowerCase().replace(/ /g, '-')}.jsonl`);
    writeFileSync(path, text);
    return path;
  });
  ({ server } = await startServer({ root: siteDir, port: 0 }));
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/insights.html`);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await context?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function runImpact() {
  await page.evaluate(() => { delete document.querySelector('#impact').dataset.state; });
  await page.click('[data-impact-run]');
  await page.waitForSelector('#impact[data-state="result"], #impact[data-state="invalid"], #impact[data-state="failed"]', { timeout: 120000 });
  return page.evaluate(() => document.querySelector('#impact').dataset.state);
}

const rowsOf = (section) =>
  page.$$eval(`[data-impact-section="${section}"] tbody tr`, (trs) => trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.raw]))));

test('a WAF price cut in the form: the page shows what `edgequote impact` computes', async () => {
  assert.equal(await page.isHidden('#impact'), true, 'the panel waits for logs');
  await page.setInputFiles('#log-files', files);
  await page.waitForSelector('#impact[data-ready="true"] #impact-waf-amount', { state: 'attached' });
  assert.equal(await page.inputValue('#impact-waf-amount'), '2500');
  await page.click('details.impact-edit summary');  // the list-price form opens
  await page.fill('#impact-waf-amount', '2125');
  assert.equal(await runImpact(), 'result');

  const expected = cliImpact(formBook('2125'));
  const shown = await page.evaluate(() => document.querySelector('#impact').impactText);
  assert.equal(shown, expected, 'the page\'s JSON is the CLI\'s, byte for byte');

  const r = JSON.parse(expected);
  assert.ok(r.read.repriced > 1000, `${r.read.repriced} quotes re-priced`);
  assert.equal(r.read.skipped_lines, 1);
  const waf = r.by_product.find((row) => row.sku === 'waf');
  assert.equal(waf.net_change_pct, '-15.00');
  assert.ok(r.totals.net_change.startsWith('-'));

  // What a person reads: the headline and the WAF row (first: rows that move come first).
  const products = await rowsOf('by-product');
  const wafRow = products.find((row) => row.sku === 'waf');
  assert.equal(wafRow.net_before, waf.net_before);
  assert.equal(wafRow.net_after, waf.net_after);
  assert.equal(wafRow.net_change, waf.net_change);
  const headline = await page.textContent('[data-impact-kpi="net_change"] .kpi-value');
  assert.equal(headline.replace(/[−$,]/g, ''), r.totals.net_change.replace(/[-]/g, ''));
  assert.deepEqual((await rowsOf('approval')).map((m) => [m.from, m.to, m.quotes]), r.approval.moves.map((m) => [m.from ?? '', m.to ?? '', String(m.quotes)]));
  assert.deepEqual((await rowsOf('by-segment')).map((s) => [s.segment, s.net_change]), r.by_segment.map((s) => [s.segment, s.net_change]));
  const skipped = await rowsOf('skipped');
  assert.ok(skipped.some((row) => row.reason === 'bad_line' && row.where === 'file 2, line 2'), JSON.stringify(skipped));

  if (!existsSync(screenshots)) mkdirSync(screenshots, { recursive: true });
  const panel = await page.$('#impact');
  await panel.screenshot({ path: join(screenshots, 'insights-impact.png') });
});

test('a price the engine refuses: its error with the path, and the last result stays', async () => {
  const before = await page.evaluate(() => document.querySelector('#impact').impactText);
  await page.fill('#impact-waf-amount', '-5');
  assert.equal(await runImpact(), 'invalid');
  const errors = await page.textContent('[data-impact-errors]');
  assert.match(errors, /\/products\/3\/price\/amount/);
  assert.match(errors, /negative_value/);
  assert.equal(await page.isVisible('[data-impact-section="by-product"]'), true, 'the last result is still shown');
  assert.equal(await page.evaluate(() => document.querySelector('#impact').impactText), before);
  await page.fill('#impact-waf-amount', '2500');
});

test('a proposed book file under another id: every quote set aside, and why', async () => {
  const other = formBook('2125');
  other.id = 'edge-cdn-2027';
  const path = join(work, 'edge-cdn-2027.json');
  writeFileSync(path, JSON.stringify(other));
  await page.setInputFiles('[data-impact-book]', path);
  await page.waitForSelector('[data-impact-book-name]:has-text("edge-cdn-2027.json")');
  assert.equal(await runImpact(), 'result');
  const expected = cliImpact(other);
  assert.equal(await page.evaluate(() => document.querySelector('#impact').impactText), expected);
  const skipped = await rowsOf('skipped');
  assert.ok(skipped.some((row) => row.reason === 'other_book' && row.key === 'edge-cdn' && /replaces/.test(row.message)), JSON.stringify(skipped));
  assert.deepEqual(problems, [], 'no console error under the strict CSP');
});
