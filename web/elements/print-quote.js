// <print-quote>: the quote as the customer receives it, for the print stylesheet (and so for a
// PDF): who it is for, the lines, the totals once, the terms, how long it is valid, and a DRAFT
// mark until the approval it needs is recorded. Hidden on screen.
import { h, fill } from '../lib/dom.js';
import { dateLong, isoDate, money, monthsLabel, percent, quantity } from '../lib/format.js';
import { levelName, levelWithArticle } from '../lib/approval-text.js';

const VALID_DAYS = 30;

// Valid for 30 days, but never past the last day of the price book it was priced with.
export function validUntil(today, effectiveTo) {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + VALID_DAYS));
  if (effectiveTo && isoDate(date) > effectiveTo) return new Date(`${effectiveTo}T00:00:00Z`);
  return date;
}

export class PrintQuoteElement extends HTMLElement {
  connectedCallback() {
    this.setAttribute('aria-hidden', 'true');
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
    const lines = priced.lines.map((line) => h('tr', { class: 'print-line' },
      h('td', {}, h('span', { class: 'print-product', text: line.name }),
        [where(line), line.billing === 'one_time' ? 'one-time' : ''].some(Boolean)
          ? h('span', { class: 'print-sub', text: [where(line), line.billing === 'one_time' ? 'one-time' : ''].filter(Boolean).join(' · ') })
          : null),
      h('td', { class: 'num', text: line.kind === 'product' && line.quantity !== null && line.unit !== 'month' ? `${quantity(line.quantity)} ${(line.unit ?? '').replace(/_/g, ' ')}` : '' }),
      h('td', { class: 'num', text: money(line.list, currency) }),
      h('td', { class: 'num', text: /^0(\.0+)?$/.test(line.discount_pct ?? '0') ? '' : percent(line.discount_pct) }),
      h('td', { class: 'num', text: money(line.net, currency) })));
    const commit = priced.commit_monthly_spend ? `Committed spend ${money(priced.commit_monthly_spend, currency)} a month.` : '';
    fill(this,
      draft ? h('div', { class: 'print-watermark', text: 'DRAFT' }) : null,
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
      h('table', { class: 'print-lines' },
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
          h('dt', { text: `Total contract value (${priced.term_months} months)` }), h('dd', { text: money(t.tcv, currency) }))),
      h('section', { class: 'print-terms' },
        h('h2', { text: 'Terms' }),
        h('p', { text: `Term of ${priced.term_months} months, billed monthly in ${currency}; one-time items are billed once at the start. ${commit}` }),
        h('p', { text: `Usage beyond the quantities quoted is billed at the same tiered rates. Prices exclude taxes. Priced with price book ${priced.pricebook.id} ${priced.pricebook.version}.` }),
        h('p', { class: 'print-approval', text: draft
          ? `DRAFT: ${state.stale ? 'this quote has problems to fix' : `it needs approval from ${levelWithArticle(approval.required)}`} before it is binding.`
          : approval.recordedValid
            ? `Approved by ${approval.recorded.by} (${levelName(approval.recorded.level)}), ${dateLong(new Date(approval.recorded.at))}.`
            : 'Within the rep\'s pricing authority: no further approval needed.' })));
  }
}

customElements.define('print-quote', PrintQuoteElement);
