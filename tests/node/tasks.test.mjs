// The pauses of long work on the page (web/lib/tasks.js): pacedPauses lets a frame be painted
// once 25 ms have gone by since the last, and otherwise only ends the task (scheduler.yield's
// continuations go ahead of rendering, so a run of them alone painted nothing for 100+ ms).
// Run: node --test tests/node/tasks.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceDir } from './support.mjs';

const { pacedPauses } = await import(pathToFileURL(join(sourceDir, 'web/lib/tasks.js')));

test('a frame is waited for once 25 ms have gone by since the last, and only then', async () => {
  let now = 1000;
  const frames = [];
  const realNow = performance.now;
  globalThis.requestAnimationFrame = (callback) => {
    frames.push(now);
    setTimeout(() => callback(now), 0);
  };
  performance.now = () => now;
  try {
    const pause = pacedPauses(25);
    const steps = [5, 5, 10, 6, 30, 1, 1, 24, 1]; // ms of work before each pause
    for (const ms of steps) {
      now += ms;
      await pause();
    }
    // 5+5+10 = 20 (no frame), +6 = 26 (a frame), 30 (a frame), 1+1 = 2, +24 = 26 (a frame), 1.
    assert.deepEqual(frames, [1026, 1056, 1082]);
  } finally {
    performance.now = realNow;
    delete globalThis.requestAnimationFrame;
  }
});
