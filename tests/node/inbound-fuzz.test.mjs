// The page's doors (web/lib/inbound.js) under hostile input: a seeded mutation fuzzer, as for
// share links (share-link-fuzz.test.mjs). Valid documents — a stored record, an export file, a
// bare quote, a share payload, a host's init message, a quote handed to setQuote — are damaged:
// a value anywhere replaced by another type ({"toString": null}, null, a huge integer, a deep
// nest, a cycle, a getter, a Date...), keys dropped or added ("__proto__" too), lists blown up,
// the text cut short or its bytes changed. Every door must return either
//   - a well-formed value: plain JSON data (it survives a JSON round trip unchanged) that the
//     page's own code reads without throwing and that the engine prices or refuses with a
//     PricingError, nothing worse; or
//   - a refusal with a code of INBOUND_CODES, a JSON Pointer and a sentence;
// and never throw.
// Run: node --test tests/node/inbound-fuzz.test.mjs   (EDGEQUOTE_DOOR_FUZZ_CASES=N for more)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookPath, engineModule, engineOptions, examplesDir, random, sourceDir } from './support.mjs';

const inbound = {
  ...(await import(join(sourceDir, 'web/lib/inbound.js'))),
  ...(await import(join(sourceDir, 'web/lib/import-door.js'))),
  ...(await import(join(sourceDir, 'web/embed/host-doors.js'))),
};
const { canonicalText, describeQuote, lineIndexOf, regionMixOf, TRAFFIC_CATEGORY } = await import(join(sourceDir, 'web/lib/quote-model.js'));
const { applyScenario, fitPeriods } = await import(join(sourceDir, 'web/lib/quote-edits.js'));
const { exportJson, parseImport, ImportError } = await import(join(sourceDir, 'web/lib/exporters.js'));
const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));
const bookInfo = { id: book.id, version: book.version, hash: book.hash };
const CASES = Number(process.env.EDGEQUOTE_DOOR_FUZZ_CASES ?? 1200);
const SEED = Number(process.env.EDGEQUOTE_DOOR_FUZZ_SEED ?? 20261206);

const quotes = ['enterprise-in-band.json', 'business-starter.json', 'f500-underquote.json', 'ramped-enterprise.json']
  .map((name) => JSON.parse(readFileSync(join(examplesDir, name), 'utf8')));

const storedRecord = (quote) => ({
  version: 1, id: 'q-00aa11bb22cc', title: 'Fuzz', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z',
  book: { ...bookInfo }, quote, outcome: { status: 'won', reason: 'price', competitor: 'X', competitor_monthly: '900', missing_features: ['a'] },
  approval: { level: 'manager', by: 'M', at: '2026-12-01T00:00:00.000Z', inputsHash: 'ab' },
  scenarios: [{ id: 's1', term_months: 24, commit: null, discount_pct: null }, { id: 's2', term_months: null, commit: '5000', discount_pct: '2' }],
  sharedFrom: { linkHash: 'cd', book: { ...bookInfo }, net_monthly: '1.00', openedAt: '2026-12-01T00:00:00.000Z' },
  lastPriced: { net_monthly: '1.00', currency: 'USD', level: null },
});

// Values a mutation puts anywhere. Functions return a fresh one (some are objects that get
// mutated or are meant to be distinct).
const HOSTILE = [
  () => null, () => true, () => 0, () => -1, () => 2 ** 60, () => 9007199254740993, () => 1e308, () => 0.1, () => -0,
  () => '', () => 'x'.repeat(300), () => '\u202e\u0000<img>', () => '12.5', () => [], () => [null], () => ({}),
  () => ({ toString: null }), () => ({ valueOf: null, toString: null }), () => JSON.parse('{"__proto__":{"polluted":1}}'),
  () => { let v = []; for (let i = 0; i < 200; i++) v = [v]; return v; },
  () => Array.from({ length: 30000 }, () => ({ sku: 'delivery' })),
];
// Only for doors that take values (not text): what JavaScript can hand over but JSON cannot.
const JS_ONLY = [
  () => undefined, () => NaN, () => Infinity, () => 10n, () => Symbol('s'), () => () => 1, () => new Date(0), () => new Map(),
  () => Object.create({ inherited: 1 }), () => new Proxy({}, { ownKeys() { throw new Error('trap'); } }),
  () => { const o = { a: 1 }; Object.defineProperty(o, 'b', { get() { throw new Error('getter'); }, enumerable: true }); return o; },
  () => { const o = { lines: [] }; o.self = o; return o; },
];

// Every container (object or array) in a value, once each (a mutation may have made a cycle);
// containers that cannot be walked (a trapping Proxy, a throwing getter) are left alone.
function containers(value, out = [], seen = new Set()) {
  if (!value || typeof value !== 'object' || seen.has(value) || out.length > 5000) return out;
  seen.add(value);
  let keys;
  try {
    keys = Object.keys(value);
    out.push({ node: value });
    for (const key of keys) containers(value[key], out, seen);
  } catch {
    // Hostile on purpose: not walked further.
  }
  return out;
}

function mutateValue(rng, value, { jsOnly }) {
  const pool = jsOnly ? [...HOSTILE, ...JS_ONLY] : HOSTILE;
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds; r++) {
    const all = containers(value);
    const { node } = rng.pick(all);
    const keys = Object.keys(node).filter((key) => Object.getOwnPropertyDescriptor(node, key)?.writable);
    const action = rng.int(10);
    if (action < 6 && keys.length) node[rng.pick(keys)] = rng.pick(pool)();
    else if (action < 7 && keys.length) delete node[rng.pick(keys)];
    else if (action < 8) node[rng.pick(['__proto__', 'constructor', 'toString', 'extra', 'lines', 'customer'])] = rng.pick(pool)();
    // (Array.prototype's push: a list whose __proto__ an earlier round replaced has none of its own.)
    else if (action < 9 && Array.isArray(node) && node.length) Array.prototype.push.apply(node, Array.from({ length: rng.int(50) }, () => smallCopy(node[0])));
    else if (keys.length) node[rng.pick(keys)] = smallCopy(rng.pick(all).node); // shared shapes, no blow-up
  }
  return value;
}

function smallCopy(value) {
  try {
    const text = JSON.stringify(value);
    return text.length < 4000 ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function mutateText(rng, text) {
  switch (rng.int(4)) {
    case 0: return text.slice(0, rng.int(text.length));
    case 1: {
      const chars = [...text];
      for (let k = 1 + rng.int(4); k > 0; k--) chars[rng.int(chars.length)] = rng.pick([...'{}[]",:0\\ a-9e.']);
      return chars.join('');
    }
    case 2: return text.replace(/"quantity":"(\d+)"/, (_, n) => `"quantity":${n}${'9'.repeat(rng.int(25))}`);
    default: return `${'['.repeat(rng.int(3) * 40)}${text}`;
  }
}

// The page's own reading of an accepted quote: none of it may throw.
function pageReads(quote) {
  canonicalText(quote);
  structuredClone(quote);
  JSON.stringify(quote);
  describeQuote(book.book, quote);
  const traffic = quote.lines[lineIndexOf(book.book, quote, TRAFFIC_CATEGORY)];
  regionMixOf(traffic);
  for (const line of quote.lines) `${line.sku ?? ''} ${line.quantity ?? ''} ${line.unit ?? ''}`.trim();
  if (quote.periods) fitPeriods(structuredClone(quote.periods), 12); // a term edit on a ramp
  quote.customer?.name?.trim?.();
}

function assertWellFormed(result, where) {
  assert.equal(typeof result, 'object', where);
  if (!result.ok) {
    assert.equal(result.ok, false, where);
    assert.ok(Object.hasOwn(inbound.INBOUND_CODES, result.code), `${where}: unknown code ${result.code}`);
    assert.equal(typeof result.path, 'string', where);
    assert.match(result.path, /^(\/[^/]*)*$/, `${where}: not a JSON Pointer: ${result.path}`);
    assert.ok(typeof result.message === 'string' && result.message.length > 8, `${where}: no sentence`);
    return false;
  }
  assert.ok(Array.isArray(result.warnings), where);
  // Plain JSON data: written and read back it is the same (an absent field may read `undefined`).
  const written = JSON.stringify(result.value);
  assert.equal(JSON.stringify(JSON.parse(written)), written, `${where}: not plain JSON data`);
  assert.deepEqual(JSON.parse(written), JSON.parse(JSON.stringify(structuredClone(result.value))), where);
  return true;
}

function enginePrices(quote, where, outcomes) {
  pageReads(quote);
  try {
    engine.price(book, quote, { detail: 'summary' });
    outcomes.priced += 1;
  } catch (error) {
    assert.ok(error instanceof PricingError, `${where}: the engine threw ${error?.constructor?.name}: ${error?.message}`);
    outcomes.refusedByEngine += 1;
  }
}

// Each door: how a hostile input is made (outside the assertion) and how the door reads it.
const DOORS = {
  'stored record (text)': {
    make: (rng, quote) => {
      const text = JSON.stringify(mutateValue(rng, storedRecord(quote), { jsOnly: false }));
      return rng.chance(0.2) ? mutateText(rng, text) : text;
    },
    read: (input) => inbound.readStoredRecord(input, { id: 'q-00aa11bb22cc' }),
  },
  'stored record (value)': {
    make: (rng, quote) => mutateValue(rng, storedRecord(quote), { jsOnly: true }),
    read: (input) => inbound.readStoredRecord(input),
  },
  'import file (export)': {
    make: (rng, quote) => {
      const exported = JSON.parse(exportJson(storedRecord(quote), null, { ...bookInfo }));
      const text = JSON.stringify(mutateValue(rng, exported, { jsOnly: false }));
      return rng.chance(0.2) ? mutateText(rng, text) : text;
    },
    read: (input) => inbound.readImportFile(input),
  },
  // The page's own door for files (web/lib/exporters.js parseImport): an export with the priced
  // result it carries, which is dropped unread before the checks; the damage may land anywhere.
  'import file (export with its priced result)': {
    make: (rng, quote) => {
      let priced = null;
      try {
        priced = engine.price(book, quote);
      } catch { /* a quote the engine refuses is exported without a result, as the page does */ }
      const exported = JSON.parse(exportJson(storedRecord(quote), priced, { ...bookInfo }));
      const text = JSON.stringify(mutateValue(rng, exported, { jsOnly: false }));
      return rng.chance(0.2) ? mutateText(rng, text) : text;
    },
    read: (input) => {
      try {
        const { warnings, ...value } = parseImport(input);
        return { ok: true, value, warnings };
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        return { ok: false, code: error.code, path: error.path, message: error.message };
      }
    },
  },
  'import file (bare quote)': {
    make: (rng, quote) => JSON.stringify(mutateValue(rng, { ...quote, title: 'T' }, { jsOnly: false })),
    read: (input) => inbound.readImportFile(input),
  },
  'share payload': {
    make: (rng, quote) => JSON.stringify(mutateValue(rng, { v: 1, book: { ...bookInfo }, net_monthly: '10.00', title: 'T', quote }, { jsOnly: false })),
    read: (input) => inbound.readSharePayload(input),
  },
  'host message': {
    make: (rng) => mutateValue(rng, { protocol: 'edgequote', version: 1, type: 'init', context: { segment: 'smb', customerName: 'Acme', mode: 'prospect' } }, { jsOnly: true }),
    read: (input) => inbound.readHostMessage(input),
  },
  'setQuote value': {
    make: (rng, quote) => mutateValue(rng, quote, { jsOnly: true }),
    read: (input) => inbound.readQuote(input),
  },
};

// The quote inside an accepted value, where the door carries one.
function quoteOf(door, value) {
  if (door.startsWith('stored') || door.startsWith('import') || door === 'setQuote value') return door === 'setQuote value' ? value : value.quote;
  if (door === 'share payload') return value.quote;
  return null;
}

test('hostile stored records, import files, share payloads, host messages and quotes: a clean value or a plain refusal, never a throw', () => {
  const rng = random(SEED);
  const names = Object.keys(DOORS);
  const outcomes = { accepted: 0, refused: 0, priced: 0, refusedByEngine: 0, byCode: {} };
  for (let i = 0; i < CASES; i++) {
    const door = names[i % names.length];
    const quote = structuredClone(rng.pick(quotes));
    const where = `case ${i} (${door}, seed ${SEED})`;
    const input = DOORS[door].make(rng, quote);
    let result;
    try {
      result = DOORS[door].read(input);
    } catch (error) {
      assert.fail(`${where}: the door threw ${error?.constructor?.name}: ${error?.message}`);
    }
    if (!assertWellFormed(result, where)) {
      outcomes.refused += 1;
      outcomes.byCode[result.code] = (outcomes.byCode[result.code] ?? 0) + 1;
      continue;
    }
    outcomes.accepted += 1;
    const accepted = quoteOf(door, result.value);
    if (accepted) {
      enginePrices(accepted, where, outcomes);
      for (const scenario of result.value.scenarios ?? []) enginePrices(applyScenario(accepted, scenario), `${where} scenario`, outcomes);
      assert.ok((result.value.scenarios ?? []).length <= inbound.MAX_SCENARIOS, where);
    } else {
      for (const value of Object.values(result.value.context)) assert.equal(typeof value, 'string', where);
    }
  }
  // Both ways out must be exercised, or the run says little.
  assert.ok(outcomes.refused > CASES / 5, JSON.stringify(outcomes));
  assert.ok(outcomes.accepted > CASES / 10, JSON.stringify(outcomes));
  assert.ok(outcomes.priced > 0 && outcomes.refusedByEngine > 0, JSON.stringify(outcomes));
  console.log(`door fuzz: ${CASES} inputs, seed ${SEED}: ${JSON.stringify(outcomes)}`);
});
