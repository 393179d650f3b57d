// Finds the internal part of a price book in a directory of built files (the prospect build).
//
// What is looked for, from the book's `internal` part (walked, so a field added there tomorrow is
// covered without touching this file):
//   - text: internal notes and approval messages, whole and sentence by sentence (≥ 24 chars);
//   - distinctive strings: rule ids ("discount-over-10"), level names such as "deal_desk", any
//     string that is not a common word, a public identifier or format vocabulary;
//   - keys: every key of the internal part that the public formats do not use ("deal_bands",
//     "floor_pct", "costs", "internal" itself, a new "x-win-notes"), as a member — `"key":` or
//     `key:` — i.e. as data, in JSON or a JS object literal. Distinctive keys not in the format
//     at all (a new field) are looked for anywhere, as plain text;
//   - numbers (costs, floors, band edges, thresholds): as `key: "value"` pairs ("unit_price":
//     "0.0015", low: '12000') with the key they have in the internal part.
// Everything is looked for in the bytes of every file, whatever its type (HTML, JS, CSS, JSON,
// source maps, the .wasm binary: its strings are UTF-8 like the tokens). A compressed file would
// hide its text, so leak.test.mjs refuses any in the build (the server compresses on the fly).
//
// What is deliberately NOT looked for, because it legitimately occurs in a public build:
//   - format vocabulary: every property name and enum value of the public JSON Schemas (the price
//     book without its internal part, the quote, the priced quote). The engine parses internal
//     books, so its wasm holds words like "floor_pct" and "deal_bands" as bare strings; the
//     public priced quote has "approval": null and "guidance": []. Internal-only field names are
//     therefore checked as members (data), not as bare words;
//   - public identifiers (SKUs, segment, region, bundle, unit and commit ids) that internal maps
//     are keyed by, and common words used as level names ("rep", "manager", "director", "vp");
//   - a bare number on its own: costs such as 25, 250 or 500 occur in any code, stylesheet and
//     binary. Numbers are attributable only with their key;
//   - text that a shipped competitor book holds in one of its strings (`publicText`: another vendor's id,
//     name or region names, published by that vendor): the book's outcome catalogue names the
//     competitors a deal was lost to by those same ids and names;
//   - a key: value pair that is public structure of the same book: a cost ladder reuses the list
//     ladder's edges (up_to), package sizes and price-model names (STRUCTURAL_KEYS), and the
//     listed COINCIDENCES — internal numbers that equal a public one by chance (checked to still
//     be true, so the list cannot silently go stale).
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export const STRUCTURAL_KEYS = new Set(['up_to', 'size', 'model', 'round', 'flat_at_zero']);
// [key, value, why]: an internal pair that the public part of the book holds too.
export const COINCIDENCES = [
  ['amount', '500', 'the support-business cost equals the origin-shield list price ($500/month)'],
];
// [file, key, value, why]: an internal pair that a competitor book the prospect build ships
// (another vendor's public list price, pricebooks/competitors/) holds too, in that file only.
export const COMPETITOR_COINCIDENCES = [
  ['pricebooks/competitors/bunny-net.json', 'unit_price', '0.004', "bunny.net's volume network, 500 TB-1 PB, equals our video-streaming cost per GB"],
  ['pricebooks/competitors/fastly.json', 'unit_price', '0.12', "Fastly's first North America & Europe tier equals our edge-compute cost per million invocations"],
];
const MIN_SENTENCE = 24;
const COMMON_WORD = /^[a-z]{1,12}$/i;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Property names and enum/const values a JSON Schema documents, following local $refs; `skip`
// names properties (at any depth) whose subtree is not followed.
export function schemaVocabulary(schema, skip = new Set()) {
  const words = new Set();
  const seen = new Set();
  const resolveRef = (ref) => ref.replace(/^#\//, '').split('/').reduce((node, part) => node?.[part], schema);
  const visit = (node) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) visit(resolveRef(node.$ref));
    for (const value of [...(node.enum ?? []), ...(node.const !== undefined ? [node.const] : [])]) {
      if (typeof value === 'string') words.add(value);
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (skip.has(name)) continue;
      words.add(name);
      visit(child);
    }
    for (const key of ['items', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'then', 'else', 'if', 'patternProperties', 'prefixItems']) {
      if (node[key] && typeof node[key] === 'object') visit(key === 'patternProperties' ? Object.values(node[key]) : node[key]);
    }
  };
  visit(schema);
  return words;
}

function publicIdentifiers(book) {
  const ids = new Set();
  for (const product of book.products ?? []) ids.add(product.sku);
  for (const list of [book.segments, book.regions, book.bundles, book.units, book.commits]) {
    for (const item of list ?? []) if (item?.id !== undefined) ids.add(String(item.id));
  }
  return ids;
}

// [key, value] leaves of a JSON value (array items take their array's key).
function leaves(value, key = null, out = []) {
  if (Array.isArray(value)) value.forEach((item) => leaves(item, key, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => leaves(v, k, out));
  else out.push([key, value]);
  return out;
}

function keysOf(value, out = new Set()) {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

function sentences(text) {
  return text.split(/(?<=[.!?;:])\s+/).map((s) => s.trim()).filter((s) => s.length >= MIN_SENTENCE);
}

// `key` as a member holding data: `"key": <value>` (JSON), or `key: <value>` (a JS object literal)
// for a key that is not a common word (`default:` is also a switch label). With `value`, that
// exact value as a string: the format writes every number as a decimal string, so any
// serialisation of internal data has `"key": "value"`; a bare 100 next to a key is too common
// (any script may hold `low: 100`) to mean anything.
function memberPattern(key, value) {
  const k = escapeRegExp(key);
  const name = COMMON_WORD.test(key) ? `"${k}"` : `(?:"${k}"|'${k}'|(?<![\\w$.-])${k})`;
  if (value === undefined) return new RegExp(`${name}\\s*:\\s*(?:["'{\\[\\d-]|true|false|null)`);
  return new RegExp(`${name}\\s*:\\s*(["'])${escapeRegExp(String(value))}\\1`);
}

/**
 * What to look for: [{kind, what, text?, pattern?}] from `book.internal`.
 * `vocabulary.public`: the words of the public formats (the schemas without the internal part);
 * `vocabulary.format`: every word of the formats, the internal part's field names included.
 * `publicText`: strings public elsewhere (competitorBookText below), not looked for.
 */
export function leakSignatures(book, vocabulary, { publicText = new Set() } = {}) {
  const internal = book.internal;
  if (!internal || typeof internal !== 'object') throw new Error('the book has no internal part to look for');
  const publicPart = { ...book };
  delete publicPart.internal;
  const ids = publicIdentifiers(publicPart);
  const publicPairs = new Set(leaves(publicPart).map(([k, v]) => `${k}\u0000${v}`));
  const signatures = [];
  const add = (signature) => {
    if (!signatures.some((s) => s.what === signature.what)) signatures.push(signature);
  };

  // The internal part's own key, as data.
  add({ kind: 'key', what: 'internal:', pattern: memberPattern('internal') });

  for (const key of keysOf(internal)) {
    if (ids.has(key) || vocabulary.public.has(key)) continue;
    // An internal field name the engine knows (its parser holds the bare word), or a common
    // word: as data only. Any other key is in no format at all (a new field): anywhere.
    if (vocabulary.format.has(key) || COMMON_WORD.test(key)) add({ kind: 'key', what: `${key}:`, pattern: memberPattern(key) });
    else add({ kind: 'key', what: key, text: key });
  }

  for (const [key, value] of leaves(internal)) {
    if (value === null || typeof value === 'boolean') continue;
    const text = String(value);
    const isNumber = typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(text);
    if (isNumber) {
      if (STRUCTURAL_KEYS.has(key) && publicPairs.has(`${key}\u0000${text}`)) continue;
      if (COINCIDENCES.some(([k, v]) => k === key && v === text)) continue;
      add({ kind: 'number', what: `${key}: ${text}`, pattern: memberPattern(key, text) });
      continue;
    }
    if (vocabulary.format.has(text) || ids.has(text) || [...publicText].some((p) => p.includes(text)) || COMMON_WORD.test(text) || text.length < 4) continue;
    add({ kind: 'text', what: text, text });
    for (const sentence of sentences(text)) if (sentence !== text) add({ kind: 'text', what: sentence, text: sentence });
  }
  return signatures;
}

/** Every string value of the competitor books (public list prices, each vendor's own words). */
export function competitorBookText(books) {
  return new Set(books.flatMap((competitor) => leaves(competitor).map(([, v]) => v).filter((v) => typeof v === 'string')));
}

/** Findings [{file, kind, what}] for one file's bytes. */
export function scanBytes(file, bytes, signatures) {
  const text = Buffer.from(bytes).toString('latin1'); // byte for byte: UTF-8 text of the tokens included
  const findings = [];
  const name = file.split('\\').join('/');
  for (const signature of signatures) {
    if (COMPETITOR_COINCIDENCES.some(([f, k, v]) => f === name && signature.what === `${k}: ${v}`)) continue;
    const needle = signature.text !== undefined ? Buffer.from(signature.text, 'utf8').toString('latin1') : null;
    const hit = needle !== null ? text.includes(needle) : signature.pattern.test(text);
    if (hit) findings.push({ file, kind: signature.kind, what: signature.what });
  }
  return findings;
}

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every file under `dir`, scanned: {files: n, findings: [{file, kind, what}]}. */
export async function scanDirectory(dir, signatures) {
  const findings = [];
  let files = 0;
  for await (const path of filesUnder(dir)) {
    files += 1;
    findings.push(...scanBytes(relative(dir, path), await readFile(path), signatures));
  }
  return { files, findings };
}
