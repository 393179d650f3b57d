// Small DOM helpers shared by the elements. Text always goes in through textContent, so
// customer-typed strings are inert wherever they are shown.

// h('td', {class: 'money', dataset: {key: 'x'}}, 'text', childNode, [more])
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'class') element.className = value;
    else if (name in PROPERTY_NAMES) element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

const PROPERTY_NAMES = { value: true, checked: true, selected: true, disabled: true, hidden: true };

// Replaces an element's children; like h(), skips null/false children and flattens arrays.
export function fill(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
  return parent;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// The control the user is typing in. Re-rendering after every keystroke must never move its
// caret or undo what is being typed ("60." stays "60." while the quote holds "60"); every other
// control, focused or not, shows the quote (after an import, say, or opening another quote).
let typingIn = null;

export function noteTyping(control) {
  typingIn = control;
}

export function forgetTyping() {
  typingIn = null;
}

export function syncValue(control, value) {
  const text = value ?? '';
  if (control === typingIn && control.matches(':focus')) return;
  if (control.value !== text) control.value = text;
}

// An element's text, written into its one text node and only when it differs (an element
// without exactly one gets its textContent): textContent makes a new node even for the same
// text, styled and laid out again, and a term edit at 20,000 lines made ~130 per edit where a
// few figures changed.
export function syncText(element, text) {
  const node = element.firstChild;
  if (node?.nodeType !== 3 || node.nextSibling) element.textContent = text;
  else if (node.data !== text) node.data = text;
}

export function syncChecked(control, checked) {
  if (control.checked !== Boolean(checked)) control.checked = Boolean(checked);
}

// Fills a <select> with [{value, label}] only when the options actually changed.
export function syncOptions(select, options, selected) {
  const signature = JSON.stringify(options);
  if (select.dataset.options !== signature) {
    select.replaceChildren(...options.map((o) => h('option', { value: o.value, text: o.label })));
    select.dataset.options = signature;
  }
  const value = selected ?? '';
  if (select.value !== value) select.value = value;
}

export function emit(element, type, detail) {
  element.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
}

// Asks the host to change the quote inputs with the named edit (web/lib/quote-edits.js) and its
// data, e.g. editQuote(this, 'term', {months: 24}). Events carry data, never functions.
export function editQuote(element, edit, args = {}) {
  emit(element, 'quote-edit', { ...args, edit });
}

// Asks the host to change the saved record around the quote (title, outcome, scenarios).
export function editRecord(element, edit, args = {}) {
  emit(element, 'record-edit', { ...args, edit });
}

export function command(element, name, detail = {}) {
  emit(element, 'quote-command', { command: name, ...detail });
}

let nextId = 0;
export function uniqueId(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

// A labelled form field: label, the control between optional unit affixes, a hint, and a place
// for the engine's errors at `path` (a JSON Pointer into the quote).
export function field({ label, control, path, prefix, suffix, hint, className = '' }) {
  const id = control.id || uniqueId('field');
  control.id = id;
  if (path) control.dataset.path = path;
  const hintElement = hint ? h('p', { class: 'field-hint', id: `${id}-hint`, text: hint }) : null;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, role: 'alert' });
  if (path) error.dataset.errorFor = path;
  error.dataset.control = id;
  return h('div', { class: `field ${className}`.trim() },
    h('label', { for: id, text: label }),
    h('div', { class: 'control' },
      prefix ? h('span', { class: 'affix prefix', 'aria-hidden': 'true', text: prefix }) : null,
      control,
      suffix ? (suffix instanceof Node ? suffix : h('span', { class: 'affix suffix', text: suffix })) : null),
    hintElement,
    error);
}

// Moves a field (control and error slot) to another JSON Pointer, e.g. when lines shift.
export function setFieldPath(control, path) {
  control.dataset.path = path;
  // The root node, not the document: the fields also live in <edge-quote>'s shadow root.
  const error = control.getRootNode().getElementById?.(`${control.id}-error`);
  if (error) error.dataset.errorFor = path;
}

// Makes `parent`'s element children exactly `wanted`, in order, moving as few as it can: a list
// where one item changed loses the old item and gains the new one, and nothing else is touched
// (no restyle of the rest).
export function syncChildren(parent, wanted) {
  const keep = new Set(wanted);
  for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
  wanted.forEach((element, i) => {
    const current = parent.children[i];
    if (current !== element) parent.insertBefore(element, current ?? null);
  });
}

// Roots whose error slots may show something (showErrors): error slots start hidden and empty.
const showingErrors = new WeakSet();

// Shows each error beside the field whose path it names (or lies under), marks those fields
// invalid for assistive technology, and returns the errors no field claimed.
export function showErrors(root, errors) {
  // Nothing to show and nothing shown: a 2,000-line table's slots need not be visited.
  if (!errors.length && !showingErrors.has(root)) return [];
  if (errors.length) showingErrors.add(root);
  else showingErrors.delete(root);
  const claimed = new Set();
  for (const slot of root.querySelectorAll('.field-error[data-error-for]')) {
    const path = slot.dataset.errorFor;
    const matching = slot.hasAttribute('data-exact') ? errors.filter((e) => e.path === path) : errorsAt(errors, path);
    matching.forEach((e) => claimed.add(e));
    slot.textContent = matching.map((e) => e.message).join(' ');
    slot.hidden = matching.length === 0;
    const control = slot.dataset.control ? root.querySelector(`#${CSS.escape(slot.dataset.control)}`) : null;
    if (!control) continue;
    const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
    if (matching.length) {
      control.setAttribute('aria-invalid', 'true');
      describedBy.add(slot.id);
    } else {
      control.removeAttribute('aria-invalid');
      describedBy.delete(slot.id);
    }
    if (describedBy.size) control.setAttribute('aria-describedby', [...describedBy].join(' '));
    else control.removeAttribute('aria-describedby');
  }
  return errors.filter((e) => !claimed.has(e));
}

// Errors whose JSON Pointer is `path` or lies under it.
export function errorsAt(errors, path) {
  return (errors ?? []).filter((e) => e.path === path || e.path.startsWith(`${path}/`));
}

// A decimal as typed: trimmed, thousands separators dropped ("60,000" → "60000"). Anything else is
// passed through untouched so that the engine reports it precisely.
export function typedDecimal(text) {
  const trimmed = text.trim();
  return /^[\d,]+(\.\d*)?$/.test(trimmed) ? trimmed.replace(/,/g, '').replace(/\.$/, '') : trimmed;
}
