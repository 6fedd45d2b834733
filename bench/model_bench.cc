// Whole-model latency of the benchmark's networks on every available
// runtime and backend of the registry: the catalog's models (the two real
// uint8 files, and the zoo's float32 and uint8 twins with synthetic
// weights), at 1 and 2 threads. Reports time per inference and effective
// GFLOP/s (2 x MACs per inference / time), to be read against
// fma_peak_bench's FLOPS. Backends that run on one thread (the reference
// kernels) are timed once, at 1 thread, and on the zoo models only.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <string>

#include "bench/model_catalog.h"
#include "graph/model_stats.h"
#include "runtimes/registry.h"

namespace {

using edgebench::graph::DataType;
using edgebench::graph::Graph;
namespace runtime = edgebench::runtime;

// Building a zoo model takes seconds: each is loaded once per process.
const Graph* LoadGraph(const std::string& name, std::string* error) {
  static std::map<std::string, std::unique_ptr<Graph>> cache;
  auto& slot = cache[name];
  if (slot == nullptr) {
    auto model = edgebench::bench::LoadModel(name);
    if (!model.ok()) {
      *error = model.status().message();
      cache.erase(name);
      return nullptr;
    }
    slot = std::make_unique<Graph>(std::move(model->graph));
  }
  return slot.get();
}

void FillInput(runtime::Runtime& model) {
  std::mt19937 rng(42);
  const std::span<uint8_t> bytes = model.input_bytes(0);
  if (model.inputs()[0].type == DataType::kFloat32) {
    std::uniform_real_distribution<float> pixel(-1.0f, 1.0f);
    auto* values = reinterpret_cast<float*>(bytes.data());
    for (size_t i = 0; i < bytes.size() / sizeof(float); ++i) values[i] = pixel(rng);
  } else {
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng());
  }
}

void BM_Model(benchmark::State& state, const std::string& model, const runtime::RuntimeEntry* entry,
              const std::string& backend) {
  std::string error;
  const Graph* graph = LoadGraph(model, &error);
  if (graph == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  const int threads = static_cast<int>(state.range(0));
  auto opened = entry->open(*graph, {backend, threads});
  if (!opened.ok()) {
    state.SkipWithError(opened.status().message().c_str());
    return;
  }
  runtime::Runtime& rt = **opened;
  FillInput(rt);
  (void)rt.Invoke();  // the first run pays one-time costs
  for (auto _ : state) {
    if (const auto status = rt.Invoke(); !status.ok()) {
      state.SkipWithError(status.message().c_str());
      break;
    }
  }
  const double flops = 2.0 * static_cast<double>(edgebench::graph::TotalMacs(*graph));
  state.counters["FLOPS"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate,
                                               benchmark::Counter::kIs1000);
}

void RegisterAll() {
  for (const edgebench::bench::CatalogEntry& model : edgebench::bench::CatalogEntries()) {
    std::string error;
    // A real file that is not there (v2 comes from scripts/fetch-models.sh)
    // is left out; loading one is quick.
    if (!model.synthetic && LoadGraph(model.name, &error) == nullptr) continue;
    for (const runtime::RuntimeEntry& entry : runtime::Runtimes()) {
      if (!entry.unavailable_reason().empty()) continue;
      for (const runtime::BackendInfo& backend : entry.backends()) {
        const bool one_thread = backend.max_threads == 1;
        if (one_thread && !model.synthetic) continue;
        auto* b =
            benchmark::RegisterBenchmark((model.name + "/" +
                                          (entry.name == runtime::Runtimes().front().name
                                               ? backend.name
                                               : std::string(entry.name) + ":" + backend.name))
                                             .c_str(),
                                         BM_Model, model.name, &entry, backend.name);
        b->ArgName("threads")->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
        if (one_thread) {
          b->MinTime(2.0);
        } else {
          b->Arg(2);
        }
      }
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
