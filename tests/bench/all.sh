#!/usr/bin/env bash
# Every benchmark against the README's budgets, one after another, each printing its figures beside
# its budget (measurements, not tests; numbers depend on the machine and its load).
#
#   bash tests/bench/all.sh            (after `cmake --preset default && cmake --build --preset default`)
#   bash tests/bench/all.sh quick      shorter runs
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mode="${1:-full}"
iterations=60
[ "$mode" = quick ] && iterations=20

# The run's output is kept in build/bench/all.log; each benchmark prints a `verdict:` line per
# budget it measures (tests/bench/verdict.mjs), gathered at the end into one table.
log="$root/build/bench/all.log"
if [ -z "${EDGEQUOTE_BENCH_ALL_INNER:-}" ]; then
  mkdir -p "$root/build/bench"
  set +e
  EDGEQUOTE_BENCH_ALL_INNER=1 bash "$0" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  echo
  echo "# Every budget, as this run measured it (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| budget | measured | |"
  echo "|---|---|---|"
  grep -h '^verdict: ' "$log" | sed -E 's/^verdict: /| /; s/$/ |/'
  exit "$status"
fi

echo "# Payload (gzip, price book excluded; the rep page's critical path: budget 140 KB; prospect build 150 KB)"
# The public build prints its size when it is assembled: make it assemble again.
rm -f build/native/web/site-public.stamp
cmake --build --preset default --target site site-public 2>&1 | grep -E "minify-site: .*site-public" || true
payload=$(node --test tests/browser/payload.test.mjs 2>&1 | grep -E "^# (rep page critical path|  on demand)" | sed 's/^# //' || true)
echo "$payload"
critical=$(echo "$payload" | grep '^rep page critical path' | head -1)
if [ -n "$critical" ]; then
  echo "verdict: rep page critical path ≤ 140 KB gzip | $(echo "$critical" | sed -E 's/^[^:]*: ([0-9.]+ KB) in.*/\1/') | $(echo "$critical" | grep -q ': met)' && echo met || echo MISSED)"
fi
echo
echo "# Native engine and CLI batch repricing (budget: 1,000,000 quote lines/s)"
bash tests/bench/run.sh "$([ "$mode" = quick ] && echo quick || echo full)"
echo
echo "# Reprice after one edit: wasm in Node and headless Chromium, native per quote"
echo "# (budgets: 500 lines ≤ 1 ms p95, 2,000 lines ≤ 4 ms, wasm ≤ 1.5× native, module + book load ≤ 30 ms)"
node tests/node/bench-reprice.mjs "$iterations"
echo
echo "# Every kind of edit in the rep page at 500, 2,000 and 5,000 lines, import and reload"
echo "# (budgets: input to totals drawn 500 lines ≤ 1 ms, 2,000 ≤ 4 ms; first frame ≤ 16 ms at 500, ≤ 33 ms at 2,000)"
node tests/bench/page-edit.mjs "$([ "$mode" = quick ] && echo 5 || echo 20)" "$([ "$mode" = quick ] && echo 500,2000 || echo 500,2000,5000)"
echo
echo "# The rep page's other actions on a large quote: open from the list, duplicate, export, delete, print;"
echo "# a share link at its 200-line cap (budgets: nothing holds input; a link ≤ 200 ms warm)"
node tests/bench/page-actions.mjs "$([ "$mode" = quick ] && echo 3 || echo 5)" "$([ "$mode" = quick ] && echo 500,5000 || echo 500,5000,20000)"
echo
echo "# The competitor comparison (At list elsewhere, edgequote compare): native and wasm, typical and large quotes"
node tests/bench/compare.mjs "$([ "$mode" = quick ] && echo 0.5 || echo 2)"
echo
echo "# Navigation to the first priced total (budget 200 ms)"
node tests/bench/navigation.mjs 15
echo
# The logs (~480 MB for 100,000 records, priced by the CLI; about a minute) are generated once
# into build/bench and reused.
records=100000
[ "$mode" = quick ] && records=20000
logs="build/bench/logs-$records"
echo "# Insights: aggregate $records quote-log records in the browser (budget: 100,000 in < 1 s)"
if [ ! -f "$logs/.complete" ]; then
  rm -rf "$logs"
  node tests/tools/generate-logs.mjs --records "$records" --seed 2026 --out "$logs" >/dev/null
  touch "$logs/.complete"
fi
node tests/browser/bench-insights.mjs "$logs"/*.jsonl
echo
echo "# Price-change impact: $records logged quotes re-priced under a WAF cut (budgets: 100,000 in < 2 s CLI on one core, < 10 s in the browser)"
node tests/bench/impact.mjs "$records"
