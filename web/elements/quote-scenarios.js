// <quote-scenarios>: the current quote beside variants of it (term, commit, quote discount),
// each priced by the engine on every edit, with its approval level and what changed.
import { h, fill, editRecord, editQuote, syncChildren, syncValue, syncOptions, typedDecimal, uniqueId } from '../lib/dom.js';
import { money, moneyWhole, percent } from '../lib/format.js';
import { levelName } from '../lib/approval-text.js';
import { difference, isZero } from '../lib/decimal-text.js';
import { applyScenario, MAX_SCENARIOS } from '../lib/scenarios.js';
import { nextTask } from '../lib/tasks.js';

// A quote with more lines than this (the lines table's window starts there too) is priced again
// for its scenarios only once typing has paused this long.
export const LARGE_QUOTE_LINES = 80;
export const TYPING_PAUSE_MS = 150;

export class QuoteScenariosElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    this.columns = new Map();
    this.sequence = 0;
    this.grid = h('div', { class: 'scenario-grid' });
    this.addButton = h('button', { type: 'button', class: 'button ghost small', text: 'Add a scenario' });
    this.addButton.addEventListener('click', () => editRecord(this, 'add-scenario'), { signal: this.abort.signal });
    this.replaceChildren(
      h('p', { class: 'section-intro muted', text: 'Each scenario changes only what it sets; everything else follows the quote.' }),
      this.grid,
      h('div', { class: 'section-actions' }, this.addButton));
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  column(scenario) {
    const signal = this.abort.signal;
    const column = { id: scenario.id };
    const heading = uniqueId('scenario');
    column.term = h('select', { id: `${heading}-term` });
    column.commit = h('select', { id: `${heading}-commit` });
    column.discount = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number', id: `${heading}-discount`, placeholder: 'as quote' });
    column.title = h('h3', { id: heading });
    column.results = h('div', { class: 'scenario-results' });
    column.apply = h('button', { type: 'button', class: 'button small secondary', text: 'Use this' });
    column.remove = h('button', { type: 'button', class: 'button small ghost', text: 'Remove' });
    const update = (changes) => editRecord(this, 'update-scenario', { id: scenario.id, changes });
    column.term.addEventListener('change', () => update({ term_months: column.term.value ? Number(column.term.value) : null }), { signal });
    column.commit.addEventListener('change', () => update({ commit: column.commit.value === 'same' ? null : column.commit.value }), { signal });
    column.discount.addEventListener('input', () => update({ discount_pct: column.discount.value.trim() === '' ? null : typedDecimal(column.discount.value) }), { signal });
    column.apply.addEventListener('click', () => {
      const current = this.latest.record.scenarios.find((s) => s.id === scenario.id);
      if (current) editQuote(this, 'apply-scenario', { scenario: current });
    }, { signal });
    column.remove.addEventListener('click', () => editRecord(this, 'remove-scenario', { id: scenario.id }), { signal });
    column.element = h('article', { class: 'scenario', 'aria-labelledby': heading, dataset: { scenario: scenario.id } },
      column.title,
      h('div', { class: 'scenario-fields' },
        h('label', { for: column.term.id, text: 'Term' }), column.term,
        h('label', { for: column.commit.id, text: 'Commit' }), column.commit,
        h('label', { for: column.discount.id, text: 'Quote discount %' }), column.discount),
      column.results,
      h('div', { class: 'scenario-actions' }, column.apply, column.remove));
    return column;
  }

  set state(state) {
    this.latest = state;
    const { book, record, currency } = state;
    const scenarios = record.scenarios ?? [];
    const seen = new Set();
    const elements = [this.currentColumn(state)];
    scenarios.forEach((scenario, index) => {
      seen.add(scenario.id);
      let column = this.columns.get(scenario.id);
      if (!column) {
        column = this.column(scenario);
        this.columns.set(scenario.id, column);
      }
      column.title.textContent = `Scenario ${index + 1}`;
      syncOptions(column.term, [{ value: '', label: `As quote (${record.quote.term_months} mo)` },
        ...(book.terms ?? []).map((t) => ({ value: String(t.months), label: `${t.months} ${t.months === 1 ? 'month' : 'months'}` }))], scenario.term_months ? String(scenario.term_months) : '');
      syncOptions(column.commit, [{ value: 'same', label: 'As quote' }, { value: '', label: 'No commit' },
        ...(book.commits ?? []).map((c) => ({ value: c.min_monthly, label: `${moneyWhole(c.min_monthly, currency)}/mo` }))],
      scenario.commit === null ? 'same' : scenario.commit);
      syncValue(column.discount, scenario.discount_pct ?? '');
      column.remove.hidden = scenarios.length <= 1;
      elements.push(column.element);
    });
    for (const id of [...this.columns.keys()]) if (!seen.has(id)) this.columns.delete(id);
    syncChildren(this.grid, elements);
    this.addButton.hidden = scenarios.length >= MAX_SCENARIOS;
    this.priceAll(state);
  }

  currentColumn(state) {
    this.current ??= {
      results: h('div', { class: 'scenario-results' }),
      element: null,
    };
    if (!this.current.element) {
      this.current.element = h('article', { class: 'scenario current', 'aria-labelledby': 'scenario-current-title' },
        h('h3', { id: 'scenario-current-title', text: 'The quote now' }),
        h('p', { class: 'scenario-settings muted' }),
        this.current.results);
    }
    const { quote, currency } = state;
    this.current.element.querySelector('.scenario-settings').textContent =
      `${quote.term_months} months · ${quote.commit ? `commit ${moneyWhole(quote.commit.monthly_spend, currency)}` : 'no commit'} · ${quote.discount_pct ? `${quote.discount_pct}%` : 'no'} quote discount`;
    this.fill(this.current.results, state.stale ? null : state.priced, state.stale ? state.errors : [], null, state);
    return this.current.element;
  }

  // One scenario per task, and none after a newer state: on a large quote each is a whole quote
  // priced again, and a rep typing is not kept waiting behind four of them.
  async priceAll(state) {
    const sequence = ++this.sequence;
    const scenarios = state.record.scenarios ?? [];
    const baseline = state.stale ? null : state.priced;
    // On a large quote they follow once typing pauses, not after every keystroke.
    if (state.quote.lines.length > LARGE_QUOTE_LINES) await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS));
    for (const scenario of scenarios) {
      await nextTask();
      if (sequence !== this.sequence) return;
      const result = await state.price(applyScenario(state.quote, scenario), 'summary', `scenario ${scenario.id}`);
      if (sequence !== this.sequence) return;
      const column = this.columns.get(scenario.id);
      if (column) this.fill(column.results, result.priced, result.errors, baseline, state);
    }
  }

  fill(container, priced, errors, baseline, state) {
    const { currency, mode } = state;
    if (!priced) {
      container.replaceChildren(h('p', { class: 'scenario-error', text: errors[0]?.message ?? 'Cannot be priced.' }));
      return;
    }
    const t = priced.totals;
    const rows = [
      ['List', money(t.list_monthly, currency)],
      ['Off list', percent(t.discount_pct)],
      [`Contract (${priced.term_months} mo)`, money(t.tcv, currency)],
    ];
    if (mode === 'rep' && priced.approval) rows.push(['Approval', levelName(priced.approval.level)]);
    const critical = (priced.guidance ?? []).filter((g) => g.severity === 'critical');
    let delta = null;
    if (baseline) {
      const change = difference(baseline.totals.net_monthly, t.net_monthly);
      delta = isZero(change) ? 'same as the quote' : `${change.startsWith('-') ? '' : '+'}${money(change, currency)}/mo vs the quote`;
    }
    fill(container,
      h('p', { class: 'scenario-net' }, h('span', { class: 'amount', dataset: { total: 'net_monthly' }, text: money(t.net_monthly, currency) }), h('span', { class: 'per', text: '/mo' })),
      delta ? h('p', { class: 'scenario-delta', text: delta }) : null,
      h('dl', { class: 'scenario-figures' }, ...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
      mode === 'rep' && critical.length
        ? h('p', { class: 'scenario-flags', text: critical.map((g) => g.code.replace(/_/g, ' ')).join(', ') })
        : null);
  }
}

customElements.define('quote-scenarios', QuoteScenariosElement);
