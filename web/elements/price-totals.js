// <price-totals>: the quote's totals as the engine returned them — net per month first, then
// list, discount, contract value, one-time charges and (for reps) margin.
import { h } from '../lib/dom.js';
import { money, monthsLabel, percent } from '../lib/format.js';

export class PriceTotalsElement extends HTMLElement {
  connectedCallback() {
    this.net = h('output', { class: 'net-amount', dataset: { total: 'net_monthly' } });
    this.list = h('dl', { class: 'totals-list' });
    this.staleBadge = h('span', { class: 'badge stale', text: 'last good price', hidden: true });
    this.replaceChildren(
      h('section', { class: 'totals-card', 'aria-labelledby': 'totals-title' },
        h('h2', { id: 'totals-title', class: 'eyebrow' }, 'Net per month ', this.staleBadge),
        this.net,
        this.list));
  }

  set state(state) {
    const { priced, currency, mode } = state;
    this.classList.toggle('stale', state.stale);
    this.staleBadge.hidden = !state.stale;
    if (!priced) {
      this.net.textContent = '—';
      this.list.replaceChildren();
      return;
    }
    const t = priced.totals;
    this.net.textContent = money(t.net_monthly, currency);
    const rows = [
      ['List per month', money(t.list_monthly, currency), 'list_monthly'],
      ['Discount off list', percent(t.discount_pct), 'discount_pct'],
      ...(mode === 'rep' && t.discretionary_discount_pct !== undefined
        ? [['Beyond term and commit', percent(t.discretionary_discount_pct), 'discretionary_discount_pct']] : []),
      // A ramp: the figures above are the first period's; a row per period, then the contract.
      ...(priced.ramp?.periods ?? []).map((p, i) => [`${monthsLabel(p)} net`, `${money(p.net_monthly, currency)}/mo`, `period-${i}`]),
      [`Contract value (${priced.term_months} mo)`, money(t.tcv, currency), 'tcv'],
    ];
    if (t.one_time && !/^0(\.0+)?$/.test(t.one_time)) rows.push(['One-time', money(t.one_time, currency), 'one_time']);
    if (mode === 'rep' && t.margin_pct !== undefined && t.margin_pct !== null) rows.push(['Margin', percent(t.margin_pct), 'margin_pct']);
    this.list.replaceChildren(...rows.flatMap(([label, value, key]) => [
      h('dt', { text: label }),
      h('dd', { dataset: { total: key }, text: value }),
    ]));
  }
}

customElements.define('price-totals', PriceTotalsElement);
