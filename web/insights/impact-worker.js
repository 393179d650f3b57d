// Price-change impact off the page's main thread: the insights page posts the current and the
// proposed book (texts) and the logs (Files or Blobs); this worker re-prices every logged quote
// under both books with the insights module (web/engine/insights.js, its own wasm build) and
// posts progress, then the result as the canonical JSON text `edgequote impact` prints.
//
//   → {type: 'run', id, current, proposed, logs[, passes]}   (passes: see ImpactHandle.run)
//   ← {type: 'progress', id, done, total, quotes} ... then
//   ← {type: 'result', id, text} | {type: 'invalid', id, book, errors} | {type: 'failed', id, message}
import { createInsights } from '../engine/insights.js';

let engine = null;
const PROGRESS_EVERY_MS = 100;

self.addEventListener('message', async ({ data }) => {
  if (data?.type !== 'run') return;
  const { id, current, proposed, logs, passes } = data;
  try {
    engine ??= createInsights();
    const insights = await engine;
    let run;
    try {
      run = insights.openImpact(current, proposed);
    } catch (error) {
      if (!error.book) throw error;
      self.postMessage({ type: 'invalid', id, book: error.book, errors: error.errors });
      return;
    }
    try {
      let last = 0;
      const text = await run.run(
        logs,
        (done, total, quotes) => {
          const now = performance.now();
          if (now - last < PROGRESS_EVERY_MS && done < total) return;
          last = now;
          self.postMessage({ type: 'progress', id, done, total, quotes });
        },
        { text: true, passes },
      );
      self.postMessage({ type: 'result', id, text });
    } finally {
      run.release();
    }
  } catch (error) {
    engine = null;  // a module that failed may be broken: the next run starts a fresh one
    self.postMessage({ type: 'failed', id, message: String(error?.message ?? error) });
  }
});
