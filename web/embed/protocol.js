// The postMessage protocol between the EdgeQuote iframe (embed/frame.html) and its host page.
// Every message is {protocol: "edgequote", version: 1, type, ...}:
//
//   frame -> host  ready   {versions: [1]}                      the frame can take an init
//   host -> frame  init    {context: {segment, customerName, mode}}   (each optional)
//   frame -> host  change  {quote, priced, sha256, valid, errors, approval} after every pricing
//                          (approval: {status, required_level, tokens, coverage}; README "Signed approvals")
//   frame -> host  submit  {quote, priced, sha256, url, contact, log}   the visitor requested the
//                          quote (contact: name, email, company, message; log: the quote-log record)
//   frame -> host  saved   {quote, priced, sha256, url, log}     the visitor made a share link
//
// Both sides post only to an exact origin (never "*") and drop every message whose event.origin
// is not an allowed origin (strict string equality) or whose source is not the expected window.
// A message of another protocol or version is ignored, not answered.

export const PROTOCOL = 'edgequote';
export const VERSION = 1;
export const TYPES = Object.freeze(['ready', 'init', 'change', 'submit', 'saved']);

export function message(type, body = {}) {
  if (!TYPES.includes(type)) throw new TypeError(`unknown message type ${type}`);
  return { protocol: PROTOCOL, version: VERSION, type, ...body };
}

// → the message when it is ours (this protocol, this version, a known type), else null.
export function readMessage(data) {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  if (data.protocol !== PROTOCOL || data.version !== VERSION || !TYPES.includes(data.type)) return null;
  return data;
}

// What the frame accepts from its host (an init and its context) is checked by shape in
// web/lib/inbound.js readHostMessage, with the other doors into the page.

// "https://a.example, https://b.example:8443" → exact origins. An entry that is not exactly an
// origin (a path, a trailing slash, a wildcard, another scheme) is rejected, never "fixed".
export function parseOrigins(text) {
  const origins = [];
  const rejected = [];
  for (const entry of String(text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    let origin = null;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === entry) origin = url.origin;
    } catch {
      origin = null;
    }
    if (origin && !origins.includes(origin)) origins.push(origin);
    else if (!origin) rejected.push(entry);
  }
  return { origins, rejected };
}
