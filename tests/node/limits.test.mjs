// Books at and past the engine's limits, and hostile books, are accepted or refused the same way
// by the wasm module (what the page runs) and the native CLI: a requires chain as long as a book
// may be (the cycle check once recursed per link: 10,000 links overflowed the wasm stack while
// the CLI accepted the book), too many products, duplicate keys. `edgequote validate` writes its
// JSON through the writer (an id with quotes once forged its output).
// Run: node --test tests/node/limits.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, engineModule, engineOptions } from './support.mjs';

const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const limits = Object.fromEntries(engine.errorCodes().map((c) => [c.code, c]));
const dir = mkdtempSync(join(tmpdir(), 'edgequote-limits-'));

function chainBook(products, { cycle = false } = {}) {
  const list = [];
  for (let i = 0; i < products; i++) {
    const p = { sku: `p${i}`, category: 'c', unit: 'unit', price: { model: 'per_unit', unit_price: '1' } };
    if (i > 0) p.requires = [`p${i - 1}`];
    list.push(p);
  }
  if (cycle) list[0].requires = [`p${products - 1}`];
  return {
    schema_version: '1.0', id: 'chain', version: '1', effective_from: '2026-01-01', currency: 'USD',
    units: [{ id: 'unit', dimension: 'count', factor: '1' }], regions: [], segments: [{ id: 's' }],
    products: list, terms: [{ months: 1 }],
  };
}

// The CLI's verdict on a book: null when valid, else its first error.
function cliValidate(text, name) {
  const path = join(dir, name);
  writeFileSync(path, text);
  try {
    return { ok: JSON.parse(execFileSync(cliPath, ['validate', path], { stdio: ['ignore', 'pipe', 'pipe'] }).toString()) };
  } catch (e) {
    assert.equal(e.status, 2, `${name}: exit status`);
    return { error: JSON.parse(e.stdout.toString()).errors[0] };
  }
}

async function wasmLoad(text) {
  try {
    await engine.loadPricebook(text);
    return {};
  } catch (e) {
    assert.ok(e instanceof PricingError, String(e));
    return { error: { code: e.code, path: e.path } };
  }
}

async function sameVerdict(text, name) {
  const native = cliValidate(text, name);
  const wasm = await wasmLoad(text);
  assert.equal(wasm.error?.code, native.error?.code, `${name}: wasm and CLI agree`);
  assert.equal(wasm.error?.path, native.error?.path, `${name}: same path`);
  return native;
}

test('the error codes for the limits are exported by the module', () => {
  for (const code of ['too_many_products', 'too_many_tiers', 'duplicate_key', 'rate_out_of_range']) assert.ok(limits[code], code);
});

test('a requires chain of 10,000 products (the most a book may have) loads in wasm and in the CLI', async () => {
  const verdict = await sameVerdict(JSON.stringify(chainBook(10000)), 'chain.json');
  assert.equal(verdict.ok.products, 10000);
  const cycle = await sameVerdict(JSON.stringify(chainBook(10000, { cycle: true })), 'cycle.json');
  assert.equal(cycle.error.code, 'requires_cycle');
});

test('a book with 10,001 products is refused by both, with too_many_products', async () => {
  const verdict = await sameVerdict(JSON.stringify(chainBook(10001)), 'too-many.json');
  assert.deepEqual([verdict.error.code, verdict.error.path], ['too_many_products', '/products']);
});

test('a key given twice is refused by both, with duplicate_key and its path', async () => {
  const text = JSON.stringify(chainBook(2)).replace('"unit_price":"1"', '"unit_price":"1","unit_price":"0.01"');
  const verdict = await sameVerdict(text, 'duplicate.json');
  assert.deepEqual([verdict.error.code, verdict.error.path], ['duplicate_key', '/products/0/price/unit_price']);
  const book = await engine.loadPricebook(JSON.stringify(chainBook(2)));
  const quote = '{"schema_version":"1.0","pricebook":{"id":"chain","version":"1"},"customer":{"segment":"s"},"customer":{"segment":"s"},"term_months":1,"lines":[]}';
  assert.throws(() => engine.price(book, quote), (e) => e.code === 'duplicate_key' && e.path === '/customer');
});

test('validate writes the id and version as JSON strings, escaped', () => {
  const book = chainBook(1);
  book.id = 'a"b\\c\n","valid":false,"x":"';
  book.version = '1"}';
  const verdict = cliValidate(JSON.stringify(book), 'escaped.json');
  assert.equal(verdict.ok.valid, true);
  assert.equal(verdict.ok.id, book.id);
  assert.equal(verdict.ok.version, book.version);
});
