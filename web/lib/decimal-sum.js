// Exact sums of decimal strings the engine returned, for the subtotals of a large quote's
// printed groups (web/lib/print-groups.js). Not pricing: only the sum of amounts the engine
// computed. Beside decimal-text.js rather than in it: the page's first load reads decimal-text.js
// (its bundler keeps a module whole), and a print is not on that path.
import { decimalText, parseDecimal } from './decimal-text.js';

// An exact running sum, for sums taken in steps: its text has the largest scale among the terms
// ("0" for none), or is null once a term was not a decimal. Exact at any count (BigInt).
export class DecimalSum {
  constructor() {
    this.units = 0n;
    this.scale = 0;
    this.valid = true;
  }

  add(text) {
    const x = parseDecimal(text);
    if (!x) {
      this.valid = false;
      return this;
    }
    if (x.scale > this.scale) {
      this.units *= 10n ** BigInt(x.scale - this.scale);
      this.scale = x.scale;
    }
    this.units += x.scale === this.scale ? x.units : x.units * 10n ** BigInt(this.scale - x.scale);
    return this;
  }

  get text() {
    return this.valid ? decimalText(this.units, this.scale) : null;
  }
}

// a₁ + a₂ + … (see DecimalSum), or null if any is not a decimal.
export function sum(texts) {
  const total = new DecimalSum();
  for (const text of texts) total.add(text);
  return total.text;
}
