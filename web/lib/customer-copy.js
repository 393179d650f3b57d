// Customer copy and deal desk copy. What goes to a customer (the printed quote, the customer CSV
// of exporters.js and the JSON here) carries nothing internal: no approval levels or rules, no costs, margins or floors,
// no "within the rep's authority". The deal desk's copy (the JSON export, the deal desk CSV and
// print) keeps them, with the signed approvals. Built from the engine's priced quote by picking
// fields (never by deleting them), so a field added to the priced quote tomorrow stays internal
// until it is listed here.

import { jsonTextParts } from './json-parts.js';

// The customer's view of a priced quote.
export function customerView(priced, { approved }) {
  return {
    format: 'edgequote.customer-quote',
    version: 1,
    customer: { name: priced.customer.name },
    pricebook: { id: priced.pricebook.id, version: priced.pricebook.version },
    currency: priced.pricebook.currency,
    term_months: priced.term_months,
    bundle: priced.bundle,
    commit_monthly_spend: priced.commit_monthly_spend,
    lines: priced.lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      billing: line.billing,
      quantity: line.quantity,
      unit: line.unit,
      list: line.list,
      discount_pct: line.discount_pct,
      net: line.net,
    })),
    totals: {
      list_monthly: priced.totals.list_monthly,
      discount_pct: priced.totals.discount_pct,
      net_monthly: priced.totals.net_monthly,
      one_time: priced.totals.one_time,
      tcv: priced.totals.tcv,
    },
    status: approved ? 'final' : 'draft',
  };
}

export function customerJson(priced, options) {
  return [...customerJsonParts(priced, options)].join('');
}

// The same text in parts (web/lib/json-parts.js), a few hundred lines each, so that a large
// quote's file is written a part per task (exporters.js downloadInParts).
export function* customerJsonParts(priced, options) {
  yield* jsonTextParts(customerView(priced, options), { depth: 2 });
  yield '\n';
}

// A cell a spreadsheet will not run as a formula (customer text may start with = + - @).
function cell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csv = (rows) => `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;

// The deal desk's CSV: every line with its cost and floor, the margin, the approval the quote
// needs, each fired rule and what covers it, and the signed tokens.
export function dealDeskCsv(title, priced, approvals) {
  return [...dealDeskCsvParts(title, priced, approvals)].join('');
}

// The same text in parts: the head, `step` lines a part, the rest (each part's rows end in a
// line break, so the parts joined are the whole file).
export function* dealDeskCsvParts(title, priced, { coverage, tokens }, step = 1000) {
  yield csv([
    ['DEAL DESK COPY: internal, not for the customer'],
    ['Quote', title],
    ['Customer', priced.customer.name],
    ['Segment', priced.customer.segment],
    ['Price book', `${priced.pricebook.id} ${priced.pricebook.version}`],
    ['Term (months)', priced.term_months],
    [],
    ['Product', 'SKU', 'Quantity', 'Unit', 'List', 'Discount %', 'Net', 'Cost', 'Floor', 'Under floor'],
  ]);
  const lineRow = (l) => [l.name, l.sku, l.quantity, l.unit, l.list, l.discount_pct, l.net, l.cost, l.floor, l.under_floor ? 'yes' : ''];
  for (let from = 0; from < priced.lines.length; from += step) yield csv(priced.lines.slice(from, from + step).map(lineRow));
  yield csv([
    [],
    ['Net monthly', priced.totals.net_monthly],
    ['Cost monthly', priced.totals.cost_monthly],
    ['Margin %', priced.totals.margin_pct],
    ['Discretionary discount %', priced.totals.discretionary_discount_pct],
    ['Approval level', priced.approval?.level],
    ['Approval status', coverage?.status ?? (priced.approval?.fired?.length ? 'open' : 'not_required')],
    [],
    ['Rule', 'Level', 'Value', 'Threshold', 'Covered', 'By', 'Why'],
    ...(priced.approval?.fired ?? []).map((r) => {
      const c = coverage?.rules.find((x) => x.rule === r.rule);
      return [r.rule, r.level, r.value, r.threshold, c?.covered ? 'yes' : 'no', (c?.by ?? []).join(' '), c?.message ?? 'No signed approval yet.'];
    }),
    [],
    ['Signed approval tokens'],
    ...tokens.map((t) => [t]),
  ]);
}
