// One line per budget a benchmark measures: `verdict: BUDGET | MEASURED | met` (or `MISSED`).
// tests/bench/all.sh gathers them into the table it ends with, so a run says in one place which
// budgets this machine met, with the figure each verdict rests on.
export function verdict(budget, measured, met) {
  console.log(`verdict: ${budget} | ${measured} | ${met ? 'met' : 'MISSED'}`);
}

// "No gap of more than 50 ms between frames" is at most two frames missed at 60 Hz: three frame
// intervals, which requestAnimationFrame's timestamps put at 50.0-50.1 ms. Half a millisecond
// of their jitter is allowed; a fourth interval (66.7 ms) is not.
export const FRAME_GAP_LIMIT_MS = 50.5;
