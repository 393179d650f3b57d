// Native and WebAssembly give the same bytes. The parity rule:
//
//   engine.priceCanonical(book, quote, {detail}) === the line `edgequote reprice BOOK [--summary]`
//   prints for that quote, for every quote: priced, or carrying its errors.
//
// and therefore, for `edgequote price BOOK QUOTE` (exit 0: the priced quote; exit 2: only the
// errors): its stdout is the canonical text + "\n" when the quote prices, and {"errors":[...]} +
// "\n" holding the very bytes of the canonical text's "errors" array when it does not.
//
// Quotes: every example quote, plus seeded random ones generated against each book (random SKUs,
// quantities at 0, 1, tier edges ± a little and absurd sizes, units, regions and mixes, bundles,
// terms, commits, line and quote discounts, and a share of deliberate mistakes).
// Run: node --test tests/node/parity.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, engineModule, engineOptions, examplesDir, random, randomQuote, sourceDir } from './support.mjs';

const { createEngine } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const work = mkdtempSync(join(tmpdir(), 'edgequote-parity-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const sampleBook = join(sourceDir, 'pricebooks/edge-cdn.json');
const testBooks = join(sourceDir, 'pricebooks/test-books');
const books = [
  { path: sampleBook, random: 1200, seed: 1 },
  ...(existsSync(testBooks) ? readdirSync(testBooks).filter((f) => f.endsWith('.json')).sort().map((f, i) => ({ path: join(testBooks, f), random: 250, seed: 100 + i })) : []),
  { path: join(sourceDir, 'tests/node/fixtures/mini-cdn.json'), random: 400, seed: 200 },
].filter((b) => existsSync(b.path));

function reprice(bookPath, lines, detail) {
  const input = join(work, 'quotes.jsonl');
  writeFileSync(input, lines.join('\n') + '\n');
  const args = ['reprice', bookPath, ...(detail === 'summary' ? ['--summary'] : [])];
  let stdout;
  try {
    stdout = execFileSync(cliPath, args, { input: readFileSync(input), maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch (error) {
    assert.equal(error.status, 2, `edgequote reprice failed: ${error.message}`);  // 2: some quotes had errors
    stdout = error.stdout;
  }
  const out = stdout.toString('utf8').split('\n');
  assert.equal(out.pop(), '', 'output ends with a newline');
  assert.equal(out.length, lines.length, 'one output line per quote');
  return out;
}

// Not JSON, or not a quote: the output of the error path must match too.
const garbage = ['{', '[]', 'null', '{"lines":[]}', '"text"', '{"schema_version":"9"}', '\u00ff\u00fe', '1e999', '{"a":1}{"b":2}'];

for (const { path, random: count, seed } of books) {
  const name = path.slice(sourceDir.length + 1);
  const bookText = readFileSync(path, 'utf8');
  const parsed = JSON.parse(bookText);
  const examples = path === sampleBook && existsSync(examplesDir)
    ? readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.stringify(JSON.parse(readFileSync(join(examplesDir, f), 'utf8'))))
    : [];
  const rng = random(seed);
  const quotes = [...examples, ...Array.from({ length: count }, () => JSON.stringify(randomQuote(parsed, rng, { ramps: true }))), ...garbage];

  test(`${name}: ${examples.length} examples + ${count} random quotes give the same bytes natively and in wasm`, async () => {
    const book = await engine.loadPricebook(bookText);
    let priced = 0;
    const findings = new Set();
    for (const detail of ['full', 'summary']) {
      const native = reprice(path, quotes, detail);
      quotes.forEach((quote, i) => {
        const wasm = engine.priceCanonical(book, quote, { detail });
        if (wasm !== native[i]) {
          // Compare as bytes for the report; a string mismatch is already a failure.
          assert.deepEqual(Buffer.from(wasm, 'utf8'), Buffer.from(native[i], 'utf8'), `quote ${i} (${detail}): ${quote.slice(0, 300)}`);
        }
        if (detail === 'full' && JSON.parse(wasm).errors.length === 0) priced += 1;
        for (const finding of JSON.parse(wasm).guidance ?? []) findings.add(finding.code);
      });
    }
    // The guidance messages with dollar figures (below cost, the band's low) are compared too.
    if (parsed.internal) assert.ok(findings.has('below_cost') && findings.has('under_segment_band'), `findings compared: ${[...findings].join(', ')}`);
    // The corpus must exercise pricing, not only the error paths.
    assert.ok(priced >= (examples.length + count) * 0.4, `only ${priced} of ${quotes.length} quotes priced`);
    for (const example of examples) assert.deepEqual(JSON.parse(engine.priceCanonical(book, example)).errors, [], 'examples price');
    engine.releasePricebook(book);
  });

  test(`${name}: \`edgequote price\` prints the canonical text, or exactly its errors array`, async () => {
    const book = await engine.loadPricebook(bookText);
    const file = join(work, 'quote.json');
    const sample = quotes.filter((_, i) => i < examples.length || i % 23 === 0);
    for (const quote of sample) {
      writeFileSync(file, quote);
      for (const detail of ['full', 'summary']) {
        const canonical = engine.priceCanonical(book, quote, { detail });
        let status = 0;
        let stdout;
        try {
          stdout = execFileSync(cliPath, ['price', path, file, ...(detail === 'summary' ? ['--summary'] : [])], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
        } catch (error) {
          status = error.status;
          stdout = error.stdout.toString('utf8');
        }
        if (JSON.parse(canonical).errors.length === 0) {
          assert.equal(status, 0);
          assert.equal(stdout, canonical + '\n');
        } else {
          assert.equal(status, 2);
          const errorsArray = canonical.slice(canonical.lastIndexOf(',"errors":') + ',"errors":'.length, -1);
          assert.equal(stdout, `{"errors":${errorsArray}}\n`);
        }
      }
    }
    engine.releasePricebook(book);
  });

  test(`${name}: the book view is the same bytes natively and in wasm`, async () => {
    const book = await engine.loadPricebook(bookText);
    assert.equal(engine.bookView(book) + '\n', execFileSync(cliPath, ['view', path], { encoding: 'utf8' }));
    assert.deepEqual(book.view, JSON.parse(engine.bookView(book)));
    engine.releasePricebook(book);
  });

  test(`${name}: the public book is the same bytes natively and in wasm`, () => {
    assert.equal(engine.publicPricebook(bookText), execFileSync(cliPath, ['public', path], { encoding: 'utf8' }));
  });
}
