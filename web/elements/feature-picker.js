// <feature-picker>: premium features and add-ons, one row each: a checkbox, the book's list price
// as a reminder, and a quantity where the price depends on one. What the bundle does not offer
// is shown disabled, with the reason.
import { h, syncValue, syncChecked, syncOptions, editQuote, showErrors, typedDecimal, uniqueId } from '../lib/dom.js';
import { compactQuantity, money, moneyWhole, percent, quantity as formatQuantity, unitLabel } from '../lib/format.js';
import { isZero } from '../lib/decimal-text.js';
import { dimensionOf, includedQuantity, isAllowed, isFeature, isSwitchOnly, productOf, unitsFor } from '../lib/quote-model.js';

// The book's list price in a few words, from the engine's headline figures of the product's
// price model (`list` in the book view), shown as written.
function listPriceHint(product, currency) {
  const list = product.list;
  const per = product.billing === 'one_time' ? ' one-time' : '/month';
  switch (list.model) {
    case 'flat':
      return `${moneyWhole(list.amount, currency)}${per}`;
    case 'per_unit':
      return product.unit === 'each' ? `${moneyWhole(list.unit_price, currency)} each` : `${money(list.unit_price, currency)} per ${unitLabel(product.unit)}`;
    case 'percentage':
      return `${percent(list.rate)} of the quote${list.min ? `, min ${moneyWhole(list.min, currency)}` : ''}`;
    case 'package':
      return `${moneyWhole(list.price, currency)} per ${compactQuantity(list.size)} ${unitLabel(product.unit)}`;
    case 'stairstep':
      return `from ${moneyWhole(list.amount, currency)}${per}`;
    case 'graduated':
    case 'volume':
      return isZero(list.unit_price) && !isZero(list.flat)
        ? `from ${moneyWhole(list.flat, currency)}${per}`
        : `from ${money(list.unit_price, currency)} per ${unitLabel(product.unit)}`;
    default:
      return '';
  }
}

export class FeaturePickerElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    this.rows = new Map();
    this.built = null;
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  build(book, currency) {
    const signature = `${book.id}@${book.version}`;
    if (this.built === signature) return;
    this.built = signature;
    const signal = this.abort.signal;
    this.rows.clear();
    const list = h('ul', { class: 'feature-list', role: 'list' });
    for (const product of book.products.filter(isFeature)) {
      const checkbox = h('input', { type: 'checkbox', id: uniqueId('feature') });
      const row = { product, checkbox };
      const label = h('label', { for: checkbox.id, class: 'feature-name', text: product.name });
      const price = h('span', { class: 'feature-price', text: listPriceHint(product, currency) });
      const premium = product.premium ? h('span', { class: 'badge premium', text: 'Premium' }) : null;
      const status = h('span', { class: 'feature-status' });
      const quantityCell = h('span', { class: 'feature-quantity' });
      if (!isSwitchOnly(product)) {
        row.quantity = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number', 'aria-label': `${product.name} quantity` });
        const units = unitsFor(book, product);
        if (units.length > 1 && dimensionOf(book, product) !== 'count') {
          row.unit = h('select', { 'aria-label': `${product.name} unit` });
          syncOptions(row.unit, units.map((u) => ({ value: u.id, label: unitLabel(u.id) })), product.unit);
        }
        quantityCell.append(row.quantity, row.unit ?? h('span', { class: 'affix', text: unitLabel(product.unit) }));
        const write = () => editQuote(this, 'feature-quantity',
          { sku: product.sku, quantity: typedDecimal(row.quantity.value), unit: row.unit?.value });
        row.quantity.addEventListener('input', write, { signal });
        row.unit?.addEventListener('change', write, { signal });
      }
      checkbox.addEventListener('change', () => editQuote(this, 'feature', { sku: product.sku, on: checkbox.checked }), { signal });
      row.error = h('p', { class: 'field-error', id: `${checkbox.id}-error`, hidden: true, dataset: { control: checkbox.id } });
      row.status = status;
      row.quantityCell = quantityCell;
      row.element = h('li', { class: 'feature-row', dataset: { sku: product.sku } },
        h('span', { class: 'feature-check' }, checkbox), label, price,
        h('span', { class: 'feature-sub' }, premium, status), quantityCell, row.error);
      this.rows.set(product.sku, row);
      list.append(row.element);
    }
    this.replaceChildren(list);
  }

  set state(state) {
    const { book, quote, currency } = state;
    this.build(book, currency);
    const bundle = book.bundles?.find((b) => b.id === quote.bundle);
    for (const [sku, row] of this.rows) {
      const index = quote.lines.findIndex((l) => l.sku === sku);
      const line = quote.lines[index];
      const allowed = isAllowed(book, quote.bundle, sku);
      syncChecked(row.checkbox, Boolean(line));
      row.checkbox.disabled = !allowed && !line;
      row.element.classList.toggle('unavailable', !allowed);
      row.element.classList.toggle('selected', Boolean(line));
      const included = includedQuantity(book, quote.bundle, sku);
      row.status.textContent = !allowed
        ? `Not offered with ${bundle?.name ?? 'this bundle'}`
        : included ? `${formatQuantity(included.quantity)} ${included.unit ?? productOf(book, sku).unit} included in ${bundle.name}` : '';
      if (row.quantity) {
        row.quantityCell.hidden = !line;
        syncValue(row.quantity, line?.quantity ?? '');
        if (row.unit) {
          if (line?.unit && !row.unit.matches(':focus')) row.unit.value = line.unit;
        }
        row.quantity.id ||= `${row.checkbox.id}-quantity`;
      }
      const path = index >= 0 ? `/lines/${index}` : `/lines/-${sku}`;
      row.error.dataset.errorFor = path;
      row.checkbox.dataset.path = path;
    }
    this.hidden = this.rows.size === 0;
    showErrors(this, state.errors);
    // Rows with a problem stand out even when the message is long.
    for (const row of this.rows.values()) row.element.classList.toggle('has-error', !row.error.hidden);
  }
}

customElements.define('feature-picker', FeaturePickerElement);
