// <at-list-elsewhere>: the quote's traffic at each competitor's public list prices, beside the
// guidance ("At list elsewhere"). Loaded on demand: the configurator imports this file after its
// first priced total (attach() below), so neither it nor the comparison engine
// (engine/compare.js, its own WebAssembly module) nor the competitor books are on the first load.
//
// It re-compares on every priced edit (the configurator's quote-change event), shows each
// vendor's monthly at list with its math on demand and what was left out and why. On the rep
// page the rep can name the incumbent (customer.incumbent_vendor, one of the vendors whose books
// the site serves); the engine's estimate for it is written into the quote as
// customer.incumbent_estimate, where displacement guidance uses it while no incumbent price is
// typed (the rule is the engine's: core/src/guidance.cpp). A prospect sees the comparison only
// when the host switches it on (attribute prospect-comparison, or "prospect_comparison": true
// in the book); it uses public data only. The competitor books are read from competitors/ beside
// the book the page prices with (pricebooks/competitors/ on both sites), so a host that serves a
// copy of the public build under its own path finds them too.
import { loadCompare } from '../../engine/compare.js';
import { h, fill, editQuote, uniqueId } from '../../lib/dom.js';
import { money, quantity, unitLabel } from '../../lib/format.js';

const INDEX_URL = 'competitors/index.json';  // beside the book
const COMPARE_AFTER_MS = 120;
const PAUSE_MS_PER_LINE = 0.01;  // + 0.2 s at 20,000 lines
const STATUS_TEXT = {
  complete: 'all of the traffic',
  partial: 'part of the traffic',
  not_comparable: 'not comparable',
  invalid: 'book does not fit',
};

// Loads the comparison engine, our book and the competitor books the site lists, once per page.
let loading = null;
function loadComparison(bookText, base) {
  loading ??= (async () => {
    const [engine, index] = await Promise.all([
      loadCompare(),
      fetch(new URL(INDEX_URL, base)).then((r) => {
        if (!r.ok) throw new Error(`the competitor books are not served (${INDEX_URL}: HTTP ${r.status})`);
        return r.json();
      }),
    ]);
    const texts = await Promise.all(index.books.map((file) => fetch(new URL(`competitors/${file}`, base)).then((r) => {
      if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
      return r.text();
    })));
    // A book parsed per task (ours is tens of ms on a slow machine): input is answered between.
    // Ours is parsed here only when a quote is first compared on the page (oursParsed): a large
    // quote is compared in the pricing worker, which has its own copy (the parse here was a task
    // of 39 ms in a profile of a 20,000-line quote's reload).
    const competitors = [];
    for (const text of texts) {
      await new Promise((resolve) => setTimeout(resolve));
      competitors.push(engine.loadCompetitorBook(text));
    }
    return { engine, bookText, ours: null, competitors };
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

// Our book in the comparison engine, parsed in a task of its own (then the comparison in the next).
function oursParsed(loaded) {
  loaded.ours ??= (async () => {
    const ours = loaded.engine.loadPricebook(loaded.bookText);
    await new Promise((resolve) => setTimeout(resolve));
    return ours;
  })();
  loaded.ours.catch(() => { loaded.ours = null; });  // tried again with the next comparison
  return loaded.ours;
}

export class AtListElsewhereElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    this.signal = this.abort.signal;
    this.open = new Set();  // vendors whose math is shown
    this.vendorSelect = h('select', { id: uniqueId('incumbent-vendor') });
    this.vendorSelect.addEventListener('change', () => this.nameIncumbent(this.vendorSelect.value));
    this.vendorField = h('div', { class: 'field incumbent-vendor' },
      h('label', { for: this.vendorSelect.id, text: 'Incumbent vendor' }), this.vendorSelect);
    this.estimate = h('p', { class: 'incumbent-estimate', role: 'status' });
    this.body = h('div', { class: 'elsewhere-body' }, h('p', { class: 'loading', text: 'Loading the competitors’ list prices…' }));
    this.replaceChildren(
      h('section', { class: 'guidance-card elsewhere', 'aria-labelledby': 'elsewhere-title' },
        h('h2', { id: 'elsewhere-title', class: 'eyebrow', text: 'At list elsewhere' }),
        this.vendorField, this.estimate, this.body));
  }

  disconnectedCallback() {
    this.abort.abort();
    clearTimeout(this.timer);
  }

  // Called by attach(): the configurator this panel serves, and whether the rep can name an incumbent.
  async start(configurator, { rep }) {
    this.configurator = configurator;
    this.vendorField.hidden = !rep;
    this.rep = rep;
    try {
      const bookUrl = new URL(configurator.pricebook, document.baseURI);
      const bookText = configurator.session?.bookText ?? configurator.bookText ??
        await fetch(bookUrl).then((r) => r.text());
      this.loaded = await loadComparison(bookText, bookUrl);
      this.source = { bookText, base: bookUrl.href };  // what the pricing worker loads the comparison from
    } catch (error) {
      fill(this.body, h('p', { class: 'problems', text: `The comparison is unavailable: ${error.message}` }));
      return;
    }
    const vendors = this.loaded.competitors.map((c) => c.vendor);
    fill(this.vendorSelect, h('option', { value: '', text: 'Not named' }),
      ...vendors.map((v) => h('option', { value: v.id, text: v.name })));
    configurator.addEventListener('quote-change', (event) => this.schedule(event.detail.quote), { signal: this.signal });
    this.watchEdits();
    this.update(this.currentQuote());
  }

  // Compared once the rep pauses, the latest quote only: an edit's own totals and guidance reach
  // the screen first, and five competitor books priced per keystroke (a few times the edit's
  // own pricing on a large quote) would hold up the next one. The pause grows with the quote
  // and starts again with each edit (watchEdits), and no comparison starts while an edit is
  // priced in the session's worker: at 20,000 lines a comparison is ~0.5 s of a worker's time,
  // and beside the next edit's pricing on a two-core machine the page's frames waited for a
  // core (tests/bench/page-edit.mjs: tasks of 56-114 ms whose CPU was under 30 ms).
  // Compared after a frame, not in its animation callback: there, the comparison (10-35 ms on
  // the page at 500 lines) held up that frame's painting of whatever came meanwhile.
  schedule(quote = this.pending) {
    this.pending = quote;
    clearTimeout(this.timer);
    const pause = COMPARE_AFTER_MS + (quote?.lines?.length ?? 0) * PAUSE_MS_PER_LINE;
    this.timer = setTimeout(() => {
      if (this.configurator.session?.workerAsks) return this.schedule();
      this.timer = null;
      requestAnimationFrame(() => {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.update(this.pending);
        }, 0);
      });
    }, pause);
  }

  // A comparison that is due waits again while the rep edits (see schedule).
  watchEdits() {
    for (const type of ['quote-edit', 'input']) {
      this.configurator.addEventListener(type, () => {
        if (this.timer) this.schedule();
      }, { signal: this.signal });
    }
  }

  // The quote on screen, read only: the record's own where the host has one (the rep page), as
  // its quote-change event hands it; the host's `quote` is a copy (42 ms of structuredClone at
  // 20,000 lines on a reload).
  currentQuote() {
    return this.configurator.record?.quote ?? this.configurator.quote;
  }

  nameIncumbent(vendor) {
    editQuote(this, 'incumbent-vendor', { vendor });
  }

  // Compares the quote and draws it; resolves once drawn (or overtaken by a newer quote).
  async update(quote) {
    if (!this.loaded || !quote) return;
    const sequence = this.sequence = (this.sequence ?? 0) + 1;
    // The tier math only while someone looks at it: on a large quote it is most of the answer.
    const result = await this.compared(quote, this.open.size ? 'full' : 'summary');
    if (sequence !== this.sequence || !this.isConnected) return;  // a newer quote is being compared
    if (!result) {
      // The quote cannot be priced: the guidance panel lists why; nothing to compare yet.
      fill(this.body, h('p', { class: 'muted', text: 'The comparison follows once the quote can be priced.' }));
      this.estimate.hidden = true;
      return;
    }
    this.vendorSelect.value = quote.customer?.incumbent_vendor ?? '';
    this.draw(result, quote);
    this.keepEstimate(result, quote);
  }

  // The comparison's result, or null when the quote cannot be priced. A large quote is compared
  // in the session's pricing worker (web/lib/pricing-worker.js; same module, same books, same
  // figures), as its comparison is a few hundred milliseconds of engine work; a small one here,
  // and any one here when the worker is not available. From the worker come only the math of
  // the vendors whose math is open: the rest is not drawn, and is megabytes at 5,000 lines.
  async compared(quote, detail) {
    const inWorker = await this.configurator.session?.inWorker?.(quote, 'compare', { detail, math: [...this.open], ...this.source });
    if (inWorker) return inWorker.errors.length ? null : inWorker.result;
    const { engine, competitors } = this.loaded;
    try {
      return engine.compare(await oursParsed(this.loaded), quote, competitors, { detail });
    } catch {
      return null;
    }
  }

  // The estimate belongs in the quote (the engine's guidance reads it from there); written only
  // when it changed, so the edit it causes ends the loop.
  keepEstimate(result, quote) {
    if (!this.rep) return;
    const customer = quote.customer ?? {};
    const inc = result.incumbent;
    // With the lines it prices: guidance measures our net for those same lines (like with like).
    const wanted = inc && inc.monthly !== null ? { vendor: inc.vendor, vendor_name: inc.name, monthly: inc.monthly, lines: inc.lines } : null;
    const have = customer.incumbent_estimate ?? null;
    if (JSON.stringify(wanted) === JSON.stringify(have)) return;
    editQuote(this, 'incumbent-estimate', { estimate: wanted });
  }

  draw(result, quote) {
    const currency = result.quote.pricebook.currency;
    const inc = result.incumbent;
    const typed = quote.customer?.incumbent_monthly;
    if (inc && this.rep) {
      this.estimate.hidden = false;
      this.estimate.dataset.status = inc.status;
      this.estimate.textContent = inc.monthly === null
        ? `${inc.name}: none of this traffic can be priced at its public list prices, so there is no estimate.`
        : `Estimated ${inc.name} bill: ${money(inc.monthly, currency)}/month — an estimate from public list prices` +
          `${inc.status === 'partial' ? ' (part of the traffic: see below)' : ''}. ` +
          `Our net for the same traffic: ${money(inc.ours.net_monthly, currency)}/month` +
          (inc.ours.not_compared.length
            ? `; not compared: ${inc.ours.not_compared.map((n) => `${n.name} (${money(n.net_monthly, currency)}/month)`).join(', ')}. `
            : '. ') +
          (typed ? 'The price typed under “Incumbent pays” is used instead, against the whole net.' : 'Displacement guidance uses it until the incumbent’s price is typed.');
    } else {
      this.estimate.hidden = true;
    }
    const rows = result.competitors.map((c) => this.row(c, currency));
    fill(this.body,
      h('p', { class: 'muted basis', text: result.basis }),
      h('ul', { class: 'elsewhere-list' }, ...rows));
  }

  row(c, currency) {
    const id = c.vendor.id;
    const mathId = `elsewhere-math-${id}`;
    const shown = this.open.has(id);
    const button = h('button', {
      type: 'button', class: 'button link', 'aria-expanded': String(shown), 'aria-controls': mathId,
      text: shown ? 'Hide math' : 'Math',
    });
    button.setAttribute('aria-label', `${c.vendor.name}: ${shown ? 'hide' : 'show'} the math and what was left out`);
    button.addEventListener('click', async () => {
      if (this.open.has(id)) this.open.delete(id);
      else this.open.add(id);
      await this.update(this.currentQuote());
      this.querySelector(`li[data-vendor="${id}"] button`)?.focus();
    });
    return h('li', { class: 'elsewhere-row', dataset: { vendor: id, status: c.status } },
      h('div', { class: 'elsewhere-head' },
        h('span', { class: 'vendor', text: c.vendor.name }),
        h('output', { class: 'amount', text: c.monthly === null ? '—' : `${money(c.monthly, c.pricebook.currency)}/month` }),
        h('span', { class: 'status', text: STATUS_TEXT[c.status] ?? c.status }),
        button),
      h('div', { class: 'elsewhere-math', id: mathId, hidden: !shown }, shown ? this.math(c, currency) : null));
  }

  math(c, currency) {
    const parts = [];
    if (c.priced) {
      const lines = c.priced.lines.map((line, k) => {
        const from = c.from.find((f) => f.translated === k);
        const origin = from ? `our line ${from.line + 1} (${from.sku}${from.region ? `, ${from.region}` : ''})` : 'monthly minimum';
        const tiers = (line.tiers ?? []).map((t) => h('li', {},
          `${quantity(t.quantity)} ${unitLabel(line.priced_unit)} × ${t.unit_price} ${c.pricebook.currency}` +
          `${t.note ? ` (${t.note})` : ''} = ${money(t.amount, c.pricebook.currency)}`));
        return h('li', { class: 'elsewhere-line' },
          h('span', { text: `${line.name}${line.tiers?.[0]?.region ? ` — ${line.tiers[0].region}` : ''}, from ${origin}: ` }),
          h('strong', { text: money(line.list, c.pricebook.currency) }),
          tiers.length ? h('ul', { class: 'tiers' }, ...tiers) : null);
      });
      parts.push(h('ul', { class: 'elsewhere-lines' }, ...lines));
    }
    if (c.left_out.length) {
      parts.push(h('p', { class: 'left-out-title', text: 'Not compared:' }),
        h('ul', { class: 'left-out' }, ...c.left_out.map((l) => h('li', { dataset: { code: l.code, path: l.path }, text: l.message }))));
    }
    for (const e of c.errors) parts.push(h('p', { class: 'problems', text: `${e.message} (${e.code} at ${e.path})` }));
    if (c.note) parts.push(h('p', { class: 'muted', text: c.note }));
    const source = h('a', { href: c.source.url, rel: 'noopener noreferrer', target: '_blank', text: c.source.url });
    parts.push(h('p', { class: 'muted source' }, 'Source: ', source, ` (${c.source.snapshot}), ${c.pricebook.currency}.`));
    return parts;
  }
}

customElements.define('at-list-elsewhere', AtListElsewhereElement);

// The hosts' hook: puts the panel at the end of `container` (the rep page's sidebar, under the
// guidance). `rep`: the rep may name the incumbent and the estimate is written into the quote;
// a prospect sees the comparison only.
export function attach(host, { rep, container = host.querySelector('aside') } = {}) {
  if (!container || container.querySelector('at-list-elsewhere')) return null;
  // Its stylesheet where the panel is drawn: the page, or the shadow root of an embedded host.
  const root = container.getRootNode();
  const styles = root instanceof ShadowRoot ? root : document.head;
  if (!styles.querySelector('link[data-style=at-list-elsewhere]')) {
    styles.append(h('link', { rel: 'stylesheet', href: new URL('./at-list-elsewhere.css', import.meta.url).href, dataset: { style: 'at-list-elsewhere' } }));
  }
  const panel = document.createElement('at-list-elsewhere');
  container.append(panel);
  panel.start(host, { rep: Boolean(rep) });
  return panel;
}
