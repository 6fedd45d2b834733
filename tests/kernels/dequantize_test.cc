// DEQUANTIZE: hand-worked values, every 8-bit input against the definition
// scale * (q - zero_point), and Prepare's errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernels/elementwise_tester.h"

namespace edgebench::testing {
namespace {

using elementwise_test::Float;
using elementwise_test::MakeUnaryOp;
using elementwise_test::Plain;
using elementwise_test::Quantized;
using elementwise_test::SetQuantizedInput;
using elementwise_test::TensorSpec;
using elementwise_test::TypeMax;
using elementwise_test::TypeMin;
using graph::DataType;
using graph::OpType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SingleOpRunner MakeDequantize(const TensorSpec& in, const TensorSpec& out) {
  return MakeUnaryOp(OpType::kDequantize, kernels::PrepareDequantize, in, out);
}

TEST(DequantizeTest, Uint8HandWorked) {
  SingleOpRunner runner = MakeDequantize(Quantized(DataType::kUInt8, {5}, 0.5f, 128), Float({5}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<uint8_t>(0, {0, 128, 255, 129, 127});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(1), ElementsAre(-64.0f, 0.0f, 63.5f, 0.5f, -0.5f));
}

TEST(DequantizeTest, Int8HandWorked) {
  // Scale 0.125, zero point -3.
  SingleOpRunner runner =
      MakeDequantize(Quantized(DataType::kInt8, {2, 2}, 0.125f, -3), Float({2, 2}));
  ASSERT_TRUE(runner.Prepare().ok());
  runner.SetInput<int8_t>(0, {-3, 5, -128, 127});
  runner.Run();
  EXPECT_THAT(runner.Output<float>(1), ElementsAre(0.0f, 1.0f, -15.625f, 16.25f));
}

void TestAllInputs(DataType type, float scale, int32_t zero_point) {
  SCOPED_TRACE(std::string(graph::DataTypeName(type)) + " scale " + std::to_string(scale) +
               " zero point " + std::to_string(zero_point));
  SingleOpRunner runner =
      MakeDequantize(Quantized(type, {16, 16}, scale, zero_point), Float({16, 16}));
  ASSERT_TRUE(runner.Prepare().ok());
  std::vector<int32_t> inputs;
  for (int32_t q = TypeMin(type); q <= TypeMax(type); ++q) inputs.push_back(q);
  SetQuantizedInput(runner, 0, type, inputs);
  runner.Run();
  const std::vector<float> got = runner.Output<float>(1);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double expected = static_cast<double>(scale) * (inputs[i] - zero_point);
    // One rounding of the exact product to float.
    ASSERT_NEAR(got[i], expected, std::abs(expected) * 6e-8) << "q " << inputs[i];
  }
}

TEST(DequantizeTest, EveryInputMatchesDefinition) {
  TestAllInputs(DataType::kUInt8, 0.0078125f, 128);
  TestAllInputs(DataType::kUInt8, 0.1f, 0);
  TestAllInputs(DataType::kUInt8, 0.0123f, 37);
  TestAllInputs(DataType::kInt8, 0.1f, 0);
  TestAllInputs(DataType::kInt8, 0.0123f, -37);
  TestAllInputs(DataType::kInt8, 3.7f, 127);
}

TEST(DequantizeTest, RejectsFloatInput) {
  SingleOpRunner runner = MakeDequantize(Float({2}), Float({2}));
  EXPECT_EQ(runner.Prepare().message(),
            "input 0 (tensor 0 \"in\") is FLOAT32, expected UINT8 or INT8");
}

TEST(DequantizeTest, RejectsNonFloatOutput) {
  SingleOpRunner runner = MakeDequantize(Quantized(DataType::kUInt8, {2}, 1.0f, 0),
                                         Quantized(DataType::kInt8, {2}, 1.0f, 0));
  EXPECT_EQ(runner.Prepare().message(), "output 0 (tensor 1 \"out\") is INT8, expected FLOAT32");
}

TEST(DequantizeTest, RejectsShapeMismatch) {
  SingleOpRunner runner =
      MakeDequantize(Quantized(DataType::kInt8, {4}, 0.125f, -3), Float({2, 2}));
  EXPECT_EQ(runner.Prepare().message(),
            "output 0 (tensor 1 \"out\") has shape [2,2], expected [4]");
}

TEST(DequantizeTest, RejectsMissingQuantization) {
  SingleOpRunner runner = MakeDequantize(Plain(DataType::kUInt8, {2}), Float({2}));
  EXPECT_EQ(runner.Prepare().message(),
            "tensor 0 \"in\" needs one positive quantization scale and one zero point, found 0 "
            "scales and 0 zero points");
}

TEST(DequantizeTest, RejectsZeroScale) {
  SingleOpRunner runner = MakeDequantize(Quantized(DataType::kInt8, {2}, 0.0f, 0), Float({2}));
  EXPECT_THAT(runner.Prepare().message(), HasSubstr("needs one positive quantization scale"));
}

}  // namespace
}  // namespace edgebench::testing
