// Where an edit's time goes on the rep page: a Chromium trace (and a sampled CPU profile) of a
// few edits of each kind, summed per kind between the edit's event and its first frame painted,
// and over the work after it (80 ms, as tests/bench/page-edit.mjs waits). Not a test.
//
//   node tests/bench/page-profile.mjs [edits] [sizes] [kinds]   (after `cmake --build --preset default --target site`)
//   node tests/bench/page-profile.mjs 5 500,2000                 every kind of edit
//   node tests/bench/page-profile.mjs 5 2000 "quote discount,bundle"
//   EDGEQUOTE_TASKS=16 node tests/bench/page-profile.mjs 3 5000 term   each task of 16 ms or more:
//        its wall and CPU time, the trace events and the functions in it
//   EDGEQUOTE_ALL_EVENTS=1 ...   every trace event gets a row, not only those named in ROWS (to
//        name what a task holds when the rows above do not)
//   EDGEQUOTE_SITE_DIR=/tmp/base-site node tests/bench/page-profile.mjs ...   another build (an A/B)
//
// Per kind and window (to the first frame; after it): the main thread's time in each kind of
// trace event (script, style, layout, paint, garbage collection, ...; nested events counted in
// their own row too, so rows overlap), and the functions with the most self time in the samples;
// and per kind the longest task per edit (wall time, as input waits for it; and the most CPU
// time the main thread spent in one task, which other processes on a loaded machine do not inflate).
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { openSite } from '../browser/harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';
import { EDIT_KINDS, installEditKinds, makeEdits } from './edit-kinds.mjs';

const edits = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '500,2000').split(',').map(Number);
const only = process.argv[4] ? new Set(process.argv[4].split(',')) : null;

// The trace events worth a row: what the main thread does between an edit and its frame.
const ROWS = new Set([
  'EventDispatch', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'v8.callFunction', 'RunMicrotasks',
  'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit', 'HitTest',
  'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'V8.GC_MC_INCREMENTAL', 'BlinkGC.AtomicPhase',
  'IntersectionObserverController::computeIntersections', 'ResizeObserver::BroadcastObservations',
  'ParseHTML', 'v8.compile', 'v8.parseOnBackground', 'ScheduleStyleRecalculation', 'InvalidateLayout',
  'UpdateLayerTree', 'ThreadControllerImpl::RunTask', 'RunTask',
]);

const book = JSON.parse(await readFile(bookPath, 'utf8'));
const site = await openSite();
const cdp = await site.context.newCDPSession(site.page);
console.log(`page-profile: ${edits} edits per kind, sizes ${sizes.join(', ')}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

async function trace(run) {
  const events = [];
  const onData = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-v8.gc', 'toplevel',
        ...(process.env.EDGEQUOTE_DUMP ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])],
    },
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  return { events, profile, result };
}

// The main thread's events and the edits' windows ([start, frame, end] from user timing marks).
function analyse(events, profile, kind) {
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = new Set(names.map((e) => `${e.pid}:${e.tid}`));
  const marks = new Map();
  for (const e of events) if (e.cat?.includes('blink.user_timing') && /^edit-(start|frame|end)-\d+$/.test(e.name)) marks.set(e.name, e.ts);
  const windows = [];
  for (let i = 0; ; i++) {
    const start = marks.get(`edit-start-${i}`);
    if (start === undefined) break;
    windows.push({ start, frame: marks.get(`edit-frame-${i}`), end: marks.get(`edit-end-${i}`) });
  }
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // Complete events (X) and begin/end pairs (B/E) on the main thread.
  const spans = [];
  const open = new Map();
  for (const e of events) {
    if (!main.has(`${e.pid}:${e.tid}`) || !(process.env.EDGEQUOTE_ALL_EVENTS || ROWS.has(e.name))) continue;
    if (e.ph === 'X') spans.push({ name: e.name, from: e.ts, to: e.ts + (e.dur ?? 0), cpu: e.tdur, args: e.args });
    else if (e.ph === 'B') open.set(e.name, e);
    else if (e.ph === 'E' && open.has(e.name)) {
      spans.push({ name: e.name, from: open.get(e.name).ts, to: e.ts, cpu: e.tts - open.get(e.name).tts, args: { ...open.get(e.name).args, ...e.args } });
      open.delete(e.name);
    }
  }
  // EDGEQUOTE_DUMP=Paint: the events of that name in the first edit's window, with their args.
  if (process.env.EDGEQUOTE_DUMP && windows[0]) {
    const seen = new Map();
    for (const e of events) {
      if (e.name === process.env.EDGEQUOTE_DUMP && e.ph !== 'X' && e.ts > windows[0].start && e.ts < windows[0].frame) {
        const d = e.args?.data ?? {};
        const key = `${d.nodeName ?? ''} ${d.reason ?? ''}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    if (process.env.EDGEQUOTE_NAMES) console.log([...new Set(events.filter((e) => /nvalidat/.test(e.name)).map((e) => `${e.cat} ${e.name} ${e.ph}`))].join('\n'));
    for (const [key, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    ${n} × ${key}`);
    for (const s of spans) {
      if (s.name === process.env.EDGEQUOTE_DUMP && s.to > windows[0].start && s.from < windows[0].end) {
        console.log(`    ${s.name} +${((s.from - windows[0].start) / 1000).toFixed(1)} ms ${((s.to - s.from) / 1000).toFixed(2)} ms ${JSON.stringify(s.args ?? {})}`);
      }
    }
  }
  const sum = (from, to) => {
    const rows = new Map();
    for (const s of spans) {
      const overlap = Math.min(s.to, to) - Math.max(s.from, from);
      if (overlap > 0) rows.set(s.name, (rows.get(s.name) ?? 0) + overlap);
    }
    return rows;
  };
  const before = new Map();
  const after = new Map();
  const add = (into, rows) => { for (const [k, v] of rows) into.set(k, (into.get(k) ?? 0) + v); };
  for (const w of windows) {
    add(before, sum(w.start, w.frame));
    add(after, sum(w.frame, w.end));
  }
  // CPU samples by function, self time, within the edits' windows.
  const selfIn = [new Map(), new Map()];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const w = windows.find((x) => t >= x.start && t < x.end);
    if (!w) return;
    const node = nodes.get(id);
    const f = node.callFrame;
    if (f.functionName === '(idle)') return;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    const into = selfIn[t < w.frame ? 0 : 1];
    into.set(name, (into.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  // EDGEQUOTE_TASKS=16: each main-thread task of that many ms or more in the edits' windows, with
  // the trace events inside it and the functions with the most self time in it (which task blocks
  // input, and with what).
  if (process.env.EDGEQUOTE_TASKS) {
    const least = Number(process.env.EDGEQUOTE_TASKS) * 1000;
    const tasks = spans.filter((s) => (s.name === 'ThreadControllerImpl::RunTask' || s.name === 'RunTask') && s.to - s.from >= least &&
      windows.some((w) => s.to > w.start && s.from < w.end));
    const outer = tasks.filter((s) => !tasks.some((o) => o !== s && o.from <= s.from && o.to >= s.to && o.to - o.from > s.to - s.from));
    for (const task of outer) {
      const w = windows.findIndex((x) => task.to > x.start && task.from < x.end);
      const inside = new Map();
      for (const s of spans) {
        if (s.name.endsWith('RunTask') || s.to <= task.from || s.from >= task.to) continue;
        inside.set(s.name, (inside.get(s.name) ?? 0) + Math.min(s.to, task.to) - Math.max(s.from, task.from));
      }
      const self = new Map();
      let at = profile.startTime;
      profile.samples.forEach((id, i) => {
        at += profile.timeDeltas[i];
        if (at < task.from || at >= task.to) return;
        const f = nodes.get(id).callFrame;
        if (f.functionName === '(idle)') return;
        const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
      });
      const top = (rows, scale) => [...rows].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${(v / scale).toFixed(1)}`).join('; ');
      const cpu = task.cpu === undefined ? '' : `, ${(task.cpu / 1000).toFixed(1)} ms CPU`;
      console.log(`    task of ${((task.to - task.from) / 1000).toFixed(1)} ms${cpu}, edit ${w} +${((task.from - windows[w].start) / 1000).toFixed(0)} ms` +
        ` (${task.from < windows[w].frame ? 'before' : 'after'} its first frame): ${top(inside, 1000)}`);
      console.log(`      self time: ${top(self, 1000)}`);
    }
  }
  // The longest main-thread task per edit, from its event to the end of the work after it: wall
  // time (what input waits for) and the thread's CPU time in it (what the page's own work costs,
  // read apart from other processes' on a loaded machine).
  const allRuns = spans.filter((s) => s.name === 'ThreadControllerImpl::RunTask' || s.name === 'RunTask').sort((a, b) => a.from - b.from || b.to - a.to);
  const runs = [];
  for (const s of allRuns) if (!runs.length || s.from >= runs.at(-1).to) runs.push(s);  // the outermost tasks
  const longest = windows.map((w) => runs.filter((s) => s.to > w.start && s.from < w.end)
    .reduce((most, s) => (s.to - s.from > most.wall ? { wall: s.to - s.from, cpu: s.cpu ?? NaN } : most), { wall: 0, cpu: 0 }));
  const mostCpu = windows.map((w) => runs.filter((s) => s.to > w.start && s.from < w.end).reduce((most, s) => Math.max(most, s.cpu ?? 0), 0));
  const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const ms = (x) => (x / 1000).toFixed(1);
  const cpuToFrame = windows.map((w) => runs.filter((s) => s.from >= w.start && s.from < w.frame).reduce((sum, s) => sum + (s.cpu ?? 0), 0));
  const cpuInAll = windows.map((w) => runs.filter((s) => s.from >= w.start && s.from < w.end).reduce((sum, s) => sum + (s.cpu ?? 0), 0));
  const n = windows.length || 1;
  const fmt = (rows, scale = 1000) => [...rows].sort((a, b) => b[1] - a[1]).slice(0, 12)
    .map(([k, v]) => `${k} ${(v / scale / n).toFixed(2)}`).join('; ');
  const frames = windows.map((w) => (w.frame - w.start) / 1000).sort((a, b) => a - b);
  console.log(`  ${kind}: ${windows.length} edits, first frame median ${frames[Math.floor(frames.length / 2)]?.toFixed(1)} ms`);
  console.log(`    main-thread CPU from the edit's event to its first frame: median ${ms(middle(cpuToFrame))} ms;` +
    ` to the end of the work after it: median ${ms(middle(cpuInAll))} ms`);
  console.log(`    longest task per edit: wall median ${ms(middle(longest.map((t) => t.wall)))}, max ${ms(Math.max(...longest.map((t) => t.wall)))} ms;` +
    ` most CPU in one task median ${ms(middle(mostCpu))}, max ${ms(Math.max(...mostCpu))} ms`);
  console.log(`    to the first frame, ms per edit: ${fmt(before)}`);
  console.log(`      self time (samples): ${fmt(selfIn[0])}`);
  console.log(`    after it (80 ms): ${fmt(after)}`);
  console.log(`      self time (samples): ${fmt(selfIn[1])}`);
}

try {
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 60000 });
  // EDGEQUOTE_CSS: a style sheet added to the page (to try a rule before writing it).
  if (process.env.EDGEQUOTE_CSS) {
    await site.page.evaluate((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }, process.env.EDGEQUOTE_CSS);
  }
  for (const size of sizes) {
    await site.page.evaluate(({ text }) => document.querySelector('quote-configurator').importText(text, 'profile'), { text: JSON.stringify(largeQuote(book, size, 7)) });
    await site.page.waitForTimeout(1500);
    console.log(`${size} lines`);
    for (const k of EDIT_KINDS) {
      if (only && !only.has(k.kind)) continue;
      await installEditKinds(site.page);
      await site.page.evaluate(makeEdits, { k, edits: 3, mark: false });
      const { events, profile, result } = await trace(() => site.page.evaluate(makeEdits, { k, edits, mark: true }));
      if (!result) {
        console.log(`  ${k.kind}: control not found`);
        continue;
      }
      analyse(events, profile, k.kind);
    }
  }
} finally {
  await site.close();
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
