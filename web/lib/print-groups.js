// A large quote's printed lines, by product. Past PRINTED_LINES_MAX lines the printed quote has
// one row per product instead of one per line (<print-quote>): Chromium's print layout of 5,000
// lines took 6-12 s, of 20,000 lines (~700 pages) it failed, then took 210 s. Each group's
// subtotals are exact sums of the amounts the engine returned for its lines (decimal-sum.js):
// nothing is priced here, and no percentage is derived (a group's discount % would have to be
// rounded here; its list and net are shown instead).

import { DecimalSum } from './decimal-sum.js';
import { difference } from './decimal-text.js';

// Printed line by line up to this many priced lines (tests/bench/README.md, "Printing").
export const PRINTED_LINES_MAX = 500;

export function printsGrouped(priced) {
  return (priced?.lines?.length ?? 0) > PRINTED_LINES_MAX;
}

// A line's quantity is printed as <print-quote> prints it line by line: a product's, in its unit,
// unless the unit is the month (a subscription).
const printsQuantity = (line) => line.kind === 'product' && line.quantity !== null && line.unit !== 'month';

// Lines of one product: the same SKU, name, kind (a product's lines apart from its minimum's
// true-up) and billing (monthly and one-time apart, as the totals are).
const keyOf = (line) => JSON.stringify([line.kind, line.sku, line.name, line.billing]);

function newGroup(line) {
  return {
    kind: line.kind,
    sku: line.sku,
    name: line.name,
    billing: line.billing,
    lines: 0,
    unit: line.unit ?? null,
    quantityShared: true,
    quantity: new DecimalSum(),
    list: new DecimalSum(),
    net: new DecimalSum(),
    cost: new DecimalSum(),
    costs: 0,
    underFloor: 0,
  };
}

function addLine(group, line) {
  group.lines += 1;
  if (group.quantityShared && printsQuantity(line) && (line.unit ?? null) === group.unit) group.quantity.add(line.quantity);
  else group.quantityShared = false;
  group.list.add(line.list);
  group.net.add(line.net);
  if (line.cost !== null && line.cost !== undefined) {
    group.cost.add(line.cost);
    group.costs += 1;
  }
  if (line.under_floor) group.underFloor += 1;
}

// → {kind, sku, name, billing, lines, quantity, unit, list, net, cost, margin, underFloor}:
// quantity (a decimal string) only when every line has one in the same unit; cost the sum of
// the lines' costs (null when none has one, as in a customer's book); margin net − cost, only
// when every line has a cost. Amounts are decimal strings.
function finish(group) {
  const cost = group.costs > 0 ? group.cost.text : null;
  return {
    kind: group.kind,
    sku: group.sku,
    name: group.name,
    billing: group.billing,
    lines: group.lines,
    quantity: group.quantityShared ? group.quantity.text : null,
    unit: group.quantityShared ? group.unit : null,
    list: group.list.text,
    net: group.net.text,
    cost,
    margin: group.costs === group.lines ? difference(cost, group.net.text) : null,
    underFloor: group.underFloor,
  };
}

// The groups of `lines`, in the order of each product's first line, taken `step` lines at a
// time: the generator yields between steps (a large quote's are summed a part per task, as
// exports are written) and returns the groups.
export function* productGroupSteps(lines, step = 1000) {
  const groups = new Map();
  for (let from = 0; from < lines.length; from += step) {
    if (from > 0) yield;
    const to = Math.min(lines.length, from + step);
    for (let i = from; i < to; i += 1) {
      const line = lines[i];
      const key = keyOf(line);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = newGroup(line)));
      addLine(group, line);
    }
  }
  return [...groups.values()].map(finish);
}

// The same at once.
export function productGroups(lines) {
  const steps = productGroupSteps(lines, Infinity);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
