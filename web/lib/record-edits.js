// The edits of the saved record around the quote (rep page only), by name with plain data, as
// record-edit {edit: 'title', title} asks for them (see editRecord in dom.js). An unknown name is
// an error.
import { UnknownEditError } from './quote-edits.js';
import { MAX_SCENARIOS, scenarioId } from './scenarios.js';

// Edits of the saved record around the quote (rep page): title, outcome, scenarios.
export const RECORD_EDITS = {
  title: (record, { title }) => {
    record.title = String(title ?? '');
  },
  outcome: (record, { changes }) => {
    record.outcome = { ...record.outcome, ...changes, updatedAt: new Date().toISOString() };
  },
  'add-scenario': (record) => {
    if (record.scenarios.length >= MAX_SCENARIOS) return;
    const last = record.scenarios.at(-1) ?? { term_months: null, commit: null, discount_pct: null };
    record.scenarios = [...record.scenarios, { ...last, id: scenarioId() }];
  },
  'update-scenario': (record, { id, changes }) => {
    const { term_months, commit, discount_pct } = changes;
    const allowed = Object.fromEntries(Object.entries({ term_months, commit, discount_pct }).filter(([, v]) => v !== undefined));
    record.scenarios = record.scenarios.map((s) => (s.id === id ? { ...s, ...allowed } : s));
  },
  'remove-scenario': (record, { id }) => {
    record.scenarios = record.scenarios.filter((s) => s.id !== id);
  },
};

export function recordEditNamed(name) {
  if (!Object.hasOwn(RECORD_EDITS, name)) throw new UnknownEditError('record edit', name);
  return RECORD_EDITS[name];
}
