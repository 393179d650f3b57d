// The insights module in WebAssembly gives the same bytes as `edgequote insights` on the same
// logs (seeded synthetic logs from tests/tools/generate-logs.mjs, plus bad lines), filters
// included, and reads a log fed in pieces exactly as a whole. And the records the rep page
// exports (web/insights/quote-log.js) pass the schema and the engine; their CSV is safe.
// Run: node --test tests/node/insights.test.mjs (after building: targets edgequote, edgequote_wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { generate } from '../tools/generate-logs.mjs';
import { toJsonLines } from '../../web/insights/quote-log.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.EDGEQUOTE_BUILD_DIR ?? join(root, 'build', 'native');
const cli = process.env.EDGEQUOTE_CLI ?? join(build, 'core', 'edgequote');
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(build, 'wasm-build', 'wasm');

const { createInsights } = await import(pathToFileURL(join(root, 'web', 'engine', 'insights.js')));
const insights = await createInsights({
  moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-insights.mjs')),
  wasmBinary: readFileSync(join(wasmDir, 'edgequote-insights.wasm')),
});

const dir = mkdtempSync(join(tmpdir(), 'edgequote-insights-'));
const { byRep } = generate({ records: 400, seed: 11, book: join(root, 'pricebooks', 'edge-cdn.json'), cli, reps: 'Ana,Ben,Cy', from: '2026-11-01', days: 181 });
const files = byRep.map((records, i) => {
  let text = toJsonLines(records);
  if (i === 1) text = text.replace(/\n/, '\n{"log_version":"2"}\nnot json\n');  // lines 2 and 3 are bad
  const path = join(dir, `rep-${i}.jsonl`);
  writeFileSync(path, text);
  return path;
});

function cliInsights(args) {
  try {
    return { status: 0, out: execFileSync(cli, ['insights', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) };
  } catch (error) {
    return { status: error.status, out: error.stdout };
  }
}

function wasmInsights(filter, pieces = 1) {
  const logs = files.map((path) => {
    const log = insights.openLog();
    const text = readFileSync(path, 'utf8');
    const lines = text.split(/(?<=\n)/);
    const size = Math.ceil(lines.length / pieces);
    for (let i = 0; i < lines.length; i += size) log.append(lines.slice(i, i + size).join(''));
    return log;
  });
  try {
    return insights.aggregate(logs, filter, { text: true });
  } finally {
    logs.forEach((log) => log.release());
  }
}

test('the wasm module prints the same bytes as the CLI, bad lines included', () => {
  const native = cliInsights(files);
  assert.equal(native.status, 2, 'the CLI exits 2 when a line was bad');
  const out = wasmInsights({});
  assert.equal(`${out}\n`, native.out);
  const parsed = JSON.parse(out);
  assert.deepEqual(parsed.errors.map((e) => [e.file, e.line, e.code]), [[1, 2, 'unsupported_log_version'], [1, 3, 'invalid_json']]);
  assert.equal(parsed.read.records + parsed.read.duplicates + parsed.read.skipped_lines, parsed.read.lines);
});

test('filters give the same bytes natively and in wasm', () => {
  const cases = [
    [{ segments: ['enterprise', 'f500'] }, ['--segment', 'enterprise', '--segment', 'f500']],
    [{ reps: ['Ben'], from: '2027-01-01', to: '2027-02-28' }, ['--rep', 'Ben', '--from', '2027-01-01', '--to', '2027-02-28']],
    [{ sku: 'waf' }, ['--sku', 'waf']],
  ];
  for (const [filter, args] of cases) {
    assert.equal(`${wasmInsights(filter)}\n`, cliInsights([...args, ...files]).out, JSON.stringify(filter));
  }
});

test('grouped by the book\'s outcome catalogues: the same bytes natively and in wasm', () => {
  const bookPath = join(root, 'pricebooks', 'edge-cdn.json');
  // Ids and "other: ..." as the outcome form writes them, beside the generator's free text.
  const extra = join(dir, 'ids.jsonl');
  const [first, second] = byRep[0].filter((r) => r.outcome.status === 'lost');
  writeFileSync(extra, toJsonLines([
    { ...first, quote_id: 'q-ids-1', outcome: { ...first.outcome, reason: 'feature-gap', competitor: 'aws-cloudfront', missing_feature_tags: ['http3-prioritization'] } },
    { ...second, quote_id: 'q-ids-2', outcome: { ...second.outcome, reason: 'other: Feature gap', competitor: 'other: Acme CDN', missing_feature_tags: ['other: QUIC migration'] } },
  ]));
  files.push(extra);
  try {
    insights.useOutcomeBook(readFileSync(bookPath, 'utf8'));
    const out = wasmInsights({});
    assert.equal(`${out}\n`, cliInsights(['--book', bookPath, ...files]).out);
    for (const [filter, args] of [[{ segments: ['smb'] }, ['--segment', 'smb']], [{ sku: 'waf' }, ['--sku', 'waf']]]) {
      assert.equal(`${wasmInsights(filter)}\n`, cliInsights(['--book', bookPath, ...args, ...files]).out, JSON.stringify(filter));
    }
    const parsed = JSON.parse(out);
    assert.equal(parsed.catalogues, true);
    // "Missing feature", "missing feature", "Feature gap" (the generator), the id and "other: Feature gap": one row.
    const gap = parsed.loss_reasons.filter((r) => /feature/i.test(r.name ?? ''));
    assert.deepEqual(gap.map((r) => [r.reason, r.match]), [['feature-gap', 'catalogue']]);
    assert.ok(parsed.lost_to.some((r) => r.id === 'aws-cloudfront' && r.competitor === 'CloudFront (AWS)'));
    assert.ok(parsed.lost_to.some((r) => r.match === 'other' && r.competitor === 'Acme CDN'));
    assert.ok(Number(parsed.money_left_on_table.amount) >= 0 && parsed.money_left_on_table.won === parsed.totals.won);
    // A book that does not validate is refused, and the catalogues set before stay.
    assert.throws(() => insights.useOutcomeBook('{"id": 1}'), (error) => error.code !== undefined && error.path !== undefined);
    assert.equal(wasmInsights({}), out);
  } finally {
    insights.useOutcomeBook('');
    files.pop();
  }
  assert.equal(JSON.parse(wasmInsights({})).catalogues, false);
});

test('a log read in pieces equals the log read whole', () => {
  assert.equal(wasmInsights({}, 7), wasmInsights({}, 1));
});

test('a bad filter is a PricingError with code and path', () => {
  assert.throws(() => insights.aggregate([], { from: '2026-02-30' }), (error) => error.code === 'invalid_date' && error.path === '/from');
});

// ---- web/insights/quote-log.js: the records the rep page exports -----------------------------

const { toLogRecord, toCsv, snapshotOf, catalogOf, LogRecordError } = await import('../../web/insights/quote-log.js');
const Ajv2020 = (await import('ajv/dist/2020.js')).default;
const validateRecord = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(
  JSON.parse(readFileSync(join(root, 'pricebooks', 'schema', 'quote-log.schema.json'), 'utf8')));

const book = JSON.parse(readFileSync(join(root, 'pricebooks', 'edge-cdn.json'), 'utf8'));
const example = JSON.parse(readFileSync(join(root, 'pricebooks', 'examples', 'enterprise-in-band.json'), 'utf8'));
const pricedText = execFileSync(cli, ['price', join(root, 'pricebooks', 'edge-cdn.json'), join(root, 'pricebooks', 'examples', 'enterprise-in-band.json')], { encoding: 'utf8' }).trim();
// A saved quote as the rep page keeps it (web/lib/quote-store.js).
const saved = {
  version: 1, id: 'q-0a1b2c3d4e5f', title: 'Northwind', quote: example,
  createdAt: '2026-11-14T10:22:03.120Z', updatedAt: '2026-12-02T16:05:41.000Z',
  outcome: { status: 'lost', reason: ' Price ', competitor: 'Cloudflare', competitor_monthly: '12,000.50', missing_features: ['=HYPERLINK("x")', ''], updatedAt: '2026-12-02T16:05:41.000Z' },
};

test('a saved quote becomes a record the schema and the engine accept, with the book\'s catalog', () => {
  const record = toLogRecord(saved, { priced: pricedText, book, rep: 'Bianca Reyes' });
  assert.ok(validateRecord(record), JSON.stringify(validateRecord.errors));
  assert.deepEqual(Object.keys(record), ['log_version', 'quote_id', 'saved_at', 'updated_at', 'rep', 'catalog', 'quote', 'priced', 'outcome']);
  assert.equal(record.saved_at, '2026-11-14T10:22:03.120Z');
  assert.deepEqual(record.catalog, catalogOf(book));
  assert.ok(record.catalog.premium_skus.includes('waf') && !record.catalog.premium_skus.includes('delivery'));
  assert.deepEqual(record.outcome, { status: 'lost', reason: 'Price', competitor: 'Cloudflare', competitor_monthly: '12000.50', missing_features: ['=HYPERLINK("x")'], missing_feature_tags: [] });
  assert.equal(record.quote.$schema, undefined);
  const out = JSON.parse(execFileSync(cli, ['insights', '-'], { input: JSON.stringify(record) + '\n', encoding: 'utf8' }));
  assert.equal(out.read.records, 1);
  assert.equal(out.totals.net_monthly, JSON.parse(pricedText).totals.net_monthly);
});

test('the snapshot is the engine\'s summary without approval checks, every kept value as written', () => {
  const full = JSON.parse(pricedText);
  const snapshot = snapshotOf(pricedText);
  assert.deepEqual(Object.keys(snapshot), Object.keys(full));
  assert.ok(snapshot.lines.every((line) => !('tiers' in line) && !('waterfall' in line)));
  assert.equal(snapshot.approval.checks, undefined);
  assert.equal(snapshot.approval.level, full.approval.level);
  assert.deepEqual(snapshot.totals, full.totals);
  const summary = JSON.parse(execFileSync(cli, ['price', join(root, 'pricebooks', 'edge-cdn.json'), join(root, 'pricebooks', 'examples', 'enterprise-in-band.json'), '--summary'], { encoding: 'utf8' }));
  delete summary.approval.checks;
  assert.equal(JSON.stringify(snapshot), JSON.stringify(summary));
});

test('records refuse what the log cannot hold: no rep, no catalog, an unpriced quote, a bad price', () => {
  const code = (fn) => { try { fn(); } catch (error) { assert.ok(error instanceof LogRecordError); return `${error.code} ${error.path}`; } return 'accepted'; };
  assert.equal(code(() => toLogRecord(saved, { priced: pricedText, book })), 'missing_field /rep');
  assert.equal(code(() => toLogRecord(saved, { priced: pricedText, rep: 'A' })), 'missing_field /catalog');
  assert.equal(code(() => toLogRecord(saved, { priced: { lines: [], errors: [{ code: 'unknown_sku' }] }, book, rep: 'A' })), 'unpriced_quote /priced/errors');
  assert.equal(code(() => toLogRecord({ ...saved, outcome: { status: 'lost', competitor_monthly: '12k' } }, { priced: pricedText, book, rep: 'A' })), 'invalid_decimal /outcome/competitor_monthly');
  assert.equal(code(() => toLogRecord({ ...saved, outcome: { status: 'maybe' } }, { priced: pricedText, book, rep: 'A' })), 'unknown_value /outcome/status');
});

test('CSV: one row per quote, formulas defused, commas and quotes escaped', () => {
  const record = toLogRecord(saved, { priced: pricedText, book, rep: 'Bianca Reyes' });
  const [header, row, end] = toCsv([record]).split('\r\n');
  assert.equal(end, '');
  assert.ok(header.startsWith('quote_id,saved_at,updated_at,rep,customer,segment,'));
  assert.ok(row.startsWith('q-0a1b2c3d4e5f,2026-11-14T10:22:03.120Z,2026-12-02T16:05:41.000Z,Bianca Reyes,Northwind Media,enterprise,edge-cdn,'));
  assert.ok(row.includes(`,${JSON.parse(pricedText).totals.net_monthly},`));
  assert.ok(row.endsWith(`,lost,Price,Cloudflare,12000.50,"'=HYPERLINK(""x"")",`));
});
