// DEPTHWISE_CONV_2D reference kernel: hand-worked cases (channel order with
// a depth multiplier, padding placement, TFLite's rounding, per-channel
// scales), random problems checked against the definition by ConvTester, and
// Prepare's error messages.
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

graph::DepthwiseConv2DOptions Options(Padding padding, int32_t stride, int32_t depth_multiplier,
                                      Activation activation = Activation::kNone) {
  graph::DepthwiseConv2DOptions o;
  o.padding = padding;
  o.stride_h = o.stride_w = stride;
  o.depth_multiplier = depth_multiplier;
  o.activation = activation;
  return o;
}

TEST(DepthwiseConv2DHandTest, DepthMultiplierOrdersChannelsInputMajor) {
  // Input channels (10, 100), multiplier 2: outputs are 10*w0, 10*w1,
  // 100*w2, 100*w3 plus bias, i.e. output channel ic * 2 + m.
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kFloat32, {1, 1, 1, 2});
  const int w =
      b.AddConstant("weights", DataType::kFloat32, {1, 1, 1, 4}, std::vector<float>{1, 2, 3, 4});
  const int bias =
      b.AddConstant("bias", DataType::kFloat32, {4}, std::vector<float>{0.5f, 0, 0, -1});
  const int out = b.AddTensor("output", DataType::kFloat32, {1, 1, 1, 4});
  b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, bias}, {out}, Options(Padding::kValid, 1, 2));
  EXPECT_THAT(RunSingleOp<float>(std::move(b), kernels::PrepareDepthwiseConv2D, in,
                                 std::vector<float>{10, 100}, out),
              ::testing::ElementsAre(10.5f, 20, 300, 399));
}

TEST(DepthwiseConv2DHandTest, SameStride2OnEvenInputPadsAfter) {
  // Two channels: 1..16 and its negation, 3x3 filters of ones. The extra
  // padding row/column goes after, so windows start at 0 and 2.
  std::vector<float> input;
  for (int i = 1; i <= 16; ++i) input.insert(input.end(), {float(i), -float(i)});
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kFloat32, {1, 4, 4, 2});
  const int w =
      b.AddConstant("weights", DataType::kFloat32, {1, 3, 3, 2}, std::vector<float>(18, 1.0f));
  const int out = b.AddTensor("output", DataType::kFloat32, {1, 2, 2, 2});
  b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, graph::kNoTensor}, {out},
          Options(Padding::kSame, 2, 1));
  EXPECT_THAT(RunSingleOp<float>(std::move(b), kernels::PrepareDepthwiseConv2D, in, input, out),
              ::testing::ElementsAre(54, -54, 45, -45, 72, -72, 54, -54));
}

TEST(DepthwiseConv2DHandTest, UInt8RoundingMatchesTfliteDoubleRounding) {
  // Six channels through weight 4 (zp 3, scale 0.25), input zp 10, output
  // zp 100: accumulators 5, -6, 6, 3, -5, -7 times 0.25 round to
  // 2, -2, 2, 1, -1, -2 with TFLite's two-step rounding (see the CONV_2D
  // test for the steps; 1.25 -> 2 is the double-rounding artefact).
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kUInt8, {1, 1, 1, 6}, Quant(1.0f, 10));
  const int w = b.AddConstant("weights", DataType::kUInt8, {1, 1, 1, 6}, std::vector<uint8_t>(6, 4),
                              Quant(0.25f, 3));
  const int out = b.AddTensor("output", DataType::kUInt8, {1, 1, 1, 6}, Quant(1.0f, 100));
  b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, graph::kNoTensor}, {out},
          Options(Padding::kSame, 1, 1));
  EXPECT_THAT(RunSingleOp<uint8_t>(std::move(b), kernels::PrepareDepthwiseConv2D, in,
                                   std::vector<uint8_t>{15, 4, 16, 13, 5, 3}, out),
              ::testing::ElementsAre(102, 98, 102, 101, 99, 98));
}

TEST(DepthwiseConv2DHandTest, UInt8Relu6ClampsInOutputDomain) {
  // Multiplier 0.5 * 0.5 / 0.25 = 1, zero points 128, weight offsets
  // (1, -1), bias (5, -3); RELU6 keeps [128, 128 + 6 / 0.25] = [128, 152].
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kUInt8, {1, 1, 2, 2}, Quant(0.5f, 128));
  const int w = b.AddConstant("weights", DataType::kUInt8, {1, 1, 1, 2},
                              std::vector<uint8_t>{129, 127}, Quant(0.5f, 128));
  const int bias = b.AddConstant("bias", DataType::kInt32, {2}, std::vector<int32_t>{5, -3});
  const int out = b.AddTensor("output", DataType::kUInt8, {1, 1, 2, 2}, Quant(0.25f, 128));
  b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, bias}, {out},
          Options(Padding::kValid, 1, 1, Activation::kRelu6));
  // Pixel 0 (130, 126): 2*1+5 = 7 -> 135; -2*-1-3 = -1 -> 127 -> 128 (RELU).
  // Pixel 1 (200, 50): 72+5 = 77 -> 205 -> 152 (6 / 0.25 = 24 above zp);
  //                    -78*-1-3 = 75 -> 203 -> 152.
  EXPECT_THAT(RunSingleOp<uint8_t>(std::move(b), kernels::PrepareDepthwiseConv2D, in,
                                   std::vector<uint8_t>{130, 126, 200, 50}, out),
              ::testing::ElementsAre(135, 128, 152, 152));
}

TEST(DepthwiseConv2DHandTest, Int8PerChannelScalesOnAxis3) {
  // As the CONV_2D case: 8 * (3, -5, -100) + (1, 4, 0) with scales
  // (0.5, 0.125, 1) -> 12.5 -> 13, -4.5 -> -5, -800 -> saturated; zp -3.
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kInt8, {1, 1, 1, 3}, Quant(1.0f, -1));
  const int w =
      b.AddConstant("weights", DataType::kInt8, {1, 1, 1, 3}, std::vector<int8_t>{3, -5, -100},
                    PerChannelQuant({0.5f, 0.125f, 1.0f}, 3));
  const int bias = b.AddConstant("bias", DataType::kInt32, {3}, std::vector<int32_t>{1, 4, 0});
  const int out = b.AddTensor("output", DataType::kInt8, {1, 1, 1, 3}, Quant(1.0f, -3));
  b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, bias}, {out}, Options(Padding::kSame, 1, 1));
  EXPECT_THAT(RunSingleOp<int8_t>(std::move(b), kernels::PrepareDepthwiseConv2D, in,
                                  std::vector<int8_t>{7, 7, 7}, out),
              ::testing::ElementsAre(10, -8, -128));
}

TEST(DepthwiseConv2DRandomTest, Kernel1x1) {
  for (DataType type : kAllTypes) {
    ConvTester().input(1, 3, 3, 5).kernel(1, 1).depth_multiplier(1).Test(type);
  }
}

TEST(DepthwiseConv2DRandomTest, Kernel3x3OddSizesAndMultipliers) {
  for (DataType type : kAllTypes) {
    for (int32_t size : {1, 3, 13}) {
      for (int32_t multiplier : {1, 2}) {
        for (Padding padding : {Padding::kSame, Padding::kValid}) {
          if (padding == Padding::kValid && size < 3) continue;
          ConvTester()
              .input(1, size, size, 3)
              .kernel(3, 3)
              .depth_multiplier(multiplier)
              .padding(padding)
              .Test(type);
        }
      }
    }
  }
}

TEST(DepthwiseConv2DRandomTest, Stride2) {
  for (DataType type : kAllTypes) {
    for (int32_t size : {3, 13, 14}) {
      for (Padding padding : {Padding::kSame, Padding::kValid}) {
        ConvTester()
            .input(1, size, size, 4)
            .kernel(3, 3)
            .depth_multiplier(1)
            .stride(2)
            .padding(padding)
            .Test(type);
      }
    }
  }
}

TEST(DepthwiseConv2DRandomTest, Dilation2) {
  for (DataType type : kAllTypes) {
    for (Padding padding : {Padding::kSame, Padding::kValid}) {
      ConvTester()
          .input(1, 13, 13, 3)
          .kernel(3, 3)
          .depth_multiplier(2)
          .dilation(2)
          .padding(padding)
          .Test(type);
      ConvTester()
          .input(1, 13, 13, 3)
          .kernel(3, 3)
          .depth_multiplier(1)
          .stride(2)
          .dilation(2)
          .padding(padding)
          .Test(type);
    }
  }
}

TEST(DepthwiseConv2DRandomTest, NonSquareKernelStrideAndDilation) {
  for (DataType type : kAllTypes) {
    ConvTester()
        .input(1, 13, 7, 3)
        .kernel(3, 1)
        .depth_multiplier(2)
        .stride(2, 1)
        .dilation(1, 2)
        .Test(type);
  }
}

TEST(DepthwiseConv2DRandomTest, AllActivations) {
  for (DataType type : kAllTypes) {
    for (Activation a :
         {Activation::kNone, Activation::kRelu, Activation::kReluN1To1, Activation::kRelu6}) {
      ConvTester()
          .input(1, 13, 13, 4)
          .kernel(3, 3)
          .depth_multiplier(1)
          .stride(2)
          .activation(a)
          .Test(type);
    }
  }
}

TEST(DepthwiseConv2DRandomTest, WithoutBias) {
  for (DataType type : kAllTypes) {
    ConvTester().input(1, 5, 5, 3).kernel(3, 3).depth_multiplier(2).bias(false).Test(type);
  }
}

TEST(DepthwiseConv2DRandomTest, Int8PerTensorWeights) {
  ConvTester()
      .input(1, 13, 13, 3)
      .kernel(3, 3)
      .depth_multiplier(2)
      .per_channel(false)
      .Test(DataType::kInt8);
}

TEST(DepthwiseConv2DRandomTest, TwoBatches) {
  for (DataType type : kAllTypes) {
    ConvTester().input(2, 5, 3, 2).kernel(3, 3).depth_multiplier(2).stride(2).Test(type);
  }
}

// MobileNet's stride-2 depthwise layer at 150x150, one test per type so
// each stays well under a second in a Debug build.
void TestSsdStride2(DataType type) {
  ConvTester()
      .input(1, 150, 150, 24)
      .kernel(3, 3)
      .depth_multiplier(1)
      .stride(2)
      .activation(Activation::kRelu6)
      .Test(type);
}

TEST(DepthwiseConv2DRandomTest, SsdStride2On150x150x24Float) { TestSsdStride2(DataType::kFloat32); }

TEST(DepthwiseConv2DRandomTest, SsdStride2On150x150x24UInt8) { TestSsdStride2(DataType::kUInt8); }

// Error cases: a float depthwise conv [1,5,5,2] * [1,3,3,4] -> [1,5,5,4],
// SAME, multiplier 2, with one thing changed per test.
struct ErrorCase {
  DataType type = DataType::kFloat32;
  graph::Shape weight_shape = {1, 3, 3, 4};
  graph::Shape output_shape = {1, 5, 5, 4};
  graph::Quantization input_q, weight_q, output_q;
  Padding padding = Padding::kSame;

  std::string Error() const {
    graph::GraphBuilder b;
    const std::vector<uint8_t> bytes(graph::NumElements(weight_shape) * graph::DataTypeSize(type),
                                     0);
    const int in = b.AddTensor("input", type, {1, 5, 5, 2}, input_q);
    const int w =
        b.AddConstantBytes("weights", type, weight_shape, bytes.data(), bytes.size(), weight_q);
    const int out = b.AddTensor("output", type, output_shape, output_q);
    b.AddOp(graph::OpType::kDepthwiseConv2D, {in, w, graph::kNoTensor}, {out},
            Options(padding, 1, 2));
    return conv_test::PrepareError(std::move(b), kernels::PrepareDepthwiseConv2D);
  }
};

TEST(DepthwiseConv2DErrorTest, ValidCaseHasNoError) { EXPECT_EQ(ErrorCase().Error(), ""); }

TEST(DepthwiseConv2DErrorTest, ChannelsNotAMultipleOfInputChannels) {
  ErrorCase c;
  c.weight_shape = {1, 3, 3, 5};
  c.output_shape = {1, 5, 5, 5};
  EXPECT_EQ(c.Error(),
            "input 1 (tensor 1 \"weights\") has shape [1,3,3,5], expected [1,kh,kw,C] with C a "
            "multiple of the 2 input channels");
}

TEST(DepthwiseConv2DErrorTest, WrongOutputShape) {
  ErrorCase c;
  c.output_shape = {1, 5, 5, 2};
  EXPECT_EQ(c.Error(), "output 0 (tensor 2 \"output\") has shape [1,5,5,2], expected [1,5,5,4]");
}

TEST(DepthwiseConv2DErrorTest, MissingWeightQuantization) {
  ErrorCase c;
  c.type = DataType::kUInt8;
  c.input_q = Quant(0.5f, 128);
  c.output_q = Quant(0.5f, 128);
  EXPECT_EQ(c.Error(),
            "tensor 1 \"weights\" needs one positive quantization scale and one zero point, "
            "found 0 scales and 0 zero points");
}

TEST(DepthwiseConv2DErrorTest, PerChannelScalesMustBeOnAxis3) {
  // A 4x3 window over 4 channels: 4 scales on axis 1 fit the shape, but
  // depthwise weights are quantized along their channel axis, 3.
  ErrorCase c;
  c.type = DataType::kInt8;
  c.weight_shape = {1, 4, 3, 4};
  c.input_q = Quant(0.5f, 0);
  c.output_q = Quant(0.5f, 0);
  c.weight_q = PerChannelQuant({1, 1, 1, 1}, 1);
  EXPECT_EQ(c.Error(),
            "tensor 1 \"weights\" needs one quantization scale or 4 scales on axis 3, found 4 "
            "on axis 1");
  c.weight_q.axis = 3;
  EXPECT_EQ(c.Error(), "");
}

TEST(DepthwiseConv2DErrorTest, WindowLargerThanValidInput) {
  ErrorCase c;
  c.weight_shape = {1, 7, 3, 4};
  EXPECT_EQ(c.Error(), "");  // SAME pads any window
  c.padding = Padding::kValid;
  EXPECT_EQ(c.Error(),
            "a 7x3 filter with dilation (1, 1) does not fit input 0 (tensor 0 \"input\") of "
            "shape [1,5,5,2]");
}

}  // namespace
}  // namespace edgebench::testing
