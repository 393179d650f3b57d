// The pricing engine for the page, for embedders and for Node: the only module that touches the
// WebAssembly build. It loads the module once, keeps price books parsed inside it (by handle),
// turns the engine's error values into PricingError, and restarts the module if it ever aborts.
//
//   import { loadEngine, PricingError } from './engine/edgequote.js';
//   const engine = await loadEngine();
//   const book = await engine.loadPricebook(await (await fetch('edge-cdn.json')).text());
//   const priced = engine.price(book, quote, { detail: 'summary' });
//
// For live editing, a LiveQuote keeps the last result inside the engine and returns only the
// lines whose output changed; unchanged line objects are reused, so `line === before` tells the
// page which rows to leave alone:
//
//   const live = engine.openQuote(book, { detail: 'summary' });
//   let priced = live.price(quote);   // on every keystroke
//
// No eval and no inline code: runs under `script-src 'self' 'wasm-unsafe-eval'`.

/** Every engine error: `code` and `path` of the first, all of them in `errors`. */
export class PricingError extends Error {
  constructor(errors, warnings = []) {
    const list = Array.isArray(errors) && errors.length ? errors : [{ code: 'invalid_json', path: '', message: 'No result.' }];
    super(list[0].message);
    this.name = 'PricingError';
    this.code = list[0].code;
    this.path = list[0].path;
    this.errors = list;
    this.warnings = warnings;
  }
}

const DETAILS = new Set(['full', 'summary']);

// Thrown by the module itself when it aborts (abort(), a trap, running out of memory). The
// module's memory may then be half-updated: it must not be called again.
function isModuleFailure(error) {
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
}

// Documents are JSON text or a value to serialise; a missing document is the JSON `null`, which
// the engine refuses with an error value like any other wrong input.
function asText(document) {
  return typeof document === 'string' ? document : (JSON.stringify(document) ?? 'null');
}

// Text crosses into and out of the module as UTF-8 in its memory (wasm/bindings.cpp): encoded
// straight into the module's input buffer, and decoded where the module left its result.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `text` into the module's input buffer; returns its length in bytes. */
function send(m, text) {
  if (text.length > 1 << 20) {
    // Large (or hostile) documents: their exact size, not room for the worst case of 3 bytes
    // per UTF-16 unit.
    const bytes = encoder.encode(text);
    const at = m.inputBuffer(bytes.length);  // first: growing the memory replaces m.HEAPU8
    m.HEAPU8.set(bytes, at);
    return bytes.length;
  }
  const capacity = text.length * 3;
  const at = m.inputBuffer(capacity);  // before reading m.HEAPU8, as above
  return encoder.encodeInto(text, m.HEAPU8.subarray(at, at + capacity)).written;
}

/**
 * UTF-8 bytes as text, decoded a piece at a time: Chromium decodes a long text with characters
 * outside ASCII (the engine's messages have × and —) many times slower in one call than in
 * pieces (347 KB of JSON with an em dash every 2 KB: 3.3-4.5 ms whole, 0.2-0.4 ms in pieces).
 * 64 KB pieces; 512 KB in a text of more than 1 MB (the worker's answers for thousands of lines):
 * each piece is a string Chromium makes, and disposing of the 140 strings of a 9 MB answer took
 * the worker's garbage collection 40-90 ms, beside the page's frames (traced at 20,000 lines;
 * tests/bench/decode-gc.mjs measures the same on the page). One call for all of it is no
 * answer: past 512 KB a call is slow even on ASCII (5 ms a MB).
 */
export function utf8Text(bytes) {
  const piece = bytes.length > 1 << 20 ? 1 << 19 : 1 << 16;
  let text = '';
  for (let at = 0; at < bytes.length; at += piece) text += decoder.decode(bytes.subarray(at, at + piece), { stream: true });
  return text + decoder.decode();
}

/** The text of the result the module just returned the length of. */
function receive(m, length) {
  const at = m.outputPointer();
  return utf8Text(m.HEAPU8.subarray(at, at + length));
}

/**
 * The SHA-256 of a text's UTF-8 bytes in lowercase hex: the one hash of the project (book
 * hashes, snapshots a host verifies, approvals, share links). WebCrypto exists only in secure
 * contexts (https, or http from localhost): elsewhere null.
 */
export async function sha256Hex(text) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

class Engine extends EventTarget {
  #createModule;  // the Emscripten factory
  #compiled;      // the compiled WebAssembly.Module, kept to restart without a download
  #module = null; // the running instance; null while restarting
  #restarting = null;
  #books = new Map();  // wrapper handle -> { ref, text, moduleHandle }
  #liveQuotes = new Set();  // { book, detail, moduleId, priced } of every open LiveQuote
  #nextHandle = 1;
  #codes = null;

  /** How many times the module was restarted after an abort. */
  restarts = 0;

  constructor(createModule, compiled) {
    super();
    this.#createModule = createModule;
    this.#compiled = compiled;
  }

  static async create(createModule, compiled) {
    const engine = new Engine(createModule, compiled);
    engine.#module = await engine.#instantiate(false);
    engine.errorCodes(); // the table (defined in C++) the wrapper's own errors are checked against
    return engine;
  }

  // Instantiates from the compiled module. Synchronous when the platform allows it (Node,
  // Chromium), so that after an abort the module is back before the failed call returns.
  #instantiate(synchronous) {
    const silent = () => {};
    if (synchronous) {
      const module = {
        instantiateWasm: (imports, receive) => {
          receive(new WebAssembly.Instance(this.#compiled, imports), this.#compiled);
          return {};
        },
        print: silent,
        printErr: silent,
      };
      // With a synchronous instance the factory finishes before it returns, and (Emscripten's
      // MODULARIZE) the object passed in is the module.
      this.#createModule(module).catch(silent);
      if (typeof module.price !== 'function') throw new Error('the engine did not start synchronously');
      return module;
    }
    return new Promise((resolve, reject) => {
      const module = {
        instantiateWasm: (imports, receive) => {
          WebAssembly.instantiate(this.#compiled, imports).then((instance) => receive(instance, this.#compiled), reject);
          return {};
        },
        print: silent,
        printErr: silent,
      };
      this.#createModule(module).then(() => resolve(module), reject);
    });
  }

  #call(fn) {
    if (!this.#module) throw new PricingError([this.#codeError('engine_restarted', 'The engine is restarting; try again in a moment.')]);
    try {
      return fn(this.#module);
    } catch (error) {
      if (!isModuleFailure(error)) throw error;
      this.#restart(error);
      throw new PricingError([this.#codeError('engine_restarted', `The engine stopped on this input (${error.message}); it was restarted and the input was refused.`)]);
    }
  }

  #restart(cause) {
    this.#module = null;
    this.restarts += 1;
    const reload = (module) => {
      for (const entry of this.#books.values()) {
        const loaded = JSON.parse(receive(module, module.loadPricebook(send(module, entry.text))));
        entry.moduleHandle = loaded.handle;
      }
      for (const live of this.#liveQuotes) live.moduleId = null;  // reopened on their next use
      this.#module = module;
      this.dispatchEvent(Object.assign(new Event('recovered'), { cause, restarts: this.restarts, books: this.#books.size }));
    };
    try {
      reload(this.#instantiate(true));
    } catch {
      this.#restarting = this.#instantiate(false).then(reload).finally(() => { this.#restarting = null; });
      this.#restarting.catch(() => {});  // reported to whoever awaits `ready`; calls keep failing with engine_restarted
    }
  }

  /** Resolves when the engine can be called (immediately unless a restart is in progress). */
  get ready() {
    return this.#restarting ?? Promise.resolve();
  }

  // An error of the wrapper itself, with a code from the module's table (wasm/bindings.cpp):
  // a code that is not in it is a bug here, not a new code.
  #codeError(code, message) {
    if (!this.#codes.some((c) => c.code === code)) throw new TypeError(`"${code}" is not an engine error code`);
    return { code, path: '', message };
  }

  #entry(pricebook) {
    const entry = pricebook && this.#books.get(pricebook.handle);
    if (!entry || entry.ref !== pricebook) {
      throw new PricingError([this.#codeError('unknown_handle', 'This price book is not loaded in the engine (released, or never loaded).')]);
    }
    return entry;
  }

  /**
   * Parses and validates a price book once and keeps it in the engine. Throws PricingError
   * with every problem when the book is invalid.
   */
  async loadPricebook(textOrObject) {
    await this.ready;
    const text = asText(textOrObject);
    const loaded = JSON.parse(this.#call((m) => receive(m, m.loadPricebook(send(m, text)))));
    if (loaded.errors) throw new PricingError(loaded.errors);
    // Registered before hashing, so that a restart meanwhile reloads this book too.
    const handle = this.#nextHandle++;
    const entry = { ref: null, text, moduleHandle: loaded.handle };
    this.#books.set(handle, entry);
    try {
      // What a page shows and offers, as the engine validated it (core/src/book_view.cpp): pages
      // read the book through this, never by parsing its text.
      const view = deepFreeze(JSON.parse(this.#viewText(entry)));
      const hash = await sha256Hex(text);
      let book = null;
      entry.ref = Object.freeze({
        handle, id: loaded.id, version: loaded.version, hash, view,
        // The document itself, parsed on first use (tools and tests that generate quotes).
        get book() { return (book ??= JSON.parse(text)); },
      });
    } catch (error) {
      this.#books.delete(handle);
      this.#module?.releasePricebook(entry.moduleHandle);
      throw error;
    }
    return entry.ref;
  }

  #viewText(entry) {
    return this.#call((m) => receive(m, m.bookView(entry.moduleHandle)));
  }

  /** The book as a user interface needs it, canonical JSON text: what `edgequote view BOOK` prints. */
  bookView(pricebook) {
    return this.#viewText(this.#entry(pricebook));
  }

  /** Frees a price book inside the engine; the reference is unusable afterwards. */
  releasePricebook(pricebook) {
    const entry = this.#entry(pricebook);
    this.#books.delete(pricebook.handle);
    this.#call((m) => m.releasePricebook(entry.moduleHandle));
  }

  /** Every problem of a price book ([] when it is valid), without keeping it. */
  validatePricebook(textOrObject) {
    const text = asText(textOrObject);
    const loaded = JSON.parse(this.#call((m) => receive(m, m.loadPricebook(send(m, text)))));
    if (loaded.errors) return loaded.errors;
    this.#call((m) => m.releasePricebook(loaded.handle));
    return [];
  }

  /**
   * The canonical priced quote as text: exactly the line `edgequote reprice BOOK` prints (without
   * its newline), errors included rather than thrown. Hash this for a tamper-evident snapshot.
   */
  priceCanonical(pricebook, quote, { detail = 'full' } = {}) {
    if (!DETAILS.has(detail)) throw new TypeError(`detail must be 'full' or 'summary', not ${String(detail)}`);
    const entry = this.#entry(pricebook);
    const text = asText(quote);
    return this.#call((m) => receive(m, m.price(entry.moduleHandle, send(m, text), detail === 'summary')));
  }

  /**
   * Checks a snapshot an EdgeQuote element or frame handed over (quote-change / quote-submit
   * `detail`, or the frame's `change` / `submit` message) against this book: the snapshot holds
   * only if `detail.priced` is byte for byte what the engine prices `detail.quote` at (so no
   * price in it was altered) and `detail.sha256` is the hash of that text (so it names what was
   * priced). Resolves to {ok: true, priced} — the engine's own priced quote, the one to use — or
   * {ok: false, reason, message}; never throws for a malformed detail.
   */
  async verifySnapshot(pricebook, detail) {
    const fail = (reason, message) => ({ ok: false, reason, message });
    if (!detail || typeof detail !== 'object') return fail('not_a_snapshot', 'The detail is not a snapshot object.');
    if (detail.valid !== true || typeof detail.priced !== 'string' || typeof detail.sha256 !== 'string') {
      return fail('not_priced', 'The snapshot holds no priced quote (it was not valid when it was sent).');
    }
    const repriced = this.priceCanonical(pricebook, detail.quote ?? null, { detail: 'full' });
    if (repriced !== detail.priced) {
      return fail('priced_mismatch', 'The priced quote in the snapshot is not what this price book gives for its inputs: a price was altered, or another book was used.');
    }
    const hash = await sha256Hex(repriced);
    if (hash === null) return fail('no_hash', 'This context has no WebCrypto (not https): the hash cannot be checked.');
    if (hash !== detail.sha256) return fail('hash_mismatch', 'The snapshot\'s sha256 is not the hash of its priced quote.');
    const priced = JSON.parse(repriced);
    if (priced.errors?.length) return fail('not_priced', 'The inputs cannot be priced with this book.');
    return { ok: true, priced };
  }

  /** The priced quote; throws PricingError when the quote cannot be priced. */
  price(pricebook, quote, options = {}) {
    const priced = JSON.parse(this.priceCanonical(pricebook, quote, options));
    if (priced.errors?.length) throw new PricingError(priced.errors, priced.warnings ?? []);
    return priced;
  }

  /**
   * A quote being edited: price it again on every change and get back the same result as
   * price(), built from only the lines whose output changed.
   */
  openQuote(pricebook, { detail = 'full' } = {}) {
    if (!DETAILS.has(detail)) throw new TypeError(`detail must be 'full' or 'summary', not ${String(detail)}`);
    this.#entry(pricebook);
    const state = { book: pricebook, detail, moduleId: null, priced: null };
    this.#liveQuotes.add(state);
    const engine = this;
    return Object.freeze({
      get priced() { return state.priced; },
      price: (quote) => engine.#priceLive(state, quote),
      close: () => engine.#closeLive(state),
    });
  }

  #priceLive(state, quote) {
    if (!this.#liveQuotes.has(state)) throw new PricingError([this.#codeError('unknown_handle', 'This live quote was closed.')]);
    const entry = this.#entry(state.book);
    const text = asText(quote);
    const out = this.#call((m) => {
      if (state.moduleId === null) {
        const opened = JSON.parse(receive(m, m.openLiveQuote(entry.moduleHandle, state.detail === 'summary')));
        if (opened.errors) throw new PricingError(opened.errors);
        state.moduleId = opened.live;
        state.priced = null;  // a new engine-side quote starts from nothing: every line comes back
      }
      return JSON.parse(receive(m, m.priceLiveQuote(state.moduleId, send(m, text))));
    });
    if (!out.changed) throw new PricingError(out.errors ?? [], out.warnings ?? []);
    // Lines and guidance findings the module did not send, and warnings it did not send again, are the last result's, unchanged.
    const patched = (before = [], count, changed, sent) => {
      const list = before.slice(0, count);
      changed.forEach((position, i) => { list[position] = sent[i]; });
      return list;
    };
    out.priced.lines = patched(state.priced?.lines, out.count, out.changed, out.priced.lines);
    out.priced.guidance = patched(state.priced?.guidance, out.guidance_count, out.guidance_changed, out.priced.guidance);
    if (out.warnings_same) out.priced.warnings = state.priced.warnings;
    state.priced = out.priced;
    return out.priced;
  }

  #closeLive(state) {
    if (!this.#liveQuotes.delete(state)) return;
    if (state.moduleId !== null && this.#module) this.#module.closeLiveQuote(state.moduleId);
  }

  /** The book without its internal part, exactly as `edgequote public BOOK` writes it. */
  publicPricebook(textOrObject) {
    const text = asText(textOrObject);
    const out = this.#call((m) => receive(m, m.publicPricebook(send(m, text))));
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
    return out;
  }

  // Features the first priced total does not need are wasm modules of their own, fetched on
  // first use (README, "Budgets"): the engine module the page loads first stays small.

  /** Signed approvals (web/engine/approvals.js, edgequote-approvals.wasm), loaded once on demand. */
  approvals(options = {}) {
    return import('./approvals.js').then((m) => m.loadApprovals(options));
  }

  /** Quote-log insights (web/engine/insights.js, edgequote-insights.wasm), loaded once on demand. */
  insights(options = {}) {
    return import('./insights.js').then((m) => m.loadInsights(options));
  }

  /** Every error and warning code the engine can report, with its meaning (defined in C++). */
  errorCodes() {
    this.#codes ??= Object.freeze(JSON.parse(this.#call((m) => receive(m, m.errorCodes()))).codes.map((c) => Object.freeze(c)));
    return this.#codes.map((c) => ({ ...c }));
  }
}

async function compileModule({ wasmBinary, wasmUrl }) {
  if (wasmBinary) return WebAssembly.compile(wasmBinary);
  const url = wasmUrl ?? new URL('./edgequote-engine.wasm', import.meta.url);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
    } catch {
      // A server without the application/wasm type: fall back to compiling the bytes.
    }
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load the pricing engine from ${url} (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * A new engine (most code wants loadEngine). Options: `moduleUrl` (the Emscripten
 * edgequote-engine.mjs; default next to this file), `wasmUrl` or `wasmBinary` (bytes; what Node
 * passes), `createModule` (the factory itself, instead of importing moduleUrl).
 */
export async function createEngine(options = {}) {
  const moduleUrl = options.moduleUrl ?? new URL('./edgequote-engine.mjs', import.meta.url);
  const [createModule, compiled] = await Promise.all([
    options.createModule ?? import(String(moduleUrl)).then((m) => m.default),
    compileModule(options),
  ]);
  return Engine.create(createModule, compiled);
}

let shared = null;

/** The page's one engine, created on first use (later calls return the same one). */
export function loadEngine(options = {}) {
  shared ??= createEngine(options).catch((error) => {
    shared = null;
    throw error;
  });
  return shared;
}
