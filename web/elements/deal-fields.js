// <deal-fields>: who the customer is and the shape of the deal — name, segment, the incumbent's
// price, bundle, term and commit. Everything the price book offers is read from the book.
import { h, field, syncValue, syncOptions, editQuote, showErrors, typedDecimal } from '../lib/dom.js';
import { money, percent, moneyWhole } from '../lib/format.js';

export class DealFieldsElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const { signal } = this.abort;
    this.name = h('input', { type: 'text', autocomplete: 'off', maxlength: '120', placeholder: 'Customer or prospect' });
    this.segment = h('select');
    this.incumbent = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: 'none', class: 'number' });
    this.bundle = h('select');
    this.term = h('select');
    this.commit = h('select');
    // Text, not type=date: a date input's day, month and year are Tab stops of their own, and
    // the engine checks the date (invalid_date at /as_of) whatever is typed.
    this.asOf = h('input', { type: 'text', autocomplete: 'off', placeholder: 'YYYY-MM-DD', maxlength: '10', inputmode: 'numeric', class: 'number' });
    this.replaceChildren(
      h('div', { class: 'field-grid' },
        field({ label: 'Customer', control: this.name, path: '/customer/name', className: 'wide' }),
        field({ label: 'Segment', control: this.segment, path: '/customer/segment', hint: ' ' }),
        field({ label: 'Incumbent pays', control: this.incumbent, path: '/customer/incumbent_monthly', prefix: '$', suffix: '/month' }),
        field({ label: 'Bundle', control: this.bundle, path: '/bundle' }),
        field({ label: 'Term', control: this.term, path: '/term_months' }),
        field({ label: 'Commit', control: this.commit, path: '/commit' }),
        field({ label: 'Priced for', control: this.asOf, path: '/as_of', hint: ' ' })));
    this.bandHint = this.querySelector(`#${this.segment.id}-hint`);
    this.bookHint = this.querySelector(`#${this.asOf.id}-hint`);

    this.name.addEventListener('input', () => editQuote(this, 'customer-name', { name: this.name.value }), { signal });
    this.segment.addEventListener('change', () => editQuote(this, 'segment', { segment: this.segment.value }), { signal });
    this.incumbent.addEventListener('input', () => editQuote(this, 'incumbent', { monthly: typedDecimal(this.incumbent.value) }), { signal });
    this.bundle.addEventListener('change', () => editQuote(this, 'bundle', { bundle: this.bundle.value }), { signal });
    this.term.addEventListener('change', () => editQuote(this, 'term', { months: Number(this.term.value) }), { signal });
    this.commit.addEventListener('change', () => editQuote(this, 'commit', { monthlySpend: this.commit.value }), { signal });
    // On 'change' (Enter, or leaving the field), not on each key: a date being typed is not a date yet.
    this.asOf.addEventListener('change', () => editQuote(this, 'as-of', { date: this.asOf.value.trim() }), { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  focusFirstField() {
    this.name?.focus();
  }

  set state(state) {
    this.current = state;
    const { book, quote, currency } = state;
    syncValue(this.name, quote.customer?.name ?? '');
    syncOptions(this.segment, book.segments.map((s) => ({ value: s.id, label: s.name })), quote.customer?.segment);
    syncValue(this.incumbent, quote.customer?.incumbent_monthly ?? '');
    syncOptions(this.bundle, [
      { value: '', label: 'No bundle (à la carte)' },
      ...(book.bundles ?? []).map((b) => ({ value: b.id, label: `${b.name} — ${moneyWhole(b.price, currency)}/month` })),
    ], quote.bundle ?? '');
    const terms = (book.terms ?? []).map((t) => ({
      value: String(t.months),
      label: `${t.months} ${t.months === 1 ? 'month' : 'months'}${Number(t.discount_pct) ? ` (−${percent(t.discount_pct)})` : ''}`,
    }));
    if (!terms.some((t) => t.value === String(quote.term_months))) terms.push({ value: String(quote.term_months), label: `${quote.term_months} months (not offered)` });
    syncOptions(this.term, terms, String(quote.term_months));
    const commits = [{ value: '', label: 'No commit' },
      ...(book.commits ?? []).map((c) => ({ value: c.min_monthly, label: `${moneyWhole(c.min_monthly, currency)}/month (−${percent(c.discount_pct)})` }))];
    const spend = quote.commit?.monthly_spend ?? '';
    if (spend && !commits.some((c) => c.value === spend)) commits.push({ value: spend, label: `${money(spend, currency)}/month` });
    syncOptions(this.commit, commits, spend);
    const band = book.segments.find((s) => s.id === quote.customer?.segment)?.deal_band;
    this.bandHint.textContent = band && state.mode === 'rep'
      ? `Typical deal: ${moneyWhole(band.low, currency)}–${moneyWhole(band.high, currency)}/month`
      : '';
    this.bandHint.hidden = !this.bandHint.textContent;
    // The date the quote is priced for, and the book version that prices it (on a site with
    // several versions, the one in effect on that date: web/lib/book-versions.js).
    syncValue(this.asOf, quote.as_of ?? '');
    const until = book.effective_to ? ` to ${book.effective_to}` : '';
    this.bookHint.textContent = `Price book ${book.version}, in effect ${book.effective_from ?? '(no date)'}${until}`;
    // A prospect states neither a segment (the host's context) nor what an incumbent charges.
    const prospect = state.mode === 'prospect';
    this.asOf.closest('.field').hidden = prospect;
    this.segment.closest('.field').hidden = prospect;
    this.incumbent.closest('.field').hidden = prospect;
    showErrors(this, state.errors);
  }
}

customElements.define('deal-fields', DealFieldsElement);
