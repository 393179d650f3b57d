// A large import's shape check in steps (web/elements/import-steps.js, fetched with the first
// import): `parseImport` (web/lib/exporters.js, the page's one door for files, handed in so that
// this file stays off the page's first load) checks the file without its quote lines, then the
// lines `step` at a time, each step as a file of its own holding only those lines at the same
// depth. After each step `progress(checked, total)` is called and `pause()` awaited
// (web/lib/tasks.js), so that input is answered and "2,500 of 5,000 lines checked" is painted.
//
// The value is parseImport's for the whole file, and so is a refusal (its code, and its path
// within the whole file); when a file has several problems, the one named may differ, as the rest
// is checked before the lines (tests/node/pricing-worker.test.mjs). A file it cannot split (not
// JSON, nested too deep, no list of lines) gets parseImport's one-pass verdict.
// `limits` are parseImport's own (web/lib/exporters.js IMPORT_LIMITS, handed in with it): a file
// past them is given to parseImport whole, to be refused as it would be in one pass. `join`
// (web/lib/inbound.js joinChecked, handed in too) makes the quote and its checked lines one quote
// the session knows is checked, so that it is not checked again in one task when admitted.
export async function parseImportInSteps(text, { parseImport, ImportError, limits, join = () => null, step = 500, progress = () => {}, pause = async () => {} }) {
  if (typeof text !== 'string' || text.length > limits.maxChars) return parseImport(text);
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    return parseImport(text);
  }
  const isObject = (v) => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  // An export holds its quote under "quote" (parseImport refuses a "format" it does not know),
  // and the priced result it was exported with under "priced", which no import reads
  // (web/lib/exporters.js withoutPricedResult): not written out again for each check.
  const exported = isObject(raw) && raw.format !== undefined;
  if (exported && Object.hasOwn(raw, 'priced')) {
    const { priced, ...kept } = raw;
    raw = kept;
  }
  const holder = exported ? raw.quote : raw;
  if (!isObject(holder) || !Array.isArray(holder.lines) || holder.lines.length > limits.maxLines) return parseImport(text);
  const lines = holder.lines;
  // The same document with the given lines (spreads copy every key as data, "__proto__"
  // included, in order).
  const withLines = (some) => JSON.stringify(exported ? { ...raw, quote: { ...holder, lines: some } } : { ...raw, lines: some });
  let rest;
  try {
    rest = parseImport(withLines([]));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    return parseImport(text);  // e.g. nested too deep to write out again: the one-pass verdict
  }
  const at = exported ? '/quote/lines/' : '/lines/';
  const parts = [];
  for (let from = 0; from < lines.length; from += step) {
    const to = Math.min(lines.length, from + step);
    // Only these lines, in a file with an empty customer (a quote needs one; the real one is checked above).
    const part = lines.slice(from, to);
    const document = exported ? { format: raw.format, version: raw.version, quote: { customer: {}, lines: part } } : { customer: {}, lines: part };
    try {
      parts.push(parseImport(JSON.stringify(document)).quote);
    } catch (error) {
      if (!(error instanceof ImportError) || !error.path?.startsWith(at)) throw error;
      // Its path in the whole file: the line's index there.
      const path = error.path.replace(/^(\/(?:quote\/)?lines\/)(\d+)/, (_, head, index) => `${head}${from + Number(index)}`);
      throw new ImportError(error.message.replace(`(at ${error.path})`, `(at ${path})`), { code: error.code, path });
    }
    progress(to, lines.length);
    await pause();
  }
  rest.quote = join(rest.quote, parts) ?? { ...rest.quote, lines: parts.flatMap((part) => part.lines) };
  return rest;
}
