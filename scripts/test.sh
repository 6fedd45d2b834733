#!/usr/bin/env bash
# Sets everything up and runs every test: a Release build with warnings as
# errors, then the same tests again under AddressSanitizer + UBSan.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
jobs=$(nproc)

echo "== Release build (-Werror) =="
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_WERROR=ON >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs"

echo "== ASan + UBSan build =="
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEDGEBENCH_WERROR=ON \
  -DEDGEBENCH_SANITIZE=ON -DEDGEBENCH_BENCH=OFF >/dev/null
cmake --build build/asan -j"$jobs"
# The whole-model cross-checks (TFLite WebAssembly, Arm NN, the zoo's op-by-op
# comparison) ran above; under the sanitizers they would take most of CI's
# time while exercising the same kernels the unit tests already cover.
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j"$jobs" \
  -E "OracleCrossCheck|OracleOneOp|ArmnnCrossCheck|XnnpackZooTest|XnnpackRealModels|XnnpackZooUint8|^oracle[.]|^zoo[.]"
