// What the page benchmarks watch on the main thread while an action runs (page-edit.mjs,
// page-actions.mjs).

// In the page: watches its main thread from now on: the longest gap between two frames (how long
// input could not be answered) and the longest task of 50 ms or more (the Long Tasks API).
// `await watch.stop()` ends the watch and returns {gap, task} in ms, the gap up to that moment
// counted. It runs in the page as `watchMainThread`, put there by installPageWatch: a function
// page.evaluate runs there can call none of this file's.
export function watchMainThread() {
  let last = performance.now();
  let gap = 0;
  let watching = true;
  const tick = (now) => {
    gap = Math.max(gap, now - last);
    last = now;
    if (watching) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  let task = 0;
  const observer = new PerformanceObserver((list) => { for (const t of list.getEntries()) task = Math.max(task, t.duration); });
  observer.observe({ type: 'longtask' });
  return {
    async stop() {
      watching = false;
      gap = Math.max(gap, performance.now() - last);
      // Long tasks are reported a little after they end.
      await new Promise((resolve) => setTimeout(resolve, 0));
      observer.disconnect();
      return { gap, task };
    },
  };
}

/** Puts watchMainThread in the page (again after each navigation). */
export const installPageWatch = (page) => page.evaluate(`globalThis.watchMainThread = ${watchMainThread}`);
