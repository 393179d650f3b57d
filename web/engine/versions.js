// Which version of a price book is in effect on a date, for a site that holds several
// (pricebooks/index.json, written by `edgequote versions BOOK...`): the only module that touches
// the edgequote-versions WebAssembly build (wasm/versions_bindings.cpp). A module of its own so
// the engine the rep page loads first does not grow: the page imports it after its first priced
// total (web/lib/book-versions.js).
//
//   import { loadVersions } from './engine/versions.js';
//   const versions = await loadVersions();
//   versions.bookInEffect(indexText, 'edge-cdn', '2027-11-01');
//   // {id, version, effective_from, effective_to, file}: what `edgequote versions --index INDEX --on DATE ID` prints
//
// Error values become PricingError (.code, .path), as in edgequote.js.
import { PricingError } from './edgequote.js';
import { instantiateFeature, sharedLoader } from './feature-module.js';

class VersionsEngine {
  #module;

  constructor(module) {
    this.#module = module;
  }

  /**
   * The version of book `id` in effect on `asOf` (YYYY-MM-DD), from the index's text. Throws
   * PricingError: pricebook_not_in_effect, book_versions_overlap, invalid_date, ... at their path.
   */
  bookInEffect(indexText, id, asOf) {
    const out = JSON.parse(this.#module.bookInEffect(String(indexText), String(id), String(asOf)));
    if (out.errors) throw new PricingError(out.errors);
    return out.book;
  }

  /** The same, as the exact text the CLI prints (for parity checks). */
  bookInEffectText(indexText, id, asOf) {
    return this.#module.bookInEffect(String(indexText), String(id), String(asOf));
  }
}

/**
 * A new versions engine. Options: `moduleUrl` (edgequote-versions.mjs; default beside this file),
 * `wasmUrl` or `wasmBinary` (bytes: what Node passes).
 */
export async function createVersions(options = {}) {
  return new VersionsEngine(await instantiateFeature('versions', options));
}

/** The page's one versions engine, created on first use. */
export const loadVersions = sharedLoader(createVersions);
