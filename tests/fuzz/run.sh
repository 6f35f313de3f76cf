#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in their own build
# folder and runs each for SECONDS on its committed corpus, two at a time.
# New inputs go to a scratch folder, never into tests/fuzz/corpus*.
# Prints executions and crashes per harness; exits non-zero on any crash,
# leak, sanitizer report or oracle violation.
#   tests/fuzz/run.sh SECONDS [HARNESS...]     (default: every harness)
# Environment: FUZZ_BUILD (build folder, default build-fuzz), FUZZ_OUT
# (scratch folder, default $FUZZ_BUILD/runs), FUZZ_PARALLEL (harnesses at
# once, default 2), FUZZ_NICE (nice level, default 0; 19 for long runs on a
# shared machine), FUZZ_TIMEOUT (seconds one input may take, default 60),
# FUZZ_SEED (libFuzzer's -seed, default 1 so that a CI run explores the
# same inputs each time; 0 for a random seed on long runs).
# See tests/fuzz/README.md.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: tests/fuzz/run.sh SECONDS [HARNESS...]" >&2
  exit 2
fi
secs=$1
shift
all=(cache evidence history html import markdown mkdocs plan template tree)
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")
build=${FUZZ_BUILD:-build-fuzz}
out=${FUZZ_OUT:-$build/runs}
parallel=${FUZZ_PARALLEL:-2}
nice_level=${FUZZ_NICE:-0}

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DTD_FUZZ=ON -DTD_WERROR=ON -DBUILD_TESTING=OFF >/dev/null || exit 1
cmake --build "$build" -j"$parallel" >/dev/null || { cmake --build "$build" -j1; exit 1; }

corpus_of() {
  if [ "$1" = plan ]; then echo tests/fuzz/corpus; else echo "tests/fuzz/corpus-$1"; fi
}

# One harness: its log, new finds and crash files in $out/NAME/.
run_one() {
  local h=$1 d="$out/$1" timeout=${FUZZ_TIMEOUT:-60}
  rm -rf "$d"
  mkdir -p "$d/new"
  # detect_leaks: a leak fails the run; halt_on_error: UBSan reports too
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    nice -n "$nice_level" "$build/fuzz_$h" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$d/" "$d/new" "$(corpus_of "$h")" >"$d/log" 2>&1
  echo $? >"$d/rc"
}

start=$(date +%s)
running=0
for h in "${harnesses[@]}"; do
  [ -x "$build/fuzz_$h" ] || { echo "run.sh: no harness fuzz_$h" >&2; exit 2; }
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_one "$h" &
  running=$((running + 1))
done
wait

fail=0
printf '%-10s %12s %8s %7s  %s\n' harness executions exec/s crashes result
for h in "${harnesses[@]}"; do
  d="$out/$h"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log" | tail -1)
  crashes=$(find "$d" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' \) | wc -l)
  rc=$(cat "$d/rc")
  result=ok
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
    result="FAILED (exit $rc): see $d/log"
    fail=1
  fi
  printf '%-10s %12s %8s %7s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "$crashes" "$result"
  if [ "$result" != ok ]; then
    grep -m3 -E 'ERROR|oracle|disagree|rewrite:|failed|SUMMARY' "$d/log" | sed 's/^/    /'
    # the input itself, so that a failed CI log is enough to replay it
    find "$d" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) |
      while read -r f; do
        echo "    input: $f ($(wc -c <"$f") bytes; the first 8 kB in base64, replay with base64 -d):"
        head -c 8192 "$f" | base64 -w 100 | sed 's/^/      /'
      done
  fi
done
echo "run.sh: ${#harnesses[@]} harnesses, ${secs} s each, $(( $(date +%s) - start )) s in all"
exit $fail
