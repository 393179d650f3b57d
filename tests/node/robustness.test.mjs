// Nothing a user can type or paste crashes the module: every bad input comes back as an error
// value with a code; and when the module does abort, the wrapper restarts it, reloads its books,
// says so, and keeps working.
// Run: node --test tests/node/robustness.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bookPath, engineModule, engineOptions, largeQuote, random } from './support.mjs';

const { createEngine, PricingError } = await import(engineModule);
const options = await engineOptions();
const engine = await createEngine(options);
const bookText = readFileSync(bookPath, 'utf8');
const book = await engine.loadPricebook(bookText);
const codes = new Set(engine.errorCodes().map((c) => c.code));
const goodQuote = largeQuote(book.book, 8, 1);

function errorOf(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}

// The input must be refused with a listed code, and the engine must still price afterwards.
function assertRefused(input, expectedCode) {
  for (const detail of ['full', 'summary']) {
    const error = errorOf(() => engine.price(book, input, { detail }));
    assert.ok(error instanceof PricingError, `not a PricingError: ${error}`);
    assert.ok(codes.has(error.code), error.code);
    if (expectedCode) assert.equal(error.code, expectedCode, JSON.stringify(error.errors.slice(0, 3)));
    assert.equal(typeof error.path, 'string');
  }
  assert.ok(engine.price(book, goodQuote).lines.length > 0);
  assert.equal(engine.restarts, 0, 'the module aborted');
}

const header = `"schema_version":"1.0","pricebook":{"id":"${book.id}","version":"${book.version}"},"customer":{"name":"X","segment":"${book.book.segments[0].id}"},"term_months":${book.book.terms[0].months}`;

test('malformed JSON of every kind is invalid_json', () => {
  for (const text of ['', ' ', '{', '}', '{"a":}', '[1,2', 'nul', 'NaN', '{"a":1,}', "{'a':1}", '\u0000', '{"a":"\\x"}', '{"a":"\\ud800"}', '"\u0001"']) {
    assertRefused(text, 'invalid_json');
  }
});

test('text that is valid JSON but not a quote gives a type error at the root', () => {
  for (const text of ['null', 'true', '0', '-1', '"quote"', '[]', '[{}]', '1e999']) {
    const error = errorOf(() => engine.price(book, text));
    assert.ok(error instanceof PricingError && codes.has(error.code), String(error));
  }
  assertRefused('{}');
});

test('huge and absurd numbers are refused, not wrapped or rounded', () => {
  const cases = {
    '1e400': 'invalid_json',  // out of any number's range: the parser refuses the text
    '0.1': 'float_not_allowed',
    '123456789012345678901234567890': 'quantity_too_large',  // an integer past 64 bits, as 10^19 is
    '-123456789012345678901234567890': 'quantity_too_large',
    '1.5e3': 'float_not_allowed',
    '"-0"': 'negative_value',  // the schema's pattern has no sign
    '"1000000000000000000000"': 'quantity_too_large',
    '"99999999999999999999999999999999999999999999"': 'invalid_decimal',
    '"-0.5"': 'negative_value',
    '"1e5"': 'invalid_decimal',
    '" 12"': 'invalid_decimal',
    '"0x10"': 'invalid_decimal',
    '"NaN"': 'invalid_decimal',
    '"Infinity"': 'invalid_decimal',
    '""': 'invalid_decimal',
    'true': 'wrong_type',
    '{}': 'wrong_type',
  };
  for (const [quantity, code] of Object.entries(cases)) {
    const text = `{${header},"lines":[{"sku":"${goodQuote.lines[0].sku}","quantity":${quantity}${goodQuote.lines[0].region ? `,"region":"${goodQuote.lines[0].region}"` : ''}}]}`;
    const error = errorOf(() => engine.price(book, text));
    assert.ok(error instanceof PricingError, quantity);
    assert.ok(codes.has(error.code), `${quantity}: ${error.code}`);
    assert.equal(error.code, code, `${quantity}: ${JSON.stringify(error.errors)}`);
    assert.equal(error.path, code === 'invalid_json' ? '' : '/lines/0/quantity', quantity);
  }
});

// Quantities near 10^18 in a unit with a factor: either priced exactly (checked with BigInt
// arithmetic) or refused with the error overflow — never priced from a wrapped or lost number.
test('an amount past exact arithmetic is the error overflow, or exact, never wrapped', () => {
  const parsed = JSON.parse(bookText);
  const product = parsed.products.find((p) => p.price?.model === 'per_unit' && !p.regional);
  const quantity = '1000000000000000000';
  const quote = { ...JSON.parse(`{${header}}`), lines: [{ sku: product.sku, quantity, unit: product.unit }] };
  const error = errorOf(() => engine.price(book, quote));
  if (error) {
    assert.ok(error instanceof PricingError);
    assert.equal(error.code, 'overflow');
    return;
  }
  const priced = engine.price(book, quote, { detail: 'full' });
  const [whole, fraction = ''] = product.price.unit_price.split('.');
  const scaled = BigInt(whole + fraction) * BigInt(quantity);  // in 10^-fraction.length units
  const cents = (scaled * 100n) / 10n ** BigInt(fraction.length);  // exact here: no rounding needed
  const line = priced.lines.find((l) => l.sku === product.sku);
  assert.equal(line.list.replace('.', ''), cents.toString());
});

test('deep nesting is refused before parsing, without exhausting any stack', () => {
  for (const depth of [65, 1000, 100000, 1000000]) {
    assertRefused('['.repeat(depth) + ']'.repeat(depth), 'too_deep');
    assertRefused('{"a":'.repeat(depth) + '1' + '}'.repeat(depth), 'too_deep');
  }
  // Unbalanced and deep: still refused.
  assertRefused('['.repeat(200000), 'too_deep');
});

test('documents over the size limit are refused before parsing', () => {
  const filler = ' '.repeat(17 * 1024 * 1024);
  assertRefused(`{${header},"lines":[]}${filler}`, 'input_too_large');
  const error = errorOf(() => engine.validatePricebook(`${bookText}${filler}`));
  assert.equal(error, null);
  assert.equal(engine.validatePricebook(`${bookText}${filler}`)[0].code, 'input_too_large');
});

test('too many lines are refused, and the largest allowed quote still prices', () => {
  const tooMany = { ...JSON.parse(`{${header}}`), lines: Array.from({ length: 20001 }, () => ({ sku: 'x' })) };
  assertRefused(tooMany, 'too_many_lines');
});

test('random bytes, random JSON-ish text and mutated quotes never crash the module', () => {
  const rng = random(2024);
  const good = JSON.stringify(goodQuote);
  const alphabet = '{}[]":,0123456789.-eE truefalsnul\\/\u00e9\u4e2d\ud83d\ude00\u0000\n\t';
  for (let i = 0; i < 600; i++) {
    let text;
    const kind = i % 4;
    if (kind === 0) {
      const bytes = Uint8Array.from({ length: rng.int(300) }, () => rng.int(256));
      text = new TextDecoder('latin1').decode(bytes);
    } else if (kind === 1) {
      text = Array.from({ length: rng.int(200) }, () => alphabet[rng.int(alphabet.length)]).join('');
    } else if (kind === 2) {
      // A valid quote with a few bytes changed, deleted or duplicated.
      const chars = [...good];
      for (let k = 0; k < 1 + rng.int(4); k++) {
        const at = rng.int(chars.length);
        const op = rng.int(3);
        if (op === 0) chars[at] = alphabet[rng.int(alphabet.length)];
        else if (op === 1) chars.splice(at, 1);
        else chars.splice(at, 0, chars[at]);
      }
      text = chars.join('');
    } else {
      // A valid quote with a field replaced by a value of another type.
      const quote = structuredClone(goodQuote);
      const values = [null, true, 0, -1, 2 ** 53, 1e308, '', 'x'.repeat(10000), [], {}, [[[]]], '\u0000', '-0', '1.'];
      const line = quote.lines[rng.int(quote.lines.length)];
      const targets = [[quote, 'term_months'], [quote, 'customer'], [quote.customer, 'segment'], [quote, 'lines'], [line, 'sku'], [line, 'quantity'], [line, 'region_mix'], [line, 'discount_pct'], [quote, 'pricebook'], [quote, 'bundle'], [quote, 'commit']];
      const [object, key] = rng.pick(targets);
      object[key] = rng.pick(values);
      text = JSON.stringify(quote);
    }
    for (const detail of ['full', 'summary']) {
      const out = engine.priceCanonical(book, text, { detail });
      const priced = JSON.parse(out);
      if (priced.errors.length) {
        for (const e of priced.errors) assert.ok(codes.has(e.code), e.code);
        assert.deepEqual(priced.lines, []);
      }
    }
  }
  assert.equal(engine.restarts, 0);
  assert.ok(engine.price(book, goodQuote).lines.length > 0);
});

test('garbage price books are refused with error values', () => {
  const rng = random(77);
  const values = [null, true, -1, 1.5, '', 'x', [], {}, [{}], '1e3', '-0.001'];
  const parsed = JSON.parse(bookText);
  const paths = [];
  (function walk(node, path) {
    if (path.length > 6) return;
    if (node && typeof node === 'object') for (const key of Object.keys(node)) { paths.push([...path, key]); walk(node[key], [...path, key]); }
  })(parsed, []);
  for (let i = 0; i < 300; i++) {
    const copy = structuredClone(parsed);
    const path = rng.pick(paths);
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key];
    node[path.at(-1)] = rng.pick(values);
    for (const e of engine.validatePricebook(copy)) assert.ok(codes.has(e.code), e.code);
    const out = errorOf(() => engine.publicPricebook(copy));
    if (out) assert.ok(out instanceof PricingError && codes.has(out.code), String(out));
  }
  assert.equal(engine.restarts, 0);
});

test('strings with every kind of character round-trip through the boundary', () => {
  const quote = structuredClone(goodQuote);
  const names = ['Zoë & Søn', '株式会社テスト', 'emoji 😀 and \u2028 separators', 'quote " backslash \\ tab \t', 'nul \u0000 inside', 'x'.repeat(100000)];
  for (const name of names) {
    quote.customer.name = name;
    assert.equal(engine.price(book, quote).customer.name, name);
  }
});

// Emscripten's abort() as the module imports it: "env"."abort" in a plain build; under a size
// build the import names are minified, so it is found by its function name instead.
function abortImport(imports) {
  if (imports.env?.abort) return imports.env.abort;
  for (const table of Object.values(imports))
    for (const fn of Object.values(table)) if (typeof fn === 'function' && fn.name === '_abort') return fn;
  throw new Error('no abort import found');
}

// Makes the module's price() abort (Emscripten's own abort(), as an out-of-memory or a failed
// check inside the engine would) when the quote names "abort-now". The quote's text is in the
// module's input buffer (wasm/bindings.cpp); price() gets its length.
function abortOnAbortNow(module, abort) {
  const { price, inputBuffer } = module;
  let input = 0;
  module.inputBuffer = (capacity) => (input = inputBuffer(capacity));
  module.price = (handle, length, summary) => {
    const text = new TextDecoder().decode(module.HEAPU8.subarray(input, input + length));
    return text.includes('abort-now') ? abort() : price(handle, length, summary);
  };
  return module;
}

test('when the module aborts, the call fails with engine_restarted, books are reloaded and work goes on', async () => {
  // A factory that hands the real module out but aborts it (Emscripten's own abort(), as an
  // out-of-memory or a failed check inside the engine would) when a quote names "abort-now".
  const { default: realFactory } = await import(options.moduleUrl);
  let created = 0;
  const createModule = (moduleOptions) => {
    created += 1;
    let abort;
    const instantiate = moduleOptions.instantiateWasm;
    moduleOptions.instantiateWasm = (imports, receive) => {
      abort = abortImport(imports);
      return instantiate(imports, receive);
    };
    const ready = realFactory(moduleOptions);
    const arm = (module) => abortOnAbortNow(module, abort);
    if (typeof moduleOptions.price === 'function') arm(moduleOptions);
    else ready.then(arm);
    return ready;
  };
  const fragile = await createEngine({ ...options, createModule });
  const fragileBook = await fragile.loadPricebook(bookText);
  const live = fragile.openQuote(fragileBook);
  const expected = fragile.price(fragileBook, goodQuote);
  assert.deepEqual(live.price(goodQuote), expected);
  const events = [];
  fragile.addEventListener('recovered', (event) => events.push(event));

  const crashing = structuredClone(goodQuote);
  crashing.customer.name = 'abort-now';
  const error = errorOf(() => fragile.price(fragileBook, crashing));
  assert.ok(error instanceof PricingError, String(error));
  assert.equal(error.code, 'engine_restarted');
  assert.ok(codes.has(error.code));
  await fragile.ready;
  assert.equal(fragile.restarts, 1);
  assert.equal(created, 2);
  assert.equal(events.length, 1);
  assert.ok(events[0].cause instanceof WebAssembly.RuntimeError);
  assert.equal(events[0].books, 1);

  // The same book reference and the same live quote work in the new module.
  assert.deepEqual(fragile.price(fragileBook, goodQuote), expected);
  assert.deepEqual(live.price(goodQuote), expected);
  assert.ok(fragile.errorCodes().length > 0);

  // And it can happen again.
  assert.equal(errorOf(() => fragile.price(fragileBook, crashing)).code, 'engine_restarted');
  await fragile.ready;
  assert.equal(fragile.restarts, 2);
  assert.deepEqual(fragile.price(fragileBook, goodQuote), expected);
});

test('a restart that cannot be synchronous completes asynchronously; calls meanwhile are refused', async () => {
  const { default: realFactory } = await import(options.moduleUrl);
  let synchronousAllowed = true;
  const createModule = (moduleOptions) => {
    let abort;
    const instantiate = moduleOptions.instantiateWasm;
    moduleOptions.instantiateWasm = (imports, receive) => {
      abort = abortImport(imports);
      if (synchronousAllowed) return instantiate(imports, receive);
      // As a platform that forbids synchronous instantiation would.
      const original = WebAssembly.Instance;
      WebAssembly.Instance = function () { throw new RangeError('synchronous instantiation is not allowed here'); };
      try {
        return instantiate(imports, receive);
      } finally {
        WebAssembly.Instance = original;
      }
    };
    const ready = realFactory(moduleOptions);
    const arm = (module) => abortOnAbortNow(module, abort);
    if (typeof moduleOptions.price === 'function') arm(moduleOptions);
    else ready.then(arm);
    return ready;
  };
  const fragile = await createEngine({ ...options, createModule });
  const fragileBook = await fragile.loadPricebook(bookText);
  const expected = fragile.price(fragileBook, goodQuote);
  synchronousAllowed = false;
  const recovered = new Promise((resolve) => fragile.addEventListener('recovered', resolve, { once: true }));
  const crashing = structuredClone(goodQuote);
  crashing.customer.name = 'abort-now';
  assert.equal(errorOf(() => fragile.price(fragileBook, crashing))?.code, 'engine_restarted');
  // Until the new module is up, calls are refused with the same code (the page keeps its state).
  assert.equal(errorOf(() => fragile.price(fragileBook, goodQuote))?.code, 'engine_restarted');
  await recovered;
  await fragile.ready;
  assert.deepEqual(fragile.price(fragileBook, goodQuote), expected);
  // A book loaded right after the restart is usable too.
  const another = await fragile.loadPricebook(bookText);
  assert.deepEqual(fragile.price(another, goodQuote), expected);
});

test('a missing or non-JSON document is refused like any other wrong input', async () => {
  for (const value of [undefined, null, 42, 'not json', [], {}]) {
    const error = errorOf(() => engine.price(book, value));
    assert.ok(error instanceof PricingError && codes.has(error.code), `${value}: ${error}`);
  }
  const error = await engine.loadPricebook(undefined).then(() => null, (e) => e);
  assert.ok(error instanceof PricingError && codes.has(error.code), String(error));
  assert.ok(engine.validatePricebook(undefined).length > 0);
});
