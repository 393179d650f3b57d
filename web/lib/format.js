// Display formatting of the engine's decimal strings. The digits shown are exactly the digits the
// engine returned: Intl formats a decimal *string* exactly (no binary float in between), with as
// many fraction digits as the string has.

const formatters = new Map();

function formatter(key, options) {
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat('en-US', options));
  return formatters.get(key);
}

// The page's first Intl.NumberFormat loads the browser's number-format data: 48–86 ms of main
// thread in each new Chromium renderer (a new tab) on the project's 2-core machine at load ~9.
// The amounts and quantities of the first priced total do not need it: en-US digits grouped by
// threes, and for the currencies below the symbol Intl puts before them, are written here
// (tests/node/format.test.mjs holds them to Intl's own output). Any other currency, and
// anything these cannot write exactly, goes to Intl.
const FAST_CURRENCIES = { USD: ['$', 2], EUR: ['€', 2], GBP: ['£', 2], JPY: ['¥', 0], CAD: ['CA$', 2], AUD: ['A$', 2], INR: ['₹', 2] };
const MAX_FAST_DIGITS = 20;  // Intl's own limit on fraction digits

function fractionDigits(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isDecimalText(text) {
  return typeof text === 'string' && DECIMAL.test(text);
}

// A decimal string's digits grouped by threes with `digits` fraction digits (≥ its own: zeros are
// added, nothing is rounded), and its sign: "-1234.5", 2 → ["-", "1,234.50"]. Leading zeros go
// ("007" → "7"), as Intl drops them.
function grouped(text, digits) {
  const sign = text[0] === '-' ? '-' : '';
  const [whole, fraction = ''] = text.slice(sign.length).split('.');
  const integer = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, ',');
  const fractionShown = fraction.padEnd(digits, '0');
  return [sign, fractionShown ? `${integer}.${fractionShown}` : integer];
}

// resolvedOptions() builds a new object on every call: asked once per currency, not per amount.
const minorDigitsOf = new Map();

function minorDigits(currency) {
  if (FAST_CURRENCIES[currency]) return FAST_CURRENCIES[currency][1];
  if (!minorDigitsOf.has(currency)) {
    minorDigitsOf.set(currency, formatter(`c:${currency}`, { style: 'currency', currency }).resolvedOptions().minimumFractionDigits);
  }
  return minorDigitsOf.get(currency);
}

// `text` with `digits` fraction digits (never fewer than it has) in `currency`.
function currencyText(text, currency, digits) {
  const fast = FAST_CURRENCIES[currency];
  if (fast && fractionDigits(text) <= digits) {
    const [sign, number] = grouped(text, digits);
    return `${sign}${fast[0]}${number}`;
  }
  return formatter(`m:${currency}:${digits}`, {
    style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(text);
}

// "13535.49" → "$13,535.49"; "0.00000075" → "$0.00000075"; an exact tier amount "340" → "$340.00".
// Never fewer digits than the string has (nothing is rounded away), never fewer than the currency's.
export function money(text, currency = 'USD') {
  if (text === null || text === undefined) return '—';
  if (!isDecimalText(text)) return String(text);
  return currencyText(text, currency, Math.min(Math.max(fractionDigits(text), minorDigits(currency)), MAX_FAST_DIGITS));
}

// Money without fraction digits, for band hints ("$12,000"): only for amounts that are whole.
export function moneyWhole(text, currency = 'USD') {
  if (!isDecimalText(text) || !/^-?\d+(\.0+)?$/.test(text)) return money(text, currency);
  return currencyText(text.replace(/\.0+$/, ''), currency, 0);
}

// "60000" → "60,000"; "2.5" → "2.5".
export function quantity(text) {
  if (text === null || text === undefined) return '—';
  const value = String(text);
  if (!isDecimalText(value)) return value;
  if (fractionDigits(value) <= MAX_FAST_DIGITS) return grouped(value, 0).join('');
  return formatter(`q:${MAX_FAST_DIGITS}`, { minimumFractionDigits: MAX_FAST_DIGITS, maximumFractionDigits: MAX_FAST_DIGITS }).format(value);
}

const COMPACT_SUFFIXES = ['', 'K', 'M', 'B', 'T'];

// "1000000" → "1M", "2500" → "2.5K", for sizes in short hints. A whole number below 10^15 whose
// compact form needs no rounding (at most 3 fraction digits) is written here; the rest by Intl.
export function compactQuantity(text) {
  const value = String(text);
  const whole = /^[1-9]\d{0,14}$/.test(value) ? value : null;
  if (whole) {
    const group = Math.min(Math.floor((whole.length - 1) / 3), COMPACT_SUFFIXES.length - 1);
    const integer = whole.slice(0, whole.length - 3 * group);
    const fraction = whole.slice(whole.length - 3 * group).replace(/0+$/, '');
    if (fraction.length <= 3) return `${integer}${fraction ? `.${fraction}` : ''}${COMPACT_SUFFIXES[group]}`;
  }
  return formatter('compact', { notation: 'compact', maximumFractionDigits: 3 }).format(value);
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
