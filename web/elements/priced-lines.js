// <priced-lines>: every priced line (bundle fee, products, support, true-ups) with its list and
// net as the engine returned them, the rep's discount on each quote line (a percentage or a target
// net price), the quote-level discount, and a "show the math" toggle per line.
import { h, fill, syncChildren, syncText, syncValue, editQuote, showErrors, typedDecimal, uniqueId, field } from '../lib/dom.js';
import { money, percent, quantity } from '../lib/format.js';
import { productOf, regionMixOf } from '../lib/quote-model.js';

const KIND_NOTES = { bundle: 'bundle fee', true_up: 'minimum true-up', percentage: 'percentage of the quote' };

function lineKey(line) {
  return `${line.kind}:${line.index ?? ''}:${line.sku}`;
}

// The code of a large quote's window, fetched once, with the first quote that needs it: its
// methods join the element's (the first priced total of a usual quote does not need them). Where
// it is not served (the prospect build ships only what its pages import statically), every line
// is drawn: slower, but every line is there.
let windowLoaded = null;
let windowMissing = false;
const loadWindow = () => (windowLoaded ??= import('./priced-lines-window.js').then(({ windowMethods }) => {
  Object.assign(PricedLinesElement.prototype, windowMethods);
}, () => { windowMissing = true; }));

// <line-math> ("show the math", line-math.js) is a chunk of its own: the first priced total does
// not draw it. It is fetched right after the first priced lines are drawn, so that it is there by
// the time a line's math is opened; a math opened before it arrives is drawn when it does. (The
// prospect build ships it as an on-demand module: web/public-site.cmake.)
let lineMathLoaded = null;
const loadLineMath = () => (lineMathLoaded ??= import('./line-math.js').catch((error) => {
  lineMathLoaded = null; // tried again on the next math opened
  throw error;
}));

// A quote this small is drawn whole. A larger one is virtualised: its table scrolls in a box of
// its own and only the rows in view (and a margin, and the row holding focus) exist in the DOM
// (priced-lines-window.js). A 2,000-line quote drawn whole was 46,000 elements, and every
// edit's style and layout went over all of them.
export const DRAW_WHOLE_UP_TO = 80;
const ESTIMATED_ROW_PX = 58;
const ESTIMATED_BOX_PX = 640;

export class PricedLinesElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.rows = new Map();          // key -> row, for the rows in the DOM only
    this.rowOfElement = new WeakMap();
    this.open = new Set();
    this.lines = [];
    this.heights = [];              // position -> measured height (row and open math), px
    this.measuredAverage = ESTIMATED_ROW_PX;
    this.boxHeight = ESTIMATED_BOX_PX;
    this.windowStart = 0;
    this.body = h('tbody');
    this.footer = h('tfoot');
    this.headRow = h('tr', { 'aria-rowindex': '1' },
      h('th', { scope: 'col', text: 'Line' }),
      h('th', { scope: 'col', class: 'num', text: 'List' }),
      h('th', { scope: 'col', class: 'discount-col', text: 'Discount' }),
      h('th', { scope: 'col', class: 'num', text: 'Net' }),
      h('th', { scope: 'col', class: 'math-col' }, h('span', { class: 'visually-hidden', text: 'Show the math' })));
    this.table = h('table', { class: 'lines-table' },
      h('caption', { class: 'visually-hidden', text: 'Priced lines' }),
      h('thead', {}, this.headRow),
      this.body,
      this.footer);
    this.scroller = h('div', { class: 'table-scroll' }, this.table);
    this.staleNote = h('p', { class: 'stale-note', role: 'status', hidden: true });
    this.quoteDiscount = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number', placeholder: '0' });
    this.quoteDiscount.addEventListener('input', () => editQuote(this, 'quote-discount', { pct: typedDecimal(this.quoteDiscount.value) }), { signal });
    this.replaceChildren(
      this.staleNote,
      this.scroller,
      h('div', { class: 'field-grid quote-level' },
        field({ label: 'Quote discount', control: this.quoteDiscount, path: '/discount_pct', suffix: '%', hint: 'Spread over every discountable line, after the rep discounts.' })));
  }

  disconnectedCallback() {
    this.abort.abort();
    this.resizes?.disconnect();
    this.windowAttached = false;
  }

  makeRow(line, state) {
    const signal = this.abort.signal;
    const row = { key: lineKey(line) };
    row.name = h('span', { class: 'line-name' });
    row.detail = h('span', { class: 'line-detail' });
    row.list = h('td', { class: 'num' });
    row.net = h('td', { class: 'num strong' });
    row.discount = h('td', { class: 'discount-col' });
    row.toggle = h('button', { type: 'button', class: 'math-toggle', 'aria-expanded': 'false' },
      'Math', h('span', { class: 'visually-hidden', text: ` for ${line.name}` }));
    // Focusable so that a keyboard can scroll wide tier tables on a phone.
    row.math = h('line-math', { tabindex: '0', role: 'region', 'aria-label': `The math for ${line.name}` });
    const mathId = uniqueId('math');
    row.mathRow = h('tr', { class: 'math-row', id: mathId, hidden: true }, h('td', { colspan: '5' }, row.math));
    row.toggle.setAttribute('aria-controls', mathId);
    row.toggle.addEventListener('click', () => {
      if (this.open.has(row.key)) this.open.delete(row.key);
      else this.open.add(row.key);
      this.renderMath(row);
      // Row numbers for assistive technology count the math rows shown.
      if (this.virtual) this.drawRows();
    }, { signal });
    row.element = h('tr', { class: `line-row kind-${line.kind}`, dataset: { key: row.key, sku: line.sku } },
      h('th', { scope: 'row' }, row.name, row.detail),
      row.list, row.discount, row.net,
      h('td', { class: 'math-col' }, row.toggle));
    this.rowOfElement.set(row.element, row);

    // Discounts are the rep's: a prospect sees list prices and the term and commit discounts.
    if (state.mode !== 'prospect' && line.kind === 'product' && line.index !== null && productOf(state.book, line.sku)?.discountable !== false) {
      row.pct = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number small', placeholder: '0', 'aria-label': `${line.name} discount percent` });
      row.target = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number', placeholder: 'target', 'aria-label': `${line.name} target net price` });
      row.pct.id = uniqueId('discount');
      row.target.id = uniqueId('target');
      // Not a showErrors slot: it gathers the line's discount errors from three paths.
      row.error = h('p', { class: 'field-error', id: `${row.pct.id}-error`, hidden: true });
      // A stale row (the quote changed and could not be priced yet) must not edit another line.
      const discount = (field, input) => editQuote(this, 'line-discount',
        { index: line.index, sku: line.sku, field, value: typedDecimal(input.value) });
      row.pct.addEventListener('input', () => discount('discount_pct', row.pct), { signal });
      row.target.addEventListener('input', () => discount('target_net', row.target), { signal });
      row.discount.append(
        h('span', { class: 'discount-inputs' },
          h('span', { class: 'control compact' }, row.pct, h('span', { class: 'affix', text: '%' })),
          h('span', { class: 'or', text: 'or' }),
          h('span', { class: 'control compact' }, h('span', { class: 'affix', text: '$' }), row.target)),
        row.error);
    }
    row.effective = h('span', { class: 'effective-discount' });
    row.discount.append(row.effective);
    return row;
  }

  renderMath(row) {
    const isOpen = this.open.has(row.key);
    row.toggle.setAttribute('aria-expanded', String(isOpen));
    row.mathRow.hidden = !isOpen;
    if (!isOpen || !row.current) return;
    if (customElements.get('line-math')) {
      row.math.data = row.current;
      return;
    }
    // Not defined yet: set once it is (a property set before the element's upgrade would hide
    // its setter).
    loadLineMath().then(() => this.renderMath(row), () => {
      row.math.textContent = 'The math could not be loaded: check the connection, then open it again.';
    });
  }

  set state(state) {
    const { priced, quote, currency } = state;
    if (this.shownMode !== state.mode) {
      this.shownMode = state.mode;
      for (const row of this.rows.values()) {
        row.element.remove();
        row.mathRow.remove();
      }
      this.rows.clear();
      this.quoteDiscount.closest('.quote-level').hidden = state.mode === 'prospect';
    }
    this.staleNote.hidden = !state.stale;
    this.staleNote.textContent = state.stale
      ? 'These figures are the last good price: the quote has a problem to fix (marked in red) before it can be priced again.'
      : '';
    this.classList.toggle('stale', state.stale);
    syncValue(this.quoteDiscount, quote.discount_pct ?? '');
    if (!priced) {
      this.lines = [];
      this.rows.clear();
      this.body.replaceChildren();
      fill(this.footer,);
      this.footerShown = null;
      showErrors(this, state.errors);
      return;
    }
    this.shown = state;
    if (!lineMathLoaded) setTimeout(() => loadLineMath().catch(() => {}));
    if (this.lines.length !== priced.lines.length) this.heights = []; // another quote, or lines added or removed
    this.lines = priced.lines;
    this.drawRows();

    const totals = priced.totals;
    const hasOneTime = totals.one_time && totals.one_time !== '0' && !/^0\.0+$/.test(totals.one_time);
    // The totals rows are made again only when a figure changed (new rows mean a new layout).
    const footer = `${currency} ${totals.list_monthly} ${totals.discount_pct} ${totals.net_monthly} ${hasOneTime && totals.one_time}`;
    if (footer !== this.footerShown) this.drawFooter(footer, totals, hasOneTime, currency);
    showErrors(this, state.errors);
  }

  drawFooter(footer, totals, hasOneTime, currency) {
    this.footerShown = footer;
    fill(this.footer,
      h('tr', { class: 'total-row' },
        h('th', { scope: 'row', text: 'Monthly total' }),
        h('td', { class: 'num', dataset: { total: 'list_monthly' }, text: money(totals.list_monthly, currency) }),
        h('td', { class: 'discount-col muted', text: `${percent(totals.discount_pct)} off list` }),
        h('td', { class: 'num strong', dataset: { total: 'net_monthly' }, text: money(totals.net_monthly, currency) }),
        h('td')),
      hasOneTime ? h('tr', { class: 'total-row one-time' },
        h('th', { scope: 'row', text: 'One-time' }), h('td'), h('td'),
        h('td', { class: 'num', text: money(totals.one_time, currency) }), h('td')) : null);
    this.numberRows?.();
  }

  // True when the quote has more lines than are drawn whole.
  get virtual() {
    return this.lines.length > DRAW_WHOLE_UP_TO && !windowMissing;
  }

  // The positions drawn: every line; a large quote's window comes with its code
  // (priced-lines-window.js, fetched with the first large quote), until then the rows a screen
  // could show (80 were laid out, and the import of a large file ended in a frame of 80 ms).
  drawnPositions() {
    const count = this.lines.length;
    if (!this.virtual) return { start: 0, end: count, pinned: null };
    loadWindow().then(() => this.drawRows());
    return { start: 0, end: Math.min(count, Math.ceil(innerHeight / ESTIMATED_ROW_PX)), pinned: null };
  }

  keyOf(line) {
    return lineKey(line);
  }

  // Draws the rows of the drawn positions (each updated only when its line or inputs changed),
  // with spacers for the rest; rows no longer drawn are dropped.
  drawRows() {
    const state = this.shown;
    if (!state?.priced) return;
    const { start, end, pinned } = this.drawnPositions();
    const positions = [];
    if (pinned !== null && pinned < start) positions.push(pinned);
    for (let i = start; i < end; i += 1) positions.push(i);
    if (pinned !== null && pinned >= end) positions.push(pinned);

    const drawn = new Map();
    const ordered = [];
    let next = 0; // the first position not yet drawn or stood in for
    let spacers = 0;
    const spacer = (from, to) => {
      if (to <= from || !this.spacerRow) return;
      ordered.push(this.spacerRow(spacers, from, to));
      spacers += 1;
    };
    for (const position of positions) {
      spacer(next, position);
      next = position + 1;
      const line = this.lines[position];
      const key = lineKey(line);
      let row = this.rows.get(key);
      if (!row) row = this.makeRow(line, state);
      row.position = position;
      drawn.set(key, row);
      this.updateRow(row, line, state);
      ordered.push(row.element, row.mathRow);
    }
    spacer(next, this.lines.length);
    for (const [key, row] of this.rows) {
      if (!drawn.has(key)) {
        row.element.remove();
        row.mathRow.remove();
      }
    }
    this.rows = drawn;
    // Math shown for lines that are gone is forgotten (only looked for when some is shown).
    if (this.open.size) {
      const keys = new Set(this.lines.map(lineKey));
      for (const key of this.open) if (!keys.has(key)) this.open.delete(key);
    }
    this.scroller.classList.toggle('virtual', this.virtual);
    // Rows move only when they must: moving a row that holds the caret would drop focus.
    syncChildren(this.body, ordered);
    this.numberRows?.();
    this.afterDraw?.();
  }

  updateRow(row, line, state) {
    const { currency, quote, book } = state;
    // Live pricing hands back the very same line object when its output did not change: such a
    // row is left alone unless its inputs or the errors changed (a 2,000-line quote redraws one
    // row per edit, not 2,000).
    const inputs = `${currency} ${state.priced.term_months} ${JSON.stringify(line.index !== null ? quote.lines[line.index] : null)}`;
    const quiet = !state.errors.length;
    if (row.shownLine === line && row.shownInputs === inputs && quiet && row.shownQuiet) return;
    row.shownLine = line;
    row.shownInputs = inputs;
    row.shownQuiet = quiet;
    // A large quote's line comes without its math: <line-math> fetches it (fullLine), and when it
    // is to be had no more (a newer price on its way), the row is drawn again with that price.
    row.current = { line, currency, regions: book.regions, termMonths: state.priced.term_months, fullLine: state.fullLine, redo: () => { row.shownLine = null; } };
    syncText(row.name, line.name);
    const detail = [];
    if (line.kind === 'product' && line.quantity !== null && line.unit && line.unit !== 'month') {
      detail.push(`${quantity(line.quantity)} ${line.unit.replace(/_/g, ' ')}`);
    }
    const quoteLine = line.index !== null ? quote.lines[line.index] : null;
    if (quoteLine && quoteLine.sku === line.sku) {
      const mix = regionMixOf(quoteLine);
      const regions = Object.entries(mix).map(([id, share]) => `${id.toUpperCase()} ${share}%`);
      if (regions.length) detail.push(regions.join(' · '));
    }
    if (KIND_NOTES[line.kind]) detail.push(KIND_NOTES[line.kind]);
    if (line.billing === 'one_time') detail.push('one-time');
    if (line.under_floor) detail.push('under floor');
    syncText(row.detail, detail.join(' · '));
    row.element.classList.toggle('under-floor', Boolean(line.under_floor));
    syncText(row.list, money(line.list, currency));
    syncText(row.net, money(line.net, currency));
    row.list.dataset.amount = line.list;
    row.net.dataset.amount = line.net;
    const off = line.discount_pct && !/^0(\.0+)?$/.test(line.discount_pct);
    syncText(row.effective, off ? `${percent(line.discount_pct)} off list` : '');
    if (row.pct) {
      const live = quoteLine && quoteLine.sku === line.sku ? quoteLine : null;
      syncValue(row.pct, live?.discount_pct ?? '');
      syncValue(row.target, live?.target_net ?? '');
      const path = `/lines/${line.index}`;
      row.pct.dataset.path = `${path}/discount_pct`;
      row.target.dataset.path = `${path}/target_net`;
      const errors = state.errors.filter((e) => e.path === `${path}/discount_pct` || e.path === `${path}/target_net` ||
        (e.path === path && e.code === 'discount_and_target'));
      syncText(row.error, errors.map((e) => e.message).join(' '));
      row.error.hidden = !errors.length;
      for (const input of [row.pct, row.target]) {
        const mine = errors.some((e) => e.path === input.dataset.path || e.path === path);
        if (mine) {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', row.error.id);
        } else {
          input.removeAttribute('aria-invalid');
          input.removeAttribute('aria-describedby');
        }
      }
    }
    if (this.open.has(row.key)) this.renderMath(row);
  }
}

customElements.define('priced-lines', PricedLinesElement);
