// Whole detectors on the XNNPACK backend against the reference kernels, on
// the same input: the zoo's four models (two architectures, float32 and
// uint8, synthetic weights, random input) and the two real uint8 detectors
// on the benchmark's photo. Compared: the post-processing op's raw inputs
// (box encodings and class scores) and the final detections.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "backend_checker.h"
#include "detect/detections.h"
#include "image/decode.h"
#include "image/tensor_input.h"
#include "runtime/interpreter.h"
#include "tflite/reader.h"
#include "zoo/zoo.h"

namespace edgebench::testing {
namespace {

using graph::DataType;

// What is asserted, from measurements (printed by each test):
//   float32 zoo: raw outputs within 5e-4 of max(|ref|, 1) (measured 8e-5:
//     60+ layers of sums in another order) and all detections identical in
//     order.
//   uint8 real detectors on the photo: every op alone is within one unit
//     (EachDelegatedOpAloneWithinOneUnit); through 60-100 ops those units
//     travel: raw outputs measured max 5 (v1) and 21 (v2) units, mean 0.23
//     and 0.62; asserted max 32, mean 1. Detections scoring >= 0.5 have a
//     twin: same class, score within 0.03, box corners within 0.03.
//   uint8 zoo (synthetic weights): the network amplifies rounding noise;
//     the reference itself moves by up to 49-82 units (mean 5-6) when 1% of
//     its input pixels change by one unit. Asserted: the backend's
//     difference is at most 1.5x that sensitivity (max and mean).
int PostProcessOp(const graph::Graph& g) {
  for (size_t i = 0; i < g.ops.size(); ++i) {
    if (g.ops[i].type == graph::OpType::kDetectionPostProcess) return static_cast<int>(i);
  }
  return -1;
}

bool SameDetection(const detect::Detection& x, const detect::Detection& y) {
  return x.class_index == y.class_index && std::abs(x.score - y.score) <= 0.03f &&
         std::abs(x.box.ymin - y.box.ymin) <= 0.03f && std::abs(x.box.xmin - y.box.xmin) <= 0.03f &&
         std::abs(x.box.ymax - y.box.ymax) <= 0.03f && std::abs(x.box.xmax - y.box.xmax) <= 0.03f;
}

// Every detection scoring at least kConfident on one side has a twin on the
// other. Below that, near-tied scores (a unit apart) may swap places or drop
// out of the top 10, which is rounding, not a wrong answer.
constexpr float kConfident = 0.5f;

void ExpectConfidentTwins(const std::vector<detect::Detection>& from,
                          const std::vector<detect::Detection>& to, const char* direction) {
  for (const detect::Detection& x : from) {
    if (x.score < kConfident) continue;
    bool found = false;
    for (const detect::Detection& y : to) found |= SameDetection(x, y);
    EXPECT_TRUE(found) << direction << ": class " << x.class_index << " score " << x.score
                       << " box " << x.box.ymin << "," << x.box.xmin << "," << x.box.ymax << ","
                       << x.box.xmax << " has no twin";
  }
}

enum class DetectionCheck { kIdenticalInOrder, kConfidentTwins, kNone };

// Returns how many leading detections agree one to one.
int CompareDetections(const runtime::Interpreter& ref, const runtime::Interpreter& got,
                      DetectionCheck check) {
  auto a = detect::ReadDetections(ref);
  auto b = detect::ReadDetections(got);
  EXPECT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(b.ok()) << b.status().message();
  if (!a.ok() || !b.ok()) return 0;
  if (check == DetectionCheck::kConfidentTwins) {
    ExpectConfidentTwins(*a, *b, "reference -> xnnpack");
    ExpectConfidentTwins(*b, *a, "xnnpack -> reference");
  }
  int identical = 0;  // leading detections that agree one to one
  while (identical < static_cast<int>(std::min(a->size(), b->size())) &&
         SameDetection((*a)[identical], (*b)[identical])) {
    ++identical;
  }
  if (check == DetectionCheck::kIdenticalInOrder) {
    EXPECT_EQ(a->size(), b->size());
    EXPECT_EQ(identical, static_cast<int>(a->size()));
  }
  return identical;
}

struct ModelExpectation {
  Tolerance raw;
  double max_mean_units = 0.0;  // uint8: mean |difference| of the raw outputs
  DetectionCheck detections = DetectionCheck::kIdenticalInOrder;
};

// The reference's own sensitivity: raw outputs of `reference` against a
// second reference run whose input has every 97th byte one unit higher.
Difference NoiseSensitivity(const graph::Graph& g, runtime::Interpreter& reference, int post) {
  auto nudged = runtime::Interpreter::Create(g);
  EXPECT_TRUE(nudged.ok());
  if (!nudged.ok()) return {};
  CopyInputs(reference, **nudged);
  uint8_t* in = (*nudged)->input_data(0);
  for (size_t k = 0; k < (*nudged)->input_tensor(0).byte_size(); k += 97) {
    in[k] = in[k] == 255 ? 254 : in[k] + 1;
  }
  (*nudged)->Invoke();
  Difference worst;
  for (int position : {0, 1}) {
    const Difference d =
        CompareTensor(reference, **nudged, g.ops[post].inputs[position], Tolerance{0, 255});
    worst.units = std::max(worst.units, d.units);
    worst.mean_units = std::max(worst.mean_units, d.mean_units);
  }
  return worst;
}

// Runs `g` on the reference kernels and on XNNPACK with 1 and 2 threads.
// `input` holds the input tensor's bytes (empty: random from a fixed seed).
// `expect` null: uint8 judged against NoiseSensitivity.
void CheckModel(const std::string& label, const graph::Graph& g, std::vector<uint8_t> input,
                const ModelExpectation* expect) {
  SCOPED_TRACE(label);
  const int post = PostProcessOp(g);
  ASSERT_GE(post, 0);
  auto reference = runtime::Interpreter::Create(g);
  ASSERT_TRUE(reference.ok()) << reference.status().message();
  if (input.empty()) {
    FillRandomInputs(**reference, 2024);
  } else {
    ASSERT_EQ(input.size(), (*reference)->input_tensor(0).byte_size());
    std::memcpy((*reference)->input_data(0), input.data(), input.size());
  }
  (*reference)->Invoke();
  ModelExpectation noise_bound{Tolerance{0, 255}, 0.0, DetectionCheck::kNone};
  if (expect == nullptr) {
    const Difference noise = NoiseSensitivity(g, **reference, post);
    std::printf("%s: reference vs reference with 1%% of input bytes +1: max %d units, mean %.3f\n",
                label.c_str(), noise.units, noise.mean_units);
    noise_bound.raw.units = static_cast<int>(1.5 * noise.units);
    noise_bound.max_mean_units = 1.5 * noise.mean_units;
    expect = &noise_bound;
  }
  for (int threads : {1, 2}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    auto fast = runtime::Interpreter::Create(g, {"xnnpack", threads});
    ASSERT_TRUE(fast.ok()) << fast.status().message();
    size_t delegated = 0;
    for (size_t i = 0; i < g.ops.size(); ++i) {
      const std::string backend = (*fast)->op_backend(i);
      delegated += backend == "xnnpack" || backend == "int8";
    }
    // Every conv of these detectors must have been delegated (uint8 1x1
    // convs at 1 thread to the 8-bit kernels, backends/int8, where this CPU's
    // best variant replaces XNNPACK).
    EXPECT_GT(delegated, g.ops.size() / 2);
    CopyInputs(**reference, **fast);
    (*fast)->Invoke();
    Difference worst;
    for (int position : {0, 1}) {
      const Difference d =
          CompareTensor(**reference, **fast, g.ops[post].inputs[position], expect->raw);
      worst.float_relative = std::max(worst.float_relative, d.float_relative);
      worst.units = std::max(worst.units, d.units);
      worst.mean_units = std::max(worst.mean_units, d.mean_units);
    }
    std::printf(
        "%s threads %d: %zu of %zu ops on xnnpack or int8, %zu partitions; raw outputs: max "
        "float error %.3g, max %d units, mean %.3f units\n",
        label.c_str(), threads, delegated, g.ops.size(), (*fast)->partitions().size(),
        worst.float_relative, worst.units, worst.mean_units);
    if (expect->max_mean_units > 0.0) {
      EXPECT_LE(worst.mean_units, expect->max_mean_units);
    }
    const int identical = CompareDetections(**reference, **fast, expect->detections);
    std::printf("  detections identical in order: first %d\n", identical);
  }
}

class XnnpackZooTest : public ::testing::TestWithParam<DataType> {};

TEST_P(XnnpackZooTest, MatchesReference) {
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    auto g = zoo::BuildZooModel(model.name, GetParam(), 1);
    ASSERT_TRUE(g.ok()) << g.status().message();
    const ModelExpectation float_expectation{Tolerance{5e-4, 0}, 0.0,
                                             DetectionCheck::kIdenticalInOrder};
    CheckModel(model.name + " " + graph::DataTypeName(GetParam()), *g, {},
               GetParam() == DataType::kFloat32 ? &float_expectation : nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(Types, XnnpackZooTest,
                         ::testing::Values(DataType::kFloat32, DataType::kUInt8),
                         [](const auto& param_info) {
                           return graph::DataTypeName(param_info.param);
                         });

TEST(XnnpackRealModels, MatchReferenceOnThePhoto) {
  const std::string root = EDGEBENCH_SOURCE_DIR;
  auto photo = image::LoadImageResized(root + "/data/images/fruit.jpg", 300, 300);
  ASSERT_TRUE(photo.ok()) << photo.status().message();
  for (const std::string path : {"data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
                                 "cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite"}) {
    auto g = tflite::ReadModelFile(root + "/" + path);
    if (!g.ok() && path.starts_with("cache/")) {
      GTEST_SKIP() << path << " not fetched (the setup step downloads it)";
    }
    ASSERT_TRUE(g.ok()) << g.status().message();
    auto input = image::ImageToInputTensor(*photo, g->tensors[g->inputs[0]]);
    ASSERT_TRUE(input.ok()) << input.status().message();
    const ModelExpectation real{Tolerance{0, 32}, 1.0, DetectionCheck::kConfidentTwins};
    CheckModel(path, *g, std::move(input).value(), &real);
  }
}

// One op of a model, alone: the model's tensors (constants shared), that op,
// its non-constant inputs as graph inputs.
graph::Graph SingleOpOf(const graph::Graph& g, int op_index) {
  graph::Graph single;
  single.tensors = g.tensors;
  single.storage = g.storage;
  single.ops = {g.ops[op_index]};
  for (int t : g.ops[op_index].inputs) {
    if (t != graph::kNoTensor && !g.tensors[t].is_constant()) single.inputs.push_back(t);
  }
  single.outputs = g.ops[op_index].outputs;
  return single;
}

// Every op XNNPACK runs in the real detectors, alone on random inputs, is
// within one unit of the reference: what a whole model accumulates comes
// from these one-unit steps, not from a wrong lowering.
TEST(XnnpackRealModels, EachDelegatedOpAloneWithinOneUnit) {
  const std::string root = EDGEBENCH_SOURCE_DIR;
  for (const std::string path : {"data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
                                 "cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite"}) {
    auto g = tflite::ReadModelFile(root + "/" + path);
    if (!g.ok() && path.starts_with("cache/")) GTEST_SKIP() << path << " not fetched";
    ASSERT_TRUE(g.ok()) << g.status().message();
    auto whole = runtime::Interpreter::Create(*g, {"xnnpack", 1});
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    int worst = 0;
    for (size_t i = 0; i < g->ops.size(); ++i) {
      if (std::string((*whole)->op_backend(i)) != "xnnpack") continue;
      SCOPED_TRACE(path + " " + graph::DescribeOp(*g, static_cast<int>(i)));
      const graph::Graph single = SingleOpOf((*whole)->graph(), static_cast<int>(i));
      worst = std::max(worst, CompareOutputs(single, "xnnpack", 1, 7 + i, Tolerance{0, 1}).units);
      if (HasFailure()) return;
    }
    std::printf("%s: every delegated op alone within %d unit(s)\n", path.c_str(), worst);
  }
}

TEST(XnnpackZooUint8, EachDelegatedOpAloneWithinOneUnit) {
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    auto g = zoo::BuildZooModel(model.name, DataType::kUInt8, 1);
    ASSERT_TRUE(g.ok()) << g.status().message();
    auto whole = runtime::Interpreter::Create(*g, {"xnnpack", 1});
    ASSERT_TRUE(whole.ok()) << whole.status().message();
    int worst = 0;
    for (size_t i = 0; i < g->ops.size(); ++i) {
      if (std::string((*whole)->op_backend(i)) != "xnnpack") continue;
      SCOPED_TRACE(model.name + " " + graph::DescribeOp(*g, static_cast<int>(i)));
      const graph::Graph single = SingleOpOf((*whole)->graph(), static_cast<int>(i));
      worst = std::max(worst, CompareOutputs(single, "xnnpack", 1, 7 + i, Tolerance{0, 1}).units);
      if (HasFailure()) return;
    }
    std::printf("%s uint8: every delegated op alone within %d unit(s)\n", model.name.c_str(),
                worst);
  }
}

}  // namespace
}  // namespace edgebench::testing
