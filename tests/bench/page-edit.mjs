// Every kind of edit a rep makes on a large quote in the rep configurator, its import and its
// reload, in headless Chromium (budgets: the first frame after an edit painted within 16 ms at
// 500 lines, 33 ms at 2,000; nothing blocks input for more than a frame at any size). Not a test:
// prints median and p95 per kind and quote size.
//
//   node tests/bench/page-edit.mjs [edits] [sizes] [what]    (after `cmake --build --preset default --target site`)
//   node tests/bench/page-edit.mjs 20 500,2000,5000           every kind of edit, import and reload
//   node tests/bench/page-edit.mjs 20 500,2000 quantity       only the traffic total (the old benchmark)
//   node tests/bench/page-edit.mjs 20 500,2000,5000 all main  every kind, the pricing worker kept
//                                                             from starting (all on the main thread)
//   node tests/bench/page-edit.mjs 20 250,500,1000,2000 threshold   main thread vs worker round trip
//   EDGEQUOTE_KINDS="term,bundle" node tests/bench/page-edit.mjs 5 20000   those kinds of edit only
//
// Each quote (tests/node/quote-generator.mjs, seeded) is imported into the page as a rep imports
// a file (timed: until the import has finished, and the longest gap between two frames meanwhile,
// which is how long input could not be answered), then every kind of edit is made `edits` times
// (EDIT_KINDS: the control, and how a rep changes it: typing is an `input` event, a list a
// `change`, a preset a click). Each edit is timed from dispatching its event
//   - to the page's `quote-change` event: the edit priced and drawn (totals, lines, guidance in
//     the DOM; the page draws them in one pass, so they are all there then), and
//   - to its first frame painted: a requestAnimationFrame callback asked for before the edit,
//     then a task after it (pricing, drawing, style and layout included). The scenarios and the
//     comparison, drawn after that frame, are not in it; the longest gap between two frames over
//     all the edits of a kind (and the work after each, 80 ms of it) is printed too, and
//   - the longest main-thread task per edit (the Long Tasks API: tasks of 50 ms or more, from
//     the edit's event to the end of the work after it; 0 when none): how long a keystroke could
//     wait. A large quote is priced in a worker, so its `drawn` can come well after its first
//     frame while the page keeps answering input.
// Between the two, the page is reloaded with that quote open (timed: navigation start to the first priced
// total, the `edgequote:priced` mark; and the longest frame gap until then, counted from the first
// frame the page could paint).
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { openSite } from '../browser/harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';
import { EDIT_KINDS, installEditKinds } from './edit-kinds.mjs';
import { installPageWatch } from './page-watch.mjs';
import { FRAME_GAP_LIMIT_MS, verdict } from './verdict.mjs';

const edits = Number(process.argv[2] ?? 20);
const sizes = (process.argv[3] ?? '500,2000,5000').split(',').map(Number);
const onlyQuantity = process.argv[4] === 'quantity';
// `threshold`: for each size, one quote priced over and over on the main thread (a live quote,
// as the session prices a small quote) and through the pricing worker (its client, as the session
// prices a large one: the round trip, text out, changed lines back), for a one-line edit and an
// edit that reprices every line: where the worker starts to pay (web/lib/quote-session.js inWorker).
const threshold = process.argv[4] === 'threshold';
// `main`: the pricing worker's script is not served, so the page prices every quote on the main
// thread (its fallback): the figures before the worker, for comparison.
const mainThreadOnly = process.argv.slice(4).includes('main');
// EDGEQUOTE_KINDS="term,quote discount": only those kinds of edit (the verdicts then speak for
// those only).
const onlyKinds = process.env.EDGEQUOTE_KINDS ? new Set(process.env.EDGEQUOTE_KINDS.split(',')) : null;

export { EDIT_KINDS };

// In the page: makes each kind of edit `edits` times (after 3 to warm up) and returns, per kind,
// [drawn, first frame] in ms per edit, or null when the page has no such control.
async function timeEdits({ kinds, edits }) {
  const app = document.querySelector('quote-configurator');
  const out = {};
  for (const k of kinds) {
    const times = [];
    // The longest gap between two frames over the timed edits and the work after each (the
    // scenarios, the comparison, saving): how long input could wait at worst.
    let last = null;
    let longest = 0;
    let watching = true;
    const tick = (now) => {
      if (last !== null) longest = Math.max(longest, now - last);
      last = now;
      if (watching) requestAnimationFrame(tick);
    };
    // Long tasks (50 ms or more on the main thread: input waits for them), kept per edit: the
    // longest one that started between the edit's event and the end of the work after it.
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    const longestTaskIn = (from, to) => tasks.filter((t) => t.startTime + t.duration > from && t.startTime < to)
      .reduce((most, t) => Math.max(most, t.duration), 0);
    for (let i = 0; i < edits + 3; i += 1) {
      if (i === 3) requestAnimationFrame(tick);
      let drawnAt = null;
      const drawn = new Promise((resolve) => app.addEventListener('quote-change', () => { drawnAt = performance.now(); resolve(); }, { once: true }));
      const painted = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      const start = performance.now();
      if (!makeEdit(k, i)) { out[k.kind] = null; break; }  // edit-kinds.mjs, installed in the page
      await painted;
      const frame = performance.now() - start;
      await drawn;
      // The deferred views drawn (and the autosave done) before the next edit, as when a rep types.
      await new Promise((resolve) => setTimeout(resolve, 80));
      // Long tasks are reported a little after they end.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (i >= 3) times.push([drawnAt - start, frame, app.record.quote.lines.length, longestTaskIn(start, performance.now())]);
    }
    observer.disconnect();
    watching = false;
    if (out[k.kind] !== null) out[k.kind] = { times, longest };
  }
  return out;
}

// In the page: imports the quote's text as a rep's file; returns the time to the import's end
// and the longest gap between two frames meanwhile.
async function timeImport({ text }) {
  const app = document.querySelector('quote-configurator');
  const watch = watchMainThread();  // page-watch.mjs, installed in the page
  const start = performance.now();
  await app.importText(text, 'benchmark quote');
  const total = performance.now() - start;
  // The first frame after the import is part of it.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const { gap: longest, task } = await watch.stop();
  return { total, longest, task, lines: app.quote.lines.length };
}

// In the page: main thread against the worker's round trip, per kind of edit; ms per edit.
async function timeThreshold({ quote, edits }) {
  const { session } = document.querySelector('quote-configurator');
  const client = await import('./lib/pricing-worker-client.js');
  const kinds = {
    'one line': (q, i) => ({ ...q, lines: q.lines.map((line, k) => (k === 0 ? { ...line, quantity: String(10 + (i % 2)) } : line)) }),
    'every line': (q, i) => ({ ...q, discount_pct: String(2 + (i % 2)) }),
  };
  const out = {};
  for (const [kind, edit] of Object.entries(kinds)) {
    const main = [];
    const worker = [];
    for (let i = 0; i < edits + 2; i += 1) {
      const q = edit(quote, i);
      let start = performance.now();
      session.priceLive(q, `bench ${kind}`, 'full');
      if (i >= 2) main.push(performance.now() - start);
      start = performance.now();
      const answer = await client.ask(session, q, `bench ${kind}`, 'full');
      if (!answer?.priced) throw new Error(`the worker did not price it: ${JSON.stringify(answer?.errors ?? answer)}`);
      if (i >= 2) worker.push(performance.now() - start);
    }
    out[kind] = { main, worker };
  }
  return out;
}

// Before any script of the page: records the longest gap between frames from the first frame on.
function watchFrames() {
  window.__frames = { first: null, longest: 0 };
  let last = null;
  const tick = (now) => {
    if (last === null) window.__frames.first = now;
    else window.__frames.longest = Math.max(window.__frames.longest, now - last);
    last = now;
    if (!window.__frames.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const stats = (values) => `median ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}`;

// The budgets, judged on the worst kind of edit at each size: input -> totals in the DOM (p95)
// and the first frame (median) at 500 and 2,000 lines; at the engine's larger sizes, that no edit
// holds the page: no main-thread task of 50 ms (p95 per kind) and no gap of more than 50 ms
// between frames (at most two frames missed) over the edits.
const BUDGETS = { 500: { drawn: 1, frame: 16 }, 2000: { drawn: 4, frame: 33 } };
function sizeVerdicts(size, perKind) {
  const worst = (pick) => perKind.reduce((w, k) => (pick(k) > w.value ? { value: pick(k), kind: k.kind } : w), { value: -Infinity, kind: '' });
  const lines = `${size.toLocaleString('en-US')} lines`;
  const budget = BUDGETS[size];
  if (budget) {
    const drawn = worst((k) => quantile(k.drawn, 0.95));
    verdict(`rep page, one edit, ${lines}, input → totals in the DOM ≤ ${budget.drawn} ms p95, every kind`, `${ms(drawn.value)} (${drawn.kind})`, drawn.value <= budget.drawn);
    const frame = worst((k) => quantile(k.frame, 0.5));
    verdict(`rep page, first frame after an edit ≤ ${budget.frame} ms, ${lines}, every kind`, `median ${ms(frame.value)} (${frame.kind})`, frame.value <= budget.frame);
  } else if (size >= 5000) {
    const task = worst((k) => quantile(k.task, 0.95));
    const gap = worst((k) => k.gap);
    verdict(`rep page at ${lines}: no edit holds input (no task ≥ 50 ms, no frame gap > 50 ms)`,
      `longest task p95 ${ms(task.value)} (${task.kind}), longest frame gap ${ms(gap.value)} (${gap.kind})`, task.value < 50 && gap.value <= FRAME_GAP_LIMIT_MS);
  }
}

const book = JSON.parse(await readFile(bookPath, 'utf8'));
const site = await openSite();
console.log(`page-edit: ${edits} edits per kind, sizes ${sizes.join(', ')}${mainThreadOnly ? ', without the pricing worker' : ''}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

try {
  await site.page.addInitScript(watchFrames);
  if (mainThreadOnly) await site.page.route('**/lib/pricing-worker.js', (route) => route.fulfill({ status: 404, body: '' }));
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 60000 });
  if (threshold) {
    for (const size of sizes) {
      const results = await site.page.evaluate(timeThreshold, { quote: largeQuote(book, size, 7), edits });
      for (const [kind, { main, worker }] of Object.entries(results)) {
        console.log(`${String(size).padStart(5)} lines, ${kind.padEnd(10)} main thread (blocking) ${stats(main)}; worker round trip ${stats(worker)}`);
      }
    }
    sizes.length = 0;
  }
  for (const size of sizes) {
    const quote = largeQuote(book, size, 7);
    await installPageWatch(site.page);
    const imported = await site.page.evaluate(timeImport, { text: JSON.stringify(quote) });
    console.log(`${String(size).padStart(5)} lines: import ${ms(imported.total)}, longest frame gap ${ms(imported.longest)}, longest main-thread task ${ms(imported.task)} (${imported.lines} quote lines)`);
    if (!onlyQuantity) {
      // Reload with this quote open (the last imported is the current one).
      await site.page.reload();
      await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 120000 });
      const reload = await site.page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
        window.__frames.stop = true;
        const priced = performance.getEntriesByName('edgequote:priced')[0]?.startTime ?? null;
        return { priced, longest: window.__frames.longest, lines: document.querySelector('quote-configurator').quote.lines.length };
      });
      console.log(`${String(size).padStart(5)} lines: reload to the first priced total ${ms(reload.priced)}, longest frame gap ${ms(reload.longest)} (${reload.lines} quote lines)`);
    }
    const kinds = onlyQuantity ? EDIT_KINDS.slice(0, 1) : EDIT_KINDS.filter((k) => !onlyKinds || onlyKinds.has(k.kind));
    await installEditKinds(site.page);
    const results = await site.page.evaluate(timeEdits, { kinds, edits });
    const perKind = [];
    for (const [kind, result] of Object.entries(results)) {
      const times = result?.times;
      if (!times) {
        console.log(`${String(size).padStart(5)} lines, ${kind}: control not found`);
        continue;
      }
      const lines = new Set(times.map((t) => t[2]));
      console.log(`${String(size).padStart(5)} lines, ${kind.padEnd(17)} input -> drawn (totals in the DOM): ${stats(times.map((t) => t[0]))}; ` +
        `first frame: ${stats(times.map((t) => t[1]))}; longest main-thread task per edit (0: none of 50 ms): ${stats(times.map((t) => t[3]))}; ` +
        `longest frame gap ${ms(result.longest)}` +
        `${lines.size === 1 && lines.has(size) ? '' : ` (quote lines: ${[...lines].join(', ')})`}`);
      perKind.push({ kind, drawn: times.map((t) => t[0]), frame: times.map((t) => t[1]), task: times.map((t) => t[3]), gap: result.longest });
    }
    if (!onlyQuantity && perKind.length) sizeVerdicts(size, perKind);
  }
} finally {
  await site.close();
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
