// The quote log from the rep page (issue 6): the saved-quotes list exports one record per saved
// quote — priced through the engine, with its outcome, under the rep's name — as JSON Lines and
// CSV, and the engine's own `edgequote insights` reads the file back with the same counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSite, openConfigurator, settle, priceInPage, screenshot, axeViolations, assertNoCspViolations, repoRoot,
} from './harness.mjs';
import { RECORD_COLUMNS, snapshotOf } from '../../web/insights/quote-log.js';

const CLI = process.env.EDGEQUOTE_CLI ?? join(repoRoot, 'build/native/core/edgequote');

let site;
let downloads;
before(async () => {
  site = await openSite();
  downloads = await mkdtemp(join(tmpdir(), 'edgequote-log-'));
});
after(async () => {
  await site?.close();
  await rm(downloads, { recursive: true, force: true });
});

async function buildQuote(page, customer, terabytes, outcome) {
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill(customer);
  await page.getByLabel('Monthly traffic').fill(terabytes);
  const form = page.locator('quote-outcome');
  await form.getByLabel(outcome.status).check();
  for (const [label, value] of Object.entries(outcome.fields ?? {})) await form.getByLabel(label, { exact: true }).fill(value);
  for (const feature of outcome.features ?? []) {
    await form.getByLabel('Missing features', { exact: true }).fill(feature);
    await form.getByLabel('Missing features', { exact: true }).press('Enter');
  }
  await settle(page);
}

// The status line's text once it says what `pattern` expects (it is written when the export's
// work ends, which may be after the download has started), or what it said after 10 s.
async function statusOnceIt(status, pattern) {
  await status.filter({ hasText: pattern }).waitFor({ timeout: 10000 }).catch(() => {});
  return status.textContent();
}

async function exportLog(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  return { name: download.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

test('exports the saved quotes as a quote log that `edgequote insights` reads with the same counts', async () => {
  const { page } = site;
  await openConfigurator(page, site.url);
  await buildQuote(page, 'Acme Streaming', '60', { status: 'Won', fields: { Reason: 'Performance' } });
  await page.keyboard.press('Alt+n');
  await buildQuote(page, 'Beta Retail', '40', {
    status: 'Lost',
    fields: {
      Reason: 'Price', Competitor: 'Cloudflare', 'Their price': '9,500',
      'Asked for, but we do not sell': 'Edge KV store',
    },
    features: ['Edge key-value store', 'http3'],
  });

  // The header links to the insights page, where the log is read.
  const insights = page.locator('.app-bar').getByRole('link', { name: 'Insights' });
  assert.equal(await insights.getAttribute('href'), 'insights.html');

  await page.keyboard.press('Alt+o');
  const dialog = page.locator('saved-quotes dialog');
  await dialog.waitFor({ state: 'visible' });
  const exportJsonl = dialog.getByRole('button', { name: 'Export quote log as JSON Lines', exact: true });
  const exportCsv = dialog.getByRole('button', { name: 'Export quote log as CSV', exact: true });
  const status = dialog.locator('.log-status');
  const rep = dialog.getByLabel('Your name (rep)');

  // No name yet: the page asks for it instead of exporting a log nobody can attribute.
  await exportJsonl.click();
  assert.match(await statusOnceIt(status, /Type your name first/), /Type your name first/);
  assert.ok(await rep.evaluate((input) => input === document.activeElement), 'the name field has the focus');
  await rep.fill('Bianca Reyes');

  const jsonl = await exportLog(page, exportJsonl);
  assert.match(jsonl.name, /^quote-log-Bianca-Reyes-\d{4}-\d\d-\d\d\.jsonl$/);
  assert.match(await statusOnceIt(status, /^Exported 2 quotes/), /^Exported 2 quotes to quote-log-Bianca-Reyes-.*\.jsonl\.$/);
  await dialog.locator('.log-export').scrollIntoViewIfNeeded();
  await screenshot(page, 'saved-quotes-log-export');
  assert.deepEqual(await axeViolations(page), []);

  const records = jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(records.length, 2);
  const byCustomer = Object.fromEntries(records.map((r) => [r.quote.customer.name, r]));
  assert.equal(byCustomer['Acme Streaming'].outcome.status, 'won');
  // Names picked from the book's catalogues are saved as their ids; other text as "other: ...".
  assert.deepEqual(byCustomer['Beta Retail'].outcome, {
    status: 'lost', reason: 'price', competitor: 'cloudflare', competitor_monthly: '9500',
    missing_features: ['Edge KV store'], missing_feature_tags: ['edge-kv', 'other: http3'],
  });
  for (const record of records) {
    assert.equal(record.log_version, '1');
    assert.equal(record.rep, 'Bianca Reyes');
    assert.ok(record.catalog.premium_skus.includes('waf'));
    // The engine's summary for the quote, as the log format keeps it.
    assert.deepEqual(record.priced, snapshotOf(await priceInPage(page, record.quote, 'summary')));
  }

  // The engine reads the downloaded file back: the same quotes, outcomes, rep and asks.
  const out = JSON.parse(execFileSync(CLI, ['insights', jsonl.path], { encoding: 'utf8' }));
  assert.equal(out.read.records, 2);
  assert.equal(out.read.skipped_lines, 0);
  assert.deepEqual(out.errors, []);
  assert.deepEqual({ quotes: out.totals.quotes, won: out.totals.won, lost: out.totals.lost, open: out.totals.open }, { quotes: 2, won: 1, lost: 1, open: 0 });
  assert.deepEqual(out.by_rep.map((r) => [r.rep, r.quotes]), [['Bianca Reyes', 2]]);
  assert.deepEqual(out.missing_features.tags.map((t) => t.feature).sort(), ['edge-kv', 'http3']);
  // With the book, "other: http3" is counted under the feature request it names.
  const grouped = JSON.parse(execFileSync(CLI, ['insights', '--book', join(repoRoot, 'pricebooks/edge-cdn.json'), jsonl.path], { encoding: 'utf8' }));
  assert.deepEqual(grouped.missing_features.tags.map((t) => t.feature).sort(), ['edge-kv', 'http3-prioritization']);

  // CSV: one row per quote, the documented columns.
  const csv = await exportLog(page, exportCsv);
  assert.match(csv.name, /\.csv$/);
  const rows = csv.text.trimEnd().split('\r\n');
  assert.equal(rows[0], RECORD_COLUMNS.map((c) => c.key).join(','));
  assert.equal(rows.length, 3);
  assert.ok(rows.some((row) => row.includes('Beta Retail') && row.includes(',lost,price,cloudflare,9500,Edge KV store,edge-kv; other: http3')));

  // The name is remembered in this browser.
  await page.keyboard.press('Escape');
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]');
  await page.keyboard.press('Alt+o');
  assert.equal(await page.locator('saved-quotes dialog').getByLabel('Your name (rep)').inputValue(), 'Bianca Reyes');
  await assertNoCspViolations(site);
});
