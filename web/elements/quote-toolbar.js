// <quote-toolbar>: the quote's title and save state, and what can be done with the whole quote —
// new, saved quotes, share, export (JSON, CSV), import, print.
import { h, command, editRecord, syncValue, uniqueId } from '../lib/dom.js';

// Not a static import: the list of shortcuts is fetched the first time it is asked for.
const SHORTCUT_HELP = '../on-demand/shortcut-help.js';

// "?" opens the shortcuts, unless it is being typed into a field (or a list's type-ahead).
function typingIn(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.localName === 'input') return !/^(checkbox|radio|range|button|submit|reset|file|color)$/.test(target.type);
  return target.isContentEditable || target.localName === 'textarea' || target.localName === 'select';
}

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
        button('export-json', 'JSON', { 'aria-label': 'Export JSON (deal desk copy, internal)', title: 'Export JSON: the deal desk copy, internal (costs, margins, approvals; re-importable)' }),
        button('export-csv', 'CSV', { 'aria-label': 'Export CSV (customer copy)', title: 'Export CSV: the customer copy (nothing internal)' }),
        button('choose-import', 'Import', { title: 'Import a JSON quote' }),
        button('print', 'Print', shortcut('P', 'Print or save as PDF')),
        button('shortcuts', '?', { class: 'button ghost help-button', 'aria-label': 'Keyboard shortcuts', 'aria-keyshortcuts': '?', title: 'Keyboard shortcuts (?)' })),
      this.file);
    this.addEventListener('click', (event) => {
      const target = event.target.closest('button[data-command]');
      if (!target) return;
      if (target.dataset.command === 'choose-import') this.file.click();
      else if (target.dataset.command === 'shortcuts') this.showShortcuts();
      else command(this, target.dataset.command);
    }, { signal });
    document.addEventListener('keydown', (event) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.composedPath()[0])) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      this.showShortcuts();
    }, { signal });
    this.file.addEventListener('change', async () => {
      const file = this.file.files[0];
      if (file) command(this, 'import', { text: await file.text(), name: file.name });
      this.file.value = '';
    }, { signal });
    this.titleInput.addEventListener('input', () => editRecord(this, 'title', { title: this.titleInput.value }), { signal });
  }

  async showShortcuts() {
    const { showShortcuts } = await import(SHORTCUT_HELP);
    showShortcuts();
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
