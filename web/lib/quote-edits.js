// The edits a view may ask for, by name, with plain data: a view dispatches
// `quote-edit` {edit: 'term', months: 24} (see editQuote in dom.js) and the quote session applies
// the edit of that name to a copy of the quote. Events carry data, never functions, so a host,
// a test or a log can read what was asked; a name not in the table is an error, not a no-op.
import {
  editableCopy, replaceLine, setFeature, setLineDiscount, setOptional, setRegionMix, setRegionShare, setRequestsLine,
  setTrafficLine, switchBundle,
} from './quote-model.js';

// A variant of the quote with a scenario's overrides (web/lib/scenarios.js): term_months null =
// the quote's; commit null = the quote's, '' = none, else a monthly spend; discount_pct null = the
// quote's, else a quote-level discount. Only the header changes: the lines are the quote's own
// objects (see editableCopy), never changed here.
export function applyScenario(quote, scenario) {
  const variant = editableCopy(quote);
  if (scenario.term_months) variant.term_months = scenario.term_months;
  if (variant.periods) variant.periods = fitPeriods(variant.periods, variant.term_months);
  if (scenario.commit === '') delete variant.commit;
  else if (scenario.commit) variant.commit = { monthly_spend: scenario.commit };
  if (scenario.discount_pct !== null && scenario.discount_pct !== undefined) setOptional(variant, 'discount_pct', scenario.discount_pct);
  return variant;
}

// A ramp (quote.periods) follows a new term: periods starting past it are dropped and the last
// one kept ends at it, so the periods still cover months 1..term as the engine requires.
export function fitPeriods(periods, term) {
  const kept = periods.filter((p) => p.from_month <= term);
  if (kept.length) kept[kept.length - 1].to_month = term;
  return kept;
}

export class UnknownEditError extends Error {
  constructor(kind, name) {
    super(`unknown ${kind} "${name}"`);
    this.name = 'UnknownEditError';
  }
}

// Each edit mutates the quote it is given (editableCopy: the header and the list of lines are
// copies, each line is shared with the quote before the edit and is replaced, never changed in
// place: quote-model.js replaceLine) and may return a notice for the person.
export const QUOTE_EDITS = {
  'customer-name': (quote, view, { name }) => {
    quote.customer ??= {};
    quote.customer.name = String(name ?? '');
  },
  segment: (quote, view, { segment }) => {
    quote.customer ??= {};
    quote.customer.segment = String(segment ?? '');
  },
  incumbent: (quote, view, { monthly }) => {
    quote.customer ??= {};
    setOptional(quote.customer, 'incumbent_monthly', monthly);
  },
  // The incumbent by name (a competitor book's vendor id): its estimate belongs to the vendor it
  // names, so it goes; the comparison panel writes the new one (web/elements/later/).
  'incumbent-vendor': (quote, view, { vendor }) => {
    quote.customer ??= {};
    setOptional(quote.customer, 'incumbent_vendor', vendor ? String(vendor) : '');
    delete quote.customer.incumbent_estimate;
  },
  // {vendor, vendor_name, monthly, lines} from the comparison engine, or null to drop it. `lines`:
  // the quote lines the estimate prices ([{line, regions?}]), so guidance compares like with like.
  'incumbent-estimate': (quote, view, { estimate }) => {
    quote.customer ??= {};
    if (estimate) {
      quote.customer.incumbent_estimate = { vendor: String(estimate.vendor), vendor_name: String(estimate.vendor_name), monthly: String(estimate.monthly) };
      if (Array.isArray(estimate.lines)) {
        quote.customer.incumbent_estimate.lines = estimate.lines.map((l) => (l.regions ? { line: Number(l.line), regions: l.regions.map(String) } : { line: Number(l.line) }));
      }
    } else delete quote.customer.incumbent_estimate;
  },
  term: (quote, view, { months }) => {
    quote.term_months = Number(months);
    if (quote.periods) quote.periods = fitPeriods(quote.periods, quote.term_months);
  },
  commit: (quote, view, { monthlySpend }) => {
    if (monthlySpend) quote.commit = { monthly_spend: String(monthlySpend) };
    else delete quote.commit;
  },
  // Switching bundles drops the features the new bundle does not offer: the person is told.
  bundle: (quote, view, { bundle }) => {
    const removed = switchBundle(view, quote, bundle);
    if (!removed.length) return null;
    const name = view.bundles.find((b) => b.id === bundle)?.name ?? 'this bundle';
    return { kind: 'info', text: `${removed.join(', ')} ${removed.length === 1 ? 'is' : 'are'} not offered with ${name}: removed from the quote.` };
  },
  traffic: (quote, view, { sku, quantity, unit }) => setTrafficLine(view, quote, sku, quantity, unit),
  requests: (quote, view, { sku, quantity, unit }) => setRequestsLine(view, quote, sku, quantity, unit),
  'region-share': (quote, view, { region, share }) => setRegionShare(view, quote, region, share),
  'region-mix': (quote, view, { mix }) => setRegionMix(view, quote, mix),
  feature: (quote, view, { sku, on }) => setFeature(view, quote, sku, Boolean(on)),
  'feature-quantity': (quote, view, { sku, quantity, unit }) => {
    const index = quote.lines.findIndex((l) => l.sku === sku);
    if (index < 0) return;
    replaceLine(quote, index, unit ? { quantity, unit } : { quantity });
  },
  'quote-discount': (quote, view, { pct }) => setOptional(quote, 'discount_pct', pct),
  // The date the quote is priced for (YYYY-MM-DD, '' for none): the engine checks it against the
  // book's dates, and the session prices with the book version in effect on it.
  'as-of': (quote, view, { date }) => setOptional(quote, 'as_of', date ? String(date) : ''),
  // A ramp, as the ramp editor holds it (web/elements/ramp-editor.js): periods of months, each
  // with its own lines and commit or the quote's; none ends the ramp. The engine validates them.
  periods: (quote, view, { periods }) => {
    if (Array.isArray(periods) && periods.length) quote.periods = structuredClone(periods);
    else delete quote.periods;
  },
  // `sku` guards a stale row (the quote changed and could not be priced yet): it must not edit
  // another line.
  'line-discount': (quote, view, { index, sku, field, value }) => {
    if (field !== 'discount_pct' && field !== 'target_net') throw new UnknownEditError('line discount field', field);
    if (quote.lines[index]?.sku === sku) setLineDiscount(quote, index, field, value);
  },
  'apply-scenario': (quote, view, { scenario }) => {
    Object.assign(quote, applyScenario(quote, scenario));
  },
};

export function quoteEditNamed(name) {
  if (!Object.hasOwn(QUOTE_EDITS, name)) throw new UnknownEditError('quote edit', name);
  return QUOTE_EDITS[name];
}

