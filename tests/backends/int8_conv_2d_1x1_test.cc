// Every GEMM variant this build contains (not only the one this CPU picks)
// against the reference CONV_2D kernel, on 1x1 convolutions at and around
// the tile edges: input channels around the 4-byte group, output channels
// around the 16-channel block and the vector widths, pixel counts around
// the 4-row tile. The results must be equal: the variants keep the exact
// int32 accumulator and requantize with the reference's fixed-point
// rounding. Variants this CPU cannot execute are skipped by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "backends/int8/conv_2d_1x1.h"
#include "backends/int8/int8_kernels.h"
#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "runtime/interpreter.h"
#include "tflite/reader.h"

namespace edgebench::backends::int8 {
namespace {

struct Conv1x1Case {
  int32_t batches = 1;
  int32_t height = 1;
  int32_t width = 1;
  int32_t depth = 1;     // input channels
  int32_t channels = 1;  // output channels
  int32_t input_zero_point = 128;
  int32_t weights_zero_point = 128;
  int32_t output_zero_point = 128;
  graph::Activation activation = graph::Activation::kNone;
  bool bias = true;

  std::string Describe() const {
    return "in " + std::to_string(batches) + "x" + std::to_string(height) + "x" +
           std::to_string(width) + "x" + std::to_string(depth) + " out_c " +
           std::to_string(channels) + " zero points in/w/out " + std::to_string(input_zero_point) +
           "/" + std::to_string(weights_zero_point) + "/" + std::to_string(output_zero_point) +
           " " + graph::ActivationName(activation) + (bias ? "" : " no bias");
  }
};

// Runs the case with `input` and `weights` on the reference kernel and on
// `variant`; returns the largest difference in output steps (0 expected)
// and reports the first differing element.
int MaxStepDifference(const Conv1x1Case& c, const std::vector<uint8_t>& input,
                      const std::vector<uint8_t>& weights, const std::vector<int32_t>& bias,
                      double output_scale, const GemmVariant& variant) {
  const float input_scale = 0.02f;
  const float weights_scale = 0.005f;
  graph::GraphBuilder b;
  const graph::Shape in_shape{c.batches, c.height, c.width, c.depth};
  const graph::Shape out_shape{c.batches, c.height, c.width, c.channels};
  const int in = b.AddTensor("in", graph::DataType::kUInt8, in_shape,
                             {{input_scale}, {c.input_zero_point}, 0});
  const int filter = b.AddConstant("filter", graph::DataType::kUInt8, {c.channels, 1, 1, c.depth},
                                   weights, {{weights_scale}, {c.weights_zero_point}, 0});
  const int bias_tensor = c.bias ? b.AddConstant("bias", graph::DataType::kInt32, {c.channels},
                                                 bias, {{input_scale * weights_scale}, {0}, 0})
                                 : graph::kNoTensor;
  const int out = b.AddTensor("out", graph::DataType::kUInt8, out_shape,
                              {{static_cast<float>(output_scale)}, {c.output_zero_point}, 0});
  b.AddOp(graph::OpType::kConv2D, {in, filter, bias_tensor}, {out},
          graph::Conv2DOptions{graph::Padding::kSame, 1, 1, 1, 1, c.activation});
  b.SetInputs({in});
  b.SetOutputs({out});
  const graph::Graph g = std::move(b).Build();
  EXPECT_TRUE(IsConv2D1x1(g, g.ops[0])) << c.Describe();

  std::vector<uint8_t> expected(graph::NumElements(out_shape), 0);
  std::vector<uint8_t> got(expected.size(), 0);
  std::vector<uint8_t*> pointers(g.tensors.size(), nullptr);
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    pointers[t] = const_cast<uint8_t*>(g.tensors[t].data);
  }
  pointers[in] = const_cast<uint8_t*>(input.data());

  auto reference = kernels::PrepareReference(g, 0);
  auto fast = PrepareConv2D1x1(g, g.ops[0], variant);
  if (!reference.ok() || !fast.ok()) {
    ADD_FAILURE() << c.Describe() << ": " << reference.status().message()
                  << fast.status().message();
    return 255;
  }
  pointers[out] = expected.data();
  (*reference)->Run(kernels::TensorBuffers(pointers));

  pointers[out] = got.data();
  (*fast)->Run(kernels::TensorBuffers(pointers));

  int max_difference = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const int difference = std::abs(int{got[i]} - int{expected[i]});
    if (difference > 0 && max_difference == 0) {
      ADD_FAILURE() << variant.name << ": " << c.Describe() << ": output " << i << " (pixel "
                    << i / c.channels << ", channel " << i % c.channels << ") is " << int{got[i]}
                    << ", the reference gives " << int{expected[i]};
    }
    max_difference = std::max(max_difference, difference);
  }
  return max_difference;
}

// An output scale that spreads random sums over most of the uint8 range:
// a K-term sum of products of values about +-128 spreads as ~5461 sqrt(K).
double RandomDataOutputScale(int32_t depth) {
  return 0.02 * 0.005 * 5461.0 * std::sqrt(static_cast<double>(depth)) / 60.0;
}

class Int8Conv2D1x1Test : public ::testing::TestWithParam<GemmVariant> {
 protected:
  void SetUp() override {
    if (!GetParam().supported()) {
      GTEST_SKIP() << "variant " << GetParam().name << ": this CPU cannot execute it";
    }
  }
};

TEST_P(Int8Conv2D1x1Test, EqualsReferenceAtTileEdges) {
  std::mt19937 rng(20261202u);
  auto random = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int32_t depths[] = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33, 64, 67};
  const int32_t channels[] = {1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33};
  const int32_t pixels[][3] = {{1, 1, 1}, {1, 1, 3}, {1, 2, 3}, {2, 3, 3}, {1, 1, 4}, {1, 3, 5}};
  int max_difference = 0;
  int cases = 0;
  for (int32_t depth : depths) {
    for (int32_t n : channels) {
      const auto& p = pixels[cases % std::size(pixels)];
      Conv1x1Case c{p[0],
                    p[1],
                    p[2],
                    depth,
                    n,
                    random(0, 255),
                    random(0, 255),
                    random(0, 255),
                    static_cast<graph::Activation>(cases % 4),
                    cases % 5 != 0};
      std::vector<uint8_t> input(static_cast<size_t>(c.batches) * c.height * c.width * depth);
      std::vector<uint8_t> weights(static_cast<size_t>(n) * depth);
      std::vector<int32_t> bias(n);
      for (uint8_t& v : input) v = static_cast<uint8_t>(random(0, 255));
      for (uint8_t& v : weights) v = static_cast<uint8_t>(random(0, 255));
      for (int32_t& v : bias) v = random(-3000, 3000);
      max_difference = std::max(
          max_difference,
          MaxStepDifference(c, input, weights, bias, RandomDataOutputScale(depth), GetParam()));
      ++cases;
    }
  }
  EXPECT_EQ(max_difference, 0) << GetParam().name << " over " << cases << " cases";
}

// The products that saturate a 16-bit pair sum (vpmaddubsw): input 255 with
// weights packed as -128 (w = 0) or 127 (w = 255), the extreme zero points,
// and the deepest input the kernels accept (the int32 bound).
TEST_P(Int8Conv2D1x1Test, EqualsReferenceOnExtremeValues) {
  int max_difference = 0;
  for (int32_t depth : {67, kMaxDepth}) {
    for (uint8_t weight : {uint8_t{0}, uint8_t{255}}) {
      for (int32_t zero_point : {0, 255}) {
        Conv1x1Case c{
            1, 1, 5, depth, 17, zero_point, 255 - zero_point, 128, graph::Activation::kNone, true};
        std::vector<uint8_t> input(static_cast<size_t>(5) * depth, 255);
        // Channel 0 alternates 0 and 255 so both signs meet in one pair.
        std::vector<uint8_t> weights(static_cast<size_t>(17) * depth, weight);
        for (int32_t k = 0; k < depth; k += 2) weights[k] = static_cast<uint8_t>(255 - weight);
        const std::vector<int32_t> bias(17, -7);
        // |sum| <= depth * 255 * 255: scaled to +-100 steps.
        const double output_scale = 0.02 * 0.005 * depth * 255.0 * 255.0 / 100.0;
        max_difference = std::max(
            max_difference, MaxStepDifference(c, input, weights, bias, output_scale, GetParam()));
      }
    }
  }
  EXPECT_EQ(max_difference, 0) << GetParam().name;
}

// A real multiplier above 1 (a left shift in the fixed-point multiplier):
// small sums around the zero points, scaled up 3x.
TEST_P(Int8Conv2D1x1Test, EqualsReferenceWithMultiplierAboveOne) {
  std::mt19937 rng(7u);
  auto random = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int max_difference = 0;
  for (int32_t depth : {1, 3, 5}) {
    Conv1x1Case c{1, 2, 3, depth, 19, 100, 150, 128, graph::Activation::kNone, true};
    std::vector<uint8_t> input(static_cast<size_t>(6) * depth);
    std::vector<uint8_t> weights(static_cast<size_t>(19) * depth);
    std::vector<int32_t> bias(19);
    for (uint8_t& v : input) v = static_cast<uint8_t>(100 + random(-3, 3));
    for (uint8_t& v : weights) v = static_cast<uint8_t>(150 + random(-3, 3));
    for (int32_t& v : bias) v = random(-5, 5);
    max_difference = std::max(
        max_difference, MaxStepDifference(c, input, weights, bias, 0.02 * 0.005 / 3.0, GetParam()));
  }
  EXPECT_EQ(max_difference, 0) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Variants, Int8Conv2D1x1Test, ::testing::ValuesIn(GemmVariants()),
                         [](const ::testing::TestParamInfo<GemmVariant>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(Int8GemmVariantsTest, ListsThisArchitecturesVariantsAndAPortableOne) {
  std::vector<std::string> names;
  for (const GemmVariant& variant : GemmVariants()) names.emplace_back(variant.name);
#if defined(__x86_64__)
  const std::vector<std::string> expected{"avx512vnni", "avxvnni", "avx2", "scalar"};
#elif defined(__aarch64__)
  const std::vector<std::string> expected{"neon_dot", "neon", "scalar"};
#else
  const std::vector<std::string> expected{"scalar"};
#endif
  EXPECT_EQ(names, expected);
  EXPECT_TRUE(BestGemmVariant().supported()) << BestGemmVariant().name;
}

// The engine takes the real v1's 1x1 convs off XNNPACK at one thread, where
// this CPU's best variant replaces XNNPACK, and leaves them to XNNPACK's
// pool at two.
TEST(Int8EngineTest, RealV1PointwiseConvsRunOnInt8AtOneThread) {
  auto g = tflite::ReadModelFile(std::string(EDGEBENCH_SOURCE_DIR) +
                                 "/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite");
  ASSERT_TRUE(g.ok()) << g.status().message();
  size_t pointwise = 0;
  for (const graph::Op& op : g->ops) pointwise += IsConv2D1x1(*g, op);
  EXPECT_GE(pointwise, 13u);  // one per MobileNet v1 block, and more in the SSD head
  const bool replaces = BestGemmVariant().replaces_xnnpack;
  for (int threads : {1, 2}) {
    auto interpreter = runtime::Interpreter::Create(*g, {"xnnpack", threads});
    ASSERT_TRUE(interpreter.ok()) << interpreter.status().message();
    size_t on_int8 = 0;
    for (size_t i = 0; i < g->ops.size(); ++i) {
      on_int8 += std::string((*interpreter)->op_backend(i)) == kName;
    }
    EXPECT_EQ(on_int8, threads == 1 && replaces ? pointwise : 0u) << threads << " threads";
  }
}

}  // namespace
}  // namespace edgebench::backends::int8
