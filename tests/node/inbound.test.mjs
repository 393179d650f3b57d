// The page's doors (web/lib/inbound.js) and what uses them: share links, imported files, stored
// records, host messages, element attributes and quotes handed over by a host. Each hostile
// shape the probe found — `"lines":[null]`, `term_months: {"toString": null}`, a 10,000-deep
// link, an integer past 2^53, a thousand imported scenarios — is refused (or cut down) with a code,
// a JSON Pointer and a sentence, never thrown; and the engine's verifier catches a tampered price.
// Run: node --test tests/node/inbound.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookPath, engineModule, engineOptions, examplesDir, sourceDir } from './support.mjs';

const inbound = {
  ...(await import(join(sourceDir, 'web/lib/inbound.js'))),
  ...(await import(join(sourceDir, 'web/lib/import-door.js'))),
  ...(await import(join(sourceDir, 'web/embed/host-doors.js'))),
};
const { decodeShareFragment, encodeShareFragment, ShareLinkError, FRAGMENT_KEY } = await import(join(sourceDir, 'web/lib/share-link.js'));
const { parseImport, exportJson, ImportError } = await import(join(sourceDir, 'web/lib/exporters.js'));
const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));
const bookInfo = { id: book.id, version: book.version, hash: book.hash };
const quote = JSON.parse(readFileSync(join(examplesDir, 'enterprise-in-band.json'), 'utf8'));

const record = (overrides = {}) => ({
  version: 1, id: 'q-0123456789ab', title: 'Acme', createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z',
  book: bookInfo, quote: structuredClone(quote), outcome: { status: 'open', reason: '', competitor: '', competitor_monthly: '', missing_features: [] },
  approval: null, scenarios: [{ id: 's1', term_months: 12, commit: null, discount_pct: null }], ...overrides,
});

// Hostile variants of a quote: each must be refused at the given path.
const HOSTILE_QUOTES = [
  ['a null line', (q) => { q.lines = [null]; }, '/lines/0'],
  ['a line that is a string', (q) => { q.lines = ['delivery']; }, '/lines/0'],
  ['term_months {"toString": null}', (q) => { q.term_months = { toString: null }; }, '/term_months'],
  ['a customer name that is an object', (q) => { q.customer.name = { toString: null }; }, '/customer/name'],
  ['no customer', (q) => { delete q.customer; }, '/customer'],
  ['lines that are an object', (q) => { q.lines = { 0: { sku: 'delivery' } }; }, '/lines'],
  ['a region mix that is a list', (q) => { q.lines[0].region_mix = ['na']; }, '/lines/0/region_mix'],
  ['a sku that is a number', (q) => { q.lines[0].sku = 7; }, '/lines/0/sku'],
  ['a quantity that is a list', (q) => { q.lines[0].quantity = ['1']; }, '/lines/0/quantity'],
  ['a commit that is text', (q) => { q.commit = 'lots'; }, '/commit'],
  ['ramp periods that are text', (q) => { q.periods = 'x'; }, '/periods'],
  ['a null ramp period', (q) => { q.periods = [{ from_month: 1, to_month: 12 }, null]; }, '/periods/1'],
  ["a period's line that is null", (q) => { q.periods = [{ from_month: 1, to_month: 12, lines: [null] }]; }, '/periods/0/lines/0'],
];

test('a path names a key as a JSON pointer does: ~ and / escaped, anything else as it is', () => {
  assert.equal(inbound.pointer('/quote', 'lines'), '/quote/lines');
  assert.equal(inbound.pointer('/quote/lines', 12), '/quote/lines/12');
  assert.equal(inbound.pointer('', 'a/b~c~1/'), '/a~1b~0c~01~1');
  assert.equal(inbound.pointer('/mix', ''), '/mix/');
  // A value refused under such a key is reported at its escaped path.
  const read = inbound.readQuote({ customer: {}, lines: [{ sku: 'cdn', region_mix: { 'n/a~': [] } }] });
  assert.equal(read.ok, false);
  assert.equal(read.path, '/lines/0/region_mix/n~1a~0');
});

test('the codes the doors refuse with are not the engine\'s codes (each code is defined once)', () => {
  const engineCodes = new Set(engine.errorCodes().map((c) => c.code));
  for (const code of Object.keys(inbound.INBOUND_CODES)) assert.ok(!engineCodes.has(code), `${code} is an engine code too`);
});

test('hostile quote shapes are refused with code and path at every door that carries a quote', async () => {
  for (const [what, mutate, path] of HOSTILE_QUOTES) {
    const hostile = structuredClone(quote);
    mutate(hostile);
    // A host's setQuote / any quote value.
    const direct = inbound.readQuote(hostile);
    assert.equal(direct.ok, false, what);
    assert.equal(direct.path, path, what);
    assert.ok(['bad_shape', 'too_big'].includes(direct.code), `${what}: ${direct.code}`);
    // A stored record.
    const stored = inbound.readStoredRecord(JSON.stringify(record({ quote: hostile })), { id: 'q-0123456789ab' });
    assert.deepEqual([stored.ok, stored.path], [false, `/quote${path}`], what);
    // An imported export, and the same quote imported bare.
    const exported = exportJson({ ...record(), quote: hostile }, null, bookInfo);
    assert.throws(() => parseImport(exported), (e) => e instanceof ImportError && e.path === `/quote${path}` && e.code === direct.code, what);
    assert.throws(() => parseImport(JSON.stringify(hostile)), (e) => e instanceof ImportError && e.path === path, what);
    // A share link.
    const link = await encodeShareFragment({ quote: hostile, book: bookInfo, netMonthly: null });
    await assert.rejects(decodeShareFragment(`#${link}`), (e) => e instanceof ShareLinkError && e.path === `/quote${path}` && /no valid quote/.test(e.message), what);
  }
});

test('a good quote passes every door unchanged, and the engine prices what comes out', async () => {
  const direct = inbound.readQuote(quote);
  assert.equal(direct.ok, true);
  assert.deepEqual(direct.value, quote);
  assert.notEqual(direct.value, quote, 'a copy, not the caller\'s object');
  const stored = inbound.readStoredRecord(JSON.stringify(record()), { id: 'q-0123456789ab' });
  assert.equal(stored.ok, true, JSON.stringify(stored));
  assert.deepEqual(stored.value.quote, quote);
  assert.deepEqual(parseImport(exportJson(record(), null, bookInfo)).quote, quote);
  const link = await encodeShareFragment({ quote, book: bookInfo, netMonthly: '1.00' });
  assert.deepEqual((await decodeShareFragment(`#${link}`)).quote, quote);
  assert.ok(engine.price(book, stored.value.quote).totals.net_monthly);
});

// Export JSON is also what a rep is told to keep when the browser will not save: it must come
// back whatever the quote's size. Its `priced` (full detail, pretty-printed) is ~1.4 KB a line,
// so a 1,000-line quote's export is past 1 MB, which every import refused until it was dropped
// unread; at the engine's 20,000 lines it is ~28 MB.
test('the page\'s own export of a large quote is imported back, in one pass and in steps, priced result left unread', async () => {
  const { parseImportInSteps } = await import(join(sourceDir, 'web/lib/import-in-steps.js'));
  const { IMPORT_LIMITS } = await import(join(sourceDir, 'web/lib/exporters.js'));
  const { largeQuote } = await import('./quote-generator.mjs');
  const bookJson = JSON.parse(readFileSync(bookPath, 'utf8'));
  for (const lines of [1200, 20000]) {
    const big = largeQuote(bookJson, lines, 3);
    const exported = exportJson(record({ quote: big }), engine.price(book, big), bookInfo);
    assert.ok(exported.length > 1024 * 1024 * (lines / 1000), `${lines} lines export to ${exported.length} characters`);
    const read = parseImport(exported);
    assert.deepEqual(read.quote, big);
    assert.equal(read.title, 'Acme');
    const inSteps = await parseImportInSteps(exported, { parseImport, ImportError, limits: IMPORT_LIMITS, step: 5000 });
    assert.deepEqual(inSteps.quote, big);
  }
  // What is read is still checked: a bad line in a large export is refused with its path.
  const bad = largeQuote(bookJson, 1200, 3);
  const exported = JSON.parse(exportJson(record({ quote: bad }), engine.price(book, bad), bookInfo));
  exported.quote.lines[1100] = null;
  assert.throws(() => parseImport(JSON.stringify(exported)), (e) => e instanceof ImportError && e.path === '/quote/lines/1100');
  // The priced result is never read: whatever it holds (here not even JSON data the page would keep).
  const odd = JSON.stringify({ ...JSON.parse(exportJson(record(), null, bookInfo)), priced: { deep: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) } });
  assert.deepEqual(parseImport(odd).quote, quote);
  // Past any export of a quote the engine takes: refused before it is parsed.
  assert.throws(() => parseImport(' '.repeat(64 * 1024 * 1024 + 1)), (e) => e instanceof ImportError && e.code === 'too_big');
});

test('values that are not plain JSON data (a host\'s JavaScript) are refused, never followed', () => {
  let called = false;
  const withGetter = structuredClone(quote);
  Object.defineProperty(withGetter.lines[0], 'sku', { get() { called = true; return 'delivery'; }, enumerable: true });
  assert.deepEqual(pick(inbound.readQuote(withGetter)), { ok: false, code: 'not_plain_data', path: '/lines/0/sku' });
  assert.equal(called, false, 'the getter was never called');
  const cyclic = structuredClone(quote);
  cyclic.customer.self = cyclic;
  assert.equal(inbound.readQuote(cyclic).code, 'nested_too_deep');
  assert.equal(inbound.readQuote({ ...quote, when: new Date() }).code, 'not_plain_data');
  assert.equal(inbound.readQuote({ ...quote, f: () => 1 }).code, 'not_plain_data');
  const hostileProxy = new Proxy({}, { ownKeys() { throw new Error('boom'); } });
  assert.equal(inbound.readQuote(hostileProxy).ok, false);
  // "__proto__" as a key is kept as data, not as the copy's prototype.
  const read = inbound.readQuote(JSON.parse(`{"customer":{},"lines":[],"__proto__":{"polluted":true}}`));
  assert.equal(read.ok, true);
  assert.equal(Object.getPrototypeOf(read.value), Object.prototype);
  assert.equal(read.value.polluted, undefined);
  assert.equal({}.polluted, undefined);
});

function pick(result) {
  return { ok: result.ok, code: result.code, path: result.path };
}

test('a 10,000-deep share link is refused before it is parsed', async () => {
  const deep = `{"v":1,"quote":${'['.repeat(10000)}${']'.repeat(10000)}}`;
  const stream = new Blob([deep]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const link = `${FRAGMENT_KEY}=${Buffer.from(bytes).toString('base64url')}`;
  await assert.rejects(decodeShareFragment(`#${link}`), (e) => e instanceof ShareLinkError && e.code === 'nested_too_deep');
  // The depth scan ignores brackets inside strings, and stops as soon as the limit is passed.
  assert.equal(inbound.nestingPastLimit(`{"a":"${'['.repeat(1000)}"}`), false);
  assert.equal(inbound.nestingPastLimit('['.repeat(49)), true);
  assert.equal(inbound.nestingPastLimit('['.repeat(48)), false);
  assert.equal(inbound.readImportFile('['.repeat(100000)).code, 'nested_too_deep');
  assert.equal(inbound.readStoredRecord('{"a":'.repeat(60000)).code, 'nested_too_deep');
});

test('integers past 2^53 are refused (JSON.parse would round them), with where and what to write instead', async () => {
  const text = JSON.stringify(quote).replace(/"quantity":"[^"]*"/, '"quantity":9007199254740993');
  const imported = inbound.readImportFile(text);
  assert.equal(imported.code, 'unsafe_integer');
  assert.match(imported.path, /^\/lines\/\d+\/quantity$/);
  assert.match(imported.message, /decimal string/);
  const linkQuote = JSON.parse(text); // already rounded: the link carries 9007199254740992
  const link = await encodeShareFragment({ quote: linkQuote, book: bookInfo, netMonthly: null });
  await assert.rejects(decodeShareFragment(`#${link}`), (e) => e.code === 'unsafe_integer');
  // 2^53 - 1 is exact and passes; as a decimal string any size passes (the engine decides).
  assert.equal(inbound.readImportFile(text.replace('9007199254740993', '9007199254740991')).ok, true);
  assert.equal(inbound.readImportFile(text.replace('9007199254740993', '"9007199254740993"')).ok, true);
});

test('imported scenarios are capped at the four the page shows, and the rest said', () => {
  const scenarios = Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, term_months: 12, commit: null, discount_pct: null }));
  const imported = parseImport(exportJson(record({ scenarios }), null, bookInfo));
  assert.equal(imported.scenarios.length, inbound.MAX_SCENARIOS);
  assert.deepEqual(imported.warnings.map((w) => [w.code, w.path]), [['too_many', '/scenarios']]);
  assert.match(imported.warnings[0].message, /first 4 of 1000/);
  // A stored record with too many is cut down the same way; a malformed scenario is refused.
  const stored = inbound.readStoredRecord(record({ scenarios }));
  assert.equal(stored.value.scenarios.length, 4);
  assert.equal(inbound.readStoredRecord(record({ scenarios: [null] })).path, '/scenarios/0');
});

test('stored records: wrong version, id, title or outcome are refused with their path', () => {
  const cases = [
    [{ version: 2 }, 'unknown_format', '/version'],
    [{ id: '../../x' }, 'bad_shape', '/id'],
    [{ title: { toString: null } }, 'bad_shape', '/title'],
    [{ outcome: { status: 'maybe' } }, 'bad_shape', '/outcome/status'],
    [{ outcome: { missing_features: [{}] } }, 'bad_shape', '/outcome/missing_features/0'],
    [{ approval: { level: ['vp'] } }, 'bad_shape', '/approval/level'],
    [{ lastPriced: { net_monthly: {} } }, 'bad_shape', '/lastPriced/net_monthly'],
  ];
  for (const [overrides, code, path] of cases) {
    assert.deepEqual(pick(inbound.readStoredRecord(JSON.stringify(record(overrides)))), { ok: false, code, path }, JSON.stringify(overrides));
  }
  assert.equal(inbound.readStoredRecord('{"version":1', {}).code, 'not_json');
  assert.equal(inbound.readStoredRecord(JSON.stringify(record()), { id: 'q-ffffffffffff' }).path, '/id');
});

test('host messages: only an init of this protocol is read; a bad context field is dropped and said', () => {
  const ok = inbound.readHostMessage({ protocol: 'edgequote', version: 1, type: 'init', context: { segment: 'smb', customerName: 'Acme', mode: 'prospect' } });
  assert.deepEqual(ok.value, { type: 'init', context: { segment: 'smb', customerName: 'Acme', mode: 'prospect' } });
  const bad = inbound.readHostMessage({ protocol: 'edgequote', version: 1, type: 'init', context: { segment: { toString: null }, customerName: 'A\u202eB', mode: 'admin', extra: 1 } });
  assert.equal(bad.ok, true);
  assert.deepEqual(bad.value.context, { customerName: 'A B' });
  assert.deepEqual(bad.warnings.map((w) => w.path).sort(), ['/context/extra', '/context/mode', '/context/segment']);
  assert.equal(inbound.readHostMessage({ protocol: 'edgequote', version: 2, type: 'init' }).path, '/version');
  assert.equal(inbound.readHostMessage({ protocol: 'edgequote', version: 1, type: 'change' }).path, '/type');
  assert.equal(inbound.readHostMessage(null).code, 'bad_shape');
  assert.equal(inbound.readHostMessage({ protocol: 'edgequote', version: 1, type: 'init', context: new Map() }).code, 'not_plain_data');
});

test('element attributes: well-formed values are used, others refused with a reason', () => {
  const good = [['segment', 'enterprise'], ['currency', 'USD'], ['mode', 'rep'], ['pricebook', 'pricebooks/edge-cdn.public.json'],
    ['share-base', 'https://quote.example/'], ['request-email', 'sales@edgecdn.example']];
  for (const [name, value] of good) assert.deepEqual(inbound.readAttribute(name, value).value, value, name);
  const bad = [['segment', 'a b<c>'], ['currency', 'usd'], ['mode', 'admin'], ['pricebook', 'javascript:alert(1)'],
    ['share-base', 'data:text/html,x'], ['request-email', 'x@y?cc=z'], ['nonsense', 'x'], ['segment', 7]];
  for (const [name, value] of bad) assert.equal(inbound.readAttribute(name, value).ok, false, `${name}=${value}`);
  assert.equal(inbound.readAttribute('customer-name', 'x'.repeat(500)).value.length, 120);
});

test('verifySnapshot: a snapshot holds only when its priced text is the engine\'s and its hash matches', async () => {
  const priced = engine.priceCanonical(book, quote, { detail: 'full' });
  const { sha256Hex } = await import(engineModule);
  const detail = { quote, priced, sha256: await sha256Hex(priced), valid: true };
  const good = await engine.verifySnapshot(book, detail);
  assert.equal(good.ok, true);
  assert.equal(good.priced.totals.net_monthly, JSON.parse(priced).totals.net_monthly);

  // The README's old recipe (hash of re-pricing the quote === detail.sha256) passes a tampered
  // `priced`: the verifier does not.
  const tampered = JSON.parse(priced);
  tampered.totals.net_monthly = '1.00';
  const forged = { ...detail, priced: JSON.stringify(tampered) };
  assert.equal(await sha256Hex(engine.priceCanonical(book, forged.quote)), forged.sha256, 'the old recipe is fooled');
  assert.deepEqual((await engine.verifySnapshot(book, forged)).reason, 'priced_mismatch');
  // A tampered hash, another quote, malformed details.
  assert.equal((await engine.verifySnapshot(book, { ...detail, sha256: '0'.repeat(64) })).reason, 'hash_mismatch');
  assert.equal((await engine.verifySnapshot(book, { ...detail, quote: { ...quote, term_months: 36 } })).reason, 'priced_mismatch');
  for (const junk of [null, 7, {}, { valid: true, priced: 1, sha256: 'x' }, { ...detail, valid: false }]) {
    assert.equal((await engine.verifySnapshot(book, junk)).ok, false);
  }
  assert.ok(!(await engine.verifySnapshot(book, { ...detail, quote: '{"lines":[null]}' })).ok);
  assert.ok(PricingError);
});
