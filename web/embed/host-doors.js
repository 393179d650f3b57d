// The embed's own doors (see web/lib/inbound.js for the rest and for what a door returns): a
// host page's postMessage to the iframe build, and the attributes a host sets on <edge-quote>.
// Kept here, beside the embed, so that the rep page does not download them.
import { door, object, plainCopy, pointer, refuse, typeName } from '../lib/inbound.js';

/**
 * A message from the host page to the iframe build ({protocol, version, type: "init", context}).
 * → value {type: 'init', context: {segment?, customerName?, mode?}}; a context field of the wrong
 * form is dropped with a warning (the frame still starts), anything that is not an init of this
 * protocol and version is refused.
 */
export function readHostMessage(data, { protocol = 'edgequote', version = 1 } = {}) {
  return door((warnings) => {
    const message = object(plainCopy(data), '', 'The message');
    if (message.protocol !== protocol) refuse('unknown_format', '/protocol', `Not an ${protocol} message.`);
    if (message.version !== version) refuse('unknown_format', '/version', `Protocol version ${JSON.stringify(message.version)?.slice(0, 20)}; this frame reads ${version}.`);
    if (message.type !== 'init') refuse('unknown_format', '/type', 'A host sends only "init".');
    const context = {};
    if (message.context !== undefined && message.context !== null) {
      object(message.context, '/context', 'The context');
      for (const [key, value] of Object.entries(message.context)) {
        const read = readAttribute(ATTRIBUTE_OF_CONTEXT[key] ?? '', value);
        if (read.ok) context[key] = read.value;
        else warnings.push({ code: read.code, path: pointer('/context', key), message: read.message });
      }
    }
    return { type: 'init', context };
  });
}

const ATTRIBUTE_OF_CONTEXT = { segment: 'segment', customerName: 'customer-name', mode: 'mode' };

const ATTRIBUTES = {
  mode: (v) => (v === 'rep' || v === 'prospect' ? v : refuse('bad_shape', '', 'The mode is "rep" or "prospect".')),
  segment: (v) => (/^[\w.-]{0,64}$/.test(v) ? v : refuse('bad_shape', '', 'A segment is an id of letters, digits, "_", "." or "-".')),
  // Shown to a person: at most 120 characters (the rest is cut, as the field would), control
  // and bidirectional-override characters (only ever a mistake or a trick) become spaces.
  'customer-name': (v) => v.slice(0, 120).replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' '),
  currency: (v) => (/^[A-Z]{3}$/.test(v) ? v : refuse('bad_shape', '', 'A currency is three capital letters (ISO 4217).')),
  pricebook: (v) => url(v, 'The price book'),
  'share-base': (v) => url(v, 'The share base'),
  'request-email': (v) => (/^[^\s@<>"(),;:]{1,64}@[A-Za-z0-9.-]{1,190}$/.test(v) ? v : refuse('bad_shape', '', 'Not an e-mail address.')),
};

function url(value, what) {
  if (value.length > 2048) refuse('too_big', '', `${what} URL is longer than 2048 characters.`);
  let parsed;
  try {
    parsed = new URL(value, globalThis.document?.baseURI ?? 'http://localhost/');
  } catch {
    return refuse('bad_shape', '', `${what} is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') refuse('bad_shape', '', `${what} must be an http(s) URL, not ${parsed.protocol}.`);
  return value;
}

/** An element attribute (or a property mirroring one): the value to use, or a refusal. */
export function readAttribute(name, value) {
  return door(() => {
    const check = ATTRIBUTES[name];
    if (!check) refuse('unknown_format', '', `"${String(name).slice(0, 40)}" is not an attribute this element reads.`);
    if (typeof value !== 'string') refuse('bad_shape', '', `The ${name} must be text, not ${typeName(value)}.`);
    return check(value);
  });
}
