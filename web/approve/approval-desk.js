// <approval-desk pricebook="pricebooks/edge-cdn.json">: the approver's page (approve.html).
//
// 1. The approver's key: made here with WebCrypto (the private half cannot be exported) and kept
//    in this browser's IndexedDB; its public half is copied out as a JWK for sales operations to
//    list in the price book. The page says whether the book lists it, and as whom.
// 2. An approval request (#request=... from the rep page, or a request file for a quote too large
//    for a link, opened with "Open a request file"): the quote is priced again with the
//    approver's own copy of the book: the quote, the math, the guidance and every fired rule with
//    its value, threshold and distance. Approve or reject, with a comment: the engine makes the
//    bytes to sign, WebCrypto signs them, and the page gives a token (text, a link, an email).
import { loadApprovals, utcSeconds } from '../engine/approvals.js';
import { h, fill, uniqueId } from '../lib/dom.js';
import { money, percent, quantity, dateTimeShort } from '../lib/format.js';
import { levelName, metricValue } from '../lib/approval-text.js';
import { approverFor, createKey, loadKey } from './approver-keys.js';
import { copyButton } from '../lib/copy-button.js';
import { ApprovalRequestError, approvalFragment, readRequest, readRequestFile } from '../lib/approval-request.js';

function errorText(error) {
  return error?.errors?.[0]?.message ?? error?.message ?? String(error);
}

export class ApprovalDeskElement extends HTMLElement {
  async connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.status = h('p', { class: 'loading', role: 'status', text: 'Loading the price book and the approvals engine…' });
    this.keyPanel = h('section', { class: 'panel', id: 'approver-key', 'aria-labelledby': 'approver-key-title' });
    this.requestPanel = h('section', { class: 'panel', id: 'approval-request', 'aria-labelledby': 'approval-request-title' });
    this.requestBody = h('div');
    fill(this.requestPanel, this.requestBody, this.requestFileOpener());
    fill(this, this.status, this.requestPanel, this.keyPanel);
    try {
      const url = this.getAttribute('pricebook') ?? 'pricebooks/edge-cdn.json';
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`cannot load the price book ${url} (HTTP ${response.status})`);
      this.bookText = await response.text();
      this.bookJson = JSON.parse(this.bookText);
      this.approvals = await loadApprovals();
      this.book = await this.approvals.loadPricebook(this.bookText);
      this.key = await loadKey();
    } catch (error) {
      this.status.className = 'loading fatal';
      this.status.textContent = `The approver page cannot start: ${errorText(error)}`;
      return;
    }
    this.status.hidden = true;
    this.renderKey();
    await this.openRequest(location.hash);
    window.addEventListener('hashchange', () => this.openRequest(location.hash));
    this.dataset.ready = '';
  }

  get me() {
    return this.key ? approverFor(this.bookJson, this.key.publicJwk) : null;
  }

  // --- the key ----------------------------------------------------------------------------------

  renderKey() {
    const jwkText = this.key ? JSON.stringify(this.key.publicJwk) : '';
    const me = this.me;
    const create = h('button', { type: 'button', class: 'button', text: this.key ? 'Replace my key' : 'Create my approver key' });
    create.addEventListener('click', async () => {
      if (this.key && !confirm('Make a new key? Approvals you sign from now on need the new public key in the price book; send it to sales operations.')) return;
      this.key = await createKey();
      this.renderKey();
      await this.showRequest(this.readShown);
    });
    const where = `${this.book.id} ${this.book.version}`;
    fill(this.keyPanel,
      h('h2', { id: 'approver-key-title', text: 'Your approver key' }),
      this.key
        ? h('p', { class: me ? 'key-status ok' : 'key-status warning', dataset: { listed: me ? 'yes' : 'no' },
          text: me
            ? `This browser signs as ${me.name ?? me.id} (${levelName(me.level)}) in ${where}. Created ${dateTimeShort(this.key.createdAt)}.`
            : `This key is not listed in ${where} yet: send the public key below to sales operations. Until the book lists it, approvals signed here are refused.` })
        : h('p', { class: 'key-status', text: 'No key in this browser yet. Create one: the private half never leaves this browser profile (it cannot be exported, not even by this page); the public half goes into the price book.' }),
      this.key ? h('label', { for: 'public-jwk', text: 'Public key (JWK) for the price book' }) : null,
      this.key ? h('textarea', { id: 'public-jwk', readonly: true, rows: '3', class: 'code', value: jwkText }) : null,
      h('div', { class: 'actions' }, this.key ? copyButton('Copy public key', () => jwkText) : null, create));
  }

  // --- the request ------------------------------------------------------------------------------

  // A request comes in a link (#request=...) or, too large for one, in a file the rep sent.
  openRequest(hash) {
    return this.showRequest(() => readRequest(hash));
  }

  requestFileOpener() {
    const input = h('input', { type: 'file', id: 'request-file', accept: '.json,application/json' });
    input.addEventListener('change', async () => {
      const file = input.files[0];
      if (!file) return;
      const text = await file.text();
      input.value = '';
      await this.showRequest(() => readRequestFile(text));
      this.requestPanel.scrollIntoView?.({ block: 'start' });
    });
    return h('div', { class: 'request-file' },
      h('label', { for: 'request-file', text: 'Open a request file (a quote too large for a link comes as a file)' }), input);
  }

  // `read` gives the request (or null when there is none) or throws ApprovalRequestError; it is
  // kept, so that a new key shows the same request again.
  async showRequest(read) {
    this.readShown = read;
    let request;
    try {
      request = read();
    } catch (error) {
      if (!(error instanceof ApprovalRequestError)) throw error;
      fill(this.requestBody, h('h2', { id: 'approval-request-title', text: 'Approval request' }),
        h('p', { class: 'notice critical', role: 'alert', text: error.message }));
      return;
    }
    if (!request) {
      fill(this.requestBody, h('h2', { id: 'approval-request-title', text: 'Approval request' }),
        h('p', { class: 'muted', text: 'Open an approval request link from a rep (it starts with approve.html#request=), or the request file a rep sent, to review and sign a quote.' }));
      return;
    }
    this.request = request;
    let priced;
    let quoteSha256 = null;
    try {
      priced = JSON.parse(this.approvals.priceCanonical(this.book, request.quote));
      if (!priced.errors?.length) quoteSha256 = await this.approvals.quoteSha256(this.book, request.quote);
    } catch (error) {
      priced = { errors: [{ message: errorText(error) }] };
    }
    this.priced = priced;
    this.renderRequest(request, priced, quoteSha256);
  }

  renderRequest(request, priced, quoteSha256) {
    const title = h('h2', { id: 'approval-request-title', text: 'Approval request' });
    if (priced.errors?.length) {
      fill(this.requestBody, title, h('div', { class: 'notice critical', role: 'alert' },
        h('p', { text: 'This quote cannot be priced with your price book:' }),
        h('ul', {}, ...priced.errors.map((e) => h('li', { text: e.message })))));
      return;
    }
    const currency = priced.pricebook.currency;
    const sameBook = request.book.sha256 === this.book.sha256;
    const sameSnapshot = request.quote_sha256 === quoteSha256;
    const checks = h('ul', { class: 'request-checks' },
      h('li', { class: sameBook ? 'ok' : 'warning', dataset: { check: 'book' },
        text: sameBook
          ? `Priced with your copy of ${this.book.id} ${this.book.version}, the same book the rep used.`
          : `The rep used ${request.book.id} ${request.book.version} (SHA-256 ${request.book.sha256.slice(0, 12)}…); yours is ${this.book.id} ${this.book.version} (${this.book.sha256.slice(0, 12)}…). An approval signed here will not verify on the rep's page until you both use the same book.` }),
      h('li', { class: sameSnapshot ? 'ok' : 'warning', dataset: { check: 'snapshot' },
        text: sameSnapshot
          ? 'Your pricing is byte for byte what the rep saw.'
          : 'Your pricing differs from what the rep saw: review the figures below, which are yours.' }));
    const t = priced.totals;
    const lines = h('table', { class: 'lines-table' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Item' }), h('th', { class: 'num', text: 'Quantity' }),
        h('th', { class: 'num', text: 'List' }), h('th', { class: 'num', text: 'Discount' }), h('th', { class: 'num', text: 'Net' }),
        h('th', { class: 'num', text: 'Floor' }))),
      h('tbody', {}, ...priced.lines.map((line) => h('tr', {},
        h('td', { text: line.name }),
        h('td', { class: 'num', text: line.quantity === null ? '' : `${quantity(line.quantity)} ${line.unit ?? ''}` }),
        h('td', { class: 'num', text: money(line.list, currency) }),
        h('td', { class: 'num', text: percent(line.discount_pct) }),
        h('td', { class: 'num', text: money(line.net, currency) }),
        h('td', { class: 'num', text: line.floor ? money(line.floor, currency) : '' })))));
    const math = h('dl', { class: 'request-totals' },
      h('dt', { text: 'List per month' }), h('dd', { text: money(t.list_monthly, currency) }),
      h('dt', { text: 'Net per month' }), h('dd', { text: money(t.net_monthly, currency) }),
      h('dt', { text: 'Discount off list' }), h('dd', { text: percent(t.discount_pct) }),
      h('dt', { text: 'Discretionary discount' }), h('dd', { text: percent(t.discretionary_discount_pct) }),
      t.margin_pct !== null ? h('dt', { text: 'Margin' }) : null, t.margin_pct !== null ? h('dd', { text: percent(t.margin_pct) }) : null,
      h('dt', { text: `Contract value (${priced.term_months} months)` }), h('dd', { text: money(t.tcv, currency) }));
    const guidance = priced.guidance.length
      ? h('ul', { class: 'finding-list' }, ...priced.guidance.map((f) => h('li', { class: `finding ${f.severity}`, text: f.message })))
      : h('p', { class: 'muted', text: 'No guidance findings: the price is inside its bands.' });
    const rules = priced.approval.fired.length
      ? h('table', { class: 'rules-table', dataset: { role: 'fired-rules' } },
        h('thead', {}, h('tr', {}, h('th', { text: 'Rule' }), h('th', { text: 'Level' }), h('th', { class: 'num', text: 'Value' }),
          h('th', { class: 'num', text: 'Threshold' }), h('th', { class: 'num', text: 'Distance' }))),
        h('tbody', {}, ...priced.approval.fired.map((r) => h('tr', { dataset: { rule: r.rule } },
          h('td', {}, h('span', { text: r.message || r.rule }), h('span', { class: 'muted rule-id', text: ` ${r.rule}` })),
          h('td', { text: levelName(r.level) }),
          h('td', { class: 'num', text: r.value === null ? 'present' : metricValue(r, r.value, currency) }),
          h('td', { class: 'num', text: r.threshold === null ? '' : `${r.op} ${metricValue(r, r.threshold, currency)}` }),
          h('td', { class: 'num', text: r.distance === null ? '' : metricValue(r, r.distance, currency) })))))
      : h('p', { class: 'muted', text: 'No approval rule fires: this quote is within the rep\'s authority.' });
    fill(this.requestBody, title,
      h('p', { class: 'request-headline', dataset: { level: priced.approval.level },
        text: `${priced.customer.name || 'Unnamed customer'} (${priced.customer.segment}), ${priced.term_months} months: needs ${levelName(priced.approval.level)} approval.` }),
      checks,
      h('h3', { text: 'The quote' }), lines,
      h('h3', { text: 'The math' }), math,
      h('h3', { text: 'Guidance' }), guidance,
      h('h3', { text: 'Rules that fired' }), rules,
      this.decisionForm(priced));
  }

  decisionForm(priced) {
    const me = this.me;
    const commentId = uniqueId('approval-comment');
    const comment = h('textarea', { id: commentId, rows: '3', maxlength: '1000' });
    const result = h('div', { class: 'approval-result', 'aria-live': 'polite' });
    const approve = h('button', { type: 'button', class: 'button', text: 'Approve and sign' });
    const reject = h('button', { type: 'button', class: 'button secondary', text: 'Reject and sign' });
    const blocked = !this.key ? 'Create your approver key first (below), and have it listed in the price book.'
      : !me ? 'Your key is not listed in this price book: sales operations must add it before you can sign.'
        : null;
    approve.disabled = reject.disabled = Boolean(blocked);
    const decide = async (decision) => {
      approve.disabled = reject.disabled = true;
      try {
        const signed = await this.approvals.sign(this.book, this.request.quote, {
          approver: me.id, privateKey: this.key.privateKey, decision, comment: comment.value.trim(), time: utcSeconds(),
        });
        this.showToken(result, signed, decision, priced);
      } catch (error) {
        fill(result, h('p', { class: 'notice critical', role: 'alert', dataset: { code: error.code ?? '' }, text: errorText(error) }));
      } finally {
        approve.disabled = reject.disabled = Boolean(blocked);
      }
    };
    approve.addEventListener('click', () => decide('approved'));
    reject.addEventListener('click', () => decide('rejected'));
    return h('section', { class: 'decision' },
      h('h3', { text: 'Your decision' }),
      blocked ? h('p', { class: 'notice warning', text: blocked }) : null,
      h('label', { for: commentId, text: 'Comment (signed with your decision; the rep sees it)' }), comment,
      h('div', { class: 'actions' }, approve, reject),
      result);
  }

  showToken(result, signed, decision, priced) {
    const repUrl = new URL(`index.html${approvalFragment(signed.token)}`, location.href).href;
    const subject = `${decision === 'approved' ? 'Approved' : 'Rejected'}: ${priced.customer.name || 'quote'}`;
    const mail = `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(`Open this link to apply the signed ${decision === 'approved' ? 'approval' : 'rejection'}:\n${repUrl}\n\nOr paste this token on the quote:\n${signed.token}\n`)}`;
    fill(result,
      h('p', { class: decision === 'approved' ? 'key-status ok' : 'key-status warning', dataset: { decision },
        text: `${decision === 'approved' ? 'Approved' : 'Rejected'} and signed. Verification code ${signed.verificationCode}. Send the rep the link or the token:` }),
      h('label', { for: 'approval-token', text: 'Signed token' }),
      h('textarea', { id: 'approval-token', readonly: true, rows: '4', class: 'code', value: signed.token }),
      h('div', { class: 'actions' },
        copyButton('Copy token', () => signed.token),
        copyButton('Copy link for the rep', () => repUrl),
        h('a', { class: 'button secondary', href: mail, text: 'Email the rep' })));
  }
}

customElements.define('approval-desk', ApprovalDeskElement);
