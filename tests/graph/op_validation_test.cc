#include "graph/op_validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "graph/graph_builder.h"

namespace edgebench::graph {
namespace {

// input [1,8,8,3] -> CONV_2D 3x3, stride `stride`, SAME, 4 filters -> output `declared`.
Graph ConvGraph(Shape declared, int32_t stride = 2, Quantization input_q = {}) {
  GraphBuilder b;
  const DataType type = input_q.empty() ? DataType::kFloat32 : DataType::kUInt8;
  const int in = b.AddTensor("in", type, {1, 8, 8, 3}, input_q);
  const int w = b.AddConstant("w", DataType::kFloat32, {4, 3, 3, 3}, std::vector<float>(108, 0.f));
  const int out = b.AddTensor("out", DataType::kFloat32, std::move(declared));
  Conv2DOptions options;
  options.stride_h = options.stride_w = stride;
  b.AddOp(OpType::kConv2D, {in, w, kNoTensor}, {out}, options);
  b.SetInputs({in});
  b.SetOutputs({out});
  return std::move(b).Build();
}

TEST(OpValidationTest, AcceptsConsistentShapes) {
  const Graph graph = ConvGraph({1, 4, 4, 4});
  ASSERT_TRUE(graph.Validate().ok());
  EXPECT_TRUE(ValidateOps(graph).ok()) << ValidateOps(graph).message();
}

TEST(OpValidationTest, RefusesAConvOutputSmallerThanInferred) {
  // What XNNPACK would write past the arena: the file declares less than the op computes.
  const Status status = ValidateOps(ConvGraph({1, 2, 2, 4}));
  EXPECT_EQ(status.message(),
            "node 0 (CONV_2D): output 0 (tensor 2 \"out\") has shape [1,2,2,4], expected "
            "[1,4,4,4]");
}

TEST(OpValidationTest, RefusesAWrongBatch) {
  EXPECT_EQ(ValidateOps(ConvGraph({24, 4, 4, 4})).message(),
            "node 0 (CONV_2D): output 0 (tensor 2 \"out\") has shape [24,4,4,4], expected "
            "[1,4,4,4]");
}

TEST(OpValidationTest, RefusesStridesOutOfRange) {
  EXPECT_EQ(ValidateOps(ConvGraph({1, 4, 4, 4}, 0)).message(),
            "node 0 (CONV_2D): strides (0, 0) and dilations (1, 1) must be between 1 and 65536");
  EXPECT_FALSE(ValidateOps(ConvGraph({1, 1, 1, 4}, 1 << 20)).ok());
}

TEST(OpValidationTest, RefusesADilatedFilterSpanningMoreThanTheLimit) {
  GraphBuilder b;
  const int in = b.AddTensor("in", DataType::kFloat32, {1, 8, 8, 1});
  const int w = b.AddConstant("w", DataType::kFloat32, {1, 3, 1, 1}, std::vector<float>(3, 0.f));
  const int out = b.AddTensor("out", DataType::kFloat32, {1, 8, 8, 1});
  Conv2DOptions options;
  options.dilation_h = 40000;  // SAME padding: the output size ignores the filter
  b.AddOp(OpType::kConv2D, {in, w, kNoTensor}, {out}, options);
  EXPECT_EQ(ValidateOps(b.graph()).message(),
            "node 0 (CONV_2D): a 3x1 filter with dilation (40000, 1) spans 80001x1 input "
            "positions, more than 65536");
}

TEST(OpValidationTest, RefusesScalesThatAreNotFinitePositive) {
  for (float scale : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(),
                      std::numeric_limits<float>::infinity()}) {
    Quantization q;
    q.scale = {scale};
    q.zero_point = {0};
    const Status status = ValidateOps(ConvGraph({1, 4, 4, 4}, 2, q));
    EXPECT_NE(status.message().find("tensor 0 \"in\" has quantization scale"), std::string::npos)
        << status.message();
  }
}

TEST(OpValidationTest, RefusesZeroPointsOutsideTheType) {
  Quantization q;
  q.scale = {0.5f};
  q.zero_point = {256};
  EXPECT_EQ(ValidateOps(ConvGraph({1, 4, 4, 4}, 2, q)).message(),
            "tensor 0 \"in\" is UINT8 with zero point 256, outside [0, 255]");
}

TEST(OpValidationTest, RefusesAReshapeThatChangesTheElementCount) {
  GraphBuilder b;
  const int in = b.AddTensor("in", DataType::kFloat32, {2, 3});
  const int out = b.AddTensor("out", DataType::kFloat32, {4, 2});
  b.AddOp(OpType::kReshape, {in}, {out}, ReshapeOptions{{4, 2}});
  EXPECT_EQ(ValidateOps(b.graph()).message(),
            "node 0 (RESHAPE): target shape [4,2] has 8 elements but input 0 (tensor 0 \"in\") of "
            "shape [2,3] has 6");
}

TEST(OpValidationTest, RefusesAReshapeWhoseProductOverflows) {
  GraphBuilder b;
  const int in = b.AddTensor("in", DataType::kFloat32, {2, 3});
  const int out = b.AddTensor("out", DataType::kFloat32, {6});
  const int32_t big = std::numeric_limits<int32_t>::max();
  b.AddOp(OpType::kReshape, {in}, {out}, ReshapeOptions{{big, big, big, 0}});
  EXPECT_FALSE(ValidateOps(b.graph()).ok());
}

TEST(OpValidationTest, RefusesAConcatenationAxisOutOfRange) {
  GraphBuilder b;
  const int x = b.AddTensor("x", DataType::kFloat32, {2, 2});
  const int out = b.AddTensor("out", DataType::kFloat32, {2, 4});
  b.AddOp(OpType::kConcatenation, {x, x}, {out}, ConcatenationOptions{5, Activation::kNone});
  EXPECT_EQ(ValidateOps(b.graph()).message(),
            "node 0 (CONCATENATION): axis 5 is out of range for input 0 (tensor 0 \"x\") of shape "
            "[2,2]");
}

TEST(OpValidationTest, RefusesAPoolWindowThatDoesNotFit) {
  GraphBuilder b;
  const int in = b.AddTensor("in", DataType::kFloat32, {1, 2, 2, 1});
  const int out = b.AddTensor("out", DataType::kFloat32, {1, 1, 1, 1});
  Pool2DOptions options;
  options.filter_h = options.filter_w = 3;
  b.AddOp(OpType::kMaxPool2D, {in}, {out}, options);
  EXPECT_EQ(ValidateOps(b.graph()).message(),
            "node 0 (MAX_POOL_2D): filter 3x3 does not fit input 0 (tensor 0 \"in\") of shape "
            "[1,2,2,1]");
}

TEST(GraphValidateTest, RefusesShapesWhoseByteCountOverflows) {
  GraphBuilder b;
  b.AddTensor("huge", DataType::kFloat32, {1 << 30, 1 << 30, 1 << 30});
  EXPECT_EQ(b.graph().Validate().message(),
            "tensor 0 \"huge\" has shape [1073741824,1073741824,1073741824], which needs more "
            "than 2147483648 bytes");
}

}  // namespace
}  // namespace edgebench::graph
