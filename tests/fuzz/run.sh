#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (clang + ASan + UBSan) in build/fuzz.
#
#   tests/fuzz/run.sh build                 configure and build build/fuzz
#   tests/fuzz/run.sh smoke [SECONDS]       build, then each target for SECONDS (default 5) from its seeds
#   tests/fuzz/run.sh run TARGET [SECONDS]  one target (default 600 s), niced, one job
#   tests/fuzz/run.sh all [SECONDS]         every target in turn (default 600 s each)
#   tests/fuzz/run.sh merge TARGET          minimize build/fuzz/corpus/TARGET into tests/fuzz/corpus/TARGET
#
# Targets: pricebook quote public writer decimal insights. The working corpus grows in
# build/fuzz/corpus/TARGET (seeded from tests/fuzz/seeds, tests/fuzz/corpus and the books and
# examples in pricebooks/); crashes land in build/fuzz/artifacts/; logs in build/fuzz/logs/.
# Exit status: 0 clean, 1 a finding or a failed build, 77 clang/libFuzzer not installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${EDGEQUOTE_FUZZ_BUILD:-$root/build/fuzz}"
targets=(pricebook quote public writer decimal insights)

need_clang() {
  if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found (cmake/setup.sh installs clang and libclang-rt-14-dev); skipping" >&2
    exit 77
  fi
  if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
      clang++ -x c++ -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
    echo "fuzz: clang++ cannot link -fsanitize=fuzzer (install libclang-rt-14-dev); skipping" >&2
    exit 77
  fi
}

build_all() {
  need_clang
  local flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link"
  flags+=" -fno-sanitize-recover=all -D_GLIBCXX_ASSERTIONS"
  mkdir -p "$build"
  (  # one build at a time (a smoke test may start while a long run rebuilds)
    flock 9
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_CXX_FLAGS="$flags" >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
    nice -n 19 cmake --build "$build" -j "${EDGEQUOTE_FUZZ_JOBS:-2}" >"$build/build.log" 2>&1 ||
      { tail -n 40 "$build/build.log" >&2; exit 1; }
  ) 9>"$build/.lock"
}

seeds_for() {
  local target=$1
  echo "$here/seeds/$target"
  [ -d "$here/corpus/$target" ] && echo "$here/corpus/$target"
  case $target in
    pricebook | public)
      echo "$here/books"
      [ -d "$root/pricebooks/test-books" ] && echo "$root/pricebooks/test-books"
      for f in "$root"/pricebooks/*.json; do [ -f "$f" ] && echo "$f"; done
      ;;
    quote) [ -d "$root/pricebooks/examples" ] && echo "$root/pricebooks/examples" ;;
  esac
  return 0
}

# libFuzzer takes files or directories after the working corpus; single files go in a folder.
seed_dirs() {
  local target=$1 extra="$build/seeds-$1"
  rm -rf "$extra" && mkdir -p "$extra"
  while read -r path; do
    if [ -d "$path" ]; then echo "$path"; else cp "$path" "$extra/"; fi
  done < <(seeds_for "$target")
  echo "$extra"
}

# run_target TARGET SECONDS [smoke]: a smoke run starts from the seeds alone, in a scratch
# corpus, so it stays short however large the long runs' corpus has grown.
run_target() {
  local target=$1 seconds=$2 smoke=${3:-}
  local corpus="$build/corpus/$target"
  if [ -n "$smoke" ]; then corpus="$build/smoke-corpus/$target"; rm -rf "$corpus"; fi
  mkdir -p "$corpus" "$build/artifacts" "$build/logs"
  local dict=()
  case $target in pricebook | quote | public | insights) dict=(-dict="$here/json.dict") ;; esac
  local log="$build/logs/$target${smoke:+-smoke}.log"
  echo "fuzz: $target for ${seconds}s (log: ${log#$root/})"
  local status=0
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    nice -n 19 "$build/fuzz_$target" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
      "$corpus" $(seed_dirs "$target") >"$log" 2>&1 || status=$?
  { grep -E '^#[0-9]+.*cov:' "$log" | tail -n 1; grep -E '^(stat::|Done)' "$log"; } | sed "s/^/fuzz: $target: /" || true
  if [ $status -ne 0 ]; then
    echo "fuzz: $target FOUND SOMETHING (exit $status); the log ends:" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
}

case "${1:-}" in
  build) build_all ;;
  smoke)
    build_all
    failed=0
    for t in "${targets[@]}"; do run_target "$t" "${2:-5}" smoke || failed=1; done
    exit $failed
    ;;
  run)
    [ -n "${2:-}" ] || { echo "usage: $0 run TARGET [SECONDS]" >&2; exit 1; }
    build_all
    run_target "$2" "${3:-600}"
    ;;
  all)
    build_all
    failed=0
    for t in "${targets[@]}"; do run_target "$t" "${2:-600}" || failed=1; done
    exit $failed
    ;;
  merge)
    [ -n "${2:-}" ] || { echo "usage: $0 merge TARGET" >&2; exit 1; }
    build_all
    mkdir -p "$here/corpus/$2"
    nice -n 19 "$build/fuzz_$2" -merge=1 -max_len=65536 "$here/corpus/$2" "$build/corpus/$2" 2>&1 | tail -n 3
    ;;
  *) sed -n '2,17p' "$0" >&2; exit 1 ;;
esac
