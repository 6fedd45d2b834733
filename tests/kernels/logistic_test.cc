// LOGISTIC: hand-worked values, every 8-bit input against the definition
// (dequantize, sigmoid in double, quantize to scale 1/256), random float data,
// and Prepare's errors including TFLite's fixed output quantization.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
using elementwise_test::SetQuantizedInput;
using elementwise_test::TensorSpec;
using elementwise_test::TypeMax;
using elementwise_test::TypeMin;
using graph::DataType;
using graph::OpType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kOutputScale = 1.0f / 256;

SingleOpRunner MakeLogistic(const TensorSpec& in, const TensorSpec& out) {
  return MakeUnaryOp(OpType::kLogistic, kernels::PrepareLogistic, in, out);
}

int32_t SigmoidZeroPoint(DataType type) { return type == DataType::kUInt8 ? 0 : -128; }

TEST(LogisticTest, FloatHandWorked) {
  SingleOpRunner runner = MakeLogistic(Float({5}), Float({5}));
  ASSERT_TRUE(runner.Prepare().ok());
  // sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75.
  const float ln3 = std::log(3.0f);
  runner.SetInput<float>(0, {0.0f, ln3, -ln3, 100.0f, -100.0f});
  runner.Run();
  const std::vector<float> got = runner.Output<float>(1);
  EXPECT_FLOAT_EQ(got[0], 0.5f);
  EXPECT_FLOAT_EQ(got[1], 0.75f);
  EXPECT_FLOAT_EQ(got[2], 0.25f);
  EXPECT_EQ(got[3], 1.0f);
  EXPECT_NEAR(got[4], 0.0f, 1e-40f);
}

TEST(LogisticTest, Uint8HandWorked) {
  // Input scale 0.1, zero point 128. q=128: x=0 -> 0.5 -> 128. q=139: x=1.1 ->
  // 0.75026 -> 192.07 -> 192. q=117: x=-1.1 -> 0.24974 -> 63.93 -> 64.
  // q=255: x=12.7 -> 0.999997 -> 255.9992 rounds to 256, saturates at 255.
  // q=0: x=-12.8 -> 2.8e-6 -> 0.0007 -> 0.
  SingleOpRunner runner = MakeLogistic(Quantized(DataType::kUInt8, {5}, 0.1f, 128),
                                       Quantized(DataType::kUInt8, {5}, kOutputScale, 0));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {128, 139, 117, 255, 0});
  runner.Run();
  EXPECT_THAT(runner.Output<uint8_t>(1), ElementsAre(128, 192, 64, 255, 0));
}

TEST(LogisticTest, Int8HandWorked) {
  // Same reals as the UINT8 case with zero points moved by -128; the output
  // zero point -128 maps 0.5 to 0 and saturates at 127.
  SingleOpRunner runner = MakeLogistic(Quantized(DataType::kInt8, {5}, 0.1f, 0),
                                       Quantized(DataType::kInt8, {5}, kOutputScale, -128));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {0, 11, -11, 127, -128});
  runner.Run();
  EXPECT_THAT(runner.Output<int8_t>(1), ElementsAre(0, 64, -64, 127, -128));
}

// Every possible input value, against sigmoid in double.
void TestAllInputs(DataType type, float input_scale, int32_t input_zero_point) {
  SCOPED_TRACE(std::string(graph::DataTypeName(type)) + " input scale " +
               std::to_string(input_scale) + " zero point " + std::to_string(input_zero_point));
  const int32_t lo = TypeMin(type);
  const int32_t hi = TypeMax(type);
  const graph::Shape shape = {hi - lo + 1};
  SingleOpRunner runner =
      MakeLogistic(Quantized(type, shape, input_scale, input_zero_point),
                   Quantized(type, shape, kOutputScale, SigmoidZeroPoint(type)));
  ASSERT_TRUE(runner.Prepare().ok());
  std::vector<int32_t> inputs;
  for (int32_t q = lo; q <= hi; ++q) inputs.push_back(q);
  SetQuantizedInput(runner, 0, type, inputs);
  runner.Run();
  const std::vector<int32_t> got = QuantizedOutput(runner, 1, type);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double x = static_cast<double>(input_scale) * (inputs[i] - input_zero_point);
    const int32_t expected =
        QuantizeReal(1.0 / (1.0 + std::exp(-x)), 1.0 / 256, SigmoidZeroPoint(type), type);
    ASSERT_LE(std::abs(got[i] - expected), 1)
        << "q " << inputs[i] << " (x " << x << "): got " << got[i] << ", expected " << expected;
  }
}

TEST(LogisticTest, EveryUint8InputMatchesDefinition) {
  TestAllInputs(DataType::kUInt8, 0.1f, 128);
  TestAllInputs(DataType::kUInt8, 0.0313f, 200);
  TestAllInputs(DataType::kUInt8, 0.5f, 3);
}

TEST(LogisticTest, EveryInt8InputMatchesDefinition) {
  TestAllInputs(DataType::kInt8, 0.1f, 0);
  TestAllInputs(DataType::kInt8, 0.0313f, 72);
  TestAllInputs(DataType::kInt8, 0.5f, -125);
}

TEST(LogisticTest, RandomFloatOddSizes) {
  const uint32_t seed = DefaultSeed();
  std::mt19937 rng(seed);
  for (int32_t n : {1, 3, 13, 127}) {
    SCOPED_TRACE("seed " + std::to_string(seed) + ", size " + std::to_string(n));
    SingleOpRunner runner = MakeLogistic(Float({n, 1}), Float({n, 1}));
    ASSERT_TRUE(runner.Prepare().ok());
    const std::vector<float> x = RandomFloats(rng, n, -20.0f, 20.0f);
    runner.SetInput(0, x);
    runner.Run();
    const std::vector<float> got = runner.Output<float>(1);
    for (int32_t i = 0; i < n; ++i) {
      const double expected = 1.0 / (1.0 + std::exp(-static_cast<double>(x[i])));
      ASSERT_NEAR(got[i], expected, 4e-7 * expected) << "input " << i << " x " << x[i];
    }
  }
}

TEST(LogisticTest, RejectsWrongOutputScale) {
  SingleOpRunner runner = MakeLogistic(Quantized(DataType::kUInt8, {2}, 0.1f, 128),
                                       Quantized(DataType::kUInt8, {2}, 0.01f, 0));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has scale 0.01 and zero point 0, expected scale 1/256 "
            "and zero point 0 for UINT8 LOGISTIC");
}

TEST(LogisticTest, RejectsWrongInt8OutputZeroPoint) {
  SingleOpRunner runner = MakeLogistic(Quantized(DataType::kInt8, {2}, 0.1f, 0),
                                       Quantized(DataType::kInt8, {2}, kOutputScale, 0));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("expected scale 1/256 and zero point -128 for INT8 LOGISTIC"));
}

TEST(LogisticTest, RejectsUnsupportedType) {
  SingleOpRunner runner = MakeLogistic(Plain(DataType::kInt32, {2}), Plain(DataType::kInt32, {2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(LogisticTest, RejectsOutputTypeMismatch) {
  SingleOpRunner runner = MakeLogistic(Quantized(DataType::kUInt8, {2}, 0.1f, 128), Float({2}));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 1 \"out\") is FLOAT32, expected UINT8");
}

TEST(LogisticTest, RejectsShapeMismatch) {
  SingleOpRunner runner = MakeLogistic(Float({1, 4}), Float({4}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has shape [4], expected [1,4]");
}

TEST(LogisticTest, RejectsMissingInputQuantization) {
  SingleOpRunner runner = MakeLogistic(Plain(DataType::kInt8, {2}),
                                       Quantized(DataType::kInt8, {2}, kOutputScale, -128));
  EXPECT_THAT(runner.Prepare().message(),
              HasSubstr("tensor 0 \"in\" needs one positive quantization scale"));
}

}  // namespace
}  // namespace edgebench::testing
