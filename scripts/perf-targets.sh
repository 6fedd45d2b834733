#!/usr/bin/env bash
# Measures the fast CPU path's targets in one run on this machine and prints
# them with the verdicts: the single-core FMA peak (bench/fma_peak_bench),
# every model on XNNPACK at 1 and 2 threads (bench/model_bench), TensorFlow
# Lite's own WebAssembly build (SIMD, with its XNNPACK delegate) on the two
# real uint8 files at 1 thread (tests/oracle/tflite_oracle.mjs --runs), and
# the share of CONCATENATION + post-processing from `edgebench run --profile`.
# Everything lands in build/bench/perf/ (JSON); bench/perf_targets.mjs reads it.
# Takes about 3 minutes. Run it on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/setup.sh
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_TESTS=OFF \
  -DEDGEBENCH_BENCH=ON >/dev/null
cmake --build build/bench --target edgebench fma_peak_bench model_bench -j"$(nproc)"
out=build/bench/perf
rm -rf "$out" && mkdir -p "$out"

echo "== FMA peak, one core"
build/bench/bench/fma_peak_bench --benchmark_out="$out/fma.json" --benchmark_out_format=json
echo "== models on XNNPACK, 1 and 2 threads"
build/bench/bench/model_bench --benchmark_filter=xnnpack --benchmark_min_time=2 \
  --benchmark_out="$out/models.json" --benchmark_out_format=json
echo "== TensorFlow Lite WebAssembly, 1 thread"
head -c 270000 /dev/urandom >"$out/input.bin"  # 300x300x3 bytes, as model_bench feeds
for model in data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite \
  cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite; do
  node tests/oracle/tflite_oracle.mjs --model "$model" --input "$out/input.bin" --threads 1 \
    --runs 200 --outdir "$out/wasm_$(basename "$model" .tflite)"
done
echo "== per-op profile, 1 thread"
build/bench/edgebench run --runs 200 --threads 1 --profile 200 --quiet --no-save \
  --json "$out/profile.json" >/dev/null
node bench/perf_targets.mjs "$out"
