// Export a saved quote as JSON (re-importable) or CSV (for a spreadsheet), and read imports.

import { EXPORT_FORMAT, MAX_QUOTE_LINES } from './inbound.js';
import { readImportFile } from './import-door.js';
import { jsonTextParts } from './json-parts.js';
import { pacedPauses } from './tasks.js';

export { EXPORT_FORMAT };
// What an import reads: a quote at the engine's limits (20,000 lines; the engine reads up to
// 16 MB of quote text, kMaxInputBytes in core/include/edgequote/engine.hpp).
const MAX_QUOTE_BYTES = 16 * 1024 * 1024;
// A whole file: this page's own export of such a quote, whose priced result (for reference, in
// full detail) is ~1.4 KB a line (28 MB at 20,000 lines), with room to spare.
const MAX_FILE_BYTES = 64 * 1024 * 1024;
// What parseImport refuses before reading a file's lines (web/lib/import-in-steps.js hands such
// a file to it whole, for its one-pass verdict).
export const IMPORT_LIMITS = { maxChars: MAX_FILE_BYTES, maxLines: MAX_QUOTE_LINES };

// Everything needed to reopen the quote elsewhere, plus the engine's priced result for reference:
// the deal desk's copy (internal: costs, margins, floors, approval rules and signed tokens). The
// customer's copies are web/lib/customer-copy.js.
export function exportJson(record, priced, bookInfo, exportedAt = new Date().toISOString()) {
  return [...exportJsonParts(record, priced, bookInfo, exportedAt)].join('');
}

// The same text in parts (web/lib/json-parts.js), a few hundred lines each, so that a large
// quote's export is written a part per task and handed to a Blob in its parts. The record's small
// parts are copied first: a rep who edits the outcome while the lines are written does not change
// the file half-way (the quote and the priced result are replaced on each edit, never changed).
export function* exportJsonParts(record, priced, bookInfo, exportedAt = new Date().toISOString()) {
  const document = {
    format: EXPORT_FORMAT,
    version: 1,
    exported_at: exportedAt,
    title: record.title,
    pricebook: bookInfo,
    quote: record.quote,
    outcome: structuredClone(record.outcome),
    approvals: structuredClone(record.approvals ?? []),  // signed approval tokens: this export is the deal desk's (internal) copy
    scenarios: structuredClone(record.scenarios ?? []),
    priced: priced ?? null,
  };
  yield* jsonTextParts(document);
  yield '\n';
}

// `code` and `path` (web/lib/inbound.js) say what in the file was refused.
export class ImportError extends Error {
  constructor(message, { code = null, path = null } = {}) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

// Accepts an export of this page or a bare quote (pricebooks/README.md "Quote"), checked by
// shape (web/lib/inbound.js; the engine checks the content when it prices it).
// → {title, quote, outcome?, approval?, scenarios?, warnings}: warnings say what was left out
// (scenarios past the four the page shows).
export function parseImport(text) {
  if (typeof text === 'string' && text.length > MAX_FILE_BYTES) throw new ImportError('The file is larger than any EdgeQuote export (64 MB).', { code: 'too_big', path: '' });
  const read = readImportFile(withoutPricedResult(text), { maxChars: MAX_QUOTE_BYTES });
  if (!read.ok) throw new ImportError(`${read.message}${read.path ? ` (at ${read.path})` : ''}`, read);
  return { ...read.value, warnings: read.warnings };
}

// An export's `priced` is the engine's result when it was exported, kept for reference: an import
// prices the quote again and never reads it. It is dropped before the file is checked, so that
// an export is read back whatever its size: a 1,000-line quote's export is 1.4 MB, nearly all
// of it `priced`. Anything else (not JSON, not an export) is left for readImportFile to judge.
export function withoutPricedResult(text) {
  if (typeof text !== 'string' || !text.includes('"priced"')) return text;
  let document;
  try {
    document = JSON.parse(text);  // V8's parser does not recurse: any nesting is safe to parse
  } catch {
    return text;
  }
  if (!document || typeof document !== 'object' || Array.isArray(document) || document.format !== EXPORT_FORMAT) return text;
  if (!Object.hasOwn(document, 'priced')) return text;
  const { priced, ...kept } = document;  // a spread copies every key as data, "__proto__" too
  try {
    return JSON.stringify(kept);
  } catch {
    return text;  // nested too deep to write out (writing recurses): refused as it is
  }
}

// A cell a spreadsheet will not run as a formula (customer text may start with = + - @).
function textCell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return csvQuote(text);
}

function csvQuote(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const numberCell = (value) => csvQuote(value === null || value === undefined ? '' : String(value));

// One row per priced line with its waterfall, then the totals: figures exactly as the engine gave them.
// The customer's copy: no approval level, cost, margin or floor (the deal desk CSV is
// customer-copy.js dealDeskCsv).
export function exportCsv(record, priced) {
  return [...exportCsvParts(record, priced)].join('');
}

// The same text in parts (the head, then `step` lines a part, then the totals), so that a large
// quote's file is written a part per task (downloadInParts).
export function* exportCsvParts(record, priced, step = 500) {
  const currency = priced.pricebook.currency;
  const text = (rows) => rows.map((r) => `${r.join(',')}\r\n`).join('');
  const steps = ['term', 'commit', 'rep', 'quote'];
  yield text([
    ['Quote', textCell(record.title)],
    ['Customer', textCell(priced.customer.name)],
    ['Segment', textCell(priced.customer.segment)],
    ['Price book', textCell(`${priced.pricebook.id} ${priced.pricebook.version}`)],
    ['Term (months)', numberCell(priced.term_months)],
    ['Currency', textCell(currency)],
    [],
    ['Line', 'Kind', 'SKU', 'Product', 'Billing', 'Quantity', 'Unit', 'List', ...steps.map((s) => `${s} discount`), 'Net', 'Discount %'],
  ]);
  const lineRow = (line) => {
    const stepAmounts = steps.map((step) => numberCell(line.waterfall?.find((w) => w.step === step)?.amount ?? ''));
    return [
      numberCell(line.index ?? ''), textCell(line.kind), textCell(line.sku), textCell(line.name), textCell(line.billing),
      numberCell(line.quantity), textCell(line.unit ?? ''), numberCell(line.list), ...stepAmounts,
      numberCell(line.net), numberCell(line.discount_pct),
    ];
  };
  for (let from = 0; from < priced.lines.length; from += step) {
    yield text(priced.lines.slice(from, from + step).map(lineRow));
  }
  const totals = priced.totals;
  const rows = [
    [],
    ['List monthly', numberCell(totals.list_monthly)],
    ['Net monthly', numberCell(totals.net_monthly)],
    ['One-time', numberCell(totals.one_time)],
  ];
  for (const p of priced.ramp?.periods ?? []) {
    rows.push([`Months ${p.from_month}-${p.to_month} net monthly`, numberCell(p.net_monthly)]);
    rows.push([`Months ${p.from_month}-${p.to_month} value`, numberCell(p.value)]);
  }
  rows.push(['Total contract value', numberCell(totals.tcv)]);
  rows.push(['Overall discount %', numberCell(totals.discount_pct)]);
  yield text(rows);
}

// Downloads a file given as the parts of its text (an iterable), a part per task, with a frame
// painted after each 12 ms or so of work (tasks.js pacedPauses): a 20,000-line
// quote's JSON export is tens of MB, which took seconds in one task. Each part becomes a Blob of
// its own at once: one Blob made of every part's text took 70-170 ms at 5,000 lines (the text's
// bytes written out), where a Blob of Blobs only refers to them.
export async function downloadInParts(filename, parts, type) {
  const blobs = [];
  const pause = pacedPauses();
  for (const part of parts) {
    blobs.push(new Blob([part]));
    await pause();
  }
  download(filename, blobs, type);
}

// `text`: a string, or a list of strings or Blobs (a file written in parts), taken as they are.
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob(Array.isArray(text) ? text : [text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function fileSafe(text) {
  return (text || 'quote').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'quote';
}
