#include "support/runtime_agreement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "bench/benchmark_model.h"
#include "bench/context.h"
#include "bench/model_catalog.h"
#include "image/decode.h"
#include "runtimes/registry.h"

namespace edgebench::testing {

std::string PhotoPath() { return std::string(EDGEBENCH_SOURCE_DIR) + "/data/images/fruit.jpg"; }

std::unique_ptr<runtime::Runtime> RunOnPhoto(Result<std::unique_ptr<runtime::Runtime>> opened) {
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  if (!opened.ok()) return nullptr;
  std::unique_ptr<runtime::Runtime> runtime = std::move(*opened);
  const graph::Shape& shape = runtime->inputs()[0].shape;
  const auto photo = image::LoadImageResized(PhotoPath(), shape[2], shape[1]);
  EXPECT_TRUE(photo.ok());
  const std::span<uint8_t> input = runtime->input_bytes(0);
  if (runtime->inputs()[0].type == graph::DataType::kFloat32) {
    // The float twins take pixels scaled to [-1, 1].
    std::vector<float> scaled;
    for (uint8_t p : photo->pixels) scaled.push_back((p - 127.5f) / 127.5f);
    EXPECT_EQ(input.size(), scaled.size() * sizeof(float));
    std::memcpy(input.data(), scaled.data(), input.size());
  } else {
    EXPECT_EQ(input.size(), photo->pixels.size());
    std::copy(photo->pixels.begin(), photo->pixels.end(), input.begin());
  }
  const Status status = runtime->Invoke();
  EXPECT_TRUE(status.ok()) << status.message();
  return runtime;
}

void ExpectFloatOutputsAgree(const std::string& model_name, const std::string& runtime,
                             const std::string& backend, float relative_bound) {
  const auto model = bench::LoadModel(model_name);
  ASSERT_TRUE(model.ok()) << model.status().message();
  runtime::RuntimeOptions options;
  options.network_only = true;
  options.backend = "reference";
  const auto reference = RunOnPhoto(runtime::FindRuntime("edgebench")->open(model->graph, options));
  options.backend = backend;
  const auto tested = RunOnPhoto(runtime::FindRuntime(runtime)->open(model->graph, options));
  ASSERT_TRUE(reference && tested);
  ASSERT_EQ(tested->outputs().size(), reference->outputs().size());
  for (size_t i = 0; i < reference->outputs().size(); ++i) {
    ASSERT_EQ(reference->outputs()[i].type, graph::DataType::kFloat32);
    const size_t n = reference->outputs()[i].byte_size / sizeof(float);
    std::vector<float> a(n), b(n);
    std::memcpy(a.data(), reference->output_bytes(i).data(), n * sizeof(float));
    std::memcpy(b.data(), tested->output_bytes(i).data(), n * sizeof(float));
    float largest = 0, worst = 0;
    for (size_t k = 0; k < n; ++k) {
      largest = std::max(largest, std::abs(a[k]));
      worst = std::max(worst, std::abs(a[k] - b[k]));
    }
    std::printf("%s on %s, %s: max difference %g of largest %g (relative %g)\n", model_name.c_str(),
                runtime.c_str(), reference->outputs()[i].name.c_str(), worst, largest,
                worst / largest);
    EXPECT_LE(worst, relative_bound * largest) << reference->outputs()[i].name;
  }
}

std::set<std::string> LabelsAbove(const std::string& runtime, const std::string& backend,
                                  const std::string& model) {
  bench::BenchmarkSettings settings;
  settings.runtime = runtime;
  settings.backend = backend;
  settings.runs = 1;
  settings.threads = 1;
  bench::BenchmarkEnvironment environment;
  environment.image = bench::ReadImageFacts(PhotoPath()).value();
  environment.context = bench::CollectContext();
  environment.labels =
      detect::LabelMap::ReadFile(std::string(EDGEBENCH_SOURCE_DIR) + "/data/models/coco_labels.txt")
          .value();
  const auto record = bench::ModelBenchmark(settings, environment).Run(model);
  EXPECT_TRUE(record.ok()) << record.status().message();
  std::set<std::string> labels;
  if (!record.ok()) return labels;
  EXPECT_EQ(record->runtime.name, runtime);
  for (const bench::RecordDetection& d : record->detections) {
    if (d.score > 0.5f) labels.insert(d.label);
  }
  return labels;
}

}  // namespace edgebench::testing
