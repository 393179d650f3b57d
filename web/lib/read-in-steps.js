// A large saved record's shape check in steps (web/lib/quote-store.js, for a record of more than
// 64 KB of text, about 1,000 lines; fetched then): the page reopens a 5,000-line quote without a
// task that checks every line at once. `read` is web/lib/inbound.js readStoredRecord, handed in
// with its limits (`maxChars`, `maxLines`, `nestingPastLimit`) so that this file stays off the
// page's first load: the record is read without its lines, then with its lines `step` at a time
// (the rest of the record as it is, the quote holding only those lines at the same depth), and
// `pause()` is awaited between steps so that input is answered.
//
// The value is read's for the whole text, and so is a refusal (its code, and its path within the
// whole record); when a record has several problems, the one named may differ, as the rest is
// checked before the lines. A text it cannot split (too big, nested too deep, not JSON, no list
// of lines, too many lines) gets read's one-pass verdict. tests/node/pricing-worker.test.mjs
// holds it to the one-pass verdicts. `join` (inbound.js joinChecked) makes the quote and its
// checked lines one quote the session knows is checked (not checked again when opened).
export async function readStoredInSteps(text, { id, read, join = () => null, maxChars, maxLines, nestingPastLimit, step = 500, pause }) {
  const once = () => read(text, { id });
  if (typeof text !== 'string' || text.length > maxChars || nestingPastLimit(text)) return once();
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    return once();
  }
  const isObject = (v) => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  const lines = isObject(raw) && isObject(raw.quote) ? raw.quote.lines : null;
  if (!Array.isArray(lines) || lines.length > maxLines) return once();
  // Spreads copy every key as data ("__proto__" included), in order.
  const rest = read({ ...raw, quote: { ...raw.quote, lines: [] } }, { id });
  if (!rest.ok) return rest;
  const parts = [];
  for (let from = 0; from < lines.length; from += step) {
    await pause();
    const part = read({ ...raw, quote: { customer: {}, lines: lines.slice(from, from + step) } }, { id });
    if (!part.ok) {
      // Its path in the whole record: the line's index there.
      return { ...part, path: part.path.replace(/^\/quote\/lines\/(\d+)/, (_, index) => `/quote/lines/${from + Number(index)}`) };
    }
    parts.push(part.value.quote);
  }
  const quote = rest.value.quote;
  rest.value.quote = join(quote, parts) ?? { ...quote, lines: parts.flatMap((part) => part.lines) };
  return rest;
}
