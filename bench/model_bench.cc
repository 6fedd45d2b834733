// Whole-model latency of the benchmark's networks on each backend: the zoo
// models (float32 and uint8, synthetic weights) and the two real uint8
// files, at 1 and 2 threads. Reports time per inference and effective
// GFLOP/s (2 x MACs per inference / time), to be read against
// fma_peak_bench's FLOPS. The reference kernels run on one thread only, so
// they are timed once, at 1 thread.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "graph/model_stats.h"
#include "runtime/interpreter.h"
#include "tflite/reader.h"
#include "zoo/zoo.h"

namespace {

using edgebench::graph::DataType;
using edgebench::graph::Graph;

constexpr uint64_t kZooSeed = 1;  // the CLI's zoo seed

struct ModelSource {
  const char* name;       // as the CLI names it
  const char* file;       // real model, relative to the source tree; null for zoo
  const char* zoo_model;  // zoo architecture
  DataType type;
};

const ModelSource kModels[] = {
    {"zoo:ssd_mobilenet_v1_0.75_float32", nullptr, "ssd_mobilenet_v1_0.75", DataType::kFloat32},
    {"zoo:ssd_mobilenet_v1_0.75_uint8", nullptr, "ssd_mobilenet_v1_0.75", DataType::kUInt8},
    {"zoo:ssd_mobilenet_v2_float32", nullptr, "ssd_mobilenet_v2", DataType::kFloat32},
    {"zoo:ssd_mobilenet_v2_uint8", nullptr, "ssd_mobilenet_v2", DataType::kUInt8},
    {"ssd_mobilenet_v1_0.75_uint8", "data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
     nullptr, DataType::kUInt8},
    {"ssd_mobilenet_v2_uint8", "cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite",
     nullptr, DataType::kUInt8},
};

// Building a zoo model takes seconds: each is built once per process.
const Graph* LoadGraph(const ModelSource& source, std::string* error) {
  static std::map<std::string, std::unique_ptr<Graph>> cache;
  auto& slot = cache[source.name];
  if (slot == nullptr) {
    auto graph = source.file != nullptr
                     ? edgebench::tflite::ReadModelFile(std::string(EDGEBENCH_SOURCE_DIR) + "/" +
                                                        source.file)
                     : edgebench::zoo::BuildZooModel(source.zoo_model, source.type, kZooSeed);
    if (!graph.ok()) {
      *error = graph.status().message();
      cache.erase(source.name);
      return nullptr;
    }
    slot = std::make_unique<Graph>(std::move(graph).value());
  }
  return slot.get();
}

void FillInput(edgebench::runtime::Interpreter& interpreter) {
  std::mt19937 rng(42);
  uint8_t* data = interpreter.input_data(0);
  const size_t bytes = interpreter.input_tensor(0).byte_size();
  if (interpreter.input_tensor(0).type == DataType::kFloat32) {
    std::uniform_real_distribution<float> pixel(-1.0f, 1.0f);
    auto* values = reinterpret_cast<float*>(data);
    for (size_t i = 0; i < bytes / sizeof(float); ++i) values[i] = pixel(rng);
  } else {
    for (size_t i = 0; i < bytes; ++i) data[i] = static_cast<uint8_t>(rng());
  }
}

void BM_Model(benchmark::State& state, const ModelSource& source, const std::string& backend) {
  std::string error;
  const Graph* graph = LoadGraph(source, &error);
  if (graph == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  auto interpreter = edgebench::runtime::Interpreter::Create(*graph, {backend, threads});
  if (!interpreter.ok()) {
    state.SkipWithError(interpreter.status().message().c_str());
    return;
  }
  FillInput(**interpreter);
  (*interpreter)->Invoke();  // the first run pays one-time costs
  for (auto _ : state) (*interpreter)->Invoke();
  const double flops = 2.0 * static_cast<double>(edgebench::graph::TotalMacs(*graph));
  state.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate,
                                               benchmark::Counter::kIs1000);
}

void RegisterAll() {
  for (const ModelSource& source : kModels) {
    const bool real = source.file != nullptr;
    if (real && !std::filesystem::exists(std::string(EDGEBENCH_SOURCE_DIR) + "/" + source.file)) {
      continue;  // v2 comes from scripts/fetch-models.sh
    }
    benchmark::RegisterBenchmark((std::string(source.name) + "/xnnpack").c_str(), BM_Model, source,
                                 std::string("xnnpack"))
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    if (!real) {
      benchmark::RegisterBenchmark((std::string(source.name) + "/reference").c_str(), BM_Model,
                                   source, std::string("reference"))
          ->ArgName("threads")
          ->Arg(1)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime()
          ->MinTime(2.0);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
