// The same traffic at competitors' public list prices, for the rep page and Node: the only module
// that touches the edgequote-compare WebAssembly build (wasm/compare_bindings.cpp). A separate
// module from the pricing engine so the configurator's first load does not carry it: the page
// imports this file after its first priced total.
//
//   import { loadCompare } from './engine/compare.js';
//   const compare = await loadCompare();
//   const ours = compare.loadPricebook(bookText);              // the book quotes are written for
//   const cloudfront = compare.loadCompetitorBook(cfText);     // pricebooks/competitors/*.json
//   const result = compare.compare(ours, quote, [cloudfront]); // what `edgequote compare` prints
//
// Error values become PricingError (.code, .path), as in edgequote.js. No eval, no inline code.
import { PricingError } from './edgequote.js';
import { instantiateFeature, sharedLoader } from './feature-module.js';

function asText(document) {
  return typeof document === 'string' ? document : (JSON.stringify(document) ?? 'null');
}

function answer(text) {
  const out = JSON.parse(text);
  if (out.errors && !out.competitors) throw new PricingError(out.errors);
  return out;
}

class CompareEngine {
  #module;

  constructor(module) {
    this.#module = module;
  }

  /** Our book (the one quotes name): {handle, id, version, currency}. */
  loadPricebook(text) {
    return answer(this.#module.loadPricebook(asText(text)));
  }

  /** A competitor book with its comparison section: {handle, id, version, currency, vendor: {id, name}}. */
  loadCompetitorBook(text) {
    return answer(this.#module.loadCompetitorBook(asText(text)));
  }

  /** The codes only the comparison emits, with their meaning (`edgequote codes --comparison`). */
  errorCodes() {
    return JSON.parse(this.#module.errorCodes()).codes;
  }

  release(book) {
    return this.#module.release(book.handle);
  }

  /**
   * The quote (a value or JSON text) priced on each competitor book, in order: exactly what
   * `edgequote compare [--summary]` prints, parsed (`text: true` returns the canonical JSON text;
   * `detail: 'summary'` leaves the tier math out of the priced quotes). A quote
   * with errors throws PricingError; a competitor whose mapping does not fit has status "invalid".
   */
  compare(book, quote, competitors, { text = false, detail = 'full' } = {}) {
    if (detail !== 'full' && detail !== 'summary') throw new TypeError(`detail must be 'full' or 'summary', not ${detail}`);
    const handles = JSON.stringify(competitors.map((c) => c.handle));
    const out = this.#module.compare(book.handle, asText(quote), handles, detail === 'summary');
    if (out.startsWith('{"errors":')) throw new PricingError(JSON.parse(out).errors);
    return text ? out : JSON.parse(out);
  }
}

/**
 * A new comparison engine. Options: `moduleUrl` (edgequote-compare.mjs; default beside this
 * file), `wasmUrl` or `wasmBinary` (bytes: what Node passes).
 */
export async function createCompare(options = {}) {
  return new CompareEngine(await instantiateFeature('compare', options));
}

/** The page's one comparison engine, created on first use. */
export const loadCompare = sharedLoader(createCompare);
