// Yielding to the event loop between chunks of long work (an import, a reload, the scenarios of
// a large quote), so that input is answered and frames are painted in between.

// Resolves in a new task: after the input and rendering work waiting now. scheduler.yield() where
// the browser has it (the continuation keeps its place ahead of other tasks), else a timeout.
export function nextTask() {
  return globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

// Resolves after the next frame has been painted (a frame callback, then a task after it): a
// status drawn before awaiting this is on the screen before long work starts.
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// A pause for the steps of long work (an export written in parts) that also lets a frame be
// painted once `frameEvery` ms have gone by since the last: scheduler.yield's continuations go
// ahead of rendering, and a run of them painted nothing for 117-133 ms (an export of 20,000
// lines, tests/bench/page-actions.mjs). 12 ms, not 25: the frame that follows (its style,
// layout and paint) and a core shared with workers come on top, and the budget is a frame
// painted every 50 ms. Each call of the returned function is one pause.
export function pacedPauses(frameEvery = 12) {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < frameEvery) {
      await nextTask();
      return;
    }
    await nextFrame();
    since = performance.now();
  };
}
