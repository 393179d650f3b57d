// The insights module in WebAssembly gives the same bytes as `edgequote insights` on the same
// logs (seeded synthetic logs from tests/tools/generate-logs.mjs, plus bad lines), filters
// included, and reads a log fed in pieces exactly as a whole.
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
  assert.deepEqual(parsed.errors.map((e) => [e.file, e.line, e.code]), [[1, 2, 'unsupported_schema_version'], [1, 3, 'invalid_json']]);
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

test('a log read in pieces equals the log read whole', () => {
  assert.equal(wasmInsights({}, 7), wasmInsights({}, 1));
});

test('a bad filter is a PricingError with code and path', () => {
  assert.throws(() => insights.aggregate([], { from: '2026-02-30' }), (error) => error.code === 'invalid_date' && error.path === '/from');
});
