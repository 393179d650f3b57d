// Price-change impact in WebAssembly (the insights module, as the page's worker runs it) gives
// the same bytes as `edgequote impact` on the same books and logs: seeded synthetic logs, one
// with bad lines, a WAF price cut, a proposed book under another id (skipped, then replacing the
// old id), logs fed in one piece or many, in two passes or one; and a proposed book that does
// not validate gives the same errors with paths; deals lost on price counted by the book's
// loss-reason catalogue (the marked id and text matched to it) alike.
// Run: node --test tests/node/impact.test.mjs (after building: targets edgequote, edgequote_wasm)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'edgequote-impact-'));
const bookPath = join(root, 'pricebooks', 'edge-cdn.json');
const currentText = readFileSync(bookPath, 'utf8');
const book = JSON.parse(currentText);

function variant(change) {
  const copy = structuredClone(book);
  change(copy);
  const path = join(dir, `book-${Math.random().toString(36).slice(2)}.json`);
  const text = JSON.stringify(copy, null, 1);
  writeFileSync(path, text);
  return { path, text };
}
const wafCut = variant((b) => {
  b.version = '2027.01.0';
  b.products.find((p) => p.sku === 'waf').price.amount = '2125';  // 2,500 less 15 %
});

const { byRep } = generate({ records: 500, seed: 23, book: bookPath, cli, reps: 'Ana,Ben,Cy', from: '2026-11-01', days: 181 });
const files = byRep.map((records, i) => {
  let text = toJsonLines(records);
  if (i === 1) text = text.replace(/\n/, '\n{"log_version":"2","quote_id":"x"}\nnot json\n');  // lines 2 and 3 are bad
  const path = join(dir, `rep-${i}.jsonl`);
  writeFileSync(path, text);
  return path;
});

function cliImpact(proposedPath) {
  try {
    return execFileSync(cli, ['impact', bookPath, proposedPath, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  } catch (error) {
    assert.equal(error.status, 2, 'exit 2 for bad lines or an invalid book');
    return error.stdout;
  }
}

// One pass (scan, then priceScanned `batch` lines at a time), fed by hand in `pieces` pieces per
// file, some of them as byte parts (the line cut off the piece before, then the piece).
async function wasmOnePass(proposedText, pieces, batch) {
  const run = insights.openImpact(currentText, proposedText);
  const encoder = new TextEncoder();
  try {
    files.forEach((path, file) => {
      const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
      const size = Math.ceil(lines.length / pieces);
      for (let i = 0; i < lines.length; i += size) {
        const part = lines.slice(i, i + size).join('');
        const cut = Math.floor(part.length / 3);  // ASCII logs: a character is a byte
        run.scan(file, i % 2 ? [encoder.encode(part.slice(0, cut)), encoder.encode(part.slice(cut))] : part);
      }
    });
    let priced = 0;
    const lines = run.scannedLeft;
    assert.ok(lines > 0);
    while (run.scannedLeft > 0) priced += run.priceScanned(batch);
    const text = run.result({ text: true });
    assert.equal(JSON.parse(text).read.repriced, priced);
    return text;
  } finally {
    run.release();
  }
}

async function wasmImpact(proposedText, pieces = 1) {
  const run = insights.openImpact(currentText, proposedText);
  try {
    const logs = files.map((path) => {
      const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
      const size = Math.ceil(lines.length / pieces);
      const parts = [];
      for (let i = 0; i < lines.length; i += size) parts.push(lines.slice(i, i + size).join(''));
      return parts;
    });
    // Fed by hand in `pieces` pieces per file (run.run() cuts at 8 MB, more than these logs).
    logs.forEach((parts, file) => parts.forEach((part) => run.index(file, part)));
    let priced = 0;
    logs.forEach((parts, file) => parts.forEach((part) => (priced += run.price(file, part))));
    const text = run.result({ text: true });
    assert.equal(JSON.parse(text).read.repriced, priced);
    return text;
  } finally {
    run.release();
  }
}

test('a WAF price cut: the module prints what the CLI prints, byte for byte, in one piece or many', async () => {
  const expected = cliImpact(wafCut.path).trimEnd();
  const result = JSON.parse(expected);
  assert.ok(result.read.repriced > 400, `${result.read.repriced} quotes re-priced`);
  assert.equal(result.read.skipped_lines, 2);
  assert.notEqual(result.totals.net_change, '0.00');
  const waf = result.by_product.find((row) => row.sku === 'waf');
  assert.equal(waf.net_change_pct, '-15.00', 'every WAF line moves by the list price cut');
  assert.equal(await wasmImpact(wafCut.text), expected);
  assert.equal(await wasmImpact(wafCut.text, 7), expected);
  assert.equal(await wasmOnePass(wafCut.text, 1, 0x7fffffff), expected, 'one pass');
  assert.equal(await wasmOnePass(wafCut.text, 7, 13), expected, 'one pass, in pieces and batches');
});

test('run() over Blobs gives the same bytes and reports progress, in one pass or two', async () => {
  const expected = cliImpact(wafCut.path).trimEnd();
  for (const passes of [1, 2]) {
    const run = insights.openImpact(currentText, wafCut.text);
    const seen = [];
    try {
      const text = await run.run(files.map((path) => new Blob([readFileSync(path)])), (done, total, quotes) => seen.push({ done, total, quotes }), { text: true, passes });
      assert.equal(text, expected, `${passes} pass(es)`);
    } finally {
      run.release();
    }
    assert.ok(seen.length >= files.length);
    assert.equal(seen.at(-1).done, seen.at(-1).total);
    assert.equal(seen.at(-1).quotes, JSON.parse(expected).read.repriced);
  }
});

test('a book under another id: skipped with why, then re-priced once it replaces the old id', async () => {
  const renamed = variant((b) => {
    b.id = 'edge-cdn-2027';
  });
  const skipped = cliImpact(renamed.path).trimEnd();
  assert.equal(JSON.parse(skipped).read.repriced, 0);
  assert.equal(JSON.parse(skipped).skipped[0].reason, 'other_book');
  assert.equal(await wasmImpact(renamed.text), skipped);

  const replacing = variant((b) => {
    b.id = 'edge-cdn-2027';
    b.replaces = ['edge-cdn'];
  });
  const priced = cliImpact(replacing.path).trimEnd();
  assert.ok(JSON.parse(priced).read.repriced > 400);
  assert.equal(JSON.parse(priced).totals.net_change, '0.00', 'the same prices under a new id move nothing');
  assert.equal(await wasmImpact(replacing.text), priced);
});

test('a proposed book that does not validate: the same errors with paths, from both', () => {
  const broken = variant((b) => {
    b.products.find((p) => p.sku === 'waf').price.amount = '-5';
  });
  const expected = JSON.parse(cliImpact(broken.path));
  assert.equal(expected.book, 'proposed');
  assert.ok(expected.errors.some((e) => e.path === '/products/3/price/amount'), JSON.stringify(expected.errors));
  assert.throws(
    () => insights.openImpact(currentText, broken.text),
    (error) => error.book === 'proposed' && JSON.stringify(error.errors) === JSON.stringify(expected.errors),
  );
});

test('lost on price by the book\'s catalogue: the marked id and text matched to it count, other text does not; module and CLI agree', async () => {
  // The sample book marks the loss reason "price" (pricebooks/README.md, "Outcome catalogues").
  const reasons = [['price', true], ['Price', true], ['other: Too expensive', true], ['Cheaper elsewhere', true],
    ['Principal left the company', false], ['Pricey', false], ['feature-gap', false], [null, false]];
  const seen = new Set();
  const quotes = byRep[0].filter((r) => !seen.has(r.quote_id) && seen.add(r.quote_id)).slice(0, reasons.length);
  const text = toJsonLines(quotes.map((r, i) => ({ ...r, outcome: { ...r.outcome, status: 'lost', reason: reasons[i][0] } })));
  const path = join(dir, 'reasons.jsonl');
  writeFileSync(path, text);
  const expected = execFileSync(cli, ['impact', bookPath, wafCut.path, path], { encoding: 'utf8' }).trimEnd();
  const result = JSON.parse(expected);
  assert.equal(result.read.repriced, reasons.length);
  assert.equal(result.lost_on_price.quotes, reasons.filter(([, onPrice]) => onPrice).length);
  const run = insights.openImpact(currentText, wafCut.text);
  try {
    run.index(0, text);
    run.price(0, text);
    assert.equal(run.result({ text: true }), expected, 'the page\'s module counts them as the CLI does');
  } finally {
    run.release();
  }
});
