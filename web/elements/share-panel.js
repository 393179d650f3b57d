// <share-panel>: shows a share link in a dialog, ready to copy.
import { h, uniqueId } from '../lib/dom.js';

export class SharePanelElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const titleId = uniqueId('share-title');
    this.link = h('input', { type: 'text', readonly: true, class: 'share-url', id: uniqueId('share-url') });
    this.note = h('p', { class: 'muted' });
    this.copied = h('span', { class: 'copied', role: 'status' });
    this.dialog = h('dialog', { class: 'dialog share-dialog', 'aria-labelledby': titleId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId, text: 'Share this quote' }),
        h('label', { for: this.link.id, text: 'Link' }),
        this.link,
        this.note,
        h('div', { class: 'dialog-actions' },
          this.copied,
          h('button', { type: 'button', class: 'button primary', dataset: { copy: '' }, text: 'Copy link' }),
          h('button', { type: 'submit', class: 'button ghost', text: 'Close' }))));
    this.replaceChildren(this.dialog);
    this.dialog.querySelector('[data-copy]').addEventListener('click', () => this.copyLink(), { signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(_state) {}

  show(url, unpriced) {
    this.link.value = url;
    this.note.textContent = `The link carries this quote's inputs, the price book's version and the net price now${unpriced ? ' (none: the quote has problems)' : ''}. ` +
      `Opening it re-prices the quote and says if prices have changed since. ${url.length.toLocaleString('en-US')} characters.`;
    this.copied.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.link.focus();
    this.link.select();
  }

  async copyLink() {
    try {
      await navigator.clipboard.writeText(this.link.value);
      this.copied.textContent = 'Copied.';
    } catch {
      this.link.select();
      this.copied.textContent = 'Press Ctrl+C to copy.';
    }
  }
}

customElements.define('share-panel', SharePanelElement);
