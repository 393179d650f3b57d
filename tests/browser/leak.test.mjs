// Nothing internal reaches the prospect build: every file it serves — HTML,
// JS, CSS, JSON, the wasm bytes, source maps if any — is scanned for the keys and values of the
// sample book's internal part (leak-scanner.mjs says what is looked for and what is not, and
// why). The scanner is then shown to catch the leaks it exists for, on tampered builds made by
// the same assembler as the real one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COINCIDENCES, COMPETITOR_COINCIDENCES, competitorBookText, leakSignatures, scanDirectory, schemaVocabulary } from './leak-scanner.mjs';
import { repoRoot, siteDir } from './harness.mjs';
import { publicSiteDir } from './embedding.mjs';

const bookPath = join(repoRoot, 'pricebooks/edge-cdn.json');
const cli = process.env.EDGEQUOTE_CLI ?? join(repoRoot, 'build/native/core/edgequote');
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(repoRoot, 'build/native/wasm-build/wasm');
const assembler = join(repoRoot, 'cmake/assemble-public-site.mjs');
const competitorDir = join(repoRoot, 'pricebooks/competitors');
// As web/public-site.cmake runs it: the pages, and what a prospect page loads only on demand
// (the competitor comparison, when switched on).
const ENTRIES = ['--entry', 'prospect.html=index.html', '--entry', 'embed/frame.html', '--entry', 'embed/edge-quote.js',
  '--on-demand', 'elements/later/at-list-elsewhere.js', '--feature', 'compare', '--competitor-books', competitorDir];

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const schema = (name) => readJson(join(repoRoot, `pricebooks/schema/${name}.schema.json`));

function vocabulary() {
  const publicWords = new Set([
    ...schemaVocabulary(schema('pricebook'), new Set(['internal'])),
    ...schemaVocabulary(schema('quote')),
    ...schemaVocabulary(schema('priced-quote')),
  ]);
  return { public: publicWords, format: new Set([...publicWords, ...schemaVocabulary(schema('pricebook'))]) };
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

let scratch;
let book;
let signatures;
before(() => {
  assert.ok(existsSync(join(publicSiteDir, 'index.html')), `the prospect build is missing: build the site-public target (${publicSiteDir})`);
  scratch = mkdtempSync(join(tmpdir(), 'edgequote-leak-'));
  book = readJson(bookPath);
  const competitorBooks = ['index.json', ...readJson(join(competitorDir, 'index.json')).books].map((file) => readJson(join(competitorDir, file)));
  signatures = leakSignatures(book, vocabulary(), { publicText: competitorBookText(competitorBooks) });
});
after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// Builds a prospect site from `bookText` with the real assembler; `publicBook` replaces the
// engine's public step (to simulate one that forgets something).
function assemble(name, bookText, { publicBook, entries = ENTRIES } = {}) {
  const sourceBook = join(scratch, `${name}.json`);
  writeFileSync(sourceBook, bookText);
  const out = join(scratch, name);
  const extra = publicBook ? ['--public-book', join(scratch, `${name}.public.json`)] : ['--cli', cli];
  if (publicBook) writeFileSync(join(scratch, `${name}.public.json`), publicBook);
  execFileSync(process.execPath, [assembler, '--source', join(repoRoot, 'web'), '--out', out, '--wasm-dir', wasmDir,
    '--book', sourceBook, ...extra, ...entries], { stdio: 'pipe' });
  return out;
}

test('the scanner looks for every kind of internal data: text, rule ids, keys and numbers', () => {
  const kinds = new Set(signatures.map((s) => s.kind));
  assert.deepEqual([...kinds].sort(), ['key', 'number', 'text']);
  const what = new Set(signatures.map((s) => s.what));
  for (const expected of ['internal:', 'costs:', 'deal_bands:', 'floor_pct:', 'discount-over-10', 'deal_desk',
    'unit_price: 0.0015', 'low: 12000', 'high: 40000', 'threshold: 100000',
    'Costs are fully loaded (network, compute, staff) and confidential.']) {
    assert.ok(what.has(expected), `looks for ${expected}`);
  }
  assert.ok(signatures.length > 100, `${signatures.length} signatures`);
});

test('no key or value of the internal price book appears in any file of the prospect build', async () => {
  const { files, findings } = await scanDirectory(publicSiteDir, signatures);
  assert.ok(files >= 20, `scanned ${files} files`);
  assert.deepEqual(findings, [], `internal data in the prospect build:\n${findings.map((f) => `  ${f.file}: ${f.kind} ${f.what}`).join('\n')}`);
});

test('the prospect build ships its pages, the engine and the public book, and nothing of the rep site', () => {
  const files = filesUnder(publicSiteDir);
  for (const needed of ['index.html', 'prospect.js', 'embed/edge-quote.js', 'embed/frame.html', 'embed/frame.js', 'embed/protocol.js',
    'engine/edgequote.js', 'engine/edgequote-engine.mjs', 'engine/edgequote-engine.wasm', 'pricebooks/edge-cdn.public.json']) {
    assert.ok(files.includes(needed), `${needed} is shipped`);
  }
  // insights/quote-log.js is the quote-log record format a prospect's request travels as (README,
  // "Logs that flow"); it holds no book data (the scan above reads its content like every file's).
  const repOnly = files.filter((f) => /guidance-panel|approval-text|quote-configurator|quote-outcome|quote-diff|saved-quotes|insights(?!\/quote-log\.js$)|^main\.js$|scenarios|print/.test(f));
  assert.deepEqual(repOnly, [], 'rep-only files');
  // The public book, and the competitor books (other vendors' public list prices) for the comparison.
  const competitors = readJson(join(competitorDir, 'index.json')).books.map((file) => `pricebooks/competitors/${file}`);
  assert.deepEqual(files.filter((f) => f.startsWith('pricebooks/')).sort(),
    ['pricebooks/competitors/index.json', ...competitors, 'pricebooks/edge-cdn.public.json'].sort(), 'only the public book and the competitor books');
  for (const file of competitors) assert.equal('internal' in readJson(join(publicSiteDir, file)), false, `${file} has no internal part`);
  assert.deepEqual(files.filter((f) => /\.(gz|br|zst|zip|tar)$/.test(f)), [], 'no compressed file the scanner could not read');
  const shipped = readFileSync(join(publicSiteDir, 'pricebooks/edge-cdn.public.json'), 'utf8');
  assert.equal(shipped, execFileSync(cli, ['public', bookPath], { encoding: 'utf8' }), 'the book is exactly `edgequote public`');
  assert.equal('internal' in JSON.parse(shipped), false);
});

test('the comparison ships for prospects who switch it on, loaded on demand: the panel, its engine module, the books', () => {
  const files = filesUnder(publicSiteDir);
  for (const needed of ['elements/later/at-list-elsewhere.js', 'elements/later/at-list-elsewhere.css', 'engine/compare.js',
    'engine/feature-module.js', 'engine/edgequote-compare.mjs', 'engine/edgequote-compare.wasm', 'pricebooks/competitors/index.json']) {
    assert.ok(files.includes(needed), `${needed} is shipped`);
  }
  // Not on the page's first load: nothing the prospect page's HTML names or preloads.
  const html = readFileSync(join(publicSiteDir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /at-list-elsewhere|edgequote-compare|competitors/);
  // The other on-demand engine modules are not the prospect's: approvals (signed by reps) and insights.
  assert.deepEqual(files.filter((f) => /edgequote-(approvals|insights)|^engine\/(approvals|insights)\.js$/.test(f)), []);
});

test('the assembler refuses a competitor book with an internal part, and an on-demand module no page imports', () => {
  const dir = join(scratch, 'competitors-tampered');
  cpSync(competitorDir, dir, { recursive: true });
  const cloudfront = readJson(join(dir, 'aws-cloudfront.json'));
  cloudfront.internal = { costs: {} };
  writeFileSync(join(dir, 'aws-cloudfront.json'), JSON.stringify(cloudfront));
  const withBooks = ENTRIES.map((arg) => (arg === competitorDir ? dir : arg));
  assert.throws(() => assemble('competitor-internal', readFileSync(bookPath, 'utf8'), { entries: withBooks }),
    (error) => /aws-cloudfront\.json has an internal part/.test(String(error.stderr)));
  const stale = [...ENTRIES, '--on-demand', 'elements/guidance-panel-typo.js'];
  assert.throws(() => assemble('stale-on-demand', readFileSync(bookPath, 'utf8'), { entries: stale }),
    (error) => /--on-demand elements\/guidance-panel-typo\.js: no page imports it/.test(String(error.stderr)));
});

test('every allowed coincidence (an internal number equal to a public one) is still true', () => {
  const publicPart = { ...book };
  delete publicPart.internal;
  const text = JSON.stringify(publicPart);
  for (const [key, value, why] of COINCIDENCES) {
    assert.ok(text.includes(`"${key}":"${value}"`), `${key}: ${value} (${why}) is no longer public: remove it from COINCIDENCES`);
  }
});

test('every coincidence with a competitor book is still a public price there and an internal one here', () => {
  const internalPairs = JSON.stringify(book.internal);
  for (const [file, key, value, why] of COMPETITOR_COINCIDENCES) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    assert.ok(new RegExp(`"${key}":\\s*"${value.replace('.', '\\.')}"`).test(text), `${file}: ${key} ${value} (${why}) is no longer there: remove it`);
    assert.ok(internalPairs.includes(`"${key}":"${value}"`), `${key} ${value} (${why}) is no longer internal: remove it`);
    // Byte for byte the repository's book: nothing was added to it on the way into the build.
    assert.equal(readFileSync(join(publicSiteDir, file), 'utf8'), text, `${file} is shipped as written`);
  }
});

// --- the scanner catches what it is for ---------------------------------------------------------

test('flags the full price book dropped into a copy of the prospect build', async () => {
  const copy = join(scratch, 'dropped');
  cpSync(publicSiteDir, copy, { recursive: true });
  cpSync(bookPath, join(copy, 'pricebooks/edge-cdn.json'));
  const { findings } = await scanDirectory(copy, signatures);
  assert.ok(findings.length > 50, `${findings.length} findings`);
  assert.deepEqual([...new Set(findings.map((f) => f.file))], ['pricebooks/edge-cdn.json']);
  const what = new Set(findings.map((f) => f.what));
  for (const expected of ['internal:', 'deal_bands:', 'unit_price: 0.012', 'low: 12000', 'discount-over-40']) assert.ok(what.has(expected), expected);
});

test('flags the rep site, which ships the full book (as it should)', { skip: !existsSync(join(siteDir, 'pricebooks/edge-cdn.json')) }, async () => {
  const { findings } = await scanDirectory(siteDir, signatures);
  assert.ok(findings.some((f) => f.file === join('pricebooks', 'edge-cdn.json') && f.what === 'internal:'));
});

test('flags a new internal field when the public step forgets to strip it', async () => {
  const tampered = structuredClone(book);
  tampered.internal['x-win-notes'] = 'Lost Initech to a rival quoting 0.0042 per GB.';
  tampered.internal.competitor_prices = { rival: { unit_price: '0.0042' } };
  // A public step that strips only the internal fields it knew about.
  const careless = structuredClone(tampered);
  for (const known of ['notes', 'costs', 'guidance', 'approval']) delete careless.internal[known];
  const out = assemble('careless-public-step', JSON.stringify(tampered, null, 2), { publicBook: JSON.stringify(careless, null, 2) });
  const { findings } = await scanDirectory(out, leakSignatures(tampered, vocabulary()));
  const what = findings.map((f) => `${f.file}: ${f.what}`);
  for (const expected of ['internal:', 'x-win-notes', 'Lost Initech to a rival quoting 0.0042 per GB.', 'competitor_prices', 'unit_price: 0.0042']) {
    assert.ok(what.includes(`pricebooks/edge-cdn.public.json: ${expected}`), `flags ${expected}: ${what.join(', ')}`);
  }
});

test('flags internal values copied into the public part of the book, through the real public step', async () => {
  const tampered = structuredClone(book);
  const waf = tampered.products.find((p) => p.sku === 'waf');
  waf['x-cost'] = structuredClone(book.internal.costs.waf);
  const rule = book.internal.approval.rules.find((r) => r.id === 'lines-under-floor');
  waf.description = `${waf.description} ${rule.message}`;
  tampered.segments[0]['x-band'] = structuredClone(book.internal.guidance.deal_bands[tampered.segments[0].id]);
  const out = assemble('public-part-tampered', JSON.stringify(tampered, null, 2));
  const shipped = readJson(join(out, 'pricebooks/edge-cdn.public.json'));
  assert.equal('internal' in shipped, false, 'the engine stripped the internal part');
  const { findings } = await scanDirectory(out, leakSignatures(tampered, vocabulary()));
  const what = findings.map((f) => `${f.file}: ${f.what}`);
  const band = book.internal.guidance.deal_bands[tampered.segments[0].id];
  for (const expected of [`amount: ${book.internal.costs.waf.amount}`, rule.message, `low: ${band.low}`, `high: ${band.high}`]) {
    assert.ok(what.includes(`pricebooks/edge-cdn.public.json: ${expected}`), `flags ${expected}: ${what.join(', ')}`);
  }
});

test('flags internal text compiled into a script or the wasm bytes', async () => {
  const copy = join(scratch, 'code');
  cpSync(publicSiteDir, copy, { recursive: true });
  const message = book.internal.approval.rules[0].message;
  writeFileSync(join(copy, 'lib/format.js'), `${readFileSync(join(copy, 'lib/format.js'), 'utf8')}\nexport const HINT = { floor_pct: '70' };\n`);
  const wasm = readFileSync(join(copy, 'engine/edgequote-engine.wasm'));
  writeFileSync(join(copy, 'engine/edgequote-engine.wasm'), Buffer.concat([wasm, Buffer.from(`\0${message}\0`, 'utf8')]));
  writeFileSync(join(copy, 'embed/edge-quote.js.map'), JSON.stringify({ version: 3, sourcesContent: [`const id = "${book.internal.approval.rules[2].id}";`] }));
  const { findings } = await scanDirectory(copy, signatures);
  const what = findings.map((f) => `${f.file}: ${f.what}`);
  assert.ok(what.includes('lib/format.js: floor_pct:'), what.join(', '));
  assert.ok(what.includes('lib/format.js: floor_pct: 70'), what.join(', '));
  assert.ok(what.includes(`engine/edgequote-engine.wasm: ${message}`), what.join(', '));
  assert.ok(what.includes(`embed/edge-quote.js.map: ${book.internal.approval.rules[2].id}`), what.join(', '));
});
