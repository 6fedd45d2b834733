// MEAN against hand-worked cases and a definition-level loop: each output is
// the average (in double) of the input elements whose non-reduced
// coordinates equal its own. Quantized: real = s_in * (q - zp_in), expected
// q_out = clamp(round(mean_real / s_out) + zp_out), within one unit (the
// kernel computes in float).
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {
namespace {

using graph::DataType;
using graph::OpType;
using graph::Shape;

uint32_t TestSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 5151u;
}

struct Mean {
  graph::Graph graph;
  int in = 0;
  int out = 0;
};

Mean MakeMean(DataType type, Shape in_shape, Shape out_shape, const std::vector<int32_t>& axes,
              bool keep_dims, graph::Quantization in_q = {}, graph::Quantization out_q = {},
              bool constant_axes = true) {
  graph::GraphBuilder builder;
  Mean m;
  m.in = builder.AddTensor("in", type, std::move(in_shape), in_q);
  const Shape axes_shape = {static_cast<int32_t>(axes.size())};
  const int axis = constant_axes ? builder.AddConstant("axis", DataType::kInt32, axes_shape, axes)
                                 : builder.AddTensor("axis", DataType::kInt32, axes_shape);
  m.out = builder.AddTensor("out", type, std::move(out_shape), out_q);
  builder.AddOp(OpType::kMean, {m.in, axis}, {m.out}, graph::MeanOptions{keep_dims});
  m.graph = std::move(builder).Build();
  return m;
}

template <typename T>
std::vector<T> RunMean(Mean m, const std::vector<T>& input) {
  const int in = m.in;
  const int out = m.out;
  SingleOpRunner runner(std::move(m.graph), kernels::PrepareMean);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(in, input);
  runner.Run();
  return runner.Output<T>(out);
}

std::string PrepareError(Mean m) {
  SingleOpRunner runner(std::move(m.graph), kernels::PrepareMean);
  const Status status = runner.Prepare();
  return status.ok() ? "ok" : status.message();
}

// 1x2x2x2: channel 0 holds 1,2,3,4; channel 1 holds 10,20,30,40.
const std::vector<float> kImage = {1, 10, 2, 20, 3, 30, 4, 40};

TEST(MeanTest, SpatialMeanKeepDims) {
  EXPECT_EQ(RunMean<float>(MakeMean(DataType::kFloat32, {1, 2, 2, 2}, {1, 1, 1, 2}, {1, 2}, true),
                           kImage),
            (std::vector<float>{2.5f, 25.0f}));
}

TEST(MeanTest, SpatialMeanDropDims) {
  EXPECT_EQ(
      RunMean<float>(MakeMean(DataType::kFloat32, {1, 2, 2, 2}, {1, 2}, {2, 1}, false), kImage),
      (std::vector<float>{2.5f, 25.0f}));
}

TEST(MeanTest, NegativeAndRepeatedAxesCountOnce) {
  // [[1,2,3],[4,5,6]]: mean along the last axis, named twice.
  EXPECT_EQ(
      RunMean<float>(MakeMean(DataType::kFloat32, {2, 3}, {2}, {-1, 1}, false), {1, 2, 3, 4, 5, 6}),
      (std::vector<float>{2.0f, 5.0f}));
  // Along axis 0: column means.
  EXPECT_EQ(
      RunMean<float>(MakeMean(DataType::kFloat32, {2, 3}, {1, 3}, {-2}, true), {1, 2, 3, 4, 5, 6}),
      (std::vector<float>{2.5f, 3.5f, 4.5f}));
}

TEST(MeanTest, Uint8RequantizesHandWorked) {
  // In: scale 0.5, zero point 10. Out: scale 0.25, zero point 3.
  // {10,11,12,15}: mean 12 -> real 1.0 -> 4 -> 7.
  // {10,11,10,10}: mean 10.25 -> real 0.125 -> 0.5 -> 1 (half away) -> 4.
  // {0,0,0,0}: real -5 -> -20 -> -17 -> clamped 0.
  const auto got = RunMean<uint8_t>(
      MakeMean(DataType::kUInt8, {3, 4}, {3}, {1}, false, {{0.5f}, {10}, 0}, {{0.25f}, {3}, 0}),
      {10, 11, 12, 15, 10, 11, 10, 10, 0, 0, 0, 0});
  EXPECT_EQ(got, (std::vector<uint8_t>{7, 4, 0}));
}

TEST(MeanTest, SameQuantizationRoundsHalfAwayFromZero) {
  const graph::Quantization q{{1.0f}, {0}, 0};
  EXPECT_EQ(RunMean<uint8_t>(MakeMean(DataType::kUInt8, {3, 2}, {3}, {1}, false, q, q),
                             {1, 2, 2, 3, 4, 4}),
            (std::vector<uint8_t>{2, 3, 4}));
  EXPECT_EQ(RunMean<int8_t>(MakeMean(DataType::kInt8, {3, 2}, {3}, {1}, false, q, q),
                            {-1, -2, -2, -3, -128, -127}),
            (std::vector<int8_t>{-2, -3, -128}));
}

// Definition-level mean in double over `axes` (already non-negative).
std::vector<double> ExpectedMean(const Shape& shape, const std::vector<bool>& reduced,
                                 const std::vector<double>& input) {
  int64_t outputs = 1;
  int64_t count = 1;
  for (size_t d = 0; d < shape.size(); ++d) (reduced[d] ? count : outputs) *= shape[d];
  std::vector<double> sums(static_cast<size_t>(outputs), 0.0);
  for (size_t i = 0; i < input.size(); ++i) {
    int64_t rest = static_cast<int64_t>(i);
    int64_t stride = static_cast<int64_t>(input.size());
    int64_t out_index = 0;
    for (size_t d = 0; d < shape.size(); ++d) {
      stride /= shape[d];
      const int64_t coordinate = rest / stride;
      rest %= stride;
      if (!reduced[d]) out_index = out_index * shape[d] + coordinate;
    }
    sums[out_index] += input[i];
  }
  for (double& s : sums) s /= static_cast<double>(count);
  return sums;
}

struct RandomCase {
  Shape shape;
  std::vector<int32_t> axes;
};

const std::vector<RandomCase> kRandomCases = {{{1, 13, 13, 3}, {1, 2}}, {{2, 3, 13, 1}, {-3, -2}},
                                              {{3, 13}, {0}},           {{13, 3, 1}, {0, 1, 2}},
                                              {{1, 3, 3, 13}, {3}},     {{3, 1, 13, 3}, {0, 2}}};

Shape OutputShape(const Shape& shape, const std::vector<bool>& reduced, bool keep_dims) {
  Shape out;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d]) out.push_back(shape[d]);
    if (reduced[d] && keep_dims) out.push_back(1);
  }
  return out;
}

std::vector<bool> Reduced(const RandomCase& c) {
  std::vector<bool> reduced(c.shape.size(), false);
  for (int32_t a : c.axes) reduced[a < 0 ? a + c.shape.size() : a] = true;
  return reduced;
}

TEST(MeanTest, RandomFloatMatchesDefinition) {
  const uint32_t seed = TestSeed();
  std::mt19937 rng(seed);
  for (const RandomCase& c : kRandomCases) {
    const std::vector<bool> reduced = Reduced(c);
    const bool keep_dims = rng() % 2 == 0;
    std::vector<float> input(static_cast<size_t>(graph::NumElements(c.shape)));
    for (float& v : input) v = std::uniform_real_distribution<float>(-4.0f, 4.0f)(rng);
    const auto got =
        RunMean<float>(MakeMean(DataType::kFloat32, c.shape,
                                OutputShape(c.shape, reduced, keep_dims), c.axes, keep_dims),
                       input);
    const auto expected =
        ExpectedMean(c.shape, reduced, std::vector<double>(input.begin(), input.end()));
    ASSERT_EQ(got.size(), expected.size());
    // A float sum of n terms |x| <= 4 errs by at most n * eps * 4n; dividing
    // by n leaves n * eps * 4, and n is at most the element count.
    const double tolerance = graph::NumElements(c.shape) * FLT_EPSILON * 4.0;
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_NEAR(got[i], expected[i], tolerance)
          << graph::ShapeToString(c.shape) << " element " << i << " seed " << seed;
    }
  }
}

template <typename T>
void CheckRandomQuantized(DataType type, uint32_t seed) {
  std::mt19937 rng(seed);
  const int32_t lo = std::numeric_limits<T>::min();
  const int32_t hi = std::numeric_limits<T>::max();
  std::uniform_int_distribution<int32_t> q(lo, hi);
  for (const RandomCase& c : kRandomCases) {
    const std::vector<bool> reduced = Reduced(c);
    const bool keep_dims = rng() % 2 == 0;
    const graph::Quantization in_q{
        {std::uniform_real_distribution<float>(0.01f, 0.1f)(rng)}, {q(rng)}, 0};
    const graph::Quantization out_q{
        {std::uniform_real_distribution<float>(0.005f, 0.05f)(rng)}, {q(rng) / 2}, 0};
    std::vector<T> input(static_cast<size_t>(graph::NumElements(c.shape)));
    std::vector<double> real(input.size());
    for (size_t i = 0; i < input.size(); ++i) {
      input[i] = static_cast<T>(q(rng));
      real[i] = double{in_q.scale[0]} * (input[i] - in_q.zero_point[0]);
    }
    const auto got = RunMean<T>(MakeMean(type, c.shape, OutputShape(c.shape, reduced, keep_dims),
                                         c.axes, keep_dims, in_q, out_q),
                                input);
    const auto means = ExpectedMean(c.shape, reduced, real);
    ASSERT_EQ(got.size(), means.size());
    for (size_t i = 0; i < got.size(); ++i) {
      const double r = std::round(means[i] / out_q.scale[0]) + out_q.zero_point[0];
      const int32_t expected = static_cast<int32_t>(std::clamp<double>(r, lo, hi));
      ASSERT_LE(std::abs(got[i] - expected), 1)
          << graph::DataTypeName(type) << " " << graph::ShapeToString(c.shape) << " element " << i
          << " got " << int{got[i]} << " expected " << expected << " seed " << seed;
    }
  }
}

TEST(MeanTest, RandomQuantizedWithinOneUnit) {
  CheckRandomQuantized<uint8_t>(DataType::kUInt8, TestSeed());
  CheckRandomQuantized<int8_t>(DataType::kInt8, TestSeed() + 1);
}

TEST(MeanTest, RejectsAxisOutOfRange) {
  EXPECT_EQ(PrepareError(MakeMean(DataType::kFloat32, {1, 2, 2, 2}, {1, 2}, {4}, false)),
            "input 1 (tensor 1 \"axis\") holds axis 4, out of range for input 0 (tensor 0 \"in\") "
            "of shape [1,2,2,2]");
}

TEST(MeanTest, RejectsComputedAxis) {
  EXPECT_EQ(PrepareError(MakeMean(DataType::kFloat32, {1, 2, 2, 2}, {1, 2}, {1, 2}, false, {}, {},
                                  /*constant_axes=*/false)),
            "input 1 (tensor 1 \"axis\") must be a constant tensor");
}

TEST(MeanTest, RejectsWrongOutputShape) {
  EXPECT_EQ(PrepareError(MakeMean(DataType::kFloat32, {1, 2, 2, 2}, {1, 2}, {1, 2}, true)),
            "output 0 (tensor 2 \"out\") has shape [1,2], expected [1,1,1,2]");
}

}  // namespace
}  // namespace edgebench::testing
