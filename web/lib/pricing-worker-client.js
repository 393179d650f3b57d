// The page's side of the pricing worker (web/lib/pricing-worker.js): fetched with the first large
// quote, never on the first load. web/lib/quote-session.js sends a large quote's pricing here so
// the engine's long calls (hundreds of milliseconds at 5,000 lines) run beside the page.
//
//   const worker = startPricingWorker(url, bookText);   // rejects `ready` if it cannot start
//   const answer = await worker.price('live', quote, { key: 'edited', detail: 'full' });
//   // {priced, errors}, {canonical, errors} or {superseded: true}; throws WorkerFailed when the
//   // worker is gone (the session then prices on the main thread).
//
// Requests with a live key are coalesced per key and detail: while one is being priced, only the
// latest waits, and an older waiting one is answered {superseded: true} without being priced
// (the session never draws it: a newer edit is pending). Answers of a live key are patched onto
// that key's last result, as the engine's own live quotes do, so that a line the edit did not
// change is the same object as before and the page leaves its row alone.

import { sha256Hex } from '../engine/edgequote.js';

/** The worker cannot be used (it did not start, or it stopped): price on the main thread. */
export class WorkerFailed extends Error {
  constructor(message) {
    super(message);
    this.name = 'WorkerFailed';
  }
}

const SUPERSEDED = Object.freeze({ superseded: true, priced: null, errors: [] });

// Priced quotes answered lean (price() with `lean`: lines without tiers and waterfall) -> where
// their full lines are held: {worker, key, detail, id}. fullLines() asks for them there.
const leanAnswers = new WeakMap();

// A task boundary: scheduler.yield() where the browser has it (the continuation keeps its place
// ahead of other tasks), else a timeout (web/lib/tasks.js nextTask; not imported, so that this
// file shares no chunk with the page's first load).
const nextTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0)));
// A frame painted once 12 ms have gone by since the last (web/lib/tasks.js pacedPauses, for the
// same reason: scheduler.yield's continuations go ahead of rendering); a timeout where there are
// no frames (Node, which runs this file's tests: a slow part there reached this line).
const nextFrame = () => new Promise((resolve) => (globalThis.requestAnimationFrame ?? ((go) => go()))(() => setTimeout(resolve, 0)));

// JSON texts of lists (ASCII bytes, as pricing-worker.js sends them, or strings), parsed one per
// task, as one list, each entry as `entryOf(entry, its position in the list)` makes it. The task
// after the last part is left to what uses the list (drawing it). A part is decoded in one call
// (pricing-worker.js textPart says why).
const ascii = new TextDecoder();
async function parseParts(parts = [], entryOf = (entry) => entry) {
  const list = [];
  let since = performance.now();
  for (const part of parts) {
    for (const entry of JSON.parse(typeof part === 'string' ? part : ascii.decode(part))) list.push(entryOf(entry, list.length));
    if (performance.now() - since < 12) {
      await nextTask();
    } else {
      await nextFrame();
      since = performance.now();
    }
  }
  return list;
}

// A live key's quote as its changes from the last one sent for that key (`sent`: {id, lines}, the
// request's id and its list of lines), or null when the whole text is the better message: none
// sent yet, a text, or most lines changed (a line removed or added early on shifts every line
// after it). Edits replace a line they change, never change it in place (quote-model.js
// replaceLine), so a line that is the same object as the one sent is the same line. The message:
// {base: that request's id, head: the quote's text with `lines` 0 in its place, count: the
// number of lines, changed: the positions of the lines not sent before, lines: their JSON text};
// the worker (pricing-worker.js quoteText) makes the same text JSON.stringify makes here.
export function quoteDelta(quote, sent) {
  const lines = quote?.lines;
  if (!sent || typeof quote !== 'object' || !Array.isArray(lines)) return null;
  const changed = [];
  const changedLines = [];
  for (let i = 0; i < lines.length; i++) {
    if (i >= sent.lines.length || lines[i] !== sent.lines[i]) {
      changed.push(i);
      changedLines.push(lines[i]);
      if (changed.length * 2 > lines.length) return null;
    }
  }
  return { base: sent.id, head: JSON.stringify({ ...quote, lines: 0 }), count: lines.length, changed, lines: JSON.stringify(changedLines) };
}

// An entry of a live answer as the page keeps it: as sent, or when sent as its changes from the
// entry the page holds at its position (`held`), that entry with those members replaced: the
// worker sends changes only when every member is the same, in the same order, but those
// (pricing-worker.js asChanges), so this is the worker's entry, members in order.
function wholeEntry(held, entry) {
  if (!Array.isArray(entry)) return entry;
  if (typeof held !== 'object' || held === null || typeof entry[0] !== 'object' || entry[0] === null) {
    throw new WorkerFailed('the pricing worker sent the changes of an entry this page does not hold');
  }
  return { ...held, ...entry[0] };
}

class PricingWorker {
  #worker;
  #generation = 0;
  #nextId = 1;
  #waiting = new Map();   // id -> {resolve, reject, channel}
  #channels = new Map();  // live channel -> {busy, pending: {run, resolve}|null, base}
  #failure = null;
  #bookWaiter = null;
  #compared = null;       // the last quote sent to compare: {id, lines}
  ready;

  constructor(url, bookText, recovered) {
    this.#worker = new Worker(url, { type: 'module', name: 'edgequote-pricing' });
    this.#worker.addEventListener('message', (event) => this.#answer(event.data));
    // A script that cannot be fetched or parsed, or an error thrown out of the worker.
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      this.#fail(`the pricing worker stopped (${event.message || 'it could not be loaded'})`);
    });
    this.#worker.addEventListener('messageerror', () => this.#fail('a message from the pricing worker could not be read'));
    this.recovered = recovered;
    // The comparison's worker prices nothing with our engine: it is given no book to load.
    this.ready = bookText === null ? Promise.resolve() : this.setBook(bookText);
    this.ready.catch(() => {});
  }

  get failed() {
    return this.#failure !== null;
  }

  /** Loads `text` as the book every later request is priced with; resolves when it is loaded. */
  setBook(text) {
    if (this.#failure) return Promise.reject(this.#failure);
    const generation = ++this.#generation;
    // Bases of live keys were priced with the old book: the worker closes those live quotes and
    // forgets the quotes it was sent.
    for (const channel of this.#channels.values()) channel.base = channel.sent = null;
    const loaded = new Promise((resolve, reject) => {
      this.#bookWaiter = { generation, resolve, reject };
    });
    this.#worker.postMessage({ type: 'book', generation, text });
    return loaded;
  }

  /** Stops the worker; waiting requests fail (and are priced on the main thread). */
  terminate() {
    this.#worker.terminate();
    this.#fail('the pricing worker was stopped');
  }

  #fail(message) {
    if (this.#failure) return;
    this.#failure = new WorkerFailed(message);
    this.#worker.terminate();
    this.#bookWaiter?.reject(this.#failure);
    this.#bookWaiter = null;
    for (const waiter of this.#waiting.values()) waiter.reject(this.#failure);
    this.#waiting.clear();
    for (const channel of this.#channels.values()) channel.pending?.reject(this.#failure);
    this.#channels.clear();
  }

  #answer(data) {
    if (data?.type === 'recovered') {
      this.recovered?.();
      return;
    }
    if (data?.type === 'book') {
      const waiter = this.#bookWaiter;
      if (!waiter || waiter.generation !== data.generation) return;
      if (data.errors) {
        // The main thread loaded this book; a worker that cannot is of no use.
        this.#fail(`the pricing worker could not load the price book (${data.errors[0]?.message})`);
      } else {
        this.#bookWaiter = null;
        waiter.resolve();
      }
      return;
    }
    const waiter = this.#waiting.get(data?.id);
    if (!waiter) return;
    this.#waiting.delete(data.id);
    waiter.resolve(data);
  }

  // One request to the worker; resolves with its answer. `onSend(id)` learns the request's id.
  #send(message, onSend = () => {}) {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    onSend(id);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id, generation: this.#generation });
    });
  }

  /**
   * Prices `quote` (a value or its JSON text): `how` 'live' (with `key`), 'fresh' or 'canonical'.
   * Resolves {priced, errors} ('live', 'fresh'), {priced, canonical, errors} ('canonical'), or
   * SUPERSEDED; rejects WorkerFailed. `lean` ('live' only): the lines come in summary detail and
   * their tiers and waterfalls stay in the worker ({lean: true} in the answer; fullDetail below).
   * The rep page draws a line's math only when it is opened: reading every line's at 20,000
   * lines was most of the garbage collected on the page after an edit.
   */
  price(how, quote, { key = null, detail = 'full', lean = false } = {}) {
    const run = () => this.#request(how, quote, key, detail, lean && how === 'live' && Boolean(key));
    if (!key) return run();
    // Coalesced per live key: one being priced, the latest waiting.
    const name = `${how} ${key} ${detail}`;
    let channel = this.#channels.get(name);
    if (!channel) {
      channel = { busy: false, pending: null, base: null, baseId: null, sent: null };
      this.#channels.set(name, channel);
    }
    if (channel.busy) {
      channel.pending?.resolve(SUPERSEDED);
      return new Promise((resolve, reject) => {
        channel.pending = { run, resolve, reject };
      });
    }
    return this.#runOn(channel, run);
  }

  async #runOn(channel, run) {
    channel.busy = true;
    try {
      return await run(channel);
    } finally {
      channel.busy = false;
      const next = channel.pending;
      channel.pending = null;
      if (next && !this.#failure) this.#runOn(channel, next.run).then(next.resolve, next.reject);
    }
  }

  // A request carrying a quote: as its changes from `sent` ({id, lines}: quoteDelta) when that is
  // the smaller message, else whole, and whole again when the worker does not hold that base
  // (it answers {rebase: true}). `onSend(id)` learns the id of each request the quote goes in.
  async #sendQuote(message, quote, sent, onSend) {
    let delta = quoteDelta(quote, sent);
    for (;;) {
      const text = delta ? null : typeof quote === 'string' ? quote : (JSON.stringify(quote) ?? 'null');
      const answer = await this.#send({ ...message, text, delta }, onSend);
      if (!answer.rebase) return answer;
      delta = null;
    }
  }

  async #request(how, quote, key, detail, lean) {
    const generation = this.#generation;
    const channel = key ? this.#channels.get(`${how} ${key} ${detail}`) : null;
    // The quote is made into text when the request is sent, not when it is queued: a superseded
    // quote costs nothing. A live key's quote goes as the lines changed since its last one
    // (quoteDelta); the worker asks for the whole text when it does not hold that one.
    const sentLines = channel && Array.isArray(quote?.lines) ? quote.lines.slice() : null;
    // The answer the page holds for this key: the worker sends the entries changed since that one
    // as their changes only (pricing-worker.js asChanges).
    const heldAnswer = channel?.base ? channel.baseId : null;
    const answer = await this.#sendQuote({ type: 'price', how, key, detail, lean, heldAnswer }, quote, channel?.sent);
    // What the worker holds for this key now: the next quote goes as its changes from this one.
    if (channel) channel.sent = sentLines && { id: answer.id, lines: sentLines };
    // Priced with a book replaced meanwhile: not this page's answer any more.
    if (answer.stale || answer.generation !== this.#generation || generation !== this.#generation) {
      if (channel) channel.base = channel.sent = null;
      throw new WorkerFailed('the price book changed while the quote was priced');
    }
    if (answer.errors?.length) return { priced: null, canonical: null, errors: answer.errors };
    // The lines, findings and warnings come as JSON text in parts (pricing-worker.js packed), each parsed
    // in a task of its own: input and frames go between them. A live key's entries sent as their
    // changes ([{member: value}]) are made whole from the last answer's entries there as they are read.
    const base = channel?.base ?? null;
    const whole = (before, changed) => (how === 'live' ? (entry, i) => wholeEntry(before?.[changed?.[i]], entry) : undefined);
    const lines = await parseParts(answer.lineParts, whole(base?.lines, answer.linesChanged));
    const guidance = await parseParts(answer.guidanceParts, whole(base?.guidance, answer.guidanceChanged));
    const warnings = await parseParts(answer.warningParts, whole(base?.warnings, answer.warningsChanged));
    const priced = { ...answer.priced };
    if (how !== 'live') {
      if ('lines' in priced) priced.lines = lines;
      if ('guidance' in priced) priced.guidance = guidance;
      if ('warnings' in priced) priced.warnings = warnings;
      return { priced, canonical: answer.canonical ?? null, errors: [] };
    }
    // The lines, findings and warnings not sent are this key's last answer's, unchanged.
    const patched = (before = [], count, changed, sent) => {
      const list = before.slice(0, count);
      changed.forEach((position, i) => { list[position] = sent[i]; });
      return list;
    };
    priced.lines = patched(base?.lines, answer.lineCount, answer.linesChanged, lines);
    priced.guidance = patched(base?.guidance, answer.guidanceCount, answer.guidanceChanged, guidance);
    if ('warnings' in priced) priced.warnings = patched(base?.warnings, answer.warningCount, answer.warningsChanged, warnings);
    if (channel) {
      channel.base = priced;
      channel.baseId = answer.id;
    }
    if (lean) leanAnswers.set(priced, { worker: this, key, detail, id: answer.id });
    return { priced, errors: [], lean };
  }

  // The full lines at `positions` of a lean answer (`held`: leanAnswers), or with positions null
  // the whole priced quote in full; null when the worker no longer holds that answer.
  async fullLines(held, positions) {
    const answer = await this.#send({ type: 'math', key: held.key, detail: held.detail, answer: held.id, positions });
    if (answer.gone || answer.stale || answer.errors?.length) return null;
    const lines = await parseParts(answer.lineParts);
    if (positions) return lines;
    return { ...answer.priced, lines, guidance: await parseParts(answer.guidanceParts), warnings: await parseParts(answer.warningParts) };
  }

  /**
   * The competitor comparison of `quote` (engine/compare.js in the worker): {result, errors}; with
   * `math` (vendor ids), the other vendors come without their math (`mathLeftOut`).
   */
  async compare(quote, { detail = 'summary', bookText, base, math = null }) {
    // As a live key's quote, the quote goes as its changes from the last one sent (quoteDelta):
    // its whole text was 31 ms of this thread at 20,000 lines, after every edit. The worker checks
    // the base it is named (its id), so requests that cross, or one it asks again for whole
    // ({rebase: true}), never patch the wrong quote.
    // The base is what was last sent, not last answered: a compare sent meanwhile goes after it.
    const lines = Array.isArray(quote?.lines) ? quote.lines.slice() : null;
    const answer = await this.#sendQuote({ type: 'compare', detail, bookText, base: String(base), math }, quote, this.#compared,
      (id) => { this.#compared = lines && { id, lines }; });
    if (answer.stale) throw new WorkerFailed('the price book changed while the quote was compared');
    if (answer.errors?.length) return { result: null, errors: answer.errors };
    return { result: { ...answer.result, competitors: await parseParts(answer.competitorParts) }, errors: [] };
  }
}

/**
 * The full detail of `priced`, a lean answer of `session`'s pricing worker: its lines at
 * `positions` in full (tiers and waterfall), or with positions null the whole priced quote in
 * full. Resolves null when the worker no longer holds it (a newer answer replaced it), has
 * stopped, or `priced` is no lean answer.
 */
export async function fullDetail(session, priced, positions = null) {
  const held = leanAnswers.get(priced);
  if (!held || held.worker.failed) return null;
  session.workerAsks = (session.workerAsks ?? 0) + 1;  // as ask() counts them
  try {
    return await held.worker.fullLines(held, positions);
  } catch {
    return null;
  } finally {
    session.workerAsks -= 1;
  }
}

/**
 * A pricing worker from the module at `url`, loading `bookText` (null: none, for a worker that only
 * compares); check `ready` before use. `recovered()` is called when its engine restarted.
 */
export function startPricingWorker(url, bookText, recovered = null) {
  return new PricingWorker(url, bookText, recovered);
}

/**
 * A request of `session` (web/lib/quote-session.js inWorker) about `quote` to its pricing worker,
 * started with the session's book on first use (session.workerStart, then session.worker) and
 * started again when the session has loaded another book:
 *   key, detail                       -> price() above: a live quote per key; no key: afresh;
 *                                        (detail 'lean': 'full', answered lean: see price())
 *   'canonical'                       -> {priced, errors, canonical, sha256}: the edited quote's
 *        canonical text ('edited' key), parsed and hashed as the session does on the main thread
 *   'compare', {detail, bookText, base, math} -> compare() above
 * Resolves null when it must be done on the main thread instead: the worker could not start or
 * stopped (then session.workerBroken: nothing more goes to it on this page), or it was retired
 * meanwhile (another book).
 */
export async function ask(session, quote, what, options) {
  if (session.workerBroken || typeof Worker !== 'function') return null;
  // Asks not yet answered: tests and tools wait for none (tests/browser/harness.mjs settle).
  session.workerAsks = (session.workerAsks ?? 0) + 1;
  try {
    return await askStarted(session, quote, what, options);
  } finally {
    session.workerAsks -= 1;
  }
}

async function askStarted(session, quote, what, options) {
  // The comparison runs in a worker of its own (session.compareWorker): it is a few hundred
  // milliseconds at 5,000 lines, which the next edit's pricing would wait behind in one worker.
  const slot = what === 'compare' ? 'compareWorker' : 'worker';
  const starting = `${slot}Start`;
  const booked = `${slot}Book`;
  if (session[starting] && session[booked] !== session.loadedBook) {
    // Another book (a version in effect on another date): this worker prices with the old one.
    session[starting].then((worker) => worker.terminate(), () => {});
    session[slot] = session[starting] = null;
  }
  if (!session[starting]) {
    session[booked] = session.loadedBook;
    const start = (async () => {
      // The path is written out from lib/, not left to a bundler: the page's bundle (bundle/) is
      // one level down too, so it holds from either (cmake/minify-site.mjs keeps this file's
      // import.meta.url its own), and cmake/assemble-public-site.mjs ships what it names.
      const worker = startPricingWorker(new URL('../lib/pricing-worker.js', import.meta.url),
        slot === 'worker' ? session.bookText : null, () => session.engineRestarted());
      await worker.ready;
      if (session[starting] !== start) {
        worker.terminate();
        throw new WorkerFailed('retired before it started');
      }
      session[slot] = worker;
      return worker;
    })();
    session[starting] = start;
  }
  const start = session[starting];
  let worker = null;
  try {
    worker = await start;
    if (what === 'compare') return await worker.compare(quote, options);
    if (what !== 'canonical') return await worker.price(what ? 'live' : 'fresh', quote, { key: what, detail: options === 'lean' ? 'full' : options, lean: options === 'lean' });
    const answer = await worker.price('canonical', quote, { key: 'edited', detail: 'full' });
    if (answer.superseded || answer.errors.length) return { ...answer, canonical: null, sha256: null };
    return { ...answer, sha256: await sha256Hex(answer.canonical) };
  } catch (error) {
    if (start === session[starting] && (!worker || worker.failed)) {
      session.workerBroken = true;
      session[slot] = session[starting] = null;
      console.warn(`EdgeQuote prices large quotes on the page itself: ${error?.message ?? error}`);
    }
    return null;
  }
}
