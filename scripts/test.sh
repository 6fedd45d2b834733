#!/usr/bin/env bash
# Sets everything up and runs the tests in two stages; a failure in either
# fails the command.
# 1. x86-64: every test in one optimized build with warnings as errors and
#    AddressSanitizer + UndefinedBehaviorSanitizer on, so the whole-model
#    cross-checks run under the sanitizers too.
# 2. On an x86-64 machine, arm64 (Raspberry Pi OS 64-bit): the cross build
#    of what the tests labelled arm64 need (tests/CMakeLists.txt: the
#    architecture-specific ones), run under user-mode QEMU. On an arm64
#    machine stage 1 already runs them natively. armhf is not tested here
#    (README).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
jobs=$(nproc)

echo "== x86-64: Release build with ASan + UBSan, -Werror =="
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_WERROR=ON \
  -DEDGEBENCH_SANITIZE=ON >/dev/null
cmake --build build/test -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/test --output-on-failure -j"$jobs" --timeout 1200

[ "$(uname -m)" = x86_64 ] || exit 0
echo "== arm64: cross build of the arm64 subset, tests under QEMU =="
scripts/cross.sh arm64 arm64_tests
ctest --test-dir build/arm64 -L arm64 --output-on-failure -j"$jobs" --timeout 1200
