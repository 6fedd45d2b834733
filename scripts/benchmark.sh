#!/usr/bin/env bash
# Sets everything up, builds edgebench (Release) and runs the benchmark's two
# real models on the original photo. The timed `edgebench run` replaces the
# last step once it exists.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
cmake -S . -B build/app -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_TESTS=OFF \
  -DEDGEBENCH_BENCH=OFF >/dev/null
cmake --build build/app --target edgebench -j"$(nproc)"

for model in ssd_mobilenet_v1_0.75_uint8 ssd_mobilenet_v2_uint8; do
  build/app/edgebench inspect "$model" --summary
  build/app/edgebench detect "$model" data/images/fruit.jpg
  echo
done
