// What the sysmon sampler costs the measured thread: the same fixed work
// timed with no sampler, and with one reading every 100 ms and every 10 ms.
// Two workloads: an inference of the bundled SSD MobileNet v1 uint8 model
// on XNNPACK (all cores, as `edgebench run` does by default), and a fixed
// single-thread compute loop. The sampler reads this machine's sensors
// (root 0) or the fake Raspberry Pi 4 tree's seven sensors (root 1), which
// is the file-read load of a real Pi.
//
//   sampler_overhead_bench --benchmark_repetitions=5 --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "runtime/interpreter.h"
#include "sysmon/sampler.h"
#include "tflite/reader.h"

namespace edgebench::sysmon {
namespace {

std::string SensorRoot(int64_t which) {
  return which == 0 ? "/" : std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/sysfs/rpi4";
}

// Starts a sampler unless the interval is 0; stops it when destroyed.
std::unique_ptr<Sampler> MaybeSampler(const benchmark::State& state) {
  const int64_t interval_ms = state.range(0);
  if (interval_ms == 0) return nullptr;
  return std::make_unique<Sampler>(DiscoverSensors(SensorRoot(state.range(1))),
                                   std::chrono::milliseconds(interval_ms));
}

runtime::Interpreter* V1Interpreter() {
  static const std::unique_ptr<runtime::Interpreter> interpreter = [] {
    auto graph =
        tflite::ReadModelFile(std::string(EDGEBENCH_SOURCE_DIR) +
                              "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite");
    if (!graph.ok()) return std::unique_ptr<runtime::Interpreter>();
    const int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto created = runtime::Interpreter::Create(std::move(graph).value(),
                                                runtime::InterpreterOptions{"xnnpack", threads});
    return created.ok() ? std::move(created).value() : std::unique_ptr<runtime::Interpreter>();
  }();
  return interpreter.get();
}

void BM_Inference(benchmark::State& state) {
  runtime::Interpreter* interpreter = V1Interpreter();
  if (interpreter == nullptr) {
    state.SkipWithError("cannot load data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite");
    return;
  }
  interpreter->Invoke();  // warm-up, outside the timing
  const auto sampler = MaybeSampler(state);
  for (auto _ : state) interpreter->Invoke();
}

// About 2 ms of dependent floating-point work on one thread.
void BM_ComputeLoop(benchmark::State& state) {
  std::vector<float> values(1 << 16);
  std::iota(values.begin(), values.end(), 1.0f);
  const auto sampler = MaybeSampler(state);
  for (auto _ : state) {
    float sum = 0;
    for (int pass = 0; pass < 32; ++pass) {
      for (float v : values) sum = sum * 0.999f + v;
    }
    benchmark::DoNotOptimize(sum);
  }
}

// Arguments: sampler interval in ms (0: no sampler), sensor root (0: this
// machine, 1: fake Pi 4 tree).
void SamplerArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"sample_ms", "pi_tree"});
  for (int64_t root : {0, 1}) {
    for (int64_t interval : {0, 100, 10}) {
      if (interval == 0 && root == 1) continue;  // no sampler: the root is irrelevant
      b->Args({interval, root});
    }
  }
}

BENCHMARK(BM_Inference)->Apply(SamplerArgs)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ComputeLoop)->Apply(SamplerArgs)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace edgebench::sysmon

BENCHMARK_MAIN();
