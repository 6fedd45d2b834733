// fruit.jpg (3888x2916) to the detectors' 300x300 input, two ways:
//   full:   full-size decode, then an exact area reduction;
//   scaled: libjpeg DCT-domain 1/8 decode (486x365), then bilinear.
// The file is read once; only decode + resize are timed.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "image/file_bytes.h"
#include "image/jpeg_decoder.h"
#include "image/resize.h"

namespace edgebench::image {
namespace {

constexpr int kModelSize = 300;

const std::vector<uint8_t>& FruitBytes() {
  static const std::vector<uint8_t> bytes = [] {
    auto result = ReadFileBytes(std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/fruit.jpg");
    return result.ok() ? std::move(result).value() : std::vector<uint8_t>();
  }();
  return bytes;
}

void DecodeAndResize(benchmark::State& state, const DecodeOptions& options, ResizeMethod method) {
  const auto& bytes = FruitBytes();
  if (bytes.empty()) {
    state.SkipWithError("cannot read data/images/fruit.jpg");
    return;
  }
  for (auto _ : state) {
    auto decoded = DecodeJpeg(bytes.data(), bytes.size(), "fruit.jpg", options);
    if (!decoded.ok()) {
      state.SkipWithError(decoded.status().message().c_str());
      return;
    }
    auto resized = Resize(*decoded, kModelSize, kModelSize, method);
    benchmark::DoNotOptimize(resized->pixels.data());
  }
}

void BM_FullDecodeAreaResize(benchmark::State& state) {
  DecodeAndResize(state, DecodeOptions{}, ResizeMethod::kArea);
}

void BM_FullDecodeBilinearResize(benchmark::State& state) {
  DecodeAndResize(state, DecodeOptions{}, ResizeMethod::kBilinear);
}

void BM_DctScaledDecodeResize(benchmark::State& state) {
  DecodeOptions options;
  options.target_width = kModelSize;
  options.target_height = kModelSize;
  DecodeAndResize(state, options, ResizeMethod::kAuto);
}

BENCHMARK(BM_FullDecodeAreaResize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullDecodeBilinearResize)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DctScaledDecodeResize)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edgebench::image

BENCHMARK_MAIN();
