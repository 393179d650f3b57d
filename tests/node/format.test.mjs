// The page's money and quantity formatting (web/lib/format.js) writes en-US digits itself for the
// first priced total, so that a new tab does not load the browser's number-format data before it:
// held here to Intl.NumberFormat's own output (the formatting it replaces) on every kind of
// decimal the engine or a rep can give, for every currency it writes itself and one it does not.
// Run: node --test tests/node/format.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceDir } from './support.mjs';

const { money, moneyWhole, quantity, compactQuantity } = await import(pathToFileURL(join(sourceDir, 'web/lib/format.js')));

// What format.js did before (Intl for everything): the reference.
const intlDigits = (currency) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().minimumFractionDigits;
const fractionDigits = (text) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);
const intlMoney = (text, currency) => {
  const digits = Math.min(Math.max(fractionDigits(text), intlDigits(currency)), 20);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(text);
};
const intlQuantity = (text) => {
  const digits = Math.min(fractionDigits(text), 20);
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(text);
};
const intlCompact = (text) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 3 }).format(text);

// Boundary rows: zero and signed zero, below one, on each grouping edge and just past it, leading
// zeros, long fractions (past Intl's 20 digits: rounded by Intl, which format.js then uses), huge.
const FIXED = ['0', '-0', '0.00', '-0.00', '0.5', '0.00000075', '1', '12', '999', '1000', '1000.5', '-1000',
  '999999.99', '1000000', '1234567.891', '007', '000', '00.5', '-0012.30', '12345678901234567890123.45',
  '0.123456789012345678901', '1.000000000000000000009', '-13535.49', '340', '2500', '12000.00'];

function seeded(seed) {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function randomDecimals(count) {
  const random = seeded(2026);
  const digits = (n) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  return Array.from({ length: count }, () => {
    const whole = digits(1 + Math.floor(random() * 16));
    const fraction = random() < 0.6 ? `.${digits(1 + Math.floor(random() * 8))}` : '';
    return `${random() < 0.2 ? '-' : ''}${whole}${fraction}`;
  });
}

const SAMPLES = [...FIXED, ...randomDecimals(2000)];

test('money: the same text as Intl for every currency written by hand, and for one that is not', () => {
  for (const currency of ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'INR', 'CHF', 'KWD']) {
    for (const text of SAMPLES) assert.equal(money(text, currency), intlMoney(text, currency), `${currency} ${text}`);
  }
});

test('moneyWhole: whole amounts without fraction digits, as Intl writes them', () => {
  for (const currency of ['USD', 'EUR', 'JPY', 'CHF']) {
    for (const text of ['0', '12000', '12000.00', '-5.0', '1234567', '007']) {
      const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(text);
      assert.equal(moneyWhole(text, currency), expected, `${currency} ${text}`);
    }
    assert.equal(moneyWhole('12.5', currency), money('12.5', currency), 'an amount that is not whole keeps its digits');
  }
});

test('quantity: the same text as Intl', () => {
  for (const text of SAMPLES) assert.equal(quantity(text), intlQuantity(text), text);
  assert.equal(quantity(null), '—');
  assert.equal(quantity('1e5'), '1e5', 'not a decimal string: shown as given');
});

test('compactQuantity: the same text as Intl, written by hand where no rounding is needed', () => {
  const wholes = ['1', '999', '1000', '1500', '2500', '10000', '100000', '999000', '1000000', '1234567', '1250000',
    '10000000000', '123456000000000', '999999999999999', '1000000000000000', '5', '0', '12.5'];
  for (const text of [...wholes, ...randomDecimals(500).filter((t) => !t.startsWith('-'))]) {
    assert.equal(compactQuantity(text), intlCompact(text), text);
  }
});

test('the first priced total\'s formatting asks nothing of Intl (no number-format data loaded for it)', () => {
  const Original = Intl.NumberFormat;
  let made = 0;
  Intl.NumberFormat = function counted(...args) { made += 1; return new Original(...args); };
  try {
    for (const text of ['13535.49', '-0.50', '0.00000075', '1000000', '12000.00']) {
      money(text, 'USD');
      money(text, 'EUR');
      moneyWhole(text, 'USD');
      quantity(text);
    }
    compactQuantity('1000000');
    compactQuantity('2500');
    assert.equal(made, 0, 'an Intl.NumberFormat was made');
    money('1', 'SEK');  // not written by hand (and not formatted above): Intl, as before
    assert.ok(made > 0, 'the count sees Intl when it is used');
  } finally {
    Intl.NumberFormat = Original;
  }
});
