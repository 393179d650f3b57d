// <quote-configurator pricebook="pricebooks/edge-cdn.json">
//
// The rep page. Its quote session (web/lib/quote-session.js) owns the engine, the price book, the
// quote being edited, its price, errors and notices; this element adds the rep's own features:
// the saved quotes (autosaved before anything else happens after drawing, so a killed tab loses
// nothing), the commands of the toolbar and the saved-quotes dialog, signed approvals (tokens kept
// with the record, verified by the session), share links and the quote log. The elements inside it are views that get a `state` and ask for changes
// with bubbling events carrying data: quote-edit {edit, ...} (quote-edits.js), record-edit
// {edit, ...} and quote-command {command, ...}; an unknown name is an error.
import { h, fill, emit, forgetTyping, noteTyping } from '../lib/dom.js';
import { QuoteStore, emptyOutcome, newRecordId, RECORD_VERSION } from '../lib/quote-store.js';
import { describeQuote } from '../lib/quote-model.js';
import { isShareFragment } from '../lib/share-link.js';
import { readApprovalFragment } from '../lib/approval-request.js';
import { MAX_TOKENS_PER_QUOTE } from '../lib/signed-approvals.js';
import { defaultScenarios } from '../lib/scenarios.js';
import { recordEditNamed } from '../lib/record-edits.js';
import { errorsOf, QuoteSession } from '../lib/quote-session.js';
import { nextFrame } from '../lib/tasks.js';

const DEFERRED_VIEWS = new Set(['quote-scenarios', 'quote-diff', 'print-quote', 'quote-outcome', 'saved-quotes', 'share-panel', 'ramp-editor']);
// Their code is a chunk of its own, fetched once after the first priced total (or to print).
let deferredViewsLoaded = null;
const loadDeferredViews = () => (deferredViewsLoaded ??= import('./deferred-views.js'));
const VIEW_SELECTOR = [
  'quote-toolbar', 'notice-list', 'deal-fields', 'traffic-fields', 'feature-picker', 'priced-lines',
  'price-totals', 'guidance-panel', 'quote-scenarios', 'quote-diff', 'quote-outcome', 'saved-quotes',
  'share-panel', 'print-quote', 'summary-bar', 'approval-panel', 'ramp-editor',
].join(',');

// Scenarios and the comparison price whole quotes again and draw them: they are drawn only while
// within two screens of the viewport (an IntersectionObserver), and with the latest state as soon
// as they come that near. An edit at the top of a large quote does not wait for them.
const DRAWN_WHEN_NEAR = new Set(['quote-scenarios', 'quote-diff']);

// Importing a file is a chunk of its own, fetched once the first total is on the screen.
let importStepsLoaded = null;
const loadImportSteps = () => (importStepsLoaded ??= import('./import-steps.js'));

// The customer's and the deal desk's copies are a chunk of their own, fetched on first use: the
// first priced total does not need them.
let copiesLoaded = null;
const loadCopies = () => (copiesLoaded ??= import('../lib/customer-copy.js'));

// Exports and imports (web/lib/exporters.js), and making or opening a share link, come with the
// deferred views' chunk (deferred-views.js says why), fetched after the first total or on first
// use (a link: when the page opens on one). Only the check of whether the address holds a link
// (isShareFragment) is on the first load's path.
const loadExporters = loadDeferredViews;
const loadShareLinks = loadDeferredViews;

// A large record's save made a part per task (quote-store.js save); not as the page is hidden.
const IN_PARTS = { inParts: true };

export const SHORTCUTS = { KeyN: 'new', KeyO: 'show-saved', KeyS: 'share', KeyP: 'print' };

export class UnknownCommandError extends Error {
  constructor(name) {
    super(`unknown command "${name}"`);
    this.name = 'UnknownCommandError';
  }
}

function section(id, title, ...content) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: title }), ...content);
}

export class QuoteConfiguratorElement extends HTMLElement {
  static observedAttributes = ['pricebook'];

  get pricebook() {
    return this.getAttribute('pricebook') ?? 'pricebooks/edge-cdn.json';
  }

  set pricebook(url) {
    this.setAttribute('pricebook', url);
  }

  // The quote inputs being edited (a copy), for hosts and tests.
  get quote() {
    return this.record ? structuredClone(this.record.quote) : null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected || !this.started) return;
    this.start();
  }

  connectedCallback() {
    this.abort = new AbortController();
    const { signal } = this.abort;
    this.session = new QuoteSession({
      mode: 'rep',
      approvals: true,
      render: () => this.render(),
      priced: (result) => this.notePriced(result),
      drawn: (result) => this.saveAfterDrawing(result),
      busy: (on) => { this.totals.busy = on; },
      tokens: () => this.record?.approvals ?? [],
      approvalChanged: () => emit(this, 'approval-change', this.session.approvalEvent()),
    });
    this.addEventListener('input', (event) => noteTyping(event.target), { signal, capture: true });
    this.addEventListener('quote-edit', (event) => this.session.edit(event.detail.edit, event.detail), { signal });
    this.addEventListener('record-edit', (event) => this.applyRecordEdit(event.detail.edit, event.detail), { signal });
    this.addEventListener('quote-command', (event) => this.runCommand(event.detail), { signal });
    window.addEventListener('hashchange', () => this.openShareLinkFromLocation(), { signal });
    window.addEventListener('hashchange', () => this.openApprovalFromLocation(), { signal });
    document.addEventListener('keydown', (event) => this.runShortcut(event), { signal });
    // Printing (the browser's own, or a PDF): the printable quote is drawn now, and only then;
    // it must not wait for a frame that a print dialog may hold back.
    window.addEventListener('beforeprint', () => this.drawPrintedQuote(), { signal });
    this.layout();
    this.started = true;
    this.start();
  }

  disconnectedCallback() {
    this.flushSaves();
    this.abort.abort();
    this.nearViews?.disconnect();
    this.session.release();
    this.started = false;
  }

  layout() {
    fill(this,
      h('header', { class: 'app-bar' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true', text: 'EQ' }),
          h('h1', { class: 'brand-name', text: 'EdgeQuote' }),
          h('span', { class: 'brand-mode', text: 'Rep configurator' }),
          h('a', { class: 'brand-link', href: 'insights.html', text: 'Insights' })),
        h('quote-toolbar')),
      h('notice-list'),
      h('p', { class: 'loading', 'data-role': 'status', role: 'status', text: 'Loading the pricing engine…' }),
      h('main', { class: 'workspace', hidden: true },
        h('div', { class: 'editor' },
          section('deal', 'Deal', h('deal-fields')),
          section('traffic', 'Traffic', h('traffic-fields')),
          section('features', 'Features and add-ons', h('feature-picker')),
          section('ramp', 'Ramp: periods with their own volumes and commit', h('ramp-editor')),
          section('lines', 'Lines and the math', h('priced-lines')),
          // The outcome before the scenarios and the comparison: those are drawn after the
          // totals and grow with the quotes they show, and would move the form under them.
          section('outcome', 'Outcome', h('quote-outcome')),
          section('scenarios', 'Scenarios side by side', h('quote-scenarios')),
          section('compare', 'Compare two quotes', h('quote-diff'))),
        h('aside', { class: 'sidebar', 'aria-label': 'Price and guidance' },
          h('price-totals'),
          h('guidance-panel'),
          h('approval-panel'))),
      h('summary-bar'),
      h('saved-quotes'),
      h('share-panel'),
      h('print-quote'),
    );
    // Found once: a search on every render walks the whole page (90,000 nodes with a 500-line
    // quote and its printable copy), which took longer than the engine's repricing.
    this.views = [...this.querySelectorAll(VIEW_SELECTOR)];
    this.totals = this.querySelector('price-totals');
    this.near = new Set();
    this.nearViews?.disconnect();
    this.nearViews = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this.near.add(entry.target);
        else this.near.delete(entry.target);
      }
      this.drawNearViews();
    }, { rootMargin: '200% 0px' });
    for (const view of this.views) if (DRAWN_WHEN_NEAR.has(view.localName)) this.nearViews.observe(view);
  }

  async start() {
    const status = this.querySelector('[data-role=status]');
    const session = this.session;
    try {
      await session.load({ url: this.pricebook, signal: this.abort.signal });
    } catch (error) {
      status.textContent = `EdgeQuote cannot start: ${errorsOf(error).map((e) => e.message).join(' ')}`;
      status.classList.add('fatal');
      return;
    }
    this.store = new QuoteStore();
    // Every record is checked by shape as it is read (web/lib/inbound.js); one that fails is set
    // aside with a warning and the page opens on the last good one.
    this.records = await this.store.loadAll();
    // Said only when there is something to say: the wording is a chunk of its own (storage-problems.js).
    if (this.store.problems.length) await import('./storage-problems.js').then((m) => m.reportStorageProblems(this), console.error);
    window.addEventListener('beforeunload', (event) => {
      if (this.store.unsaved().length) event.preventDefault(); // quotes only this tab holds
    }, { signal: this.abort.signal });
    try {
      if (isShareFragment(location.hash)) {
        // A link is priced with the book version in effect today: the versions first.
        if (this.hasAttribute('book-versions')) await this.useBookVersions();
        await this.openShareLinkFromLocation();
      } else {
        const current = this.records.find((r) => r.id === this.store.currentId) ?? this.records[0];
        const lines = current?.quote?.lines?.length ?? 0;
        if (lines > 1000) {
          // Pricing a large quote takes a moment: said first, and painted before it starts.
          status.textContent = `Opening ${lines.toLocaleString('en-US')} lines: pricing…`;
          await nextFrame();
        }
        if (!current || !(await this.openRecord(current))) await this.openRecord(this.addRecord(session.newQuote()));
      }
    } catch (error) {
      // Never stuck on "Loading…" because of one quote: a new one is opened, the others (that
      // one included) stay in the saved list.
      console.error(error);
      await this.openRecord(this.addRecord(session.newQuote()));
      session.notify({ kind: 'error', text: `The last quote could not be opened (${error?.message ?? error}); a new one was started. Every saved quote is still in the list (Alt+O).` });
    }
    performance.mark('edgequote:priced');
    await this.openApprovalFromLocation();
    this.attachLaterPanels();
    // After the first priced total: the site's other versions of the book, if it lists any.
    if (this.hasAttribute('book-versions') && !session.versions) this.useBookVersions();
    status.hidden = true;
    this.querySelector('main').hidden = false;
    this.dataset.ready = 'true';
    loadImportSteps().catch(() => { importStepsLoaded = null; }); // tried again on the first import
    // Keyboard first: the customer's name is the first thing said on a call.
    if (!document.querySelector('dialog[open]')) this.querySelector('deal-fields')?.focusFirstField();
    emit(this, 'configurator-ready', { book: session.bookInfo });
  }

  // book-versions: the site's index of book versions (web/lib/book-versions.js, loaded on demand
  // with the engine's versions module); each quote is then priced with the version in effect on its date.
  useBookVersions() {
    return import('../lib/book-versions.js').then((m) => m.useVersions(this.session, this.getAttribute('book-versions'), { signal: this.abort.signal }));
  }

  // Hook (issue #17): "At list elsewhere" loads after the first priced total, off the first load.
  attachLaterPanels() {
    // Hook (issue #18): logs that flow to the endpoint of site-config.json (web/lib/log-flow.js).
    // Started once; it queues the saves made before it (save() keeps them in savedBeforeLogFlow).
    this.logFlow ??= import('../lib/log-flow.js').then(({ startLogFlow }) => startLogFlow(this, this.savedBeforeLogFlow)).catch((error) => {
      this.session.notify({ kind: 'warning', text: `Quote logs cannot be sent from this page: ${error.message}` });
    });
    import('./later/at-list-elsewhere.js').then(({ attach }) => attach(this, { rep: true })).catch((error) => {
      this.session.notify({ kind: 'warning', text: `The comparison with competitors' list prices could not load: ${error.message}` });
    });
  }


  // --- records -------------------------------------------------------------------------------

  addRecord(quote, fields = {}) {
    const now = new Date().toISOString();
    const book = this.session.book;
    const record = {
      version: RECORD_VERSION,
      id: newRecordId(),
      title: '',
      createdAt: now,
      updatedAt: now,
      book: this.session.bookInfo,
      quote,
      outcome: emptyOutcome(),
      approvals: [],  // signed approval tokens (web/lib/signed-approvals.js)
      scenarios: defaultScenarios(book, quote),
      ...fields,
    };
    record.scenarios ??= defaultScenarios(book, quote);
    this.records.unshift(record);
    this.persist(record);
    return record;
  }

  persist(record) {
    record.updatedAt = new Date().toISOString();
    return this.save(record, IN_PARTS);
  }

  // Saves the record as it is; once storage answers, says how that went (beside the title): only
  // a committed write is ever shown as saved. The first failure also says which quotes this tab
  // alone holds, and offers the export.
  async save(record, how) {
    const problem = await this.store.save(record, how);
    // To the log flow (the outbox), or kept for it until it starts (attachLaterPanels).
    if (!problem && this.logFlow) this.logFlow.then((flow) => flow?.queue(record));
    else if (!problem) (this.savedBeforeLogFlow ??= new Map()).set(record.id, record);
    if (record !== this.record && !problem) return problem;
    this.saveStatus = problem
      ? { problem: `Not saved in the browser: ${problem}. Export the quote to keep it.`, at: null }
      : { problem: null, at: record.updatedAt };
    // Said once per spell of failures, about the quote on screen (an import says so itself).
    if (!problem) this.toldNotSaved = false;
    if (problem && record === this.record && !this.toldNotSaved) {
      this.toldNotSaved = true;
      const unsaved = this.store.unsaved().map((r) => `“${this.titleOf(r)}”`);
      this.session.notify({
        kind: 'error',
        text: `Not saved: ${problem}. ${unsaved.length === 1 ? 'This quote is' : `${unsaved.length} quotes are`} kept only until this tab closes: ${unsaved.join(', ')}. Export to keep ${unsaved.length === 1 ? 'it' : 'each'}, or delete saved quotes you no longer need.`,
        action: { label: 'Export JSON', command: 'export-json' },
      });
    }
    return problem;
  }

  // Makes `record` the one being edited, through the session's door; false (and the last good
  // state kept) when its quote is refused.
  async openRecord(record, source = 'saved quotes') {
    const admitted = this.session.admit(record.quote, { source });
    if (!admitted.ok) return false;
    this.record = record;
    forgetTyping(); // another quote: every field shows it, the focused one included
    record.scenarios ??= defaultScenarios(this.session.book, record.quote);
    this.store.currentId = record.id;
    await this.session.openAdmitted(admitted.quote);
    return true;
  }

  titleOf(record) {
    return record.title || describeQuote(this.session.book, record.quote);
  }

  // --- edits ---------------------------------------------------------------------------------

  applyRecordEdit(name, args = {}) {
    const apply = recordEditNamed(name);
    if (!this.record) return;
    apply(this.record, args);
    this.persist(this.record);
    this.render();
  }

  // The session priced the quote, before it is drawn: the record follows, noting whether it now
  // holds anything its saved copy does not (`recordChanged`, read after drawing): a saved quote
  // opened again from the list is the same quote object (quote-session.js admit) priced the
  // same, and is not written again (15-75 ms at 20,000 lines).
  notePriced({ quote, priced, edited }) {
    const record = this.record;
    let changed = edited || record.quote !== quote;
    record.quote = quote;
    if (priced) {
      const last = record.lastPriced;
      const now = { net_monthly: priced.totals.net_monthly, currency: priced.pricebook.currency, level: priced.approval?.level ?? null };
      changed ||= !last || last.net_monthly !== now.net_monthly || last.currency !== now.currency || last.level !== now.level;
      record.lastPriced = now;
    }
    if (edited) record.updatedAt = new Date().toISOString();  // shown as saved; saved right after drawing
    this.recordChanged = changed;
  }

  // After drawing: the host hears of it, and the record is saved (edited: its inputs changed).
  // Storage answers later: the title's save status is drawn again only when it changes (a first
  // save committed, a failure, a recovery).
  saveAfterDrawing({ priced, errors, edited }) {
    const record = this.record;
    emit(this, 'quote-change', { quote: record.quote, priced: this.session.priced, valid: !errors.length, approval: this.session.approvalEvent() });
    if (!this.recordChanged) return null;
    this.saveSoon(record);
    return null;
  }

  // Saving is the whole record as JSON text and a write to IndexedDB, milliseconds at 5,000 lines
  // that an edit's first frame need not wait for: it is done in a task after that frame, once for
  // the edits made until then (the record as it is then), and at once when the page is hidden or
  // left (visibilitychange, pagehide: a tab closed right after a keystroke keeps it). A quote of
  // more than 500 lines waits a second, once for the edits made meanwhile: its save (15-25 ms at
  // 5,000 lines) took a frame after every keystroke; then its text is made a part per task
  // (quote-store.js save, inParts), and stored.
  // A flush made meanwhile (the page hidden) ends the wait it scheduled: the wait's token is no
  // longer current, so it cannot cut short the wait of a later edit's save.
  saveSoon(record) {
    const run = () => this.flushSaves();
    if (!this.toSave) {
      this.toSave = new Set();
      addEventListener('pagehide', run, this.abort); // its signal ends them with the element
      document.addEventListener('visibilitychange', run, this.abort);
    }
    if (!this.toSave.size) {
      const token = {};
      this.saveWait = token;
      const runIfCurrent = (how) => { if (this.saveWait === token) this.flushSaves(how); };
      if (document.hidden) setTimeout(runIfCurrent); // no frames in a hidden page
      else if (record.quote.lines.length > 500) setTimeout(runIfCurrent, 1e3, IN_PARTS);
      else requestAnimationFrame(() => setTimeout(runIfCurrent));
    }
    this.toSave.add(record);
  }

  flushSaves(how) {
    this.saveWait = null;
    const records = [...(this.toSave ?? [])];
    this.toSave?.clear();
    for (const record of records) {
      const problemBefore = this.saveStatus?.problem ?? null;
      const neverSaved = this.store.lastSaved(record.id) === null; // shown as "Saving…"
      this.save(record, how).then(() => {
        const firstSave = neverSaved && this.store.lastSaved(record.id) !== null;
        if (record === this.record && (firstSave || (this.saveStatus?.problem ?? null) !== problemBefore)) this.render();
      });
    }
  }

  // --- what the views see ---------------------------------------------------------------------

  render() {
    if (!this.record || !this.session.ready) return;
    this.record.scenarios ??= defaultScenarios(this.session.book, this.record.quote);
    const state = {
      ...this.session.viewState(),
      record: this.record,
      title: this.titleOf(this.record),
      records: this.records.map((r) => ({ ...r, displayTitle: this.titleOf(r) })),
      saveStatus: this.saveStatus?.problem ? this.saveStatus : { problem: null, at: this.store.lastSaved(this.record.id) },
      rep: this.store.rep,
      logResult: this.logResult,
      approval: { ...this.session.approvalState(), request: this.approvalRequest?.sequence === this.session.sequence ? this.approvalRequest.value : null },
      printCopy: this.printCopy ?? 'customer',
    };
    // Scenarios and the diff price and compare whole quotes again, and the printable quote is
    // every line once more (hidden until printed): they are drawn after the next frame, so an
    // edit's totals, lines and guidance reach the screen first (with the outcome panel and the
    // saved-quotes and share dialogs, their code is a chunk loaded then). A newer render
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

  // For a command that needs one of them now (print, share, saved quotes).
  async deferredViewsDrawn() {
    await loadDeferredViews();
    this.drawDeferredViews();
  }

  drawDeferredViews() {
    if (!this.deferredPending) return;
    // Not defined yet: a state set now would hide the element's own setter once it upgrades.
    if (!customElements.get('print-quote')) {
      loadDeferredViews().then(() => this.drawDeferredViews());
      return;
    }
    this.deferredPending = false;
    for (const view of this.views) {
      // The printable quote (every line once more: 14,765 elements at 2,000 lines) is drawn
      // only to print (drawPrintedQuote), not after every edit; scenarios and the comparison only
      // near the viewport (drawNearViews).
      if (!DEFERRED_VIEWS.has(view.localName) || view.localName === 'print-quote') continue;
      if (DRAWN_WHEN_NEAR.has(view.localName) && !this.near.has(view)) continue;
      view.state = this.deferredState;
      view.drawnState = this.deferredState;
    }
  }

  // A view that came near the viewport is drawn with the latest state, if it has not been.
  drawNearViews() {
    if (this.deferredPending || !this.deferredState || !customElements.get('quote-scenarios')) return;
    for (const view of this.near) {
      if (view.drawnState === this.deferredState) continue;
      view.state = this.deferredState;
      view.drawnState = this.deferredState;
    }
  }

  // Before printing: the print command, or the browser's own (beforeprint, also fired for a PDF).
  drawPrintedQuote() {
    this.drawDeferredViews();
    const printed = this.querySelector('print-quote');
    if (!customElements.get('print-quote') || !printed || !this.deferredState) return;
    if (this.printedState === this.deferredState) return;
    this.printedState = this.deferredState;
    printed.state = this.deferredState;
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

  // Runs the command named in `detail.command` with the rest of `detail` as its data.
  async runCommand(detail) {
    const name = detail?.command;
    if (!Object.hasOwn(COMMANDS, name)) throw new UnknownCommandError(name);
    await COMMANDS[name].call(this, detail);
  }

  // Imports a quote file (web/elements/import-steps.js, fetched with the first import).
  async importText(text, name = 'the file') {
    const [{ importFile }, { parseImport, ImportError, IMPORT_LIMITS, joinChecked }] = await Promise.all([loadImportSteps(), loadExporters()]);
    await importFile(this, text, name, { parseImport, ImportError, limits: IMPORT_LIMITS, join: joinChecked, emptyOutcome, nextFrame });
  }

  // Downloads the file `make(exporters)` describes ({name, parts, type}), written a part per task
  // (exporters.js downloadInParts); a second export asked for meanwhile is not started.
  async writeInParts(make) {
    if (this.exporting) return;
    this.exporting = true;
    try {
      const exporters = await loadExporters();
      const { name, parts, type } = await make(exporters);
      await exporters.downloadInParts(name, parts, type);
    } finally {
      this.exporting = false;
    }
  }

  // --- the quote log (pricebooks/LOG-FORMAT.md) ------------------------------------------------

  // One record per saved quote, each priced now (summary detail) under the rep's name, as JSON
  // Lines or CSV. Quotes that cannot be priced are left out, and the rep is told which.
  async exportLog(format) {
    const [{ toLogRecord, toJsonLines, toCsv, LogRecordError }, { download, fileSafe }] =
      await Promise.all([import('../insights/quote-log.js'), loadExporters()]);
    const rep = this.store.rep.trim();
    const logged = [];
    const leftOut = [];
    for (const record of this.records) {
      const { priced, errors } = await this.session.priceQuote(record.quote, 'summary');
      try {
        if (!priced) throw new LogRecordError('unpriced_quote', '/priced', errors[0]?.message ?? 'it cannot be priced');
        logged.push(toLogRecord(record, { priced, book: this.session.book, rep }));
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

  // --- signed approvals ------------------------------------------------------------------------

  // A token from the approver (pasted, or an #approval= link): verified first; a refused token
  // changes nothing and says why.
  async addApproval(token) {
    const session = this.session;
    const text = String(token ?? '').trim();
    const tokens = this.record.approvals ?? [];
    if (tokens.includes(text)) {
      session.notify({ kind: 'info', text: 'This signed approval is already on the quote.' });
      return;
    }
    if (tokens.length >= MAX_TOKENS_PER_QUOTE) {
      session.notify({ kind: 'warning', text: `A quote keeps at most ${MAX_TOKENS_PER_QUOTE} signed approvals: remove one first.` });
      return;
    }
    let verdict;
    try {
      verdict = await session.checkToken(text);
    } catch (error) {
      session.notify({ kind: 'error', text: `The signed approval could not be checked: ${errorsOf(error)[0].message}` });
      return;
    }
    if (!verdict.valid) {
      session.notify({ kind: 'error', text: `Signed approval refused: ${verdict.message}`, detail: verdict.code });
      return;
    }
    this.record.approvals = [...tokens, text];
    this.persist(this.record);
    await session.verifyApprovals();
  }

  async openApprovalFromLocation() {
    const token = readApprovalFragment(location.hash);
    if (token === null || !this.record) return;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    await this.addApproval(token);
  }

  // --- share links ---------------------------------------------------------------------------

  async shareCurrent() {
    const { errors, priced, bookInfo } = this.session;
    const { encodeShareFragment, ShareLinkError } = await loadShareLinks();
    try {
      const fragment = await encodeShareFragment({
        quote: this.record.quote,
        book: bookInfo,
        netMonthly: errors.length ? null : priced?.totals.net_monthly,
        title: this.record.title || undefined,
        scenarios: this.record.scenarios,
      });
      const url = new URL(location.href);
      url.hash = fragment;
      await this.deferredViewsDrawn();
      this.querySelector('share-panel')?.show(url.href, errors.length > 0);
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.session.notify({ kind: 'error', text: error.message, action: error.action });
    }
  }

  // A link opens as a new saved quote (or the one it opened before), re-priced, with a notice
  // saying whether its prices still hold.
  async openShareLinkFromLocation() {
    const session = this.session;
    if (!session.book || !isShareFragment(location.hash)) return;
    const fragment = location.hash;
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    const { readShareLink, describePriceChange } = await loadShareLinks();
    const link = await readShareLink(session, fragment);
    const admitted = link && session.admit(link.quote, { source: 'the share link' });
    if (!admitted?.ok) {
      // The page opens where it was: the link's problem costs nothing already saved.
      if (!this.record) {
        const current = this.records.find((r) => r.id === this.store.currentId) ?? this.records[0];
        if (!current || !(await this.openRecord(current))) await this.openRecord(this.addRecord(session.newQuote()));
      }
      return;
    }
    const existing = this.records.find((r) => r.sharedFrom?.linkHash === link.linkHash);
    const record = existing ?? this.addRecord(admitted.quote, {
      title: link.payload.title ?? '',
      scenarios: link.payload.scenarios,
      sharedFrom: { linkHash: link.linkHash, book: link.payload.book, net_monthly: link.payload.net_monthly, openedAt: new Date().toISOString() },
    });
    await this.openRecord(record, 'the share link');
    session.notify(describePriceChange(session, link));
  }
}

// The commands views ask for by name (quote-command {command, ...}); `this` is the element.
const COMMANDS = {
  async new() {
    await this.openRecord(this.addRecord(this.session.newQuote()));
    this.querySelector('deal-fields')?.focusFirstField();
  },
  async open({ id }) {
    const record = this.records.find((r) => r.id === id);
    if (record) await this.openRecord(record);
  },
  async duplicate({ id }) {
    const source = this.records.find((r) => r.id === id);
    if (!source) return;
    // The same quote object: a quote is never changed once made (an edit changes a copy), and
    // the session knows it as its own (not checked and copied again: quote-session.js admit).
    const copy = this.addRecord(source.quote, {
      title: `Copy of ${this.titleOf(source)}`,
      scenarios: structuredClone(source.scenarios),
    });
    await this.openRecord(copy);
  },
  rename({ id, title }) {
    const record = this.records.find((r) => r.id === id);
    if (!record) return;
    record.title = String(title ?? '').slice(0, 200);
    this.persist(record);
    this.render();
  },
  async delete({ id }) {
    this.store.remove(id);
    this.records = this.records.filter((r) => r.id !== id);
    if (this.record.id === id) {
      await this.openRecord(this.records[0] ?? this.addRecord(this.session.newQuote()));
    } else {
      this.render();
    }
  },
  share() {
    return this.shareCurrent();
  },
  // Written a part per task (writeInParts), as the quote was when asked. It carries every line's
  // waterfall: a large quote's, drawn without them, are fetched (quote-session.js fullDetail); as
  // drawn should the worker hold them no more.
  async 'export-json'() {
    const record = { ...this.record }; // its quote and priced result as they are now
    const { bookInfo, priced: drawn } = this.session;
    const full = this.session.fullDetail(); // of the priced quote drawn now
    await this.writeInParts(async ({ exportJsonParts, fileSafe }) => (
      { name: `${fileSafe(this.titleOf(record))}.json`, parts: exportJsonParts(record, (await full) ?? drawn, bookInfo), type: 'application/json' }));
  },
  async 'export-csv'() {  // the customer's copy: nothing internal
    if (!this.session.priced) return;
    const record = { ...this.record, title: this.titleOf(this.record) };
    const drawn = this.session.priced;
    const full = this.session.fullDetail(); // of the priced quote drawn now
    await this.writeInParts(async ({ exportCsvParts, fileSafe }) => (
      { name: `${fileSafe(record.title)}.csv`, parts: exportCsvParts(record, (await full) ?? drawn), type: 'text/csv' }));
  },
  async 'export-customer-json'() {
    const { priced } = this.session;
    if (!priced) return;
    const title = this.titleOf(this.record);
    const approval = this.session.approvalState();
    await this.writeInParts(async ({ fileSafe }) => (
      { name: `${fileSafe(title)}.customer.json`, parts: (await loadCopies()).customerJsonParts(priced, approval), type: 'application/json' }));
  },
  async 'export-deal-desk-csv'() {
    const { priced } = this.session;
    if (!priced) return;
    const title = this.titleOf(this.record);
    const approvals = { coverage: this.session.approvalState().coverage, tokens: this.record.approvals ?? [] };
    await this.writeInParts(async ({ fileSafe }) => (
      { name: `${fileSafe(title)}.deal-desk.csv`, parts: (await loadCopies()).dealDeskCsvParts(title, priced, approvals), type: 'text/csv' }));
  },
  async 'print-deal-desk'() {
    this.printCopy = 'internal';
    this.render();
    await COMMANDS.print.call(this);
    this.printCopy = 'customer';
    this.render();
  },
  import({ text, name }) {
    return this.importText(text, name);
  },
  'set-rep'({ name }) {
    this.store.rep = String(name ?? '').slice(0, 120);
  },
  'export-log'({ format }) {
    return this.exportLog(format);
  },
  // A large quote's groups are summed a part per task first (print-quote.js prepare); the
  // browser's own print (beforeprint) sums them at once.
  async print() {
    await this.deferredViewsDrawn();
    await this.querySelector('print-quote').prepare(this.deferredState);
    this.drawPrintedQuote();
    window.print();
  },
  async 'show-saved'() {
    await this.deferredViewsDrawn();
    this.querySelector('saved-quotes')?.show();
  },
  async 'request-approval'() {
    const session = this.session;
    if (!session.priced || session.errors.length) return;
    const sequence = session.sequence;
    try {
      this.approvalRequest = { sequence, value: await session.approvalRequest() };
    } catch (error) {
      session.notify({ kind: 'error', text: `No approval request: ${errorsOf(error)[0].message}` });
      return;
    }
    this.render();
  },
  'add-approval'({ token }) {
    return this.addApproval(token);
  },
  async 'remove-approval'({ index }) {
    this.record.approvals = (this.record.approvals ?? []).filter((_, i) => i !== index);
    this.persist(this.record);
    this.render();
    await this.session.verifyApprovals();
  },
  'dismiss-notice'({ id }) {
    this.session.dismissNotice(id);
  },
};

customElements.define('quote-configurator', QuoteConfiguratorElement);
