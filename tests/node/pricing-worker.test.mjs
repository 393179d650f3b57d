// Large quotes off the main thread (web/lib/quote-session.js, pricing-worker-client.js), the
// parts that need no browser:
//   - the client coalesces a live key's requests (one priced, the latest waiting; older ones
//     answered `superseded`, never sent), patches answers onto the key's last result (unchanged
//     lines stay the same objects) and fails every waiting request when the worker stops;
//   - a session whose worker cannot start prices a large quote on the main thread, exactly as the
//     engine does, and so does one in a runtime without workers;
//   - a large import's lines are checked in steps with the same verdicts as in one pass.
// The worker itself runs in Chromium: tests/browser/big-quote.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { bookPath, engineOptions, largeQuote, sourceDir } from './support.mjs';

const web = (path) => pathToFileURL(join(sourceDir, 'web', path)).href;
const { startPricingWorker, WorkerFailed } = await import(web('lib/pricing-worker-client.js'));
const { EXPORT_FORMAT } = await import(web('lib/inbound.js'));
const { parseImport, ImportError, IMPORT_LIMITS } = await import(web('lib/exporters.js'));
const { parseImportInSteps } = await import(web('lib/import-in-steps.js'));

// A stand-in for the browser's Worker: records what is posted; the test answers for it.
class FakeWorker extends EventTarget {
  static made = [];
  constructor(url, options) {
    super();
    this.url = String(url);
    this.options = options;
    this.posted = [];
    this.terminated = false;
    FakeWorker.made.push(this);
  }

  postMessage(message) {
    this.posted.push(message);
  }

  answer(data) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }

  fail(message) {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }

  terminate() {
    this.terminated = true;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readyWorker() {
  globalThis.Worker = FakeWorker;
  const client = startPricingWorker('file:///pricing-worker.js', '{"book":1}');
  const fake = FakeWorker.made.at(-1);
  assert.deepEqual(fake.options, { type: 'module', name: 'edgequote-pricing' });
  assert.equal(fake.posted[0].type, 'book');
  fake.answer({ type: 'book', generation: fake.posted[0].generation, id: 'b', version: '1' });
  await client.ready;
  return { client, fake };
}

const priceRequests = (fake) => fake.posted.filter((m) => m.type === 'price');
// The quote's header as a request carries it: in its whole text, or in its changes (a live key's).
const headerOf = (m) => JSON.parse(m.text ?? m.delta.head);

test('a live key: one request priced, only the latest waits, older ones are superseded without being sent', async () => {
  const { client, fake } = await readyWorker();
  const first = client.price('live', { v: 1, lines: [] }, { key: 'edited', detail: 'full' });
  const second = client.price('live', { v: 2, lines: [] }, { key: 'edited', detail: 'full' });
  const third = client.price('live', { v: 3, lines: [] }, { key: 'edited', detail: 'full' });
  // Another key is not held up by this one.
  const other = client.price('live', { v: 9, lines: [] }, { key: 'scenario a', detail: 'summary' });
  await flush();
  assert.deepEqual(priceRequests(fake).map((m) => headerOf(m).v), [1, 9]);
  assert.deepEqual(await second, { superseded: true, priced: null, errors: [] });
  const line = (n) => ({ index: n, net: String(n) });
  const [a, b, c] = [line(0), line(1), line(2)];
  const sent = priceRequests(fake);
  // The lines cross as JSON text in parts (pricing-worker.js packed), parsed part by part.
  const warning = (n) => ({ code: 'quantity_ignored', path: `/lines/${n}/quantity`, message: String(n) });
  fake.answer({ id: sent[0].id, generation: sent[0].generation, priced: { totals: { net_monthly: '3' }, lines: [], guidance: [], warnings: [] },
    lineParts: [JSON.stringify([a, b]), JSON.stringify([c])], guidanceParts: [], lineCount: 3, linesChanged: [0, 1, 2], guidanceCount: 0, guidanceChanged: [],
    warningParts: [JSON.stringify([warning(0), warning(2)])], warningCount: 2, warningsChanged: [0, 1] });
  const one = await first;
  assert.deepEqual(one.priced.lines, [a, b, c]);
  assert.deepEqual(one.priced.warnings, [warning(0), warning(2)]);
  assert.deepEqual(Object.keys(one.priced), ['totals', 'lines', 'guidance', 'warnings'], 'the keys in their order');
  await flush();
  // The third goes once the first is answered.
  assert.deepEqual(priceRequests(fake).map((m) => headerOf(m).v), [1, 9, 3]);
  const b2 = line(11);
  const third3 = priceRequests(fake)[2];
  fake.answer({ id: third3.id, generation: third3.generation, priced: { totals: { net_monthly: '4' }, lines: [], guidance: [], warnings: [] },
    lineParts: [JSON.stringify([b2])], lineCount: 3, linesChanged: [1], guidanceCount: 0, guidanceChanged: [],
    warningParts: [JSON.stringify([warning(3)])], warningCount: 3, warningsChanged: [2] });
  const three = await third;
  assert.equal(three.priced.totals.net_monthly, '4');
  assert.equal(three.priced.lines[0], one.priced.lines[0], 'a line not sent is the same object as before');
  assert.deepEqual(three.priced.guidance, []);
  assert.equal(three.priced.lines[2], one.priced.lines[2]);
  assert.deepEqual(three.priced.lines[1], b2);
  assert.equal(three.priced.warnings[0], one.priced.warnings[0], 'a warning not sent is the same object as before');
  assert.deepEqual(three.priced.warnings, [warning(0), warning(2), warning(3)]);
  fake.answer({ id: sent[1].id, generation: sent[1].generation, errors: [{ code: 'invalid_quantity', path: '/lines/0/quantity', message: 'no' }] });
  assert.deepEqual((await other).errors.map((e) => e.code), ['invalid_quantity']);
});

test('fresh requests (no live key) are never coalesced', async () => {
  const { client, fake } = await readyWorker();
  const asked = [1, 2, 3].map((v) => client.price('fresh', { v }, { detail: 'summary' }));
  await flush();
  assert.deepEqual(priceRequests(fake).map((m) => JSON.parse(m.text).v), [1, 2, 3]);
  for (const m of priceRequests(fake)) {
    fake.answer({ id: m.id, generation: m.generation, priced: { v: JSON.parse(m.text).v, lines: [] }, lineParts: [JSON.stringify([{ n: 1 }]), JSON.stringify([{ n: 2 }])] });
  }
  const answers = await Promise.all(asked);
  assert.deepEqual(answers.map((a) => a.priced.v), [1, 2, 3]);
  assert.deepEqual(answers[0].priced, { v: 1, lines: [{ n: 1 }, { n: 2 }] }, 'lines put back whole, no guidance key made up');
});

test('a worker that stops fails every waiting request, and one that cannot load its book never becomes ready', async () => {
  const { client, fake } = await readyWorker();
  const waiting = client.price('live', { v: 1 }, { key: 'edited' });
  const queued = client.price('live', { v: 2 }, { key: 'edited' });
  const fresh = client.price('fresh', { v: 3 });
  fake.fail('boom');
  for (const promise of [waiting, queued, fresh]) await assert.rejects(promise, WorkerFailed);
  assert.equal(client.failed, true);
  assert.equal(fake.terminated, true);
  await assert.rejects(client.price('fresh', { v: 4 }), WorkerFailed);

  globalThis.Worker = FakeWorker;
  const broken = startPricingWorker('file:///pricing-worker.js', 'not a book');
  const other = FakeWorker.made.at(-1);
  other.answer({ type: 'book', generation: other.posted[0].generation, errors: [{ code: 'invalid_json', path: '', message: 'not JSON' }] });
  await assert.rejects(broken.ready, WorkerFailed);
});

// A session in Node: the engine from the build (loadEngine's shared instance, made first with the
// module's bytes), the book from its text.
async function session() {
  const { loadEngine } = await import(web('engine/edgequote.js'));
  await loadEngine(await engineOptions());
  const { QuoteSession } = await import(web('lib/quote-session.js'));
  const s = new QuoteSession({ mode: 'rep' });
  await s.load({ text: await readFile(bookPath, 'utf8'), signal: new AbortController().signal });
  return s;
}

test('a session whose worker cannot start prices a large quote on the main thread, exactly as the engine does', async () => {
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const WORKER_LINES = 500;  // web/lib/quote-session.js inWorker
  const quote = largeQuote(book, WORKER_LINES + 100, 5);
  // A worker whose script cannot be loaded: its error event comes after it is made.
  class Unloadable extends FakeWorker {
    constructor(...args) {
      super(...args);
      setTimeout(() => this.fail('404'), 0);
    }
  }
  globalThis.Worker = Unloadable;
  const s = await session();
  assert.equal(s.inWorker({ lines: quote.lines.slice(0, WORKER_LINES) }, null, 'full'), false, 'a quote of up to 500 lines is priced here');
  const warned = [];
  const warn = console.warn;
  console.warn = (message) => warned.push(message);
  try {
    await s.open(quote, { source: 'test' });
  } finally {
    console.warn = warn;
  }
  assert.equal(s.workerBroken, true);
  const made = FakeWorker.made.length;
  assert.equal(await s.inWorker(quote, null, 'full'), null, 'nothing more goes to a worker that failed');
  assert.equal(FakeWorker.made.length, made, 'and no other is started');
  assert.equal(FakeWorker.made.at(-1).url.endsWith('/web/lib/pricing-worker.js'), true, FakeWorker.made.at(-1).url);
  assert.match(warned.join('\n'), /prices large quotes on the page itself/);
  const expected = s.engine.priceCanonical(s.loadedBook, s.quote, { detail: 'full' });
  assert.deepEqual(s.errors, []);
  assert.equal(JSON.stringify(s.priced), expected);
  // And the next edit too.
  await s.edit('quote-discount', { pct: '7' });
  assert.equal(JSON.stringify(s.priced), s.engine.priceCanonical(s.loadedBook, s.quote, { detail: 'full' }));

  // A runtime without workers prices on the main thread without trying.
  delete globalThis.Worker;
  const t = await session();
  assert.equal(await t.inWorker(quote, null, 'full'), null);
  await t.open(quote, { source: 'test' });
  assert.equal(JSON.stringify(t.priced), expected);
});

test('a large import is checked in steps, with the same verdict as in one pass', async () => {
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const quote = largeQuote(book, 1200, 9);
  // The verdict of one pass: the value, or the refusal's code, path and message.
  const oneWay = async (read) => {
    try {
      return { value: await read() };
    } catch (error) {
      assert.ok(error instanceof ImportError, error.stack);
      return { code: error.code, path: error.path, message: error.message };
    }
  };
  const stepped = (text, options = {}) => oneWay(() => parseImportInSteps(text, { parseImport, ImportError, limits: IMPORT_LIMITS, ...options }));
  for (const document of [quote, { format: EXPORT_FORMAT, version: 1, title: 'T', quote, outcome: { status: 'won' } }]) {
    const text = JSON.stringify(document);
    const said = [];
    let pauses = 0;
    const inSteps = await stepped(text, { progress: (n, total) => said.push([n, total]), pause: async () => { pauses += 1; } });
    assert.deepEqual(inSteps, await oneWay(() => parseImport(text)));
    assert.equal(inSteps.value.quote.lines.length, 1200);
    assert.deepEqual(said, [[500, 1200], [1000, 1200], [1200, 1200]]);
    assert.equal(pauses, 3);
  }
  // A bad line: refused with its path in the whole file, as in one pass.
  const bad = structuredClone(quote);
  bad.lines[900] = { sku: { toString: null } };
  for (const document of [bad, { format: EXPORT_FORMAT, version: 1, title: 'T', quote: bad }]) {
    const text = JSON.stringify(document);
    const inSteps = await stepped(text);
    assert.match(inSteps.path, /lines\/900\/sku$/);
    assert.deepEqual(inSteps, await oneWay(() => parseImport(text)));
  }
  // What it cannot split, or what is refused as a whole: the one-pass verdict.
  const tooMany = { ...quote, lines: Array.from({ length: 20_001 }, () => quote.lines[0]) };
  const tooBig = { ...quote, customer: { ...quote.customer, notes: 'x'.repeat(1024 * 1024) } };
  const deep = `{"customer":{},"lines":[${'['.repeat(60)}${']'.repeat(60)}]}`;
  for (const text of ['{', JSON.stringify({ lines: 5 }), JSON.stringify({ format: EXPORT_FORMAT, version: 1, quote: null }),
    JSON.stringify({ format: 'other', quote }), JSON.stringify(tooMany), JSON.stringify(tooBig), deep,
    JSON.stringify({ ...quote, customer: null })]) {
    const inSteps = await stepped(text);
    assert.ok(inSteps.code, `refused: ${text.slice(0, 60)}`);
    assert.deepEqual(inSteps, await oneWay(() => parseImport(text)), text.slice(0, 80));
  }
});

test('a large saved record is checked in steps, with the same verdict as in one pass', async () => {
  const { readStoredRecord, RECORD_VERSION, MAX_TEXT_CHARS, MAX_QUOTE_LINES, nestingPastLimit } = await import(web('lib/inbound.js'));
  const { readStoredInSteps } = await import(web('lib/read-in-steps.js'));
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const quote = largeQuote(book, 1200, 11);
  const id = 'q-00000000abcd';
  const record = {
    version: RECORD_VERSION, id, title: 'Big', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-02T00:00:00.000Z',
    quote, outcome: { status: 'open', reason: '', competitor: '', competitor_monthly: '', missing_features: [] }, approvals: [],
    scenarios: [{ id: 's1', term_months: 24 }],
  };
  let pauses = 0;
  const stepped = (text, key = id) => readStoredInSteps(text, {
    id: key, read: readStoredRecord, maxChars: MAX_TEXT_CHARS, maxLines: MAX_QUOTE_LINES, nestingPastLimit, pause: async () => { pauses += 1; },
  });
  const good = JSON.stringify(record);
  const inSteps = await stepped(good);
  assert.ok(inSteps.ok, JSON.stringify(inSteps).slice(0, 200));
  assert.deepEqual(inSteps, readStoredRecord(good, { id }));
  assert.equal(inSteps.value.quote.lines.length, 1200);
  assert.equal(pauses, 3);
  // A bad line: refused with its path in the whole record, as in one pass; so is a bad header.
  const badLine = structuredClone(record);
  badLine.quote.lines[900] = { sku: { toString: null } };
  const badHeader = { ...record, title: 5 };
  for (const text of [JSON.stringify(badLine), JSON.stringify(badHeader)]) {
    const verdict = await stepped(text);
    assert.equal(verdict.ok, false);
    assert.deepEqual(verdict, readStoredRecord(text, { id }));
  }
  assert.match((await stepped(JSON.stringify(badLine))).path, /^\/quote\/lines\/900\/sku$/);
  // What it cannot split, or what is refused as a whole: the one-pass verdict.
  const tooMany = { ...record, quote: { ...quote, lines: Array.from({ length: 20_001 }, () => quote.lines[0]) } };
  const deep = JSON.stringify({ ...record, quote: { ...quote, lines: [JSON.parse(`${'['.repeat(60)}${']'.repeat(60)}`)] } });
  for (const text of ['{', JSON.stringify({ ...record, quote: null }), JSON.stringify({ ...record, quote: { ...quote, lines: 5 } }),
    JSON.stringify(tooMany), deep, JSON.stringify({ ...record, version: 99 }), JSON.stringify({ ...record, quote: { ...quote, customer: null } })]) {
    const verdict = await stepped(text);
    assert.equal(verdict.ok, false, text.slice(0, 60));
    assert.deepEqual(verdict, readStoredRecord(text, { id }), text.slice(0, 80));
  }
  // Stored under another id: refused as in one pass.
  assert.deepEqual(await stepped(good, 'q-00000000ffff'), readStoredRecord(good, { id: 'q-00000000ffff' }));
});

// What the doors checked is not checked again in one task when the session admits it: a large
// import or saved record, checked in steps, comes out as one quote the doors know (inbound.js
// joinChecked), which admit takes as it is (60-400 ms at 20,000 lines in one task before).
test('a quote checked in steps is admitted as it is; a quote joined from anything else is not vouched for', async () => {
  const { joinChecked, isChecked, readStoredRecord, readQuote, RECORD_VERSION, MAX_TEXT_CHARS, MAX_QUOTE_LINES, nestingPastLimit } = await import(web('lib/inbound.js'));
  const { readStoredInSteps } = await import(web('lib/read-in-steps.js'));
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const quote = largeQuote(book, 1200, 13);
  const s = await session();
  // An import in steps, the page's way (join handed in): the same value as one pass, and vouched for.
  const text = JSON.stringify({ format: EXPORT_FORMAT, version: 1, title: 'T', quote });
  const imported = await parseImportInSteps(text, { parseImport, ImportError, limits: IMPORT_LIMITS, join: joinChecked });
  assert.deepEqual(imported, parseImport(text));
  assert.ok(isChecked(imported.quote));
  assert.equal(s.admit(imported.quote).quote, imported.quote, 'admitted as it is');
  // Without join: the same value, not vouched for, so admit checks and copies it.
  const unjoined = await parseImportInSteps(text, { parseImport, ImportError, limits: IMPORT_LIMITS });
  assert.equal(isChecked(unjoined.quote), false);
  assert.notEqual(s.admit(unjoined.quote).quote, unjoined.quote);
  // A one-pass import and a saved record read in steps are vouched for too.
  assert.ok(isChecked(parseImport(JSON.stringify(largeQuote(book, 3, 1))).quote));
  const id = 'q-00000000beef';
  const record = { version: RECORD_VERSION, id, title: 'Big', createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-01T00:00:00.000Z', quote };
  const read = await readStoredInSteps(JSON.stringify(record), {
    id, read: readStoredRecord, join: joinChecked, maxChars: MAX_TEXT_CHARS, maxLines: MAX_QUOTE_LINES, nestingPastLimit, pause: async () => {},
  });
  assert.ok(read.ok && isChecked(read.value.quote));
  assert.deepEqual(read, readStoredRecord(JSON.stringify(record), { id }));
  // joinChecked vouches only for what the doors checked, and never past the line limit.
  const head = readStoredRecord(JSON.stringify({ ...record, quote: { ...quote, lines: [] } }), { id }).value.quote;
  const part = parseImport(JSON.stringify({ customer: {}, lines: quote.lines.slice(0, 10) })).quote;
  assert.ok(isChecked(joinChecked(head, [part, part])));
  assert.equal(joinChecked(head, [part, { customer: {}, lines: [null] }]), null, 'a part from elsewhere');
  assert.equal(joinChecked({ ...head }, [part]), null, 'a quote from elsewhere');
  assert.equal(joinChecked(head, Array.from({ length: 2001 }, () => part)), null, 'past the line limit');
  // A host's object (readQuote's copy included) is still checked and copied by admit.
  assert.equal(isChecked(readQuote(quote).value), false);
  assert.equal(s.admit({ ...quote, lines: [null] }, { notify: false }).path, '/lines/0');
});

test("the worker's engine restarting is reported to the page; a comparison worker is given no book", async () => {
  globalThis.Worker = FakeWorker;
  let restarts = 0;
  const client = startPricingWorker('file:///pricing-worker.js', '{"book":1}', () => { restarts += 1; });
  const fake = FakeWorker.made.at(-1);
  fake.answer({ type: 'book', generation: fake.posted[0].generation, id: 'b', version: '1' });
  await client.ready;
  fake.answer({ type: 'recovered' });
  assert.equal(restarts, 1, 'the page hears of the restart');
  assert.equal(client.failed, false, 'the worker is still usable');
  // Without a book: nothing to load, ready at once, and a comparison is sent as it comes.
  const comparer = startPricingWorker('file:///pricing-worker.js', null);
  const fake2 = FakeWorker.made.at(-1);
  await comparer.ready;
  assert.deepEqual(fake2.posted, []);
  const compared = comparer.compare({ lines: [] }, { detail: 'summary', bookText: '{}', base: 'file:///' });
  await flush();
  assert.equal(fake2.posted[0].type, 'compare');
  fake2.answer({ id: fake2.posted[0].id, generation: fake2.posted[0].generation, result: { currency: 'USD' }, competitorParts: ['[{"id":"x"}]'] });
  assert.deepEqual(await compared, { result: { currency: 'USD', competitors: [{ id: 'x' }] }, errors: [] });
});

test('a comparison goes as its changes from the last quote compared; asked again, whole', async () => {
  globalThis.Worker = FakeWorker;
  const comparer = startPricingWorker('file:///pricing-worker.js', null);
  const fake = FakeWorker.made.at(-1);
  await comparer.ready;
  const lines = Array.from({ length: 10 }, (_, i) => ({ sku: 'delivery', quantity: String(i + 1) }));
  const options = { detail: 'summary', bookText: '{}', base: 'file:///' };
  const answer = (m, extra = {}) => fake.answer({ id: m.id, generation: m.generation, result: { n: m.id }, competitorParts: [], ...extra });
  const first = comparer.compare({ term_months: 12, lines }, options);
  await flush();
  assert.equal(fake.posted[0].text, JSON.stringify({ term_months: 12, lines }), 'the first goes whole');
  answer(fake.posted[0]);
  await first;
  // The header changed and one line replaced: that line, and the header.
  const next = lines.slice();
  next[4] = { ...next[4], quantity: '50' };
  const second = comparer.compare({ term_months: 24, lines: next }, options);
  await flush();
  const [, sent] = fake.posted;
  assert.equal(sent.text, null);
  assert.deepEqual({ base: sent.delta.base, changed: sent.delta.changed, lines: JSON.parse(sent.delta.lines), head: JSON.parse(sent.delta.head) },
    { base: fake.posted[0].id, changed: [4], lines: [next[4]], head: { term_months: 24, lines: 0 } });
  // A worker that does not hold that base asks again: the whole text goes, and is answered.
  answer(sent, { rebase: true, result: undefined });
  await flush();
  assert.equal(fake.posted[2].text, JSON.stringify({ term_months: 24, lines: next }));
  answer(fake.posted[2]);
  assert.deepEqual(await second, { result: { n: fake.posted[2].id, competitors: [] }, errors: [] });
  // The next one is a change from the one sent whole.
  comparer.compare({ term_months: 36, lines: next }, options);
  await flush();
  assert.equal(fake.posted[3].delta.base, fake.posted[2].id);
});

// A priced quote as pricing-worker.js sends it for a live key: every line, finding and warning
// changed, as JSON texts of 250 entries in UTF-8 bytes (their buffers transferred), empty lists
// in their place.
function packedAnswer(message, priced) {
  const parts = (list = []) => {
    const out = [];
    for (let i = 0; i < list.length; i += 250) out.push(new TextEncoder().encode(JSON.stringify(list.slice(i, i + 250))));
    return out;
  };
  const rest = { ...priced, lines: [], guidance: [] };
  if ('warnings' in rest) rest.warnings = [];
  const all = (list = []) => list.map((_, i) => i);
  return {
    id: message.id, generation: message.generation, priced: rest,
    lineParts: parts(priced.lines), lineCount: priced.lines.length, linesChanged: all(priced.lines),
    guidanceParts: parts(priced.guidance), guidanceCount: priced.guidance.length, guidanceChanged: all(priced.guidance),
    warningParts: parts(priced.warnings), warningCount: priced.warnings?.length ?? 0, warningsChanged: all(priced.warnings),
  };
}

test('text decoded a piece at a time is the text decoded in one call: characters across the pieces\' edges (64 KB, and 512 KB past 1 MB), bytes that are not UTF-8', async () => {
  const { utf8Text } = await import(web('engine/edgequote.js'));
  const whole = new TextDecoder();
  const piece = 65536;
  // A 4-byte, a 3-byte and a 2-byte character over each edge, at every offset: in a short text
  // (64 KB pieces) and in one of more than 1 MB (512 KB pieces).
  for (const [edge, tail] of [[piece, piece - 1], [8 * piece, 17 * piece]]) {
    for (const char of ['😀', '—', '×']) {
      const size = new TextEncoder().encode(char).length;
      for (let offset = 1; offset < size; offset += 1) {
        const text = `${'a'.repeat(edge - offset)}${char}${'b'.repeat(tail)}${char}z`;
        const bytes = new TextEncoder().encode(text);
        assert.equal(utf8Text(bytes), text, `${char} cut at ${offset} of a ${bytes.length}-byte text`);
      }
    }
  }
  // Bytes no UTF-8 decoder accepts, and a sequence cut short at the very end: replaced as one call replaces them.
  const random = new Uint8Array(3 * piece + 17);
  let seed = 7;
  for (let i = 0; i < random.length; i += 1) random[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  random[piece - 1] = 0xe2;
  random[random.length - 1] = 0xf0;
  assert.equal(utf8Text(random), whole.decode(random));
  assert.equal(utf8Text(new Uint8Array(0)), '');
  // And the decoder is left clean for the next text.
  assert.equal(utf8Text(new TextEncoder().encode('ok')), 'ok');
});

test('parts in UTF-8 bytes read as the same lines, text outside ASCII included', async () => {
  const { client, fake } = await readyWorker();
  const asked = client.price('fresh', { v: 1 }, { detail: 'full' });
  await flush();
  const [m] = priceRequests(fake);
  const lines = [{ name: 'Origin shield · EU', net: '1.00' }, { name: 'Support — 24×7 €', net: '2.00' }];
  fake.answer({ id: m.id, generation: m.generation, priced: { lines: [] }, lineParts: [new TextEncoder().encode(JSON.stringify(lines))] });
  assert.deepEqual((await asked).priced, { lines });
});

// The real worker (web/lib/pricing-worker.js) in this process, behind a stand-in Worker: what the
// client posts reaches the worker's `self` as a copy (held while `hold`, until deliver()), and
// what the worker posts comes back to the client of the moment as a copy, its buffers transferred.
// It loads its book into the session's engine (loadEngine's shared instance, made by session()).
let inProcess = null;
async function workerInProcess() {
  if (!inProcess) {
    const self = new EventTarget();
    self.postMessage = (data, transfer = []) => {
      const copy = structuredClone(data, { transfer });
      const client = inProcess.client;
      setTimeout(() => {
        client?.answer(copy);
        if (client && copy.id !== undefined) client.answers += 1;
      });
    };
    globalThis.self = self;
    await import(web('lib/pricing-worker.js'));
    inProcess = { self, client: null };
  }
  return inProcess;
}

class InProcessWorker extends FakeWorker {
  static holding = false;  // the price requests of the next one made are held

  constructor(...args) {
    super(...args);
    this.hold = InProcessWorker.holding;
    this.held = [];
    this.answers = 0;
    this.received = [];
    inProcess.client = this;
  }

  answer(data) {
    this.received.push(data);
    super.answer(data);
  }

  postMessage(message) {
    super.postMessage(message);
    if (this.hold && message.type === 'price') this.held.push(message);
    else this.deliver(message);
  }

  deliver(message) {
    inProcess.self.dispatchEvent(Object.assign(new Event('message'), { data: structuredClone(message) }));
  }
}

test('an edit made while a large answer is read part by part supersedes it: only the newest is drawn, as the engine prices it', async () => {
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const s = await session();
  await workerInProcess();
  globalThis.Worker = InProcessWorker;
  const drawn = [];
  s.host.render = () => drawn.push(s.priced);
  const made = FakeWorker.made.length;
  const worker = () => (FakeWorker.made.length > made ? FakeWorker.made.at(-1) : { posted: [], held: [] });
  const requested = async (n) => {
    for (let i = 0; i < 500 && priceRequests(worker()).length < n; i++) await flush();
    return priceRequests(worker())[n - 1];
  };
  // The n-th request reaches the worker, which prices it; its answer reaches the client.
  const answer = async (n) => {
    const message = await requested(n);
    const w = worker();
    w.deliver(w.held.splice(w.held.indexOf(message), 1)[0]);
    for (let i = 0; i < 500 && w.answers < n; i++) await flush();
  };
  // The worker answers the edited quote lean: its lines in summary detail (their math on request).
  const canonical = () => s.engine.priceCanonical(s.loadedBook, s.quote, { detail: 'summary' });

  InProcessWorker.holding = true;
  const opening = s.open(largeQuote(book, 900, 13), { source: 'test' });
  await answer(1);
  InProcessWorker.holding = false;
  await opening;
  assert.equal(JSON.stringify(s.priced), canonical());
  assert.equal(drawn.length, 1);

  // Every line repriced (900 lines: four parts, read one per task); the next edit comes after the
  // first part is read, before the last.
  const older = s.edit('quote-discount', { pct: '7' });
  await answer(2);
  const newer = s.edit('quote-discount', { pct: '9' });
  assert.equal(await older, undefined);
  assert.equal(drawn.length, 1, 'the older answer, read to its end after the newer edit, is never drawn');
  await answer(3);
  await newer;
  assert.equal(priceRequests(worker()).length, 3);
  assert.equal(drawn.length, 2);
  assert.equal(s.quote.discount_pct, '9');
  assert.equal(JSON.stringify(drawn[1]), canonical(), 'what is drawn is the engine\'s pricing of the newest quote, byte for byte');
  // The worker's parts are ASCII (what is past it written as JSON escapes: the page decodes a
  // part in one call), and read back as the engine wrote them: this quote's findings hold "×".
  assert.match(canonical(), /[^\x00-\x7f]/);
  const parts = worker().received.flatMap((a) => [...(a.lineParts ?? []), ...(a.guidanceParts ?? []), ...(a.warningParts ?? [])]);
  assert.ok(parts.length > 3);
  assert.ok(parts.every((part) => part.every((byte) => byte < 128)), 'every part is ASCII');
});

test("a live key's quote goes to the worker as the lines it changed, and every quote drawn is the engine's pricing of the page's quote", async () => {
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const s = await session();
  await workerInProcess();
  globalThis.Worker = InProcessWorker;
  const canonical = () => s.engine.priceCanonical(s.loadedBook, s.quote, { detail: 'summary' });
  const samePrice = (what) => assert.equal(JSON.stringify(s.priced), canonical(), what);
  await s.open(largeQuote(book, 900, 17), { source: 'test' });
  const worker = FakeWorker.made.at(-1);
  const sent = () => priceRequests(worker).filter((m) => m.key === 'edited');
  const last = () => sent().at(-1);
  samePrice('the first quote');
  assert.equal(typeof last().text, 'string', 'the first quote of a key goes whole');
  assert.equal(last().delta, null);

  // Every line repriced, none changed: only the header crosses.
  await s.edit('quote-discount', { pct: '7' });
  assert.equal(last().text, null, 'an edit of the header does not send the quote\'s text');
  assert.deepEqual({ changed: last().delta.changed, lines: last().delta.lines, count: last().delta.count },
    { changed: [], lines: '[]', count: 900 });
  assert.equal(JSON.parse(last().delta.head).discount_pct, '7');
  samePrice('a header edit');
  // Every line repriced: each comes back as the members that changed from the line the page holds
  // (pricing-worker.js asChanges), which the page puts together as the engine's line (samePrice).
  const linesAnswered = (request) => worker.received.find((a) => a.id === request.id).lineParts
    .flatMap((part) => JSON.parse(new TextDecoder().decode(part)));
  const repriced = linesAnswered(last());
  assert.ok(repriced.length > 800, `most lines repriced: ${repriced.length}`);
  assert.ok(repriced.every((entry) => Array.isArray(entry) && entry.length === 1 && !('sku' in entry[0])),
    `each line as its changed members: ${JSON.stringify(repriced[0])}`);
  assert.equal(last().heldAnswer, sent().at(-2).id, 'the page named the answer it holds: its last edit\'s');

  // One line's discount: that line.
  const lineEdit = (index, value) => s.edit('line-discount', { index, sku: s.quote.lines[index].sku, field: 'discount_pct', value });
  await lineEdit(3, '5');
  assert.deepEqual(last().delta.changed, [3]);
  assert.deepEqual(JSON.parse(last().delta.lines), [s.quote.lines[3]]);
  samePrice('a line edit');

  // Edits made while one is priced: the superseded one is never sent, and the next goes as its
  // changes from the quote the worker last had, the superseded edit's line included.
  const before = sent().length;
  const first = s.edit('quote-discount', { pct: '8' });
  for (let i = 0; i < 500 && sent().length === before; i++) await flush();
  await Promise.all([first, lineEdit(5, '6'), s.edit('quote-discount', { pct: '9' })]);
  assert.equal(sent().length, before + 2);
  assert.deepEqual(last().delta.changed, [5]);
  assert.equal(s.quote.discount_pct, '9');
  samePrice('after superseded edits');

  // A base the worker does not hold (here: named wrongly on its way) is never patched: the worker
  // asks again and the whole text goes.
  worker.hold = true;
  const lost = lineEdit(7, '3');
  for (let i = 0; i < 500 && !worker.held.length; i++) await flush();
  const message = worker.held.pop();
  worker.hold = false;
  worker.deliver({ ...message, delta: { ...message.delta, base: message.delta.base - 1 } });
  await lost;
  assert.equal(last().text !== null && last().delta === null, true, 'sent again whole');
  samePrice('after a lost base');
  await lineEdit(7, '4');
  assert.deepEqual(last().delta.changed, [7], 'and the changes follow from that one');
  samePrice('the next edit');

  // The page names an answer the worker did not give last (here: misnamed on its way): the lines
  // come whole, never as changes from lines the page may not hold.
  worker.hold = true;
  const misnamed = s.edit('quote-discount', { pct: '11' });
  for (let i = 0; i < 500 && !worker.held.length; i++) await flush();
  const asked = worker.held.pop();
  worker.hold = false;
  assert.equal(typeof asked.heldAnswer, 'number');
  worker.deliver({ ...asked, heldAnswer: asked.heldAnswer - 1 });
  await misnamed;
  const whole = linesAnswered(asked);
  assert.ok(whole.length > 800 && whole.every((entry) => !Array.isArray(entry) && 'sku' in entry), 'every line whole');
  samePrice('after a misnamed answer');
  await s.edit('quote-discount', { pct: '12' });
  assert.ok(linesAnswered(last()).every(Array.isArray), 'and the next edit\'s lines as their changes again');
  samePrice('the edit after it');

  // A line removed early on (every later line moves up: the whole text), one added at the end
  // (that line), the last two removed (none), each as a new quote priced as the session prices it.
  const withLines = async (lines) => {
    s.quote = { ...s.quote, lines };
    await s.reprice({ edited: true });
  };
  await withLines(s.quote.lines.filter((_, i) => i !== 100));
  assert.equal(typeof last().text, 'string');
  samePrice('a line removed');
  await withLines([...s.quote.lines, { ...s.quote.lines[0] }]);
  assert.deepEqual(last().delta.changed, [s.quote.lines.length - 1]);
  samePrice('a line added');
  const shorter = s.quote.lines.length - 2;
  await withLines(s.quote.lines.slice(0, shorter));
  assert.deepEqual({ changed: last().delta.changed, count: last().delta.count }, { changed: [], count: shorter });
  samePrice('the last lines dropped');

  // Another book (the same text loaded again): a new worker, which gets the whole text first.
  await s.load({ text: s.bookText, signal: new AbortController().signal });
  await s.edit('quote-discount', { pct: '4' });
  const next = FakeWorker.made.at(-1);
  assert.notEqual(next, worker);
  assert.equal(typeof priceRequests(next).at(-1).text, 'string');
  samePrice('with the book loaded again');
  await s.edit('quote-discount', { pct: '5' });
  assert.equal(priceRequests(next).at(-1).text, null);
  samePrice('and the edit after');
});

test("the edited quote's lines come lean; a line's math and the whole quote in full are the engine's, asked for the price drawn", async () => {
  const book = JSON.parse(await readFile(bookPath, 'utf8'));
  const s = await session();
  await workerInProcess();
  globalThis.Worker = InProcessWorker;
  const full = () => JSON.parse(s.engine.priceCanonical(s.loadedBook, s.quote, { detail: 'full' }));
  await s.open(largeQuote(book, 900, 19), { source: 'test' });
  assert.equal(s.pricedLean, true);
  assert.equal(s.priced.lines.some((line) => 'tiers' in line || 'waterfall' in line), false, 'no line came with its math');
  // Every line repriced: each line asked for is the engine's in full, and so is the whole quote.
  await s.edit('quote-discount', { pct: '7' });
  const expected = full();
  for (const at of [0, 1, 450, s.priced.lines.length - 1]) {
    assert.deepEqual(await s.fullDetail(s.priced.lines[at]), expected.lines[at], `line ${at}`);
  }
  assert.equal(JSON.stringify(await s.fullDetail()), JSON.stringify(expected), 'the whole quote in full');
  assert.equal(s.priced.lines.some((line) => 'tiers' in line), false, 'the math asked for stayed out of the price drawn');
  // A line no longer in the price drawn (an edit replaced it) has no math to ask for.
  const old = s.priced.lines[0];
  await s.edit('quote-discount', { pct: '8' });
  assert.equal(await s.fullDetail(old), null);
  // Two newer answers than the one a line came in: the worker holds that answer no more.
  const { fullDetail } = await import(web('lib/pricing-worker-client.js'));
  const drawn = s.priced;
  await s.edit('quote-discount', { pct: '9' });
  await s.edit('quote-discount', { pct: '10' });
  assert.equal(await fullDetail(s, drawn, [0]), null);
  assert.deepEqual((await fullDetail(s, s.priced, [0]))[0], full().lines[0]);
});
