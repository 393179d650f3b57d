// <line-math>: "show the math" for one priced line — the bundle allowance taken off, every tier
// slice (from, to, quantity, unit price, flat fee, amount) and the waterfall from list to net,
// exactly as the engine returned them.
import { h } from '../lib/dom.js';
import { money, percent, quantity } from '../lib/format.js';

const STEP_LABELS = {
  list: 'List (tier math)',
  term: 'Term discount',
  commit: 'Commit discount',
  rep: 'Rep discount',
  quote: 'Quote discount',
  net: 'Net',
};

const isZeroText = (text) => /^-?0*(\.0*)?$/.test(String(text ?? '0'));

// A slice that is only a fixed fee (a flat-priced product, a bundle's fee): no quantity, no unit
// price, no tier edges. A table of "quantity 0, 0 and up" would say nothing true about it.
const isFixedFee = (tier) => isZeroText(tier.quantity) && isZeroText(tier.unit_price) && isZeroText(tier.from) && tier.to === null && !isZeroText(tier.flat);

function fixedFeeSentence(line, tier, currency) {
  const what = tier.note === 'bundle fee' ? 'The bundle\'s fixed fee' : 'A fixed price';
  const when = line.billing === 'one_time' ? 'charged once' : 'a month';
  return `${what}: ${money(tier.flat, currency)} ${when}, whatever the usage; there is no tier math for this line.`;
}

export class LineMathElement extends HTMLElement {
  // `fullLine(line)`: the line in full detail, for a line that came without its tiers and
  // waterfall (a large quote's, from the pricing worker: quote-session.js fullDetail), or null
  // when it is to be had no more; then `redo()` has the line drawn again with the next price.
  set data(data) {
    this.shown = data;
    if ('tiers' in data.line || !data.fullLine) {
      this.draw(data);
      return;
    }
    this.textContent = 'Loading the math…';
    data.fullLine(data.line).then((line) => {
      if (this.shown !== data) return;
      if (line) this.draw({ ...data, line });
      else {
        this.textContent = 'The math is shown once the quote is priced again.';
        data.redo?.();
      }
    });
  }

  draw({ line, currency, regions, termMonths }) {
    this.line = line;
    const regionName = (id) => regions.find((r) => r.id === id)?.name ?? id ?? '—';
    const unit = line.priced_unit ?? '';
    const parts = [];

    if (line.allowance && line.allowance !== '0') {
      parts.push(h('p', { class: 'math-note' },
        `${quantity(line.allowance)} ${unit} of ${quantity(line.priced_quantity)} ${unit} is included in the bundle; the rest is priced below.`));
    }

    if (line.tiers?.length && line.tiers.every(isFixedFee)) {
      for (const tier of line.tiers) {
        parts.push(h('p', { class: 'math-note fixed-fee', dataset: { amount: tier.amount }, text: fixedFeeSentence(line, tier, currency) }));
      }
    } else if (line.tiers?.length) {
      const hasRegions = line.tiers.some((t) => t.region);
      const hasFlat = line.tiers.some((t) => t.flat && t.flat !== '0');
      const hasNotes = line.tiers.some((t) => t.note);
      parts.push(h('table', { class: 'math-table tiers' },
        h('caption', { text: `Tier breakdown${unit ? ` (in ${unit})` : ''}` }),
        h('thead', {}, h('tr', {},
          hasRegions ? h('th', { scope: 'col', text: 'Region' }) : null,
          h('th', { scope: 'col', text: 'Tier' }),
          h('th', { scope: 'col', class: 'num', text: 'From' }),
          h('th', { scope: 'col', class: 'num', text: 'To' }),
          h('th', { scope: 'col', class: 'num', text: 'Quantity' }),
          h('th', { scope: 'col', class: 'num', text: 'Unit price' }),
          hasFlat ? h('th', { scope: 'col', class: 'num', text: 'Flat' }) : null,
          h('th', { scope: 'col', class: 'num', text: 'Amount' }),
          hasNotes ? h('th', { scope: 'col', text: 'Note' }) : null)),
        h('tbody', {}, ...line.tiers.map((tier) => h('tr', {
          dataset: {
            tierRow: '', region: tier.region ?? '', tier: tier.tier, from: tier.from, to: tier.to ?? '',
            quantity: tier.quantity, unitPrice: tier.unit_price, flat: tier.flat, amount: tier.amount,
          },
        },
          hasRegions ? h('td', { text: regionName(tier.region) }) : null,
          h('td', { class: 'num', text: tier.tier }),
          h('td', { class: 'num', text: quantity(tier.from) }),
          h('td', { class: 'num', text: tier.to === null ? 'and up' : quantity(tier.to) }),
          h('td', { class: 'num', text: quantity(tier.quantity) }),
          h('td', { class: 'num', text: money(tier.unit_price, currency) }),
          hasFlat ? h('td', { class: 'num', text: money(tier.flat, currency) }) : null,
          h('td', { class: 'num strong', text: money(tier.amount, currency) }),
          hasNotes ? h('td', { class: 'note', text: tier.note ?? '' }) : null)))));
    }

    if (line.waterfall?.length) {
      parts.push(h('table', { class: 'math-table waterfall' },
        h('caption', { text: 'From list to net' }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: 'Step' }),
          h('th', { scope: 'col', class: 'num', text: '%' }),
          h('th', { scope: 'col', class: 'num', text: 'Amount' }),
          h('th', { scope: 'col', class: 'num', text: 'Running' }))),
        h('tbody', {}, ...line.waterfall.map((step) => h('tr', { class: `step-${step.step}`, dataset: { step: step.step, amount: step.amount } },
          h('th', { scope: 'row', text: step.step === 'term' && termMonths ? `${STEP_LABELS.term} (${termMonths} months)` : STEP_LABELS[step.step] ?? step.step }),
          h('td', { class: 'num', text: step.pct === null ? '' : percent(step.pct) }),
          h('td', { class: 'num', text: money(step.amount, currency) }),
          h('td', { class: 'num strong', text: money(step.running, currency) }))))));
    }
    if (!parts.length) parts.push(h('p', { class: 'math-note', text: 'No breakdown for this line.' }));
    this.replaceChildren(...parts);
  }
}

customElements.define('line-math', LineMathElement);
