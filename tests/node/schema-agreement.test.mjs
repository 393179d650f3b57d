// The JSON Schemas and the engine agree on every number field: the same candidate values (plain,
// signed, "-0", leading zeros, too many digits, out of range, exponents, JSON integers and
// floats) are put in one field of a valid document at a time, and the schema accepts exactly
// those the engine reads without a format error at that field. (Once "-0" and a rate of 150
// passed the engine while the schemas refused them; a 37-digit amount passed the schemas while
// the engine refused it.)
//
// Not compared, because a schema cannot see them or JavaScript cannot carry them:
//  - semantic rules at the same path (a term the book does not offer, tiers that overlap, a
//    package size of 0, a duplicate term): only format codes count as the engine's refusal;
//  - the 10^18 limit in the product's unit (it depends on the line's unit): lines here are
//    entered in their product's unit;
//  - integers past 2^53, which JSON.parse rounds before the schema sees them, and whole numbers
//    written with a fraction or an exponent (1.0, 1e3), which JSON.parse makes the integers 1
//    and 1000 before the schema sees them (the engine refuses them: float_not_allowed).
// Run: node --test tests/node/schema-agreement.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sourceDir, engineModule, engineOptions } from './support.mjs';

const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(sourceDir, 'pricebooks/schema', name), 'utf8')));
const validateBook = schema('pricebook.schema.json');
const validateQuote = schema('quote.schema.json');

const bookText = readFileSync(join(sourceDir, 'pricebooks/edge-cdn.json'), 'utf8');
const quoteText = readFileSync(join(sourceDir, 'pricebooks/examples/enterprise-in-band.json'), 'utf8');
const loadedBook = await engine.loadPricebook(bookText);

// The codes that say "this value is not written as the format allows" (not a business rule).
const formatCodes = new Set(['wrong_type', 'float_not_allowed', 'expected_decimal_string', 'invalid_decimal',
  'negative_value', 'discount_out_of_range', 'rate_out_of_range', 'quantity_too_large', 'region_mix_sum']);

const digits36 = '1' + '0'.repeat(35), digits37 = '1' + '0'.repeat(36);
const strings = ['0', '1', '12.5', '0.085', '-0', '-0.0', '-1', '-12.5', '01', '0100', '00.5', '1.', '.5', '+1', '1e3',
  ' 1', '1 ', '', 'abc', '100', '100.0', '100.000', '100.01', '101', '99.999', '1200', '1200.0', '1201', '9999',
  digits36, digits37, `0.${'0'.repeat(23)}1`, `0.${'0'.repeat(24)}1`, `${'0'.repeat(40)}1`, `1.${'0'.repeat(24)}`,
  `1.${'0'.repeat(25)}`, `${'1'.repeat(20)}.${'1'.repeat(16)}`, `${'1'.repeat(20)}.${'1'.repeat(17)}`,
  '1000000000000000000', '1000000000000000000.0', '1000000000000000000.5', '999999999999999999.999'];
// JSON texts put in as they are (numbers, not strings).
const raw = ['0', '1', '5', '100', '101', '1200', '1201', '-1', '-0', '1.5', '2.5e-1', '1000000000000000000', 'true', 'null'];
const candidates = [...strings.map((s) => JSON.stringify(s)), ...raw];

// The fields compared: where the value goes (a JSON Pointer) in the book or the quote.
const fields = [
  { doc: 'book', path: '/products/3/price/amount', kind: 'money' },
  { doc: 'book', path: '/products/12/price/rate', kind: 'percent (rate)' },
  { doc: 'book', path: '/terms/1/discount_pct', kind: 'percent' },
  { doc: 'book', path: '/commits/0/discount_pct', kind: 'percent' },
  { doc: 'book', path: '/internal/approval/rules/0/threshold', kind: 'signed decimal' },
  { doc: 'book', path: '/bundles/0/includes/1/quantity', kind: 'quantity' },
  { doc: 'quote', path: '/lines/2/quantity', kind: 'quantity (quote)' },
  { doc: 'quote', path: '/lines/0/discount_pct', kind: 'percent (quote)' },
  { doc: 'quote', path: '/discount_pct', kind: 'percent (quote)' },
  { doc: 'quote', path: '/customer/incumbent_monthly', kind: 'money (quote)' },
  { doc: 'quote', path: '/term_months', kind: 'months' },
];

// `text` with the value at `path` replaced by the raw JSON `value` (so 1e3 and -0 stay as written).
function withValue(text, path, value) {
  const doc = JSON.parse(text);
  const keys = path.split('/').slice(1);
  let node = doc;
  for (const key of keys.slice(0, -1)) node = node[key];
  const marker = '__edgequote_value__';
  node[keys.at(-1)] = marker;
  return JSON.stringify(doc).replace(`"${marker}"`, value);
}

async function engineRefuses(field, text) {
  try {
    if (field.doc === 'book') await engine.loadPricebook(text);
    else engine.price(loadedBook, text);
    return false;
  } catch (e) {
    assert.ok(e instanceof PricingError, String(e));
    return e.errors.some((err) => err.path === field.path && formatCodes.has(err.code));
  }
}

test('the schemas and the engine accept and refuse the same values in every number field', async () => {
  const disagreements = [];
  let compared = 0;
  for (const field of fields) {
    const base = field.doc === 'book' ? bookText : quoteText;
    for (const value of candidates) {
      const text = withValue(base, field.path, value);
      const schemaAccepts = (field.doc === 'book' ? validateBook : validateQuote)(JSON.parse(text));
      const engineAccepts = !(await engineRefuses(field, text));
      compared++;
      if (schemaAccepts !== engineAccepts)
        disagreements.push(`${field.kind} ${field.path} = ${value}: schema ${schemaAccepts ? 'accepts' : 'refuses'}, engine ${engineAccepts ? 'accepts' : 'refuses'}`);
    }
  }
  assert.deepEqual(disagreements, [], `${disagreements.length} of ${compared} disagree:\n${disagreements.join('\n')}`);
  assert.ok(compared > 500);
});

test('the schemas carry the engine\'s limits on products, tiers and lines', () => {
  const book = JSON.parse(readFileSync(join(sourceDir, 'pricebooks/schema/pricebook.schema.json'), 'utf8'));
  const quote = JSON.parse(readFileSync(join(sourceDir, 'pricebooks/schema/quote.schema.json'), 'utf8'));
  assert.equal(book.properties.products.maxItems, 10000);
  assert.equal(book.$defs.tiers.maxItems, 1000);
  assert.equal(quote.properties.lines.maxItems, 20000);
});
