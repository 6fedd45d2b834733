// MUL: hand-worked cases (exact, including TFLite's fixed-point rounding of
// ties, saturation and activation clamps), random cases against the
// definition, and Prepare's errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernels/elementwise_tester.h"

namespace edgebench::testing {
namespace {

using elementwise_test::BinaryOpTester;
using elementwise_test::Float;
using elementwise_test::MakeBinaryOp;
using elementwise_test::Plain;
using elementwise_test::Quantized;
using graph::Activation;
using graph::DataType;
using graph::OpType;
using graph::Shape;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct QuantizedCase {
  float scale1;
  int32_t zero_point1;
  float scale2;
  int32_t zero_point2;
  float output_scale;
  int32_t output_zero_point;
  Activation activation = Activation::kNone;
};

// Runs an 8-bit MUL of `x` and `y` (same length) and returns the output.
template <typename T>
std::vector<T> RunQuantizedMul(DataType type, const QuantizedCase& c, const std::vector<T>& x,
                               const std::vector<T>& y) {
  const Shape shape = {static_cast<int32_t>(x.size())};
  SingleOpRunner runner =
      MakeBinaryOp(OpType::kMul, Quantized(type, shape, c.scale1, c.zero_point1),
                   Quantized(type, shape, c.scale2, c.zero_point2),
                   Quantized(type, shape, c.output_scale, c.output_zero_point), c.activation);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(0, x);
  runner.SetInput(1, y);
  runner.Run();
  return runner.Output<T>(2);
}

TEST(MulTest, FloatBroadcastsColumnAgainstRow) {
  SingleOpRunner runner = MakeBinaryOp(OpType::kMul, Float({2, 1}), Float({1, 3}), Float({2, 3}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {2.0f, 3.0f});
  runner.SetInput<float>(1, {1.0f, 10.0f, 100.0f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(2), ElementsAre(2.0f, 20.0f, 200.0f, 3.0f, 30.0f, 300.0f));
}

TEST(MulTest, FloatActivations) {
  SingleOpRunner relu =
      MakeBinaryOp(OpType::kMul, Float({3}), Float({3}), Float({3}), Activation::kRelu);
  ASSERT_TRUE(relu.Prepare().ok());
  relu.SetInput<float>(0, {-2.0f, 3.0f, 0.5f});
  relu.SetInput<float>(1, {3.0f, -1.0f, 5.0f});
  relu.Run();
  EXPECT_THAT(relu.Output<float>(2), ElementsAre(0.0f, 0.0f, 2.5f));

  SingleOpRunner n1to1 =
      MakeBinaryOp(OpType::kMul, Float({3}), Float({3}), Float({3}), Activation::kReluN1To1);
  ASSERT_TRUE(n1to1.Prepare().ok());
  n1to1.SetInput<float>(0, {0.5f, -2.0f, 0.25f});
  n1to1.SetInput<float>(1, {3.0f, 1.0f, 2.0f});
  n1to1.Run();
  EXPECT_THAT(n1to1.Output<float>(2), ElementsAre(1.0f, -1.0f, 0.5f));
}

TEST(MulTest, Uint8UnitScalesWithZeroPointsAndSaturation) {
  // Reals: 3*4=12 -> 17; (-10)(-20)=200 -> 205; 245*1 -> 250; 20*20=400 ->
  // 255; -5*1 -> 0; -6*1 -> -1 -> 0.
  const auto got = RunQuantizedMul<uint8_t>(DataType::kUInt8, {1.0f, 10, 1.0f, 20, 1.0f, 5},
                                            {13, 0, 255, 30, 5, 4}, {24, 0, 21, 40, 21, 21});
  EXPECT_THAT(got, ElementsAre(17, 205, 250, 255, 0, 0));
}

TEST(MulTest, Int8SaturatesAtBothEnds) {
  const auto got = RunQuantizedMul<int8_t>(DataType::kInt8, {1.0f, 0, 1.0f, 0, 1.0f, 0},
                                           {12, -12, -1}, {12, 12, -128});
  EXPECT_THAT(got, ElementsAre(127, -128, 127));
}

TEST(MulTest, Int8RoundsTiesAwayFromZero) {
  // Multiplier s1 * s2 / s_out = 0.25: the high multiply halves and the
  // rounding right shift halves again, rounding ties away from zero:
  // 2 -> 0.5 -> 1, 6 -> 1.5 -> 2, -2 -> -0.5 -> -1, -6 -> -1.5 -> -2.
  const auto got = RunQuantizedMul<int8_t>(DataType::kInt8, {0.25f, 0, 1.0f, 0, 1.0f, 0},
                                           {2, 6, -2, -6}, {1, 1, 1, 1});
  EXPECT_THAT(got, ElementsAre(1, 2, -1, -2));
}

TEST(MulTest, Int8MultiplierOneHalfRoundsNegativeTiesUp) {
  // With a multiplier of exactly 0.5 there is no right shift, and TFLite's
  // rounding doubling high multiply (gemmlowp's) adds 2^30 - 1, not 2^30, to
  // negative products before truncating: -0.5 -> 0 and -1.5 -> -1, while
  // 0.5 -> 1 and 1.5 -> 2.
  const auto got = RunQuantizedMul<int8_t>(DataType::kInt8, {0.5f, 0, 1.0f, 0, 1.0f, 0},
                                           {1, 3, -1, -3}, {1, 1, 1, 1});
  EXPECT_THAT(got, ElementsAre(1, 2, 0, -1));
}

TEST(MulTest, Uint8Relu6ClampsInQuantizedDomain) {
  // All scales 0.5, zero points 0; RELU6 caps q at 12: 2*4 = 8 -> 12;
  // 1 * 1.5 = 1.5 -> 3.
  const auto got = RunQuantizedMul<uint8_t>(
      DataType::kUInt8, {0.5f, 0, 0.5f, 0, 0.5f, 0, Activation::kRelu6}, {4, 2}, {8, 3});
  EXPECT_THAT(got, ElementsAre(12, 3));
}

TEST(MulTest, Int8ReluClampsAtZeroPoint) {
  // Scales 1, output zero point -100: -3*4 = -12 -> -112 -> -100; 3*4 -> -88.
  const auto got = RunQuantizedMul<int8_t>(
      DataType::kInt8, {1.0f, 0, 1.0f, 0, 1.0f, -100, Activation::kRelu}, {-3, 3}, {4, 4});
  EXPECT_THAT(got, ElementsAre(-100, -88));
}

TEST(MulTest, RandomBroadcastShapes) {
  const std::vector<std::pair<Shape, Shape>> cases = {{{1, 3, 1, 2}, {1, 1, 4, 2}},
                                                      {{1, 1, 4, 2}, {1, 3, 1, 2}},
                                                      {{2, 3, 4}, {4}},
                                                      {{5, 1}, {1, 7}},
                                                      {{3, 1, 2, 1, 5}, {1, 4, 1, 3, 1}},
                                                      {{1}, {13}},
                                                      {{}, {3, 3}},
                                                      {{2, 1, 3}, {2, 1, 3}}};
  for (const auto& [a, b] : cases) {
    BinaryOpTester(OpType::kMul).shapes(a, b).Test();
    BinaryOpTester(OpType::kMul)
        .shapes(a, b)
        .type(DataType::kUInt8)
        .input1(0.05f, 128)
        .input2(0.02f, 100)
        .output(0.05f, 100)
        .Test();
    BinaryOpTester(OpType::kMul)
        .shapes(a, b)
        .type(DataType::kInt8)
        .input1(0.03f, -10)
        .input2(0.11f, 5)
        .output(0.2f, -3)
        .Test();
  }
}

TEST(MulTest, RandomOddSizes) {
  for (int32_t n : {1, 3, 13, 127}) {
    for (DataType type : {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}) {
      for (Activation activation :
           {Activation::kNone, Activation::kRelu, Activation::kRelu6, Activation::kReluN1To1}) {
        const int32_t zp = type == DataType::kUInt8 ? 128 : 0;
        BinaryOpTester(OpType::kMul)
            .shapes({1, n}, {1, n})
            .type(type)
            .input1(0.04f, zp)
            .input2(0.03f, zp - 7)
            .output(0.05f, zp + 3)
            .activation(activation)
            .Test();
        BinaryOpTester(OpType::kMul)
            .shapes({n, 1, 3}, {1, n, 1})
            .type(type)
            .input1(0.1f, zp + 20)
            .input2(0.01f, zp)
            .output(0.003f, zp - 5)
            .activation(activation)
            .Test();
      }
    }
  }
}

TEST(MulTest, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeBinaryOp(OpType::kMul, Plain(DataType::kInt32, {2}),
                                       Plain(DataType::kInt32, {2}), Plain(DataType::kInt32, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"a\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(MulTest, RejectsMixedInputTypes) {
  SingleOpRunner runner = MakeBinaryOp(OpType::kMul, Quantized(DataType::kUInt8, {2}, 1.0f, 0),
                                       Quantized(DataType::kInt8, {2}, 1.0f, 0),
                                       Quantized(DataType::kUInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(), "input 1 (tensor 1 \"b\") is INT8, expected UINT8");
}

TEST(MulTest, RejectsShapesThatDoNotBroadcast) {
  SingleOpRunner runner =
      MakeBinaryOp(OpType::kMul, Float({1, 3, 1, 2}), Float({1, 1, 4, 3}), Float({1, 3, 4, 3}));
  EXPECT_EQ(runner.Prepare().message(),
            "input shapes [1,3,1,2] and [1,1,4,3] do not broadcast: dimension 0 from the right "
            "is 2 vs 3");
}

TEST(MulTest, RejectsWrongOutputShape) {
  SingleOpRunner runner = MakeBinaryOp(OpType::kMul, Float({3}), Float({}), Float({1, 3}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 2 \"out\") has shape [1,3], expected [3]");
}

TEST(MulTest, RejectsMissingOutputQuantization) {
  SingleOpRunner runner =
      MakeBinaryOp(OpType::kMul, Quantized(DataType::kInt8, {2}, 1.0f, 0),
                   Quantized(DataType::kInt8, {2}, 1.0f, 0), Plain(DataType::kInt8, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "tensor 2 \"out\" needs one positive quantization scale and one zero point, found 0 "
            "scales and 0 zero points");
}

}  // namespace
}  // namespace edgebench::testing
