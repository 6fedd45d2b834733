// CONCATENATION against hand-worked cases and a definition-level loop: each
// output element, decomposed into a multi-index, comes from the input whose
// range along the axis holds that coordinate.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {
namespace {

using graph::Activation;
using graph::DataType;
using graph::OpType;
using graph::Shape;

uint32_t TestSeed() {
  const char* env = std::getenv("EDGEBENCH_TEST_SEED");
  return env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 4242u;
}

struct Concat {
  graph::Graph graph;
  std::vector<int> inputs;
  int output = 0;
};

// Inputs named a, b, c, ... then the output "out".
Concat MakeConcat(DataType type, const std::vector<Shape>& shapes, Shape out_shape, int32_t axis,
                  const std::vector<graph::Quantization>& input_q = {},
                  graph::Quantization out_q = {}, Activation activation = Activation::kNone) {
  graph::GraphBuilder builder;
  Concat concat;
  for (size_t i = 0; i < shapes.size(); ++i) {
    concat.inputs.push_back(
        builder.AddTensor(std::string(1, static_cast<char>('a' + i)), type, shapes[i],
                          input_q.empty() ? graph::Quantization{} : input_q[i]));
  }
  concat.output = builder.AddTensor("out", type, std::move(out_shape), out_q);
  builder.AddOp(OpType::kConcatenation, concat.inputs, {concat.output},
                graph::ConcatenationOptions{axis, activation});
  concat.graph = std::move(builder).Build();
  return concat;
}

template <typename T>
std::vector<T> RunConcat(Concat concat, const std::vector<std::vector<T>>& values) {
  const std::vector<int> inputs = concat.inputs;
  const int output = concat.output;
  SingleOpRunner runner(std::move(concat.graph), kernels::PrepareConcatenation);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  for (size_t i = 0; i < inputs.size(); ++i) runner.SetInput(inputs[i], values[i]);
  runner.Run();
  return runner.Output<T>(output);
}

std::string PrepareError(Concat concat) {
  SingleOpRunner runner(std::move(concat.graph), kernels::PrepareConcatenation);
  const Status status = runner.Prepare();
  return status.ok() ? "ok" : status.message();
}

TEST(ConcatenationTest, TwoMatricesAlongColumns) {
  // [[1,2],[3,4]] ++ [[5],[6]] along axis 1 (and -1, the same axis).
  for (int32_t axis : {1, -1}) {
    EXPECT_EQ(RunConcat<float>(MakeConcat(DataType::kFloat32, {{2, 2}, {2, 1}}, {2, 3}, axis),
                               {{1, 2, 3, 4}, {5, 6}}),
              (std::vector<float>{1, 2, 5, 3, 4, 6}))
        << "axis " << axis;
  }
}

TEST(ConcatenationTest, TwoMatricesAlongRows) {
  EXPECT_EQ(RunConcat<int32_t>(MakeConcat(DataType::kInt32, {{1, 2}, {2, 2}}, {3, 2}, -2),
                               {{1, 2}, {3, 4, 5, 6}}),
            (std::vector<int32_t>{1, 2, 3, 4, 5, 6}));
}

TEST(ConcatenationTest, FloatReluApplies) {
  EXPECT_EQ(RunConcat<float>(
                MakeConcat(DataType::kFloat32, {{2}, {1}}, {3}, 0, {}, {}, Activation::kRelu),
                {{-1.5f, 2.0f}, {-0.0f}}),
            (std::vector<float>{0.0f, 2.0f, 0.0f}));
}

// Row-major strides of `shape`.
std::vector<int64_t> Strides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int d = static_cast<int>(shape.size()) - 2; d >= 0; --d) {
    strides[d] = strides[d + 1] * shape[d + 1];
  }
  return strides;
}

// The definition: out[i0..axis..in] = input k[i0..(axis - offset_k)..in].
template <typename T>
std::vector<T> ExpectedConcat(const std::vector<Shape>& shapes, const Shape& out_shape, int axis,
                              const std::vector<std::vector<T>>& values) {
  const std::vector<int64_t> out_strides = Strides(out_shape);
  std::vector<T> result(static_cast<size_t>(graph::NumElements(out_shape)));
  for (size_t i = 0; i < result.size(); ++i) {
    Shape index(out_shape.size());
    int64_t rest = static_cast<int64_t>(i);
    for (size_t d = 0; d < out_shape.size(); ++d) {
      index[d] = static_cast<int32_t>(rest / out_strides[d]);
      rest %= out_strides[d];
    }
    size_t k = 0;
    while (index[axis] >= shapes[k][axis]) index[axis] -= shapes[k++][axis];
    const std::vector<int64_t> in_strides = Strides(shapes[k]);
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d) offset += index[d] * in_strides[d];
    result[i] = values[k][offset];
  }
  return result;
}

TEST(ConcatenationTest, EveryAxisOfRank4MatchesDefinition) {
  const uint32_t seed = TestSeed();
  std::mt19937 rng(seed);
  const std::vector<int32_t> sizes = {1, 3, 13};
  for (int32_t axis = -4; axis < 4; ++axis) {
    const int resolved = axis < 0 ? axis + 4 : axis;
    Shape base = {sizes[rng() % 3], sizes[rng() % 3], 3, sizes[rng() % 3]};
    std::vector<Shape> shapes;
    std::vector<std::vector<int32_t>> values;
    Shape out_shape = base;
    out_shape[resolved] = 0;
    for (int32_t along : {1, 3, 13}) {
      Shape shape = base;
      shape[resolved] = along;
      out_shape[resolved] += along;
      std::vector<int32_t> v(static_cast<size_t>(graph::NumElements(shape)));
      for (int32_t& x : v) x = static_cast<int32_t>(rng());
      shapes.push_back(shape);
      values.push_back(v);
    }
    EXPECT_EQ(RunConcat<int32_t>(MakeConcat(DataType::kInt32, shapes, out_shape, axis), values),
              ExpectedConcat(shapes, out_shape, resolved, values))
        << "axis " << axis << " seed " << seed;
  }
}

TEST(ConcatenationTest, Uint8RequantizesHandWorked) {
  // Output scale 1, zero point 5. Input a: scale 0.5, zero point 10, so
  // q -> round((q - 10) * 0.5) + 5: 10 -> 5, 11 -> 0.5 -> 6, 13 -> 1.5 -> 7,
  // 9 -> -0.5 -> 4, 0 -> 0, 255 -> 122.5 -> 128. Input b shares the output's
  // quantization and is copied unchanged.
  const graph::Quantization out_q{{1.0f}, {5}, 0};
  const auto got = RunConcat<uint8_t>(
      MakeConcat(DataType::kUInt8, {{6}, {2}}, {8}, 0, {{{0.5f}, {10}, 0}, out_q}, out_q),
      {{10, 11, 13, 9, 0, 255}, {200, 3}});
  EXPECT_EQ(got, (std::vector<uint8_t>{5, 6, 7, 4, 0, 128, 200, 3}));
}

TEST(ConcatenationTest, Int8RequantizesHandWorked) {
  // Output scale 0.5, zero point -3. Input a: scale 0.25, zero point 0:
  // 1 -> 0.5 -> 1 -> -2; -1 -> -0.5 -> -1 -> -4; 3 -> 1.5 -> 2 -> -1;
  // -3 -> -1.5 -> -2 -> -5 (ties away from zero); 127 -> 63.5 -> 64 -> 61.
  // Input c: scale 4, zero point 0: 100 -> 800 + (-3), clamped to 127.
  const graph::Quantization out_q{{0.5f}, {-3}, 0};
  const auto got =
      RunConcat<int8_t>(MakeConcat(DataType::kInt8, {{5}, {2}, {2}}, {9}, 0,
                                   {{{0.25f}, {0}, 0}, out_q, {{4.0f}, {0}, 0}}, out_q),
                        {{1, -1, 3, -3, 127}, {-128, 100}, {100, -100}});
  EXPECT_EQ(got, (std::vector<int8_t>{-2, -4, -1, -5, 61, -128, 100, 127, -128}));
}

TEST(ConcatenationTest, RandomRequantizationWithinOneUnit) {
  const uint32_t seed = TestSeed();
  std::mt19937 rng(seed);
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    const int32_t lo = type == DataType::kUInt8 ? 0 : -128;
    const int32_t hi = type == DataType::kUInt8 ? 255 : 127;
    std::uniform_real_distribution<float> scale(0.01f, 0.1f);
    std::uniform_int_distribution<int32_t> q(lo, hi);
    const graph::Quantization out_q{{scale(rng)}, {q(rng)}, 0};
    std::vector<graph::Quantization> in_q;
    std::vector<std::vector<int32_t>> values;
    for (int i = 0; i < 3; ++i) {
      in_q.push_back({{scale(rng)}, {q(rng)}, 0});
      std::vector<int32_t> v(13 * 3);
      for (int32_t& x : v) x = q(rng);
      values.push_back(v);
    }
    const std::vector<Shape> shapes(3, Shape{13, 3});
    Concat concat = MakeConcat(type, shapes, {13, 9}, 1, in_q, out_q);
    std::vector<int32_t> got;
    if (type == DataType::kUInt8) {
      std::vector<std::vector<uint8_t>> narrow;
      for (const auto& v : values) narrow.emplace_back(v.begin(), v.end());
      const auto out = RunConcat<uint8_t>(std::move(concat), narrow);
      got.assign(out.begin(), out.end());
    } else {
      std::vector<std::vector<int8_t>> narrow;
      for (const auto& v : values) narrow.emplace_back(v.begin(), v.end());
      const auto out = RunConcat<int8_t>(std::move(concat), narrow);
      got.assign(out.begin(), out.end());
    }
    // Definition: real = s_in * (q - zp_in); q_out = clamp(round(real / s_out) + zp_out).
    std::vector<std::vector<int32_t>> requantized = values;
    for (size_t k = 0; k < values.size(); ++k) {
      for (int32_t& x : requantized[k]) {
        const double real = double{in_q[k].scale[0]} * (x - in_q[k].zero_point[0]);
        const double r =
            std::round(real / out_q.scale[0]) + static_cast<double>(out_q.zero_point[0]);
        x = static_cast<int32_t>(std::clamp(r, static_cast<double>(lo), static_cast<double>(hi)));
      }
    }
    const std::vector<int32_t> expected = ExpectedConcat(shapes, {13, 9}, 1, requantized);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_LE(std::abs(got[i] - expected[i]), 1)
          << graph::DataTypeName(type) << " element " << i << " seed " << seed;
    }
  }
}

TEST(ConcatenationTest, RejectsRankMismatch) {
  EXPECT_EQ(PrepareError(MakeConcat(DataType::kFloat32, {{2, 2}, {2, 2, 1}}, {2, 4}, 1)),
            "input 1 (tensor 1 \"b\") has shape [2,2,1], expected rank 2");
}

TEST(ConcatenationTest, RejectsBadAxis) {
  EXPECT_EQ(PrepareError(MakeConcat(DataType::kFloat32, {{2, 2}, {2, 2}}, {2, 4}, 2)),
            "axis 2 is out of range for input 0 (tensor 0 \"a\") of shape [2,2]");
  EXPECT_EQ(PrepareError(MakeConcat(DataType::kFloat32, {{2, 2}, {2, 2}}, {2, 4}, -3)),
            "axis -3 is out of range for input 0 (tensor 0 \"a\") of shape [2,2]");
}

TEST(ConcatenationTest, RejectsOtherDimensionMismatch) {
  EXPECT_EQ(PrepareError(MakeConcat(DataType::kFloat32, {{2, 2}, {3, 2}}, {2, 4}, 1)),
            "input 1 (tensor 1 \"b\") has shape [3,2], expected [2,2] in every dimension but "
            "axis 1");
}

TEST(ConcatenationTest, RejectsWrongOutputShape) {
  EXPECT_EQ(PrepareError(MakeConcat(DataType::kFloat32, {{2, 2}, {2, 1}}, {2, 4}, 1)),
            "output 0 (tensor 2 \"out\") has shape [2,4], expected [2,3]");
}

TEST(ConcatenationTest, RejectsMixedTypes) {
  graph::GraphBuilder builder;
  const int a = builder.AddTensor("a", DataType::kFloat32, {2});
  const int b = builder.AddTensor("b", DataType::kInt32, {2});
  const int out = builder.AddTensor("out", DataType::kFloat32, {4});
  builder.AddOp(OpType::kConcatenation, {a, b}, {out}, graph::ConcatenationOptions{0});
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareConcatenation);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "input 1 (tensor 1 \"b\") is INT32, expected FLOAT32");
}

TEST(ConcatenationTest, RejectsActivationOnQuantized) {
  const graph::Quantization q{{1.0f}, {0}, 0};
  EXPECT_EQ(
      PrepareError(MakeConcat(DataType::kUInt8, {{2}, {2}}, {4}, 0, {q, q}, q, Activation::kRelu)),
      "fused activation RELU is only supported on FLOAT32, not UINT8");
}

}  // namespace
}  // namespace edgebench::testing
