// A single-field edit on a large quote in the rep configurator, from the input event to the
// totals drawn (budget: 500 lines ≤ 1 ms p95, 2,000 lines ≤ 4 ms), in headless Chromium.
// Not a test: prints median and p95 per quote size.
//
//   node tests/bench/page-edit.mjs [edits] [sizes]   (after `cmake --build --preset default`)
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
  }
} finally {
  await site.close();
}
