// The insights engine for the insights page and Node: the only module that touches the
// edgequote-insights WebAssembly build (wasm/insights_bindings.cpp). A separate module from the
// pricing engine so the configurator never downloads the aggregation code.
//
//   import { loadInsights } from './engine/insights.js';
//   const insights = await loadInsights();
//   const log = insights.openLog();
//   log.append(text);                     // or: await log.readFile(file, onProgress)
//   insights.useOutcomeBook(bookText);    // optional: group reasons etc. by the book's catalogues
//   const result = insights.aggregate([log], { segments: ['enterprise'], from: '2026-12-01' });
//   const run = insights.openImpact(currentBookText, proposedBookText);   // price-change impact
//   const impact = await run.run([fileA, fileB], (done, total) => ...);   // what `edgequote impact` prints
//
// Logs are read once (in pieces, so files larger than a string can be read) and kept inside the
// module; every filter change re-aggregates without sending the text again. Error values become
// PricingError (.code, .path). No eval, no inline code: runs under the page's strict CSP.
import { PricingError } from './edgequote.js';
import { instantiateFeature, sharedLoader } from './feature-module.js';

const CHUNK_BYTES = 8 << 20;
const NEWLINE = 0x0a;
const encoder = new TextEncoder();

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Calls onPiece(bytes) for each 8 MB piece of a Blob, cut at line breaks; onProgress(read, total). */
async function eachPiece(blob, onPiece, onProgress = () => {}) {
  let carry = new Uint8Array(0);
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const piece = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const bytes = carry.length ? concat(carry, piece) : piece;
    const cut = bytes.lastIndexOf(NEWLINE) + 1;
    if (cut > 0) onPiece(bytes.subarray(0, cut));
    carry = bytes.slice(cut);
    onProgress(Math.min(offset + CHUNK_BYTES, blob.size), blob.size);
  }
  if (carry.length) onPiece(carry);
}

/** Copies bytes into the module's memory for one call: fn(address, size). */
function withBytes(module, textOrBytes, fn) {
  const bytes = typeof textOrBytes === 'string' ? encoder.encode(textOrBytes) : textOrBytes;
  const address = module._malloc(Math.max(bytes.length, 1));
  try {
    module.HEAPU8.set(bytes, address);  // HEAPU8 after _malloc: memory may have grown
    return fn(address, bytes.length);
  } finally {
    module._free(address);
  }
}

/**
 * A price-change impact run (core/include/edgequote/impact.hpp): every log is read twice, in
 * pieces cut at line breaks: index() finds the save of each quote that counts, price() prices
 * those saves under both books. result() is exactly what `edgequote impact` prints.
 */
class ImpactHandle {
  #insights;
  #handle;

  constructor(insights, handle) {
    this.#insights = insights;
    this.#handle = handle;
  }

  index(file, textOrBytes) {
    const module = this.#insights.module;
    if (withBytes(module, textOrBytes, (address, size) => module.impactIndex(this.#handle, file, address, size)) < 0) throw new Error('impact run released');
  }

  /** Returns how many quotes this piece priced. */
  price(file, textOrBytes) {
    const module = this.#insights.module;
    const priced = withBytes(module, textOrBytes, (address, size) => module.impactPrice(this.#handle, file, address, size));
    if (priced < 0) throw new Error('impact run released');
    return priced;
  }

  result({ text = false } = {}) {
    const out = this.#insights.module.impactResult(this.#handle);
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
    return text ? out : JSON.parse(out);
  }

  /**
   * Both passes over Blobs (or strings), then the result. onProgress(bytesPriced, totalBytes,
   * quotesPriced) during the second pass, the one that takes the time.
   */
  async run(logs, onProgress = () => {}, { text = false } = {}) {
    const blobs = logs.map((log) => (typeof log === 'string' ? new Blob([log]) : log));
    const total = blobs.reduce((sum, blob) => sum + blob.size, 0);
    for (const [file, blob] of blobs.entries()) await eachPiece(blob, (bytes) => this.index(file, bytes));
    let before = 0;
    let quotes = 0;
    for (const [file, blob] of blobs.entries()) {
      await eachPiece(
        blob,
        (bytes) => {
          quotes += this.price(file, bytes);
        },
        (read) => onProgress(before + read, total, quotes),
      );
      before += blob.size;
    }
    return this.result({ text });
  }

  release() {
    if (this.#handle) this.#insights.module.releaseImpact(this.#handle);
    this.#handle = 0;
  }
}

class QuoteLogHandle {
  #insights;
  #handle;
  lines = 0;
  records = 0;
  badLines = 0;

  constructor(insights, handle) {
    this.#insights = insights;
    this.#handle = handle;
  }

  get handle() {
    return this.#handle;
  }

  /**
   * Reads one more piece of the log (a string, or UTF-8 bytes); it must end at a line break (or
   * be the log's end). The bytes are copied into the module's memory: no string conversion.
   */
  append(textOrBytes) {
    const bytes = typeof textOrBytes === 'string' ? encoder.encode(textOrBytes) : textOrBytes;
    const module = this.#insights.module;
    const address = module._malloc(Math.max(bytes.length, 1));
    let text;
    try {
      module.HEAPU8.set(bytes, address);  // HEAPU8 after _malloc: memory may have grown
      text = module.appendLog(this.#handle, address, bytes.length);
    } finally {
      module._free(address);
    }
    const out = JSON.parse(text);
    if (out.errors) throw new PricingError(out.errors);
    this.lines = out.lines;
    this.records = out.records;
    this.badLines = out.bad_lines;
    return out;
  }

  /** Reads a File or Blob in 8 MB pieces cut at line breaks; onProgress(bytesRead, total). */
  async readFile(blob, onProgress = () => {}) {
    await eachPiece(blob, (bytes) => this.append(bytes), onProgress);
    return this;
  }

  release() {
    if (this.#handle) this.#insights.module.releaseLog(this.#handle);
    this.#handle = 0;
  }
}

class Insights {
  constructor(module) {
    this.module = module;
  }

  /** A new, empty log inside the module. */
  openLog() {
    return new QuoteLogHandle(this, this.module.openLog());
  }

  /**
   * A price-change impact run of the current book against a proposed one (texts). A book that
   * does not validate throws a PricingError whose `book` is "current" or "proposed".
   */
  openImpact(currentBookText, proposedBookText) {
    const out = JSON.parse(this.module.openImpact(currentBookText, proposedBookText));
    if (out.errors) {
      const error = new PricingError(out.errors);
      error.book = out.book;
      throw error;
    }
    return new ImpactHandle(this, out.handle);
  }

  /**
   * Groups the outcomes of every later aggregate() by the outcome catalogues of this price book
   * (its text; internal.outcomes): reasons, competitors and feature tags that name an entry
   * count under its id, the rest as free text ("other"). A book that does not validate throws a
   * PricingError and changes nothing; '' (or null) goes back to no catalogues.
   */
  useOutcomeBook(bookText) {
    const out = this.module.useOutcomeBook(bookText ?? '');
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
  }

  /**
   * The aggregates of `logs` (QuoteLogHandles, in the order their bad lines should be numbered)
   * with `filter` ({segments, reps, from, to, sku}, each optional): exactly what
   * `edgequote insights` prints, parsed. `text: true` returns the canonical JSON text instead.
   */
  aggregate(logs, filter = {}, { text = false } = {}) {
    const out = this.module.aggregateLogs(JSON.stringify(logs.map((log) => log.handle)), JSON.stringify(filter));
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
    return text ? out : JSON.parse(out);
  }
}

/**
 * A new insights engine. Options: `moduleUrl` (edgequote-insights.mjs; default beside this
 * file), `wasmUrl` or `wasmBinary` (bytes: what Node passes).
 */
export async function createInsights(options = {}) {
  return new Insights(await instantiateFeature('insights', options));
}

/** The page's one insights engine, created on first use. */
export const loadInsights = sharedLoader(createInsights);
