// RESHAPE: where the target shape comes from, -1 inference, and errors. The
// data must come out byte for byte as it went in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/graph_builder.h"
#include "kernels/reference_kernels.h"
#include "support/single_op.h"

namespace edgebench::testing {
namespace {

using graph::DataType;
using graph::OpType;
using graph::Shape;

struct Reshape {
  graph::Graph graph;
  int in = 0;
  int out = 0;
};

// `shape_input`: null for none; otherwise the values of a constant INT32
// second input named "shape" (or an activation when !constant_shape).
Reshape MakeReshape(Shape in_shape, Shape out_shape, std::vector<int32_t> new_shape,
                    const std::vector<int32_t>* shape_input = nullptr, bool constant_shape = true) {
  graph::GraphBuilder builder;
  Reshape r;
  r.in = builder.AddTensor("in", DataType::kInt32, std::move(in_shape));
  std::vector<int> inputs = {r.in};
  if (shape_input != nullptr) {
    const Shape dims = {static_cast<int32_t>(shape_input->size())};
    inputs.push_back(constant_shape
                         ? builder.AddConstant("shape", DataType::kInt32, dims, *shape_input)
                         : builder.AddTensor("shape", DataType::kInt32, dims));
  }
  r.out = builder.AddTensor("out", DataType::kInt32, std::move(out_shape));
  builder.AddOp(OpType::kReshape, inputs, {r.out}, graph::ReshapeOptions{std::move(new_shape)});
  r.graph = std::move(builder).Build();
  return r;
}

std::vector<int32_t> RunReshape(Reshape r, const std::vector<int32_t>& input) {
  const int in = r.in;
  const int out = r.out;
  SingleOpRunner runner(std::move(r.graph), kernels::PrepareReshape);
  const Status status = runner.Prepare();
  EXPECT_TRUE(status.ok()) << status.message();
  if (!status.ok()) return {};
  runner.SetInput(in, input);
  runner.Run();
  return runner.Output<int32_t>(out);
}

std::string PrepareError(Reshape r) {
  SingleOpRunner runner(std::move(r.graph), kernels::PrepareReshape);
  const Status status = runner.Prepare();
  return status.ok() ? "ok" : status.message();
}

const std::vector<int32_t> kSix = {11, 22, 33, 44, 55, 66};

TEST(ReshapeTest, NewShapeOptionWithInferredDimension) {
  EXPECT_EQ(RunReshape(MakeReshape({2, 3}, {3, 2}, {3, -1}), kSix), kSix);
  EXPECT_EQ(RunReshape(MakeReshape({2, 3}, {1, 6, 1}, {-1, 6, 1}), kSix), kSix);
}

TEST(ReshapeTest, ShapeInputWinsOverOption) {
  // TFLite reads a 1-D INT32 second input first; the stale option is unused.
  const std::vector<int32_t> shape = {-1, 2};
  EXPECT_EQ(RunReshape(MakeReshape({6}, {3, 2}, {6}, &shape), kSix), kSix);
}

TEST(ReshapeTest, OutputShapeWhenNothingElseGivesOne) {
  EXPECT_EQ(RunReshape(MakeReshape({2, 3}, {6, 1}, {}), kSix), kSix);
}

TEST(ReshapeTest, LegacyZeroMeansScalar) {
  EXPECT_EQ(RunReshape(MakeReshape({1, 1}, {}, {0}), {7}), std::vector<int32_t>{7});
}

TEST(ReshapeTest, RejectsElementCountMismatch) {
  EXPECT_EQ(PrepareError(MakeReshape({2, 3}, {4, 2}, {4, 2})),
            "target shape [4,2] has 8 elements but input 0 (tensor 0 \"in\") of shape [2,3] has 6");
}

TEST(ReshapeTest, RejectsIndivisibleInferredDimension) {
  EXPECT_EQ(PrepareError(MakeReshape({2, 3}, {4, 1}, {4, -1})),
            "target shape [4,-1] cannot hold the 6 elements of input 0 (tensor 0 \"in\")");
}

TEST(ReshapeTest, RejectsTwoInferredDimensions) {
  EXPECT_EQ(PrepareError(MakeReshape({2, 3}, {2, 3}, {-1, -1})),
            "target shape [-1,-1] may hold one -1 and no other negative");
}

TEST(ReshapeTest, RejectsWrongOutputShape) {
  EXPECT_EQ(PrepareError(MakeReshape({2, 3}, {2, 3}, {3, 2})),
            "output 0 (tensor 1 \"out\") has shape [2,3], expected [3,2]");
}

TEST(ReshapeTest, RejectsComputedShapeInput) {
  const std::vector<int32_t> shape = {3, 2};
  EXPECT_EQ(PrepareError(MakeReshape({2, 3}, {3, 2}, {}, &shape, /*constant_shape=*/false)),
            "input 1 (tensor 1 \"shape\") must be a constant tensor");
}

TEST(ReshapeTest, RejectsTypeChange) {
  graph::GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {2});
  const int out = builder.AddTensor("out", DataType::kInt32, {2});
  builder.AddOp(OpType::kReshape, {in}, {out}, graph::ReshapeOptions{});
  SingleOpRunner runner(std::move(builder).Build(), kernels::PrepareReshape);
  const Status status = runner.Prepare();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "output 0 (tensor 1 \"out\") is INT32, expected FLOAT32");
}

}  // namespace
}  // namespace edgebench::testing
