// One line per budget a benchmark measures: `verdict: BUDGET | MEASURED | met` (or `MISSED`).
// tests/bench/all.sh gathers them into the table it ends with, so a run says in one place which
// budgets this machine met, with the figure each verdict rests on.
export function verdict(budget, measured, met) {
  console.log(`verdict: ${budget} | ${measured} | ${met ? 'met' : 'MISSED'}`);
}
