// The insights page in headless Chromium: two reps' logs (seeded synthetic logs, one with bad
// lines) are picked, and every table and headline figure on the page must equal what
// `edgequote insights` prints for the same files — unfiltered and after filtering; a table's
// CSV export carries the engine's values; bad lines are listed with file and line; the page
// runs under the strict CSP without a console error. Saves tests/browser/screenshots/insights.png.
//
// Run: node --test tests/browser/insights.test.mjs   (after building edgequote, the wasm modules
// and the site; EDGEQUOTE_SITE_DIR / EDGEQUOTE_WASM_DIR / EDGEQUOTE_BUILD_DIR override paths)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { generate } from '../tools/generate-logs.mjs';
import { toJsonLines } from '../../web/insights/quote-log.js';
import { startServer } from '../../web/serve.mjs';
import { axeViolations } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.EDGEQUOTE_BUILD_DIR ?? join(root, 'build', 'native');
const cli = process.env.EDGEQUOTE_CLI ?? join(build, 'core', 'edgequote');
const siteDir = process.env.EDGEQUOTE_SITE_DIR ?? join(build, 'site');
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(build, 'wasm-build', 'wasm');
const screenshots = join(root, 'tests', 'browser', 'screenshots');

const work = mkdtempSync(join(tmpdir(), 'edgequote-insights-page-'));
let server;
let context;
let page;
let files;
const problems = [];

// The site as built; if the site build does not copy the insights module yet, a copy that has it.
function servedRoot() {
  if (existsSync(join(siteDir, 'engine', 'edgequote-insights.wasm'))) return siteDir;
  const copy = join(work, 'site');
  cpSync(siteDir, copy, { recursive: true });
  for (const name of ['edgequote-insights.mjs', 'edgequote-insights.wasm']) cpSync(join(wasmDir, name), join(copy, 'engine', name));
  return copy;
}

function engine(args) {
  try {
    // With the book the page groups outcomes by (its outcome catalogues).
    return JSON.parse(execFileSync(cli, ['insights', '--book', join(root, 'pricebooks', 'edge-cdn.json'), ...args, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (error) {
    if (error.status !== 2) throw error;
    return JSON.parse(error.stdout);
  }
}

before(async () => {
  const { reps, byRep } = generate({ records: 900, seed: 42, book: join(root, 'pricebooks', 'edge-cdn.json'), cli, reps: 'Alex Morgan,Bianca Reyes,Chris Okafor', from: '2026-11-01', days: 181 });
  files = reps.map((rep, i) => {
    let text = toJsonLines(byRep[i]);
    // Chris's export has a record from a newer page (log_version 2) and a line cut short.
    if (i === 2) {
      const lines = text.split('\n');
      lines.splice(4, 0, JSON.stringify({ ...byRep[i][0], quote_id: 'q-from-the-future', log_version: '2' }));
      lines.splice(9, 0, lines[9].slice(0, 120));
      text = lines.join('\n');
    }
    const path = join(work, `${rep.toLowerCase().replace(/ /g, '-')}.jsonl`);
    writeFileSync(path, text);
    return path;
  });
  ({ server } = await startServer({ root: servedRoot(), port: 0 }).then((s) => ({ server: s.server, url: s.url })));
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
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

// Every table on the page, as {section: [{key: raw value}]}.
async function shownTables() {
  return page.$$eval('section[data-section]', (sections) =>
    Object.fromEntries(sections.map((s) => [s.dataset.section, [...s.querySelectorAll('tbody tr')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.raw])))])),
  );
}

const raw = (value) => (value === null || value === undefined ? '' : String(value));

// The page's tables against the engine's JSON, cell by cell.
function assertTablesEqual(tables, expected) {
  const sources = {
    premium: expected.premium_attach,
    products: expected.by_product,
    competitors: expected.lost_to,
    'loss-reasons': expected.loss_reasons,
    'win-reasons': expected.win_reasons,
    'money-left': expected.money_left_on_table.by_segment,
    features: expected.missing_features.tags,
    discounts: expected.discount_bands,
    incumbent: expected.incumbent_ratio.bands,
    segments: expected.by_segment,
    approval: expected.approval_mix,
    under: expected.under_quoted.by_finding,
    reps: expected.by_rep,
    errors: expected.errors,
  };
  for (const [section, rows] of Object.entries(sources)) {
    if (section === 'errors' && !rows.length) continue;
    const shown = tables[section];
    assert.ok(shown, `the page shows the ${section} table`);
    assert.equal(shown.length, rows.length, `${section}: one row per engine row`);
    rows.forEach((row, i) => {
      for (const [key, value] of Object.entries(shown[i])) {
        if (!(key in row)) continue;  // figures the page derives for display (band label, file name)
        assert.equal(value, raw(row[key]), `${section} row ${i} ${key}`);
      }
    });
  }
}

async function headline() {
  return page.$$eval('.kpi', (kpis) => Object.fromEntries(kpis.map((k) => [k.dataset.metric, k.querySelector('output').textContent])));
}

const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

async function settled() {
  // The page aggregates synchronously on each change; wait for the render to land.
  await page.waitForFunction(() => document.body.dataset.aggregateMs !== undefined);
}

test('shows the engine\'s aggregates for two picked logs, bad lines listed by file and line', async () => {
  files = files.slice(1);  // Bianca's and Chris's logs
  await page.setInputFiles('#log-files', files);
  await page.waitForSelector('#kpis:not([hidden]) .kpi');
  await settled();
  const expected = engine([]);
  assert.equal(expected.read.files, 2);
  assert.equal(expected.read.skipped_lines, 2);

  const kpis = await headline();
  assert.equal(kpis.quotes, grouped(expected.totals.quotes));
  assert.equal(kpis.win_rate_pct, `${expected.totals.win_rate_pct}%`);
  assert.equal(kpis.realization_pct, `${expected.totals.realization_pct}%`);
  assert.equal(kpis.under_quoted, grouped(expected.under_quoted.quotes));
  assert.equal(kpis.skipped_lines, '2');

  const tables = await shownTables();
  assertTablesEqual(tables, expected);
  // Both bad lines of Chris's log (the second file), by name and line number.
  assert.deepEqual(tables.errors.map((e) => [e.file_name, e.line, e.code]), [
    ['chris-okafor.jsonl', '5', 'unsupported_log_version'],
    ['chris-okafor.jsonl', '10', 'invalid_json'],
  ]);
  assert.deepEqual(expected.errors.map((e) => [e.file, e.line]), [[1, 5], [1, 10]]);
});

test('filtering by segment, rep, date and product re-aggregates to the engine\'s figures', async () => {
  await page.check('#filter-segments input[value="enterprise"]');
  await page.check('#filter-segments input[value="f500"]');
  await settled();
  let expected = engine(['--segment', 'enterprise', '--segment', 'f500']);
  assert.equal((await headline()).quotes, grouped(expected.totals.quotes));
  assertTablesEqual(await shownTables(), expected);

  await page.check('#filter-reps input[value="Bianca Reyes"]');
  await page.fill('#filter-from', '2027-01-01');
  await page.dispatchEvent('#filter-from', 'change');
  await page.selectOption('#filter-sku', 'waf');
  await settled();
  expected = engine(['--segment', 'enterprise', '--segment', 'f500', '--rep', 'Bianca Reyes', '--from', '2027-01-01', '--sku', 'waf']);
  assert.ok(expected.totals.quotes > 0 && expected.totals.quotes < 300, `a narrower selection (${expected.totals.quotes} quotes)`);
  assert.equal((await headline()).quotes, grouped(expected.totals.quotes));
  assertTablesEqual(await shownTables(), expected);
});

test('a table exports as CSV with the engine\'s values', async () => {
  const expected = engine(['--segment', 'enterprise', '--segment', 'f500', '--rep', 'Bianca Reyes', '--from', '2027-01-01', '--sku', 'waf']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('section[data-section="products"] button[data-export="products"]')]);
  assert.equal(download.suggestedFilename(), 'insights-products.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const [header, ...rows] = text.trimEnd().split('\r\n');
  assert.equal(header, 'sku,kind,name,category,premium,quotes,won,lost,open,win_rate_pct,lines,list,net,realization_pct,discount_pct');
  assert.equal(rows.length, expected.by_product.length);
  const cell = (value) => (/[",]/.test(raw(value)) ? `"${raw(value).replace(/"/g, '""')}"` : raw(value));
  expected.by_product.forEach((p, i) => {
    const fields = [p.sku, p.kind, p.name, p.category, p.premium, p.quotes, p.won, p.lost, p.open, p.win_rate_pct, p.lines, p.list, p.net, p.realization_pct, p.discount_pct];
    assert.equal(rows[i], fields.map(cell).join(','));
  });
});

test('adding a third log and clearing the filters shows all three reps, accessibly, on a desktop and a phone', async () => {
  files = [join(dirname(files[0]), 'alex-morgan.jsonl'), ...files];
  // A log added later goes to the end of the page's list: the engine reads them in that order.
  await page.setInputFiles('#log-files', [files[0]]);
  await page.waitForFunction(() => document.querySelectorAll('#files .file').length === 3);
  await page.click('button[type="reset"]');
  await page.waitForFunction(() => !document.querySelector('#filters input:checked') && document.querySelector('#filter-sku').value === '');
  await page.waitForFunction(() => document.querySelectorAll('#filter-reps input').length === 3);
  await settled();
  files = [files[1], files[2], files[0]];
  const expected = engine([]);
  assert.equal(expected.facets.reps.length, 3);
  assert.equal((await headline()).quotes, grouped(expected.totals.quotes));
  assertTablesEqual(await shownTables(), expected);
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  assert.deepEqual(await axeViolations(page), [], 'no serious accessibility problems');
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'insights.png'), fullPage: true });
  // On a phone: everything fits the width (wide tables scroll inside their cards).
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await page.screenshot({ path: join(screenshots, 'insights-phone.png') });
});
