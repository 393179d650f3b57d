// The log outbox: quote-log records (pricebooks/LOG-FORMAT.md) on their way to the endpoint a
// deployment sets in site-config.json (web/lib/site-config.js).
//
// Every record is first written to IndexedDB (database "edgequote-outbox", store "outbox", with
// the saved quotes' own helpers from web/lib/quote-store.js), then POSTed with the others waiting,
// oldest first, in batches (BATCH: at most 50 records and 512 KiB a request), each a body of JSON
// Lines, one record per line. The endpoint takes a body whole or not at all (README, "Logs that
// flow"): a record is removed only after the endpoint answers 2xx to the body it was in, so a
// reload, a crash, a network that is down or an endpoint answering 500 loses nothing: what is
// queued is sent on the next try, and a batch that was taken is not sent again. Tries after a
// failure wait 2 s, 4 s, 8 s … up to 5 minutes (RETRY); coming back online (the `online` event)
// tries at once, and batches not yet tried wait for it too. A 4xx other than 408 and 429 means the
// endpoint refuses the body: a record sent alone is kept, not retried until the next page load,
// and the reason shown; a batch of several is sent again one record per request, so the endpoint
// says which record it refuses and the others still go.
//
// One record per quote: a newer save of a quote replaces its unsent older one (the log keeps
// only a quote's latest save anyway), so the count shown is of quotes. A record sent while a newer
// one was queued under the same key is removed only if it is still the one that was sent.
// Requests for a quote (a prospect's contact, made once each) are queued under keys of their own.
//
// Tabs: with the Web Locks API, one tab of the site sends at a time (others wait their turn), so
// two tabs do not post the same record twice; a duplicate would do no harm either (a reader keeps
// a quote's latest `updated_at`).
import { committed, done, openDatabase, problemOf } from './quote-store.js';

export const OUTBOX_DATABASE = 'edgequote-outbox';
const STORE = 'outbox';
export const RETRY = Object.freeze({ firstMs: 2000, maxMs: 5 * 60_000 });
// The collector refuses larger lines (web/demo/serve-demo.mjs MAX_RECORD_BYTES); so do we, at once.
export const MAX_RECORD_CHARS = 1024 * 1024;
// One request: at most this many records and characters (a record larger than maxChars goes
// alone). The collector takes 8 MB a body; a summary record is ~5 KB, so 50 make ~250 KB.
export const BATCH = Object.freeze({ maxRecords: 50, maxChars: 512 * 1024 });

/** Cuts `items` ({line}, in order) into runs of at most maxRecords items and maxChars characters. */
export function batchesOf(items, { maxRecords, maxChars } = BATCH) {
  const batches = [];
  let batch = [];
  let chars = 0;
  for (const item of items) {
    if (batch.length && (batch.length >= maxRecords || chars + item.line.length > maxChars)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(item);
    chars += item.line.length;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

const retryable = (status) => status >= 500 || status === 408 || status === 429;

export class LogOutbox {
  /**
   * endpoint: the URL records are POSTed to (null: records are kept, nothing is sent).
   * prepare(record): → the record to send now, or null to hold it (e.g. no rep name yet).
   * onChange({pending, refused, problem, nextTryAt}): after every change of what is queued.
   */
  constructor({ endpoint, indexedDB = globalThis.indexedDB, fetch = globalThis.fetch?.bind(globalThis), retry = RETRY,
    batch = BATCH, prepare = (record) => record, onChange = () => {} } = {}) {
    this.endpoint = endpoint ?? null;
    this.factory = indexedDB;
    this.fetch = fetch;
    this.retry = retry;
    this.batch = batch;
    this.prepare = prepare;
    this.onChange = onChange;
    this.db = null;
    this.memory = new Map();  // without IndexedDB: kept for this tab only
    this.failures = 0;
    this.timer = null;
    this.flushing = null;
    this.again = null;
    this.refused = new Map(); // key -> why the endpoint refused it (this page load)
    this.problem = null;
    this.nextTryAt = null;
    this.closed = false;
  }

  async open() {
    this.opened ??= (async () => {
      if (!this.factory) return;
      try {
        this.db = await openDatabase(this.factory, undefined, { name: OUTBOX_DATABASE, stores: [STORE] });
        this.db.onversionchange = () => this.db?.close();
      } catch (error) {
        this.db = null;
        this.problem = `the outbox is kept for this tab only (${problemOf(error)})`;
      }
    })();
    return this.opened;
  }

  /** Starts sending: now, on every `online` event, and after each back-off. */
  start() {
    this.onlineListener = () => {
      this.failures = 0;
      this.schedule(0);
    };
    globalThis.addEventListener?.('online', this.onlineListener);
    this.schedule(0);
    return this;
  }

  stop() {
    this.closed = true;
    clearTimeout(this.timer);
    globalThis.removeEventListener?.('online', this.onlineListener);
  }

  /** Queues a record under `key` (default: its quote_id); resolves once it is stored. */
  async add(record, { key = record?.quote_id } = {}) {
    if (typeof key !== 'string' || key === '') throw new TypeError('an outbox record needs a key (its quote_id)');
    const entry = { id: key, record, queuedAt: new Date().toISOString(), token: `${Date.now()}-${Math.random().toString(36).slice(2)}` };
    await this.open();
    if (this.db) {
      try {
        const tx = this.db.transaction(STORE, 'readwrite');
        const finished = committed(tx);
        tx.objectStore(STORE).put(entry);
        await finished;
      } catch (error) {
        this.problem = `a record could not be stored in the outbox (${problemOf(error)}); it is kept for this tab only`;
        this.memory.set(key, entry);
      }
    } else {
      this.memory.set(key, entry);
    }
    this.refused.delete(key); // a new save is worth trying again
    await this.changed();
    this.schedule(0);
    return entry;
  }

  /** Every queued entry, oldest first. */
  async entries() {
    await this.open();
    let stored = [];
    if (this.db) {
      try {
        stored = await done(this.db.transaction(STORE).objectStore(STORE).getAll());
      } catch (error) {
        this.problem = `the outbox could not be read (${problemOf(error)})`;
      }
    }
    const all = [...stored.filter((e) => !this.memory.has(e.id)), ...this.memory.values()];
    return all.sort((a, b) => String(a.queuedAt).localeCompare(String(b.queuedAt)));
  }

  async pending() {
    return (await this.entries()).length;
  }

  async changed() {
    const pending = await this.pending();
    this.onChange({ pending, refused: this.refused.size, problem: this.problem, nextTryAt: this.nextTryAt, endpoint: this.endpoint });
    return pending;
  }

  schedule(delayMs) {
    if (this.closed || !this.endpoint) return;
    clearTimeout(this.timer);
    this.nextTryAt = delayMs ? Date.now() + delayMs : null;
    this.timer = setTimeout(() => this.flush(), delayMs);
  }

  /** Sends what is queued; resolves when a round that started after this call is over. */
  flush() {
    if (this.flushing) {
      // A round is under way and may have read the queue before the latest add: one more after it.
      this.again ??= this.flushing.then(() => {
        this.again = null;
        return this.flush();
      });
      return this.again;
    }
    this.flushing = this.#exclusive(() => this.#sendAll()).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  #exclusive(work) {
    const locks = globalThis.navigator?.locks;
    return locks?.request ? locks.request(`${OUTBOX_DATABASE}:send`, work) : work();
  }

  async #sendAll() {
    if (!this.endpoint) return;
    const ready = [];
    for (const entry of await this.entries()) {
      if (this.refused.has(entry.id)) continue;
      const record = this.prepare(entry.record);
      if (!record) continue; // held (the page says why)
      const line = `${JSON.stringify(record)}\n`;
      if (line.length > MAX_RECORD_CHARS) this.#refuse(entry, `the record is larger than ${MAX_RECORD_CHARS} characters`);
      else ready.push({ entry, line });
    }
    let failed = false;
    for (const batch of batchesOf(ready, this.batch)) {
      if (this.closed) return;
      let outcome = await this.#post(batch);
      if (outcome.refused && batch.length > 1) {
        // The endpoint refused the body, not said which record: each alone now, so one bad
        // record does not hold back the others (nothing of a refused body was kept).
        for (const one of batch) {
          if (this.closed) return;
          outcome = await this.#post([one]);
          if (outcome.refused) this.#refuse(one.entry, outcome.reason);
          else if (!outcome.sent) break;
        }
      } else if (outcome.refused) {
        this.#refuse(batch[0].entry, outcome.reason);
      }
      if (!outcome.sent && !outcome.refused) {
        failed = true;
        this.problem = outcome.reason;
        break; // the endpoint or the network is down: the rest waits for the next try
      }
    }
    if (failed) {
      this.failures += 1;
      this.schedule(Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** (this.failures - 1)));
    } else {
      this.nextTryAt = null;
    }
    await this.changed();
  }

  #refuse(entry, reason) {
    this.refused.set(entry.id, reason);
    this.problem = `the log endpoint refused a record: ${reason}`;
  }

  // POSTs the batch's lines as one body; → {sent} (and its records removed), {refused, reason}
  // (a 4xx: the endpoint will not take this body) or {reason} (worth trying again later).
  async #post(batch) {
    let response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: batch.map((item) => item.line).join(''),
        credentials: 'omit',
        cache: 'no-store',
        // No keepalive: Chromium refuses it on a request that needs a CORS preflight (this one,
        // to another origin). A record left unsent as the tab closes leaves on the next load.
      });
    } catch (error) {
      const offline = globalThis.navigator?.onLine === false;
      return { reason: offline ? 'offline' : `the log endpoint could not be reached (${error?.message ?? error})` };
    }
    if (response.ok) {
      await this.#removeIfUnchanged(batch.map((item) => item.entry));
      this.failures = 0;
      this.problem = null;
      return { sent: true };
    }
    let detail = '';
    try {
      detail = (await response.text()).slice(0, 200).trim();
    } catch {
      // The status says enough.
    }
    const reason = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
    return retryable(response.status) ? { reason: `the log endpoint answered ${reason}` } : { refused: true, reason };
  }

  // Each removed only if it is still the entry that was sent (a newer save may have replaced it:
  // that one is still to send).
  async #removeIfUnchanged(entries) {
    const stored = [];
    for (const entry of entries) {
      if (this.memory.get(entry.id)?.token === entry.token) this.memory.delete(entry.id);
      else stored.push(entry);
    }
    if (!this.db || !stored.length) return;
    try {
      const tx = this.db.transaction(STORE, 'readwrite');
      const finished = committed(tx);
      const store = tx.objectStore(STORE);
      const current = await Promise.all(stored.map((entry) => done(store.get(entry.id))));
      stored.forEach((entry, i) => current[i]?.token === entry.token && store.delete(entry.id));
      await finished;
    } catch {
      // Still queued: sent again next time (a reader keeps one save per quote).
    }
  }
}
