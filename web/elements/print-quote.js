// <print-quote>: the quote as the customer receives it, for the print stylesheet (and so for a
// PDF): who it is for, the lines, the totals once, the terms, how long it is valid, and a DRAFT
// mark until the signed approvals it needs are verified (then who approved, their level, the
// date and a short verification code). The customer copy carries nothing internal; the deal
// desk copy (state.printCopy === 'internal') adds costs, floors, margin and the approval rules,
// under a banner saying it is internal. Hidden on screen. A large quote (past PRINTED_LINES_MAX
// lines) is printed by product, one row per product with its subtotals (web/lib/print-groups.js),
// and says where every line is: the CSV exports.
import { h, fill } from '../lib/dom.js';
import { dateLong, isoDate, money, monthsLabel, percent, quantity } from '../lib/format.js';
import { levelName } from '../lib/approval-text.js';
import { productGroups, productGroupSteps, printsGrouped } from '../lib/print-groups.js';
import { pacedPauses } from '../lib/tasks.js';

const VALID_DAYS = 30;
const monthCount = (n) => `${n} month${Number(n) === 1 ? '' : 's'}`;

// Valid for 30 days, but never past the last day of the price book it was priced with.
export function validUntil(today, effectiveTo) {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + VALID_DAYS));
  if (effectiveTo && isoDate(date) > effectiveTo) return new Date(`${effectiveTo}T00:00:00Z`);
  return date;
}

// A priced quote's product groups, once summed (priced results are replaced on each edit, never
// changed).
const groupsOf = new WeakMap();

function groupsFor(priced) {
  if (!groupsOf.has(priced)) groupsOf.set(priced, productGroups(priced.lines));
  return groupsOf.get(priced);
}

// Where every line of a grouped print is, named as the page names it (the toolbar's CSV button;
// the deal desk's CSV is under "Copies" in the approval panel).
const CUSTOMER_CSV = 'the quote\'s CSV export (on the quote page, the toolbar\'s CSV button: Export CSV, customer copy)';
const DEAL_DESK_CSV = 'the deal desk CSV (on the quote page, Signed approval, Copies: Deal desk copy, CSV)';

export class PrintQuoteElement extends HTMLElement {
  connectedCallback() {
    this.setAttribute('aria-hidden', 'true');
  }

  // Before a print command draws `state`: a large quote's groups summed a part per task, so that
  // drawing it is short (20,000 lines summed at once, as the browser's own print does from
  // beforeprint, took 140 ms the first time at load ~5.5; tests/bench/README.md, "Printing").
  async prepare(state) {
    const priced = state?.priced;
    if (!printsGrouped(priced) || groupsOf.has(priced)) return;
    const steps = productGroupSteps(priced.lines);
    const pause = pacedPauses();
    let step = steps.next();
    while (!step.done) {
      await pause();
      step = steps.next();
    }
    groupsOf.set(priced, step.value);
  }

  set state(state) {
    const { priced, book, record, currency, approval } = state;
    if (!priced) {
      this.replaceChildren();
      return;
    }
    const today = new Date();
    const segment = book.segments.find((s) => s.id === priced.customer.segment)?.name ?? priced.customer.segment;
    const draft = !approval.approved || state.stale;
    const internal = state.printCopy === 'internal';
    const t = priced.totals;
    const hasOneTime = !/^0(\.0+)?$/.test(t.one_time ?? '0');
    const regionName = (id) => book.regions.find((r) => r.id === id)?.name ?? id;
    const where = (line) => {
      const input = line.index !== null ? record.quote.lines[line.index] : null;
      if (!input || input.sku !== line.sku) return '';
      if (input.region) return regionName(input.region);
      const mix = Object.entries(input.region_mix ?? {});
      return mix.length === 1 ? regionName(mix[0][0]) : mix.map(([id, share]) => `${regionName(id)} ${share}%`).join(', ');
    };
    const grouped = printsGrouped(priced);
    const lines = grouped ? null : priced.lines.map((line) => h('tr', { class: 'print-line' },
      h('td', {}, h('span', { class: 'print-product', text: line.name }),
        [where(line), line.billing === 'one_time' ? 'one-time' : ''].some(Boolean)
          ? h('span', { class: 'print-sub', text: [where(line), line.billing === 'one_time' ? 'one-time' : ''].filter(Boolean).join(' · ') })
          : null),
      h('td', { class: 'num', text: line.kind === 'product' && line.quantity !== null && line.unit !== 'month' ? `${quantity(line.quantity)} ${(line.unit ?? '').replace(/_/g, ' ')}` : '' }),
      h('td', { class: 'num', text: money(line.list, currency) }),
      h('td', { class: 'num', text: /^0(\.0+)?$/.test(line.discount_pct ?? '0') ? '' : percent(line.discount_pct) }),
      h('td', { class: 'num', text: money(line.net, currency) })));
    const commit = priced.commit_monthly_spend ? `Committed spend ${money(priced.commit_monthly_spend, currency)} a month.` : '';
    const approvedBy = approval.approved && approval.needsApproval && !state.stale
      ? approval.approvers.map((a) => `${a.name} (${levelName(a.level)}), ${dateLong(new Date(a.time))}, verification code ${a.code}`).join('; ')
      : '';
    fill(this,
      draft ? h('div', { class: 'print-watermark', text: 'DRAFT' }) : null,
      internal ? h('p', { class: 'print-internal-banner', text: 'DEAL DESK COPY: internal (costs, margins, floors, approval rules). Not for the customer.' }) : null,
      h('header', { class: 'print-header' },
        h('div', {}, h('p', { class: 'print-brand', text: book.name ?? 'EdgeQuote' }), h('h1', { text: 'Quote' })),
        h('dl', { class: 'print-meta' },
          h('dt', { text: 'Quote' }), h('dd', { text: record.id }),
          h('dt', { text: 'Date' }), h('dd', { text: dateLong(today) }),
          h('dt', { text: 'Valid until' }), h('dd', { class: 'print-valid', text: dateLong(validUntil(today, book.effective_to)) }))),
      h('section', { class: 'print-customer' },
        h('p', { class: 'print-label', text: 'Prepared for' }),
        h('p', { class: 'print-customer-name', text: priced.customer.name || 'Customer' }),
        h('p', { class: 'print-sub', text: segment })),
      grouped ? this.groupedLines(priced, internal, currency) : h('table', { class: 'print-lines' },
        h('thead', {}, h('tr', {},
          h('th', { text: 'Item' }), h('th', { class: 'num', text: 'Quantity' }), h('th', { class: 'num', text: 'List' }),
          h('th', { class: 'num', text: 'Discount' }), h('th', { class: 'num', text: 'Net' }))),
        h('tbody', {}, ...lines)),
      h('section', { class: 'print-totals' },
        h('dl', {},
          h('dt', { text: 'List per month' }), h('dd', { text: money(t.list_monthly, currency) }),
          h('dt', { text: 'Discount' }), h('dd', { text: percent(t.discount_pct) }),
          h('dt', { class: 'grand', text: 'Net per month' }), h('dd', { class: 'grand', text: money(t.net_monthly, currency) }),
          hasOneTime ? h('dt', { text: 'One-time' }) : null, hasOneTime ? h('dd', { text: money(t.one_time, currency) }) : null,
          // A ramped quote: the lines and monthly figures above are its first period's.
          ...(priced.ramp?.periods ?? []).flatMap((p) => [h('dt', { class: 'print-period', text: `${monthsLabel(p)}: net per month` }),
            h('dd', { class: 'print-period', text: money(p.net_monthly, currency) })]),
          h('dt', { text: `Total contract value (${monthCount(priced.term_months)})` }), h('dd', { text: money(t.tcv, currency) }))),
      h('section', { class: 'print-terms' },
        h('h2', { text: 'Terms' }),
        h('p', { text: `Term of ${monthCount(priced.term_months)}, billed monthly in ${currency}; one-time items are billed once at the start. ${commit}` }),
        h('p', { text: `Usage beyond the quantities quoted is billed at the same tiered rates. Prices exclude taxes. Priced with price book ${priced.pricebook.id} ${priced.pricebook.version}.` }),
        draft ? h('p', { class: 'print-approval', text: 'DRAFT: not binding until approved.' })
          : approvedBy ? h('p', { class: 'print-approval', dataset: { approved: '' }, text: `Approved by ${approvedBy}.` }) : null),
      internal ? this.internalSection(priced, approval, currency) : null);
  }

  // The deal desk's part: margin and cost, each line's cost and floor, each fired rule and what
  // covers it (the engine's coverage of the signed approvals).
  internalSection(priced, approval, currency) {
    const t = priced.totals;
    const coverage = approval.coverage;
    return h('section', { class: 'print-internal' },
      h('h2', { text: 'Deal desk' }),
      h('p', { text: `Approval level required: ${levelName(priced.approval?.level ?? '')}. Margin ${t.margin_pct === null ? 'n/a' : percent(t.margin_pct)}; cost ${t.cost_monthly === null ? 'n/a' : money(t.cost_monthly, currency)} ${priced.lines.some((line) => line.billing === 'one_time') ? 'in the first month (the one-time items\u2019 cost included)' : 'a month'}; discretionary discount ${percent(t.discretionary_discount_pct)}.` }),
      printsGrouped(priced) ? this.groupedCosts(priced, currency) : h('ul', {}, ...priced.lines.filter((l) => l.cost !== null || l.floor !== null).map((l) => h('li', {
        text: `${l.name}: cost ${l.cost === null ? 'n/a' : money(l.cost, currency)}, floor ${l.floor === null ? 'n/a' : money(l.floor, currency)}${l.under_floor ? ' (UNDER FLOOR)' : ''}`,
      }))),
      h('h3', { text: 'Rules that fired' }),
      h('ul', {}, ...(priced.approval?.fired ?? []).map((r) => {
        const c = coverage?.rules.find((x) => x.rule === r.rule);
        return h('li', { text: `${r.rule} (${levelName(r.level)}): ${r.value ?? 'present'}${r.threshold === null ? '' : ` vs ${r.op} ${r.threshold}`}: ${c ? (c.covered ? `covered by ${c.by.join(', ')}` : `open: ${c.message}`) : 'no signed approval'}` });
      })));
  }

  // A large quote's lines: one row per product (its lines, their quantity when they share a unit,
  // list and net subtotals), after a note saying where every line is.
  groupedLines(priced, internal, currency) {
    const count = quantity(String(priced.lines.length));
    return [
      h('p', { class: 'print-grouped-note', text: `This quote has ${count} lines, printed here by product: one row per product with its number of lines and subtotals. Every line, with its quantity, list price, discount and net${internal ? ', cost and floor' : ''}, is in ${internal ? DEAL_DESK_CSV : CUSTOMER_CSV}.` }),
      h('table', { class: 'print-lines print-groups' },
        h('thead', {}, h('tr', {},
          h('th', { text: 'Product' }), h('th', { class: 'num', text: 'Lines' }), h('th', { class: 'num', text: 'Quantity' }),
          h('th', { class: 'num', text: 'List' }), h('th', { class: 'num', text: 'Net' }))),
        h('tbody', {}, ...groupsFor(priced).map((g) => h('tr', { class: 'print-group' },
          h('td', {}, h('span', { class: 'print-product', text: g.name }), g.billing === 'one_time' ? h('span', { class: 'print-sub', text: 'one-time' }) : null),
          h('td', { class: 'num', text: quantity(String(g.lines)) }),
          h('td', { class: 'num', text: g.quantity === null ? '' : quantity(g.quantity) }, g.quantity === null ? null : h('span', { class: 'print-sub', text: (g.unit ?? '').replace(/_/g, ' ') })),
          h('td', { class: 'num', text: money(g.list, currency) }),
          h('td', { class: 'num', text: money(g.net, currency) }))))),
    ];
  }

  // The deal desk's part of a large quote: cost and margin (net − cost) by product, and how many
  // of its lines are under their floor; each line's cost and floor is in the deal desk CSV.
  groupedCosts(priced, currency) {
    const groups = groupsFor(priced).filter((g) => g.cost !== null || g.underFloor > 0);
    if (!groups.length) return null;
    return [
      h('p', { class: 'print-sub', text: `Cost and margin (net − cost) by product. Each line's cost and floor is in ${DEAL_DESK_CSV}.` }),
      h('table', { class: 'print-lines print-group-costs' },
        h('thead', {}, h('tr', {},
          h('th', { text: 'Product' }), h('th', { class: 'num', text: 'Lines' }), h('th', { class: 'num', text: 'Net' }),
          h('th', { class: 'num', text: 'Cost' }), h('th', { class: 'num', text: 'Margin' }), h('th', { class: 'num', text: 'Lines under floor' }))),
        h('tbody', {}, ...groups.map((g) => h('tr', { class: 'print-group' },
          h('td', {}, h('span', { class: 'print-product', text: g.name }), g.billing === 'one_time' ? h('span', { class: 'print-sub', text: 'one-time' }) : null),
          h('td', { class: 'num', text: quantity(String(g.lines)) }),
          h('td', { class: 'num', text: money(g.net, currency) }),
          h('td', { class: 'num', text: g.cost === null ? 'n/a' : money(g.cost, currency) }),
          h('td', { class: 'num', text: g.margin === null ? 'n/a' : money(g.margin, currency) }),
          h('td', { class: 'num print-under-floor', text: g.underFloor ? quantity(String(g.underFloor)) : '' }))))),
    ];
  }
}

customElements.define('print-quote', PrintQuoteElement);
