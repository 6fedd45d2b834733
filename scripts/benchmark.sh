#!/usr/bin/env bash
# Sets everything up, builds edgebench (Release) and runs the benchmark as
# the original did: the two real uint8 models, then their float32 zoo twins,
# on the original photo, first run discarded, mean of 10,000 runs each.
# Extra arguments go to `edgebench run` (e.g. --runs 1000 --json out.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
cmake -S . -B build/app -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_TESTS=OFF \
  -DEDGEBENCH_BENCH=OFF >/dev/null
cmake --build build/app --target edgebench -j"$(nproc)"
exec build/app/edgebench run "$@"
