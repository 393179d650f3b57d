// <edge-quote pricebook="pricebooks/edge-cdn.public.json" mode="prospect" segment="smb"
//             currency="USD" customer-name="Acme"></edge-quote>
//
// The configurator as one element for any page: the prospect page, the iframe build and a host's
// own page (a sales portal). One <script type="module" src=".../embed/edge-quote.js"> loads it;
// it renders in its own shadow root and talks to the host only through attributes (kept in sync
// with properties) and events that bubble out of the shadow root (composed):
//
//   quote-change  every time the quote is priced again (and when it stops being priceable)
//   quote-submit  the visitor asked for this quote and said who they are (detail.contact: name,
//                 email, company, message); cancelable: a host that handles it calls
//                 preventDefault(); otherwise the request goes to the log endpoint of the site's
//                 site-config.json, and without one the element offers a mailto: link
//   quote-saved   the visitor saved the quote as a share link (detail.url)
//
// quote-submit and quote-saved also carry detail.log: the quote as a quote-log record
// (pricebooks/LOG-FORMAT.md; with `request` on a submit) for the host to store.
//
// detail = { quote, priced, sha256, valid, errors }: `quote` the inputs, `priced` the engine's
// canonical priced quote *as text* (exactly what it returned), `sha256` the WebCrypto SHA-256 hex
// of that text. A host verifies a snapshot with `await engine.verifySnapshot(book, detail)`: the
// engine prices `quote` again and requires exactly `priced`, whose hash must be `sha256` (a hash
// check alone would miss an altered `priced`).
//
// mode="prospect" (the default) never computes from hidden data: whatever book it is given, it
// loads only the engine's public version of it (no costs, floors, guidance bands, approval rules),
// shows no discount fields and drops discounts from quotes it opens. mode="rep" shows the rep's
// discount fields and, when the book has an internal part, the guidance and approval panel
// (loaded on demand: the public build does not ship it).
import { h, fill, emit, noteTyping, forgetTyping } from '../lib/dom.js';
import { encodeShareFragment, ShareLinkError } from '../lib/share-link.js';
import { money } from '../lib/format.js';
import { errorsOf, QuoteSession } from '../lib/quote-session.js';
import { describePriceChange, readShareLink } from '../lib/session-share-links.js';
import { describeRefusal } from '../lib/inbound.js';
import { readAttribute } from './host-doors.js';
import '../elements/deal-fields.js';
import '../elements/traffic-fields.js';
import '../elements/feature-picker.js';
import '../elements/priced-lines.js';
import '../elements/price-totals.js';
import '../elements/notice-list.js';
import '../elements/share-panel.js';

const STYLESHEETS = [
  new URL('../styles/configurator.css', import.meta.url),
  new URL('./edge-quote.css', import.meta.url),
];
// Not a static import: the public build must not contain it (cmake/assemble-public-site.mjs
// follows static imports only).
const GUIDANCE_PANEL = '../elements/guidance-panel.js';
// "Request this quote": the contact form, the log record and the outbox (on demand).
const REQUEST_FLOW = new URL('./request-flow.js', import.meta.url).href;

const VIEWS = 'deal-fields, traffic-fields, feature-picker, priced-lines, price-totals, notice-list, guidance-panel';
const DEFAULT_REQUEST_EMAIL = 'sales@edgecdn.example';
const MAX_NAME = 120;

function panel(id, title, ...content) {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id, text: title }), ...content);
}

export class EdgeQuoteElement extends HTMLElement {
  static observedAttributes = ['pricebook', 'mode', 'segment', 'currency', 'customer-name', 'share-base', 'request-email'];

  #root;
  #abort = null;
  #session = null;     // the quote's life: engine, book, quote, price, errors, notices
  #generation = 0;     // loads (book, mode): only the latest one finishes
  #starting = null;
  #logId = null;       // this element's quote in the log: one id while it lives
  #firstLogged = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
  }

  // --- attributes <-> properties ---------------------------------------------------------

  get pricebook() { return this.#attribute('pricebook'); }
  set pricebook(url) { this.setAttribute('pricebook', url); }

  get mode() { return this.getAttribute('mode') === 'rep' ? 'rep' : 'prospect'; }
  set mode(mode) { this.setAttribute('mode', mode === 'rep' ? 'rep' : 'prospect'); }

  get segment() { return this.#attribute('segment'); }
  set segment(id) { this.#setOrRemove('segment', id); }

  get currency() { return this.#attribute('currency'); }
  set currency(code) { this.#setOrRemove('currency', code); }

  get customerName() { return this.#attribute('customer-name'); }
  set customerName(name) { this.#setOrRemove('customer-name', name); }

  // Where share links point (the page that opens them); default: this page.
  get shareBase() { return this.#attribute('share-base'); }
  set shareBase(url) { this.#setOrRemove('share-base', url); }

  // Where the mailto: fallback of "Request this quote" goes when no host handles quote-submit.
  get requestEmail() { return this.#attribute('request-email') || DEFAULT_REQUEST_EMAIL; }
  set requestEmail(address) { this.#setOrRemove('request-email', address); }

  // An attribute's value when it is well-formed (web/embed/host-doors.js readAttribute), else ''
  // and a warning naming it: a host's mistake shows up as a message, never as an exception.
  #attribute(name) {
    const value = this.getAttribute(name);
    if (value === null || value === '') return '';
    const read = readAttribute(name, value);
    if (read.ok) return read.value;
    if (this.#refusedAttributes.get(name) !== value) {
      this.#refusedAttributes.set(name, value);
      console.warn(`<edge-quote> ${name}: ${describeRefusal(read)}`);
      if (this.#session?.ready) this.#session.notify({ kind: 'warning', text: `The page set ${name} to a value this configurator cannot use: ${read.message}` });
    }
    return '';
  }

  #refusedAttributes = new Map();

  #setOrRemove(name, value) {
    if (value === null || value === undefined || value === '') this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  /** The quote inputs being edited (a copy). */
  get quote() { return this.#session?.quote ? structuredClone(this.#session.quote) : null; }
  /** The last priced state, as in quote-change's detail (a copy): {quote, priced, sha256, valid, errors}. */
  get snapshot() { return this.#session?.snapshot ? structuredClone(this.#session.snapshot) : null; }
  /** Resolves when the element has loaded its book and priced its first quote. */
  get ready() { return this.#starting ?? Promise.resolve(); }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#abort) return;
    if (name === 'pricebook' || name === 'mode' || name === 'currency') this.#start();
    else if (name === 'segment' || name === 'customer-name') this.#applyContext();
  }

  connectedCallback() {
    this.#abort = new AbortController();
    const { signal } = this.#abort;
    const root = this.#root;
    root.addEventListener('input', (event) => noteTyping(event.composedPath()[0]), { signal, capture: true });
    // The views' requests stay inside: hosts see only the three public events.
    root.addEventListener('quote-edit', (event) => {
      event.stopPropagation();
      this.edit(event.detail.edit, event.detail);
    }, { signal });
    root.addEventListener('quote-command', (event) => {
      event.stopPropagation();
      this.#runCommand(event.detail);
    }, { signal });
    root.addEventListener('record-edit', (event) => {
      event.stopPropagation();
      throw new Error(`record edit "${event.detail?.edit}": the embedded configurator keeps no saved records`);
    }, { signal });
    root.addEventListener('click', (event) => {
      const action = event.composedPath().find((node) => node instanceof HTMLElement && node.dataset.action)?.dataset.action;
      if (action === 'request') this.requestQuote();
      else if (action === 'share') this.shareQuote();
    }, { signal });
    this.#start();
  }

  disconnectedCallback() {
    this.#abort?.abort();
    this.#abort = null;
    this.#session?.release();
  }

  // The commands the views inside may send (quote-command {command, ...}); any other is an error.
  #runCommand(detail) {
    const session = this.#session;
    switch (detail?.command) {
      case 'dismiss-notice':
        session.dismissNotice(detail.id);
        return;
      default:
        throw new Error(`unknown command "${detail?.command}"`);
    }
  }

  // --- loading ---------------------------------------------------------------------------

  #layout() {
    const rep = this.mode === 'rep';
    fill(this.#root,
      ...STYLESHEETS.map((url) => h('link', { rel: 'stylesheet', href: url.href })),
      h('div', { class: 'eq', part: 'root', dataset: { mode: this.mode } },
        h('notice-list'),
        h('p', { class: 'loading eq-status', role: 'status', dataset: { role: 'status' }, text: 'Loading prices…' }),
        h('div', { class: 'eq-layout', hidden: true },
          h('div', { class: 'eq-main' },
            panel('eq-plan', rep ? 'Deal' : 'Your plan', h('deal-fields')),
            panel('eq-traffic', 'Traffic', h('traffic-fields')),
            panel('eq-features', rep ? 'Premium features' : 'Features and add-ons', h('feature-picker')),
            panel('eq-lines', rep ? 'Lines and the math' : 'Your price, line by line', h('priced-lines'))),
          h('aside', { class: 'eq-side', 'aria-label': 'Price' },
            h('p', { class: 'eq-customer', hidden: true }),
            h('price-totals'),
            h('div', { class: 'eq-actions' },
              h('button', { type: 'button', class: 'button primary eq-request', dataset: { action: 'request' }, text: rep ? 'Submit this quote' : 'Request this quote' }),
              h('button', { type: 'button', class: 'button secondary eq-share', dataset: { action: 'share' }, text: 'Share link' }),
              h('p', { class: 'eq-request-status', role: 'status', hidden: true }),
              h('div', { class: 'eq-fallback', hidden: true },
                h('p', { text: 'Send your request by email; it carries a link to this exact configuration.' }),
                h('a', { class: 'button secondary eq-mailto', href: 'mailto:' }, 'Email the request'))),
            h('p', { class: 'eq-footnote muted' }))),
        // In a narrow container the price column comes last: the price stays in view down here.
        h('div', { class: 'eq-summary', hidden: true },
          h('span', { class: 'eq-summary-net' }),
          h('button', { type: 'button', class: 'button primary', dataset: { action: 'request' }, text: rep ? 'Submit' : 'Request this quote' })),
        h('share-panel')));
  }

  // A rep on a book with an internal part sees the guidance and approval panel, loaded on demand.
  async #addGuidancePanel(generation) {
    try {
      await import(GUIDANCE_PANEL);
    } catch {
      return; // not in this build: the public build ships no internal book to guide with either
    }
    const side = this.#root.querySelector('.eq-side');
    if (generation !== this.#generation || !side || side.querySelector('guidance-panel')) return;
    side.append(h('guidance-panel'));
    this.#render();
  }

  #start() {
    this.#generation += 1;
    this.dataset.state = 'loading';
    this.#session?.release();
    this.#layout();
    const starting = this.#load().finally(() => {
      if (this.#starting === starting) this.#starting = null;
    });
    this.#starting = starting;
    return starting;
  }

  async #load() {
    const generation = this.#generation;
    const status = this.#root.querySelector('[data-role=status]');
    const previous = this.#session?.quote ?? null;
    const session = new QuoteSession({
      mode: this.mode,
      pricing: 'canonical',
      render: () => this.#render(),
      drawn: () => emit(this, 'quote-change', this.snapshot),
    });
    try {
      if (!this.pricebook) {
        const given = this.getAttribute('pricebook');
        throw new Error(given ? `the pricebook attribute cannot be used: ${readAttribute('pricebook', given).message}` : 'no price book: set the pricebook attribute to its URL');
      }
      await session.load({ url: new URL(this.pricebook, document.baseURI), publicOnly: this.mode === 'prospect', signal: this.#abort?.signal });
      if (generation !== this.#generation) {
        session.release();
        return;
      }
      if (this.currency && this.currency !== session.book.currency) {
        throw new Error(`this price book is in ${session.book.currency}, and this page expects ${this.currency}`);
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      session.release();
      status.textContent = `Prices cannot be shown: ${errorsOf(error).map((e) => e.message).join(' ')}`;
      status.classList.add('fatal');
      this.dataset.state = 'failed';
      return;
    }
    this.#session = session;
    const book = session.book;
    const quote = previous && previous.pricebook?.id === book.id ? structuredClone(previous) : session.newQuote();
    quote.pricebook = { id: book.id, version: book.version };
    this.#applyContextTo(quote);
    if (this.mode === 'rep' && book.internal) await this.#addGuidancePanel(generation);
    await session.open(quote, { source: 'the page' });
    if (generation !== this.#generation) return;
    status.hidden = true;
    this.#root.querySelector('.eq-layout').hidden = false;
    this.#root.querySelector('.eq-footnote').textContent =
      `List prices from ${book.name ?? book.id} price book ${book.version}, in ${book.currency}, before tax.`;
    this.dataset.state = 'ready';
    // A request queued while offline on an earlier visit leaves now (when the site has a log
    // endpoint); off the first priced total, like the comparison below.
    import(REQUEST_FLOW).then((flow) => flow.siteOutbox({ notify: (notice) => session.notify(notice) })).catch(() => {});
    // "At list elsewhere" for a prospect (issue #17): off unless the host (attribute
    // prospect-comparison) or the book ("prospect_comparison": true, in the engine's view) switches
    // it on; loaded after the first priced total, as on the rep page, from files the public build
    // ships for it (cmake/assemble-public-site.mjs, --on-demand). It uses public list prices only.
    if (this.mode === 'prospect' && (this.hasAttribute('prospect-comparison') || book.prospect_comparison === true)) {
      import('../elements/later/at-list-elsewhere.js')
        .then(({ attach }) => attach(this, { rep: false, container: this.#root.querySelector('.eq-side') }))
        .catch((error) => session.notify({ kind: 'warning', text: `The comparison could not load: ${error.message}` }));
    }
  }

  // --- context from the host ---------------------------------------------------------------

  #applyContextTo(quote) {
    quote.customer ??= {};
    if (this.customerName) quote.customer.name = this.customerName.slice(0, MAX_NAME);
    const segment = this.segment;
    if (segment && this.#session.book.segments?.some((s) => s.id === segment)) quote.customer.segment = segment;
    else if (segment) this.#session.notify({ kind: 'warning', text: `Segment “${segment}” is not in this price book; ${quote.customer.segment ?? 'the default'} is used.` });
  }

  #applyContext() {
    const session = this.#session;
    if (!session?.ready) return;
    forgetTyping();
    const quote = structuredClone(session.quote);
    this.#applyContextTo(quote);
    session.open(quote, { source: 'the page' });
  }

  // --- editing and pricing -----------------------------------------------------------------

  /** Applies the named edit (web/lib/quote-edits.js) with its data, e.g. edit('term', {months: 24}), and prices it. */
  async edit(name, args = {}) {
    await this.#session?.edit(name, args);
  }

  /** Replaces the quote (e.g. one the host kept); prospect mode drops discounts from it. False if it was refused. */
  async setQuote(quote) {
    await this.ready;
    if (!this.#session?.ready) throw new Error('the price book is not loaded');
    forgetTyping();
    return (await this.#session.open(quote, { source: 'the host' })).ok;
  }

  #render() {
    const session = this.#session;
    if (!session?.ready) return;
    const state = session.viewState();
    for (const view of this.#root.querySelectorAll(VIEWS)) view.state = state;
    // Customer text is whatever someone typed (or a host passed): text nodes only.
    const customer = this.#root.querySelector('.eq-customer');
    const name = session.quote.customer?.name?.trim() ?? '';
    customer.textContent = name ? `Quote for ${name}` : '';
    customer.hidden = !name;
    const summary = this.#root.querySelector('.eq-summary');
    summary.hidden = !session.priced;
    if (session.priced) {
      summary.querySelector('.eq-summary-net').textContent =
        `${money(session.priced.totals.net_monthly, session.book.currency)}/month${state.stale ? ' (last good price)' : ''}`;
    }
    const request = this.#root.querySelector('.eq-request');
    if (request) request.setAttribute('aria-disabled', String(state.stale));
  }

  // --- share, request ------------------------------------------------------------------------

  /** A link that reopens the configuration last priced (on share-base, default: this page). */
  async shareUrl() {
    const snapshot = this.#session?.snapshot;
    if (!snapshot) throw new ShareLinkError('Nothing to share yet: the price book is still loading.');
    const fragment = await encodeShareFragment({
      quote: snapshot.quote,
      book: this.#session.bookInfo,
      netMonthly: snapshot.valid ? this.#session.priced.totals.net_monthly : null,
    });
    const url = new URL(this.shareBase || location.href, document.baseURI);
    url.hash = fragment;
    return url.href;
  }

  async shareQuote() {
    const snapshot = this.#session?.snapshot;
    if (!snapshot) return;
    let url;
    try {
      url = await this.shareUrl();
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.#session.notify({ kind: 'error', text: error.message });
      return;
    }
    this.#root.querySelector('share-panel')?.show(url, !snapshot.valid);
    emit(this, 'quote-saved', { ...this.snapshot, url, log: await this.#logRecord(snapshot) });
  }

  // The snapshot as a quote-log record (with the request's contact), or null when not priced.
  async #logRecord(snapshot, contact = null) {
    if (!snapshot?.valid) return null;
    const { requestRecord } = await import(REQUEST_FLOW);
    this.#logId ??= `q-${[...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    this.#firstLogged ??= new Date().toISOString();
    return requestRecord({ snapshot, book: this.#session.book, contact, quoteId: this.#logId, firstAt: this.#firstLogged,
      rep: this.mode === 'rep' ? 'embedded configurator' : 'self-serve prospect' });
  }

  /** "Request this quote": asks who is asking (a form), then sends it with submitRequest(). */
  async requestQuote() {
    const snapshot = this.#session?.snapshot;
    if (!snapshot) return false;
    const status = this.#root.querySelector('.eq-request-status');
    this.#root.querySelector('.eq-fallback').hidden = true;
    if (!snapshot.valid) {
      status.hidden = false;
      status.className = 'eq-request-status bad';
      status.textContent = 'Fix the problems marked in red first: this configuration cannot be priced yet.';
      return false;
    }
    status.hidden = true;
    const { showRequestForm } = await import(REQUEST_FLOW);
    showRequestForm(this.#root.querySelector('.eq-actions'), {
      company: snapshot.quote.customer?.name?.trim() ?? '',
      onSend: (contact) => this.submitRequest(contact),
    });
    return true;
  }

  /**
   * Sends the request with the visitor's contact ({name, email, company, message}), the first way
   * that works: 'host' (a quote-submit the host took), 'endpoint' (the site's log endpoint, through
   * the outbox), else 'mailto' (a link to the request email). false when nothing is priced.
   */
  async submitRequest(contact) {
    const snapshot = this.#session?.snapshot;
    if (!snapshot?.valid) return false;
    const { readContact, queueRequest, requestMailto } = await import(REQUEST_FLOW);
    const read = readContact(contact);
    if (!read.contact) throw new Error(Object.values(read.problems).join(' '));
    let url = null; // a quote too large for a link is still requested, without one
    try {
      url = await this.shareUrl();
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
    }
    const log = await this.#logRecord(snapshot, read.contact);
    const status = this.#root.querySelector('.eq-request-status');
    const fallback = this.#root.querySelector('.eq-fallback');
    const say = (kind, text) => {
      status.hidden = false;
      status.className = `eq-request-status ${kind}`;
      status.textContent = text;
    };
    const event = new CustomEvent('quote-submit', {
      bubbles: true, composed: true, cancelable: true, detail: { ...this.snapshot, url, contact: read.contact, log },
    });
    if (!this.dispatchEvent(event)) {
      say('ok', 'Request sent. We will be in touch about this quote.');
      return 'host';
    }
    const queued = await queueRequest(log, { notify: (notice) => this.#session.notify(notice) });
    if (queued) {
      say('ok', queued.sent ? 'Request sent. We will be in touch about this quote.'
        : 'Request saved in this browser: it will be sent as soon as the connection is back (even after a reload).');
      return 'endpoint';
    }
    const net = money(this.#session.priced.totals.net_monthly, this.#session.book.currency);
    const mailto = fallback.querySelector('.eq-mailto');
    mailto.href = requestMailto({ to: this.requestEmail, contact: read.contact, net, customerName: snapshot.quote.customer?.name?.trim(), url });
    status.hidden = true;
    fallback.hidden = false;
    mailto.focus();
    return 'mailto';
  }

  /** Opens a share link (its URL or just its #fragment); says plainly whether prices changed. */
  async openShareLink(link) {
    await this.ready;
    const session = this.#session;
    if (!session?.ready) return false;
    const text = String(link);
    const opened = await readShareLink(session, text.includes('#') ? text.slice(text.indexOf('#')) : text);
    if (!opened) return false;
    if (!opened.samePricebook) {
      session.notify({ kind: 'error', text: `This link was made for another price book (“${opened.payload.book.id}”).` });
      return false;
    }
    opened.quote.pricebook = { id: session.book.id, version: session.book.version };
    if (!(await this.setQuote(opened.quote))) return false;
    session.notify(describePriceChange(session, opened));
    return true;
  }
}

customElements.define('edge-quote', EdgeQuoteElement);
