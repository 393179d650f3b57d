// Approval requests and approval links: what a rep sends an approver ("#request=...", opened by
// approve.html) and what comes back ("#approval=<token>", opened by the rep page). Plain
// base64url JSON in the URL fragment, which never reaches a server; opening one is defensive:
// bounded length, strict shape. Nothing here is trusted for the decision: the approver's page
// re-prices the quote with its own copy of the book, and the rep page verifies tokens through
// the engine and WebCrypto.

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const REQUEST_KEY = 'request';
// A request too long for a link travels as a file: the same request under this format name.
export const REQUEST_FILE_FORMAT = 'edgequote.approval-request';
// A file holds a quote at the engine's limits (it reads up to 16 MB of quote text).
export const MAX_REQUEST_FILE_CHARS = 16 * 1024 * 1024;
export const APPROVAL_KEY = 'approval';
export const REQUEST_VERSION = 1;
export const MAX_REQUEST_CHARS = 16000;
const MAX_TOKEN_CHARS = 8192;

export class ApprovalRequestError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The request for the quote as priced now: the quote, the book's id/version/SHA-256, the priced
 * snapshot's SHA-256, the level required and the rules that fired with their values.
 */
export function makeRequest({ quote, book, quoteSha256, priced }) {
  return {
    v: REQUEST_VERSION,
    quote,
    book: { id: book.id, version: book.version, sha256: book.sha256 },
    quote_sha256: quoteSha256,
    level: priced.approval?.level ?? null,
    rules: (priced.approval?.fired ?? []).map((r) => ({ rule: r.rule, level: r.level, value: r.value, threshold: r.threshold })),
  };
}

export function requestFragment(request) {
  return `#${REQUEST_KEY}=${base64url(encoder.encode(JSON.stringify(request)))}`;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isHash = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

/** The request in a location hash, or null when there is none; throws ApprovalRequestError when damaged. */
export function readRequest(hash) {
  const prefix = `#${REQUEST_KEY}=`;
  if (!hash.startsWith(prefix)) return null;
  const text = hash.slice(prefix.length);
  if (text.length > MAX_REQUEST_CHARS) throw new ApprovalRequestError('The approval request link is longer than any request the rep page makes.');
  let request;
  try {
    request = JSON.parse(decoder.decode(fromBase64url(text)));
  } catch {
    throw new ApprovalRequestError('The approval request link is damaged (cut short in the email or chat?). Ask the rep to send it again.');
  }
  return checkedRequest(request, 'link');
}

/** The text of a request file, for a request too long for a link. */
export function requestFileText(request) {
  return `${JSON.stringify({ format: REQUEST_FILE_FORMAT, request }, null, 2)}\n`;
}

/** The request in a file's text; throws ApprovalRequestError when it is not one, or damaged. */
export function readRequestFile(text) {
  if (typeof text !== 'string') throw new ApprovalRequestError('The file is not an approval request (it is not text).');
  if (text.length > MAX_REQUEST_FILE_CHARS) throw new ApprovalRequestError('The file is larger than any approval request the rep page makes.');
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    throw new ApprovalRequestError('The file is not an approval request (it is not JSON). Ask the rep to send the request file again.');
  }
  if (!isObject(file) || file.format !== REQUEST_FILE_FORMAT) throw new ApprovalRequestError('The file is not an approval request from the rep page (its "format" is not edgequote.approval-request).');
  return checkedRequest(file.request, 'file');
}

// A request read from a link or a file, checked by shape; the content is the engine's to judge.
function checkedRequest(request, from) {
  const problem = !isObject(request) ? 'not a request'
    : request.v !== REQUEST_VERSION ? 'another version of the request format'
      : !isObject(request.quote) ? 'no quote'
        : !isObject(request.book) || typeof request.book.id !== 'string' || typeof request.book.version !== 'string' || !isHash(request.book.sha256) ? 'no price book identity'
          : !isHash(request.quote_sha256) ? 'no priced snapshot hash'
            : !Array.isArray(request.rules) ? 'no rules' : null;
  if (problem) throw new ApprovalRequestError(`The approval request ${from} is not usable (${problem}).`);
  return request;
}

export function approvalFragment(token) {
  return `#${APPROVAL_KEY}=${token}`;
}

/** The token in a location hash ("#approval=eqa1...."), or null. */
export function readApprovalFragment(hash) {
  const prefix = `#${APPROVAL_KEY}=`;
  if (!hash.startsWith(prefix)) return null;
  return hash.slice(prefix.length, prefix.length + MAX_TOKEN_CHARS + 1);
}
