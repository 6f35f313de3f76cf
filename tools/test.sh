#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with -Werror, runs
# every test (unit, golden, bad-input, end-to-end), then builds again with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the suite again,
# then runs every fuzz harness for 60 s on its corpus (tests/fuzz/run.sh,
# two at a time; TD_FUZZ_SECONDS changes the time, TD_SKIP_FUZZ=1 skips).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --test
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DTD_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

if [ "${TD_SKIP_SANITIZE:-}" != 1 ]; then
  cmake -S . -B build-asan -DTD_WERROR=ON -DTD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"$jobs")
fi

if [ "${TD_SKIP_FUZZ:-}" != 1 ]; then
  tests/fuzz/run.sh "${TD_FUZZ_SECONDS:-60}"
fi
