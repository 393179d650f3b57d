// A single-field edit on a large quote in the rep configurator, from the input event to the
// totals drawn (budget: 500 lines ≤ 1 ms p95, 2,000 lines ≤ 4 ms), in headless Chromium.
// Not a test: prints median and p95 per quote size.
//
//   node tests/bench/page-edit.mjs [edits] [sizes] [kinds]   (after `cmake --build --preset default`)
//   node tests/bench/page-edit.mjs 20 500,2000 kinds            every kind of edit too
//
// Each quote (tests/node/quote-generator.mjs, seeded) is imported into the page as a rep would
// import a file; then the monthly traffic field (one quote line's quantity) gets a new value per
// edit. Two times from dispatching the `input` event: until the net monthly total in the DOM shows
// the new price (a MutationObserver; it includes the engine, the page's bookkeeping — autosave,
// hashing — and drawing the lines, totals and guidance), and until the page is laid out with it
// (style and layout forced at that moment). Not included: the wait for the next frame and the
// paint (mostly off the main thread), and the scenarios, diff and print views, which the page
// draws after the next frame.
import { readFile } from 'node:fs/promises';
import { openSite } from '../browser/harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

const edits = Number(process.argv[2] ?? 40);
const sizes = (process.argv[3] ?? '50,500,2000').split(',').map(Number);
// `kinds` (the 4th argument) also times every kind of edit a rep makes (EDIT_KINDS below).
const kinds = process.argv[4] === 'kinds';

// Every kind of edit: the control, how a rep changes it (typing: `input`; a list: `change`; a
// preset: a click) and the values it alternates between. Each is timed from the event to the
// page's synchronous work done (the event's handler returned) and to the edit's first frame
// painted (a requestAnimationFrame callback asked for before the edit, then a task after it: the
// frame was produced). Pricing, drawing, style and layout fall in the second; the scenarios, diff
// and printable quote, drawn in a task after that frame, do not.
const EDIT_KINDS = [
  { kind: 'traffic total', selector: 'traffic-fields input.number.big', event: 'input', values: ['120', '135'] },
  { kind: 'region mix', selector: 'traffic-fields [role=toolbar][aria-label="Region mix presets"] button', event: 'click', pick: [1, 2] },
  { kind: 'customer name', selector: 'deal-fields input[type=text]', event: 'input', values: ['Acme Media', 'Acme Media Group'] },
  { kind: 'segment', selector: 'deal-fields select', event: 'change', options: true },
  { kind: 'bundle', field: 'Bundle', event: 'change', options: true },
  { kind: 'term', field: 'Term', event: 'change', options: true },
  { kind: 'quote discount', field: 'Quote discount', event: 'input', values: ['3', '4'] },
  { kind: 'line discount', selector: 'priced-lines td.discount-col input', event: 'input', values: ['5', '6'] },
];

async function everyKind(size) {
  const results = await site.page.evaluate(async ({ kinds, edits }) => {
    const byLabel = (label) => [...document.querySelectorAll('quote-configurator label')]
      .find((l) => l.textContent.trim().startsWith(label))?.control ?? null;
    // Asked for before the edit, so this frame callback runs before the page's own (which draws
    // the deferred views in a task after it): the time is the edit's first frame, not the views.
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const out = {};
    for (const k of kinds) {
      const times = [];
      for (let i = 0; i < edits + 3; i += 1) {
        const controls = k.field ? [byLabel(k.field)] : [...document.querySelectorAll(k.selector)];
        let control = controls[0];
        if (!control) { out[k.kind] = null; break; }
        const painted = nextFrame();
        const start = performance.now();
        if (k.event === 'click') {
          control = controls[k.pick[i % 2]] ?? control;
          control.click();
        } else {
          if (k.options) control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
          else control.value = k.values[i % 2];
          control.dispatchEvent(new Event(k.event, { bubbles: true }));
        }
        const handled = performance.now();
        await painted;
        if (i >= 3) times.push([handled - start, performance.now() - start]);
        // The deferred views drawn before the next edit, as when a rep types.
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      if (out[k.kind] !== null) out[k.kind] = times;
    }
    return out;
  }, { kinds: EDIT_KINDS, edits });
  for (const [kind, times] of Object.entries(results)) {
    if (!times) {
      console.log(`  ${kind}: control not found`);
      continue;
    }
    const stats = (k) => {
      const sorted = times.map((t) => t[k]).sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return `median ${ms(at(0.5))}, p95 ${ms(at(0.95))}`;
    };
    console.log(`  ${String(size).padStart(4)} lines, ${kind.padEnd(14)} event -> page's work done: ${stats(0)}; next frame painted: ${stats(1)}`);
  }
}
const book = JSON.parse(await readFile(bookPath, 'utf8'));
const site = await openSite();
const ms = (x) => `${x.toFixed(2)} ms`;

try {
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  for (const size of sizes) {
    const quote = largeQuote(book, size, 7);
    const times = await site.page.evaluate(async ({ text, edits }) => {
      const app = document.querySelector('quote-configurator');
      await app.importText(text, 'benchmark quote');
      const input = document.querySelector('traffic-fields input.number.big');
      const net = () => document.querySelector('price-totals output[data-total=net_monthly]');
      const out = [];
      for (let i = 0; i < edits + 3; i += 1) {
        const before = net().textContent;
        const drawn = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (net().textContent === before) return;
            observer.disconnect();
            // In the DOM now (the page draws in one synchronous pass, so the pass has ended);
            // then laid out: reading a box forces style and layout of the whole page now.
            const inDom = performance.now();
            net().getBoundingClientRect();
            resolve([inDom, performance.now()]);
          });
          observer.observe(document.querySelector('price-totals'), { subtree: true, childList: true, characterData: true });
        });
        const start = performance.now();
        input.value = String(20 + (i % 2 ? i : 2 * i));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const [inDom, onScreen] = await drawn;
        if (i >= 3) out.push([inDom - start, onScreen - start]); // the first edits warm the page up
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return out;
    }, { text: JSON.stringify(quote), edits });
    const stats = (k) => {
      const sorted = times.map((t) => t[k]).sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return `median ${ms(at(0.5))}, p95 ${ms(at(0.95))}`;
    };
    console.log(`page edit ${String(size).padStart(4)} lines, input event -> net monthly total in the DOM: ${stats(0)}; ` +
                `laid out: ${stats(1)}  (${times.length} edits)`);
    if (kinds) await everyKind(size, quote);
  }
} finally {
  await site.close();
}
