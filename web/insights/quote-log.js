// The quote log (pricebooks/LOG-FORMAT.md): one record per saved quote, with its priced
// snapshot and its outcome, exported as JSON Lines (for the insights page and a portal that
// collects logs) or CSV (one row per quote, for a spreadsheet).
//
//   import { toLogRecord, toJsonLines, toCsv } from './insights/quote-log.js';
//   const record = toLogRecord(saved, { priced, book, rep });
//   download(toJsonLines([record]));
//
// No DOM, no engine: runs in the page, in Node (the synthetic-log generator) and in tests.
import { OUTCOME_STATUSES } from '../lib/quote-store.js'; // the statuses the outcome form saves

export { OUTCOME_STATUSES };
export const LOG_VERSION = '1';

export class LogRecordError extends Error {
  constructor(code, path, message) {
    super(message);
    this.name = 'LogRecordError';
    this.code = code;
    this.path = path;
  }
}

// The catalog a record carries so a log is read without its price book: the book's premium
// SKUs (attach rates) and its approval levels, lowest first (the approval-mix order).
export function catalogOf(book) {
  return {
    premium_skus: (book?.products ?? []).filter((p) => p.premium === true).map((p) => p.sku),
    approval_levels: [...(book?.approval_levels ?? book?.internal?.approval?.levels ?? [])],  // the engine's view, or the book
  };
}

// The priced snapshot kept in the log: the engine's summary output (lines without `tiers` and
// `waterfall`) with the approval's `fired` rules and `next`, but not `checks`, the evaluation of
// every rule of the policy — more than half the bytes of a summary, and reproducible from the
// quote and the book. Key order and every value are the engine's own.
export function snapshotOf(priced) {
  const source = typeof priced === 'string' ? JSON.parse(priced) : priced;
  if (!source || typeof source !== 'object' || !Array.isArray(source.lines)) {
    throw new LogRecordError('missing_field', '/priced', 'The quote has no priced result to log.');
  }
  if (Array.isArray(source.errors) && source.errors.length) {
    throw new LogRecordError('unpriced_quote', '/priced/errors', `The quote could not be priced (${source.errors[0].code}).`);
  }
  const snapshot = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'lines') {
      snapshot.lines = value.map(({ tiers, waterfall, ...line }) => line);
    } else if (key === 'approval' && value && typeof value === 'object') {
      const { checks, ...approval } = value;
      snapshot.approval = approval;
    } else {
      snapshot[key] = value;
    }
  }
  return snapshot;
}

const optionalText = (value) => {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
};

const textList = (value) =>
  (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\n;]/) : [])
    .map((item) => String(item ?? '').trim())
    .filter((item) => item !== '');

// A competitor's price as a decimal string ("12000" or "12000.50"); "" or null for none.
function moneyText(value, path) {
  if (value === null || value === undefined || value === '') return null;
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : String(value).trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new LogRecordError('invalid_decimal', path, `"${String(value).slice(0, 40)}" is not an amount such as "12000.00".`);
  }
  return text;
}

function timestamp(value, path) {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : new Date(String(value ?? ''));
  if (Number.isNaN(date.getTime())) throw new LogRecordError('invalid_date', path, `"${value}" is not a date and time.`);
  return date.toISOString();
}

export function outcomeOf(outcome = {}) {
  const status = outcome?.status ?? 'open';
  if (!OUTCOME_STATUSES.includes(status)) {
    throw new LogRecordError('unknown_value', '/outcome/status', `"${status}" is not an outcome: open, won or lost.`);
  }
  return {
    status,
    reason: optionalText(outcome.reason),
    competitor: optionalText(outcome.competitor),
    competitor_monthly: moneyText(outcome.competitor_monthly, '/outcome/competitor_monthly'),
    missing_features: textList(outcome.missing_features),
    missing_feature_tags: textList(outcome.missing_feature_tags),
  };
}

/**
 * One log record from a saved quote.
 * saved: {id, quote, outcome?, createdAt|savedAt|saved_at?, updatedAt|updated_at?, rep?, priced?}
 * options: {priced (object or the engine's JSON text), book (the price book, for the catalog)
 *           or catalog, rep, savedAt, updatedAt}; options win over fields of `saved`.
 */
export function toLogRecord(saved, options = {}) {
  const priced = options.priced ?? saved?.priced;
  const quote = saved?.quote;
  if (!quote || typeof quote !== 'object') throw new LogRecordError('missing_field', '/quote', 'The saved quote has no quote.');
  const id = saved.id ?? saved.quote_id;
  if (typeof id !== 'string' || id === '') throw new LogRecordError('missing_field', '/quote_id', 'The saved quote has no id.');
  const rep = optionalText(options.rep ?? saved.rep);
  if (!rep) throw new LogRecordError('missing_field', '/rep', 'Say who the rep is: the log groups quotes by rep.');
  const catalog = options.catalog ?? saved.catalog ?? (options.book ? catalogOf(options.book) : null);
  if (!catalog) throw new LogRecordError('missing_field', '/catalog', 'Pass the price book (or its catalog) to log a quote.');
  const updated = options.updatedAt ?? saved.updatedAt ?? saved.updated_at ?? options.savedAt ?? saved.savedAt ?? saved.saved_at ?? saved.createdAt;
  const savedAt = options.savedAt ?? saved.savedAt ?? saved.saved_at ?? saved.createdAt ?? updated;
  const { $schema, title, ...inputs } = quote;
  return {
    log_version: LOG_VERSION,
    quote_id: id,
    saved_at: timestamp(savedAt, '/saved_at'),
    updated_at: timestamp(updated, '/updated_at'),
    rep,
    catalog: { premium_skus: [...catalog.premium_skus], approval_levels: [...catalog.approval_levels] },
    quote: inputs,
    priced: snapshotOf(priced),
    outcome: outcomeOf(saved.outcome),
  };
}

/** JSON Lines: one record per line, each line ending in "\n". */
export function toJsonLines(records) {
  let text = '';
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

// ---- CSV ----------------------------------------------------------------------------------

// A cell a spreadsheet reads as text, never as a formula (customer text may start with = + - @).
export function csvCell(value, { text = false } = {}) {
  let cell = value === null || value === undefined ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** CSV text (RFC 4180, CRLF) from columns [{key, label, text?}] and rows of objects. */
export function csvTable(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.label ?? c.key)).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => csvCell(typeof c.value === 'function' ? c.value(row) : row[c.key], { text: c.text })).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const join = (list) => (list ?? []).join('; ');

// One row per quote. Money and percentages stay the engine's decimal strings.
export const RECORD_COLUMNS = [
  { key: 'quote_id', text: true, value: (r) => r.quote_id },
  { key: 'saved_at', value: (r) => r.saved_at },
  { key: 'updated_at', value: (r) => r.updated_at },
  { key: 'rep', text: true, value: (r) => r.rep },
  { key: 'customer', text: true, value: (r) => r.priced.customer?.name },
  { key: 'segment', value: (r) => r.priced.customer?.segment },
  { key: 'pricebook_id', value: (r) => r.priced.pricebook?.id },
  { key: 'pricebook_version', value: (r) => r.priced.pricebook?.version },
  { key: 'currency', value: (r) => r.priced.pricebook?.currency },
  { key: 'term_months', value: (r) => r.priced.term_months },
  { key: 'bundle', value: (r) => r.priced.bundle },
  { key: 'list_monthly', value: (r) => r.priced.totals?.list_monthly },
  { key: 'net_monthly', value: (r) => r.priced.totals?.net_monthly },
  { key: 'discount_pct', value: (r) => r.priced.totals?.discount_pct },
  { key: 'one_time', value: (r) => r.priced.totals?.one_time },
  { key: 'tcv', value: (r) => r.priced.totals?.tcv },
  { key: 'margin_pct', value: (r) => r.priced.totals?.margin_pct },
  { key: 'incumbent_monthly', value: (r) => r.priced.customer?.incumbent_monthly },
  { key: 'approval_level', value: (r) => r.priced.approval?.level },
  { key: 'findings', value: (r) => join((r.priced.guidance ?? []).map((f) => f.code)) },
  { key: 'skus', value: (r) => join([...new Set((r.priced.lines ?? []).filter((l) => l.kind !== 'true_up').map((l) => l.sku))]) },
  { key: 'premium_skus', value: (r) => join([...new Set((r.priced.lines ?? []).map((l) => l.sku))].filter((s) => r.catalog.premium_skus.includes(s))) },
  { key: 'status', value: (r) => r.outcome.status },
  { key: 'reason', text: true, value: (r) => r.outcome.reason },
  { key: 'competitor', text: true, value: (r) => r.outcome.competitor },
  { key: 'competitor_monthly', value: (r) => r.outcome.competitor_monthly },
  { key: 'missing_features', text: true, value: (r) => join(r.outcome.missing_features) },
  { key: 'missing_feature_tags', text: true, value: (r) => join(r.outcome.missing_feature_tags) },
];

/** CSV with one row per quote (RECORD_COLUMNS). */
export function toCsv(records) {
  return csvTable(RECORD_COLUMNS, records);
}
