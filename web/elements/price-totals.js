// <price-totals>: the quote's totals as the engine returned them — net per month first, then
// list, discount, contract value, one-time charges and (for reps) margin.
import { h, syncText } from '../lib/dom.js';
import { money, monthsLabel, percent } from '../lib/format.js';

// The approval metric each total row shows (rules on it mark the row when they fire).
const ROW_METRIC = { discount_pct: 'overall_discount_pct', discretionary_discount_pct: 'discretionary_discount_pct', margin_pct: 'margin_pct' };

export class PriceTotalsElement extends HTMLElement {
  connectedCallback() {
    this.net = h('output', { class: 'net-amount', dataset: { total: 'net_monthly' } });
    this.list = h('dl', { class: 'totals-list' });
    this.staleBadge = h('span', { class: 'badge stale', text: 'last good price', hidden: true });
    this.card = h('section', { class: 'totals-card', 'aria-labelledby': 'totals-title' },
        h('h2', { id: 'totals-title', class: 'eyebrow' }, 'Net per month ', this.staleBadge),
        this.net,
        this.list);
    this.replaceChildren(this.card);
  }

  // A large quote is priced in a worker: until its answer is drawn the totals are the previous
  // edit's, and say so quietly (aria-busy; the style sheet adds "pricing…" if the wait lasts).
  set busy(on) {
    this.card.setAttribute('aria-busy', on);
  }

  set state(state) {
    const { priced, currency, mode } = state;
    this.classList.toggle('stale', state.stale);
    this.staleBadge.hidden = !state.stale;
    if (!priced) {
      this.net.textContent = '—';
      this.list.replaceChildren();
      this.shown = null;
      return;
    }
    const t = priced.totals;
    syncText(this.net, money(t.net_monthly, currency));
    // Over-discounting as visible as under-quoting: a quote under its cost is shown in red here,
    // beside the engine's below_cost finding in the guidance.
    const belowCost = (priced.guidance ?? []).some((f) => f.code === 'below_cost');
    this.net.classList.toggle('below-cost', belowCost);
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
    // The highest level among the fired rules on each row's metric.
    const levels = state.approval?.levels ?? [];
    const flagged = new Map();
    for (const check of priced.approval?.fired ?? []) {
      const before = flagged.get(check.metric);
      if (!before || levels.indexOf(check.level) > levels.indexOf(before)) flagged.set(check.metric, check.level);
    }
    // Redrawn only when a figure or a flag changed: a new list moves the sidebar's layout.
    const shown = JSON.stringify([rows, [...flagged], levels, t.margin_pct]);
    if (shown === this.shown) return;
    this.shown = shown;
    this.list.replaceChildren(...rows.flatMap(([label, value, key]) => {
      const level = flagged.get(ROW_METRIC[key]);
      const negative = key === 'margin_pct' && String(t.margin_pct).startsWith('-');
      // The level's id in words ("deal_desk" -> "deal desk"; shown in capitals): the prospect
      // build ships this element but none of the rep page's approval wording.
      const flags = [negative ? 'below cost' : '', level ? `needs ${level.replace(/[_-]+/g, ' ')}` : ''].filter(Boolean);
      const high = negative || (level && levels.indexOf(level) >= 2);
      return [
        h('dt', { text: label }),
        h('dd', { dataset: flags.length ? { total: key, flag: negative ? 'below_cost' : level } : { total: key }, class: flags.length ? `flagged ${high ? 'high' : 'needs'}` : null },
          value, flags.length ? h('span', { class: 'total-flag', text: ` ${flags.join(', ')}` }) : null),
      ];
    }));
  }
}

customElements.define('price-totals', PriceTotalsElement);
