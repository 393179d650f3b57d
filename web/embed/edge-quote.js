// <edge-quote pricebook="pricebooks/edge-cdn.public.json" mode="prospect" segment="smb"
//             currency="USD" customer-name="Acme"></edge-quote>
//
// The configurator as one element for any page: the prospect page, the iframe build and a host's
// own page (a sales portal). One <script type="module" src=".../embed/edge-quote.js"> loads it;
// it renders in its own shadow root and talks to the host only through attributes (kept in sync
// with properties) and events that bubble out of the shadow root (composed):
//
//   quote-change  every time the quote is priced again (and when it stops being priceable)
//   quote-submit  the visitor asked for this quote; cancelable: a host that handles it calls
//                 preventDefault(), otherwise the element offers a mailto: link with the share link
//   quote-saved   the visitor saved the quote as a share link (detail.url)
//
// detail = { quote, priced, sha256, valid, errors }: `quote` the inputs, `priced` the engine's
// canonical priced quote *as text* (exactly what it returned), `sha256` the WebCrypto SHA-256 hex
// of that text. A host verifies a snapshot by pricing `quote` with the same price book and
// comparing the bytes and the hash: `await engine.verifySnapshot(book, detail)` does both (a
// hash check alone would miss an altered `priced`).
//
// mode="prospect" (the default) never computes from hidden data: whatever book it is given, it
// loads only the engine's public version of it (no costs, floors, guidance bands, approval rules),
// shows no discount fields and drops discounts from quotes it opens. mode="rep" shows the rep's
// discount fields and, when the book has an internal part, the guidance and approval panel
// (loaded on demand: the public build does not ship it).
import { loadEngine } from '../engine/edgequote.js';
import { h, fill, emit, noteTyping, forgetTyping } from '../lib/dom.js';
import { newQuote, sha256Hex, lineIndexOf, TRAFFIC_CATEGORY, unitOf } from '../lib/quote-model.js';
import { decodeShareFragment, encodeShareFragment, ShareLinkError } from '../lib/share-link.js';
import { compare } from '../lib/decimal-text.js';
import { checkTrafficVolume } from '../lib/typical-volumes.js';
import { money } from '../lib/format.js';
import { readQuote, describeRefusal } from '../lib/inbound.js';
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

const VIEWS = 'deal-fields, traffic-fields, feature-picker, priced-lines, price-totals, notice-list, guidance-panel';
const DEFAULT_REQUEST_EMAIL = 'sales@edgecdn.example';
const MAX_NAME = 120;

function errorsOf(error) {
  if (Array.isArray(error?.errors) && error.errors.length) return error.errors;
  return [{ code: error?.code ?? 'engine_error', path: error?.path ?? '', message: error?.message ?? String(error) }];
}

// What a prospect may not set: discounts and the incumbent's price are a rep's business.
export function prospectInputs(quote) {
  const copy = structuredClone(quote);
  delete copy.discount_pct;
  if (copy.customer) delete copy.customer.incumbent_monthly;
  for (const line of copy.lines ?? []) {
    delete line.discount_pct;
    delete line.target_net;
  }
  return copy;
}

function panel(id, title, ...content) {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id, text: title }), ...content);
}

export class EdgeQuoteElement extends HTMLElement {
  static observedAttributes = ['pricebook', 'mode', 'segment', 'currency', 'customer-name', 'share-base', 'request-email'];

  #root;
  #abort = null;
  #engine = null;
  #loaded = null;      // the PriceBookRef in the engine
  #book = null;
  #quote = null;
  #priced = null;      // parsed, for the views
  #snapshot = null;    // the last snapshot sent to the host: quote, priced and hash agree
  #errors = [];
  #notices = [];
  #sequence = 0;       // pricing runs: only the latest one is drawn
  #generation = 0;     // loads (book, mode): only the latest one finishes
  #starting = null;

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

  // An attribute's value when it is well-formed (web/lib/inbound.js readAttribute), else '' and a
  // warning naming it: a host's mistake shows up as a message, never as an exception.
  #attribute(name) {
    const value = this.getAttribute(name);
    if (value === null || value === '') return '';
    const read = readAttribute(name, value);
    if (read.ok) return read.value;
    if (this.#refusedAttributes.get(name) !== value) {
      this.#refusedAttributes.set(name, value);
      console.warn(`<edge-quote> ${name}: ${describeRefusal(read)}`);
      if (this.#book) this.#notify({ kind: 'warning', text: `The page set ${name} to a value this configurator cannot use: ${read.message}` });
    }
    return '';
  }

  #refusedAttributes = new Map();

  #setOrRemove(name, value) {
    if (value === null || value === undefined || value === '') this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  /** The quote inputs being edited (a copy). */
  get quote() { return this.#quote ? structuredClone(this.#quote) : null; }
  /** The last priced state, as in quote-change's detail (a copy): {quote, priced, sha256, valid, errors}. */
  get snapshot() { return this.#snapshot ? structuredClone(this.#snapshot) : null; }
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
      this.applyEdit(event.detail.change);
    }, { signal });
    root.addEventListener('notice', (event) => {
      event.stopPropagation();
      this.#notify(event.detail);
    }, { signal });
    root.addEventListener('quote-command', (event) => {
      event.stopPropagation();
      if (event.detail.command === 'dismiss-notice') {
        this.#notices = this.#notices.filter((n) => n.id !== event.detail.id);
        this.#render();
      }
    }, { signal });
    root.addEventListener('record-edit', (event) => event.stopPropagation(), { signal });
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
    this.#release();
  }

  #release() {
    if (this.#loaded && this.#engine) {
      try {
        this.#engine.releasePricebook(this.#loaded);
      } catch {
        // Already gone with a restarted engine: nothing to free.
      }
    }
    this.#loaded = null;
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
    this.#release();
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
    try {
      if (!this.pricebook) throw new Error('no price book: set the pricebook attribute to its URL');
      this.#engine = await loadEngine();
      const response = await fetch(new URL(this.pricebook, document.baseURI), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the price book ${this.pricebook} could not be fetched (HTTP ${response.status})`);
      let text = await response.text();
      // A prospect never gets anything computed from the internal part, whatever book it is given.
      if (this.mode === 'prospect') text = this.#engine.publicPricebook(text);
      const loaded = await this.#engine.loadPricebook(text);
      if (generation !== this.#generation) {
        this.#engine.releasePricebook(loaded);
        return;
      }
      this.#loaded = loaded;
      if (this.currency && this.currency !== loaded.book.currency) {
        throw new Error(`this price book is in ${loaded.book.currency}, and this page expects ${this.currency}`);
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      status.textContent = `Prices cannot be shown: ${errorsOf(error).map((e) => e.message).join(' ')}`;
      status.classList.add('fatal');
      this.dataset.state = 'failed';
      return;
    }
    this.#book = this.#loaded.book;
    const previous = this.#quote;
    const fresh = previous && previous.pricebook?.id === this.#book.id ? previous : newQuote(this.#book);
    this.#quote = this.mode === 'prospect' ? prospectInputs(fresh) : fresh;
    this.#quote.pricebook = { id: this.#book.id, version: this.#book.version };
    this.#applyContextTo(this.#quote);
    if (this.mode === 'rep' && this.#book.internal) await this.#addGuidancePanel(generation);
    await this.#reprice();
    if (generation !== this.#generation) return;
    status.hidden = true;
    this.#root.querySelector('.eq-layout').hidden = false;
    this.#root.querySelector('.eq-footnote').textContent =
      `List prices from ${this.#book.name ?? this.#book.id} price book ${this.#book.version}, in ${this.#book.currency}, before tax.`;
    this.dataset.state = 'ready';
  }

  // --- context from the host ---------------------------------------------------------------

  #applyContextTo(quote) {
    quote.customer ??= {};
    if (this.customerName) quote.customer.name = this.customerName.slice(0, MAX_NAME);
    const segment = this.segment;
    if (segment && this.#book.segments?.some((s) => s.id === segment)) quote.customer.segment = segment;
    else if (segment) this.#notify({ kind: 'warning', text: `Segment “${segment}” is not in this price book; ${quote.customer.segment ?? 'the default'} is used.` });
  }

  #applyContext() {
    if (!this.#quote || !this.#book) return;
    forgetTyping();
    const quote = structuredClone(this.#quote);
    this.#applyContextTo(quote);
    this.#quote = quote;
    this.#reprice();
  }

  // --- editing and pricing -----------------------------------------------------------------

  /** Applies `change(quote, book)` to a copy of the quote and prices it. */
  async applyEdit(change) {
    if (!this.#quote) return;
    const quote = structuredClone(this.#quote);
    change(quote, this.#book);
    this.#quote = this.mode === 'prospect' ? prospectInputs(quote) : quote;
    await this.#reprice();
  }

  /**
   * Replaces the quote (e.g. one the host kept); prospect mode drops discounts from it. A value
   * that is not a quote by shape (web/lib/inbound.js) is refused: the element keeps its quote,
   * shows why, and this rejects with a TypeError carrying `code` and `path`.
   */
  async setQuote(quote) {
    await this.ready;
    if (!this.#book) throw new Error('the price book is not loaded');
    const read = readQuote(quote);
    if (!read.ok) {
      this.#notify({ kind: 'error', text: `The quote given to this page was refused: ${read.message}`, detail: describeRefusal(read) });
      throw Object.assign(new TypeError(`setQuote: ${describeRefusal(read)}`), { code: read.code, path: read.path });
    }
    forgetTyping();
    const copy = this.mode === 'prospect' ? prospectInputs(read.value) : read.value;
    this.#quote = copy;
    await this.#reprice();
  }

  async #reprice() {
    const sequence = ++this.#sequence;
    const quote = this.#quote;
    let canonical = null;
    let priced = null;
    let errors = [];
    try {
      canonical = this.#engine.priceCanonical(this.#loaded, quote, { detail: 'full' });
      const parsed = JSON.parse(canonical);
      if (parsed.errors?.length) errors = parsed.errors;
      else priced = parsed;
    } catch (error) {
      errors = errorsOf(error);
    }
    const hash = priced ? await sha256Hex(canonical) : null;
    if (sequence !== this.#sequence) return; // a newer edit is already being priced
    // An invalid quote keeps showing the last good price, marked stale, beside its errors.
    if (priced) this.#priced = priced;
    this.#errors = errors;
    this.#render();
    this.#snapshot = {
      quote: structuredClone(quote),
      priced: priced ? canonical : null,
      sha256: priced ? hash : null,
      valid: Boolean(priced),
      errors: errors.map((e) => ({ ...e })),
    };
    emit(this, 'quote-change', this.snapshot);
  }

  #approvalState() {
    const levels = this.#book.internal?.approval?.levels ?? [];
    const required = this.#priced?.approval?.level ?? null;
    const needsApproval = Boolean(required) && levels.indexOf(required) > 0;
    return { levels, required, needsApproval, recorded: null, recordedValid: false, approved: !needsApproval };
  }

  #sanity() {
    if (this.mode !== 'rep') return null;
    const index = lineIndexOf(this.#book, this.#quote, TRAFFIC_CATEGORY);
    const line = this.#quote.lines[index];
    if (!line) return null;
    const unit = unitOf(this.#book, line.unit ?? this.#book.products.find((p) => p.sku === line.sku)?.unit);
    return checkTrafficVolume(this.#book, this.#quote.customer?.segment, line.quantity, unit);
  }

  #render() {
    if (!this.#quote || !this.#book) return;
    const state = {
      mode: this.mode,
      book: this.#book,
      currency: this.#book.currency,
      quote: this.#quote,
      priced: this.#priced,
      errors: this.#errors,
      stale: this.#errors.length > 0,
      approval: this.#approvalState(),
      sanity: this.#sanity(),
      notices: this.#notices,
    };
    for (const view of this.#root.querySelectorAll(VIEWS)) view.state = state;
    // Customer text is whatever someone typed (or a host passed): text nodes only.
    const customer = this.#root.querySelector('.eq-customer');
    const name = this.#quote.customer?.name?.trim() ?? '';
    customer.textContent = name ? `Quote for ${name}` : '';
    customer.hidden = !name;
    const summary = this.#root.querySelector('.eq-summary');
    summary.hidden = !this.#priced;
    if (this.#priced) {
      summary.querySelector('.eq-summary-net').textContent =
        `${money(this.#priced.totals.net_monthly, this.#book.currency)}/month${state.stale ? ' (last good price)' : ''}`;
    }
    const request = this.#root.querySelector('.eq-request');
    if (request) request.setAttribute('aria-disabled', String(state.stale));
  }

  #notify({ kind = 'info', text, detail = '' }) {
    const notice = { id: `n${Date.now()}${Math.random().toString(16).slice(2, 6)}`, kind, text, detail };
    this.#notices = [...this.#notices.slice(-3), notice];
    this.#render();
  }

  // --- share, request ------------------------------------------------------------------------

  #bookInfo() {
    return { id: this.#loaded.id, version: this.#loaded.version, hash: this.#loaded.hash };
  }

  /** A link that reopens the configuration last priced (on share-base, default: this page). */
  async shareUrl() {
    const snapshot = this.#snapshot;
    if (!snapshot) throw new ShareLinkError('Nothing to share yet: the price book is still loading.');
    const fragment = await encodeShareFragment({
      quote: snapshot.quote,
      book: this.#bookInfo(),
      netMonthly: snapshot.valid ? this.#priced.totals.net_monthly : null,
    });
    const url = new URL(this.shareBase || location.href, document.baseURI);
    url.hash = fragment;
    return url.href;
  }

  async shareQuote() {
    if (!this.#snapshot) return;
    let url;
    try {
      url = await this.shareUrl();
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.#notify({ kind: 'error', text: error.message });
      return;
    }
    this.#root.querySelector('share-panel')?.show(url, !this.#snapshot.valid);
    emit(this, 'quote-saved', { ...this.snapshot, url });
  }

  /** "Request this quote": a quote-submit event for the host, else a mailto: fallback. */
  async requestQuote() {
    if (!this.#snapshot) return false;
    const status = this.#root.querySelector('.eq-request-status');
    const fallback = this.#root.querySelector('.eq-fallback');
    fallback.hidden = true;
    if (!this.#snapshot.valid) {
      status.hidden = false;
      status.className = 'eq-request-status bad';
      status.textContent = 'Fix the problems marked in red first: this configuration cannot be priced yet.';
      return false;
    }
    let url = null; // a quote too large for a link is still requested, without one
    try {
      url = await this.shareUrl();
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
    }
    const event = new CustomEvent('quote-submit', {
      bubbles: true, composed: true, cancelable: true, detail: { ...this.snapshot, url },
    });
    const handled = !this.dispatchEvent(event);
    status.hidden = false;
    if (handled) {
      status.className = 'eq-request-status ok';
      status.textContent = 'Request sent. We will be in touch about this quote.';
    } else {
      const net = money(this.#priced.totals.net_monthly, this.#book.currency);
      const subject = `Quote request: ${this.#snapshot.quote.customer?.name?.trim() || 'EdgeCDN plan'} (${net}/month)`;
      const body = `Hello,\n\nPlease send me a quote for this configuration (${net}/month at list prices):\n${url ?? '(too large for a link: please call me back)'}\n`;
      const mailto = fallback.querySelector('.eq-mailto');
      mailto.href = `mailto:${encodeURIComponent(this.requestEmail).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
      status.className = 'eq-request-status';
      status.textContent = '';
      status.hidden = true;
      fallback.hidden = false;
      mailto.focus();
    }
    return handled;
  }

  /** Opens a share link (its URL or just its #fragment); says plainly whether prices changed. */
  async openShareLink(link) {
    await this.ready;
    if (!this.#book) return false;
    const hash = String(link).includes('#') ? String(link).slice(String(link).indexOf('#')) : String(link);
    let payload;
    try {
      payload = await decodeShareFragment(hash);
    } catch (error) {
      if (!(error instanceof ShareLinkError)) throw error;
      this.#notify({ kind: 'error', text: `This link could not be opened. ${error.message}` });
      return false;
    }
    if (payload.book.id !== this.#book.id) {
      this.#notify({ kind: 'error', text: `This link was made for another price book (“${payload.book.id}”).` });
      return false;
    }
    const quote = payload.quote;
    quote.pricebook = { id: this.#book.id, version: this.#book.version };
    await this.setQuote(quote);
    const now = this.#errors.length ? null : this.#priced?.totals.net_monthly;
    const then = payload.net_monthly;
    const currency = this.#book.currency;
    if (now === null || now === undefined) {
      this.#notify({ kind: 'warning', text: 'Opened a shared configuration; it cannot be priced as it is: see the fields marked in red.' });
    } else if (then !== null && compare(then, now) === 0) {
      this.#notify({ kind: 'success', text: `Opened a shared configuration. Prices have not changed: still ${money(now, currency)}/month.` });
    } else {
      this.#notify({ kind: 'warning', text: `Opened a shared configuration. Prices have changed since the link was made: ${then === null ? 'it had no price' : `${money(then, currency)}/month then`}, ${money(now, currency)}/month now.` });
    }
    return true;
  }
}

customElements.define('edge-quote', EdgeQuoteElement);
