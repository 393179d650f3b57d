// <approval-panel>: signed approvals on the rep page, under the guidance. "Request approval"
// makes a link (and an email) for an approver, or a file for a quote too large for a link; a
// signed token comes back as a link (#approval=...) or pasted text. Every token is verified (signature with WebCrypto against the
// approver's key in the price book, then the engine's coverage of the fired rules); only a quote
// whose every fired rule is covered is Approved. Each refused token and each open rule says why.
// Approvals cannot be typed in: there is no way to record one by hand.
import { h, fill, command, uniqueId } from '../lib/dom.js';
import { dateLong } from '../lib/format.js';
import { levelName, levelInSentence } from '../lib/approval-text.js';

function when(time) {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? time : dateLong(date);
}

export class ApprovalPanelElement extends HTMLElement {
  connectedCallback() {
    if (this.built) return;
    this.built = true;
    const pasteId = uniqueId('approval-token');
    this.status = h('p', { class: 'approval-status', 'aria-live': 'polite' });
    this.requestButton = h('button', { type: 'button', class: 'button secondary', text: 'Request approval' });
    this.requestButton.addEventListener('click', () => command(this, 'request-approval'));
    this.requestOut = h('div', { class: 'approval-request', hidden: true });
    this.paste = h('textarea', { id: pasteId, rows: '2', class: 'code', placeholder: 'eqa1.…', spellcheck: 'false', autocomplete: 'off' });
    const add = h('button', { type: 'submit', class: 'button secondary', text: 'Verify and add' });
    const form = h('form', { class: 'approval-paste' },
      h('label', { for: pasteId, text: 'Signed approval (paste the token the approver sent)' }), this.paste, add);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = this.paste.value.trim();
      if (!token) {
        this.paste.focus();
        return;
      }
      command(this, 'add-approval', { token });
      this.paste.value = '';
    });
    this.verdicts = h('ul', { class: 'approval-verdicts' });
    this.openRules = h('ul', { class: 'approval-open' });
    this.addEventListener('click', (event) => {
      const remove = event.target.closest('[data-remove-approval]');
      if (remove) command(this, 'remove-approval', { index: Number(remove.dataset.removeApproval) });
    });
    const copy = (name, label, title) => h('button', { type: 'button', class: 'button ghost', title, dataset: { copyCommand: name }, text: label });
    this.addEventListener('click', (event) => {
      const button = event.target.closest('[data-copy-command]');
      if (button) command(this, button.dataset.copyCommand);
    });
    // Which copy is which: what goes to a customer carries nothing internal.
    const copies = h('div', { class: 'copies' },
      h('h3', { text: 'Copies' }),
      h('p', { class: 'copy-note', text: 'Customer copy: the quote alone. No costs, margins, floors or approval rules.' }),
      h('div', { class: 'actions' },
        copy('print', 'Print', 'Print the customer copy (Alt+P)'),
        copy('export-csv', 'CSV', 'Customer CSV'),
        copy('export-customer-json', 'JSON', 'Customer JSON')),
      h('p', { class: 'copy-note', text: 'Deal desk copy: internal. Costs, margins, floors, the approval rules and the signed approvals.' }),
      h('div', { class: 'actions' },
        copy('print-deal-desk', 'Print', 'Print the deal desk copy (internal)'),
        copy('export-deal-desk-csv', 'CSV', 'Deal desk CSV (internal)'),
        copy('export-json', 'JSON', 'Deal desk JSON (internal, re-importable)')));
    fill(this,
      h('h2', { class: 'eyebrow', id: 'approval-panel-title', text: 'Signed approval' }),
      this.status, this.openRules, h('div', { class: 'actions' }, this.requestButton), this.requestOut, form, this.verdicts, copies);
  }

  set state(state) {
    if (!this.built) this.connectedCallback();
    const { approval, errors } = state;
    const tokens = state.record.approvals ?? [];
    this.requestButton.hidden = !approval.needsApproval || approval.approved;
    this.requestButton.disabled = errors.length > 0;
    let text;
    let tone;
    if (errors.length) {
      text = 'Fix the quote\'s problems first: a quote with errors cannot be approved.';
      tone = 'warning';
    } else if (!approval.needsApproval) {
      text = 'No approval needed.';
      tone = 'ok';
    } else if (approval.approved) {
      const who = approval.approvers.map((a) => `${a.name} (${levelName(a.level)}), ${when(a.time)}, code ${a.code}`).join('; ');
      text = `Approved: ${who}.`;
      tone = 'ok';
    } else if (approval.verifying) {
      text = 'Verifying the signed approvals…';
      tone = 'info';
    } else {
      text = tokens.length
        ? `Not approved: the signed approvals do not cover every rule (needs ${levelInSentence(approval.required)} approval).`
        : `Not approved yet: needs ${levelInSentence(approval.required)} approval. Request it, then add the signed token you get back.`;
      tone = 'critical';
    }
    this.status.textContent = text;
    this.status.className = `approval-status ${tone}`;
    this.dataset.status = approval.approved ? 'approved' : approval.needsApproval ? 'open' : 'not_required';
    const open = approval.needsApproval && !approval.approved && tokens.length ? approval.open : [];
    fill(this.openRules, ...open.map((rule) => h('li', { dataset: { openRule: rule.rule, code: rule.code ?? '' }, text: rule.message })));
    const verdicts = approval.coverage?.approvals ?? [];
    fill(this.verdicts, ...tokens.map((token, index) => {
      const verdict = verdicts[index];
      const label = !verdict ? 'Not verified yet.'
        : verdict.valid ? verdict.message
          : `Refused: ${verdict.message}`;
      return h('li', { class: verdict?.valid ? 'ok' : 'critical', dataset: { verdict: verdict ? (verdict.valid ? 'valid' : verdict.code) : 'pending' } },
        h('span', { text: label }),
        h('button', { type: 'button', class: 'link-button', dataset: { removeApproval: String(index) }, text: 'Remove' }));
    }));
    // What to send the approver (a link, or a file): drawn by code that came with the request.
    const request = approval.request;
    this.requestOut.hidden = !request;
    if (request && this.requestOut.shown !== request) {
      this.requestOut.shown = request;
      fill(this.requestOut, ...request.view());
    }
  }
}

customElements.define('approval-panel', ApprovalPanelElement);
