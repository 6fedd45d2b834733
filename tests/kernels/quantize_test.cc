// QUANTIZE: FLOAT32 -> UINT8/INT8 and 8-bit requantization, hand-worked
// (exact, including ties, saturation and TFLite's fixed-point rounding),
// random and exhaustive inputs against the definition, and Prepare's errors.
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
using elementwise_test::QuantizedOutput;
using elementwise_test::QuantizeReal;
using elementwise_test::RandomFloats;
using elementwise_test::SetQuantizedInput;
using elementwise_test::TensorSpec;
using elementwise_test::TypeMax;
using elementwise_test::TypeMin;
using graph::DataType;
using graph::OpType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SingleOpRunner MakeQuantize(const TensorSpec& in, const TensorSpec& out) {
  return MakeUnaryOp(OpType::kQuantize, kernels::PrepareQuantize, in, out);
}

TEST(QuantizeTest, FloatToUint8RoundsTiesAwayFromZeroAndSaturates) {
  // Scale 0.5, zero point 10: x / 0.5 = 0, 0.5, -0.5, 1.5, -1.5, 2000, -2000.
  SingleOpRunner runner = MakeQuantize(Float({7}), Quantized(DataType::kUInt8, {7}, 0.5f, 10));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {0.0f, 0.25f, -0.25f, 0.75f, -0.75f, 1000.0f, -1000.0f});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(10, 11, 9, 12, 8, 255, 0));
}

TEST(QuantizeTest, FloatToInt8) {
  // Scale 0.25, zero point -5: 0.125 -> 0.5 -> 1 -> -4; -0.125 -> -1 -> -6;
  // 1 -> 4 -> -1; +-100 saturate.
  SingleOpRunner runner = MakeQuantize(Float({5}), Quantized(DataType::kInt8, {5}, 0.25f, -5));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<float>(0, {0.125f, -0.125f, 1.0f, 100.0f, -100.0f});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(-4, -6, -1, 127, -128));
}

TEST(QuantizeTest, Uint8ToInt8ShiftsZeroPoint) {
  SingleOpRunner runner = MakeQuantize(Quantized(DataType::kUInt8, {4}, 0.3f, 128),
                                       Quantized(DataType::kInt8, {4}, 0.3f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {0, 128, 255, 1});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(-128, 0, 127, -127));
}

TEST(QuantizeTest, Int8ToUint8WithRescale) {
  // Multiplier 0.5, output zero point 128: 3 -> 1.5 -> 2 -> 130; 127 -> 63.5
  // -> 64 -> 192; -128 -> -64 -> 64. With a multiplier of exactly 0.5 there
  // is no rounding shift and TFLite's high multiply rounds a negative half
  // up: -3 -> -1.5 -> -1 -> 127.
  SingleOpRunner runner = MakeQuantize(Quantized(DataType::kInt8, {4}, 0.5f, 0),
                                       Quantized(DataType::kUInt8, {4}, 1.0f, 128));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {3, 127, -128, -3});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(130, 192, 64, 127));
}

TEST(QuantizeTest, Uint8ToUint8Requantizes) {
  // Multiplier 0.25, output zero point 100: 2 -> 0.5 -> 1 -> 101; 255 -> 63.75
  // -> 64 -> 164; 6 -> 1.5 -> 2 -> 102.
  SingleOpRunner runner = MakeQuantize(Quantized(DataType::kUInt8, {3}, 0.5f, 0),
                                       Quantized(DataType::kUInt8, {3}, 2.0f, 100));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {2, 255, 6});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(101, 164, 102));
}

TEST(QuantizeTest, Int8ToInt8SaturatesWhenScaleShrinks) {
  // Multiplier 2: 100 -> 200 -> 127; -100 -> -128; 10 -> 20; -7 -> -14.
  SingleOpRunner runner = MakeQuantize(Quantized(DataType::kInt8, {4}, 1.0f, 0),
                                       Quantized(DataType::kInt8, {4}, 0.5f, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {100, -100, 10, -7});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(127, -128, 20, -14));
}

TEST(QuantizeTest, RandomFloatOddSizes) {
  const uint32_t seed = DefaultSeed();
  std::mt19937 rng(seed);
  for (DataType type : {DataType::kUInt8, DataType::kInt8}) {
    for (int32_t n : {1, 3, 13, 127}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + ", " + graph::DataTypeName(type) + ", size " +
                   std::to_string(n));
      const float scale = 0.037f;
      const int32_t zero_point = type == DataType::kUInt8 ? 131 : -9;
      SingleOpRunner runner =
          MakeQuantize(Float({n, 1, 1}), Quantized(type, {n, 1, 1}, scale, zero_point));
      ASSERT_TRUE(runner.Prepare().ok());
      // Wider than the representable range, so both ends saturate.
      const std::vector<float> x = RandomFloats(rng, n, -6.0f, 6.0f);
      runner.SetInput(0, x);
      runner.Run();
      const std::vector<int32_t> got = QuantizedOutput(runner, 1, type);
      for (int32_t i = 0; i < n; ++i) {
        const int32_t expected = QuantizeReal(x[i], scale, zero_point, type);
        ASSERT_LE(std::abs(got[i] - expected), 1)
            << "x " << x[i] << ": got " << got[i] << ", expected " << expected;
      }
    }
  }
}

void TestAllRequantizeInputs(DataType in_type, float in_scale, int32_t in_zero_point,
                             DataType out_type, float out_scale, int32_t out_zero_point) {
  SCOPED_TRACE(std::string(graph::DataTypeName(in_type)) + " " + std::to_string(in_scale) + "/" +
               std::to_string(in_zero_point) + " -> " + graph::DataTypeName(out_type) + " " +
               std::to_string(out_scale) + "/" + std::to_string(out_zero_point));
  const graph::Shape shape = {256};
  SingleOpRunner runner = MakeQuantize(Quantized(in_type, shape, in_scale, in_zero_point),
                                       Quantized(out_type, shape, out_scale, out_zero_point));
  ASSERT_TRUE(runner.Prepare().ok());
  std::vector<int32_t> inputs;
  for (int32_t q = TypeMin(in_type); q <= TypeMax(in_type); ++q) inputs.push_back(q);
  SetQuantizedInput(runner, 0, in_type, inputs);
  runner.Run();
  const std::vector<int32_t> got = QuantizedOutput(runner, 1, out_type);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double real = static_cast<double>(in_scale) * (inputs[i] - in_zero_point);
    const int32_t expected = QuantizeReal(real, out_scale, out_zero_point, out_type);
    ASSERT_LE(std::abs(got[i] - expected), 1)
        << "q " << inputs[i] << ": got " << got[i] << ", expected " << expected;
  }
}

TEST(QuantizeTest, EveryRequantizeInputMatchesDefinition) {
  TestAllRequantizeInputs(DataType::kUInt8, 0.02f, 128, DataType::kInt8, 0.02f, 0);
  TestAllRequantizeInputs(DataType::kUInt8, 0.02f, 128, DataType::kInt8, 0.031f, -7);
  TestAllRequantizeInputs(DataType::kInt8, 0.05f, 3, DataType::kUInt8, 0.011f, 140);
  TestAllRequantizeInputs(DataType::kUInt8, 0.05f, 3, DataType::kUInt8, 0.2f, 200);
  TestAllRequantizeInputs(DataType::kInt8, 0.013f, -60, DataType::kInt8, 0.009f, 12);
}

TEST(QuantizeTest, RejectsFloatOutput) {
  SingleOpRunner runner = MakeQuantize(Float({2}), Float({2}));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 1 \"out\") is FLOAT32, expected UINT8");
}

TEST(QuantizeTest, RejectsUnsupportedInputType) {
  SingleOpRunner runner =
      MakeQuantize(Plain(DataType::kInt32, {2}), Quantized(DataType::kUInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(QuantizeTest, RejectsShapeMismatch) {
  SingleOpRunner runner =
      MakeQuantize(Float({1, 300, 300, 3}), Quantized(DataType::kUInt8, {1, 300, 300}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has shape [1,300,300], expected [1,300,300,3]");
}

TEST(QuantizeTest, RejectsMissingOutputQuantization) {
  SingleOpRunner runner = MakeQuantize(Float({2}), Plain(DataType::kInt8, {2}));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 1 \"out\" needs one positive quantization scale"));
}

TEST(QuantizeTest, RejectsMissingInputQuantizationWhenRequantizing) {
  SingleOpRunner runner =
      MakeQuantize(Plain(DataType::kUInt8, {2}), Quantized(DataType::kInt8, {2}, 1.0f, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 0 \"in\" needs one positive quantization scale"));
}

TEST(QuantizeTest, RejectsPerChannelOutputQuantization) {
  TensorSpec out = Plain(DataType::kInt8, {2, 1});
  out.quantization.scale = {0.1f, 0.2f};
  out.quantization.zero_point = {0, 0};
  out.quantization.axis = 0;
  SingleOpRunner runner = MakeQuantize(Float({2, 1}), out);
  EXPECT_EQ(runner.Prepare().message(),
            "tensor 1 \"out\" needs one positive quantization scale and one zero point, found 2 "
            "scales and 2 zero points");
}

}  // namespace
}  // namespace edgebench::testing
