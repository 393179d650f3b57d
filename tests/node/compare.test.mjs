// The comparison module (web/engine/compare.js over edgequote-compare.wasm) against the CLI: the
// same bytes as `edgequote compare` for the example quotes and 150 seeded random quotes on the
// sample book with all five competitor books; web/engine/compare.d.ts declares what the module
// has; bad input comes back as PricingError with code and path.
// Run: node --test tests/node/compare.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, examplesDir, random, randomQuote, sourceDir, wasmDir } from './support.mjs';

const { createCompare } = await import(join(sourceDir, 'web/engine/compare.js'));
const compare = await createCompare({
  moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-compare.mjs')),
  wasmBinary: await readFile(join(wasmDir, 'edgequote-compare.wasm')),
});
const work = mkdtempSync(join(tmpdir(), 'edgequote-compare-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const bookPath = join(sourceDir, 'pricebooks/edge-cdn.json');
const bookText = readFileSync(bookPath, 'utf8');
const competitorDir = join(sourceDir, 'pricebooks/competitors');
const competitorPaths = readdirSync(competitorDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort().map((f) => join(competitorDir, f));
const ours = compare.loadPricebook(bookText);
const competitors = competitorPaths.map((p) => compare.loadCompetitorBook(readFileSync(p, 'utf8')));

function cli(quoteText, detail = 'full') {
  const path = join(work, 'quote.json');
  writeFileSync(path, quoteText);
  const flags = detail === 'summary' ? ['--summary'] : [];
  try {
    return { status: 0, stdout: execFileSync(cliPath, ['compare', path, bookPath, ...competitorPaths, ...flags], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) };
  } catch (error) {
    return { status: error.status, stdout: error.stdout };
  }
}

test('the competitor books load with their vendors', () => {
  assert.deepEqual(competitors.map((c) => c.vendor.id).sort(), ['azure-cdn', 'bunny-net', 'cloudfront', 'fastly', 'google-cloud-cdn']);
  assert.throws(() => compare.loadCompetitorBook(bookText), (e) => e.code === 'missing_field' && e.path === '/comparison');
});

test('wasm == native: the example quotes and 150 seeded random quotes (a third with --summary), byte for byte', () => {
  const book = JSON.parse(bookText);
  const rng = random(17);
  const quotes = readdirSync(examplesDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort().map((f) => readFileSync(join(examplesDir, f), 'utf8'));
  for (let i = 0; i < 150; i++) quotes.push(JSON.stringify(randomQuote(book, rng, { lines: 1 + (i % 6) })));
  let compared = 0;
  for (const [i, text] of quotes.entries()) {
    const detail = i % 3 === 2 ? 'summary' : 'full';  // a third of them without the tier math
    const native = cli(text, detail);
    let wasm;
    try {
      wasm = compare.compare(ours, text, competitors, { text: true, detail });
    } catch (error) {
      // A quote with errors: the CLI prints the same errors and exits 2.
      assert.equal(native.status, 2, text);
      assert.deepEqual(JSON.parse(native.stdout).errors, error.errors, text);
      continue;
    }
    assert.equal(native.status, 0, text);
    assert.equal(wasm + '\n', native.stdout, text);
    compared++;
  }
  assert.ok(compared >= 60, `only ${compared} quotes priced`);
});

test('errorCodes lists the comparison\'s codes, as `edgequote codes --comparison` does', () => {
  const native = JSON.parse(execFileSync(cliPath, ['codes', '--comparison'], { encoding: 'utf8' })).codes;
  assert.deepEqual(compare.errorCodes(), native);
  assert.ok(native.some((c) => c.code === 'beyond_published_tiers'));
});

test('a quote with errors throws PricingError with code and path; an unknown handle too', () => {
  assert.throws(() => compare.compare(ours, { schema_version: '1.0' }, competitors), (e) => e.name === 'PricingError' && e.code === 'missing_field');
  assert.throws(() => compare.compare({ handle: 999 }, '{}', competitors), (e) => e.code === 'unknown_handle');
});

test('web/engine/compare.d.ts declares the module\'s exports and methods', async () => {
  const dts = readFileSync(join(sourceDir, 'web/engine/compare.d.ts'), 'utf8');
  const api = await import(join(sourceDir, 'web/engine/compare.js'));
  for (const name of Object.keys(api)) assert.match(dts, new RegExp(`export function ${name}\\(`), name);
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(compare)).filter((m) => m !== 'constructor');
  for (const m of methods) assert.match(dts, new RegExp(`\\b${m}\\(`), m);
  for (const m of ['loadPricebook', 'loadCompetitorBook', 'release', 'compare', 'errorCodes']) assert.ok(methods.includes(m), m);
});
