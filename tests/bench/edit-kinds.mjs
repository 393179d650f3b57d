// The kinds of edit a rep makes on the rep page, as tests/bench/page-edit.mjs and
// tests/bench/page-profile.mjs make them: the control, and how a rep changes it (typing is an
// `input` event, a list a `change`, a preset a click).
export const EDIT_KINDS = [
  { kind: 'traffic total', selector: 'traffic-fields input.number.big', event: 'input', values: ['120', '135'] },
  { kind: 'region mix', selector: 'traffic-fields [role=toolbar][aria-label="Region mix presets"] button', event: 'click', pick: [1, 2] },
  { kind: "a line's quantity", selector: 'feature-picker .feature-quantity:not([hidden]) input.number', event: 'input', values: ['3', '4'] },
  { kind: 'customer name', selector: 'deal-fields input[type=text]', event: 'input', values: ['Acme Media', 'Acme Media Group'] },
  { kind: 'segment', selector: 'deal-fields select', event: 'change', options: true },
  { kind: 'term', field: 'Term', event: 'change', options: true },
  { kind: 'quote discount', field: 'Quote discount', event: 'input', values: ['3', '4'] },
  { kind: 'line discount', selector: 'priced-lines td.discount-col input', event: 'input', values: ['5', '6'] },
  // À la carte and the largest bundle; last, as the first switch drops the few products that
  // bundle does not offer (the line count is printed).
  { kind: 'bundle', field: 'Bundle', event: 'change', values: ['', 'enterprise'] },
];

// In the page: the i-th edit of kind `k`, made on its control as a rep makes it (a list's next
// option, a value typed, a preset clicked); false when the page has no such control. It runs in
// the page as `makeEdit`, put there by installEditKinds: a function page.evaluate runs there can
// call none of this file's.
export function makeEdit(k, i) {
  const byLabel = (label) => [...document.querySelectorAll('quote-configurator label')]
    .find((l) => l.textContent.trim().startsWith(label))?.control ?? null;
  const controls = k.field ? [byLabel(k.field)] : [...document.querySelectorAll(k.selector)];
  let control = controls[0];
  if (!control) return false;
  if (k.event === 'click') {
    control = controls[k.pick[i % 2]] ?? control;
    control.click();
  } else {
    if (k.options) control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
    else control.value = k.values[i % 2];
    control.dispatchEvent(new Event(k.event, { bubbles: true }));
  }
  return true;
}

/** Puts makeEdit in the page (again after each navigation). */
export const installEditKinds = (page) => page.evaluate(`globalThis.makeEdit = ${makeEdit}`);

// In the page (after installEditKinds): makes edit kind `k` `edits` times, each followed by its
// first frame, the page's `quote-change` and 80 ms; with `mark`, user timing marks edit-start-i,
// edit-frame-i and edit-end-i (for a trace). Returns false when the page has no such control.
export async function makeEdits({ k, edits, mark }) {
  const app = document.querySelector('quote-configurator');
  for (let i = 0; i < edits; i += 1) {
    const drawn = new Promise((resolve) => app.addEventListener('quote-change', resolve, { once: true }));
    const painted = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    // Made in a task of the page's own, as a person's input is: the Long Tasks API does not
    // report work done in the task that runs this function (page.evaluate's).
    const made = await new Promise((resolve) => setTimeout(() => {
      if (mark) performance.mark(`edit-start-${i}`);
      resolve(makeEdit(k, i));
    }));
    if (!made) return false;
    await painted;
    if (mark) performance.mark(`edit-frame-${i}`);
    await drawn;
    await new Promise((resolve) => setTimeout(resolve, 80));
    if (mark) performance.mark(`edit-end-${i}`);
  }
  return true;
}
