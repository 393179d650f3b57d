// <quote-outcome>: what happened to the quote — won, lost or still open, why, against whom and
// at what price, and the features the customer asked for that we do not sell (as said, and as
// the book's known feature requests). Saved with the quote (outside the inputs the engine
// prices) so that product management can read it later.
//
// Reasons, competitors and feature requests come from the book's outcome catalogues (the
// engine's view: state.book.outcomes) as type-ahead (<input list> + <datalist>). Picking an
// entry saves its id; anything else typed is kept as "other: <text>". Matching free text to an
// entry is the engine's rule (insights), never done here: only an entry's exact name, as the
// list offers it, is taken for its id.
import { h, editRecord, syncValue, syncChecked, field, typedDecimal, uniqueId } from '../lib/dom.js';
import { OUTCOME_STATUSES } from '../lib/quote-store.js';

const STATUS_LABELS = { open: 'Open', won: 'Won', lost: 'Lost' };
const OTHER = 'other: ';
const NONE = [];

// A catalogue's saved value: the id of the entry whose name is exactly `text`, else "other: text".
function valueOf(entries, text) {
  const typed = text.trim();
  if (!typed) return null;
  return entries.find((e) => e.name === typed)?.id ?? `${OTHER}${typed}`;
}

// What a saved value shows: the entry's name, free text without its prefix, old text as it was.
function textOf(entries, value) {
  if (!value) return '';
  const entry = entries.find((e) => e.id === value);
  if (entry) return entry.name;
  return value.toLowerCase().startsWith(OTHER.trim()) ? value.slice(OTHER.trim().length).trim() : value;
}

// Options show the name; the synonyms ride along as the label so typing one finds the entry.
function fillList(list, entries) {
  if (list.entries === entries) return;
  list.entries = entries;
  list.replaceChildren(...entries.map((e) => h('option', { value: e.name, label: e.synonyms.length ? `also: ${e.synonyms.join(', ')}` : undefined })));
}

export class QuoteOutcomeElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const name = uniqueId('outcome');
    this.catalogues = { loss_reasons: NONE, win_reasons: NONE, competitors: NONE, feature_requests: NONE };
    this.status = 'open';
    this.featureTags = [];
    this.radios = OUTCOME_STATUSES.map((status) => h('input', { type: 'radio', name, value: status, id: `${name}-${status}` }));
    this.reasonList = h('datalist', { id: `${name}-reasons` });
    this.competitorList = h('datalist', { id: `${name}-competitors` });
    this.featureList = h('datalist', { id: `${name}-features` });
    this.reason = h('input', { type: 'text', list: this.reasonList.id, maxlength: '200', autocomplete: 'off' });
    this.competitor = h('input', { type: 'text', list: this.competitorList.id, maxlength: '120', autocomplete: 'off' });
    this.competitorPrice = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'number' });
    this.missing = h('textarea', { rows: '2', maxlength: '1000', placeholder: 'One per line, e.g. "HTTP/3 prioritisation"' });
    this.feature = h('input', { type: 'text', list: this.featureList.id, maxlength: '120', autocomplete: 'off', placeholder: 'Type to pick, Enter to add' });
    this.addFeature = h('button', { type: 'button', class: 'quiet', text: 'Add' });
    this.chosen = h('ul', { class: 'chips', 'aria-label': 'Missing features recorded' });
    this.replaceChildren(
      h('fieldset', { class: 'status-choice' },
        h('legend', { text: 'Status' }),
        ...this.radios.map((radio) => h('label', { for: radio.id, class: 'radio-pill' }, radio, STATUS_LABELS[radio.value]))),
      h('div', { class: 'field-grid' },
        field({ label: 'Reason', control: this.reason, hint: 'Pick from the list or type your own' }),
        field({ label: 'Competitor', control: this.competitor }),
        field({ label: 'Their price', control: this.competitorPrice, prefix: '$', suffix: '/month' }),
        field({ label: 'Asked for, but we do not sell', control: this.missing, className: 'wide' }),
        field({ label: 'Missing features', control: this.feature, suffix: this.addFeature, className: 'wide' }),
        h('div', { class: 'wide' }, this.chosen)),
      this.reasonList, this.competitorList, this.featureList);
    const save = (changes) => editRecord(this, 'outcome', { changes });
    for (const radio of this.radios) radio.addEventListener('change', () => save({ status: radio.value }), { signal });
    this.reason.addEventListener('input', () => save({ reason: valueOf(this.reasonEntries(), this.reason.value) }), { signal });
    this.competitor.addEventListener('input', () => save({ competitor: valueOf(this.catalogues.competitors, this.competitor.value) }), { signal });
    this.competitorPrice.addEventListener('input', () => save({ competitor_monthly: typedDecimal(this.competitorPrice.value) }), { signal });
    this.missing.addEventListener('input', () => save({
      missing_features: this.missing.value.split('\n').map((f) => f.trim()).filter(Boolean),
    }), { signal });
    // Kept here at once: the panel is drawn again (set state) only after the edit is applied, and
    // an add before that (Enter, type, Enter within a frame) must build on this one.
    const saveTags = (tags) => {
      this.featureTags = tags;
      save({ missing_feature_tags: tags });
    };
    const add = () => {
      const value = valueOf(this.catalogues.feature_requests, this.feature.value);
      this.feature.value = '';
      if (value && !this.featureTags.includes(value)) saveTags([...this.featureTags, value]);
    };
    this.addFeature.addEventListener('click', add, { signal });
    this.feature.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      add();
    }, { signal });
    // A pick from the list (no key typed) adds it at once.
    this.feature.addEventListener('input', (event) => {
      if (event.inputType === 'insertReplacementText' || event.inputType === undefined) {
        if (this.catalogues.feature_requests.some((e) => e.name === this.feature.value)) add();
      }
    }, { signal });
    this.chosen.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-tag]');
      if (button) saveTags(this.featureTags.filter((t) => t !== button.dataset.tag));
    }, { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  // Won deals give win reasons; lost (and open) ones loss reasons.
  reasonEntries() {
    return this.status === 'won' ? this.catalogues.win_reasons : this.catalogues.loss_reasons;
  }

  set state(state) {
    this.catalogues = state.book?.outcomes ?? this.catalogues;
    const outcome = state.record.outcome ?? {};
    this.status = outcome.status ?? 'open';
    for (const radio of this.radios) syncChecked(radio, radio.value === this.status);
    fillList(this.reasonList, this.reasonEntries());
    fillList(this.competitorList, this.catalogues.competitors);
    fillList(this.featureList, this.catalogues.feature_requests);
    syncValue(this.reason, textOf(this.reasonEntries(), outcome.reason));
    syncValue(this.competitor, textOf(this.catalogues.competitors, outcome.competitor));
    syncValue(this.competitorPrice, outcome.competitor_monthly ?? '');
    // Keep what is being typed (blank lines included) while the textarea has focus.
    syncValue(this.missing, (outcome.missing_features ?? []).join('\n'));
    this.featureTags = outcome.missing_feature_tags ?? [];
    const shown = this.featureTags.map((tag) => textOf(this.catalogues.feature_requests, tag));
    if (this.chosen.dataset.shown !== JSON.stringify(this.featureTags)) {
      this.chosen.dataset.shown = JSON.stringify(this.featureTags);
      this.chosen.replaceChildren(...this.featureTags.map((tag, i) =>
        h('li', {}, h('button', { type: 'button', class: 'chip', 'data-tag': tag, 'aria-label': `Remove ${shown[i]}`, text: `${shown[i]} ×` }))));
    }
  }
}

customElements.define('quote-outcome', QuoteOutcomeElement);
