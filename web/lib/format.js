// Display formatting of the engine's decimal strings. The digits shown are exactly the digits the
// engine returned: Intl formats a decimal *string* exactly (no binary float in between), with as
// many fraction digits as the string has.

const formatters = new Map();

function formatter(key, options) {
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat('en-US', options));
  return formatters.get(key);
}

// The page's first Intl.NumberFormat loads the browser's number-format data (37–76 ms in a fresh
// Chromium renderer on the project's loaded 2-core machine, README "first load"): made in a task of
// its own as soon as this module runs, while the page waits for the engine and the book, instead of
// when the first total is drawn.
setTimeout(() => minorDigits('USD'), 0);

function fractionDigits(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isDecimalText(text) {
  return typeof text === 'string' && DECIMAL.test(text);
}

// resolvedOptions() builds a new object on every call: asked once per currency, not per amount.
const minorDigitsOf = new Map();

function minorDigits(currency) {
  if (!minorDigitsOf.has(currency)) {
    minorDigitsOf.set(currency, formatter(`c:${currency}`, { style: 'currency', currency }).resolvedOptions().minimumFractionDigits);
  }
  return minorDigitsOf.get(currency);
}

// "13535.49" → "$13,535.49"; "0.00000075" → "$0.00000075"; an exact tier amount "340" → "$340.00".
// Never fewer digits than the string has (nothing is rounded away), never fewer than the currency's.
export function money(text, currency = 'USD') {
  if (text === null || text === undefined) return '—';
  if (!isDecimalText(text)) return String(text);
  const digits = Math.min(Math.max(fractionDigits(text), minorDigits(currency)), 20);
  return formatter(`m:${currency}:${digits}`, {
    style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(text);
}

// Money without fraction digits, for band hints ("$12,000"): only for amounts that are whole.
export function moneyWhole(text, currency = 'USD') {
  if (!isDecimalText(text) || !/^-?\d+(\.0+)?$/.test(text)) return money(text, currency);
  return formatter(`w:${currency}`, { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(text);
}

// "60000" → "60,000"; "2.5" → "2.5".
export function quantity(text) {
  if (text === null || text === undefined) return '—';
  const value = String(text);
  if (!isDecimalText(value)) return value;
  const digits = Math.min(fractionDigits(value), 20);
  return formatter(`q:${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

// "1000000" → "1M", for sizes in short hints.
export function compactQuantity(text) {
  return formatter('compact', { notation: 'compact', maximumFractionDigits: 3 }).format(String(text));
}

export function percent(text) {
  if (text === null || text === undefined) return '—';
  return `${quantity(text)}%`;
}

export function dateLong(date) {
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

export function dateTimeShort(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);
}

export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

// A ramp period as people say it: "Months 13–24".
export function monthsLabel(period) {
  return period.from_month === period.to_month ? `Month ${period.from_month}` : `Months ${period.from_month}–${period.to_month}`;
}

// A unit id as people say it: "M_requests" → "M requests".
export function unitLabel(id) {
  return String(id ?? '').replace(/_/g, ' ');
}
