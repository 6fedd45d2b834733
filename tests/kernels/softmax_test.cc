// SOFTMAX: hand-worked rows, random rows of odd depths against the
// definition (exp(beta * (x - max)) / sum in double, quantized to scale 1/256
// for 8-bit outputs), and Prepare's errors including TFLite's fixed output
// quantization.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>

#include "kernels/elementwise_tester.h"

namespace edgebench::testing {
namespace {

using elementwise_test::DefaultSeed;
using elementwise_test::Float;
using elementwise_test::MakeUnaryOp;
using elementwise_test::Plain;
using elementwise_test::Quantized;
using elementwise_test::QuantizedOutput;
using elementwise_test::QuantizeReal;
using elementwise_test::RandomFloats;
using elementwise_test::RandomQuantized;
using elementwise_test::SetQuantizedInput;
using elementwise_test::TensorSpec;
using graph::DataType;
using graph::OpType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kOutputScale = 1.0f / 256;

SingleOpRunner MakeSoftmax(const TensorSpec& in, const TensorSpec& out, float beta = 1.0f) {
  return MakeUnaryOp(OpType::kSoftmax, kernels::PrepareSoftmax, in, out,
                     graph::SoftmaxOptions{beta});
}

int32_t SoftmaxZeroPoint(DataType type) { return type == DataType::kUInt8 ? 0 : -128; }

// The definition over one row, in double.
std::vector<double> SoftmaxRow(const std::vector<double>& x, double beta) {
  const double max = *std::max_element(x.begin(), x.end());
  std::vector<double> e(x.size());
  double sum = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    e[i] = std::exp(beta * (x[i] - max));
    sum += e[i];
  }
  for (double& v : e) v /= sum;
  return e;
}

TEST(SoftmaxTest, FloatHandWorked) {
  // Rows: {1, 1} -> halves; {0, ln 3} -> {1/4, 3/4}; {1000, 1000} must not
  // overflow.
  SingleOpRunner runner = MakeSoftmax(Float({3, 2}), Float({3, 2}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {1.0f, 1.0f, 0.0f, std::log(3.0f), 1000.0f, 1000.0f});
  runner.Run();
  const std::vector<float> got = runner.Output<float>(1);
  EXPECT_FLOAT_EQ(got[0], 0.5f);
  EXPECT_FLOAT_EQ(got[1], 0.5f);
  EXPECT_FLOAT_EQ(got[2], 0.25f);
  EXPECT_FLOAT_EQ(got[3], 0.75f);
  EXPECT_FLOAT_EQ(got[4], 0.5f);
  EXPECT_FLOAT_EQ(got[5], 0.5f);
}

TEST(SoftmaxTest, FloatBetaScalesTheLogits) {
  // beta 2 on {0, ln(3)/2} is softmax of {0, ln 3}.
  SingleOpRunner runner = MakeSoftmax(Float({1, 2}), Float({1, 2}), 2.0f);
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {0.0f, std::log(3.0f) / 2});
  runner.Run();
  const std::vector<float> got = runner.Output<float>(1);
  EXPECT_FLOAT_EQ(got[0], 0.25f);
  EXPECT_FLOAT_EQ(got[1], 0.75f);
}

TEST(SoftmaxTest, Uint8HandWorked) {
  // Input scale 1. Rows of depth 4: all equal -> 1/4 -> 64; {255, 0, 0, 0}:
  // exp(-255) vanishes -> 256 saturates at 255, others 0; {7, 7, 7, 0}:
  // e^-7 = 0.000912 -> 3 * 1 + 0.000912 -> 85.31 -> 85 and 0.08 -> 0.
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kUInt8, {3, 4}, 1.0f, 0),
                                      Quantized(DataType::kUInt8, {3, 4}, kOutputScale, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {9, 9, 9, 9, 255, 0, 0, 0, 7, 7, 7, 0});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(64, 64, 64, 64, 255, 0, 0, 0, 85, 85, 85, 0));
}

TEST(SoftmaxTest, Int8HandWorked) {
  // Input scale 0.5. {3, 3} -> 0.5 -> 128 - 128 = 0; {127, -128}: e^-127.5
  // vanishes -> 127 and -128; {2, 0}: e^-1 = 0.36788 -> 0.73106 * 256 =
  // 187.15 -> 59 and 0.26894 * 256 = 68.85 -> -59.
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kInt8, {3, 2}, 0.5f, 0),
                                      Quantized(DataType::kInt8, {3, 2}, kOutputScale, -128));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {3, 3, 127, -128, 2, 0});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(0, 0, 127, -128, 59, -59));
}

TEST(SoftmaxTest, Uint8BetaScalesTheTable) {
  // Input scale 0.5, beta 2: {2, 0} is softmax of {2, 0} in real terms:
  // 1 / (1 + e^-2) = 0.880797 -> 225.48 -> 225, 0.119203 -> 30.52 -> 31.
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kUInt8, {2}, 0.5f, 0),
                                      Quantized(DataType::kUInt8, {2}, kOutputScale, 0), 2.0f);
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {2, 0});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(225, 31));
}

TEST(SoftmaxTest, RandomFloatRowsOfOddDepth) {
  const uint32_t seed = DefaultSeed();
  std::mt19937 rng(seed);
  for (int32_t depth : {1, 3, 13, 127}) {
    for (float beta : {1.0f, 0.5f, 2.0f}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + ", depth " + std::to_string(depth) + ", beta " +
                   std::to_string(beta));
      const int32_t rows = 3;
      SingleOpRunner runner = MakeSoftmax(Float({1, rows, depth}), Float({1, rows, depth}), beta);
      ASSERT_TRUE(runner.Prepare().ok());
      const std::vector<float> x = RandomFloats(rng, rows * depth, -5.0f, 5.0f);
      runner.SetInput(0, x);
      runner.Run();
      const std::vector<float> got = runner.Output<float>(1);
      // Float error: each exp argument (|beta (x - max)| <= 20) carries a
      // relative rounding error of its size times FLT_EPSILON, the sum one of
      // depth times FLT_EPSILON; a margin of 2 on top.
      const double relative = 2 * (20.0 + depth + 2) * FLT_EPSILON;
      for (int32_t r = 0; r < rows; ++r) {
        const std::vector<double> row(x.begin() + r * depth, x.begin() + (r + 1) * depth);
        const std::vector<double> expected = SoftmaxRow(row, beta);
        for (int32_t c = 0; c < depth; ++c) {
          ASSERT_NEAR(got[r * depth + c], expected[c], relative * expected[c])
              << "row " << r << " column " << c;
        }
      }
    }
  }
}

void TestQuantizedRows(DataType type, float input_scale, int32_t input_zero_point, float beta,
                       uint32_t seed) {
  std::mt19937 rng(seed);
  for (int32_t depth : {1, 3, 13, 127}) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + graph::DataTypeName(type) +
                 ", input scale " + std::to_string(input_scale) + ", beta " + std::to_string(beta) +
                 ", depth " + std::to_string(depth));
    const int32_t rows = 4;
    const graph::Shape shape = {rows, 1, depth};
    SingleOpRunner runner =
        MakeSoftmax(Quantized(type, shape, input_scale, input_zero_point),
                    Quantized(type, shape, kOutputScale, SoftmaxZeroPoint(type)), beta);
    ASSERT_TRUE(runner.Prepare().ok());
    const std::vector<int32_t> q = RandomQuantized(rng, rows * depth, type);
    SetQuantizedInput(runner, 0, type, q);
    runner.Run();
    const std::vector<int32_t> got = QuantizedOutput(runner, 1, type);
    for (int32_t r = 0; r < rows; ++r) {
      std::vector<double> row;
      for (int32_t c = 0; c < depth; ++c) {
        row.push_back(static_cast<double>(input_scale) * (q[r * depth + c] - input_zero_point));
      }
      const std::vector<double> expected = SoftmaxRow(row, beta);
      for (int32_t c = 0; c < depth; ++c) {
        const int32_t want = QuantizeReal(expected[c], 1.0 / 256, SoftmaxZeroPoint(type), type);
        ASSERT_LE(std::abs(got[r * depth + c] - want), 1)
            << "row " << r << " column " << c << ": got " << got[r * depth + c] << ", expected "
            << want;
      }
    }
  }
}

TEST(SoftmaxTest, RandomQuantizedRowsOfOddDepth) {
  const uint32_t seed = DefaultSeed();
  TestQuantizedRows(DataType::kUInt8, 0.1f, 128, 1.0f, seed);
  TestQuantizedRows(DataType::kUInt8, 0.02f, 30, 1.0f, seed + 1);
  TestQuantizedRows(DataType::kUInt8, 0.1f, 0, 0.5f, seed + 2);
  TestQuantizedRows(DataType::kInt8, 0.1f, 0, 1.0f, seed + 3);
  TestQuantizedRows(DataType::kInt8, 0.03f, -20, 2.0f, seed + 4);
  TestQuantizedRows(DataType::kInt8, 0.25f, 10, 1.0f, seed + 5);
}

TEST(SoftmaxTest, AcceptsOutputScaleWithinTfliteTolerance) {
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kUInt8, {4}, 0.1f, 0),
                                      Quantized(DataType::kUInt8, {4}, kOutputScale * 1.0005f, 0));
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
}

TEST(SoftmaxTest, RejectsWrongOutputScale) {
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kUInt8, {4}, 0.1f, 0),
                                      Quantized(DataType::kUInt8, {4}, 1.0f / 255, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("output 0 (tensor 1 \"out\") has scale 0.003921569 and zero point 0, "
                        "expected scale 1/256 and zero point 0 for UINT8 SOFTMAX"));
}

TEST(SoftmaxTest, RejectsWrongInt8OutputZeroPoint) {
  SingleOpRunner runner = MakeSoftmax(Quantized(DataType::kInt8, {4}, 0.1f, 0),
                                      Quantized(DataType::kInt8, {4}, kOutputScale, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("expected scale 1/256 and zero point -128 for INT8 SOFTMAX"));
}

TEST(SoftmaxTest, RejectsScalarInput) {
  SingleOpRunner runner = MakeSoftmax(Float({}), Float({}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is a scalar, expected rank 1 or more");
}

TEST(SoftmaxTest, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeSoftmax(Plain(DataType::kInt16, {2}), Plain(DataType::kInt16, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is INT16, expected FLOAT32 or UINT8 or INT8");
}

TEST(SoftmaxTest, RejectsShapeMismatch) {
  SingleOpRunner runner = MakeSoftmax(Float({1, 91}), Float({1, 90}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has shape [1,90], expected [1,91]");
}

TEST(SoftmaxTest, RejectsMissingInputQuantization) {
  SingleOpRunner runner =
      MakeSoftmax(Plain(DataType::kUInt8, {4}), Quantized(DataType::kUInt8, {4}, kOutputScale, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 0 \"in\" needs one positive quantization scale"));
}

}  // namespace
}  // namespace edgebench::testing
