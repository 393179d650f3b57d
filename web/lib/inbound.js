// The page's doors: everything that enters it from outside — a share link, an imported file (in
// web/lib/import-door.js), a record read back from browser storage, a quote a host hands to
// setQuote(), and (in web/embed/host-doors.js) a host page's postMessage and an element's
// attributes, those two with the checks exported here — is checked for *shape* before any page
// code touches it. One function per door; each never throws and returns either
//
//   {ok: true, value, warnings}          a clean copy: plain JSON data, every field the page
//                                        reads of the type it expects (warnings: what was dropped)
//   {ok: false, code, path, message}     a refusal: a code of INBOUND_CODES, the JSON Pointer of
//                                        the offending value, and a sentence for a person
//
// Shape only: whether a SKU exists, a quantity is a valid decimal or a term is offered is the
// engine's to say (its own error codes, when it prices the quote). What this module guarantees is
// that nothing the page does with an accepted value can throw: no `null` where a line is read,
// no object where text is interpolated (`{"toString": null}`), no getter, cycle or class
// instance from a host's JavaScript, no nesting deep enough to overflow a recursive walk, no
// integer past 2^53 silently rounded by JSON.parse.

// The codes a door refuses with (the engine's codes stay the engine's: these name what the page
// checks before the engine sees anything; tests/node/inbound.test.mjs checks they do not clash).
export const INBOUND_CODES = Object.freeze({
  not_json: 'The text is not JSON.',
  nested_too_deep: 'The document nests objects or arrays deeper than any EdgeQuote document.',
  too_big: 'The document or one of its texts is larger than the page accepts.',
  bad_shape: 'A value has a type or form the page cannot use.',
  not_plain_data: 'A value is not plain JSON data (a function, class instance, getter or cycle).',
  unsafe_integer: 'An integer is too large for JavaScript to hold exactly: write it as a decimal string.',
  unknown_format: 'The document is not one this page reads (another format or version).',
  too_many: 'A list holds more entries than the page keeps.',
});

// Bounds. The deepest valid document (an export holding a priced quote: export -> priced ->
// lines -> line -> tiers -> tier -> field) nests 7 levels; 48 leaves room for unknown fields the
// engine will name, and keeps every recursive walk (this one, structuredClone, canonical text)
// far from the stack's end.
export const MAX_DEPTH = 48;
export const MAX_NODES = 400_000;          // values in one document
export const MAX_TEXT_CHARS = 8 * 1024 * 1024;
export const MAX_STRING_CHARS = 100_000;   // any one string
export const MAX_NAME_CHARS = 200;         // titles and customer names (the page's own maxlength)
export const MAX_QUOTE_LINES = 20_000;     // the engine's line limit: more is refused before parsing
export const MAX_SHARE_LINES = 200;        // a share link holds a small quote
export const MAX_SCENARIOS = 4;            // as web/lib/scenarios.js shows them
export const MAX_PERIODS = 120;            // ramp periods: a month each over ten years
export const MAX_LIST_ITEMS = 1000;        // missing features, tags
export const SHARE_VERSION = 1;
export const RECORD_VERSION = 1;
export const EXPORT_FORMAT = 'edgequote.saved-quote';
export const OUTCOME_STATUSES = Object.freeze(['open', 'won', 'lost']);

class Refusal extends Error {
  constructor(code, path, message) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

export const refuse = (code, path, message) => {
  throw new Refusal(code, path, message);
};

// Runs a door: a Refusal becomes {ok: false, ...}; anything else thrown (a hostile Proxy, a
// getter that throws) is a refusal too, never an exception out of the door.
export function door(check) {
  const warnings = [];
  try {
    return { ok: true, value: check(warnings), warnings };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, path: error.path, message: error.message };
    return { ok: false, code: 'not_plain_data', path: '', message: `The value could not be read (${safeText(error)}).` };
  }
}

function safeText(error) {
  try {
    return String(error?.message ?? error).slice(0, 200);
  } catch {
    return 'unreadable error';
  }
}

// A pointer is made for every value read (plainCopy): most keys hold neither ~ nor /, and a test
// for them is a quarter of two replaces (a 20,000-line record's reload spent 41 ms here).
export const pointer = (path, key) => `${path}/${/[~/]/.test(key) ? String(key).replace(/~/g, '~0').replace(/\//g, '~1') : key}`;

// --- text -> plain data --------------------------------------------------------------------

// The deepest nesting of a JSON text, found without parsing it (JSON.parse and every walk after
// it recurse), stopping as soon as it passes `limit`.
export function nestingPastLimit(text, limit = MAX_DEPTH) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;              // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) { // { [
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

export function parseText(text, { maxChars = MAX_TEXT_CHARS, what = 'The document' } = {}) {
  if (typeof text !== 'string') refuse('bad_shape', '', `${what} is not text.`);
  if (text.length > maxChars) refuse('too_big', '', `${what} is larger than the page accepts (${text.length} characters; the limit is ${maxChars}).`);
  if (nestingPastLimit(text)) refuse('nested_too_deep', '', `${what} nests deeper than ${MAX_DEPTH} levels; no EdgeQuote document does.`);
  try {
    return JSON.parse(text);
  } catch {
    return refuse('not_json', '', `${what} is not JSON.`);
  }
}

// A fresh copy of `value` made only of null, booleans, finite numbers, strings, arrays and plain
// objects; anything else is refused with its path. Own data properties only (a getter is never
// called), keys copied as data even when named "__proto__".
export function plainCopy(value, path = '', state = { nodes: 0 }, depth = 0) {
  if (++state.nodes > MAX_NODES) refuse('too_big', path, `The document holds more than ${MAX_NODES} values.`);
  if (depth > MAX_DEPTH) refuse('nested_too_deep', path, `Nested deeper than ${MAX_DEPTH} levels.`);
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_CHARS) refuse('too_big', path, `A text of ${value.length} characters; the limit is ${MAX_STRING_CHARS}.`);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) refuse('bad_shape', path, 'A number that is not finite.');
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        refuse('unsafe_integer', path, `The integer ${value} is past 2^53 and was rounded when read; write it as a decimal string ("${BigInt(value)}" is what was read).`);
      }
      return value;
    case 'object':
      break;
    default:
      return refuse('not_plain_data', path, `A ${typeof value} is not JSON data.`);
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out = [];
    const length = value.length;
    if (length > MAX_NODES) refuse('too_big', path, `A list of ${length} entries.`);
    for (let i = 0; i < length; i++) {
      const d = Object.getOwnPropertyDescriptor(value, i);
      if (!d || !('value' in d)) refuse('not_plain_data', pointer(path, i), 'A hole or getter in a list.');
      out.push(plainCopy(d.value, pointer(path, i), state, depth + 1));
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) refuse('not_plain_data', path, 'An object that is not plain data (a class instance).');
  const out = {};
  for (const key of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d)) refuse('not_plain_data', pointer(path, key), 'A getter, not a value.');
    if (d.value === undefined) continue; // as JSON.stringify would: an absent field
    Object.defineProperty(out, key, { value: plainCopy(d.value, pointer(path, key), state, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// --- shape checks on plain data (each returns the value, or refuses) -----------------------

export const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

export function object(value, path, what) {
  if (value === undefined) refuse('bad_shape', path, `${what} is missing.`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) refuse('bad_shape', path, `${what} must be an object, not ${typeName(value)}.`);
  return value;
}

function list(value, path, what, max) {
  if (value === undefined) refuse('bad_shape', path, `${what} are missing.`);
  if (!Array.isArray(value)) refuse('bad_shape', path, `${what} must be a list, not ${typeName(value)}.`);
  if (max !== undefined && value.length > max) refuse('too_many', path, `${what}: ${value.length} entries; at most ${max}.`);
  return value;
}

// Text the page shows or interpolates: a string (or absent / null).
export function text(value, path, what, max = MAX_NAME_CHARS) {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') refuse('bad_shape', path, `${what} must be text, not ${typeName(value)}.`);
  if (value.length > max) refuse('too_big', path, `${what} is ${value.length} characters long; at most ${max}.`);
}

// A number the engine reads as a decimal string or a JSON number (its content is the engine's).
function amount(value, path, what) {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' && typeof value !== 'number') refuse('bad_shape', path, `${what} must be a decimal string or a number, not ${typeName(value)}.`);
  if (typeof value === 'string' && value.length > 64) refuse('too_big', path, `${what} is ${value.length} characters long; no amount is.`);
}

function optionalObject(value, path, what, check) {
  if (value === undefined || value === null) return;
  check(object(value, path, what), path);
}

const LINE_AMOUNTS = ['quantity', 'discount_pct', 'target_net'];
const LINE_TEXTS = ['sku', 'unit', 'region'];

function checkLine(line, path) {
  object(line, path, 'A quote line');
  for (const key of LINE_TEXTS) text(line[key], pointer(path, key), `The line's ${key}`);
  for (const key of LINE_AMOUNTS) amount(line[key], pointer(path, key), `The line's ${key}`);
  optionalObject(line.region_mix, pointer(path, 'region_mix'), 'The region mix', (mix, at) => {
    for (const [region, share] of Object.entries(mix)) amount(share, pointer(at, region), `The share of ${region.slice(0, 40)}`);
  });
}

function checkQuote(quote, path, maxLines) {
  object(quote, path, 'The quote');
  text(quote.schema_version, pointer(path, 'schema_version'), 'The schema version', 20);
  optionalObject(quote.pricebook, pointer(path, 'pricebook'), 'The price book reference', (ref, at) => {
    text(ref.id, pointer(at, 'id'), 'The price book id');
    text(ref.version, pointer(at, 'version'), 'The price book version');
  });
  const customer = object(quote.customer, pointer(path, 'customer'), 'The customer');
  text(customer.name, pointer(pointer(path, 'customer'), 'name'), 'The customer name');
  text(customer.segment, pointer(pointer(path, 'customer'), 'segment'), 'The segment');
  amount(customer.incumbent_monthly, pointer(pointer(path, 'customer'), 'incumbent_monthly'), "The incumbent's price");
  amount(quote.term_months, pointer(path, 'term_months'), 'The term');
  text(quote.bundle, pointer(path, 'bundle'), 'The bundle');
  amount(quote.discount_pct, pointer(path, 'discount_pct'), 'The quote discount');
  optionalObject(quote.commit, pointer(path, 'commit'), 'The commit', (commit, at) => {
    amount(commit.monthly_spend, pointer(at, 'monthly_spend'), 'The committed spend');
  });
  text(quote.as_of, pointer(path, 'as_of'), 'The pricing date', 32);
  const lines = list(quote.lines, pointer(path, 'lines'), 'The quote lines', maxLines);
  lines.forEach((line, i) => checkLine(line, pointer(pointer(path, 'lines'), i)));
  // A ramp: the page fits its periods to a new term (web/lib/quote-edits.js fitPeriods).
  if (quote.periods !== undefined && quote.periods !== null) {
    const at = pointer(path, 'periods');
    list(quote.periods, at, 'The ramp periods', MAX_PERIODS).forEach((period, i) => {
      const p = pointer(at, i);
      object(period, p, 'A ramp period');
      amount(period.from_month, pointer(p, 'from_month'), "The period's first month");
      amount(period.to_month, pointer(p, 'to_month'), "The period's last month");
      optionalObject(period.commit, pointer(p, 'commit'), "The period's commit", (commit, c) => {
        amount(commit.monthly_spend, pointer(c, 'monthly_spend'), 'The committed spend');
      });
      if (period.lines !== undefined && period.lines !== null) {
        list(period.lines, pointer(p, 'lines'), "The period's lines", maxLines)
          .forEach((line, j) => checkLine(line, pointer(pointer(p, 'lines'), j)));
      }
    });
  }
  return quote;
}

export function checkScenarios(scenarios, path, warnings) {
  if (scenarios === undefined || scenarios === null) return undefined;
  list(scenarios, path, 'The scenarios');
  const kept = scenarios.slice(0, MAX_SCENARIOS);
  if (scenarios.length > kept.length) {
    warnings.push({ code: 'too_many', path, message: `Kept the first ${MAX_SCENARIOS} of ${scenarios.length} scenarios.` });
  }
  kept.forEach((scenario, i) => {
    const at = pointer(path, i);
    object(scenario, at, 'A scenario');
    text(scenario.id, pointer(at, 'id'), "The scenario's id", 64);
    amount(scenario.term_months, pointer(at, 'term_months'), "The scenario's term");
    amount(scenario.commit, pointer(at, 'commit'), "The scenario's commit");
    amount(scenario.discount_pct, pointer(at, 'discount_pct'), "The scenario's discount");
  });
  return kept;
}

export function checkOutcome(outcome, path) {
  if (outcome === undefined || outcome === null) return;
  object(outcome, path, 'The outcome');
  if (outcome.status !== undefined && !OUTCOME_STATUSES.includes(outcome.status)) {
    refuse('bad_shape', pointer(path, 'status'), `The outcome must be ${OUTCOME_STATUSES.join(', ')}.`);
  }
  text(outcome.reason, pointer(path, 'reason'), 'The reason', 1000);
  text(outcome.competitor, pointer(path, 'competitor'), 'The competitor');
  amount(outcome.competitor_monthly, pointer(path, 'competitor_monthly'), "The competitor's price");
  text(outcome.updatedAt, pointer(path, 'updatedAt'), 'The outcome time', 64);
  for (const key of ['missing_features', 'missing_feature_tags']) {
    if (outcome[key] === undefined) continue;
    list(outcome[key], pointer(path, key), key.replace(/_/g, ' '), MAX_LIST_ITEMS)
      .forEach((item, i) => text(item, pointer(pointer(path, key), i), 'A missing feature', 1000));
  }
}

export function checkApproval(approval, path) {
  optionalObject(approval, path, 'The approval', (a, at) => {
    for (const key of ['level', 'by', 'at', 'inputsHash']) text(a[key], pointer(at, key), `The approval's ${key}`);
  });
}

function checkBookRef(ref, path, { hash = false } = {}) {
  object(ref, path, 'The price book reference');
  if (typeof ref.id !== 'string' || !ref.id || ref.id.length > MAX_NAME_CHARS) refuse('bad_shape', pointer(path, 'id'), 'The price book id must be text.');
  if (typeof ref.version !== 'string' || ref.version.length > MAX_NAME_CHARS) refuse('bad_shape', pointer(path, 'version'), 'The price book version must be text.');
  if (hash && (typeof ref.hash !== 'string' || !/^[0-9a-f]{64}$/.test(ref.hash))) refuse('bad_shape', pointer(path, 'hash'), 'The price book hash must be 64 hexadecimal digits.');
  if (!hash && ref.hash !== undefined && ref.hash !== null) text(ref.hash, pointer(path, 'hash'), 'The price book hash', 64);
}

// --- the doors ------------------------------------------------------------------------------

// The quotes of imported files and saved records, as checked here (checkedQuote): the session
// (quote-session.js admit) takes them without checking and copying them again, which was one
// task of 45 ms at 5,000 lines and 108 ms at 20,000. They are fresh copies no caller outside the
// page holds, and the page never changes a quote once made.
const checkedQuotes = new WeakSet();
const checked = (quote) => (checkedQuotes.add(quote), quote);
export const isChecked = (quote) => checkedQuotes.has(quote);
// Checks a file's or record's quote (refusing as the doors do), then vouches for it.
export const checkedQuote = (quote, path) => checked(checkQuote(quote, path, MAX_QUOTE_LINES));

/**
 * A quote checked without its lines, and its lines checked in parts (each part a quote checked
 * here: web/lib/import-in-steps.js, read-in-steps.js), as one checked quote; null if any was not
 * or the lines are past the limit.
 */
export function joinChecked(quote, parts) {
  if (!isChecked(quote) || !parts.every(isChecked)) return null;
  const lines = parts.flatMap((part) => part.lines);
  return lines.length > MAX_QUOTE_LINES ? null : checked({ ...quote, lines });
}

/** A quote object from anywhere (a host's setQuote, an embedded quote): a clean copy. */
export function readQuote(value, { maxLines = MAX_QUOTE_LINES } = {}) {
  return door(() => checkQuote(plainCopy(value), '', maxLines));
}

/** A share link's payload, from its inflated JSON text (or the parsed value). */
export function readSharePayload(textOrValue, { maxChars = MAX_TEXT_CHARS } = {}) {
  return door((warnings) => {
    const raw = typeof textOrValue === 'string' ? parseText(textOrValue, { maxChars, what: 'The link' }) : textOrValue;
    const payload = object(plainCopy(raw), '', 'The link');
    if (payload.v !== SHARE_VERSION) refuse('unknown_format', '/v', `The link is version ${JSON.stringify(payload.v)?.slice(0, 20)}; this page reads ${SHARE_VERSION}.`);
    checkBookRef(payload.book, '/book', { hash: true });
    if (payload.net_monthly !== null && (typeof payload.net_monthly !== 'string' || !/^-?\d{1,18}(\.\d{1,9})?$/.test(payload.net_monthly))) {
      refuse('bad_shape', '/net_monthly', 'The recorded total must be a decimal string or null.');
    }
    text(payload.title, '/title', 'The title');
    checkQuote(payload.quote, '/quote', MAX_SHARE_LINES);
    payload.scenarios = checkScenarios(payload.scenarios, '/scenarios', warnings);
    return payload;
  });
}

/** A saved quote read back from browser storage (its JSON text, or the value itself). */
export function readStoredRecord(textOrValue, { id = null } = {}) {
  return door((warnings) => {
    const raw = typeof textOrValue === 'string' ? parseText(textOrValue, { what: 'The saved quote' }) : textOrValue;
    const record = object(plainCopy(raw), '', 'The saved quote');
    if (record.version !== RECORD_VERSION) refuse('unknown_format', '/version', `Saved-quote version ${JSON.stringify(record.version)?.slice(0, 20)} is not one this page reads.`);
    if (typeof record.id !== 'string' || !/^q-[0-9a-f]{4,32}$/.test(record.id)) refuse('bad_shape', '/id', 'The saved quote has no valid id.');
    if (id !== null && record.id !== id) refuse('bad_shape', '/id', `The saved quote is stored under ${id}, not its own id.`);
    if (typeof record.title !== 'string') refuse('bad_shape', '/title', 'The title must be text.');
    text(record.title, '/title', 'The title');
    text(record.createdAt, '/createdAt', 'The creation time', 64);
    text(record.updatedAt, '/updatedAt', 'The time saved', 64);
    if (record.book !== undefined && record.book !== null) checkBookRef(record.book, '/book');
    checkedQuote(record.quote, '/quote');
    checkOutcome(record.outcome, '/outcome');
    checkApproval(record.approval, '/approval');
    record.scenarios = checkScenarios(record.scenarios, '/scenarios', warnings);
    optionalObject(record.sharedFrom, '/sharedFrom', 'Where the quote was shared from', (from, at) => {
      text(from.linkHash, pointer(at, 'linkHash'), 'The link hash', 64);
      amount(from.net_monthly, pointer(at, 'net_monthly'), 'The total when shared');
      text(from.openedAt, pointer(at, 'openedAt'), 'The time opened', 64);
      if (from.book !== undefined && from.book !== null) checkBookRef(from.book, pointer(at, 'book'));
    });
    optionalObject(record.lastPriced, '/lastPriced', 'The last price', (last, at) => {
      amount(last.net_monthly, pointer(at, 'net_monthly'), 'The last net');
      text(last.currency, pointer(at, 'currency'), 'The currency', 8);
      text(last.level, pointer(at, 'level'), 'The approval level');
    });
    return record;
  });
}

/** "code at path: message", for a notice's detail line and console warnings. */
export function describeRefusal(result) {
  return `${result.code}${result.path ? ` at ${result.path}` : ''}: ${String(result.message).replace(/\.$/, '')}`;
}
