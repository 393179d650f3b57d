// A large export is written in parts (web/lib/json-parts.js), a part per task: held here to
// JSON.stringify's own text, byte for byte, on every kind of value it walks or leaves to
// JSON.stringify, at every indent and step, and on a 5,000-line export with its priced result.
// Run: node --test tests/node/json-parts.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceDir } from './support.mjs';

const { jsonTextParts } = await import(pathToFileURL(join(sourceDir, 'web/lib/json-parts.js')));
const { exportJson, exportJsonParts } = await import(pathToFileURL(join(sourceDir, 'web/lib/exporters.js')));
const { customerJson, customerJsonParts, customerView } = await import(pathToFileURL(join(sourceDir, 'web/lib/customer-copy.js')));

const joined = (value, options) => [...jsonTextParts(value, options)].join('');

// What JSON.stringify does with each awkward value, at each depth the writer walks or not.
const AWKWARD = {
  empty: {},
  emptyList: [],
  nested: { a: { b: { c: { d: [1, [2, [3, []]], {}] } } } },
  holes: [undefined, () => 1, Symbol('s'), null, 0, -0, NaN, Infinity, 'x'],
  skipped: { u: undefined, f: () => 1, s: Symbol('s'), kept: 1 },
  onlySkipped: { u: undefined },
  date: new Date(Date.UTC(2026, 11, 7)),
  withToJSON: { toJSON: () => ({ replaced: ['by', 'this'] }) },
  strings: ['line\nbreak', 'tab\t', 'quote"', 'back\\slash', 'é ✓ 💡', '\u2028\u2029', '</script>'],
  keys: { 'new\nline': 1, '': 2, '"': 3, __proto__x: 4, 10: 5, 2: 6 },
  numbers: [1e21, 1e-7, -1.5, 2 ** 53 + 2, 0.1 + 0.2],
  booleans: [true, false],
};

test('every awkward value is written as JSON.stringify writes it, at every indent, step and depth', () => {
  for (const indent of [0, 1, 2, 4]) {
    for (const step of [1, 2, 3, 250]) {
      for (const depth of [0, 1, 2, 3, 6]) {
        const options = { indent, step, depth };
        assert.equal(joined(AWKWARD, options), JSON.stringify(AWKWARD, null, indent), JSON.stringify(options));
        for (const [name, value] of Object.entries(AWKWARD)) {
          assert.equal(joined(value, options), JSON.stringify(value, null, indent), `${name} ${JSON.stringify(options)}`);
        }
      }
    }
  }
});

test('values at the top are written as JSON.stringify writes them', () => {
  for (const value of [null, 0, 'text', true, [], {}, [[]], [{}], new Date(0)]) {
    assert.equal(joined(value), JSON.stringify(value, null, 2));
  }
});

// A seeded generator of nested values (objects, arrays, strings, numbers) for the property below.
function randomValue(random, level) {
  const pick = random() * (level > 4 ? 0.5 : 1);
  if (pick < 0.15) return Math.floor(random() * 2000) - 1000;
  if (pick < 0.25) return random() < 0.5 ? null : random() < 0.5;
  if (pick < 0.45) return `s${Math.floor(random() * 1e6)}\n"${'é'.repeat(Math.floor(random() * 3))}`;
  if (pick < 0.5) return undefined;
  if (pick < 0.75) return Array.from({ length: Math.floor(random() * 7) }, () => randomValue(random, level + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, (_, i) => [`k${i}${random() < 0.1 ? '\n' : ''}`, randomValue(random, level + 1)]));
}

test('2,000 seeded random documents are written as JSON.stringify writes them', () => {
  let seed = 20261207;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 2000; i += 1) {
    const value = randomValue(random, 0);
    if (value === undefined) continue; // JSON.stringify's text of nothing is no text
    const options = { indent: [0, 2][i % 2], step: 1 + (i % 4), depth: i % 5 };
    assert.equal(joined(value, options), JSON.stringify(value, null, options.indent), `document ${i}`);
  }
});

// Each part is a step of elements, those of a small list gathered up to 64 KB: a bounded piece
// of work per task.
test('a long list is handed out in parts of a step of elements, or 64 KB', () => {
  const list = Array.from({ length: 1000 }, (_, i) => ({ i, text: 'x'.repeat(1000) }));
  const parts = [...jsonTextParts({ quote: { lines: list } }, { step: 10 })];
  assert.ok(parts.length >= 14, `${parts.length} parts`);
  assert.ok(Math.max(...parts.map((p) => p.length)) < 65536 + 10 * 1100, 'no part holds much more than 64 KB and a step');
  const big = [...jsonTextParts({ quote: { lines: list } }, { step: 200 })];
  assert.ok(big.length >= 5 && Math.max(...big.map((p) => p.length)) < 65536 + 200 * 1100, `${big.length} parts`);
});

test("a 5,000-line export's parts are the one-pass export's text", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => ({ sku: `sku-${i % 17}`, region: 'na', quantity: String(i), unit: 'GB' }));
  const priced = { totals: { net_monthly: '1.00' }, lines: lines.map((line, i) => ({ ...line, net: `${i}.00`, tiers: [{ from: '0', to: null, unit_price: '0.01' }] })) };
  const record = { title: 'Big', quote: { customer: { name: 'A' }, lines }, outcome: { status: 'open' }, approvals: [], scenarios: [] };
  const book = { id: 'edge-cdn', version: '2026.1' };
  const parts = [...exportJsonParts(record, priced, book, '2026-12-07T00:00:00.000Z')];
  assert.ok(parts.length > 20, `${parts.length} parts`);
  assert.equal(parts.join(''), exportJson(record, priced, book, '2026-12-07T00:00:00.000Z'));
  assert.equal(exportJson(record, priced, book, '2026-12-07T00:00:00.000Z'),
    `${JSON.stringify({ format: JSON.parse(parts.join('')).format, version: 1, exported_at: '2026-12-07T00:00:00.000Z', title: 'Big', pricebook: book, quote: record.quote, outcome: record.outcome, approvals: [], scenarios: [], priced }, null, 2)}\n`);
});

test("the customer's JSON of 5,000 lines, in parts, is JSON.stringify's text of the customer's view", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => ({ sku: `sku-${i % 17}`, name: `Line "${i}"`, billing: 'monthly', quantity: String(i), unit: 'GB', list: `${i}.50`, discount_pct: '1', net: `${i}.00`, cost: '1' }));
  const priced = { pricebook: { id: 'edge-cdn', version: '1', currency: 'USD' }, customer: { name: 'A' }, term_months: 12, bundle: 'b', commit_monthly_spend: null, lines, totals: { list_monthly: '1', discount_pct: '0', net_monthly: '1', one_time: '0', tcv: '12' } };
  const parts = [...customerJsonParts(priced, { approved: false })];
  assert.ok(parts.length > 10, `${parts.length} parts`);
  assert.equal(parts.join(''), `${JSON.stringify(customerView(priced, { approved: false }), null, 2)}\n`);
  assert.equal(customerJson(priced, { approved: true }), `${JSON.stringify(customerView(priced, { approved: true }), null, 2)}\n`);
});
