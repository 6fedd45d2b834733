// RELU: hand-worked values (exact, including requantization ties, clamping at
// the output zero point and saturation), every 8-bit input against the
// definition, random float data, and Prepare's errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernels/elementwise_tester.h"

namespace edgebench::testing {
namespace {

using elementwise_test::DefaultSeed;
using elementwise_test::Float;
using elementwise_test::MakeUnaryOp;
using elementwise_test::Plain;
using elementwise_test::Quantized;
using elementwise_test::RandomFloats;
using elementwise_test::TensorSpec;
using elementwise_test::TestClampActivationOnAllInputs;
using graph::Activation;
using graph::DataType;
using graph::OpType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SingleOpRunner MakeRelu(const TensorSpec& in, const TensorSpec& out) {
  return MakeUnaryOp(OpType::kRelu, kernels::PrepareRelu, in, out);
}

TEST(ReluTest, FloatHandWorked) {
  SingleOpRunner runner = MakeRelu(Float({5}), Float({5}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {-1.0f, 0.0f, 2.5f, -1e-30f, 1e30f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(1), ElementsAre(0.0f, 0.0f, 2.5f, 0.0f, 1e30f));
}

TEST(ReluTest, Uint8SameQuantizationClampsAtZeroPoint) {
  SingleOpRunner runner = MakeRelu(Quantized(DataType::kUInt8, {4}, 0.5f, 10),
                                   Quantized(DataType::kUInt8, {4}, 0.5f, 10));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {0, 10, 11, 255});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(10, 10, 11, 255));
}

TEST(ReluTest, Uint8RequantizesWithTiesAwayFromZero) {
  // 0.5 * (q - 10) to scale 1: 13 -> 1.5 -> 2, 15 -> 2.5 -> 3, 7 -> -1.5 -> 0,
  // 255 -> 122.5 -> 123.
  SingleOpRunner runner = MakeRelu(Quantized(DataType::kUInt8, {4}, 0.5f, 10),
                                   Quantized(DataType::kUInt8, {4}, 1.0f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {13, 15, 7, 255});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(2, 3, 0, 123));
}

TEST(ReluTest, Int8Requantizes) {
  // 0.25 * (q + 100) to scale 1, zero point -128: -98 -> 0.5 -> 1 -> -127;
  // -94 -> 1.5 -> 2 -> -126; 127 -> 56.75 -> 57 -> -71; -128 -> -7 -> -128.
  SingleOpRunner runner = MakeRelu(Quantized(DataType::kInt8, {4}, 0.25f, -100),
                                   Quantized(DataType::kInt8, {4}, 1.0f, -128));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {-98, -94, 127, -128});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(-127, -126, -71, -128));
}

TEST(ReluTest, Int8SaturatesAtTypeMax) {
  // Input scale 1, output scale 0.25: 40 -> 160 -> 127; 31 -> 124; -40 -> 0.
  SingleOpRunner runner =
      MakeRelu(Quantized(DataType::kInt8, {3}, 1.0f, 0), Quantized(DataType::kInt8, {3}, 0.25f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {40, 31, -40});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(127, 124, 0));
}

TEST(ReluTest, EveryInputMatchesDefinition) {
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    const int32_t zp = type == DataType::kUInt8 ? 128 : 0;
    TestClampActivationOnAllInputs(OpType::kRelu, Activation::kRelu, type, {0.1f, zp}, {0.1f, zp});
    TestClampActivationOnAllInputs(OpType::kRelu, Activation::kRelu, type, {0.1f, zp + 30},
                                   {0.07f, zp - 100});
    TestClampActivationOnAllInputs(OpType::kRelu, Activation::kRelu, type, {0.013f, zp - 5},
                                   {0.2f, zp + 2});
    TestClampActivationOnAllInputs(OpType::kRelu, Activation::kRelu, type, {2.0f, zp}, {0.01f, zp});
  }
}

TEST(ReluTest, RandomFloatOddSizes) {
  const uint32_t seed = DefaultSeed();
  std::mt19937 rng(seed);
  for (int32_t n : {1, 3, 13, 127}) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", size " + std::to_string(n));
    SingleOpRunner runner = MakeRelu(Float({1, n}), Float({1, n}));
    ASSERT_TRUE(runner.Prepare().ok());
    const std::vector<float> x = RandomFloats(rng, n, -10.0f, 10.0f);
    runner.SetInput(0, x);
    runner.Run();
    const std::vector<float> got = runner.Output<float>(1);
    for (int32_t i = 0; i < n; ++i) {
      ASSERT_EQ(got[i], x[i] > 0.0f ? x[i] : 0.0f) << "input " << i << " x " << x[i];
    }
  }
}

TEST(ReluTest, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeRelu(Plain(DataType::kInt32, {2}), Plain(DataType::kInt32, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(ReluTest, RejectsOutputTypeMismatch) {
  SingleOpRunner runner =
      MakeRelu(Quantized(DataType::kInt8, {2}, 1.0f, 0), Quantized(DataType::kUInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 1 \"out\") is UINT8, expected INT8");
}

TEST(ReluTest, RejectsShapeMismatch) {
  SingleOpRunner runner = MakeRelu(Float({2, 3}), Float({3, 2}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has shape [3,2], expected [2,3]");
}

TEST(ReluTest, RejectsMissingOutputQuantization) {
  SingleOpRunner runner =
      MakeRelu(Quantized(DataType::kUInt8, {2}, 1.0f, 0), Plain(DataType::kUInt8, {2}));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 1 \"out\" needs one positive quantization scale"));
}

}  // namespace
}  // namespace edgebench::testing
