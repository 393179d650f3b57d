// <traffic-fields>: the traffic as a customer describes it on a call — a monthly total with its
// unit, where the users are (a region mix, by slider or number), and how many requests.
import { h, fill, field, syncValue, syncOptions, editQuote, showErrors, setFieldPath, typedDecimal } from '../lib/dom.js';
import { quantity as formatQuantity } from '../lib/format.js';
import {
  includedQuantity, lineIndexOf, productOf, productsIn, regionMixOf, REQUESTS_CATEGORY, TRAFFIC_CATEGORY, unitsFor,
} from '../lib/quote-model.js';

const TRAFFIC_PRESETS = [['1', 'TB'], ['10', 'TB'], ['60', 'TB'], ['250', 'TB'], ['1', 'PB']];
const MIX_PRESETS = [
  { label: 'NA only', mix: { na: '100' } },
  { label: '70 / 20 / 10', mix: { na: '70', eu: '20', apac: '10' } },
  { label: '50 / 30 / 20', mix: { na: '50', eu: '30', apac: '20' } },
];

// A row of preset chips is one Tab stop (the chip last used, else the first); the arrow keys,
// Home and End move along it and Enter or Space picks a chip (the toolbar pattern).
function presetToolbar(label, chips, signal) {
  const bar = h('div', { class: 'chips', role: 'toolbar', 'aria-label': label }, ...chips);
  const stop = (chip) => chips.forEach((c) => c.setAttribute('tabindex', c === chip ? '0' : '-1'));
  if (chips.length) stop(chips[0]);
  bar.addEventListener('focusin', (event) => { if (chips.includes(event.target)) stop(event.target); }, { signal });
  bar.addEventListener('keydown', (event) => {
    const at = chips.indexOf(event.target);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: chips.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    chips[(to + chips.length) % chips.length].focus();
  }, { signal });
  return bar;
}

function preferredUnit(units, preferred) {
  return (units.find((u) => preferred.includes(u.id)) ?? units[units.length - 1])?.id;
}

export class TrafficFieldsElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    this.replaceChildren();
    this.built = null;
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  // The fields depend on the book's regions and the bundle's delivery and requests products;
  // rebuilt only when those change, so focus and typing are never disturbed.
  build(state) {
    const { book, quote } = state;
    const signal = this.abort.signal;
    const deliveryProducts = productsIn(book, quote.bundle, TRAFFIC_CATEGORY);
    const requestProducts = productsIn(book, quote.bundle, REQUESTS_CATEGORY);
    const signature = JSON.stringify([book.id, book.version, quote.bundle ?? '', deliveryProducts.map((p) => p.sku), requestProducts.map((p) => p.sku)]);
    if (this.built === signature) return;
    this.built = signature;

    this.product = h('select');
    this.amount = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number big' });
    this.unit = h('select', { 'aria-label': 'Traffic unit' });
    this.included = h('p', { class: 'field-hint' });
    this.sanity = h('div', { class: 'sanity-warning', role: 'status', hidden: true });
    const presets = presetToolbar('Traffic presets',
      TRAFFIC_PRESETS.filter(([, unit]) => book.units.some((u) => u.id === unit)).map(([amount, unit]) =>
        h('button', { type: 'button', class: 'chip', dataset: { amount, unit }, text: `${amount} ${unit}` })), signal);
    presets.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-amount]');
      if (button) this.setTraffic(button.dataset.amount, button.dataset.unit);
    }, { signal });

    this.shares = new Map();
    const regionRows = book.regions.map((region) => {
      const number = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number share' });
      const slider = h('input', { type: 'range', min: '0', max: '100', step: '1', 'aria-label': `${region.name} share`, class: 'share-slider' });
      number.addEventListener('input', () => editQuote(this, 'region-share', { region: region.id, share: typedDecimal(number.value) }), { signal });
      slider.addEventListener('input', () => {
        number.value = slider.value;
        editQuote(this, 'region-share', { region: region.id, share: slider.value });
      }, { signal });
      this.shares.set(region.id, { number, slider });
      return h('div', { class: 'region-row' },
        field({ label: region.name, control: number, suffix: '%', className: 'share-field' }),
        slider);
    });
    this.mixTotal = h('p', { class: 'mix-total', 'aria-live': 'polite' });
    this.mixError = h('p', { class: 'field-error', hidden: true, dataset: { exact: '' } });
    this.mixError.id = `${this.amount.id || 'traffic'}-mix-error`;
    const mixPresets = presetToolbar('Region mix presets',
      MIX_PRESETS.filter((p) => Object.keys(p.mix).every((id) => book.regions.some((r) => r.id === id))).map((preset, i) =>
        h('button', { type: 'button', class: 'chip', dataset: { preset: i }, text: preset.label })), signal);
    mixPresets.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-preset]');
      if (button) editQuote(this, 'region-mix', { mix: MIX_PRESETS[Number(button.dataset.preset)].mix });
    }, { signal });

    this.requests = requestProducts.map((product) => {
      const input = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number', placeholder: 'none' });
      const unit = h('select', { 'aria-label': `${product.name} unit` });
      const units = unitsFor(book, product);
      syncOptions(unit, units.map((u) => ({ value: u.id, label: u.id.replace(/_/g, ' ') })), preferredUnit(units, ['M_requests']));
      const write = () => editQuote(this, 'requests', { sku: product.sku, quantity: typedDecimal(input.value), unit: unit.value });
      input.addEventListener('input', write, { signal });
      unit.addEventListener('change', write, { signal });
      return { product, input, unit, element: field({ label: `${product.name} a month`, control: input, suffix: unit }) };
    });

    const write = () => editQuote(this, 'traffic',
      { sku: this.product.value || deliveryProducts[0]?.sku, quantity: typedDecimal(this.amount.value), unit: this.unit.value });
    this.amount.addEventListener('input', write, { signal });
    this.unit.addEventListener('change', write, { signal });
    this.product.addEventListener('change', write, { signal });

    syncOptions(this.product, deliveryProducts.map((p) => ({ value: p.sku, label: p.name })), deliveryProducts[0]?.sku);
    const productField = field({ label: 'Delivery product', control: this.product });
    productField.hidden = deliveryProducts.length < 2;

    fill(this,
      h('div', { class: 'traffic-main' },
        productField,
        field({ label: 'Monthly traffic', control: this.amount, suffix: this.unit, className: 'traffic-amount' }),
        this.included,
        presets,
        this.sanity),
      h('fieldset', { class: 'region-mix' },
        h('legend', { text: 'Where the users are' }),
        h('div', { class: 'region-grid' }, ...regionRows),
        h('div', { class: 'mix-footer' }, this.mixTotal, mixPresets),
        this.mixError),
      this.requests.length
        ? h('div', { class: 'field-grid requests' }, ...this.requests.map((r) => r.element))
        : null);
  }

  setTraffic(amount, unit) {
    editQuote(this, 'traffic', { sku: this.product.value, quantity: amount, unit });
  }

  set state(state) {
    this.build(state);
    const { book, quote } = state;
    const index = lineIndexOf(book, quote, TRAFFIC_CATEGORY);
    const line = quote.lines[index];
    const product = productOf(book, line?.sku) ?? productsIn(book, quote.bundle, TRAFFIC_CATEGORY)[0];
    if (!product) return;
    const units = unitsFor(book, product);
    syncOptions(this.unit, units.map((u) => ({ value: u.id, label: u.id })), line?.unit ?? product.unit);
    if (line) syncOptions(this.product, [...this.product.options].map((o) => ({ value: o.value, label: o.textContent })), line.sku);
    syncValue(this.amount, line?.quantity ?? '');
    const base = index >= 0 ? `/lines/${index}` : '/lines/-';
    setFieldPath(this.amount, `${base}/quantity`);
    setFieldPath(this.unit, `${base}/unit`);
    setFieldPath(this.product, `${base}/sku`);

    const included = includedQuantity(book, quote.bundle, product.sku);
    const bundleName = book.bundles?.find((b) => b.id === quote.bundle)?.name;
    this.included.textContent = included ? `${bundleName} includes ${formatQuantity(included.quantity)} ${included.unit ?? product.unit} a month.` : '';
    this.included.hidden = !included;

    const mix = regionMixOf(line);
    for (const [regionId, { number, slider }] of this.shares) {
      const share = mix[regionId] ?? '';
      syncValue(number, share === '' ? '0' : share);
      if (!slider.matches(':active')) slider.value = share === '' ? '0' : share;
      setFieldPath(number, `${base}/region_mix/${regionId}`);
    }
    this.mixError.dataset.errorFor = `${base}/region_mix`;
    const sum = Object.values(mix).reduce((total, share) => total + (Number(share) || 0), 0);
    // Display only: the engine checks the sum exactly and reports region_mix_sum.
    const rounded = Math.round(sum * 1000) / 1000;
    this.mixTotal.textContent = rounded === 100 ? 'Total 100% ✓' : `Total ${rounded}% — must be 100%`;
    this.mixTotal.classList.toggle('bad', rounded !== 100);

    for (const request of this.requests) {
      const requestIndex = quote.lines.findIndex((l) => l.sku === request.product.sku);
      const requestLine = quote.lines[requestIndex];
      syncValue(request.input, requestLine?.quantity ?? '');
      if (requestLine?.unit && !request.unit.matches(':focus')) request.unit.value = requestLine.unit;
      setFieldPath(request.input, requestIndex >= 0 ? `/lines/${requestIndex}` : `/lines/-${request.product.sku}`);
    }

    const sanity = state.sanity;
    this.sanity.hidden = !sanity;
    this.sanity.replaceChildren(...(sanity ? [h('strong', { text: 'Check the unit. ' }), sanity.message] : []));
    showErrors(this, state.errors);
  }
}

customElements.define('traffic-fields', TrafficFieldsElement);
