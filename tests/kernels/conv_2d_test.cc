// CONV_2D reference kernel: hand-worked cases with known results (padding
// placement, TFLite's fixed-point rounding, clamps), random problems checked
// against the definition by ConvTester, and Prepare's error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "conv_tester.h"
#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"

namespace edgebench::testing {
namespace {

using conv_test::PerChannelQuant;
using conv_test::Quant;
using conv_test::RunSingleOp;
using graph::Activation;
using graph::DataType;
using graph::Padding;

constexpr DataType kAllTypes[] = {DataType::kFloat32, DataType::kUInt8, DataType::kInt8};

graph::Conv2DOptions Options(Padding padding, int32_t stride, int32_t dilation = 1,
                             Activation activation = Activation::kNone) {
  graph::Conv2DOptions o;
  o.padding = padding;
  o.stride_h = o.stride_w = stride;
  o.dilation_h = o.dilation_w = dilation;
  o.activation = activation;
  return o;
}

// A float conv of `input` (1,h,w,1) with a k x k filter of ones and no bias.
std::vector<float> SumWindows(int32_t h, int32_t w, const std::vector<float>& input, int32_t k,
                              graph::Conv2DOptions options, graph::Shape output_shape) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kFloat32, {1, h, w, 1});
  const int weights =
      b.AddConstant("weights", DataType::kFloat32, {1, k, k, 1}, std::vector<float>(k * k, 1.0f));
  const int out = b.AddTensor("output", DataType::kFloat32, output_shape);
  b.AddOp(graph::OpType::kConv2D, {in, weights, graph::kNoTensor}, {out}, options);
  return RunSingleOp<float>(std::move(b), kernels::PrepareConv2D, in, input, out);
}

std::vector<float> Iota(int count) {
  std::vector<float> v(count);
  for (int i = 0; i < count; ++i) v[i] = static_cast<float>(i + 1);
  return v;
}

TEST(Conv2DHandTest, SamePaddingSumsNeighbourhoods) {
  // 1..9 in a 3x3 image; each output is the sum of its 3x3 neighbourhood.
  EXPECT_THAT(SumWindows(3, 3, Iota(9), 3, Options(Padding::kSame, 1), {1, 3, 3, 1}),
              ::testing::ElementsAre(12, 21, 16, 27, 45, 33, 24, 39, 28));
}

TEST(Conv2DHandTest, SameStride2OnEvenInputPadsAfter) {
  // 4x4 image 1..16, stride 2: total padding 1 goes after (bottom/right), so
  // the first window starts at row 0 and the last one hangs off the edge.
  EXPECT_THAT(SumWindows(4, 4, Iota(16), 3, Options(Padding::kSame, 2), {1, 2, 2, 1}),
              ::testing::ElementsAre(54, 45, 72, 54));
}

TEST(Conv2DHandTest, ValidDilation2ReadsEveryOtherPixel) {
  // 5x5 image 1..25: taps at rows/cols 0,2,4 -> 1+3+5+11+13+15+21+23+25.
  EXPECT_THAT(SumWindows(5, 5, Iota(25), 3, Options(Padding::kValid, 1, 2), {1, 1, 1, 1}),
              ::testing::ElementsAre(117));
}

TEST(Conv2DHandTest, UInt8RoundingMatchesTfliteDoubleRounding) {
  // in scale 1, zp 10; weight 4 with zp 3 (real 0.25); out scale 1, zp 100:
  // the multiplier is 0.25 = 2^30 * 2^-31 * 2^-1, so each output is
  // 100 + acc/4 rounded first to a half (SaturatingRoundingDoublingHighMul,
  // negative ties toward zero) then to an integer (ties away from zero).
  // acc:  5 -> 2.5 -> 3 -> 1.5 -> 2 (1.25 becomes 2: the double rounding)
  //      -6 -> -3 -> -1.5 -> -2;  6 -> 3 -> 2;  3 -> 1.5 -> 2 -> 1
  //      -5 -> -2.5 -> -2 -> -1;  -7 -> -3.5 -> -3 -> -1.5 -> -2
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kUInt8, {1, 1, 6, 1}, Quant(1.0f, 10));
  const int w = b.AddConstant("weights", DataType::kUInt8, {1, 1, 1, 1}, std::vector<uint8_t>{4},
                              Quant(0.25f, 3));
  const int bias = b.AddConstant("bias", DataType::kInt32, {1}, std::vector<int32_t>{0});
  const int out = b.AddTensor("output", DataType::kUInt8, {1, 1, 6, 1}, Quant(1.0f, 100));
  b.AddOp(graph::OpType::kConv2D, {in, w, bias}, {out}, Options(Padding::kValid, 1));
  EXPECT_THAT(RunSingleOp<uint8_t>(std::move(b), kernels::PrepareConv2D, in,
                                   std::vector<uint8_t>{15, 4, 16, 13, 5, 3}, out),
              ::testing::ElementsAre(102, 98, 102, 101, 99, 98));
}

// 1x1 conv, uint8, multiplier exactly 1 (0.5 * 0.5 / 0.25), zero points 128,
// weights (oc0: 1,-1; oc1: 2,2) after the offset, bias (5,-3). Accumulators
// of the four pixels: (9,-3), (155,-15), (5,-3), (-250,-5).
std::vector<uint8_t> UInt8Clamp(Activation activation) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kUInt8, {1, 1, 4, 2}, Quant(0.5f, 128));
  const int w = b.AddConstant("weights", DataType::kUInt8, {2, 1, 1, 2},
                              std::vector<uint8_t>{129, 127, 130, 130}, Quant(0.5f, 128));
  const int bias = b.AddConstant("bias", DataType::kInt32, {2}, std::vector<int32_t>{5, -3});
  const int out = b.AddTensor("output", DataType::kUInt8, {1, 1, 4, 2}, Quant(0.25f, 128));
  b.AddOp(graph::OpType::kConv2D, {in, w, bias}, {out}, Options(Padding::kValid, 1, 1, activation));
  return RunSingleOp<uint8_t>(std::move(b), kernels::PrepareConv2D, in,
                              std::vector<uint8_t>{130, 126, 200, 50, 128, 128, 0, 255}, out);
}

TEST(Conv2DHandTest, UInt8SaturatesAtTypeRange) {
  EXPECT_THAT(UInt8Clamp(Activation::kNone),
              ::testing::ElementsAre(137, 125, 255, 113, 133, 125, 0, 123));
}

TEST(Conv2DHandTest, UInt8Relu6ClampsToQuantizedZeroAndSix) {
  // RELU6 in the output domain: [128 + 0/0.25, 128 + 6/0.25] = [128, 152].
  EXPECT_THAT(UInt8Clamp(Activation::kRelu6),
              ::testing::ElementsAre(137, 128, 152, 128, 133, 128, 128, 128));
}

TEST(Conv2DHandTest, UInt8ReluN1To1ClampsToPlusMinusFourSteps) {
  EXPECT_THAT(UInt8Clamp(Activation::kReluN1To1),
              ::testing::ElementsAre(132, 125, 132, 124, 132, 125, 124, 124));
}

TEST(Conv2DHandTest, Int8PerChannelUsesEachChannelsScale) {
  // Input 7 with zp -1 -> 8. Channels: weight 3 scale 0.5 bias 1 -> 25*0.5 =
  // 12.5 -> 13; weight -5 scale 0.125 bias 4 -> -36/8 = -4.5 -> -5 (ties away
  // from zero); weight -100 scale 1 -> -800 saturates. Output zp -3.
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kInt8, {1, 1, 1, 1}, Quant(1.0f, -1));
  const int w =
      b.AddConstant("weights", DataType::kInt8, {3, 1, 1, 1}, std::vector<int8_t>{3, -5, -100},
                    PerChannelQuant({0.5f, 0.125f, 1.0f}, 0));
  const int bias = b.AddConstant("bias", DataType::kInt32, {3}, std::vector<int32_t>{1, 4, 0});
  const int out = b.AddTensor("output", DataType::kInt8, {1, 1, 1, 3}, Quant(1.0f, -3));
  b.AddOp(graph::OpType::kConv2D, {in, w, bias}, {out}, Options(Padding::kSame, 1));
  EXPECT_THAT(
      RunSingleOp<int8_t>(std::move(b), kernels::PrepareConv2D, in, std::vector<int8_t>{7}, out),
      ::testing::ElementsAre(10, -8, -128));
}

TEST(Conv2DRandomTest, Kernel1x1) {
  for (DataType type : kAllTypes) {
    ConvTester().input(1, 3, 3, 5).kernel(1, 1).output_channels(7).Test(type);
  }
}

TEST(Conv2DRandomTest, Kernel3x3OddSizes) {
  for (DataType type : kAllTypes) {
    for (int32_t size : {1, 3, 13}) {
      for (Padding padding : {Padding::kSame, Padding::kValid}) {
        if (padding == Padding::kValid && size < 3) continue;
        ConvTester()
            .input(1, size, size, 3)
            .kernel(3, 3)
            .output_channels(5)
            .padding(padding)
            .Test(type);
      }
    }
  }
}

TEST(Conv2DRandomTest, Stride2) {
  for (DataType type : kAllTypes) {
    for (int32_t size : {3, 13, 14}) {
      for (Padding padding : {Padding::kSame, Padding::kValid}) {
        ConvTester().input(1, size, size, 4).kernel(3, 3).stride(2).padding(padding).Test(type);
      }
    }
  }
}

TEST(Conv2DRandomTest, Dilation2) {
  for (DataType type : kAllTypes) {
    for (Padding padding : {Padding::kSame, Padding::kValid}) {
      ConvTester().input(1, 13, 13, 3).kernel(3, 3).dilation(2).padding(padding).Test(type);
      ConvTester()
          .input(1, 13, 13, 3)
          .kernel(3, 3)
          .stride(2)
          .dilation(2)
          .padding(padding)
          .Test(type);
    }
  }
}

TEST(Conv2DRandomTest, NonSquareKernelStrideAndDilation) {
  for (DataType type : kAllTypes) {
    ConvTester().input(1, 13, 7, 3).kernel(3, 1).stride(2, 1).dilation(1, 2).Test(type);
    ConvTester().input(1, 7, 13, 2).kernel(1, 3).stride(1, 2).padding(Padding::kValid).Test(type);
  }
}

TEST(Conv2DRandomTest, AllActivations) {
  for (DataType type : kAllTypes) {
    for (Activation a :
         {Activation::kNone, Activation::kRelu, Activation::kReluN1To1, Activation::kRelu6}) {
      ConvTester().input(1, 13, 13, 3).kernel(3, 3).stride(2).activation(a).Test(type);
    }
  }
}

TEST(Conv2DRandomTest, WithoutBias) {
  for (DataType type : kAllTypes) {
    ConvTester().input(1, 5, 5, 3).kernel(3, 3).bias(false).Test(type);
  }
}

TEST(Conv2DRandomTest, Int8PerTensorWeights) {
  ConvTester().input(1, 13, 13, 3).kernel(3, 3).per_channel(false).Test(DataType::kInt8);
}

TEST(Conv2DRandomTest, TwoBatches) {
  for (DataType type : kAllTypes) {
    ConvTester().input(2, 5, 3, 2).kernel(3, 3).stride(2).Test(type);
  }
}

TEST(Conv2DRandomTest, SsdBoxPredictor1x1On19x19x384) {
  // The box-encoding head on MobileNet v1 0.75's 19x19x384 feature map.
  for (DataType type : {DataType::kFloat32, DataType::kUInt8}) {
    ConvTester().input(1, 19, 19, 384).kernel(1, 1).output_channels(12).Test(type);
  }
}

TEST(Conv2DRandomTest, SsdStemStride2) {
  // The first layer: 3x3 stride 2 SAME with RELU6, on a smaller image.
  for (DataType type : kAllTypes) {
    ConvTester()
        .input(1, 33, 33, 3)
        .kernel(3, 3)
        .output_channels(24)
        .stride(2)
        .activation(Activation::kRelu6)
        .Test(type);
  }
}

// Error cases: a float conv [1,5,5,2] * [4,3,3,2] -> [1,5,5,4], SAME, with
// one thing changed per test.
struct ErrorCase {
  DataType input_type = DataType::kFloat32;
  DataType weight_type = DataType::kFloat32;
  DataType bias_type = DataType::kFloat32;
  DataType output_type = DataType::kFloat32;
  graph::Shape input_shape = {1, 5, 5, 2};
  graph::Shape weight_shape = {4, 3, 3, 2};
  graph::Shape bias_shape = {4};
  graph::Shape output_shape = {1, 5, 5, 4};
  graph::Quantization input_q, weight_q, output_q;
  int32_t stride = 1;

  std::string Error() const {
    graph::GraphBuilder b;
    const int in = b.AddTensor("input", input_type, input_shape, input_q);
    const std::vector<uint8_t> weight_bytes = Zeros(weight_type, weight_shape);
    const std::vector<uint8_t> bias_bytes = Zeros(bias_type, bias_shape);
    const int w = b.AddConstantBytes("weights", weight_type, weight_shape, weight_bytes.data(),
                                     weight_bytes.size(), weight_q);
    const int bias =
        b.AddConstantBytes("bias", bias_type, bias_shape, bias_bytes.data(), bias_bytes.size());
    const int out = b.AddTensor("output", output_type, output_shape, output_q);
    b.AddOp(graph::OpType::kConv2D, {in, w, bias}, {out}, Options(Padding::kSame, stride));
    return conv_test::PrepareError(std::move(b), kernels::PrepareConv2D);
  }
  static std::vector<uint8_t> Zeros(DataType type, const graph::Shape& shape) {
    return std::vector<uint8_t>(graph::NumElements(shape) * graph::DataTypeSize(type), 0);
  }
};

ErrorCase QuantizedCase(DataType type) {
  ErrorCase c;
  c.input_type = c.weight_type = c.output_type = type;
  c.bias_type = DataType::kInt32;
  c.input_q = Quant(0.5f, 0);
  c.weight_q = Quant(0.5f, 0);
  c.output_q = Quant(1.0f, 0);
  return c;
}

TEST(Conv2DErrorTest, ValidCaseHasNoError) {
  EXPECT_EQ(ErrorCase().Error(), "");
  EXPECT_EQ(QuantizedCase(DataType::kUInt8).Error(), "");
}

TEST(Conv2DErrorTest, WeightTypeDiffersFromInput) {
  ErrorCase c;
  c.weight_type = DataType::kUInt8;
  EXPECT_EQ(c.Error(), "input 1 (tensor 1 \"weights\") is UINT8, expected FLOAT32");
}

TEST(Conv2DErrorTest, UnsupportedInputType) {
  ErrorCase c;
  c.input_type = DataType::kInt32;
  EXPECT_EQ(c.Error(), "input 0 (tensor 0 \"input\") is INT32, expected FLOAT32 or UINT8 or INT8");
}

TEST(Conv2DErrorTest, QuantizedBiasMustBeInt32) {
  ErrorCase c = QuantizedCase(DataType::kUInt8);
  c.bias_type = DataType::kFloat32;
  EXPECT_EQ(c.Error(), "input 2 (tensor 2 \"bias\") is FLOAT32, expected INT32");
}

TEST(Conv2DErrorTest, WrongOutputShape) {
  ErrorCase c;
  c.stride = 2;  // output must be [1,3,3,4]
  EXPECT_EQ(c.Error(), "output 0 (tensor 3 \"output\") has shape [1,5,5,4], expected [1,3,3,4]");
}

TEST(Conv2DErrorTest, WrongBiasShape) {
  ErrorCase c;
  c.bias_shape = {3};
  EXPECT_EQ(c.Error(), "input 2 (tensor 2 \"bias\") has shape [3], expected [4]");
}

TEST(Conv2DErrorTest, ChannelMismatch) {
  ErrorCase c;
  c.weight_shape = {4, 3, 3, 3};
  EXPECT_EQ(c.Error(),
            "input 1 (tensor 1 \"weights\") has shape [4,3,3,3] with 3 input channels, but "
            "input 0 has 2");
}

TEST(Conv2DErrorTest, WrongRank) {
  ErrorCase c;
  c.input_shape = {5, 5, 2};
  EXPECT_EQ(c.Error(), "input 0 (tensor 0 \"input\") has shape [5,5,2], expected rank 4");
}

TEST(Conv2DErrorTest, NonPositiveStride) {
  ErrorCase c;
  c.stride = 0;
  EXPECT_EQ(c.Error(), "strides (0, 0) and dilations (1, 1) must be between 1 and 65536");
}

TEST(Conv2DErrorTest, MissingInputQuantization) {
  ErrorCase c = QuantizedCase(DataType::kUInt8);
  c.input_q = {};
  EXPECT_EQ(c.Error(),
            "tensor 0 \"input\" needs one positive quantization scale and one zero point, "
            "found 0 scales and 0 zero points");
}

TEST(Conv2DErrorTest, MissingOutputQuantization) {
  ErrorCase c = QuantizedCase(DataType::kInt8);
  c.output_q = {};
  EXPECT_EQ(c.Error(),
            "tensor 3 \"output\" needs one positive quantization scale and one zero point, "
            "found 0 scales and 0 zero points");
}

TEST(Conv2DErrorTest, UInt8WeightsMustBePerTensor) {
  ErrorCase c = QuantizedCase(DataType::kUInt8);
  c.weight_q = PerChannelQuant({0.5f, 0.5f, 0.5f, 0.5f}, 0);
  EXPECT_EQ(c.Error(),
            "tensor 1 \"weights\" needs one positive quantization scale and one zero point, "
            "found 4 scales and 4 zero points");
}

TEST(Conv2DErrorTest, PerChannelScalesOnWrongAxis) {
  ErrorCase c = QuantizedCase(DataType::kInt8);
  c.weight_shape = {4, 3, 3, 4};
  c.input_shape = {1, 5, 5, 4};
  c.weight_q = PerChannelQuant({0.5f, 0.5f, 0.5f, 0.5f}, 3);
  EXPECT_EQ(c.Error(),
            "tensor 1 \"weights\" needs one quantization scale or 4 scales on axis 0, found 4 "
            "on axis 3");
}

TEST(Conv2DErrorTest, Int8WeightsMustBeSymmetric) {
  ErrorCase c = QuantizedCase(DataType::kInt8);
  c.weight_q = Quant(0.5f, 3);
  EXPECT_EQ(c.Error(),
            "tensor 1 \"weights\" is INT8 with zero point 3 at 0, expected 0 (symmetric weights)");
}

}  // namespace
}  // namespace edgebench::testing
