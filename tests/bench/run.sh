#!/usr/bin/env bash
# Native benchmarks against the budgets in the README (measurements, not tests).
#
#   tests/bench/run.sh            engine table (50/500/2,000 lines) + CLI batch throughput
#   tests/bench/run.sh quick      the same with shorter measurements and 50k batch lines
#   tests/bench/run.sh profile    perf profile of `edgequote reprice` (full output) -> build/bench/
#
# Uses the Release tree build/native (cmake --preset default); builds `edgequote` and
# `bench_engine` there. Book: $EDGEQUOTE_BENCH_BOOK or pricebooks/edge-cdn.json. Results are
# also written as JSON to build/bench/native.json and build/bench/batch.json; the timed quotes
# to build/bench/quote-{50,500,2000}.json and the batch input to build/bench/quotes-*.jsonl.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${EDGEQUOTE_BENCH_BUILD:-$root/build/native}"
out="$root/build/bench"
book="${EDGEQUOTE_BENCH_BOOK:-$root/pricebooks/edge-cdn.json}"
mode="${1:-full}"
mkdir -p "$out"

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake --preset default >/dev/null
fi
cmake --build "$build" --target edgequote bench_engine -j 2 >/dev/null
cli="$build/core/edgequote"
bench="$build/tests/bench/bench_engine"

seconds=1.5 lines=200000 runs=3
if [ "$mode" = quick ]; then seconds=0.3 lines=50000 runs=1; fi

jsonl="$out/quotes-$lines.jsonl"
if [ ! -s "$jsonl" ] || [ "$bench" -nt "$jsonl" ] || [ "$book" -nt "$jsonl" ]; then
  "$bench" --book "$book" --jsonl "$jsonl" --lines "$lines" >"$out/quotes-$lines.count"
fi
quotes=$(sed -E 's/.*"quotes":([0-9]+).*/\1/' "$out/quotes-$lines.count")
total_lines=$(sed -E 's/.*"lines":([0-9]+).*/\1/' "$out/quotes-$lines.count")

if [ "$mode" = profile ]; then
  command -v perf >/dev/null || { echo "bench: perf not installed" >&2; exit 1; }
  perf record -g -o "$out/perf.data" "$cli" reprice "$book" <"$jsonl" >/dev/null 2>"$out/perf-record.log"
  perf report -i "$out/perf.data" --no-children --percent-limit 1 --stdio 2>/dev/null | grep -v '^$' | head -n 120 >"$out/perf-report.txt"
  perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -n 40
  echo "bench: full report in ${out#$root/}/perf-report.txt"
  exit 0
fi

# The quotes the table times, for the wasm and browser benchmarks to time the same input.
for n in 50 500 2000; do "$bench" --book "$book" --quote "$n" >"$out/quote-$n.json"; done

echo "## Native engine ($(uname -m), $(nproc) cores shared; one thread)"
echo
"$bench" --book "$book" --seconds "$seconds" --json "$out/native.json"
echo

# Batch: quote lines per second through the CLI (output to /dev/null, as the batch budget
# counts it), full and --summary output, best of $runs.
time_reprice() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$cli" reprice "$book" "$@" <"$jsonl" >/dev/null
    end=$(date +%s.%N)
    local t
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}
full=$(time_reprice)
full_bytes=$("$cli" reprice "$book" <"$jsonl" | wc -c)
summary=$(time_reprice --summary)
summary_bytes=$("$cli" reprice "$book" --summary <"$jsonl" | wc -c)
rate() { echo "$total_lines / $1" | bc -l | xargs printf '%.0f'; }
echo "## Batch repricing through the CLI ($quotes quotes, $total_lines quote lines; best of $runs)"
echo
echo "| output | seconds | quote lines/s | quotes/s | output MB | budget (lines/s) |"
echo "|---|---:|---:|---:|---:|---:|"
for row in "full $full $full_bytes" "--summary $summary $summary_bytes"; do
  set -- $row
  printf '| %s | %.3f | %s | %s | %.1f | 1,000,000 |\n' "$1" "$2" "$(rate "$2")" \
    "$(echo "$quotes / $2" | bc -l | xargs printf '%.0f')" "$(echo "$3 / 1000000" | bc -l)"
done
summary_rate=$(rate "$summary")
verdict=MISSED
[ "$summary_rate" -ge 1000000 ] && verdict=met
echo
echo "verdict: batch repricing ≥ 1,000,000 quote lines/s, one core | $summary_rate lines/s (--summary, best of $runs wall) | $verdict"
printf '{"quotes":%s,"lines":%s,"full_seconds":%s,"summary_seconds":%s,"full_lines_per_second":%s,"summary_lines_per_second":%s}\n' \
  "$quotes" "$total_lines" "$full" "$summary" "$(rate "$full")" "$(rate "$summary")" >"$out/batch.json"
