// ADD: hand-worked cases (exact, including TFLite's rounding of ties away
// from zero, saturation and activation clamps), random cases against the
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
using elementwise_test::Quant;
using elementwise_test::Quantized;
using elementwise_test::TensorSpec;
using graph::Activation;
using graph::DataType;
using graph::OpType;
using graph::Shape;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SingleOpRunner MakeAdd(const TensorSpec& a, const TensorSpec& b, const TensorSpec& out,
                       Activation activation = Activation::kNone) {
  return MakeBinaryOp(OpType::kAdd, a, b, out, activation);
}

// Runs an 8-bit ADD of `x` and `y` (same shape) and returns the output.
template <typename T>
std::vector<T> RunQuantizedAdd(DataType type, Shape shape, graph::Quantization q1,
                               graph::Quantization q2, graph::Quantization qout,
                               const std::vector<T>& x, const std::vector<T>& y,
                               Activation activation = Activation::kNone) {
  SingleOpRunner runner = MakeAdd({type, shape, std::move(q1)}, {type, shape, std::move(q2)},
                                  {type, shape, std::move(qout)}, activation);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(0, x);
  runner.SetInput(1, y);
  runner.Run();
  return runner.Output<T>(2);
}

TEST(AddTest, FloatBroadcastsColumnAgainstRow) {
  // [2,1] + [1,3] -> [2,3]: out[i][j] = a[i] + b[j].
  SingleOpRunner runner = MakeAdd(Float({2, 1}), Float({1, 3}), Float({2, 3}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {1.0f, 2.0f});
  runner.SetInput<float>(1, {10.0f, 20.0f, 30.0f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(2), ElementsAre(11.0f, 21.0f, 31.0f, 12.0f, 22.0f, 32.0f));
}

TEST(AddTest, FloatScalarInput) {
  SingleOpRunner runner = MakeAdd(Float({3}), Float({}), Float({3}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {1.0f, -2.0f, 3.5f});
  runner.SetInput<float>(1, {0.5f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(2), ElementsAre(1.5f, -1.5f, 4.0f));
}

TEST(AddTest, FloatRelu6ClampsBothEnds) {
  SingleOpRunner runner = MakeAdd(Float({4}), Float({4}), Float({4}), Activation::kRelu6);
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {-1.0f, 3.0f, 5.0f, 0.25f});
  runner.SetInput<float>(1, {-1.0f, 2.0f, 4.0f, 0.5f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(2), ElementsAre(0.0f, 5.0f, 6.0f, 0.75f));
}

TEST(AddTest, Uint8UnitScalesWithZeroPointsAndSaturation) {
  // Reals: (12-10)+(23-20)=5 -> 10; (0-10)+(0-20)=-30 -> -25 -> 0;
  // (255-10)+(255-20)=480 -> 485 -> 255; (10-10)+(20-20)=0 -> 5.
  const auto got = RunQuantizedAdd<uint8_t>(DataType::kUInt8, {4}, Quant(1.0f, 10), Quant(1.0f, 20),
                                            Quant(1.0f, 5), {12, 0, 255, 10}, {23, 0, 255, 20});
  EXPECT_THAT(got, ElementsAre(10, 0, 255, 5));
}

TEST(AddTest, Uint8RoundsTiesAwayFromZero) {
  // Input scales 0.5, output scale 1: 0.5 -> 1, 1.5 -> 2, 2.5 -> 3.
  const auto got = RunQuantizedAdd<uint8_t>(DataType::kUInt8, {3}, Quant(0.5f, 0), Quant(0.5f, 0),
                                            Quant(1.0f, 0), {1, 3, 2}, {0, 0, 3});
  EXPECT_THAT(got, ElementsAre(1, 2, 3));
}

TEST(AddTest, Int8RoundsNegativeTiesAwayFromZero) {
  // -0.5 -> -1, -1.5 -> -2, -2.5 -> -3, 0.5 - 1.0 = -0.5 -> -1.
  const auto got = RunQuantizedAdd<int8_t>(DataType::kInt8, {4}, Quant(0.5f, 0), Quant(0.5f, 0),
                                           Quant(1.0f, 0), {-1, -3, -2, 1}, {0, 0, -3, -2});
  EXPECT_THAT(got, ElementsAre(-1, -2, -3, -1));
}

TEST(AddTest, Int8SaturatesAtBothEnds) {
  const auto got = RunQuantizedAdd<int8_t>(DataType::kInt8, {3}, Quant(1.0f, 0), Quant(1.0f, 0),
                                           Quant(1.0f, 0), {100, -100, 127}, {100, -100, -128});
  EXPECT_THAT(got, ElementsAre(127, -128, -1));
}

TEST(AddTest, Uint8DifferentScales) {
  // s1 = 0.5, s2 = 0.25, out 0.5, zero points 0: 4*0.5 + 6*0.25 = 3.5 -> 7;
  // 1*0.5 + 1*0.25 = 0.75 -> 1.5 -> 2; 0 + 3*0.25 = 0.75 -> 2.
  const auto got = RunQuantizedAdd<uint8_t>(DataType::kUInt8, {3}, Quant(0.5f, 0), Quant(0.25f, 0),
                                            Quant(0.5f, 0), {4, 1, 0}, {6, 1, 3});
  EXPECT_THAT(got, ElementsAre(7, 2, 2));
}

TEST(AddTest, Uint8Relu6ClampsInQuantizedDomain) {
  // All tensors scale 0.1, zero point 100; RELU6 range is q in [100, 160].
  // 5.0 + 4.0 = 9 -> 160; -5 + 0 -> 100; 3 + 1 = 4 -> 140.
  const auto got = RunQuantizedAdd<uint8_t>(DataType::kUInt8, {3}, Quant(0.1f, 100),
                                            Quant(0.1f, 100), Quant(0.1f, 100), {150, 50, 130},
                                            {140, 100, 110}, Activation::kRelu6);
  EXPECT_THAT(got, ElementsAre(160, 100, 140));
}

TEST(AddTest, Int8ReluClampsAtZeroPoint) {
  // Scale 0.5, zero point -20: -3 + 1 = -2 -> clamps to q = -20; 1 + 1 -> -16.
  const auto got =
      RunQuantizedAdd<int8_t>(DataType::kInt8, {2}, Quant(0.5f, -20), Quant(0.5f, -20),
                              Quant(0.5f, -20), {-26, -18}, {-18, -18}, Activation::kRelu);
  EXPECT_THAT(got, ElementsAre(-20, -16));
}

TEST(AddTest, RandomBroadcastShapes) {
  const std::vector<std::pair<Shape, Shape>> cases = {{{1, 3, 1, 2}, {1, 1, 4, 2}},
                                                      {{1, 1, 4, 2}, {1, 3, 1, 2}},
                                                      {{2, 3, 4}, {4}},
                                                      {{5, 1}, {1, 7}},
                                                      {{3, 1, 2, 1, 5}, {1, 4, 1, 3, 1}},
                                                      {{1}, {13}},
                                                      {{}, {3, 3}},
                                                      {{2, 1, 3}, {2, 1, 3}}};
  for (const auto& [a, b] : cases) {
    BinaryOpTester(OpType::kAdd).shapes(a, b).Test();
    BinaryOpTester(OpType::kAdd)
        .shapes(a, b)
        .type(DataType::kUInt8)
        .input1(0.05f, 128)
        .input2(0.02f, 100)
        .output(0.07f, 120)
        .Test();
    BinaryOpTester(OpType::kAdd)
        .shapes(a, b)
        .type(DataType::kInt8)
        .input1(0.03f, -10)
        .input2(0.11f, 5)
        .output(0.1f, -3)
        .Test();
  }
}

TEST(AddTest, RandomOddSizes) {
  for (int32_t n : {1, 3, 13, 127}) {
    for (DataType type : {DataType::kFloat32, DataType::kUInt8, DataType::kInt8}) {
      for (Activation activation :
           {Activation::kNone, Activation::kRelu, Activation::kRelu6, Activation::kReluN1To1}) {
        const int32_t zp = type == DataType::kUInt8 ? 128 : 0;
        BinaryOpTester(OpType::kAdd)
            .shapes({1, n}, {1, n})
            .type(type)
            .input1(0.04f, zp)
            .input2(0.04f, zp - 7)
            .output(0.06f, zp + 3)
            .activation(activation)
            .Test();
        BinaryOpTester(OpType::kAdd)
            .shapes({n, 1, 3}, {1, n, 1})
            .type(type)
            .input1(0.1f, zp + 20)
            .input2(0.01f, zp)
            .output(0.09f, zp - 5)
            .activation(activation)
            .Test();
      }
    }
  }
}

TEST(AddTest, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeAdd(Plain(DataType::kInt32, {2}), Plain(DataType::kInt32, {2}),
                                  Plain(DataType::kInt32, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"a\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(AddTest, RejectsMixedInputTypes) {
  SingleOpRunner runner =
      MakeAdd(Float({2}), Quantized(DataType::kUInt8, {2}, 1.0f, 0), Float({2}));
  EXPECT_EQ(runner.Prepare().message(), "input 1 (tensor 1 \"b\") is UINT8, expected FLOAT32");
}

TEST(AddTest, RejectsWrongOutputType) {
  SingleOpRunner runner =
      MakeAdd(Quantized(DataType::kInt8, {2}, 1.0f, 0), Quantized(DataType::kInt8, {2}, 1.0f, 0),
              Quantized(DataType::kUInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 2 \"out\") is UINT8, expected INT8");
}

TEST(AddTest, RejectsShapesThatDoNotBroadcast) {
  SingleOpRunner runner = MakeAdd(Float({2, 3}), Float({2, 4}), Float({2, 4}));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("input shapes [2,3] and [2,4] do not broadcast"));
}

TEST(AddTest, RejectsOutputShapeOtherThanBroadcastShape) {
  SingleOpRunner runner = MakeAdd(Float({1, 3, 1, 2}), Float({1, 1, 4, 2}), Float({1, 3, 1, 2}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 2 \"out\") has shape [1,3,1,2], expected [1,3,4,2]");
}

TEST(AddTest, RejectsMissingQuantization) {
  SingleOpRunner runner =
      MakeAdd(Quantized(DataType::kUInt8, {2}, 1.0f, 0), Plain(DataType::kUInt8, {2}),
              Quantized(DataType::kUInt8, {2}, 1.0f, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 1 \"b\" needs one positive quantization scale"));
}

TEST(AddTest, RejectsZeroPointOutsideType) {
  SingleOpRunner runner =
      MakeAdd(Quantized(DataType::kInt8, {2}, 1.0f, 200), Quantized(DataType::kInt8, {2}, 1.0f, 0),
              Quantized(DataType::kInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(),
            "tensor 0 \"a\" has zero point 200, outside the INT8 range [-128, 127]");
}

}  // namespace
}  // namespace edgebench::testing
