// The JS API (web/engine/edgequote.js) on the sample book: loading, pricing, errors as
// PricingError with code and path, the public book, the codes, releasing.
// Run: node --test tests/node/api.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bookPath, cliPath, engineModule, engineOptions, examplesDir } from './support.mjs';

const { loadEngine, createEngine, PricingError } = await import(engineModule);
const engine = await loadEngine(await engineOptions());
const bookText = readFileSync(bookPath, 'utf8');
const book = await engine.loadPricebook(bookText);
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ name: f, text: readFileSync(join(examplesDir, f), 'utf8') }));

function cli(args, input) {
  try {
    return { status: 0, stdout: execFileSync(cliPath, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] }) };
  } catch (error) {
    return { status: error.status, stdout: error.stdout };
  }
}

function captured(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

test('loadEngine returns one engine however often it is called', async () => {
  assert.equal(await loadEngine(), engine);
  assert.equal(await loadEngine({ wasmUrl: 'ignored-after-the-first-call' }), engine);
});

test('a loaded book has its id, version, the SHA-256 of its exact text and its parsed JSON', () => {
  const parsed = JSON.parse(bookText);
  assert.equal(book.id, parsed.id);
  assert.equal(book.version, parsed.version);
  assert.equal(book.hash, createHash('sha256').update(bookText).digest('hex'));
  assert.deepEqual(book.book, parsed);
  assert.equal(typeof book.handle, 'number');
  assert.ok(Object.isFrozen(book));
});

test('a book given as an object loads like its JSON text', async () => {
  const parsed = JSON.parse(bookText);
  const again = await engine.loadPricebook(parsed);
  assert.equal(again.hash, createHash('sha256').update(JSON.stringify(parsed)).digest('hex'));
  assert.notEqual(again.handle, book.handle);
  assert.deepEqual(engine.price(again, examples[0].text), engine.price(book, examples[0].text));
  engine.releasePricebook(again);
});

test('every example quote prices to the CLI result, as an object', () => {
  assert.ok(examples.length >= 1);
  for (const { name, text } of examples) {
    const priced = engine.price(book, text);
    const native = cli(['price', bookPath, join(examplesDir, name)]);
    assert.equal(native.status, 0, name);
    assert.deepEqual(priced, JSON.parse(native.stdout), name);
    assert.deepEqual(priced.errors, []);
    // A quote object prices the same as its text.
    assert.deepEqual(engine.price(book, JSON.parse(text)), priced, name);
  }
});

test('summary detail leaves out tiers and waterfall and keeps every amount', () => {
  const full = engine.price(book, examples[0].text);
  const summary = engine.price(book, examples[0].text, { detail: 'summary' });
  assert.equal(summary.lines.length, full.lines.length);
  full.lines.forEach((line, i) => {
    const { tiers, waterfall, ...rest } = line;
    assert.ok(Array.isArray(tiers) && Array.isArray(waterfall));
    assert.deepEqual(summary.lines[i], rest);
  });
  assert.deepEqual(summary.totals, full.totals);
  assert.throws(() => engine.price(book, examples[0].text, { detail: 'everything' }), TypeError);
});

test('priceCanonical is the exact text of `edgequote price`, newline aside', () => {
  for (const { name } of examples) {
    const path = join(examplesDir, name);
    const text = readFileSync(path, 'utf8');
    assert.equal(engine.priceCanonical(book, text) + '\n', cli(['price', bookPath, path]).stdout, name);
    assert.equal(engine.priceCanonical(book, text, { detail: 'summary' }) + '\n', cli(['price', bookPath, path, '--summary']).stdout, name);
  }
});

test('an invalid quote throws PricingError with every error, the first as code and path', () => {
  const quote = JSON.parse(examples[0].text);
  quote.lines[0].sku = 'no-such-sku';
  quote.term_months = 7;
  const error = captured(() => engine.price(book, quote));
  assert.ok(error instanceof PricingError && error instanceof Error);
  assert.equal(error.name, 'PricingError');
  assert.ok(error.errors.length >= 2, JSON.stringify(error.errors));
  assert.equal(error.code, error.errors[0].code);
  assert.equal(error.path, error.errors[0].path);
  assert.equal(error.message, error.errors[0].message);
  const byCode = Object.fromEntries(error.errors.map((e) => [e.code, e.path]));
  assert.equal(byCode.unknown_sku, '/lines/0/sku');
  assert.equal(byCode.term_not_offered, '/term_months');
  for (const e of error.errors) assert.deepEqual(Object.keys(e), ['code', 'path', 'message']);
});

test('errors come with the same code and path as the CLI reports', () => {
  const quote = JSON.parse(examples[0].text);
  quote.lines[0].quantity = 1.5;
  const error = captured(() => engine.price(book, quote));
  assert.equal(error.code, 'float_not_allowed');
  assert.equal(error.path, '/lines/0/quantity');
  const native = cli(['reprice', bookPath], JSON.stringify(quote) + '\n');
  assert.deepEqual(error.errors, JSON.parse(native.stdout).errors);
});

test('invalid JSON is an error value with an empty path, not an exception from the parser', () => {
  const error = captured(() => engine.price(book, '{"lines": ['));
  assert.ok(error instanceof PricingError);
  assert.equal(error.code, 'invalid_json');
  assert.equal(error.path, '');
});

test('an invalid book throws PricingError with every problem and its JSON path', async () => {
  const broken = JSON.parse(bookText);
  broken.currency = 'XXX';
  broken.products[0].price = { model: 'graduated', tiers: [] };
  const error = await engine.loadPricebook(broken).then(() => assert.fail('loaded'), (e) => e);
  assert.ok(error instanceof PricingError);
  const byCode = Object.fromEntries(error.errors.map((e) => [e.code, e.path]));
  assert.equal(byCode.unknown_currency, '/currency');
  assert.equal(byCode.empty_tiers, '/products/0/price/tiers');
  assert.deepEqual(engine.validatePricebook(broken), error.errors);
  assert.deepEqual(engine.validatePricebook(bookText), []);
});

test('the public book is exactly what `edgequote public` writes, without the internal part', () => {
  const text = engine.publicPricebook(bookText);
  assert.equal(text, cli(['public', bookPath]).stdout);
  assert.equal(JSON.parse(text).internal, undefined);
  assert.deepEqual(JSON.parse(engine.publicPricebook(JSON.parse(bookText))), JSON.parse(text));
  const error = captured(() => engine.publicPricebook('{"id": 1}'));
  assert.ok(error instanceof PricingError);
  assert.ok(error.errors.some((e) => e.code === 'wrong_type' && e.path === '/id'), JSON.stringify(error.errors));
});

test('a public book prices quotes without internal data: no costs, no approval', async () => {
  const publicBook = await engine.loadPricebook(engine.publicPricebook(bookText));
  const priced = engine.price(publicBook, examples[0].text);
  assert.equal(priced.approval, null);
  assert.equal(priced.totals.margin_pct, null);
  engine.releasePricebook(publicBook);
});

test('errorCodes lists the CLI\'s codes with their meaning, then the binding\'s own', () => {
  const codes = engine.errorCodes();
  const native = JSON.parse(cli(['codes']).stdout).codes;
  assert.deepEqual(codes.slice(0, native.length), native);
  const own = codes.slice(native.length).map((c) => c.code);
  assert.deepEqual(own, ['unknown_handle', 'engine_restarted']);
  for (const c of codes) assert.ok(c.code && c.description, JSON.stringify(c));
  codes[0].code = 'changed by the caller';
  assert.notEqual(engine.errorCodes()[0].code, 'changed by the caller');
});

test('every error a priced quote can carry has a listed code', () => {
  const listed = new Set(engine.errorCodes().map((c) => c.code));
  const quote = JSON.parse(examples[0].text);
  quote.lines.push({ sku: 'delivery', quantity: '-1', region: 'mars' }, { sku: 'x' }, 7);
  const error = captured(() => engine.price(book, quote));
  for (const e of error.errors) assert.ok(listed.has(e.code), e.code);
});

test('a released book can no longer be used, and other books are unaffected', async () => {
  const extra = await engine.loadPricebook(bookText);
  engine.releasePricebook(extra);
  const error = captured(() => engine.price(extra, examples[0].text));
  assert.equal(error.code, 'unknown_handle');
  assert.equal(captured(() => engine.releasePricebook(extra)).code, 'unknown_handle');
  assert.equal(captured(() => engine.price({ ...book }, examples[0].text)).code, 'unknown_handle');
  assert.equal(captured(() => engine.price(null, examples[0].text)).code, 'unknown_handle');
  assert.ok(engine.price(book, examples[0].text).lines.length > 0);
});

test('separate engines are independent', async () => {
  const other = await createEngine(await engineOptions());
  assert.notEqual(other, engine);
  const otherBook = await other.loadPricebook(bookText);
  assert.equal(captured(() => engine.price(otherBook, examples[0].text)).code, 'unknown_handle');
  assert.deepEqual(other.price(otherBook, examples[0].text), engine.price(book, examples[0].text));
});

test('without WebCrypto (an insecure context) a book loads with no hash', async () => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
  try {
    const unhashed = await engine.loadPricebook(bookText);
    assert.equal(unhashed.hash, null);
    assert.ok(engine.price(unhashed, examples[0].text).lines.length > 0);
    engine.releasePricebook(unhashed);
  } finally {
    Object.defineProperty(globalThis, 'crypto', descriptor);
  }
  assert.equal(typeof globalThis.crypto.subtle.digest, 'function');
});
