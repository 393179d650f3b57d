// Exact comparison of decimal strings the engine returned, for diffs ("net went up by $120.00")
// and for "prices changed since this link was made". This is not pricing: no price is derived
// here, only the difference between two prices the engine computed.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parse(text) {
  const match = DECIMAL.exec(String(text ?? ''));
  if (!match) return null;
  const fraction = match[3] ?? '';
  const units = BigInt(match[2] + fraction) * (match[1] ? -1n : 1n);
  return { units, scale: fraction.length };
}

function align(a, b) {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

function toText(units, scale) {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  if (scale > 0) digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? '-' : '') + digits;
}

// b − a as a decimal string with the larger scale of the two, or null if either is not a decimal.
export function difference(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [ax, by, scale] = align(x, y);
  return toText(by - ax, scale);
}

// For exact sums (decimal-sum.js: a module of its own, as the page's first load does not sum).
export { parse as parseDecimal, toText as decimalText };

export function compare(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  const [ax, by] = align(x, y);
  return ax < by ? -1 : ax > by ? 1 : 0;
}

export function isZero(text) {
  const x = parse(text);
  return x !== null && x.units === 0n;
}

// (b − a) ÷ a in percent, to one decimal ("12.5"); null when a is zero or not a decimal.
export function changePercent(a, b) {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y || x.units === 0n) return null;
  const [ax, by] = align(x, y);
  const tenths = ((by - ax) * 1000n) / ax; // truncated toward zero, in tenths of a percent
  return toText(tenths, 1);
}

export function absolute(text) {
  return String(text).startsWith('-') ? String(text).slice(1) : String(text);
}

