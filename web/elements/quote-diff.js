// <quote-diff>: two quotes compared — the current one, a scenario or any saved quote — line by
// line (list and net) and rule by rule (each approval rule's value and whether it fires), with
// the findings each one raises. Differences are between figures the engine returned.
import { h, syncChildren, syncOptions, uniqueId } from '../lib/dom.js';
import { money, percent } from '../lib/format.js';
import { difference, isZero } from '../lib/decimal-text.js';
import { levelName, metricValue } from '../lib/approval-text.js';
import { applyScenario } from '../lib/scenarios.js';
import { nextTask } from '../lib/tasks.js';
import { LARGE_QUOTE_LINES, TYPING_PAUSE_MS } from './quote-scenarios.js';

function lineKeys(lines) {
  const seen = new Map();
  return lines.map((line) => {
    const base = `${line.kind}:${line.sku}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

// Wide tables scroll sideways on a phone; focusable so that a keyboard can scroll them too.
function scrollable(table, label) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

// A comparison of two large quotes shows at most this many line rows: the lines that differ,
// first ones first, and says how many more there are (its totals are over every line).
export const LINE_ROWS_SHOWN = 200;

function signedMoney(change, currency) {
  if (change === null) return '';
  if (isZero(change)) return '—';
  return `${change.startsWith('-') ? '' : '+'}${money(change, currency)}`;
}

export class QuoteDiffElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.sequence = 0;
    this.left = h('select', { id: uniqueId('diff-a') });
    this.right = h('select', { id: uniqueId('diff-b') });
    this.output = h('div', { class: 'diff-output', 'aria-live': 'polite' });
    this.replaceChildren(
      h('div', { class: 'diff-pickers' },
        h('div', { class: 'field' }, h('label', { for: this.left.id, text: 'Quote A' }), this.left),
        h('span', { class: 'versus', 'aria-hidden': 'true', text: 'vs' }),
        h('div', { class: 'field' }, h('label', { for: this.right.id, text: 'Quote B' }), this.right)),
      this.output);
    for (const select of [this.left, this.right]) {
      select.addEventListener('change', () => {
        this.picked = true;
        this.compare();
      }, { signal });
    }
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(state) {
    this.latest = state;
    const choices = [{ value: 'current', label: `This quote (${state.title})` },
      ...(state.record.scenarios ?? []).map((s, i) => ({ value: `scenario:${s.id}`, label: `Scenario ${i + 1} of this quote` })),
      ...state.records.filter((r) => r.id !== state.record.id).map((r) => ({ value: `record:${r.id}`, label: r.displayTitle }))];
    const values = new Set(choices.map((c) => c.value));
    const left = values.has(this.left.value) ? this.left.value : 'current';
    // Until the rep picks, B is the first scenario that actually differs from the quote.
    const differs = (s) => (s.term_months && s.term_months !== state.quote.term_months) || s.commit !== null || s.discount_pct !== null;
    const firstDifferent = (state.record.scenarios ?? []).find(differs);
    const fallback = firstDifferent ? `scenario:${firstDifferent.id}` : choices.find((c) => c.value !== left)?.value ?? 'current';
    const right = this.picked && values.has(this.right.value) ? this.right.value : fallback;
    syncOptions(this.left, choices, left);
    syncOptions(this.right, choices, right);
    this.compare();
  }

  quoteFor(choice) {
    const state = this.latest;
    if (choice === 'current') return { quote: state.quote };
    const [kind, id] = choice.split(':');
    if (kind === 'scenario') {
      const scenario = state.record.scenarios?.find((s) => s.id === id);
      return scenario ? { quote: applyScenario(state.quote, scenario) } : null;
    }
    const record = state.records.find((r) => r.id === id);
    return record ? { quote: record.quote } : null;
  }

  async compare() {
    const state = this.latest;
    if (!state) return;
    const sequence = ++this.sequence;
    const a = this.quoteFor(this.left.value);
    const b = this.quoteFor(this.right.value);
    if (!a || !b) return;
    // Each quote priced in a task of its own, and none after a newer state (a large quote's
    // comparison is two whole quotes priced again, once typing pauses).
    if (state.quote.lines.length > LARGE_QUOTE_LINES) await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS));
    await nextTask();
    if (sequence !== this.sequence) return;
    const left = await state.price(a.quote, 'summary', 'compared left');
    await nextTask();
    if (sequence !== this.sequence) return;
    const right = await state.price(b.quote, 'summary', 'compared right');
    if (sequence !== this.sequence) return;
    const problems = [['A', left], ['B', right]].filter(([, r]) => !r.priced);
    if (problems.length) {
      this.output.replaceChildren(...problems.map(([name, r]) => h('p', { class: 'scenario-error', text: `Quote ${name} cannot be priced: ${r.errors[0]?.message ?? 'unknown problem'}` })));
      return;
    }
    const lines = this.linesTable(left.priced, right.priced, state);
    const rules = this.rulesTable(left.priced, right.priced, state);
    // The lines table stays in place (see linesTable); the rules part is small and drawn anew.
    if (this.output.firstElementChild !== lines || this.output.children.length !== 2) this.output.replaceChildren(lines, rules);
    else lines.nextElementSibling.replaceWith(rules);
  }

  // The lines table stays between comparisons with a row per pair of lines: live pricing hands
  // back the same line objects for the lines an edit did not change, so an edit on a 500-line
  // quote draws a row or two rather than the whole table (which also keeps the polite live
  // region from announcing the table again).
  linesTable(a, b, { currency }) {
    if (!this.linesRegion) {
      this.linesBody = h('tbody');
      this.linesFoot = h('tfoot');
      this.linesRegion = scrollable(h('table', { class: 'diff-table' },
        h('caption', { text: 'By line (net per month)' }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Line' }), h('th', { scope: 'col', class: 'num', text: 'A' }),
          h('th', { scope: 'col', class: 'num', text: 'B' }), h('th', { scope: 'col', class: 'num', text: 'B − A' }))),
        this.linesBody,
        this.linesFoot), 'Difference by line');
    }
    const keysA = lineKeys(a.lines);
    const keysB = lineKeys(b.lines);
    const byKeyA = new Map(keysA.map((k, i) => [k, a.lines[i]]));
    const byKeyB = new Map(keysB.map((k, i) => [k, b.lines[i]]));
    let keys = [...keysA, ...keysB.filter((k) => !byKeyA.has(k))];
    let leftOut = null;
    if (keys.length > LINE_ROWS_SHOWN) {
      const all = keys.length;
      const differing = keys.filter((key) => {
        const x = byKeyA.get(key);
        const y = byKeyB.get(key);
        return !x || !y || (x.net !== y.net && !isZero(difference(x.net, y.net)));
      });
      keys = differing.slice(0, LINE_ROWS_SHOWN);
      leftOut = h('tr', { class: 'left-out' }, h('td', { colspan: '4', class: 'muted', text:
        `${(all - keys.length).toLocaleString('en-US')} more of the ${all.toLocaleString('en-US')} lines are not shown ` +
        `(${(differing.length - keys.length).toLocaleString('en-US')} of them differ, the rest are the same); the totals below are over every line.` }));
    }
    const drawn = this.rows ?? new Map();
    this.rows = new Map();
    const rows = keys.map((key) => {
      const x = byKeyA.get(key);
      const y = byKeyB.get(key);
      const before = drawn.get(key);
      if (before && before.x === x && before.y === y && before.currency === currency) {
        this.rows.set(key, before);
        return before.row;
      }
      const change = x && y ? difference(x.net, y.net) : null;
      const changed = !x || !y || !isZero(change);
      const row = h('tr', { class: changed ? 'changed' : 'same', dataset: { line: key } },
        h('th', { scope: 'row', text: (x ?? y).name }),
        h('td', { class: 'num', text: x ? money(x.net, currency) : 'not in A' }),
        h('td', { class: 'num', text: y ? money(y.net, currency) : 'not in B' }),
        h('td', { class: 'num delta', text: x && y ? signedMoney(change, currency) : (x ? 'removed' : 'added') }));
      this.rows.set(key, { x, y, currency, row });
      return row;
    });
    if (leftOut) rows.push(leftOut);
    syncChildren(this.linesBody, rows);
    const total = (label, key, format) => {
      const change = difference(a.totals[key], b.totals[key]);
      const show = (v) => (format === 'money' ? money(v, currency) : percent(v));
      return h('tr', { class: 'total-row', dataset: { total: key } },
        h('th', { scope: 'row', text: label }),
        h('td', { class: 'num', text: show(a.totals[key]) }),
        h('td', { class: 'num', text: show(b.totals[key]) }),
        h('td', { class: 'num delta', text: format === 'money' ? signedMoney(change, currency) : (isZero(change) ? '—' : `${change.startsWith('-') ? '' : '+'}${change} pts`) }));
    };
    this.linesFoot.replaceChildren(
      total('List per month', 'list_monthly', 'money'),
      total('Net per month', 'net_monthly', 'money'),
      total('Off list', 'discount_pct', 'pct'),
      total('Contract value', 'tcv', 'money'));
    return this.linesRegion;
  }

  rulesTable(a, b, { currency, mode }) {
    if (mode !== 'rep' || !a.approval || !b.approval) return h('div');
    const checksB = new Map(b.approval.checks.map((c) => [c.rule, c]));
    const status = (check) => (check.value === null ? (check.fired ? 'present' : 'absent') : metricValue(check, check.value, currency)) + (check.fired ? ' · fires' : '');
    const row = (x) => {
      const y = checksB.get(x.rule);
      let verdict = 'no change';
      if (y && x.fired !== y.fired) verdict = y.fired ? `fires in B: ${levelName(y.level)}` : 'clears in B';
      else if (y && x.fired) verdict = 'fires in both';
      return h('tr', { class: x.fired !== y?.fired ? 'changed' : x.fired ? 'fired' : 'same', dataset: { rule: x.rule } },
        h('th', { scope: 'row', text: x.message }),
        h('td', { class: 'num', text: status(x) }),
        h('td', { class: 'num', text: y ? status(y) : '—' }),
        h('td', { text: verdict }));
    };
    const table = (checks, caption) => h('table', { class: 'diff-table' },
      caption ? h('caption', { text: caption }) : null,
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Rule' }), h('th', { scope: 'col', class: 'num', text: 'A' }),
        h('th', { scope: 'col', class: 'num', text: 'B' }), h('th', { scope: 'col', text: 'Change' }))),
      h('tbody', {}, ...checks.map(row)));
    // The rules that fire in either quote matter; the rest are one click away.
    const relevant = a.approval.checks.filter((x) => x.fired || checksB.get(x.rule)?.fired);
    const quiet = a.approval.checks.length - relevant.length;
    const codes = (p) => new Set((p.guidance ?? []).map((g) => g.code));
    const findingsA = codes(a);
    const findingsB = codes(b);
    const onlyA = [...findingsA].filter((c) => !findingsB.has(c));
    const onlyB = [...findingsB].filter((c) => !findingsA.has(c));
    const words = (list) => list.map((c) => c.replace(/_/g, ' ')).join(', ');
    const caption = `By approval rule — A needs ${levelName(a.approval.level)}, B needs ${levelName(b.approval.level)}`;
    return h('div', { class: 'diff-rules' },
      relevant.length ? scrollable(table(relevant, caption), 'Difference by approval rule')
        : h('p', { class: 'diff-caption', text: `${caption}: no rule fires in either.` }),
      quiet ? h('details', { class: 'all-rules' },
        h('summary', { text: `${quiet} other ${quiet === 1 ? 'rule fires' : 'rules fire'} in neither: show every rule` }),
        scrollable(table(a.approval.checks), 'Every approval rule in A and B')) : null,
      h('p', { class: 'muted', text: onlyA.length || onlyB.length
        ? `Findings only in A: ${words(onlyA) || 'none'}. Only in B: ${words(onlyB) || 'none'}.`
        : 'Both raise the same guidance findings.' }));
  }
}

customElements.define('quote-diff', QuoteDiffElement);
