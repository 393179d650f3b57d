// <saved-quotes>: every quote saved in this browser, newest first — open, duplicate, rename,
// delete (asks once more) — and the quote log of them all (pricebooks/LOG-FORMAT.md), exported
// under the rep's name. Titles are customer text: always set with textContent.
import { h, command, field, syncValue, uniqueId } from '../lib/dom.js';
import { dateTimeShort, money } from '../lib/format.js';
import { levelName } from '../lib/approval-text.js';

export class SavedQuotesElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const titleId = uniqueId('saved-title');
    this.list = h('ul', { class: 'saved-list', role: 'list' });
    this.rep = h('input', { type: 'text', autocomplete: 'name', maxlength: '120', placeholder: 'e.g. Bianca Reyes' });
    this.logStatus = h('p', { class: 'log-status', role: 'status' });
    const logTitleId = uniqueId('log-title');
    const logButton = (format, label, extra = {}) => h('button', { type: 'button', class: 'button small', dataset: { log: format }, ...extra }, label);
    const log = h('section', { class: 'log-export', 'aria-labelledby': logTitleId },
      h('h3', { id: logTitleId, text: 'Quote log' }),
      h('div', { class: 'log-row' },
        field({ label: 'Your name (rep)', control: this.rep }),
        h('div', { class: 'log-buttons' },
          logButton('jsonl', 'Export quote log', { 'aria-label': 'Export quote log as JSON Lines', title: 'JSON Lines (.jsonl), for the insights page' }),
          logButton('csv', 'CSV', { 'aria-label': 'Export quote log as CSV', title: 'One row per quote, for a spreadsheet' }))),
      h('p', { class: 'muted' }, 'One record per saved quote: priced now, with its outcome. Drop the .jsonl file on the ',
        h('a', { href: 'insights.html', text: 'Insights page' }), '.'),
      this.logStatus);
    this.dialog = h('dialog', { class: 'dialog saved-dialog', 'aria-labelledby': titleId },
      h('div', { class: 'dialog-header' },
        h('h2', { id: titleId, text: 'Saved quotes' }),
        h('p', { class: 'muted', text: 'Every change is saved in this browser as you type.' })),
      this.list,
      log,
      h('form', { method: 'dialog', class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'button ghost', text: 'Close' })));
    this.replaceChildren(this.dialog);
    this.renaming = null;
    this.confirming = null;
    this.list.addEventListener('click', (event) => this.act(event), { signal });
    this.list.addEventListener('keydown', (event) => {
      if (!event.target.matches('.rename-input')) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        this.finishRename(event.target);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.renaming = null;
        this.draw();
      }
    }, { signal });
    this.rep.addEventListener('input', () => command(this, 'set-rep', { name: this.rep.value.trim() }), { signal });
    log.addEventListener('click', (event) => {
      const format = event.target.closest('button[data-log]')?.dataset.log;
      if (!format) return;
      if (!this.rep.value.trim()) {
        this.logStatus.textContent = 'Type your name first: the quote log groups quotes by rep.';
        this.logStatus.className = 'log-status bad';
        this.rep.focus();
        return;
      }
      this.logStatus.textContent = 'Pricing every saved quote…';
      this.logStatus.className = 'log-status';
      command(this, 'export-log', { format });
    }, { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  show() {
    this.renaming = null;
    this.confirming = null;
    this.logStatus.textContent = '';
    this.draw();
    if (!this.dialog.open) this.dialog.showModal();
    this.list.querySelector('.current button[data-action=open], button[data-action=open]')?.focus();
  }

  set state(state) {
    this.current = state;
    syncValue(this.rep, state.rep);
    if (state.logResult && state.logResult !== this.shownResult) {
      this.shownResult = state.logResult;
      this.logStatus.textContent = state.logResult.text;
      this.logStatus.className = `log-status${state.logResult.ok ? '' : ' bad'}`;
    }
    if (this.dialog.open) this.draw();
  }

  act(event) {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const id = button.closest('[data-id]').dataset.id;
    const action = button.dataset.action;
    if (action === 'open') {
      command(this, 'open', { id });
      this.dialog.close();
    } else if (action === 'duplicate') {
      command(this, 'duplicate', { id });
      this.dialog.close();
    } else if (action === 'rename') {
      this.renaming = id;
      this.draw();
      this.list.querySelector('.rename-input')?.focus();
    } else if (action === 'save-name') {
      this.finishRename(this.list.querySelector('.rename-input'));
    } else if (action === 'delete') {
      this.confirming = id;
      this.draw();
      this.list.querySelector('[data-action=confirm-delete]')?.focus();
    } else if (action === 'confirm-delete') {
      this.confirming = null;
      command(this, 'delete', { id });
    } else if (action === 'cancel') {
      this.confirming = null;
      this.renaming = null;
      this.draw();
    }
  }

  finishRename(input) {
    if (!input) return;
    const id = input.closest('[data-id]').dataset.id;
    this.renaming = null;
    command(this, 'rename', { id, title: input.value.trim() });
    this.draw();
    this.list.querySelector(`[data-id="${CSS.escape(id)}"] button[data-action=rename]`)?.focus();
  }

  draw() {
    const state = this.current;
    if (!state) return;
    const button = (action, label, extra = {}) => h('button', { type: 'button', class: 'button small ghost', dataset: { action }, ...extra }, label);
    this.list.replaceChildren(...state.records.map((record) => {
      const isCurrent = record.id === state.record.id;
      const priced = record.lastPriced;
      const titleId = uniqueId('saved');
      let title;
      if (this.renaming === record.id) {
        const input = h('input', { type: 'text', class: 'rename-input', value: record.title || record.displayTitle, maxlength: '200', 'aria-label': 'New title' });
        title = h('span', { class: 'saved-title' }, input, button('save-name', 'Save'), button('cancel', 'Cancel'));
      } else {
        title = h('span', { class: 'saved-title', id: titleId, text: record.displayTitle });
      }
      const meta = [
        record.quote.customer?.name || 'No customer name',
        priced ? `${money(priced.net_monthly, priced.currency)}/mo` : 'not priced',
        priced?.level ? `approval: ${levelName(priced.level)}` : null,
        `outcome: ${record.outcome?.status ?? 'open'}`,
        `edited ${dateTimeShort(record.updatedAt)}`,
      ].filter(Boolean).join(' · ');
      const actions = this.confirming === record.id
        ? [h('span', { class: 'confirm-text', text: 'Delete this quote?' }),
          button('confirm-delete', 'Delete', { class: 'button small danger' }), button('cancel', 'Keep it')]
        : [button('open', isCurrent ? 'Open (current)' : 'Open', { 'aria-describedby': titleId }),
          button('duplicate', 'Duplicate', { 'aria-describedby': titleId }),
          button('rename', 'Rename', { 'aria-describedby': titleId }),
          button('delete', 'Delete', { 'aria-describedby': titleId })];
      return h('li', { class: `saved-item${isCurrent ? ' current' : ''}`, dataset: { id: record.id } },
        h('div', { class: 'saved-text' }, title, h('span', { class: 'saved-meta', text: meta })),
        h('div', { class: 'saved-actions' }, ...actions));
    }));
  }
}

customElements.define('saved-quotes', SavedQuotesElement);
