// <notice-list>: messages about the page itself — a share link that opened (and whether its
// prices changed), storage that was recovered, an import that failed. Dismissable.
import { h, command } from '../lib/dom.js';

export class NoticeListElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    this.list = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });
    this.replaceChildren(this.list);
    this.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-dismiss]');
      if (button) command(this, 'dismiss-notice', { id: button.dataset.dismiss });
      const action = event.target.closest('button[data-notice-command]');
      if (action) command(this, action.dataset.noticeCommand);
    }, { signal: this.abort.signal });
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(state) {
    const notices = state.notices ?? [];
    const signature = notices.map((n) => n.id).join(',');
    if (this.list.dataset.signature === signature) return;
    this.list.dataset.signature = signature;
    this.list.replaceChildren(...notices.map((notice) => h('div', { class: `notice ${notice.kind}`, dataset: { kind: notice.kind } },
      h('p', { class: 'notice-text', text: notice.text }),
      notice.detail ? h('p', { class: 'notice-detail', text: notice.detail }) : null,
      // What to do about it, one click away (e.g. "Export JSON" when a quote could not be saved).
      notice.action ? h('button', { type: 'button', class: 'button small secondary notice-action', dataset: { noticeCommand: notice.action.command }, text: notice.action.label }) : null,
      h('button', { type: 'button', class: 'notice-dismiss', dataset: { dismiss: notice.id }, 'aria-label': 'Dismiss', text: '×' }))));
  }
}

customElements.define('notice-list', NoticeListElement);
