// <quote-outcome>: what happened to the quote — won, lost or still open, why, against whom and
// at what price, and the features the customer asked for that we do not sell (as said, and as
// short tags the insights page counts). Saved with the
// quote (outside the inputs the engine prices) so that product management can read it later.
import { h, editRecord, syncValue, syncChecked, field, typedDecimal, uniqueId } from '../lib/dom.js';
import { OUTCOME_STATUSES } from '../lib/quote-store.js';

const STATUS_LABELS = { open: 'Open', won: 'Won', lost: 'Lost' };
const REASONS = ['Price', 'Missing features', 'Incumbent renewed', 'Performance', 'Timing or budget', 'Went with a competitor', 'No decision'];
const COMPETITORS = ['Akamai', 'Cloudflare', 'Fastly', 'Amazon CloudFront', 'Google Cloud CDN', 'Azure Front Door', 'Edgio', 'Bunny'];

export class QuoteOutcomeElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const name = uniqueId('outcome');
    this.radios = OUTCOME_STATUSES.map((status) => h('input', { type: 'radio', name, value: status, id: `${name}-${status}` }));
    const reasons = h('datalist', { id: `${name}-reasons` }, ...REASONS.map((r) => h('option', { value: r })));
    const competitors = h('datalist', { id: `${name}-competitors` }, ...COMPETITORS.map((c) => h('option', { value: c })));
    this.reason = h('input', { type: 'text', list: reasons.id, maxlength: '200', autocomplete: 'off' });
    this.competitor = h('input', { type: 'text', list: competitors.id, maxlength: '120', autocomplete: 'off' });
    this.competitorPrice = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number' });
    this.missing = h('textarea', { rows: '2', maxlength: '1000', placeholder: 'One per line, e.g. "HTTP/3 prioritisation"' });
    this.tags = h('input', { type: 'text', maxlength: '300', autocomplete: 'off', placeholder: 'e.g. http3, edge-kv' });
    this.replaceChildren(
      h('fieldset', { class: 'status-choice' },
        h('legend', { text: 'Status' }),
        ...this.radios.map((radio) => h('label', { for: radio.id, class: 'radio-pill' }, radio, STATUS_LABELS[radio.value]))),
      h('div', { class: 'field-grid' },
        field({ label: 'Reason', control: this.reason }),
        field({ label: 'Competitor', control: this.competitor }),
        field({ label: 'Their price', control: this.competitorPrice, prefix: '$', suffix: '/month' }),
        field({ label: 'Asked for, but we do not sell', control: this.missing, className: 'wide' }),
        field({ label: 'Missing-feature tags', control: this.tags, hint: 'Short tags, separated by commas', className: 'wide' })),
      reasons, competitors);
    const save = (changes) => editRecord(this, 'outcome', { changes });
    for (const radio of this.radios) radio.addEventListener('change', () => save({ status: radio.value }), { signal });
    this.reason.addEventListener('input', () => save({ reason: this.reason.value }), { signal });
    this.competitor.addEventListener('input', () => save({ competitor: this.competitor.value }), { signal });
    this.competitorPrice.addEventListener('input', () => save({ competitor_monthly: typedDecimal(this.competitorPrice.value) }), { signal });
    this.missing.addEventListener('input', () => save({
      missing_features: this.missing.value.split('\n').map((f) => f.trim()).filter(Boolean),
    }), { signal });
    this.tags.addEventListener('input', () => save({
      missing_feature_tags: this.tags.value.split(/[,;]/).map((t) => t.trim()).filter(Boolean),
    }), { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(state) {
    const outcome = state.record.outcome ?? {};
    for (const radio of this.radios) syncChecked(radio, radio.value === (outcome.status ?? 'open'));
    syncValue(this.reason, outcome.reason ?? '');
    syncValue(this.competitor, outcome.competitor ?? '');
    syncValue(this.competitorPrice, outcome.competitor_monthly ?? '');
    // Keep what is being typed (blank lines included) while the textarea has focus.
    syncValue(this.missing, (outcome.missing_features ?? []).join('\n'));
    syncValue(this.tags, (outcome.missing_feature_tags ?? []).join(', '));
  }
}

customElements.define('quote-outcome', QuoteOutcomeElement);
