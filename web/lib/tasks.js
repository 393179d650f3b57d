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
