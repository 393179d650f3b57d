// <quote-configurator pricebook="pricebooks/edge-cdn.json" mode="rep">
//
// The page's one stateful element. It owns the engine, the price book, the saved quotes and the
// current quote; the elements inside it are views that get a `state` and ask for changes with
// bubbling events (quote-edit, record-edit, quote-command). Every change re-prices through the
// engine and is autosaved before anything is drawn, so a killed tab loses nothing.
import { loadEngine } from '../engine/edgequote.js';
import { h, fill, emit, forgetTyping, noteTyping } from '../lib/dom.js';
import { QuoteStore, emptyOutcome, newRecordId, RECORD_VERSION } from '../lib/quote-store.js';
import {
  canonicalText, describeQuote, lineIndexOf, newQuote, sha256Hex, TRAFFIC_CATEGORY, unitOf,
} from '../lib/quote-model.js';
import { decodeShareFragment, encodeShareFragment, isShareFragment, ShareLinkError } from '../lib/share-link.js';
import { download, exportCsv, exportJson, fileSafe, ImportError, parseImport } from '../lib/exporters.js';
import { checkTrafficVolume } from '../lib/typical-volumes.js';
import { changePercent, compare, difference, absolute } from '../lib/decimal-text.js';
import { money } from '../lib/format.js';
import { defaultScenarios } from '../lib/scenarios.js';

const DEFERRED_VIEWS = new Set(['quote-scenarios', 'quote-diff', 'print-quote']);
const VIEW_SELECTOR = [
  'quote-toolbar', 'notice-list', 'deal-fields', 'traffic-fields', 'feature-picker', 'priced-lines',
  'price-totals', 'guidance-panel', 'quote-scenarios', 'quote-diff', 'quote-outcome', 'saved-quotes',
  'share-panel', 'print-quote', 'summary-bar',
].join(',');

// Live quotes kept open (priceLive): the edited quote, up to four scenarios, the two compared.
const MAX_LIVE_QUOTES = 12;

export const SHORTCUTS = { KeyN: 'new', KeyO: 'show-saved', KeyS: 'share', KeyP: 'print' };

// The SHA-256 of a quote's canonical inputs: what a recorded approval is bound to.
function hashInputs(quote) {
  return sha256Hex(canonicalText(quote));
}

function errorsOf(error) {
  if (Array.isArray(error?.errors) && error.errors.length) return error.errors;
  return [{ code: error?.code ?? 'engine_error', path: error?.path ?? '', message: error?.message ?? String(error) }];
}

function section(id, title, ...content) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: title }), ...content);
}

export class QuoteConfiguratorElement extends HTMLElement {
  static observedAttributes = ['pricebook', 'mode'];

  get pricebook() {
    return this.getAttribute('pricebook') ?? 'pricebooks/edge-cdn.json';
  }

  set pricebook(url) {
    this.setAttribute('pricebook', url);
  }

  get mode() {
    return this.getAttribute('mode') === 'prospect' ? 'prospect' : 'rep';
  }

  set mode(mode) {
    this.setAttribute('mode', mode);
  }

  // The quote inputs being edited (a copy), for hosts and tests.
  get quote() {
    return this.record ? structuredClone(this.record.quote) : null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected || !this.started) return;
    if (name === 'pricebook') {
      this.start();
    } else {
      this.layout();
      this.querySelector('[data-role=status]').hidden = Boolean(this.record);
      this.querySelector('main').hidden = !this.record;
      this.render();
    }
  }

  connectedCallback() {
    this.abort = new AbortController();
    const { signal } = this.abort;
    this.addEventListener('input', (event) => noteTyping(event.target), { signal, capture: true });
    this.addEventListener('quote-edit', (event) => this.applyQuoteEdit(event.detail.change), { signal });
    this.addEventListener('record-edit', (event) => this.applyRecordEdit(event.detail.change), { signal });
    this.addEventListener('quote-command', (event) => this.runCommand(event.detail), { signal });
    this.addEventListener('notice', (event) => this.notify(event.detail), { signal });
    window.addEventListener('hashchange', () => this.openShareLinkFromLocation(), { signal });
    document.addEventListener('keydown', (event) => this.runShortcut(event), { signal });
    // Printing right after an edit: the printable quote must not wait for a frame that a
    // print dialog may hold back.
    window.addEventListener('beforeprint', () => this.drawDeferredViews(), { signal });
    this.layout();
    this.started = true;
    this.start();
  }

  disconnectedCallback() {
    this.abort.abort();
    this.started = false;
  }

  layout() {
    const rep = this.mode === 'rep';
    fill(this,
      h('header', { class: 'app-bar' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: 'EQ' }),
          h('span', { class: 'brand-name', text: 'EdgeQuote' }),
          h('span', { class: 'brand-mode', text: rep ? 'Rep configurator' : 'Build your plan' }),
          rep && h('a', { class: 'brand-link', href: 'insights.html', text: 'Insights' })),
        h('quote-toolbar')),
      h('notice-list'),
      h('p', { class: 'loading', 'data-role': 'status', role: 'status', text: 'Loading the pricing engine…' }),
      h('main', { class: 'workspace', hidden: true },
        h('div', { class: 'editor' },
          section('deal', 'Deal', h('deal-fields')),
          section('traffic', 'Traffic', h('traffic-fields')),
          section('features', 'Features and add-ons', h('feature-picker')),
          section('lines', 'Lines and the math', h('priced-lines')),
          section('scenarios', 'Scenarios side by side', h('quote-scenarios')),
          rep && section('compare', 'Compare two quotes', h('quote-diff')),
          rep && section('outcome', 'Outcome', h('quote-outcome'))),
        h('aside', { class: 'sidebar', 'aria-label': 'Price and guidance' },
          h('price-totals'),
          rep && h('guidance-panel'))),
      h('summary-bar'),
      h('saved-quotes'),
      h('share-panel'),
      h('print-quote'),
    );
    // Found once: a search on every render walks the whole page (90,000 nodes with a 500-line
    // quote and its printable copy), which took longer than the engine's repricing.
    this.views = [...this.querySelectorAll(VIEW_SELECTOR)];
  }

  async start() {
    const status = this.querySelector('[data-role=status]');
    try {
      // The engine and the price book download side by side.
      const bookText = fetch(this.pricebook).then((response) => {
        if (!response.ok) throw new Error(`the price book ${this.pricebook} could not be fetched (HTTP ${response.status})`);
        return response.text();
      });
      bookText.catch(() => {}); // reported below, once the engine has loaded or failed
      this.engine = await loadEngine();
      performance.mark('edgequote:engine-loaded'); // start-up steps, for DevTools and tests/bench
      this.engine.addEventListener?.('recovered', () => this.notify({
        kind: 'warning', text: 'The pricing engine stopped on an input and was restarted; that input was refused. Your quote is intact.',
      }), { signal: this.abort.signal });
      this.bookText = await bookText;
      this.loadedBook = await this.engine.loadPricebook(this.bookText);
      performance.mark('edgequote:book-loaded');
      this.publicHash = null;
    } catch (error) {
      status.textContent = `EdgeQuote cannot start: ${errorsOf(error).map((e) => e.message).join(' ')}`;
      status.classList.add('fatal');
      return;
    }
    this.book = this.loadedBook.book;
    this.bookInfo = { id: this.loadedBook.id, version: this.loadedBook.version, hash: this.loadedBook.hash };
    this.notices = [];
    this.sequence = 0;
    this.store = new QuoteStore();
    // Every record is checked by shape as it is read (web/lib/inbound.js); one that fails is set
    // aside with a warning and the page opens on the last good one.
    this.records = await this.store.loadAll();
    this.reportStorageProblems();
    window.addEventListener('beforeunload', (event) => {
      if (this.store.unsaved().length) event.preventDefault(); // quotes only this tab holds
    }, { signal: this.abort.signal });
    try {
      if (isShareFragment(location.hash)) {
        await this.openShareLinkFromLocation();
      } else {
        const current = this.records.find((r) => r.id === this.store.currentId) ?? this.records[0];
        this.record = current ?? this.addRecord(newQuote(this.book));
        this.store.currentId = this.record.id;
        await this.reprice();
      }
    } catch (error) {
      // Never stuck on "Loading…" because of one quote: a new one is opened, the others (that
      // one included) stay in the saved list.
      console.error(error);
      this.record = this.addRecord(newQuote(this.book));
      this.store.currentId = this.record.id;
      this.priced = null;
      await this.reprice();
      this.notify({ kind: 'error', text: `The last quote could not be opened (${error?.message ?? error}); a new one was started. Every saved quote is still in the list (Alt+O).` });
    }
    performance.mark('edgequote:priced');
    status.hidden = true;
    this.querySelector('main').hidden = false;
    this.dataset.ready = 'true';
    // Keyboard first: the customer's name is the first thing said on a call.
    if (!document.querySelector('dialog[open]')) this.querySelector('deal-fields')?.focusFirstField();
    emit(this, 'configurator-ready', { book: this.bookInfo });
  }

  reportStorageProblems() {
    const problems = this.store.takeProblems();
    if (!problems.length) return;
    const plural = (n, one, many) => (n === 1 ? one : many);
    const setAside = problems.filter((p) => p.keptAs);
    const leftInPlace = problems.filter((p) => !p.keptAs && p.key !== '*');
    const unavailable = problems.filter((p) => p.key === '*');
    const sentences = [];
    if (setAside.length) {
      sentences.push(`${setAside.length} saved ${plural(setAside.length, 'quote was', 'quotes were')} damaged in browser storage and could not be opened. ` +
        `${plural(setAside.length, 'It was', 'They were')} set aside, not deleted, and everything else was recovered.`);
    }
    if (leftInPlace.length) {
      sentences.push(`${leftInPlace.length} damaged saved ${plural(leftInPlace.length, 'quote', 'quotes')} could not be opened, and there was no room to copy ` +
        `${plural(leftInPlace.length, 'it', 'them')} aside, so ${plural(leftInPlace.length, 'it was', 'they were')} left in place (this is said once).`);
    }
    if (unavailable.length) sentences.push(`Saved quotes are unavailable: ${unavailable[0].reason}. Quotes are kept for this session only.`);
    this.notify({ kind: 'warning', text: sentences.join(' '), detail: problems.map((p) => `${p.key}: ${p.reason}`).join('; ') });
  }

  // --- records -------------------------------------------------------------------------------

  addRecord(quote, fields = {}) {
    const now = new Date().toISOString();
    const record = {
      version: RECORD_VERSION,
      id: newRecordId(),
      title: '',
      createdAt: now,
      updatedAt: now,
      book: this.bookInfo,
      quote,
      outcome: emptyOutcome(),
      approval: null,
      scenarios: defaultScenarios(this.book, quote),
      ...fields,
    };
    record.scenarios ??= defaultScenarios(this.book, quote);
    this.records.unshift(record);
    this.persist(record);
    return record;
  }

  persist(record) {
    record.updatedAt = new Date().toISOString();
    return this.save(record);
  }

  // Saves the record as it is; once storage answers, says how that went (beside the title): only
  // a committed write is ever shown as saved. The first failure also says which quotes this tab
  // alone holds, and offers the export.
  async save(record) {
    const problem = await this.store.save(record);
    if (record !== this.record && !problem) return problem;
    this.saveStatus = problem
      ? { problem: `Not saved in the browser: ${problem}. Export the quote to keep it.`, at: null }
      : { problem: null, at: record.updatedAt };
    // Said once per spell of failures, about the quote on screen (an import says so itself).
    if (!problem) this.toldNotSaved = false;
    if (problem && record === this.record && !this.toldNotSaved) {
      this.toldNotSaved = true;
      const unsaved = this.store.unsaved().map((r) => `“${this.titleOf(r)}”`);
      this.notify({
        kind: 'error',
        text: `Not saved: ${problem}. ${unsaved.length === 1 ? 'This quote is' : `${unsaved.length} quotes are`} kept only until this tab closes: ${unsaved.join(', ')}. Export to keep ${unsaved.length === 1 ? 'it' : 'each'}, or delete saved quotes you no longer need.`,
        action: { label: 'Export JSON', command: 'export-json' },
      });
    }
    return problem;
  }

  async openRecord(id) {
    const record = this.records.find((r) => r.id === id);
    if (!record) return;
    this.record = record;
    forgetTyping(); // another quote: every field shows it, the focused one included
    record.scenarios ??= defaultScenarios(this.book, record.quote);
    this.store.currentId = id;
    this.priced = null;
    await this.reprice();
  }

  titleOf(record) {
    return record.title || describeQuote(this.book, record.quote);
  }

  // --- edits ---------------------------------------------------------------------------------

  async applyQuoteEdit(change) {
    if (!this.record) return;
    const quote = structuredClone(this.record.quote);
    change(quote, this.book);
    this.record.quote = quote;
    await this.reprice({ edited: true });
  }

  applyRecordEdit(change) {
    if (!this.record) return;
    change(this.record);
    this.persist(this.record);
    this.render();
  }

  // --- pricing -------------------------------------------------------------------------------

  // Quotes priced again after every edit (the one being edited, each of its scenarios, the two
  // compared) go through live quotes, one per purpose (`key`): between two edits such a quote
  // differs in a line or two, so the engine parses and reprices only what those lines touch and
  // sends back only the lines whose price changed.
  priceLive(quote, key, detail) {
    if (this.liveQuoteBook !== this.loadedBook) {
      for (const live of this.liveQuotes?.values() ?? []) live.close();
      this.liveQuotes = new Map();
      this.liveQuoteBook = this.loadedBook;
    }
    const id = `${key} ${detail}`;
    let live = this.liveQuotes.get(id);
    if (!live) {
      // Scenarios of quotes opened earlier are not priced any more: the oldest go first.
      if (this.liveQuotes.size >= MAX_LIVE_QUOTES) {
        const [oldest, quoteOpened] = this.liveQuotes.entries().next().value;
        quoteOpened.close();
        this.liveQuotes.delete(oldest);
      }
      live = this.engine.openQuote(this.loadedBook, { detail });
      this.liveQuotes.set(id, live);
    }
    return live.price(quote);
  }

  // Prices any quote with the loaded book: {priced, errors}. Never throws. `live` names the
  // live quote to price it with (see priceLive); without it the quote is priced afresh.
  async priceQuote(quote, detail = 'summary', { live = null } = {}) {
    try {
      const priced = live ? this.priceLive(quote, live, detail) : await this.engine.price(this.loadedBook, quote, { detail });
      if (priced?.errors?.length) return { priced: null, errors: priced.errors };
      return { priced, errors: [] };
    } catch (error) {
      return { priced: null, errors: errorsOf(error) };
    }
  }

  // Prices the quote and draws it; then saves it (`edited`: its inputs changed) and hashes its
  // inputs. The totals come first: saving and hashing a 500-line quote took as
  // long as pricing it.
  async reprice({ edited = false } = {}) {
    const sequence = ++this.sequence;
    const record = this.record;
    const { priced, errors } = await this.priceQuote(record.quote, 'full', { live: 'edited' });
    if (sequence !== this.sequence) return; // a newer edit is already being priced
    // An invalid quote keeps showing the last good price, marked stale, with its errors.
    if (priced) this.priced = priced;
    this.errors = errors;
    if (priced) {
      record.lastPriced = {
        net_monthly: priced.totals.net_monthly,
        currency: priced.pricebook.currency,
        level: priced.approval?.level ?? null,
      };
    }
    if (edited) {
      record.updatedAt = new Date().toISOString();  // shown as saved; saved right after drawing
      this.inputsHash = null;  // until the new inputs are hashed, no recorded approval counts as theirs
    }
    this.render();
    emit(this, 'quote-change', { quote: record.quote, priced: this.priced, valid: !errors.length });
    const problemBefore = this.saveStatus?.problem ?? null;
    const neverSaved = this.store.lastSaved(record.id) === null; // shown as "Saving…"
    const saving = edited || priced ? this.save(record) : null;
    const inputsHash = await hashInputs(record.quote);
    await saving;
    if (sequence !== this.sequence) return; // the hash of older inputs
    this.inputsHash = inputsHash;
    const approvalCounts = record.approval?.inputsHash === inputsHash;
    const firstSave = neverSaved && this.store.lastSaved(record.id) !== null;
    if (approvalCounts || firstSave || (this.saveStatus?.problem ?? null) !== problemBefore) this.render();
  }

  // --- what the views see ---------------------------------------------------------------------

  approvalState() {
    const approval = this.priced?.approval;
    const levels = this.book.internal?.approval?.levels ?? [];
    const required = approval?.level ?? null;
    const recorded = this.record.approval;
    const recordedValid = Boolean(
      recorded && recorded.inputsHash === this.inputsHash && levels.indexOf(recorded.level) >= levels.indexOf(required),
    );
    const needsApproval = Boolean(required) && levels.indexOf(required) > 0;
    const approved = !this.errors.length && (!needsApproval || recordedValid);
    return { levels, required, needsApproval, recorded, recordedValid, approved };
  }

  sanityCheck() {
    const index = lineIndexOf(this.book, this.record.quote, TRAFFIC_CATEGORY);
    const line = this.record.quote.lines[index];
    if (!line) return null;
    const unit = unitOf(this.book, line.unit ?? this.book.products.find((p) => p.sku === line.sku)?.unit);
    const finding = checkTrafficVolume(this.book, this.record.quote.customer?.segment, line.quantity, unit);
    return finding ? { ...finding, path: `/lines/${index}/quantity` } : null;
  }

  render() {
    if (!this.record) return;
    this.record.scenarios ??= defaultScenarios(this.book, this.record.quote);
    const state = {
      mode: this.mode,
      book: this.book,
      bookInfo: this.bookInfo,
      currency: this.book.currency,
      record: this.record,
      title: this.titleOf(this.record),
      quote: this.record.quote,
      priced: this.priced,
      errors: this.errors,
      stale: this.errors.length > 0,
      approval: this.approvalState(),
      sanity: this.sanityCheck(),
      records: this.records.map((r) => ({ ...r, displayTitle: this.titleOf(r) })),
      notices: this.notices,
      saveStatus: this.saveStatus?.problem ? this.saveStatus : { problem: null, at: this.store.lastSaved(this.record.id) },
      rep: this.store.rep,
      logResult: this.logResult,
      price: (quote, detail, live = null) => this.priceQuote(quote, detail, { live }),
    };
    // Scenarios and the diff price and compare whole quotes again, and the printable quote is
    // every line once more (hidden until printed): they are drawn after the next frame, so an
    // edit's totals, lines and guidance reach the screen first. A newer render
    // before then replaces the pending state.
    for (const view of this.views) {
      if (!DEFERRED_VIEWS.has(view.localName)) view.state = state;
    }
    this.deferredState = state;
    if (!this.deferredPending) {
      this.deferredPending = true;
      requestAnimationFrame(() => setTimeout(() => this.drawDeferredViews()));
    }
  }

  drawDeferredViews() {
    if (!this.deferredPending) return;
    this.deferredPending = false;
    for (const view of this.views) {
      if (DEFERRED_VIEWS.has(view.localName)) view.state = this.deferredState;
    }
  }

  notify({ kind = 'info', text, detail = '', action = null }) {
    const notice = { id: `n${Date.now()}${Math.random().toString(16).slice(2, 6)}`, kind, text, detail, action };
    this.notices = [...(this.notices ?? []).slice(-3), notice];
    this.render();
    return notice;
  }

  // --- commands ------------------------------------------------------------------------------

  // Alt+letter for what a rep does mid-call without leaving the keyboard (shown on the buttons).
  runShortcut(event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || !this.dataset.ready) return;
    const name = SHORTCUTS[event.code];
    if (!name) return;
    event.preventDefault();
    this.runCommand({ command: name });
  }

  async runCommand(detail) {
    const { command } = detail;
    switch (command) {
      case 'new': {
        forgetTyping();
        this.record = this.addRecord(newQuote(this.book));
        this.store.currentId = this.record.id;
        this.priced = null;
        await this.reprice();
        this.querySelector('deal-fields')?.focusFirstField();
        break;
      }
      case 'open':
        await this.openRecord(detail.id);
        break;
      case 'duplicate': {
        const source = this.records.find((r) => r.id === detail.id);
        if (!source) return;
        const copy = this.addRecord(structuredClone(source.quote), {
          title: `Copy of ${this.titleOf(source)}`,
          scenarios: structuredClone(source.scenarios),
        });
        await this.openRecord(copy.id);
        break;
      }
      case 'rename': {
        const record = this.records.find((r) => r.id === detail.id);
        if (!record) return;
        record.title = String(detail.title ?? '').slice(0, 200);
        this.persist(record);
        this.render();
        break;
      }
      case 'delete': {
        this.store.remove(detail.id);
        this.records = this.records.filter((r) => r.id !== detail.id);
        if (this.record.id === detail.id) {
          const next = this.records[0] ?? this.addRecord(newQuote(this.book));
          await this.openRecord(next.id);
        } else {
          this.render();
        }
        break;
      }
      case 'share':
        await this.shareCurrent();
        break;
      case 'export-json':
        download(`${fileSafe(this.titleOf(this.record))}.json`, exportJson(this.record, this.priced, this.bookInfo), 'application/json');
        break;
      case 'export-csv':
        if (!this.priced) return;
        download(`${fileSafe(this.titleOf(this.record))}.csv`, exportCsv({ ...this.record, title: this.titleOf(this.record) }, this.priced), 'text/csv');
        break;
      case 'import':
        await this.importText(detail.text, detail.name);
        break;
      case 'set-rep':
        this.store.rep = String(detail.name ?? '').slice(0, 120);
        break;
      case 'export-log':
        await this.exportLog(detail.format);
        break;
      case 'print':
        window.print();
        break;
      case 'show-saved':
        this.querySelector('saved-quotes')?.show();
        break;
      case 'record-approval': {
        const inputsHash = this.inputsHash ?? await hashInputs(this.record.quote);
        this.applyRecordEdit((record) => {
          record.approval = { level: detail.level, by: String(detail.by ?? '').slice(0, 120), at: new Date().toISOString(), inputsHash };
        });
        break;
      }
      case 'clear-approval':
        this.applyRecordEdit((record) => {
          record.approval = null;
        });
        break;
      case 'dismiss-notice':
        this.notices = this.notices.filter((n) => n.id !== detail.id);
        this.render();
        break;
      default:
        break;
    }
  }

  async importText(text, name = 'the file') {
    let imported;
    try {
      imported = parseImport(text);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      this.notify({ kind: 'error', text: `Could not import ${name}: ${error.message}` });
      return;
    }
    const record = this.addRecord(imported.quote, {
      title: imported.title,
      outcome: { ...emptyOutcome(), ...(imported.outcome ?? {}) },
      scenarios: imported.scenarios,
    });
    const notSaved = await this.store.whenSaved(record.id);
    if (notSaved) this.toldNotSaved = true; // the notice below says it
    await this.openRecord(record.id);
    const problems = this.errors.length ? ` It has ${this.errors.length} problem(s) to fix before it can be priced.` : '';
    const leftOut = imported.warnings.map((w) => w.message).join(' ');
    if (notSaved) {
      this.notify({
        kind: 'error',
        text: `Imported “${this.titleOf(record)}”, but it is not saved in this browser (${notSaved}): it is kept only until this tab closes. Export it to keep it.${problems}`,
        action: { label: 'Export JSON', command: 'export-json' },
      });
      return;
    }
    this.notify({ kind: this.errors.length || leftOut ? 'warning' : 'success', text: `Imported “${this.titleOf(record)}” as a new saved quote.${problems}${leftOut ? ` ${leftOut}` : ''}` });
  }

  // --- the quote log (pricebooks/LOG-FORMAT.md) ------------------------------------------------

  // One record per saved quote, each priced now (summary detail) under the rep's name, as JSON
  // Lines or CSV. Quotes that cannot be priced are left out, and the rep is told which.
  async exportLog(format) {
    const { toLogRecord, toJsonLines, toCsv, LogRecordError } = await import('../insights/quote-log.js');
    const rep = this.store.rep.trim();
    const logged = [];
    const leftOut = [];
    for (const record of this.records) {
      const { priced, errors } = await this.priceQuote(record.quote, 'summary');
      try {
        if (!priced) throw new LogRecordError('unpriced_quote', '/priced', errors[0]?.message ?? 'it cannot be priced');
        logged.push(toLogRecord(record, { priced, book: this.book, rep }));
      } catch (error) {
        if (!(error instanceof LogRecordError)) throw error;
        leftOut.push(`“${this.titleOf(record)}” (${error.message})`);
      }
    }
    const skipped = leftOut.length ? ` Left out ${leftOut.length}: ${leftOut.join('; ')}` : '';
    if (!logged.length) {
      this.logResult = { ok: false, text: `Nothing to export: no saved quote could be logged.${skipped}` };
    } else {
      const name = `quote-log-${fileSafe(rep)}-${new Date().toISOString().slice(0, 10)}.${format === 'csv' ? 'csv' : 'jsonl'}`;
      if (format === 'csv') download(name, toCsv(logged), 'text/csv');
      else download(name, toJsonLines(logged), 'application/jsonl');
      const count = `${logged.length} ${logged.length === 1 ? 'quote' : 'quotes'}`;
      this.logResult = { ok: !leftOut.length, text: `Exported ${count} to ${name}.${skipped}` };
    }
    this.render();
  }

  // --- share links ---------------------------------------------------------------------------

  async shareCurrent() {
    try {
      const fragment = await encodeShareFragment({
        quote: this.record.quote,
        book: this.bookInfo,
        netMonthly: this.errors.length ? null : this.priced?.totals.net_monthly,
        title: this.record.title || undefined,
      });
      const url = new URL(location.href);
      url.hash = fragment;
      this.querySelector('share-panel')?.show(url.href, this.errors.length > 0);
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.notify({ kind: 'error', text: error.message });
    }
  }

  async openShareLinkFromLocation() {
    if (!this.book || !isShareFragment(location.hash)) return;
    const fragment = location.hash;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    let payload;
    try {
      payload = await decodeShareFragment(fragment);
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.notify({ kind: 'error', text: `This share link could not be opened. ${error.message}` });
      if (!this.record) {
        // The page opens where it was: the link's problem costs nothing already saved.
        this.record = this.records.find((r) => r.id === this.store.currentId) ?? this.records[0] ?? this.addRecord(newQuote(this.book));
        this.store.currentId = this.record.id;
        await this.reprice();
      }
      return;
    }
    const linkHash = await sha256Hex(fragment);
    const existing = this.records.find((r) => r.sharedFrom?.linkHash === linkHash);
    const quote = payload.quote;
    const bookNotes = [];
    const otherBook = payload.book.id !== this.bookInfo.id;
    if (otherBook) {
      bookNotes.push(`It was made for price book “${payload.book.id}”, not “${this.bookInfo.id}”: its total cannot be compared with this book's prices.`);
    } else if (payload.book.version !== this.bookInfo.version) {
      bookNotes.push(`It was made with price book version ${payload.book.version}; it is re-priced with version ${this.bookInfo.version}.`);
      quote.pricebook = { ...quote.pricebook, version: this.bookInfo.version };
    } else if (payload.book.hash !== this.bookInfo.hash && payload.book.hash !== await this.publicBookHash()) {
      bookNotes.push(`The price book (version ${this.bookInfo.version}) has been edited since the link was made.`);
    }
    forgetTyping();
    this.record = existing ?? this.addRecord(quote, {
      title: payload.title ?? '',
      sharedFrom: { linkHash, book: payload.book, net_monthly: payload.net_monthly, openedAt: new Date().toISOString() },
    });
    this.store.currentId = this.record.id;
    this.priced = null;
    await this.reprice();
    this.notify(this.describePriceChange(payload, bookNotes, { comparable: !otherBook }));
  }

  // Links made on the prospect page carry the hash of the public book (this book without its
  // internal part, as `edgequote public` writes it): the same prices, so the same book.
  publicBookHash() {
    this.publicHash ??= (async () => {
      try {
        return await sha256Hex(this.engine.publicPricebook(this.bookText));
      } catch {
        return null; // no WebCrypto (an insecure context): only the full book's hash is known
      }
    })();
    return this.publicHash;
  }

  // Says plainly whether the link's prices still hold, and by how much they moved.
  // A link made for another book is never said to have unchanged prices (`comparable` false).
  describePriceChange(payload, bookNotes, { comparable = true } = {}) {
    const currency = this.book.currency;
    const opened = `Opened a shared quote for ${payload.quote.customer?.name || 'an unnamed customer'}.`;
    const then = payload.net_monthly;
    const now = this.errors.length ? null : this.priced?.totals.net_monthly;
    let sentence;
    let kind = 'info';
    if (now === null || now === undefined) {
      sentence = 'It cannot be priced with this price book: see the problems beside the fields.';
      kind = 'warning';
    } else if (!comparable) {
      sentence = `With this price book it comes to ${money(now, currency)}/month.`;
      kind = 'warning';
    } else if (then === null) {
      sentence = `It had no price when shared; it is now ${money(now, currency)}/month.`;
    } else if (compare(then, now) === 0) {
      sentence = `Prices have not changed since the link was made: still ${money(now, currency)}/month.`;
      kind = 'success';
    } else {
      const delta = difference(then, now);
      const pct = changePercent(then, now);
      const direction = delta.startsWith('-') ? 'down' : 'up';
      sentence = `Prices have changed since this link was made: the net was ${money(then, currency)}/month and is now ` +
        `${money(now, currency)}/month, ${direction} ${money(absolute(delta), currency)}${pct === null ? '' : ` (${absolute(pct)}%)`}.`;
      kind = 'warning';
    }
    return { kind, text: [opened, ...bookNotes, sentence].join(' ') };
  }
}

customElements.define('quote-configurator', QuoteConfiguratorElement);
