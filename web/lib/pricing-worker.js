// The pricing engine in a module worker, for large quotes (web/lib/pricing-worker-client.js is
// the page's side; web/lib/quote-session.js decides when to use it). Pricing a 5,000-line quote
// is one engine call of hundreds of milliseconds; here it runs beside the page, which keeps
// answering input meanwhile. The worker has its own copy of the engine module and of the price
// book the page loaded, and keeps live quotes per key as the session does, so an edit crosses
// as the quote's text and comes back as the lines whose price changed.
//
// Messages in (one at a time: the edited quote's before the others waiting, none past a book;
// out, besides the answers: {type: 'recovered'} when the engine restarted after an input):
//   {type: 'book', generation, text}                   load this book (closes the live quotes)
//   {type: 'price', id, generation, how, key, detail, text, delta, lean, heldAnswer}
//        the quote as its text, or for a live key as `delta` (text null): its changes from the
//        last one sent for that key (quoteText below); answered {rebase: true} when that one is
//        not held here, and the page sends the text
//        how 'live'      a live quote per `key`+`detail`: answers {priced, lineParts, guidanceParts,
//                        warningParts, lineCount, linesChanged, guidanceCount, guidanceChanged,
//                        warningCount, warningsChanged}: the parts hold only the entries at the
//                        positions changed since this key's last answer, each as its
//                        changes ([{member: value}], asChanges) when `heldAnswer` names that
//                        answer (the one the page holds), else whole
//                        with `lean` (the rep page's edited quote, detail 'full'): its lines go
//                        without their tiers and waterfall (in summary detail: what the rows,
//                        totals and panels show), which stay here for 'math' below
//        how 'fresh'     engine.price(): answers {priced, lineParts, guidanceParts, warningParts}
//                        (packed below: UTF-8 JSON texts, their buffers transferred)
//        how 'canonical' engine.priceCanonical(): answers {canonical} (the exact text), packed too
//   {type: 'compare', id, generation, text, delta, detail, bookText, base, math}
//        the competitor comparison (engine/compare.js), loaded here on first use; the quote as
//        its text, or as `delta` from the last one compared (answered {rebase: true} as above
//        when that one is not held here); answers {result,
//        competitorParts} (its competitors as JSON texts, packed as lines are; the math only of
//        the vendors in `math`, compareQuote)
//   {type: 'math', id, generation, key, detail, answer, positions}
//        the full lines (tiers, waterfall) of a lean live answer (`answer`: its request's id) at
//        `positions`, answered {lineParts}; with positions null the whole priced quote in full,
//        answered as 'fresh' is; {gone: true} when that answer is no longer held here
// Every answer: {id, generation, ...} or {id, generation, errors} (the engine's error list).
import { loadEngine } from '../engine/edgequote.js';

const MAX_LIVE_QUOTES = 12;  // as the session keeps on the main thread

let engine = null;
let book = null;
let generation = 0;
const liveQuotes = new Map();  // `${key} ${detail}` -> LiveQuote

const errorsOf = (error) => (Array.isArray(error?.errors) && error.errors.length
  ? error.errors
  : [{ code: error?.code ?? 'engine_error', path: error?.path ?? '', message: error?.message ?? String(error) }]);

function closeLiveQuotes() {
  for (const live of liveQuotes.values()) live.close();
  liveQuotes.clear();
  lastAnswers.clear();
  sentQuotes.clear();
  leanAnswers.clear();
}

// The full results of the last lean answers per live key (`${key} ${detail}` -> [{id, priced}],
// the newest last), for the page's 'math' requests. Two: the page may still show the one before
// the newest (a newer answer being read, or overtaken by a newer edit). Unchanged lines are the
// same objects in both, so the second costs only the lines that changed.
const LEAN_ANSWERS_KEPT = 2;
const leanAnswers = new Map();

function keepLeanAnswer(name, id, priced) {
  const kept = [...(leanAnswers.get(name) ?? []), { id, priced }];
  leanAnswers.set(name, kept.slice(-LEAN_ANSWERS_KEPT));
}

// A line as summary detail writes it: the engine's full line without its tiers and waterfall
// (core/src/write_json.cpp writes nothing else differently), its keys in the same order.
const summaryLine = ({ tiers, waterfall, ...line }) => line;

function math({ key, detail, answer, positions }) {
  const held = leanAnswers.get(`${key} ${detail}`)?.find((a) => a.id === answer);
  if (!held) return { gone: true };
  if (!positions) return packed(held.priced);
  return { lineParts: [textPart(positions.map((p) => held.priced.lines[p] ?? null))] };
}

// The last quote each live key was sent (`${how} ${key} ${detail}` -> {id, quote}), which the
// page's next one for that key names as its base (pricing-worker-client.js quoteDelta): that
// quote's lines, those at `changed` replaced by the ones sent, under the header sent. Null when
// the base named is not the one held here (never held, or let go): the page then sends the whole
// text. The text made is the page's JSON.stringify of its quote, as if it had been sent whole.
const sentQuotes = new Map();

function quoteText({ id, how, key, detail, text, delta }) {
  if (!key) return text;
  const name = `${how} ${key} ${detail}`;
  let quote;
  if (delta) {
    const base = sentQuotes.get(name);
    if (base?.id !== delta.base) return null;
    const lines = base.quote.lines.slice(0, delta.count);
    const sent = JSON.parse(delta.lines);
    delta.changed.forEach((position, i) => { lines[position] = sent[i]; });
    quote = JSON.parse(delta.head);
    quote.lines = lines;
    text = JSON.stringify(quote);
  } else {
    try {
      quote = JSON.parse(text);
    } catch {
      quote = null;  // the engine says what is wrong with it
    }
  }
  sentQuotes.delete(name);
  if (Array.isArray(quote?.lines)) {
    if (sentQuotes.size >= MAX_LIVE_QUOTES) sentQuotes.delete(sentQuotes.keys().next().value);
    sentQuotes.set(name, { id, quote });
  }
  return text;
}

async function loadBook({ text }) {
  if (!engine) {
    engine = await loadEngine();
    // The engine stopped on an input and restarted itself (that input answered engine_restarted):
    // the page says so as it does for its own engine.
    engine.addEventListener('recovered', () => self.postMessage({ type: 'recovered' }));
  }
  closeLiveQuotes();
  if (book) {
    try {
      engine.releasePricebook(book);
    } catch {
      // Gone with a restarted engine already.
    }
    book = null;
  }
  book = await engine.loadPricebook(text);
  return { id: book.id, version: book.version };
}

function liveQuote(key, detail) {
  const id = `${key} ${detail}`;
  let live = liveQuotes.get(id);
  if (!live) {
    if (liveQuotes.size >= MAX_LIVE_QUOTES) {
      const [oldest, quote] = liveQuotes.entries().next().value;
      quote.close();
      liveQuotes.delete(oldest);
      lastAnswers.delete(oldest);
    }
    live = engine.openQuote(book, { detail });
    liveQuotes.set(id, live);
  }
  return live;
}

// The positions of `after` whose entry is not the one `before` held there (the live quote hands
// back the same object for an entry it did not price again), and those entries.
function changes(before = [], after = []) {
  const positions = [];
  const sent = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== before[i]) {
      positions.push(i);
      sent.push(after[i]);
    }
  }
  return { positions, sent };
}

// A priced quote as it crosses to the page: its lines, findings and warnings (5,000 lines raise
// thousands of findings, and a flat-priced line given a quantity a warning each) as JSON text in parts of PART entries, which the page parses one part per task —
// read in one go, as a structured clone or one JSON text, such an answer is a long task of its
// own —, and an empty list in their place (keeping the keys' order); the rest as it is. Each
// part is UTF-8 bytes whose buffer is transferred, not copied: as strings, the page read the
// 3-5 MB of a 5,000-line answer in the message's own task (tens of milliseconds, before any
// part was parsed).
// Each part's text is ASCII: characters past it written as JSON escapes (the page's JSON.parse
// gives back the same strings). The page then decodes a part in one call, which is fast for
// ASCII only, and makes one string of it: decoded in 64 KB pieces (what the slow path for other
// characters asks for), the 12 MB of a 20,000-line quote's full lines left 240 strings whose
// disposal was 51-330 ms of one garbage collection task, against 5-21 ms for 80
// (tests/bench/decode-gc.mjs).
const PART = 250;
const utf8 = new TextEncoder();
const NOT_ASCII = /[\u0080-\uffff]/g;
const asciiJson = (value) => JSON.stringify(value).replace(NOT_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const textPart = (list) => utf8.encode(asciiJson(list));
function packed(priced, lines = priced.lines, guidance = priced.guidance, warnings = priced.warnings) {
  const parts = (list = []) => {
    const out = [];
    for (let i = 0; i < list.length; i += PART) out.push(textPart(list.slice(i, i + PART)));
    return out;
  };
  const rest = { ...priced };
  if ('lines' in rest) rest.lines = [];
  if ('guidance' in rest) rest.guidance = [];
  if ('warnings' in rest) rest.warnings = [];
  return { priced: rest, lineParts: parts(lines), guidanceParts: parts(guidance), warningParts: parts(warnings) };
}

// A changed entry as the page rebuilds it from the one it holds at that position: an array of
// one object, the members whose values changed, when the entry has the same members in the same
// order as `before` (so the page's `{...before, ...changes}` is this entry, members in order);
// else the entry whole. After a term or quote discount edit at 20,000 lines, every line's
// changes were 0.4 MB of the 6.4 MB of their text (each line's net and discount): what the page
// reads, keeps and leaves for its garbage collection.
const sameValue = (a, b) => a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null
  && JSON.stringify(a) === JSON.stringify(b));
function asChanges(before, after) {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null
    || Array.isArray(before) || Array.isArray(after)) return after;
  const keys = Object.keys(after);
  const beforeKeys = Object.keys(before);
  if (keys.length !== beforeKeys.length) return after;
  const changed = {};
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== beforeKeys[i]) return after;
    if (!sameValue(before[keys[i]], after[keys[i]])) changed[keys[i]] = after[keys[i]];
  }
  return [changed];
}

// The last answer of each live key (`${key} ${detail}` -> {id, lean, priced}): the page names
// the answer it holds (`heldAnswer`, its request's id) and the entries are sent as their changes from
// that answer's only when it is this one, as lean or as full as this one.
const lastAnswers = new Map();

function price(message) {
  const { how, key, detail } = message;
  const text = quoteText(message);
  if (text === null) return { rebase: true };
  if (how === 'canonical') {
    const canonical = engine.priceCanonical(book, text, { detail });
    const parsed = JSON.parse(canonical);
    return parsed.errors?.length ? { errors: parsed.errors } : { canonical, ...packed(parsed) };
  }
  if (how === 'fresh') return packed(engine.price(book, text, { detail }));
  const name = `${key} ${detail}`;
  const live = liveQuote(key, detail);
  const before = live.priced;
  const priced = live.price(text);
  const lines = changes(before?.lines, priced.lines);
  const guidance = changes(before?.guidance, priced.guidance);
  const warnings = changes(before?.warnings, priced.warnings);
  // Lean: at 20,000 lines the tiers and waterfalls were 5.5 of the 12.4 MB of line text the page
  // parsed after an edit that repriced every line, and most of the objects made of it (each
  // line's tier slices and waterfall steps), which its garbage collection then went through.
  const lean = Boolean(message.lean);
  if (lean) keepLeanAnswer(name, message.id, priced);
  const held = lastAnswers.get(name);
  lastAnswers.set(name, { id: message.id, lean, priced });
  const pageHolds = held !== undefined && held.id === message.heldAnswer && held.lean === lean && held.priced === before;
  const sentLines = lean ? lines.sent.map(summaryLine) : lines.sent;
  const sent = (entries, positions, list, shape = (x) => x) => (pageHolds
    ? entries.map((entry, i) => (list?.[positions[i]] === undefined ? entry : asChanges(shape(list[positions[i]]), entry)))
    : entries);
  return {
    ...packed(priced, sent(sentLines, lines.positions, before?.lines, lean ? summaryLine : undefined),
      sent(guidance.sent, guidance.positions, before?.guidance), sent(warnings.sent, warnings.positions, before?.warnings)),
    lineCount: priced.lines.length,
    linesChanged: lines.positions,
    guidanceCount: priced.guidance?.length ?? 0,
    guidanceChanged: guidance.positions,
    warningCount: priced.warnings?.length ?? 0,
    warningsChanged: warnings.positions,
  };
}

// The competitor comparison: its own wasm module, our book and the competitor books, loaded once.
let comparison = null;
function loadComparison(bookText, base) {
  comparison ??= (async () => {
    const { loadCompare } = await import('../engine/compare.js');
    const [compare, index] = await Promise.all([
      loadCompare(),
      fetch(new URL('competitors/index.json', base)).then((r) => {
        if (!r.ok) throw new Error(`the competitor books are not served (competitors/index.json: HTTP ${r.status})`);
        return r.json();
      }),
    ]);
    const texts = await Promise.all(index.books.map((file) => fetch(new URL(`competitors/${file}`, base)).then((r) => {
      if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
      return r.text();
    })));
    return { compare, ours: compare.loadPricebook(bookText), competitors: texts.map((t) => compare.loadCompetitorBook(t)) };
  })();
  comparison.catch(() => { comparison = null; });
  return comparison;
}

// `math`: the vendors whose math the page shows (null: every vendor's). The others' priced
// quote, its lines' origins and what was left out stay here (`mathLeftOut`): at 5,000 lines
// each is a megabyte of JSON, even in summary, that the page would parse and throw away after
// every edit, for a row that shows one monthly figure.
async function compareQuote({ id, text, delta, detail, bookText, base, math = null }) {
  // Sent as its changes from the last quote compared, as a live key's quote is (whatever the detail).
  const quote = quoteText({ id, how: 'compare', key: 'compare', detail: '', text, delta });
  if (quote === null) return { rebase: true };
  const { compare, ours, competitors } = await loadComparison(bookText, base);
  const result = compare.compare(ours, quote, competitors, { detail });
  const sent = result.competitors.map((c) => (!math || math.includes(c.vendor.id) ? c
    : { ...c, priced: null, from: [], left_out: [], mathLeftOut: true }));
  // Each competitor's part as a text of its own, which the page parses in a task of its own (see packed).
  return { result: { ...result, competitors: [] }, competitorParts: sent.map((c) => textPart([c])) };
}

// The buffers of an answer's parts, transferred with it.
const partBuffers = (answer) => ['lineParts', 'guidanceParts', 'warningParts', 'competitorParts']
  .flatMap((key) => (answer[key] ?? []).map((part) => part.buffer));

async function handle(message) {
  if (message.type === 'book') {
    generation = message.generation;
    try {
      return { type: 'book', generation, ...(await loadBook(message)) };
    } catch (error) {
      book = null;
      return { type: 'book', generation, errors: errorsOf(error) };
    }
  }
  const reply = { id: message.id, generation };
  // The comparison needs no book of ours here (it loads its own): its worker never gets one.
  if (message.generation !== generation || (!book && (message.type === 'price' || message.type === 'math'))) {
    return { ...reply, errors: [{ code: 'engine_error', path: '', message: 'The price book changed meanwhile.' }], stale: true };
  }
  try {
    if (message.type === 'price') return { ...reply, ...price(message) };
    if (message.type === 'math') return { ...reply, ...math(message) };
    if (message.type === 'compare') return { ...reply, ...(await compareQuote(message)) };
    return { ...reply, errors: [{ code: 'engine_error', path: '', message: `Unknown request ${message.type}.` }] };
  } catch (error) {
    return { ...reply, errors: errorsOf(error) };
  }
}

// One message at a time. The edited quote goes first: the rep waits for its totals, while the
// scenarios, the compared quotes and the competitor comparison are drawn after them anyway (on a
// 5,000-line quote a comparison is a few hundred milliseconds the next edit would wait behind).
// Nothing passes a book, so a book loads before every quote sent after it is priced.
const waiting = [];
let running = false;

function next() {
  const book = waiting.findIndex((m) => m.type === 'book');
  const before = book < 0 ? waiting : waiting.slice(0, book);
  const edited = before.findIndex((m) => m.key === 'edited');
  return waiting.splice(edited < 0 ? 0 : edited, 1)[0];
}

async function run() {
  running = true;
  while (waiting.length) {
    const message = next();
    try {
      const answer = await handle(message);
      self.postMessage(answer, partBuffers(answer));
    } catch (error) {
      // Every request is answered, even when answering fails (the page waits for each).
      self.postMessage({ id: message?.id, generation, errors: errorsOf(error) });
    }
    // Messages that came meanwhile are read before the next is chosen.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  running = false;
}

self.addEventListener('message', (event) => {
  waiting.push(event.data);
  if (!running) run();
});
