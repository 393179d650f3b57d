// <quote-toolbar>: the quote's title and save state, and what can be done with the whole quote —
// new, saved quotes, share, export (JSON, CSV), import, print.
import { h, command, editRecord, syncValue, uniqueId } from '../lib/dom.js';

export class QuoteToolbarElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.titleInput = h('input', { type: 'text', class: 'title-input', autocomplete: 'off', maxlength: '200', id: uniqueId('title'), 'aria-label': 'Quote title' });
    this.saved = h('span', { class: 'save-status', role: 'status' });
    this.file = h('input', { type: 'file', accept: '.json,application/json', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
    this.savedCount = h('span', { class: 'count' });
    const button = (name, label, extra = {}) => h('button', { type: 'button', class: 'button ghost', dataset: { command: name }, ...extra }, label);
    const shortcut = (key, what) => ({ 'aria-keyshortcuts': `Alt+${key}`, title: `${what} (Alt+${key})` });
    this.replaceChildren(
      h('div', { class: 'title-block' }, this.titleInput, this.saved),
      h('div', { class: 'toolbar-actions', role: 'toolbar', 'aria-label': 'Quote actions' },
        button('new', 'New', shortcut('N', 'New quote')),
        button('show-saved', ['Saved ', this.savedCount], shortcut('O', 'Open a saved quote')),
        button('share', 'Share link', { class: 'button primary', ...shortcut('S', 'Copy a link to this quote') }),
        button('export-json', 'JSON', { 'aria-label': 'Export JSON', title: 'Export JSON (re-importable)' }),
        button('export-csv', 'CSV', { 'aria-label': 'Export CSV', title: 'Export CSV (for a spreadsheet)' }),
        button('choose-import', 'Import', { title: 'Import a JSON quote' }),
        button('print', 'Print', shortcut('P', 'Print or save as PDF'))),
      this.file);
    this.addEventListener('click', (event) => {
      const target = event.target.closest('button[data-command]');
      if (!target) return;
      if (target.dataset.command === 'choose-import') this.file.click();
      else command(this, target.dataset.command);
    }, { signal });
    this.file.addEventListener('change', async () => {
      const file = this.file.files[0];
      if (file) command(this, 'import', { text: await file.text(), name: file.name });
      this.file.value = '';
    }, { signal });
    this.titleInput.addEventListener('input', () => editRecord(this, 'title', { title: this.titleInput.value }), { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(state) {
    syncValue(this.titleInput, state.record.title);
    this.titleInput.placeholder = state.title;
    this.savedCount.textContent = `(${state.records.length})`;
    const status = state.saveStatus;
    // The time of the last write storage confirmed; none yet while the first one is under way.
    const savedAt = status?.at ? new Date(status.at).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' }) : null;
    this.saved.textContent = status?.problem ?? (status ? (savedAt ? `Saved in this browser ${savedAt}` : 'Saving…') : '');
    this.saved.classList.toggle('bad', Boolean(status?.problem));
    this.querySelector('[data-command=export-csv]').disabled = !state.priced;
  }
}

customElements.define('quote-toolbar', QuoteToolbarElement);
