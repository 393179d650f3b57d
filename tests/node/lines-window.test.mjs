// The lines table's window on a large quote (web/elements/priced-lines-window.js): the heights of
// rows measured or not, summed over a range and searched by offset in O(log lines) (RowHeights),
// give what summing them row by row gives, as rows are measured and the estimate changes. The
// drawing itself runs in Chromium: tests/browser/big-quote.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowHeights } from '../../web/elements/priced-lines-window.js';
import { random } from './support.mjs';

// What the window summed before: every row, its measured height or the average.
const summed = (heights, from, to, average) => {
  let total = 0;
  for (let i = from; i < to; i++) total += heights[i] ?? average;
  return total;
};
const rowAt = (heights, count, y, average) => {
  let position = 0;
  for (let top = 0; position < count; position++) {
    top += heights[position] ?? average;
    if (top > y) break;
  }
  return position;
};

test('range sums and the row at an offset are those of summing row by row, as rows are measured', () => {
  const rand = random(20261207).next;
  for (const count of [0, 1, 2, 3, 7, 8, 9, 64, 100, 1000, 20000]) {
    const heights = [];
    for (let i = 0; i < count; i++) if (rand() < 0.2) heights[i] = 30 + Math.floor(rand() * 60);
    const sums = new RowHeights(heights, count);
    for (let round = 0; round < 40; round++) {
      // Rows measured (first time or again), and a new estimate for the others.
      for (let k = 0; k < 5 && count; k++) sums.set(Math.floor(rand() * count), 20 + Math.floor(rand() * 200) / 4);
      const average = 40 + rand() * 30;
      const from = Math.floor(rand() * (count + 1));
      const to = from + Math.floor(rand() * (count + 1 - from));
      assert.ok(Math.abs(sums.height(from, to, average) - summed(heights, from, to, average)) < 1e-6, `${count} lines: ${from}-${to}`);
      if (to > from) assert.equal(sums.height(to, from, average), 0, 'a range the wrong way round is empty');
      const total = summed(heights, 0, count, average);
      for (const y of [-5, 0, rand() * total, total - 1, total, total + 100]) {
        assert.equal(sums.rowsUpTo(y, average), rowAt(heights, count, y, average), `${count} lines: the row at ${y}`);
      }
    }
    // The heights list is kept as it was read (tests and the window read it).
    assert.equal(sums.heights, heights);
  }
});
