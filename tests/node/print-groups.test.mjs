// A large quote printed by product (web/lib/print-groups.js): each group's subtotals are exact
// sums of the engine's amounts for its lines (web/lib/decimal-sum.js), and the groups add up
// to the engine's totals, monthly and one-time apart, as the printed totals show them.
// Run: node --test tests/node/print-groups.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bookPath, engineModule, engineOptions, largeQuote, random, sourceDir } from './support.mjs';

const { DecimalSum, sum } = await import(pathToFileURL(join(sourceDir, 'web/lib/decimal-sum.js')));
const { PRINTED_LINES_MAX, printsGrouped, productGroups, productGroupSteps } = await import(pathToFileURL(join(sourceDir, 'web/lib/print-groups.js')));

test('sum: exact at the largest scale of its terms, signs and scales mixed', () => {
  assert.equal(sum([]), '0');
  assert.equal(sum(['12.50']), '12.50');
  assert.equal(sum(['1.05', '2', '-0.055']), '2.995');
  assert.equal(sum(['-1', '0.5']), '-0.5');
  assert.equal(sum(['-0.10', '0.10']), '0.00');
  assert.equal(sum(['0.1', '0.2']), '0.3', 'not 0.30000000000000004');
  assert.equal(sum(['99999999999999999999.99', '0.01']), '100000000000000000000.00');
  assert.equal(sum(Array(20000).fill('0.01')), '200.00');
  assert.equal(sum(['1', 'x']), null);
  assert.equal(sum(['1', null]), null);
  assert.equal(sum(['1e3']), null, 'no exponents: the engine never writes one');
  assert.equal(new DecimalSum().add('3').add('bad').add('4').text, null, 'a bad term is never forgotten');
});

test('sum agrees with BigInt arithmetic on random decimals', () => {
  const rng = random(13);
  for (let round = 0; round < 200; round += 1) {
    const scale = rng.int(4);
    const terms = Array.from({ length: 1 + rng.int(50) }, () => {
      const s = rng.int(scale + 1);
      const units = BigInt(rng.int(2 ** 31)) * BigInt(rng.int(2 ** 20)) * (rng.chance(0.3) ? -1n : 1n);
      return { units: units * 10n ** BigInt(scale - s), text: toText(units, s) };
    });
    const used = Math.max(...terms.map((t) => fractionDigits(t.text)));
    const expected = terms.reduce((total, t) => total + t.units, 0n);
    // Each term's units are at `scale`; the sum is written at the largest scale a term has.
    assert.equal(sum(terms.map((t) => t.text)), toText(expected / 10n ** BigInt(scale - used), used));
  }
});

function toText(units, scale) {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return (negative ? '-' : '') + (scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits);
}

function fractionDigits(text) {
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

const { createEngine } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));

test('a 20,000-line quote is printed grouped; its groups add up to the engine\'s totals, monthly and one-time apart', () => {
  const quote = largeQuote(book.book, 20000, 7);  // onboarding (one-time) among its products
  const priced = engine.price(book, quote, { detail: 'summary' });
  assert.ok(printsGrouped(priced));
  assert.ok(!printsGrouped({ lines: priced.lines.slice(0, PRINTED_LINES_MAX) }), 'up to the threshold, line by line');
  const groups = productGroups(priced.lines);
  assert.ok(groups.length >= 10 && groups.length < 40, `${groups.length} groups`);
  assert.equal(groups.reduce((n, g) => n + g.lines, 0), priced.lines.length);

  const monthly = groups.filter((g) => g.billing !== 'one_time');
  const oneTime = groups.filter((g) => g.billing === 'one_time');
  assert.ok(oneTime.length > 0);
  const t = priced.totals;
  assert.equal(sum(monthly.map((g) => g.net)), t.net_monthly);
  assert.equal(sum(monthly.map((g) => g.list)), t.list_monthly);
  assert.equal(sum(oneTime.map((g) => g.net)), t.one_time);
  // The deal desk's: the costs of every line, monthly and one-time, are the engine's cost.
  assert.equal(sum(groups.map((g) => g.cost ?? '0')), t.cost_monthly);

  // Each group is its own lines' sums, and its margin is its net less its cost.
  for (const g of groups) {
    const own = priced.lines.filter((l) => l.sku === g.sku && l.kind === g.kind && l.billing === g.billing && l.name === g.name);
    assert.equal(own.length, g.lines);
    assert.equal(g.net, sum(own.map((l) => l.net)));
    assert.equal(g.list, sum(own.map((l) => l.list)));
    const units = new Set(own.map((l) => l.unit));
    if (g.kind === 'product' && units.size === 1 && !units.has('month') && own.every((l) => l.quantity !== null)) {
      assert.equal(g.quantity, sum(own.map((l) => l.quantity)));
      assert.equal(g.unit, own[0].unit);
    } else {
      assert.equal(g.quantity, null, `${g.name}: no quantity total across units or for a subscription`);
    }
    if (own.every((l) => l.cost !== null)) {
      assert.equal(g.cost, sum(own.map((l) => l.cost)));
      assert.equal(sum([g.cost, g.margin]), g.net);
    }
    assert.equal(g.underFloor, own.filter((l) => l.under_floor).length);
  }
  // In steps (a part per task on the page), the same groups.
  const steps = productGroupSteps(priced.lines, 777);
  let step = steps.next();
  let yields = 0;
  for (; !step.done; step = steps.next()) yields += 1;
  assert.equal(yields, Math.ceil(priced.lines.length / 777) - 1);
  assert.deepEqual(step.value, groups);
});

test('lines in different units have no quantity total; a line without a cost leaves the margin out', () => {
  const line = (over) => ({ kind: 'product', sku: 'delivery', name: 'Delivery', billing: 'monthly', quantity: '10', unit: 'TB', list: '10.00', net: '9.00', cost: '2.00', under_floor: false, ...over });
  const [mixed] = productGroups([line(), line({ unit: 'GB', quantity: '500' })]);
  assert.equal(mixed.quantity, null);
  assert.equal(mixed.net, '18.00');
  const [partial] = productGroups([line(), line({ cost: null })]);
  assert.equal(partial.cost, '2.00');
  assert.equal(partial.margin, null);
  const [none] = productGroups([line({ cost: null }), line({ cost: null, under_floor: true })]);
  assert.equal(none.cost, null);
  assert.equal(none.underFloor, 1);
  const [same] = productGroups([line(), line({ quantity: '2.5' })]);
  assert.equal(same.quantity, '12.5');
  assert.equal(same.margin, '14.00');
});
