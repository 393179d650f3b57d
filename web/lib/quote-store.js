// Saved quotes in the browser, written on every change.
//
// Where: IndexedDB (database "edgequote"): a far larger quota than localStorage's ~5 MB, and
// transactions, so a write either happened or did not. Pages before this one kept quotes in
// localStorage, one key per quote; open() copies those into IndexedDB in one transaction and
// removes a key only once its copy is committed, so a migration interrupted at any point loses
// nothing and is simply done again on the next load. Without IndexedDB (some private modes) the
// store keeps using localStorage as before.
//
// Every record read back is checked by shape (web/lib/inbound.js readStoredRecord). One that
// fails is set aside — copied, never deleted, into the "aside" store (or, on localStorage, under
// "edgequote.corrupt.*") — and reported once: a record that cannot even be copied aside stays
// where it is and is noted as reported, so the next load does not warn about it again.
//
// save() resolves to null once the write is committed, or to the reason it did not happen (the
// quote is then kept in memory for this tab only, and listed by unsaved()): the page never says
// "saved" about a write that failed.
import { OUTCOME_STATUSES, RECORD_VERSION, readStoredRecord, joinChecked, describeRefusal, MAX_TEXT_CHARS, MAX_QUOTE_LINES, nestingPastLimit } from './inbound.js';
import { nextTask, pacedPauses } from './tasks.js';

export { OUTCOME_STATUSES, RECORD_VERSION };

const PREFIX = 'edgequote.quote.';
const CORRUPT_PREFIX = 'edgequote.corrupt.';
const REPORTED_KEY = 'edgequote.reported';
const CURRENT_KEY = 'edgequote.current';
const REP_KEY = 'edgequote.rep';
export const DATABASE_NAME = 'edgequote';

export function newRecordId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `q-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function emptyOutcome() {
  return { status: 'open', reason: '', competitor: '', competitor_monthly: '', missing_features: [] };
}

// Returns the reason a value is not a usable record, or null.
export function recordProblem(record) {
  const read = readStoredRecord(record);
  return read.ok ? null : describeRefusal(read);
}

// A short fingerprint of an entry's text (FNV-1a), so that "already reported" means this exact
// entry, not another one later stored under the same key.
function fingerprint(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length}:${hash.toString(16)}`;
}

export function problemOf(error) {
  const name = error?.name ?? 'Error';
  if (name === 'QuotaExceededError' || /quota/i.test(String(error?.message ?? ''))) return 'browser storage is full';
  return `browser storage failed (${name})`;
}

// IndexedDB helpers, shared with the log outbox (web/lib/log-outbox.js).
export const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

export const committed = (transaction) => new Promise((resolve, reject) => {
  transaction.oncomplete = () => resolve();
  transaction.onabort = () => reject(transaction.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  transaction.onerror = () => {}; // the abort that follows reports it
});

const STORES = ['quotes', 'aside'];

// Opened at whatever version it is (a newer page may have upgraded it); created with the stores.
// `name` and `stores` (each keyed by `id`) default to the saved quotes' own.
export function openDatabase(factory, version = undefined, { name = DATABASE_NAME, stores = STORES } = {}) {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = version === undefined ? factory.open(name) : factory.open(name, version);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const store of stores) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: 'id' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // A database of this name without our stores (created by a tool, or by a page that opened it
      // without a version): upgraded once to add them.
      if (stores.every((store) => db.objectStoreNames.contains(store))) resolve(db);
      else if (version !== undefined) {
        db.close();
        reject(new DOMException(`The database ${name} lacks one of its stores.`, 'NotFoundError'));
      } else {
        const next = db.version + 1;
        db.close();
        openDatabase(factory, next, { name, stores }).then(resolve, reject);
      }
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new DOMException(`Another tab holds an older version of ${name} open.`, 'InvalidStateError'));
  });
}

// JSON.stringify(record), with each of its quote's lines' text kept (by line object) from the
// saves before: edits replace a line they change, never change it in place (quote-model.js
// replaceLine), so a save after an edit writes out the lines it replaced, not every line (the
// whole text was 18 ms of one task at 20,000 lines). The lines' text goes where `lines` is: the
// one place two texts of the quote with other values there differ.
const lineTexts = new WeakMap();
export const lineText = (line) => {
  if (Object(line) !== line) return JSON.stringify(line) ?? 'null';
  let text = lineTexts.get(line);
  if (text === undefined) lineTexts.set(line, text = JSON.stringify(line) ?? 'null');
  return text;
};
const spliced = (object, key, text) => {
  const [a, b] = [0, 1].map((v) => JSON.stringify({ ...object, [key]: v }));
  let at = 0;
  while (a[at] === b[at]) at += 1;
  return a.slice(0, at) + text + a.slice(at + 1);
};
// The record's text before and after its lines' list, so that the list can be written apart
// (web/lib/record-in-parts.js): [head, tail].
export const aroundLines = (record) => spliced(record, 'quote', spliced(record.quote, 'lines', '\0')).split('\0');
const OVERTAKEN = Symbol('overtaken');
export function recordText(record) {
  const lines = record.quote?.lines;
  if (!Array.isArray(lines) || lines.length < 500) return JSON.stringify(record);
  return spliced(record, 'quote', spliced(record.quote, 'lines', `[${Array.from(lines, lineText).join(',')}]`));
}

export class QuoteStore {
  constructor({ storage = globalThis.localStorage, indexedDB = globalThis.indexedDB } = {}) {
    this.storage = storage;
    this.factory = indexedDB;
    this.db = null;
    this.memory = new Map();   // records whose last save failed: kept for this tab only
    this.savedAt = new Map();  // id -> updatedAt of its last committed save
    this.pending = new Map();  // id -> the promise of its latest save
    this.turns = new Map();    // id -> a token of its latest save (save() inParts)
    this.problems = [];
    this.opened = null;
  }

  /** Opens IndexedDB and moves quotes saved in localStorage by earlier pages into it. */
  open() {
    this.opened ??= (async () => {
      if (!this.factory) return;
      try {
        this.db = await openDatabase(this.factory);
        // A newer page in another tab upgrading the database: let it (this tab's writes then fail
        // and say so, rather than blocking the other tab for good).
        this.db.onversionchange = () => this.db?.close();
      } catch (error) {
        this.db = null; // localStorage it is, as before
        console.warn(`edgequote: IndexedDB unavailable (${error?.name}); saved quotes stay in localStorage`);
        return;
      }
      try {
        await this.#migrate();
      } catch (error) {
        // Nothing was removed from localStorage (that happens only after the copy committed):
        // this time the quotes are read from there.
        this.problems.push({ key: '*', fallback: true, reason: `saved quotes could not be moved to IndexedDB (${problemOf(error)}); they are still in localStorage` });
        this.db = null;
      }
    })().finally(() => { this.isOpen = true; });
    return this.opened;
  }

  get backend() {
    return this.db ? 'indexeddb' : 'localstorage';
  }

  #localKeys(prefix) {
    const keys = [];
    try {
      for (let i = 0; i < this.storage.length; i++) {
        const key = this.storage.key(i);
        if (key?.startsWith(prefix)) keys.push(key);
      }
    } catch {
      // No localStorage at all: nothing to migrate.
    }
    return keys;
  }

  async #migrate() {
    const entries = [];
    for (const key of [...this.#localKeys(PREFIX), ...this.#localKeys(CORRUPT_PREFIX)]) {
      try {
        entries.push({ key, raw: this.storage.getItem(key) });
      } catch {
        // Unreadable key: left where it is.
      }
    }
    if (!entries.length) return;
    const reported = this.#reportedLocal();
    const tx = this.db.transaction(['quotes', 'aside'], 'readwrite');
    const finished = committed(tx);
    const quotes = tx.objectStore('quotes');
    const aside = tx.objectStore('aside');
    const newlyAside = [];
    try {
      for (const { key, raw } of entries) {
        if (raw === null) continue;
        const id = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : null;
        const read = id === null ? null : readStoredRecord(raw, { id });
        if (read?.ok) {
          // A copy already there (an earlier, interrupted migration) wins only if it is newer.
          const existing = await done(quotes.get(id));
          const kept = typeof existing?.text === 'string' ? readStoredRecord(existing.text, { id }) : null;
          const newer = !kept?.ok || String(kept.value.updatedAt ?? '') < String(read.value.updatedAt ?? '');
          if (newer) quotes.put({ id, text: raw });
        } else {
          const entryId = `${key}@${fingerprint(raw)}`;
          const seen = (await done(aside.get(entryId))) ?? null;
          const reason = read ? describeRefusal(read) : 'set aside by an earlier version of this page';
          if (!seen) {
            aside.put({ id: entryId, key, raw, reason, at: new Date().toISOString(), reported: reported.has(entryId) || id === null });
            if (!reported.has(entryId) && id !== null) newlyAside.push({ key, reason, keptAs: `aside/${entryId}` });
          }
        }
      }
    } catch (error) {
      // All or nothing: a half-copied migration is undone (and done again on the next load).
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
      finished.catch(() => {});
      throw error;
    }
    try {
      await finished;
    } catch (error) {
      // Nothing was copied: everything stays in localStorage, read from there this time.
      this.problems.push({ key: '*', fallback: true, reason: `saved quotes could not be moved to IndexedDB (${problemOf(error)}); they are still in localStorage` });
      this.db = null;
      return;
    }
    this.problems.push(...newlyAside);
    for (const { key } of entries) {
      try {
        this.storage.removeItem(key);
      } catch {
        // Copied already: removed on a later load.
      }
    }
  }

  // Entries that could not be set aside and were already reported: noted in localStorage, or,
  // when that is full too, in sessionStorage (which outlives reloads of this tab).
  #reportedLocal() {
    const reported = new Set();
    for (const storage of [this.storage, globalThis.sessionStorage]) {
      try {
        for (const id of JSON.parse(storage?.getItem(REPORTED_KEY) ?? '[]')) reported.add(String(id));
      } catch {
        // Unreadable note: at worst an entry is reported once more.
      }
    }
    return reported;
  }

  #noteReportedLocal(entryId) {
    const reported = [...this.#reportedLocal().add(entryId)].slice(-200);
    for (const storage of [this.storage, globalThis.sessionStorage]) {
      try {
        storage.setItem(REPORTED_KEY, JSON.stringify(reported));
        return;
      } catch {
        // Full as well: try the next one.
      }
    }
  }

  /** Every readable record, newest first. Unreadable ones are set aside and listed in problems. */
  async loadAll() {
    await this.open();
    const records = this.db ? await this.#loadIndexedDb() : this.#loadLocal();
    for (const record of this.memory.values()) if (!records.some((r) => r.id === record.id)) records.push(record);
    return records.sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  }

  #accept(read) {
    const record = read.value;
    record.outcome = { ...emptyOutcome(), ...(record.outcome ?? {}) };
    if (!Array.isArray(record.scenarios)) record.scenarios = undefined;
    this.savedAt.set(record.id, record.updatedAt);
    return record;
  }

  async #loadIndexedDb() {
    let rows;
    try {
      rows = await done(this.db.transaction('quotes').objectStore('quotes').getAll());
    } catch (error) {
      this.problems.push({ key: '*', reason: `saved quotes could not be read (${problemOf(error)})` });
      return [];
    }
    const records = [];
    const bad = [];
    for (const row of rows) {
      // A large record is stored as a Blob of its text (save with inParts, below).
      if (row?.text instanceof Blob) {
        try {
          row.text = await row.text.text();
        } catch (error) {
          this.problems.push({ key: String(row.id), reason: `it could not be read (${problemOf(error)}), so it was left in place` });
          continue;
        }
      }
      const read = typeof row?.text === 'string' ? await this.#read(row.text, row.id) : { ok: false, code: 'bad_shape', path: '', message: 'not a saved quote' };
      if (read.ok) records.push(this.#accept(read));
      else bad.push({ row, reason: describeRefusal(read) });
    }
    if (bad.length) {
      try {
        const tx = this.db.transaction(['quotes', 'aside'], 'readwrite');
        const finished = committed(tx);
        for (const { row, reason } of bad) {
          const raw = typeof row?.text === 'string' ? row.text : JSON.stringify(row) ?? '';
          tx.objectStore('aside').put({ id: `quotes/${row?.id}@${fingerprint(raw)}`, key: `quotes/${row?.id}`, raw, reason, at: new Date().toISOString(), reported: true });
          tx.objectStore('quotes').delete(row.id);
        }
        await finished;
        for (const { row, reason } of bad) this.problems.push({ key: String(row?.id), reason, keptAs: `aside/quotes/${row?.id}` });
      } catch (error) {
        // Not moved (the transaction undid itself): it stays where it is, skipped on every load,
        // and reported once.
        const reported = this.#reportedLocal();
        for (const { row, reason } of bad) {
          const entryId = `quotes/${row?.id}@${fingerprint(typeof row?.text === 'string' ? row.text : '')}`;
          if (reported.has(entryId)) continue;
          this.#noteReportedLocal(entryId);
          this.problems.push({ key: String(row?.id), reason: `${reason}; it could not be set aside (${problemOf(error)}), so it was left in place` });
        }
      }
    }
    return records;
  }

  // A large record (a 5,000-line quote is some 280 KB of text) is checked in steps, input
  // answered between them (read-in-steps.js, fetched then; in one pass if it cannot be).
  async #read(text, id) {
    const steps = text.length > 65536 && await import('./read-in-steps.js').catch(() => null);
    return steps ? steps.readStoredInSteps(text, { id, read: readStoredRecord, join: joinChecked, maxChars: MAX_TEXT_CHARS, maxLines: MAX_QUOTE_LINES, nestingPastLimit, pause: nextTask })
      : readStoredRecord(text, { id });
  }

  #loadLocal() {
    const records = [];
    const reported = this.#reportedLocal();
    try {
      void this.storage.length;
    } catch (error) {
      this.problems.push({ key: '*', reason: `browser storage is unavailable (${error?.name})` });
      return records;
    }
    const keys = this.#localKeys(PREFIX);
    for (const key of keys) {
      let raw = null;
      try {
        raw = this.storage.getItem(key);
      } catch {
        continue;
      }
      const read = readStoredRecord(raw ?? 'null', { id: key.slice(PREFIX.length) });
      if (read.ok) {
        records.push(this.#accept(read));
        continue;
      }
      const entryId = `${key}@${fingerprint(raw ?? '')}`;
      const aside = `${CORRUPT_PREFIX}${Date.now()}.${key.slice(PREFIX.length)}`;
      let keptAs = null;
      try {
        if (raw !== null) this.storage.setItem(aside, raw);
        this.storage.removeItem(key);
        keptAs = aside;
      } catch {
        // No room to copy it: it stays under its key, skipped, and reported only this once.
      }
      if (keptAs) this.problems.push({ key, reason: describeRefusal(read), keptAs });
      else if (!reported.has(entryId)) {
        this.#noteReportedLocal(entryId);
        this.problems.push({ key, reason: `${describeRefusal(read)}; there was no room to copy it aside, so it was left in place` });
      }
    }
    return records;
  }

  /**
   * Saves the record; resolves to null once it is stored, or to why it is kept in memory only.
   * `inParts`: a large record's text is made a part per task first (web/lib/record-in-parts.js,
   * fetched then) and stored as a Blob; as one string, the text of 20,000 lines and its write
   * were 47-134 ms of one task. Without it (a save as the page is hidden) the write is asked for
   * in this task. A save overtaken by a later one of the same record, while its parts were being
   * made, is not written: it resolves as the later one does.
   */
  save(record, { inParts = false } = {}) {
    const at = record.updatedAt;
    const turn = {};
    this.turns.set(record.id, turn);
    const write = (text) => (this.isOpen ? this.#write(record, text) : this.open().then(() => this.#write(record, text)));
    const saving = (inParts && this.db && record.quote?.lines?.length > 500
      ? import('./record-in-parts.js')
        .then(({ recordBlob }) => recordBlob(record, { lineText, aroundLines, pause: pacedPauses() }))
        .catch(() => recordText(record))  // its code not fetched (offline), or no Blob made: as one string
        .then((text) => (this.turns.get(record.id) === turn ? write(text) : OVERTAKEN))
      // Once storage is open the write is asked for now, in this task (a save made as the page is
      // hidden or left is on its way before the page goes); saves of a record still commit in
      // the order they were made (IndexedDB runs read-write transactions on one store in the
      // order they were created; localStorage writes at once).
      : write(recordText(record))
    ).then((problem) => {
      if (problem === OVERTAKEN) return this.whenSaved(record.id);
      if (problem) {
        this.memory.set(record.id, record);
      } else {
        this.memory.delete(record.id);
        this.savedAt.set(record.id, at);
      }
      return problem;
    });
    this.pending.set(record.id, saving);
    saving.finally(() => {
      if (this.pending.get(record.id) === saving) this.pending.delete(record.id);
    });
    return saving;
  }

  async #write(record, text) {
    if (!this.isOpen) await this.open();
    if (!this.db) {
      try {
        this.storage.setItem(PREFIX + record.id, text);
        return null;
      } catch (error) {
        return problemOf(error);
      }
    }
    try {
      const tx = this.db.transaction('quotes', 'readwrite');
      const finished = committed(tx);
      tx.objectStore('quotes').put({ id: record.id, text });
      tx.commit?.(); // at once, not at the end of this task: the page may be going
      await finished;
      return null;
    } catch (error) {
      return problemOf(error);
    }
  }

  /** Resolves to the outcome of the record's latest save (null: stored). */
  async whenSaved(id) {
    const pending = this.pending.get(id);
    if (pending) return pending;
    return this.memory.has(id) ? 'browser storage refused it' : null;
  }

  /** The time of the record's last committed save, or null when it has none. */
  lastSaved(id) {
    return this.memory.has(id) ? null : this.savedAt.get(id) ?? null;
  }

  /** Records kept only in this tab because storage refused them. */
  unsaved() {
    return [...this.memory.values()];
  }

  async remove(id) {
    this.memory.delete(id);
    this.savedAt.delete(id);
    await this.pending.get(id);
    try {
      if (this.db) {
        const tx = this.db.transaction('quotes', 'readwrite');
        const finished = committed(tx);
        tx.objectStore('quotes').delete(id);
        await finished;
      } else {
        this.storage.removeItem(PREFIX + id);
      }
    } catch {
      // Nothing more to do: it is gone from this session's list either way.
    }
  }

  /** What was set aside (IndexedDB), for the saved-quotes list and support. */
  async setAside() {
    await this.open();
    if (!this.db) return [];
    try {
      return await done(this.db.transaction('aside').objectStore('aside').getAll());
    } catch {
      return [];
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
