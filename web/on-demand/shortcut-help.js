// <shortcut-help>: the keyboard shortcuts in one native <dialog>, opened by "?" or by the
// toolbar's "?" button. Loaded on demand (the rep page imports it at the first "?"), so it costs
// the page's first download nothing. The Alt+ shortcuts are read from the page itself: every
// control that has one declares it in aria-keyshortcuts (and says what it does in its title),
// so this list cannot drift from what the keys do.
import { h } from '../lib/dom.js';

// Keys that belong to no single button.
const GENERAL = [
  ['?', 'Show this list of shortcuts'],
  ['Esc', 'Close a dialog or a panel'],
  ['Tab / Shift+Tab', 'Move to the next / previous field or button'],
  ['← → ↑ ↓, Home, End', 'Move along the traffic and region presets; change a region slider'],
  ['Enter or Space', 'Press the focused button or preset; tick a feature'],
];

function pageShortcuts(root) {
  const seen = new Set();
  const rows = [];
  for (const control of root.querySelectorAll('[aria-keyshortcuts]')) {
    const keys = control.getAttribute('aria-keyshortcuts');
    if (keys === '?' || seen.has(keys)) continue;
    seen.add(keys);
    // "New quote (Alt+N)" -> "New quote"
    const what = (control.getAttribute('title') ?? control.getAttribute('aria-label') ?? control.textContent)
      .replace(/\s*\([^)]*\)\s*$/, '').trim();
    rows.push([keys, what]);
  }
  return rows;
}

export class ShortcutHelpElement extends HTMLElement {
  connectedCallback() {
    if (this.dialog) return;
    this.list = h('dl', { class: 'shortcut-list' });
    this.dialog = h('dialog', { class: 'dialog shortcut-dialog', 'aria-labelledby': 'shortcut-help-title' },
      h('div', { class: 'dialog-head' },
        h('h2', { id: 'shortcut-help-title', text: 'Keyboard shortcuts' }),
        h('form', { method: 'dialog' }, h('button', { type: 'submit', class: 'button ghost small', text: 'Close' }))),
      this.list);
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.dialog.close(); // a click on the backdrop
    });
    this.replaceChildren(this.dialog);
  }

  open() {
    const rows = [...pageShortcuts(document), ...GENERAL];
    this.list.replaceChildren(...rows.flatMap(([keys, what]) => [
      h('dt', {}, ...keys.split(/(\+| \/ |, | or )/).map((part) => (/^(\+| \/ |, | or )$/.test(part) ? part : h('kbd', { text: part })))),
      h('dd', { text: what }),
    ]));
    if (!this.dialog.open) this.dialog.showModal();
  }
}

customElements.define('shortcut-help', ShortcutHelpElement);

// Opens the list (one per page).
export function showShortcuts() {
  let help = document.querySelector('shortcut-help');
  if (!help) {
    help = h('shortcut-help');
    document.body.append(help);
  }
  help.open();
  return help;
}
