// FULLY_CONNECTED reference kernel: hand-worked cases, random problems
// checked against the definition by FullyConnectedTester, and Prepare's
// error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "fully_connected_tester.h"
#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"

namespace edgebench::testing {
namespace {

using conv_test::PerChannelQuant;
using conv_test::Quant;
using conv_test::RunSingleOp;
using graph::Activation;
using graph::DataType;

constexpr DataType kAllTypes[] = {DataType::kFloat32, DataType::kUInt8, DataType::kInt8};

graph::FullyConnectedOptions Options(Activation activation, bool keep_num_dims = false) {
  graph::FullyConnectedOptions o;
  o.activation = activation;
  o.keep_num_dims = keep_num_dims;
  return o;
}

// Rows (1,2,3) and (4,5,6); units (1,0,-1) + 1 and (0.5,0.5,0.5) - 1.
std::vector<float> SmallFloat(Activation activation) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kFloat32, {2, 3});
  const int w = b.AddConstant("weights", DataType::kFloat32, {2, 3},
                              std::vector<float>{1, 0, -1, 0.5f, 0.5f, 0.5f});
  const int bias = b.AddConstant("bias", DataType::kFloat32, {2}, std::vector<float>{1, -1});
  const int out = b.AddTensor("output", DataType::kFloat32, {2, 2});
  b.AddOp(graph::OpType::kFullyConnected, {in, w, bias}, {out}, Options(activation));
  return RunSingleOp<float>(std::move(b), kernels::PrepareFullyConnected, in,
                            std::vector<float>{1, 2, 3, 4, 5, 6}, out);
}

TEST(FullyConnectedHandTest, FloatRowsTimesUnits) {
  EXPECT_THAT(SmallFloat(Activation::kNone), ::testing::ElementsAre(-1, 2, -1, 6.5f));
  EXPECT_THAT(SmallFloat(Activation::kRelu), ::testing::ElementsAre(0, 2, 0, 6.5f));
  EXPECT_THAT(SmallFloat(Activation::kReluN1To1), ::testing::ElementsAre(-1, 1, -1, 1));
  EXPECT_THAT(SmallFloat(Activation::kRelu6), ::testing::ElementsAre(0, 2, 0, 6));
}

TEST(FullyConnectedHandTest, FlattensHigherRankInput) {
  // [1,2,2] read as one row of 4 values; weights sum the odd or even ones.
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kFloat32, {1, 2, 2});
  const int w = b.AddConstant("weights", DataType::kFloat32, {2, 4},
                              std::vector<float>{1, 0, 1, 0, 0, 1, 0, 1});
  const int out = b.AddTensor("output", DataType::kFloat32, {1, 2});
  b.AddOp(graph::OpType::kFullyConnected, {in, w, graph::kNoTensor}, {out},
          Options(Activation::kNone));
  EXPECT_THAT(RunSingleOp<float>(std::move(b), kernels::PrepareFullyConnected, in,
                                 std::vector<float>{1, 2, 30, 40}, out),
              ::testing::ElementsAre(31, 42));
}

TEST(FullyConnectedHandTest, UInt8RoundingMatchesTfliteDoubleRounding) {
  // Six rows of one value; see the CONV_2D test for the rounding steps:
  // acc 5, -6, 6, 3, -5, -7 times 0.25 -> 2, -2, 2, 1, -1, -2 around zp 100.
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kUInt8, {6, 1}, Quant(1.0f, 10));
  const int w =
      b.AddConstant("weights", DataType::kUInt8, {1, 1}, std::vector<uint8_t>{4}, Quant(0.25f, 3));
  const int out = b.AddTensor("output", DataType::kUInt8, {6, 1}, Quant(1.0f, 100));
  b.AddOp(graph::OpType::kFullyConnected, {in, w, graph::kNoTensor}, {out},
          Options(Activation::kNone));
  EXPECT_THAT(RunSingleOp<uint8_t>(std::move(b), kernels::PrepareFullyConnected, in,
                                   std::vector<uint8_t>{15, 4, 16, 13, 5, 3}, out),
              ::testing::ElementsAre(102, 98, 102, 101, 99, 98));
}

// 8 * (3, -5, -100) + (1, 4, 0) with scales (0.5, 0.125, 1), output zp -3:
// 12.5 -> 13, -4.5 -> -5 (ties away from zero), -800 saturates.
std::vector<int8_t> Int8PerChannel(Activation activation) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("input", DataType::kInt8, {1, 1}, Quant(1.0f, -1));
  const int w = b.AddConstant("weights", DataType::kInt8, {3, 1}, std::vector<int8_t>{3, -5, -100},
                              PerChannelQuant({0.5f, 0.125f, 1.0f}, 0));
  const int bias = b.AddConstant("bias", DataType::kInt32, {3}, std::vector<int32_t>{1, 4, 0});
  const int out = b.AddTensor("output", DataType::kInt8, {1, 3}, Quant(1.0f, -3));
  b.AddOp(graph::OpType::kFullyConnected, {in, w, bias}, {out}, Options(activation));
  return RunSingleOp<int8_t>(std::move(b), kernels::PrepareFullyConnected, in,
                             std::vector<int8_t>{7}, out);
}

TEST(FullyConnectedHandTest, Int8PerChannelUsesEachUnitsScale) {
  EXPECT_THAT(Int8PerChannel(Activation::kNone), ::testing::ElementsAre(10, -8, -128));
}

TEST(FullyConnectedHandTest, Int8ReluClampsAtOutputZeroPoint) {
  EXPECT_THAT(Int8PerChannel(Activation::kRelu), ::testing::ElementsAre(10, -3, -3));
}

TEST(FullyConnectedRandomTest, OddSizes) {
  for (DataType type : kAllTypes) {
    for (int32_t batches : {1, 3}) {
      for (int32_t depth : {1, 3, 13, 127}) {
        for (int32_t units : {1, 3, 13}) {
          FullyConnectedTester().input_shape({batches, depth}).units(units).Test(type);
        }
      }
    }
  }
}

TEST(FullyConnectedRandomTest, AllActivations) {
  for (DataType type : kAllTypes) {
    for (Activation a :
         {Activation::kNone, Activation::kRelu, Activation::kReluN1To1, Activation::kRelu6}) {
      FullyConnectedTester().input_shape({2, 64}).units(16).activation(a).Test(type);
    }
  }
}

TEST(FullyConnectedRandomTest, FlattenedAndKeptDimensions) {
  for (DataType type : kAllTypes) {
    FullyConnectedTester().input_shape({2, 3, 5}).depth(15).units(4).Test(type);
    FullyConnectedTester().input_shape({2, 3, 5}).units(4).Test(type);
    FullyConnectedTester().input_shape({2, 3, 5}).units(4).keep_num_dims(true).Test(type);
  }
}

TEST(FullyConnectedRandomTest, WithoutBias) {
  for (DataType type : kAllTypes) {
    FullyConnectedTester().input_shape({3, 13}).units(5).bias(false).Test(type);
  }
}

TEST(FullyConnectedRandomTest, Int8PerTensorWeights) {
  FullyConnectedTester().input_shape({3, 13}).units(5).per_channel(false).Test(DataType::kInt8);
}

// Error cases: float [2,4] x [3,4] -> [2,3], with one thing changed per test.
struct ErrorCase {
  DataType type = DataType::kFloat32;
  graph::Shape input_shape = {2, 4};
  graph::Shape weight_shape = {3, 4};
  graph::Shape bias_shape = {3};
  graph::Shape output_shape = {2, 3};
  bool keep_num_dims = false;
  graph::Quantization input_q, weight_q, output_q;

  std::string Error() const {
    graph::GraphBuilder b;
    const std::vector<uint8_t> weight_bytes(
        graph::NumElements(weight_shape) * graph::DataTypeSize(type), 0);
    const std::vector<uint8_t> bias_bytes(graph::NumElements(bias_shape) * 4, 0);
    const DataType bias_type = type == DataType::kFloat32 ? type : DataType::kInt32;
    const int in = b.AddTensor("input", type, input_shape, input_q);
    const int w = b.AddConstantBytes("weights", type, weight_shape, weight_bytes.data(),
                                     weight_bytes.size(), weight_q);
    const int bias =
        b.AddConstantBytes("bias", bias_type, bias_shape, bias_bytes.data(), bias_bytes.size());
    const int out = b.AddTensor("output", type, output_shape, output_q);
    b.AddOp(graph::OpType::kFullyConnected, {in, w, bias}, {out},
            Options(Activation::kNone, keep_num_dims));
    return conv_test::PrepareError(std::move(b), kernels::PrepareFullyConnected);
  }
};

TEST(FullyConnectedErrorTest, ValidCasesHaveNoError) {
  EXPECT_EQ(ErrorCase().Error(), "");
  ErrorCase row_bias;  // TFLite accepts any bias shape with one value per unit
  row_bias.bias_shape = {1, 3};
  EXPECT_EQ(row_bias.Error(), "");
}

TEST(FullyConnectedErrorTest, InputNotAWholeNumberOfRows) {
  ErrorCase c;
  c.input_shape = {2, 5};
  EXPECT_EQ(c.Error(),
            "input 0 (tensor 0 \"input\") of shape [2,5] cannot be read as rows of 4 values for "
            "weights [3,4]");
}

TEST(FullyConnectedErrorTest, KeepNumDimsNeedsMatchingLastDimension) {
  ErrorCase c;
  c.input_shape = {2, 2, 2};
  c.output_shape = {2, 2, 3};
  c.keep_num_dims = true;
  EXPECT_EQ(c.Error(),
            "input 0 (tensor 0 \"input\") of shape [2,2,2] cannot be read as rows of 4 values "
            "for weights [3,4]");
}

TEST(FullyConnectedErrorTest, WrongOutputShape) {
  ErrorCase c;
  c.output_shape = {1, 3};
  EXPECT_EQ(c.Error(), "output 0 (tensor 3 \"output\") has shape [1,3], expected [2,3]");
}

TEST(FullyConnectedErrorTest, WeightsMustBeRank2) {
  ErrorCase c;
  c.weight_shape = {3, 4, 1};
  EXPECT_EQ(c.Error(), "input 1 (tensor 1 \"weights\") has shape [3,4,1], expected rank 2");
}

TEST(FullyConnectedErrorTest, WrongBiasSize) {
  ErrorCase c;
  c.bias_shape = {4};
  EXPECT_EQ(c.Error(), "input 2 (tensor 2 \"bias\") has shape [4], expected [3]");
}

TEST(FullyConnectedErrorTest, MissingQuantization) {
  ErrorCase c;
  c.type = DataType::kUInt8;
  c.input_q = Quant(0.5f, 128);
  c.weight_q = Quant(0.5f, 128);
  EXPECT_EQ(c.Error(),
            "tensor 3 \"output\" needs one positive quantization scale and one zero point, "
            "found 0 scales and 0 zero points");
}

}  // namespace
}  // namespace edgebench::testing
