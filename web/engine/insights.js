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

/**
 * Calls onPiece(parts) for each 8 MB piece of a Blob, cut at line breaks: the piece is the
 * concatenation of `parts` (Uint8Arrays: the end of the line cut off the piece before, then this
 * one up to its last line break), so 8 MB are not copied once more to join them. onProgress(read, total).
 */
async function eachPiece(blob, onPiece, onProgress = () => {}) {
  let carry = new Uint8Array(0);
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const piece = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const cut = piece.lastIndexOf(NEWLINE) + 1;  // the carry holds no line break
    if (cut > 0) {
      onPiece(carry.length ? [carry, piece.subarray(0, cut)] : [piece.subarray(0, cut)]);
      carry = piece.slice(cut);
    } else {
      carry = concat(carry, piece);  // a line longer than a piece
    }
    onProgress(Math.min(offset + CHUNK_BYTES, blob.size), blob.size);
  }
  if (carry.length) onPiece([carry]);
}

/** Bytes as parts: a string (encoded), a Uint8Array, or an array of Uint8Arrays one after the other. */
function partsOf(textOrBytes) {
  return typeof textOrBytes === 'string' ? [encoder.encode(textOrBytes)] : Array.isArray(textOrBytes) ? textOrBytes : [textOrBytes];
}

function copyParts(module, parts, address) {
  for (const part of parts) {
    module.HEAPU8.set(part, address);  // HEAPU8 after _malloc: memory may have grown
    address += part.length;
  }
}

/** Copies bytes (see partsOf) into the module's memory for one call: fn(address, size). */
function withBytes(module, textOrBytes, fn) {
  const parts = partsOf(textOrBytes);
  const size = parts.reduce((sum, part) => sum + part.length, 0);
  const address = module._malloc(Math.max(size, 1));
  try {
    copyParts(module, parts, address);
    return fn(address, size);
  } finally {
    module._free(address);
  }
}

/**
 * withBytes with one block of the module's memory reused from call to call: a run that keeps
 * what it reads (the one pass) would otherwise leave each freed 8 MB block partly filled by
 * what it kept, and the memory would grow by most of a piece for every piece.
 */
class PieceBuffer {
  #module;
  #address = 0;
  #capacity = 0;

  constructor(module) {
    this.#module = module;
  }

  call(textOrBytes, fn) {
    const parts = partsOf(textOrBytes);
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    if (size > this.#capacity) {
      this.release();
      this.#capacity = Math.max(size + (size >> 3), 1);  // room for the next piece's carried line
      this.#address = this.#module._malloc(this.#capacity);
    }
    copyParts(this.#module, parts, this.#address);
    return fn(this.#address, size);
  }

  release() {
    if (this.#address) this.#module._free(this.#address);
    this.#address = 0;
    this.#capacity = 0;
  }
}

/** Scanned lines replayed per call in run()'s pricing, between progress reports. */
const PRICE_LINES_PER_CALL = 2000;

/**
 * A price-change impact run (core/include/edgequote/impact.hpp), over logs in pieces cut at line
 * breaks, in one pass: scan() every piece (the counting saves' quote and outcome are kept in the
 * module, ~a tenth of the bytes), then priceScanned() until nothing is left; or in two, reading
 * every byte twice but keeping nothing: index() finds the save of each quote that counts, price()
 * prices those saves under both books. result() is exactly what `edgequote impact` prints.
 */
class ImpactHandle {
  #insights;
  #handle;
  #pieces = null;  // scan()'s block of module memory

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

  /** One pass: skims a piece; returns how many scanned lines wait to be priced. */
  scan(file, textOrBytes) {
    const module = this.#insights.module;
    this.#pieces ??= new PieceBuffer(module);
    const left = this.#pieces.call(textOrBytes, (address, size) => module.impactScan(this.#handle, file, address, size));
    if (left < 0) throw new Error('impact run released');
    return left;
  }

  /** Prices the next `lines` scanned lines (all by default); returns how many quotes they priced. */
  priceScanned(lines = 0x7fffffff) {
    const priced = this.#insights.module.impactPriceScanned(this.#handle, lines);
    if (priced < 0) throw new Error('impact run released');
    return priced;
  }

  /** Scanned lines not yet priced. */
  get scannedLeft() {
    return this.#insights.module.impactScannedLeft(this.#handle);
  }

  result({ text = false } = {}) {
    const out = this.#insights.module.impactResult(this.#handle);
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
    return text ? out : JSON.parse(out);
  }

  /**
   * The logs (Blobs or strings) read and priced, then the result. onProgress(done, total,
   * quotesPriced). `passes: 1` (the default): each log read once, the counting saves kept in
   * the module (100,000 quotes: 143 MB of module memory at the end, against 31 MB) and priced
   * after; `total` is twice the bytes, the first half done as the logs are read, the second as
   * the saves are priced. `passes: 2`: every log read twice, nothing kept; `total` is the bytes
   * of the second reading, which prices.
   */
  async run(logs, onProgress = () => {}, { text = false, passes = 1 } = {}) {
    const blobs = logs.map((log) => (typeof log === 'string' ? new Blob([log]) : log));
    const bytes = blobs.reduce((sum, blob) => sum + blob.size, 0);
    if (passes === 2) {
      for (const [file, blob] of blobs.entries()) await eachPiece(blob, (piece) => this.index(file, piece));
      let before = 0;
      let quotes = 0;
      for (const [file, blob] of blobs.entries()) {
        await eachPiece(
          blob,
          (piece) => {
            quotes += this.price(file, piece);
          },
          (read) => onProgress(before + read, bytes, quotes),
        );
        before += blob.size;
      }
      return this.result({ text });
    }
    const total = 2 * bytes;
    let before = 0;
    let lines = 0;
    for (const [file, blob] of blobs.entries()) {
      await eachPiece(
        blob,
        (piece) => {
          lines = this.scan(file, piece);
        },
        (read) => onProgress(before + read, total, 0),
      );
      before += blob.size;
    }
    let quotes = 0;
    for (let left = lines; left > 0; left = this.scannedLeft) {
      quotes += this.priceScanned(PRICE_LINES_PER_CALL);
      onProgress(bytes + Math.round((bytes * (lines - this.scannedLeft)) / lines), total, quotes);
    }
    onProgress(total, total, quotes);
    return this.result({ text });
  }

  release() {
    if (this.#handle) this.#insights.module.releaseImpact(this.#handle);
    this.#handle = 0;
    this.#pieces?.release();
    this.#pieces = null;
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
   * Reads one more piece of the log (a string, UTF-8 bytes, or byte parts one after the other); it must end at a line break (or
   * be the log's end). The bytes are copied into the module's memory: no string conversion.
   */
  append(textOrBytes) {
    const module = this.#insights.module;
    const text = withBytes(module, textOrBytes, (address, size) => module.appendLog(this.#handle, address, size));
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
