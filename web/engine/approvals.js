// Signed approvals for the approver page, the rep page and Node: the only module that touches
// the edgequote-approvals WebAssembly build (wasm/approval_bindings.cpp). The engine makes the
// bytes to sign and decides which rules the approvals cover; this wrapper does what the engine
// must not: hashing and ECDSA P-256 signatures, with WebCrypto.
//
//   import { loadApprovals } from './engine/approvals.js';
//   const approvals = await loadApprovals();
//   const book = await approvals.loadPricebook(bookText);          // keeps the text's SHA-256
//   const { token } = await approvals.sign(book, quote, { approver: 'dana.whitfield', privateKey, comment });
//   const coverage = await approvals.verify(book, quote, [token]);  // exactly `edgequote verify`'s JSON
//
// WebCrypto exists only in secure contexts (https, or http from localhost). No eval, no inline
// code: runs under the page's strict CSP.
import { PricingError, sha256Hex as engineSha256Hex } from './edgequote.js';
import { instantiateFeature, sharedLoader } from './feature-module.js';

const encoder = new TextEncoder();
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGN = { name: 'ECDSA', hash: 'SHA-256' };

function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available here: open the page over https (or from localhost).');
  return s;
}

export function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Lowercase hex SHA-256 of a string's UTF-8 bytes: the web build's one hash (edgequote.js), which
 * here must exist, since approvals are bound to it.
 */
export async function sha256Hex(text) {
  subtle(); // says plainly why there is no WebCrypto, rather than hashing to null
  return engineSha256Hex(text);
}

/** UTC to the second, as the engine's statements write time: 2026-12-06T15:46:09Z. */
export function utcSeconds(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parsed(text) {
  const out = JSON.parse(text);
  if (out && out.errors) throw new PricingError(out.errors);
  return out;
}

const asText = (doc) => (typeof doc === 'string' ? doc : JSON.stringify(doc) ?? 'null');

class Approvals {
  #module;
  #books = new Map();  // handle -> frozen book reference

  constructor(module) {
    this.#module = module;
  }

  #handle(book) {
    if (!book || this.#books.get(book.handle) !== book) {
      throw new PricingError([{ code: 'unknown_handle', path: '', message: 'This price book is not loaded in the approvals engine.' }]);
    }
    return book.handle;
  }

  /** Parses a price book (its text as fetched: the hash is over these bytes) and keeps it. */
  async loadPricebook(text) {
    if (typeof text !== 'string') throw new TypeError('loadPricebook takes the book file\'s text (its SHA-256 identifies it)');
    const loaded = parsed(this.#module.loadPricebook(text));
    const book = Object.freeze({ handle: loaded.handle, id: loaded.id, version: loaded.version, sha256: await sha256Hex(text) });
    this.#books.set(book.handle, book);
    return book;
  }

  release(book) {
    this.#module.releasePricebook(this.#handle(book));
    this.#books.delete(book.handle);
  }

  /** Exactly what `edgequote price BOOK QUOTE` prints (the priced snapshot the quote hash is over). */
  priceCanonical(book, quote) {
    return this.#module.priceCanonical(this.#handle(book), asText(quote));
  }

  /** SHA-256 of the canonical priced quote. */
  quoteSha256(book, quote) {
    return sha256Hex(this.priceCanonical(book, quote));
  }

  /**
   * The canonical bytes an approver signs for `quote`, made by the engine. Throws PricingError
   * (approval_unknown_approver, approval_level_too_low, approval_input_invalid, or the quote's
   * own errors) when no such approval can be given.
   */
  async statement(book, quote, { approver, decision = 'approved', comment = '', time = new Date() }) {
    const input = {
      decision,
      book_sha256: book.sha256,
      quote_sha256: await this.quoteSha256(book, quote),
      approver,
      time: typeof time === 'string' ? time : utcSeconds(time),
      comment,
    };
    return parsed(this.#module.statement(this.#handle(book), asText(quote), JSON.stringify(input))).statement;
  }

  /**
   * Signs the engine's statement with the approver's private key (a non-extractable CryptoKey
   * is fine): { token, statement, verificationCode }.
   */
  async sign(book, quote, { approver, privateKey, decision = 'approved', comment = '', time = new Date() }) {
    const statement = await this.statement(book, quote, { approver, decision, comment, time });
    const signature = new Uint8Array(await subtle().sign(SIGN, privateKey, encoder.encode(statement)));
    const { token } = parsed(this.#module.makeToken(statement, base64url(signature)));
    const opened = parsed(this.#module.openToken(this.#handle(book), token));
    return { token, statement, verificationCode: opened.verification_code };
  }

  /**
   * A token taken apart and its signature checked against its approver's key in `book`:
   * { approver (null when not in the book), statement, verificationCode, signatureValid }.
   * Throws PricingError for a malformed or oversized token.
   */
  async open(book, token) {
    const opened = parsed(this.#module.openToken(this.#handle(book), String(token)));
    let signatureValid = false;
    if (opened.approver) {
      try {
        const key = await subtle().importKey('jwk', opened.approver.public_key, ECDSA, false, ['verify']);
        signatureValid = await subtle().verify(SIGN, key, fromBase64url(opened.signature), fromBase64url(opened.signed));
      } catch {
        signatureValid = false;  // a key WebCrypto refuses verifies nothing
      }
    }
    return { approver: opened.approver, statement: opened.statement, verificationCode: opened.verification_code, signatureValid };
  }

  /**
   * Which fired rules of `quote` the tokens cover: each signature checked with WebCrypto, then
   * the engine's decision: { status: 'not_required' | 'approved' | 'open', required_level,
   * rules: [...], approvals: [...] }, the same JSON `edgequote verify` prints (`text: true`
   * returns those bytes). Bad tokens are reported in `approvals`, never thrown.
   */
  async verify(book, quote, tokens, { text = false } = {}) {
    const quoteText = asText(quote);
    const approvals = [];
    for (const token of tokens) {
      let signatureValid = false;
      try {
        signatureValid = (await this.open(book, token)).signatureValid;
      } catch {
        signatureValid = false;  // malformed: the engine says why
      }
      approvals.push({ token: String(token), signature_valid: signatureValid });
    }
    const context = { book_sha256: book.sha256, quote_sha256: await sha256Hex(this.priceCanonical(book, quoteText)), approvals };
    const out = this.#module.coverage(this.#handle(book), quoteText, JSON.stringify(context));
    return text ? out : parsed(out);
  }
}

/** A new ECDSA P-256 key pair for an approver: the private key cannot be exported. */
export async function generateApproverKey() {
  return subtle().generateKey(ECDSA, false, ['sign', 'verify']);
}

/** The public half as the JWK the price book lists ({kty, crv, x, y}). */
export async function publicJwk(publicKey) {
  const { kty, crv, x, y } = await subtle().exportKey('jwk', publicKey);
  return { kty, crv, x, y };
}

/**
 * A new approvals engine. Options: `moduleUrl` (edgequote-approvals.mjs; default beside this
 * file), `wasmUrl` or `wasmBinary` (bytes: what Node passes).
 */
export async function createApprovals(options = {}) {
  return new Approvals(await instantiateFeature('approvals', options));
}

/** The page's one approvals engine, created on first use. */
export const loadApprovals = sharedLoader(createApprovals);
