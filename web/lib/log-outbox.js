// The log outbox: quote-log records (pricebooks/LOG-FORMAT.md) on their way to the endpoint a
// deployment sets in site-config.json (web/lib/site-config.js).
//
// Every record is first written to IndexedDB (database "edgequote-outbox", store "outbox", with
// the saved quotes' own helpers from web/lib/quote-store.js), then POSTed, one per request, as one
// line of JSON Lines. It is removed only after the endpoint answers 2xx, so a reload, a crash, a
// network that is down or an endpoint answering 500 loses nothing: what is queued is sent on the
// next try. Tries after a failure wait 2 s, 4 s, 8 s … up to 5 minutes (RETRY); coming back
// online (the `online` event) tries at once. A 4xx other than 408 and 429 means the endpoint
// refuses that record: it is kept, not retried until the next page load, and the reason shown.
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

const retryable = (status) => status >= 500 || status === 408 || status === 429;

export class LogOutbox {
  /**
   * endpoint: the URL records are POSTed to (null: records are kept, nothing is sent).
   * prepare(record): → the record to send now, or null to hold it (e.g. no rep name yet).
   * onChange({pending, refused, problem, nextTryAt}): after every change of what is queued.
   */
  constructor({ endpoint, indexedDB = globalThis.indexedDB, fetch = globalThis.fetch?.bind(globalThis), retry = RETRY,
    prepare = (record) => record, onChange = () => {} } = {}) {
    this.endpoint = endpoint ?? null;
    this.factory = indexedDB;
    this.fetch = fetch;
    this.retry = retry;
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
    let failed = false;
    for (const entry of await this.entries()) {
      if (this.closed) return;
      if (this.refused.has(entry.id)) continue;
      const record = this.prepare(entry.record);
      if (!record) continue; // held (the page says why)
      const outcome = await this.#send(record);
      if (outcome.sent) {
        await this.#removeIfUnchanged(entry);
        this.failures = 0;
        this.problem = null;
      } else if (outcome.refused) {
        this.refused.set(entry.id, outcome.reason);
        this.problem = `the log endpoint refused a record: ${outcome.reason}`;
      } else {
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

  async #send(record) {
    const line = `${JSON.stringify(record)}\n`;
    if (line.length > MAX_RECORD_CHARS) return { refused: true, reason: `the record is larger than ${MAX_RECORD_CHARS} characters` };
    let response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: line,
        credentials: 'omit',
        cache: 'no-store',
        // No keepalive: Chromium refuses it on a request that needs a CORS preflight (this one,
        // to another origin). A record left unsent as the tab closes leaves on the next load.
      });
    } catch (error) {
      const offline = globalThis.navigator?.onLine === false;
      return { reason: offline ? 'offline' : `the log endpoint could not be reached (${error?.message ?? error})` };
    }
    if (response.ok) return { sent: true };
    let detail = '';
    try {
      detail = (await response.text()).slice(0, 200).trim();
    } catch {
      // The status says enough.
    }
    const reason = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
    return retryable(response.status) ? { reason: `the log endpoint answered ${reason}` } : { refused: true, reason };
  }

  // Removed only if it is still the entry that was sent (a newer save may have replaced it).
  async #removeIfUnchanged(entry) {
    if (this.memory.get(entry.id)?.token === entry.token) {
      this.memory.delete(entry.id);
      return;
    }
    if (!this.db) return;
    try {
      const tx = this.db.transaction(STORE, 'readwrite');
      const finished = committed(tx);
      const store = tx.objectStore(STORE);
      const current = await done(store.get(entry.id));
      if (current?.token === entry.token) store.delete(entry.id);
      await finished;
    } catch {
      // Still queued: sent again next time (a reader keeps one save per quote).
    }
  }
}
