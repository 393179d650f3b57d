// Live quotes (engine.openQuote): after any sequence of edits the result equals a fresh price()
// of the same quote, only lines (and warnings) whose output changed are new objects, and a bad edit leaves the
// last good result in place.
// Run: node --test tests/node/live.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bookPath, engineModule, engineOptions, largeQuote, random, randomQuote } from './support.mjs';

const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));

// One random edit of the kind a rep makes on a call.
function edit(quote, rng) {
  const r = rng.next();
  const line = quote.lines[rng.int(quote.lines.length)];
  if (r < 0.5 && line.quantity !== undefined) line.quantity = String(rng.int(20000));
  else if (r < 0.6) quote.lines.push(structuredClone(line));
  else if (r < 0.7 && quote.lines.length > 2) quote.lines.splice(rng.int(quote.lines.length), 1);
  else if (r < 0.8) quote.discount_pct = rng.pick(['0', '2.5', '7']);
  else if (r < 0.9) quote.term_months = rng.pick(book.book.terms).months;
  else line.discount_pct = rng.pick(['0', '5', '12']);
}

for (const detail of ['summary', 'full']) {
  test(`after every edit a live quote equals a fresh price() (${detail})`, () => {
    const rng = random(detail === 'summary' ? 7 : 8);
    const live = engine.openQuote(book, { detail });
    for (let round = 0; round < 20; round++) {
      const quote = largeQuote(book.book, 5 + rng.int(40), round + 1);
      for (let step = 0; step < 10; step++) {
        edit(quote, rng);
        let expected;
        try {
          expected = engine.price(book, quote, { detail });
        } catch (error) {
          assert.ok(error instanceof PricingError);
          assert.throws(() => live.price(quote), PricingError);
          continue;
        }
        assert.deepEqual(live.price(quote), expected);
        assert.equal(live.priced.totals.net_monthly, expected.totals.net_monthly);
      }
    }
    live.close();
  });
}

test('lines whose output did not change keep their object; changed ones are new', () => {
  const quote = largeQuote(book.book, 200, 3);
  const live = engine.openQuote(book);
  const before = live.price(quote);
  // The last usage line that is not a percentage of others: changing it moves only itself,
  // the lines that share its ladder after it, percentage lines and generated lines.
  const target = before.lines.findLastIndex((l) => l.kind === 'product' && l.index !== null && l.quantity !== null);
  const quoteLine = before.lines[target].index;
  quote.lines[quoteLine].quantity = String(Number(quote.lines[quoteLine].quantity) + 1);
  const after = live.price(quote);
  assert.notEqual(after, before);
  assert.notEqual(after.lines[target], before.lines[target]);
  const reused = after.lines.filter((line, i) => line === before.lines[i]).length;
  assert.ok(reused >= before.lines.length - 10, `only ${reused} of ${before.lines.length} lines reused`);
  // Warnings too (this quote's flat-priced lines each carry one): only the edited line's could
  // have changed, the rest are not sent again.
  assert.ok(before.warnings.length > 10, `${before.warnings.length} warnings`);
  const keptWarnings = after.warnings.filter((w, i) => w === before.warnings[i]).length;
  assert.ok(keptWarnings >= before.warnings.length - 1, `only ${keptWarnings} of ${before.warnings.length} warnings kept`);
  // The same quote again: every line object is reused.
  const again = live.price(quote);
  assert.ok(again.lines.every((line, i) => line === after.lines[i]));
  live.close();
});

test('an edit with errors throws and the next good edit continues from the last good result', () => {
  const quote = largeQuote(book.book, 30, 4);
  const live = engine.openQuote(book, { detail: 'summary' });
  const good = live.price(quote);
  const bad = structuredClone(quote);
  bad.lines[3].quantity = '-5';
  const error = (() => { try { live.price(bad); } catch (e) { return e; } })();
  assert.ok(error instanceof PricingError);
  assert.equal(error.code, 'negative_value');
  assert.equal(error.path, '/lines/3/quantity');
  assert.equal(live.priced, good);
  assert.deepEqual(live.price(quote), good);
  live.close();
});

test('lines can be added and removed; the result always has every line', () => {
  const rng = random(99);
  const quote = randomQuote(book.book, rng, { lines: 3, faults: false, bundles: false });
  const live = engine.openQuote(book);
  for (let i = 0; i < 30; i++) {
    if (quote.lines.length < 2 || rng.chance(0.6)) quote.lines.push(structuredClone(largeQuote(book.book, 1, i).lines[0]));
    else quote.lines.splice(rng.int(quote.lines.length), 1);
    let expected;
    try {
      expected = engine.price(book, quote);
    } catch {
      continue;
    }
    assert.deepEqual(live.price(quote), expected);
  }
  live.close();
});

test('a closed live quote, or one whose book was released, refuses to price', async () => {
  const quote = largeQuote(book.book, 5, 5);
  const live = engine.openQuote(book);
  live.close();
  live.close();  // twice is harmless
  assert.throws(() => live.price(quote), (e) => e instanceof PricingError && e.code === 'unknown_handle');

  const extra = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));
  const onExtra = engine.openQuote(extra);
  onExtra.price(quote);
  engine.releasePricebook(extra);
  assert.throws(() => onExtra.price(quote), (e) => e instanceof PricingError && e.code === 'unknown_handle');
  assert.throws(() => engine.openQuote(extra), (e) => e instanceof PricingError && e.code === 'unknown_handle');
  assert.throws(() => engine.openQuote(book, { detail: 'all' }), TypeError);
});
