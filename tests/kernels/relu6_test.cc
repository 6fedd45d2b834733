// RELU6: hand-worked values (exact, including the upper clamp in the output's
// quantized domain), every 8-bit input against the definition, random float
// data, and Prepare's errors.
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

SingleOpRunner MakeRelu6(const TensorSpec& in, const TensorSpec& out) {
  return MakeUnaryOp(OpType::kRelu6, kernels::PrepareRelu6, in, out);
}

TEST(Relu6Test, FloatHandWorked) {
  SingleOpRunner runner = MakeRelu6(Float({5}), Float({5}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {-1.0f, 3.0f, 6.0f, 7.5f, 5.999f});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(1), ElementsAre(0.0f, 3.0f, 6.0f, 6.0f, 5.999f));
}

TEST(Relu6Test, Uint8ClampsAtSixInQuantizedDomain) {
  // Scale 0.05, zero point 0: 6 is q = 120.
  SingleOpRunner runner = MakeRelu6(Quantized(DataType::kUInt8, {4}, 0.05f, 0),
                                    Quantized(DataType::kUInt8, {4}, 0.05f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {200, 121, 100, 0});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(120, 120, 100, 0));
}

TEST(Relu6Test, Int8ClampsBothEndsAfterRequantizing) {
  // Input scale 0.1, zero point 0; output scale 0.1, zero point -128, where
  // the RELU6 range is q in [-128, -68]: 10.0 -> -68; 3.0 -> -98; -5 -> -128.
  SingleOpRunner runner = MakeRelu6(Quantized(DataType::kInt8, {3}, 0.1f, 0),
                                    Quantized(DataType::kInt8, {3}, 0.1f, -128));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {100, 30, -50});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(-68, -98, -128));
}

TEST(Relu6Test, Int8SixBeyondTypeRangeSaturatesAtTypeMax) {
  // Output scale 0.01: 6 would be q = 600, so the clamp is the type's 127;
  // input 1.0 -> 100, 2.0 -> 127.
  SingleOpRunner runner = MakeRelu6(Quantized(DataType::kInt8, {2}, 0.1f, 0),
                                    Quantized(DataType::kInt8, {2}, 0.01f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {10, 20});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(100, 127));
}

TEST(Relu6Test, EveryInputMatchesDefinition) {
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    const int32_t zp = type == DataType::kUInt8 ? 128 : 0;
    TestClampActivationOnAllInputs(OpType::kRelu6, Activation::kRelu6, type, {0.1f, zp},
                                   {0.1f, zp});
    TestClampActivationOnAllInputs(OpType::kRelu6, Activation::kRelu6, type, {0.1f, zp + 30},
                                   {6.0f / 255, zp - 128});
    TestClampActivationOnAllInputs(OpType::kRelu6, Activation::kRelu6, type, {0.013f, zp - 5},
                                   {0.02f, zp + 2});
    TestClampActivationOnAllInputs(OpType::kRelu6, Activation::kRelu6, type, {2.0f, zp},
                                   {0.03f, zp});
  }
}

TEST(Relu6Test, RandomFloatOddSizes) {
  const uint32_t seed = DefaultSeed();
  std::mt19937 rng(seed);
  for (int32_t n : {1, 3, 13, 127}) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", size " + std::to_string(n));
    SingleOpRunner runner = MakeRelu6(Float({n}), Float({n}));
    ASSERT_TRUE(runner.Prepare().ok());
    const std::vector<float> x = RandomFloats(rng, n, -10.0f, 10.0f);
    runner.SetInput(0, x);
    runner.Run();
    const std::vector<float> got = runner.Output<float>(1);
    for (int32_t i = 0; i < n; ++i) {
      const float expected = x[i] < 0.0f ? 0.0f : (x[i] > 6.0f ? 6.0f : x[i]);
      ASSERT_EQ(got[i], expected) << "input " << i << " x " << x[i];
    }
  }
}

TEST(Relu6Test, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeRelu6(Plain(DataType::kInt64, {2}), Plain(DataType::kInt64, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is INT64, expected FLOAT32 or UINT8 or INT8");
}

TEST(Relu6Test, RejectsShapeMismatch) {
  SingleOpRunner runner = MakeRelu6(Float({4}), Float({5}));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 1 \"out\") has shape [5], expected [4]");
}

TEST(Relu6Test, RejectsZeroPointOutsideType) {
  SingleOpRunner runner = MakeRelu6(Quantized(DataType::kUInt8, {2}, 0.1f, -1),
                                    Quantized(DataType::kUInt8, {2}, 0.1f, 0));
  EXPECT_EQ(runner.Prepare().message(),
            "tensor 0 \"in\" has zero point -1, outside the UINT8 range [0, 255]");
}

}  // namespace
}  // namespace edgebench::testing
