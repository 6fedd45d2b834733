#!/usr/bin/env bash
# Sets everything up and runs every test in one optimized build with warnings
# as errors and AddressSanitizer + UndefinedBehaviorSanitizer on, so the
# whole-model cross-checks run under the sanitizers too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
jobs=$(nproc)

echo "== Release build with ASan + UBSan, -Werror =="
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_WERROR=ON \
  -DEDGEBENCH_SANITIZE=ON >/dev/null
cmake --build build/test -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/test --output-on-failure -j"$jobs" --timeout 1200
