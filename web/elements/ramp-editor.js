// <ramp-editor>: builds a ramped quote on the rep page (quote.periods, pricebooks/README.md,
// "Ramps"): periods of months, each with its own traffic and request quantities and its own
// commit (or the quote's). The editor only writes the quote, through the 'periods' edit; the
// engine validates the periods and prices them, and its errors show beside the field they name
// (/periods/1/from_month, /periods/2/lines/0/quantity, ...). Loaded on demand with the other
// views drawn after the first priced total (deferred-views.js).
//
// Adding a period splits the last one (the first 12 months of it, or half of a shorter one), so
// the periods keep covering months 1 to the term; removing one gives its months to its
// neighbour. From and to stay editable: what they may be is the engine's rule, not the page's.
import { h, editQuote, showErrors, syncValue, typedDecimal, noteTyping, uniqueId } from '../lib/dom.js';
import { money, monthsLabel, unitLabel } from '../lib/format.js';
import { productOf, REQUESTS_CATEGORY, TRAFFIC_CATEGORY } from '../lib/quote-model.js';

const SPLIT_MONTHS = 12;

// The quote's lines a ramp varies: traffic and requests (features stay as the quote has them).
function volumeLines(book, quote) {
  const found = [];
  (quote.lines ?? []).forEach((line, index) => {
    const category = productOf(book, line.sku)?.category;
    if (category === TRAFFIC_CATEGORY || category === REQUESTS_CATEGORY) found.push({ index, line, product: productOf(book, line.sku) });
  });
  return found;
}

// The lines a period is priced with: its own, or the quote's.
const linesOf = (quote, period) => period.lines ?? quote.lines ?? [];

// An integer as typed, else the text itself (the engine says what is wrong with it, at its path).
function typedMonth(text) {
  const trimmed = String(text).trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

// The periods after adding one: the last period is split (see the top of the file); a quote
// without periods is one period over its whole term first.
export function addPeriod(quote) {
  const term = Number(quote.term_months) || SPLIT_MONTHS;
  const periods = structuredClone(quote.periods ?? [{ from_month: 1, to_month: term }]);
  const last = periods[periods.length - 1];
  const from = Number(last.from_month);
  const to = Number(last.to_month);
  const span = to - from + 1;
  const next = { from_month: 0, to_month: 0, lines: structuredClone(linesOf(quote, last)) };
  if (last.commit) next.commit = structuredClone(last.commit);
  if (Number.isInteger(from) && Number.isInteger(to) && span > 1) {
    last.to_month = from + (span > SPLIT_MONTHS ? SPLIT_MONTHS : Math.floor(span / 2)) - 1;
    next.from_month = last.to_month + 1;
    next.to_month = to;
  } else {
    // Nothing left to split: a further year (past the term, the engine says so until it grows).
    next.from_month = (Number.isInteger(to) ? to : term) + 1;
    next.to_month = next.from_month + SPLIT_MONTHS - 1;
  }
  periods.push(next);
  return periods;
}

// The periods after removing period `index`: its months go to the period before it (the next
// one, for the first). One period left is no ramp at all.
export function removePeriod(quote, index) {
  const periods = structuredClone(quote.periods ?? []);
  const [removed] = periods.splice(index, 1);
  if (!removed) return periods;
  if (index > 0) periods[index - 1].to_month = removed.to_month;
  else if (periods.length) periods[0].from_month = removed.from_month;
  return periods.length > 1 ? periods : [];
}

export class RampEditorElement extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.abort = new AbortController();
    this.summary = h('p', { class: 'ramp-summary' });
    this.head = h('tr');
    this.body = h('tbody');
    this.table = h('table', { class: 'ramp-table', hidden: true },
      h('caption', { class: 'visually-hidden', text: 'Ramp periods' }), h('thead', {}, this.head), this.body);
    this.addButton = h('button', { type: 'button', class: 'button', text: 'Add a period' });
    this.endButton = h('button', { type: 'button', class: 'button ghost', text: 'End the ramp', hidden: true });
    this.other = h('p', { class: 'field-error', role: 'alert', hidden: true });
    this.replaceChildren(this.summary, this.table, this.other, h('div', { class: 'ramp-actions' }, this.addButton, this.endButton));
    const { signal } = this.abort;
    this.addButton.addEventListener('click', () => this.send(addPeriod(this.current.quote)), { signal });
    this.endButton.addEventListener('click', () => this.send([]), { signal });
    this.rows = [];
  }

  disconnectedCallback() {
    this.abort?.abort();
    this.body = null;
  }

  send(periods) {
    editQuote(this, 'periods', { periods });
  }

  // One edit of one period: a copy of the periods with `change` applied to period `index`.
  editPeriod(index, change) {
    const periods = structuredClone(this.current.quote.periods ?? []);
    if (!periods[index]) return;
    change(periods[index], this.current.quote);
    this.send(periods);
  }

  set state(state) {
    this.current = state;
    const { quote, book, priced, currency } = state;
    const periods = quote.periods ?? [];
    // Without periods there is no table to show: its head (a column per traffic and requests
    // line, thousands on a large quote) is not looked at, on every edit, until there are.
    const volumes = periods.length ? volumeLines(book, quote) : [];
    this.table.hidden = periods.length === 0;
    this.endButton.hidden = periods.length === 0;
    const ramp = priced?.ramp;
    this.summary.textContent = periods.length
      ? `${periods.length} periods over ${quote.term_months} months, each priced as a month of its own` +
        (ramp && !state.stale ? `: contract value ${money(priced.totals.tcv, currency)}.` : '.')
      : `No ramp: every month of the ${quote.term_months}-month term is priced alike. Add a period to ramp traffic and commit.`;
    if (periods.length) this.drawHead(volumes);
    this.drawRows(periods, volumes, state);
    const left = showErrors(this, state.errors.filter((e) => e.path.startsWith('/periods')));
    // Errors about a period that no field shows (a line's SKU, say): said under the table.
    this.other.textContent = left.map((e) => e.message).join(' ');
    this.other.hidden = left.length === 0;
  }

  drawHead(volumes) {
    const signature = volumes.map((v) => `${v.line.sku}:${v.line.unit ?? ''}`).join('|');
    if (this.head.dataset.signature === signature) return;
    this.head.dataset.signature = signature;
    this.head.replaceChildren(
      h('th', { scope: 'col', text: 'From month' }),
      h('th', { scope: 'col', text: 'To month' }),
      ...volumes.map((v) => h('th', { scope: 'col', text: `${v.product?.name ?? v.line.sku} (${unitLabel(v.line.unit ?? v.product?.unit)}/month)` })),
      h('th', { scope: 'col', text: 'Commit ($/month)' }),
      h('th', { scope: 'col', text: 'Net per month' }),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'Remove' })));
    this.rows = [];
    this.body.replaceChildren();
  }

  // Rows are kept while the periods and the ramped lines keep their number, so a field being
  // typed in keeps its focus and caret; each field's path follows its period.
  drawRows(periods, volumes, state) {
    while (this.rows.length > periods.length) this.rows.pop().element.remove();
    while (this.rows.length < periods.length) {
      const row = this.makeRow(this.rows.length, volumes);
      this.rows.push(row);
      this.body.append(row.element);
    }
    const pricedPeriods = state.stale ? [] : state.priced?.ramp?.periods ?? [];
    periods.forEach((period, index) => {
      const row = this.rows[index];
      const label = monthsLabel({ from_month: period.from_month, to_month: period.to_month });
      syncValue(row.from, String(period.from_month ?? ''));
      syncValue(row.to, String(period.to_month ?? ''));
      volumes.forEach((v, i) => {
        syncValue(row.volumes[i], String(linesOf(state.quote, period)[v.index]?.quantity ?? ''));
        row.volumes[i].setAttribute('aria-label', `${label}: ${v.product?.name ?? v.line.sku}`);
      });
      syncValue(row.commit, period.commit?.monthly_spend ?? '');
      row.commit.placeholder = state.quote.commit?.monthly_spend ? `quote's (${state.quote.commit.monthly_spend})` : 'none';
      row.from.setAttribute('aria-label', `Period ${index + 1}: from month`);
      row.to.setAttribute('aria-label', `Period ${index + 1}: to month`);
      row.commit.setAttribute('aria-label', `${label}: commit per month`);
      row.remove.setAttribute('aria-label', `Remove ${label.toLowerCase()}`);
      row.net.textContent = pricedPeriods[index] ? money(pricedPeriods[index].net_monthly, state.currency) : '—';
    });
  }

  makeRow(index, volumes) {
    const { signal } = this.abort;
    const input = (path, className = 'number') => {
      // size: narrow fields without a rule in the page's style sheet (which every first load carries).
      const control = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', class: className, id: uniqueId('ramp'), size: '8' });
      control.dataset.path = path;
      const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true, role: 'alert' });
      error.dataset.errorFor = path;
      error.dataset.control = control.id;
      return { control, cell: h('td', {}, control, error) };
    };
    const from = input(`/periods/${index}/from_month`);
    const to = input(`/periods/${index}/to_month`);
    const quantities = volumes.map((v) => input(`/periods/${index}/lines/${v.index}/quantity`));
    const commit = input(`/periods/${index}/commit`);
    commit.control.inputMode = 'decimal';
    const remove = h('button', { type: 'button', class: 'button ghost', text: 'Remove' });
    const net = h('output', { class: 'number' });
    const typed = (control, apply) => control.addEventListener('input', () => {
      noteTyping(control);
      this.editPeriod(index, (period, quote) => apply(period, quote, control.value));
    }, { signal });
    typed(from.control, (period, quote, value) => { period.from_month = typedMonth(value); });
    typed(to.control, (period, quote, value) => { period.to_month = typedMonth(value); });
    quantities.forEach((q, i) => typed(q.control, (period, quote, value) => {
      period.lines ??= structuredClone(quote.lines ?? []);
      const line = period.lines[volumes[i].index];
      if (line) line.quantity = typedDecimal(value);
    }));
    typed(commit.control, (period, quote, value) => {
      const spend = typedDecimal(value);
      if (spend) period.commit = { monthly_spend: spend };
      else delete period.commit;
    });
    remove.addEventListener('click', () => this.send(removePeriod(this.current.quote, index)), { signal });
    return {
      element: h('tr', {}, from.cell, to.cell, ...quantities.map((q) => q.cell), commit.cell, h('td', {}, net), h('td', {}, remove)),
      from: from.control, to: to.control, volumes: quantities.map((q) => q.control), commit: commit.control, remove, net,
    };
  }
}

customElements.define('ramp-editor', RampEditorElement);
