// Scenarios: variants of the current quote that differ in term, commit or quote discount
// ("12 vs 36 months", "two commit levels"). A scenario stores only what it overrides, so it
// follows every other edit of the quote.
export { applyScenario } from './quote-edits.js';

export const MAX_SCENARIOS = 4;

let counter = 0;
export function scenarioId() {
  counter += 1;
  return `s${Date.now().toString(36)}${counter}`;
}

// term_months: null = the quote's; commit: null = the quote's, '' = none, else a monthly spend;
// discount_pct: null = the quote's, else a quote-level discount.
export function defaultScenarios(book, quote) {
  const terms = (book.terms ?? []).map((t) => t.months).filter((m) => m > 1);
  const picked = terms.length >= 3 ? [terms[0], terms[Math.floor(terms.length / 2)], terms[terms.length - 1]] : terms;
  const scenarios = picked.map((months) => ({ id: scenarioId(), term_months: months, commit: null, discount_pct: null }));
  const commits = book.commits ?? [];
  while (scenarios.length < 3 && commits.length) {
    const commit = commits[scenarios.length % commits.length];
    scenarios.push({ id: scenarioId(), term_months: null, commit: commit.min_monthly, discount_pct: null });
  }
  while (scenarios.length < 3) scenarios.push({ id: scenarioId(), term_months: quote.term_months, commit: null, discount_pct: null });
  return scenarios;
}
