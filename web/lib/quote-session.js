// One quote's life in a page, shared by both hosts: the rep page (<quote-configurator>) and the
// embeddable element (<edge-quote>). A session owns the engine and the loaded price book, the
// quote being edited, its last good price and its errors, the notices shown to the person and
// the approval preview (reopening a share link in a session: web/lib/session-share-links.js).
// The host keeps only its layout and its own features (saved records and commands on the rep
// page; host events on the embed) and learns of changes through the callbacks it passes in
// (render; priced, before drawing; drawn, after):
//
//   const session = new QuoteSession({ mode: 'rep', render: () => draw(session), drawn: (r) => save(r) });
//   await session.load({ url: 'pricebooks/edge-cdn.json' });
//   await session.open(quote, { source: 'storage' });   // the one door a quote comes in by (admit)
//   await session.edit('term', { months: 24 });         // named edits with data (quote-edits.js)
//
// Every quote that enters (a new quote, a stored record, an import, a share link, a host's
// setQuote) goes through admit() (open() calls it): it checks the quote's shape (checkIncoming,
// web/lib/inbound.js readQuote), and either lets the quote in, as a clean copy, or refuses it with
// a notice (code and JSON Pointer in its detail) and the last good state is kept.
import { loadEngine, sha256Hex } from '../engine/edgequote.js';
import { editableCopy, lineIndexOf, localToday, newQuote, TRAFFIC_CATEGORY } from './quote-model.js';
import { SignedApprovals, approvalOutcome } from './signed-approvals.js';
import { quoteEditNamed } from './quote-edits.js';
import { describeRefusal, isChecked, readQuote } from './inbound.js';

// Live quotes kept open (priceLive): the edited quote, up to four scenarios, the two compared.
const MAX_LIVE_QUOTES = 12;
const MAX_NOTICES = 4;

// Any thrown value as the engine's error list ({code, path, message}).
export function errorsOf(error) {
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

// The shape a quote must have before the page touches it (the engine checks its content, with
// codes and paths): null when it may enter, else why not. The door itself, with its code and
// JSON Pointer, is web/lib/inbound.js readQuote (the other doors — links, imports, storage, host
// messages, attributes — check their envelopes there and their quotes with it).
export function checkIncoming(quote) {
  const read = readQuote(quote);
  return read.ok ? null : `${read.message.replace(/\.$/, '')}${read.path ? ` (at ${read.path})` : ''}`;
}

export class QuoteSession {
  // mode: 'rep' | 'prospect' (a prospect's quotes never carry discounts); pricing: 'live' (the rep
  // page: only changed lines cross) or 'canonical' (the embed: the exact bytes, hashed for hosts);
  // approvals: verify the quote's signed approval tokens after each pricing (signed-approvals.js).
  // The host's callbacks: render() draws session.viewState(); priced(result) runs before drawing
  // (bookkeeping), drawn(result) after (saving, announcing; returns 'redraw' when what it did must
  // be shown); busy(on) while a large quote's pricing is awaited, off once it is drawn; tokens()
  // are the signed approval tokens of the current quote; approvalChanged() runs when their verdict
  // for the current quote is known.
  constructor({
    mode = 'rep', pricing = 'live', approvals = false,
    render = () => {}, priced = () => {}, drawn = () => {}, busy = () => {}, tokens = () => [], approvalChanged = () => {},
  } = {}) {
    this.mode = mode === 'prospect' ? 'prospect' : 'rep';
    this.pricing = pricing;
    this.approvals = approvals;
    this.host = { render, priced, drawn, busy, tokens, approvalChanged };
    this.engine = null;
    this.loadedBook = null;  // the engine's reference to the parsed book
    this.book = null;
    this.bookInfo = null;    // {id, version, hash}: what share links and records name
    this.bookText = null;
    this.quote = null;
    // The quotes admit let in (its copies) and the edits made: the session's own objects, never
    // changed once made (an edit changes a copy), so one opened again (a saved quote picked from
    // the list) is not checked and copied again, 60-200 ms at 20,000 lines.
    this.ownQuotes = new WeakSet();
    this.priced = null;      // the last good price (kept, marked stale, while the quote has errors)
    this.errors = [];
    this.notices = [];
    this.snapshot = null;    // pricing 'canonical': {quote, priced (text), sha256, valid, errors}
    this.signedApprovals = null;  // approvals: made when the book is loaded
    this.coverage = null;    // approvals: {sequence, coverage} of the tokens for the quote priced then
    this.sequence = 0;       // pricing runs: only the latest one is drawn
    this.liveQuotes = new Map();
    this.versions = null;    // the site's book versions (web/lib/book-versions.js), if it has several
    // The pricing worker's client (inWorker) sets `worker`, `workerStart`, `workerBroken`, `workerAsks`.
  }

  get ready() {
    return Boolean(this.book && this.quote);
  }

  // --- loading -------------------------------------------------------------------------------

  // Loads the engine and the price book (fetched from `url`, or `text`); the public part only when
  // `publicOnly`. Throws with a message for the person when either cannot be loaded.
  async load({ url = null, text = null, publicOnly = false, signal = null } = {}) {
    const bookText = text !== null ? Promise.resolve(text) : fetch(url, { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`the price book ${url} could not be fetched (HTTP ${response.status})`);
      return response.text();
    });
    bookText.catch(() => {}); // the engine and the book download side by side; reported below
    const engine = await loadEngine();
    performance.mark('edgequote:engine-loaded'); // start-up steps, for DevTools and tests/bench
    if (!this.engine) {
      engine.addEventListener?.('recovered', () => this.engineRestarted(), { signal });
    }
    this.engine = engine;
    let raw = await bookText;
    // A prospect never gets anything computed from the internal part, whatever book it is given.
    if (publicOnly) raw = engine.publicPricebook(raw);
    const loaded = await engine.loadPricebook(raw);
    performance.mark('edgequote:book-loaded');
    this.release();
    this.bookText = raw;
    this.publicOnly = publicOnly;
    this.loadedBook = loaded;
    this.book = loaded.view;
    this.bookInfo = { id: loaded.id, version: loaded.version, hash: loaded.hash };
    this.signedApprovals = this.approvals && !publicOnly ? new SignedApprovals(raw) : null;
    this.coverage = null;
    return loaded;
  }

  // The engine (here, or the pricing worker's) stopped on an input and was restarted.
  engineRestarted() {
    this.notify({ kind: 'warning', text: 'The pricing engine stopped on an input and was restarted; that input was refused. Your quote is intact.' });
  }

  // With several versions of the book on the site (web/lib/book-versions.js, set up by the host
  // with useVersions), the quote is priced with the version in effect on its date.
  followBookVersion() {
    return this.versions?.follow(this, localToday());
  }

  // Frees the book inside the engine and the live quotes priced with it (the pricing worker
  // notices a new book itself: pricing-worker-client.js ask).
  release() {
    for (const live of this.liveQuotes.values()) live.close();
    this.liveQuotes.clear();
    try {
      this.engine.releasePricebook(this.loadedBook);
    } catch {
      // None loaded yet, or already gone with a restarted engine: nothing to free.
    }
    this.loadedBook = null;
  }

  newQuote() {
    const quote = newQuote(this.book);
    return this.mode === 'prospect' ? prospectInputs(quote) : quote;
  }

  // --- the door ------------------------------------------------------------------------------

  // Where every quote from outside comes in ('new', 'storage', an import, a share link, a host's
  // setQuote): checks its shape (checkIncoming) and returns {ok: true, quote} with the copy the
  // session may take (a prospect's without discounts), or {ok: false, reason} after a notice
  // saying why it was refused. Nothing changes in the session either way.
  admit(quote, { source = 'the page', notify = true } = {}) {
    if (this.ownQuotes.has(quote)) return { ok: true, quote };
    const read = isChecked(quote) ? { ok: true, value: quote } : readQuote(quote);
    if (!read.ok) {
      const reason = `${read.message.replace(/\.$/, '')}${read.path ? ` (at ${read.path})` : ''}`;
      if (notify) this.notify({ kind: 'error', text: `The quote from ${source} was not opened: ${reason}.`, detail: describeRefusal(read) });
      return { ok: false, reason, code: read.code, path: read.path };
    }
    const admitted = this.mode === 'prospect' ? prospectInputs(read.value) : read.value;
    this.ownQuotes.add(admitted);
    return { ok: true, quote: admitted };
  }

  // Admits the quote (above) and makes it the one being edited, priced. Returns what admit did;
  // a refused quote leaves the last good state as it was. An unpriceable quote is admitted: the
  // engine's errors are shown beside the fields.
  async open(quote, options = {}) {
    const admitted = this.admit(quote, options);
    if (admitted.ok) await this.openAdmitted(admitted.quote);
    return admitted;
  }

  // Makes a quote admit() let in (its `quote`, as returned) the one being edited, priced: for a
  // host that admitted it already and acted on the answer first (a saved record on the rep page).
  async openAdmitted(quote) {
    this.quote = quote;
    await this.followBookVersion();
    this.priced = this.coverage = null;
    await this.reprice();
  }

  // Applies the named edit (quote-edits.js) to a copy of the quote and prices it. An unknown name
  // throws UnknownEditError. The copy shares the unchanged lines (editableCopy): the edits replace
  // a line they change.
  async edit(name, args = {}) {
    const apply = quoteEditNamed(name);
    if (!this.quote) return;
    const quote = editableCopy(this.quote);
    const notice = apply(quote, this.book, args);
    this.quote = this.mode === 'prospect' ? prospectInputs(quote) : quote;
    this.ownQuotes.add(this.quote);
    if (notice) this.notify(notice);
    await this.followBookVersion();
    await this.reprice({ edited: true });
  }

  // --- pricing -------------------------------------------------------------------------------

  // Quotes priced again after every edit (the one being edited, each of its scenarios, the two
  // compared) go through live quotes, one per purpose (`key`): between two edits such a quote
  // differs in a line or two, so the engine parses and reprices only what those lines touch and
  // sends back only the lines whose price changed.
  priceLive(quote, key, detail) {
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

  // --- the pricing worker, for large quotes ----------------------------------------------------

  // A large quote's pricing (`key` and `detail`, as priceQuote's; no key: afresh; 'canonical')
  // or competitor comparison ('compare', for web/elements/later/at-list-elsewhere.js) in the
  // pricing worker: a promise of its answer (pricing-worker-client.js ask), or of null when
  // it must be done here after all (no workers, or the worker failed); false for a smaller quote.
  //
  // A quote of more than 500 lines is priced in a module worker (web/lib/pricing-worker.js,
  // through pricing-worker-client.js: both fetched with the first such quote), so the engine's
  // long calls never hold up input: a full reprice of 5,000 lines is hundreds of milliseconds. A
  // smaller quote is priced here, which is quicker than the round trip (tests/bench/PERFORMANCE.md, "Large quotes").
  // (The figure is written out, not a constant: the page's first load pays for every byte here.)
  inWorker(quote, what, detail) {
    return quote?.lines?.length > 500 && import('./pricing-worker-client.js').then((c) => c.ask(this, quote, what, detail), () => null);
  }

  // Prices any quote with the loaded book: {priced, errors}. Never throws. `live` names the live
  // quote to price it with (see priceLive); without it the quote is priced afresh. A large quote
  // is priced in the worker; its answer can be {superseded: true} when a newer quote for the same
  // live key came before it was priced (the caller has a newer one coming: it draws nothing).
  // Detail 'lean': 'full' priced here, summary lines from the worker (their math: fullDetail).
  async priceQuote(quote, detail = 'summary', { live = null } = {}) {
    const answer = await this.inWorker(quote, live, detail);
    if (detail === 'lean') detail = 'full';
    if (answer) return answer;
    try {
      const priced = live ? this.priceLive(quote, live, detail) : await this.engine.price(this.loadedBook, quote, { detail });
      if (priced?.errors?.length) return { priced: null, errors: priced.errors };
      return { priced, errors: [] };
    } catch (error) {
      return { priced: null, errors: errorsOf(error) };
    }
  }

  // The canonical text too, hashed: a snapshot a host can verify byte for byte.
  async #priceCanonical(quote) {
    const answer = await this.inWorker(quote, 'canonical');
    if (answer) return answer;
    try {
      const canonical = this.engine.priceCanonical(this.loadedBook, quote, { detail: 'full' });
      const parsed = JSON.parse(canonical);
      if (parsed.errors?.length) return { priced: null, errors: parsed.errors, canonical: null, sha256: null };
      return { priced: parsed, errors: [], canonical, sha256: await sha256Hex(canonical) };
    } catch (error) {
      return { priced: null, errors: errorsOf(error), canonical: null, sha256: null };
    }
  }

  // Prices the quote and has the host draw it; then tells the host (`priced`: save, announce)
  // and, with approvals, verifies the signed approvals for the new version. The totals come
  // first: saving a 500-line quote takes as long as pricing it. Returns false when a newer
  // pricing overtook this one.
  async reprice({ edited = false } = {}) {
    const sequence = ++this.sequence;
    const quote = this.quote;
    // A large quote's answer comes from the worker (inWorker), a round trip later.
    this.host.busy(quote?.lines?.length > 500);
    const result = this.pricing === 'canonical'
      ? await this.#priceCanonical(quote)
      : await this.priceQuote(quote, 'lean', { live: 'edited' });
    // A newer edit is already being priced (a large quote's older pricing still waiting for the
    // worker is answered `superseded`, unpriced: a newer one is always behind it).
    if (sequence !== this.sequence) return false;
    this.host.busy(false);
    // An invalid quote keeps showing the last good price, marked stale, with its errors.
    if (result.priced) {
      this.priced = result.priced;
      this.pricedLean = Boolean(result.lean);
    }
    this.errors = result.errors;
    if (this.pricing === 'canonical') {
      this.snapshot = {
        quote: structuredClone(quote),
        priced: result.canonical,
        sha256: result.sha256,
        valid: Boolean(result.priced),
        errors: result.errors.map((e) => ({ ...e })),
        approval: this.approvalEvent(),
      };
    }
    const outcome = { quote, priced: result.priced, errors: result.errors, edited };
    this.host.priced(outcome);
    this.host.render();
    if (this.host.drawn(outcome) === 'redraw') this.host.render();
    return this.approvals ? this.verifyApprovals(sequence) : true;
  }

  // The priced quote drawn (no line), or one of its lines, in full detail, tiers and waterfall
  // included: a large quote's come from the worker without them (pricing-worker-client.js
  // fullDetail). Null when they are to be had no more (a newer price replaced that line).
  async fullDetail(line = null) {
    const { priced } = this;
    if (!this.pricedLean) return line ?? priced;
    const at = line ? priced.lines.indexOf(line) : null;
    if (at < 0) return null;
    const full = await (await import('./pricing-worker-client.js')).fullDetail(this, priced, line && [at]);
    return line ? full?.[0] ?? null : full;
  }

  // --- signed approvals (signed-approvals.js) -------------------------------------------------

  // The engine's coverage of the quote as priced now by its tokens (signatures checked with
  // WebCrypto). Until it is known for this version of the quote, the quote is not approved.
  // Returns false when a newer pricing overtook this one.
  async verifyApprovals(sequence = this.sequence) {
    const tokens = this.host.tokens() ?? [];
    if (!this.signedApprovals || !tokens.length || this.errors.length || !this.priced) {
      const had = this.coverage;
      this.coverage = null;
      if (had) {
        this.host.render();
        this.host.approvalChanged();
      }
      return true;
    }
    let coverage = null;
    try {
      coverage = await this.signedApprovals.verify(this.quote, tokens);
    } catch (error) {
      this.notify({ kind: 'warning', text: `The signed approvals could not be verified: ${errorsOf(error)[0].message}` });
    }
    if (sequence !== this.sequence) return false; // an edit since: verified again for it
    this.coverage = coverage ? { sequence, coverage } : null;
    this.host.render();
    this.host.approvalChanged();
    return true;
  }

  // One token's verdict for the current quote (before the host keeps it): the engine's
  // ApprovalVerdict ({valid, code, message, ...}).
  async checkToken(token) {
    if (!this.signedApprovals) return { valid: false, code: 'approval_unknown_approver', message: 'This page has no approval policy to verify approvals against.' };
    const coverage = await this.signedApprovals.verify(this.quote, [token]);
    return coverage.approvals[0];
  }

  // An approval request for the quote as priced now: {request, url, mailto}.
  approvalRequest() {
    return this.signedApprovals.request(this.quote, this.priced, { customer: this.quote.customer?.name });
  }

  // For hosts: the approval status and the tokens, to show and re-verify them.
  approvalEvent() {
    const state = this.approvalState();
    return {
      status: state.approved ? (state.needsApproval ? 'approved' : 'not_required') : 'open',
      required_level: state.required,
      tokens: [...(this.host.tokens() ?? [])],
      coverage: state.coverage,
    };
  }

  // --- what the views see --------------------------------------------------------------------

  approvalState() {
    const levels = this.book.approval_levels ?? [];
    const required = this.priced?.approval?.level ?? null;
    const tokens = this.host.tokens() ?? [];
    // Only a coverage verified for this very version of the quote counts.
    const coverage = this.coverage?.sequence === this.sequence ? this.coverage.coverage : null;
    const outcome = approvalOutcome(coverage);
    const needsApproval = Boolean(required) && levels.indexOf(required) > 0;
    const approved = !this.errors.length && (!needsApproval || outcome.approved);
    return {
      levels, required, needsApproval, approved, coverage, approvers: outcome.approvers, open: outcome.open,
      verifying: needsApproval && tokens.length > 0 && !coverage,
    };
  }

  // A second pair of eyes on the traffic volume: the engine's unit_check finding (the book's
  // typical traffic per segment, core/src/typical_traffic.cpp) for the traffic line the traffic
  // fields edit, shown beside them too. Only an internal book has it, so only the rep page.
  sanityCheck() {
    if (this.mode !== 'rep' || !this.priced) return null;
    const index = lineIndexOf(this.book, this.quote, TRAFFIC_CATEGORY);
    if (index < 0) return null;
    const finding = (this.priced.guidance ?? []).find((f) => f.code === 'unit_check' && f.line !== null &&
      this.priced.lines?.[f.line]?.index === index);
    return finding ? { message: finding.message, path: `/lines/${index}/quantity` } : null;
  }

  // What every view is drawn from; the host adds its own fields.
  viewState() {
    return {
      mode: this.mode,
      book: this.book,
      bookInfo: this.bookInfo,
      currency: this.book.currency,
      quote: this.quote,
      priced: this.priced,
      errors: this.errors,
      stale: this.errors.length > 0,
      approval: this.approvalState(),
      sanity: this.sanityCheck(),
      notices: this.notices,
      price: (quote, detail, live = null) => this.priceQuote(quote, detail, { live }),
      fullLine: (line) => this.fullDetail(line),
    };
  }

  // --- notices -------------------------------------------------------------------------------

  // `action`: {label, command}, a button on the notice that runs the host's command (e.g. the
  // export offered when a quote could not be saved).
  notify({ kind = 'info', text, detail = '', action = null }) {
    const notice = { id: `n${Date.now()}${Math.random().toString(16).slice(2, 6)}`, kind, text, detail, action };
    this.notices = [...this.notices.slice(-(MAX_NOTICES - 1)), notice];
    if (this.ready) this.host.render();
    return notice;
  }

  dismissNotice(id) {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.host.render();
  }
}
