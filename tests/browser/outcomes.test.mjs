// Structured outcomes end to end (issue 18, item 1): the rep records outcomes with the book's
// catalogues (type-ahead lists from the engine's view) and with free text; the quote log keeps
// ids and "other: <text>"; the insights page groups them by id — a catalogue id and a typed
// synonym under one reason, the rest under "Other" — and shows win reasons and money left on
// the table, exactly as `edgequote insights --book` does. Screenshots: outcome-form.png,
// insights-outcomes.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSite, openConfigurator, settle, screenshot, screenshotDir, axeViolations, assertNoCspViolations, repoRoot } from './harness.mjs';

const CLI = process.env.EDGEQUOTE_CLI ?? join(repoRoot, 'build/native/core/edgequote');
const BOOK = join(repoRoot, 'pricebooks/edge-cdn.json');

let site;
let downloads;
before(async () => {
  site = await openSite();
  downloads = await mkdtemp(join(tmpdir(), 'edgequote-outcomes-'));
});
after(async () => {
  await site?.close();
  await rm(downloads, { recursive: true, force: true });
});

async function record(page, customer, terabytes, status, fields, features = []) {
  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).fill(customer);
  await page.getByLabel('Monthly traffic').fill(terabytes);
  const form = page.locator('quote-outcome');
  await form.getByLabel(status).check();
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
  for (const feature of features) {
    await form.getByLabel('Missing features', { exact: true }).fill(feature);
    await form.getByLabel('Missing features', { exact: true }).press('Enter');
  }
  await settle(page);
}

test('outcomes recorded with catalogue ids and free text are grouped by id on the insights page', async () => {
  const { page } = site;
  await openConfigurator(page, site.url);
  const form = page.locator('quote-outcome');

  // The lists come from the book, through the engine's view.
  const reasonList = await form.getByLabel('Reason', { exact: true }).getAttribute('list');
  const lossNames = await page.$$eval(`#${reasonList} option`, (options) => options.map((o) => o.value));
  assert.ok(lossNames.includes('Missing feature') && lossNames.includes('Price'), lossNames.join(', '));
  const competitorList = await form.getByLabel('Competitor', { exact: true }).getAttribute('list');
  assert.ok((await page.$$eval(`#${competitorList} option`, (o) => o.map((x) => x.value))).includes('CloudFront (AWS)'));

  // 1. Lost, everything picked from the lists (the exact names): ids.
  await record(page, 'Acme Streaming', '60', 'Lost', { Reason: 'Missing feature', Competitor: 'CloudFront (AWS)' }, ['HTTP/3 prioritization']);
  // Won reasons are offered once the quote is won.
  await page.keyboard.press('Alt+n');
  await record(page, 'Cobalt Games', '30', 'Won', { Reason: 'Performance' });
  const winList = await form.getByLabel('Reason', { exact: true }).getAttribute('list');
  assert.ok((await page.$$eval(`#${winList} option`, (o) => o.map((x) => x.value))).includes('Security features'));
  // 2. Lost, typed: a synonym in lower case ("feature gap"), a competitor nickname, a feature
  //    nobody listed — all kept as free text.
  await page.keyboard.press('Alt+n');
  await record(page, 'Beta Retail', '40', 'Lost', { Reason: 'feature gap', Competitor: 'CF' }, ['http3', 'QUIC migration']);
  await form.scrollIntoViewIfNeeded();
  await form.screenshot({ path: join(screenshotDir, 'outcome-form.png') });
  // 3. Lost for a reason no catalogue has.
  await page.keyboard.press('Alt+n');
  await record(page, 'Delta News', '20', 'Lost', { Reason: 'Budget frozen until Q3' });
  assert.deepEqual(await axeViolations(page), []);

  // The quote log keeps the ids, and the free text as "other: ...".
  await page.keyboard.press('Alt+o');
  const dialog = page.locator('saved-quotes dialog');
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByLabel('Your name (rep)').fill('Bianca Reyes');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export quote log as JSON Lines', exact: true }).click()]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  const records = (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
  const outcome = Object.fromEntries(records.map((r) => [r.quote.customer.name, r.outcome]));
  assert.deepEqual([outcome['Acme Streaming'].reason, outcome['Acme Streaming'].competitor, outcome['Acme Streaming'].missing_feature_tags],
    ['feature-gap', 'aws-cloudfront', ['http3-prioritization']]);
  assert.equal(outcome['Cobalt Games'].reason, 'performance');
  assert.deepEqual([outcome['Beta Retail'].reason, outcome['Beta Retail'].competitor, outcome['Beta Retail'].missing_feature_tags],
    ['other: feature gap', 'other: CF', ['other: http3', 'other: QUIC migration']]);
  assert.equal(outcome['Delta News'].reason, 'other: Budget frozen until Q3');
  await page.keyboard.press('Escape');

  // The insights page reads the log and groups it as the engine does with the book.
  const expected = JSON.parse(execFileSync(CLI, ['insights', '--book', BOOK, path], { encoding: 'utf8' }));
  assert.deepEqual(expected.loss_reasons.map((r) => [r.reason, r.match, r.lost]), [
    ['feature-gap', 'catalogue', 2],             // the id and the typed synonym
    ['budget frozen until q3', 'other', 1],
  ]);
  // Ties by key: no competitor recorded (Delta News) first, then the ids; "CF" is Cloudflare.
  assert.deepEqual(expected.lost_to.map((r) => [r.id, r.match, r.lost]), [[null, 'none', 1], ['aws-cloudfront', 'catalogue', 1], ['cloudflare', 'catalogue', 1]]);
  assert.deepEqual(expected.missing_features.tags.map((t) => [t.feature, t.quotes]), [['http3-prioritization', 2], ['quic-migration', 1]]);
  assert.deepEqual(expected.win_reasons.map((r) => [r.reason, r.won]), [['performance', 1]]);

  await page.goto(`${site.url}insights.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.setInputFiles('#log-files', path);
  await page.waitForSelector('section[data-section="loss-reasons"]');
  const section = page.locator('section[data-section="loss-reasons"]');
  // Bars: the catalogued reason by its name, then "Other" (1 deal); the free text in the details.
  assert.deepEqual(await section.locator('.bar-row').evaluateAll((rows) => rows.map((r) => [r.dataset.key, r.querySelector('.bar-value strong').textContent])),
    [['feature-gap', '2'], ['other', '1']]);
  assert.equal(await section.locator('.bar-row[data-key="feature-gap"] .bar-label').textContent(), 'Missing feature');
  const other = section.locator('details.other-reasons');
  assert.match(await other.locator('summary').textContent(), /Other: 1 reason, 1 deal/);
  await other.locator('summary').click();
  assert.match(await other.locator('li[data-key="budget frozen until q3"]').textContent(), /budget frozen until q3.*×1/);
  // The table: the engine's rows, cell by cell.
  const table = await section.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.key, td.dataset.raw]))));
  assert.deepEqual(table, expected.loss_reasons.map((r) => ({ reason: r.reason ?? '', name: r.name ?? '', match: r.match, lost: String(r.lost), lost_net_monthly: r.lost_net_monthly })));
  assert.equal(await page.locator('section[data-section="win-reasons"] .bar-row[data-key="performance"] .bar-label').textContent(), 'Performance');
  const left = page.locator('section[data-section="money-left"] [data-money-left]');
  assert.equal(await left.getAttribute('data-money-left'), expected.money_left_on_table.amount);
  assert.deepEqual(await axeViolations(page), []);
  // The three outcome sections side by side in the grid: one picture of the part of the page they fill.
  const boxes = await page.locator('section[data-section="loss-reasons"], section[data-section="win-reasons"], section[data-section="money-left"]').evaluateAll((sections) =>
    sections.map((s) => { const r = s.getBoundingClientRect(); return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY }; }));
  const top = Math.min(...boxes.map((b) => b.top)) - 8;
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + 8;
  await screenshot(page, 'insights-outcomes', { fullPage: true, clip: { x: 0, y: top, width: 1280, height: bottom - top } });
  await assertNoCspViolations(site);
});

// Two missing features added before the panel is drawn again (Enter, type, Enter within one
// frame: a fast typist, or a loaded machine): each add builds on the one before, not on the
// tags the panel last drew (the second add used to replace the first, and CI once lost "http3").
test('missing features added in quick succession are all kept', async () => {
  const { page } = site;
  await openConfigurator(page, site.url);
  await page.keyboard.press('Alt+n');
  await settle(page);
  const form = page.locator('quote-outcome');
  await form.getByLabel('Lost').check();
  await settle(page);
  const tags = await page.evaluate(() => {
    const input = document.querySelector('quote-outcome').feature;
    for (const value of ['http3', 'QUIC migration', 'Edge KV']) {
      input.value = value;
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }
    return document.querySelector('quote-configurator').record.outcome.missing_feature_tags;
  });
  assert.deepEqual(tags, ['other: http3', 'other: QUIC migration', 'other: Edge KV']);
  await settle(page);
  assert.deepEqual(await form.locator('button.chip').allTextContents(), ['http3 ×', 'QUIC migration ×', 'Edge KV ×']);
});
