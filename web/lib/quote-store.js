// Saved quotes in localStorage, one key per quote, written on every change.
//
// One key per quote (not one big document) so that a corrupt entry — a half-written value, a
// hand edit, another version of the page — costs that one quote, never the whole list. A
// corrupt entry is moved aside (never deleted) and reported, so the page can say so and go on.

const PREFIX = 'edgequote.quote.';
const CORRUPT_PREFIX = 'edgequote.corrupt.';
const CURRENT_KEY = 'edgequote.current';
const REP_KEY = 'edgequote.rep';
export const RECORD_VERSION = 1;

export const OUTCOME_STATUSES = ['open', 'won', 'lost'];

export function newRecordId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `q-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function emptyOutcome() {
  return { status: 'open', reason: '', competitor: '', competitor_monthly: '', missing_features: [] };
}

// Returns the reason a value is not a usable record, or null.
export function recordProblem(record) {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return 'not an object';
  if (record.version !== RECORD_VERSION) return `unknown record version ${JSON.stringify(record.version)}`;
  if (typeof record.id !== 'string' || !/^q-[0-9a-f]{4,32}$/.test(record.id)) return 'bad id';
  if (typeof record.title !== 'string') return 'bad title';
  const quote = record.quote;
  if (!quote || typeof quote !== 'object' || !Array.isArray(quote.lines)) return 'no quote with lines';
  if (!quote.customer || typeof quote.customer !== 'object') return 'quote without customer';
  if (record.outcome !== undefined && (typeof record.outcome !== 'object' || !OUTCOME_STATUSES.includes(record.outcome?.status))) {
    return 'bad outcome';
  }
  return null;
}

export class QuoteStore {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
    this.memory = new Map(); // used when storage refuses to work (private mode, quota)
    this.problems = [];
  }

  // Every readable record, newest first. Corrupt entries are set aside and listed in problems.
  loadAll() {
    const records = [];
    let keys = [];
    try {
      for (let i = 0; i < this.storage.length; i++) keys.push(this.storage.key(i));
    } catch (error) {
      this.problems.push({ key: '*', reason: `browser storage is unavailable (${error.name})` });
      keys = [];
    }
    for (const key of keys.filter((k) => k?.startsWith(PREFIX))) {
      let raw = null;
      try {
        raw = this.storage.getItem(key);
        const record = JSON.parse(raw);
        const problem = recordProblem(record);
        if (problem) throw new Error(problem);
        if (key !== PREFIX + record.id) throw new Error('stored under another id');
        record.outcome = { ...emptyOutcome(), ...(record.outcome ?? {}) };
        record.scenarios = Array.isArray(record.scenarios) ? record.scenarios : undefined;
        records.push(record);
      } catch (error) {
        this.setAside(key, raw, error.message);
      }
    }
    for (const record of this.memory.values()) if (!records.some((r) => r.id === record.id)) records.push(record);
    return records.sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  }

  setAside(key, raw, reason) {
    const aside = `${CORRUPT_PREFIX}${Date.now()}.${key.slice(PREFIX.length)}`;
    try {
      if (raw !== null) this.storage.setItem(aside, raw);
      this.storage.removeItem(key);
    } catch {
      // Storage is failing too: leave the entry where it is; it is still reported.
    }
    this.problems.push({ key, reason, keptAs: aside });
  }

  // Returns null, or the reason the record could only be kept in memory.
  save(record) {
    try {
      this.storage.setItem(PREFIX + record.id, JSON.stringify(record));
      this.memory.delete(record.id);
      return null;
    } catch (error) {
      this.memory.set(record.id, record);
      return error.name === 'QuotaExceededError' ? 'browser storage is full' : `browser storage failed (${error.name})`;
    }
  }

  remove(id) {
    this.memory.delete(id);
    try {
      this.storage.removeItem(PREFIX + id);
    } catch {
      // Nothing more to do: it is gone from this session's list either way.
    }
  }

  get currentId() {
    try {
      return this.storage.getItem(CURRENT_KEY);
    } catch {
      return null;
    }
  }

  set currentId(id) {
    try {
      this.storage.setItem(CURRENT_KEY, id);
    } catch {
      // Only the "reopen where I was" convenience is lost.
    }
  }

  // The rep's name, written into every quote-log record this browser exports.
  get rep() {
    if (this.repName === undefined) {
      try {
        this.repName = this.storage.getItem(REP_KEY) ?? '';
      } catch {
        this.repName = '';
      }
    }
    return this.repName;
  }

  set rep(name) {
    this.repName = name;
    try {
      this.storage.setItem(REP_KEY, name);
    } catch {
      // Kept for this session only.
    }
  }

  takeProblems() {
    const problems = this.problems;
    this.problems = [];
    return problems;
  }
}
