// Share links: the quote's inputs, the price book's id/version/hash and the net monthly total at
// the time, as deflate-raw JSON in base64url in the URL fragment (#quote=...). The fragment never
// reaches a server. Opening one is defensive: bounded length, bounded inflated size, nesting
// bounded before parsing, strict shape (web/lib/inbound.js).
//
// The payload (version 1): {v: 1, book: {id, version, hash}, net_monthly, title?, quote,
// scenarios?}. `scenarios` (optional, added later in version 1: links without it still open, and
// pages from before it ignore it) lists the quote's scenarios as
// {term_months, commit, discount_pct}, each null for "the quote's own" (commit '' for none).
import { MAX_SCENARIOS, readSharePayload, SHARE_VERSION } from './inbound.js';

export const FRAGMENT_KEY = 'quote';
export { SHARE_VERSION };
export const MAX_FRAGMENT_CHARS = 12000; // well inside every browser's and chat tool's URL limit
export const MAX_INFLATED_BYTES = 256 * 1024;

async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Inflates, giving up as soon as the output passes the limit (a small link must not expand into
// megabytes: a "zip bomb" in a URL).
async function inflateBounded(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new ShareLinkError('The link expands to more data than a quote can hold.');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// `code` and `path` (web/lib/inbound.js) when the link decoded but holds no valid quote.
// `action`: what the notice that says it offers instead ({label, command}), or undefined.
export class ShareLinkError extends Error {
  constructor(message, { code = null, path = null, action } = {}) {
    super(message);
    this.code = code;
    this.path = path;
    this.action = action;
  }
}

// The payload's shape, or null when it is right (web/lib/inbound.js readSharePayload); the
// engine validates the quote itself when it re-prices it.
export function payloadProblem(payload) {
  const read = readSharePayload(payload);
  return read.ok ? null : read.message;
}

const isDecimal = (v) => typeof v === 'string' && /^\d{1,18}(\.\d{1,9})?$/.test(v);

// What a link keeps of a scenario: its overrides (ids are the page's own, made anew on opening).
function scenarioOverrides(scenarios) {
  if (!Array.isArray(scenarios) || !scenarios.length) return undefined;
  // A value still being typed ("12.") is left out rather than making the link unreadable.
  const valid = (value, ok) => (value !== undefined && value !== null && ok(value) ? value : null);
  return scenarios.slice(0, MAX_SCENARIOS).map((s) => ({
    term_months: valid(s.term_months, (v) => Number.isInteger(v) && v > 0 && v <= 600),
    commit: valid(s.commit, (v) => v === '' || isDecimal(v)),
    discount_pct: valid(s.discount_pct, isDecimal),
  }));
}

let opened = 0;
// A link's scenarios as the page keeps them (with ids), or undefined when it carries none.
function withIds(scenarios) {
  return scenarios?.map((s) => ({ id: `s${Date.now().toString(36)}l${(opened += 1)}`, ...s }));
}

// Whether a quote carries discounts only a rep sets (what the prospect page leaves out): a link
// made by a rep, opened there, is priced without them.
export function hasRepDiscounts(quote) {
  const set = (value) => value !== undefined && value !== null && value !== '' && !/^0*(\.0*)?$/.test(String(value));
  return set(quote?.discount_pct) || (quote?.lines ?? []).some((line) => set(line?.discount_pct) || set(line?.target_net));
}

// → the fragment text (without '#'), or throws ShareLinkError when the quote is too big to share.
export async function encodeShareFragment({ quote, book, netMonthly, title, scenarios }) {
  const payload = { v: SHARE_VERSION, book, net_monthly: netMonthly ?? null, title, quote, scenarios: scenarioOverrides(scenarios) };
  const json = new TextEncoder().encode(JSON.stringify(payload));
  const fragment = `${FRAGMENT_KEY}=${toBase64Url(await deflate(json))}`;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new ShareLinkError(`This quote is too large for a link (${fragment.length} characters; the limit is ${MAX_FRAGMENT_CHARS}). Export it as JSON instead.`,
      { action: { label: 'Export JSON', command: 'export-json' } });
  }
  return fragment;
}

export function isShareFragment(hash) {
  return hash.replace(/^#/, '').startsWith(`${FRAGMENT_KEY}=`);
}

// → the validated payload, or throws ShareLinkError saying plainly what is wrong.
export async function decodeShareFragment(hash) {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(`${FRAGMENT_KEY}=`)) throw new ShareLinkError('This is not an EdgeQuote share link.');
  if (fragment.length > MAX_FRAGMENT_CHARS) throw new ShareLinkError('The link is longer than any quote link this page makes.');
  const body = fragment.slice(FRAGMENT_KEY.length + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new ShareLinkError('The link is damaged (unexpected characters): it may have been cut off when copied.');
  let text;
  try {
    const bytes = await inflateBounded(fromBase64Url(body), MAX_INFLATED_BYTES);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError('The link is damaged and cannot be read: it may have been cut off when copied.');
  }
  const read = readSharePayload(text);
  if (!read.ok) {
    const what = read.message.replace(/\.$/, '');
    throw new ShareLinkError(`It holds no valid quote: ${what.charAt(0).toLowerCase()}${what.slice(1)}${read.path ? ` (at ${read.path})` : ''}.`, read);
  }
  const payload = read.value;
  payload.scenarios = withIds(payload.scenarios);
  return payload;
}
