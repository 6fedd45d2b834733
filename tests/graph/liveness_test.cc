#include "graph/liveness.h"

#include <gtest/gtest.h>

#include "graph/graph_builder.h"

namespace edgebench::graph {
namespace {

// in -> relu -> a -> relu -> b -> add(a, b) -> out, plus a constant.
Graph Chain() {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 4});
  const int a = builder.AddTensor("a", DataType::kFloat32, {1, 4});
  const int b = builder.AddTensor("b", DataType::kFloat32, {1, 4});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 4});
  builder.AddConstant<float>("unused_constant", DataType::kFloat32, {1}, {1.0f});
  builder.AddTensor("dangling", DataType::kFloat32, {1});
  builder.AddOp(OpType::kRelu, {in}, {a});
  builder.AddOp(OpType::kRelu, {a}, {b});
  builder.AddOp(OpType::kAdd, {a, b}, {out}, ElementwiseOptions{});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return std::move(builder).Build();
}

TEST(LivenessTest, FirstWriteAndLastRead) {
  auto result = ComputeLifetimes(Chain());
  ASSERT_TRUE(result.ok()) << result.status().message();
  const auto& life = result->lifetimes;
  EXPECT_EQ(life[0].first_op, -1);  // graph input: kept for the next Invoke
  EXPECT_EQ(life[0].last_op, 3);
  EXPECT_EQ(life[1].first_op, 0);  // a: written by op 0, read by op 2
  EXPECT_EQ(life[1].last_op, 2);
  EXPECT_EQ(life[2].first_op, 1);
  EXPECT_EQ(life[2].last_op, 2);
  EXPECT_EQ(life[3].first_op, 2);  // output lives to the end
  EXPECT_EQ(life[3].last_op, 3);
  EXPECT_FALSE(result->used[4]);  // constant
  EXPECT_FALSE(result->used[5]);  // no op touches it
}

TEST(LivenessTest, ReadBeforeWriteIsAnError) {
  GraphBuilder builder;
  const int x = builder.AddTensor("x", DataType::kFloat32, {1});
  const int y = builder.AddTensor("y", DataType::kFloat32, {1});
  builder.AddOp(OpType::kRelu, {x}, {y});
  builder.SetOutputs({y});
  auto result = ComputeLifetimes(builder.graph());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "node 0 (RELU): input 0 (tensor 0 \"x\") is read before any op writes it");
}

TEST(LivenessTest, SecondWriteIsAnError) {
  GraphBuilder builder;
  const int x = builder.AddTensor("x", DataType::kFloat32, {1});
  const int y = builder.AddTensor("y", DataType::kFloat32, {1});
  builder.AddOp(OpType::kRelu, {x}, {y});
  builder.AddOp(OpType::kRelu, {x}, {y});
  builder.SetInputs({x});
  auto result = ComputeLifetimes(builder.graph());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "node 1 (RELU): output 0 (tensor 1 \"y\") was already written");
}

}  // namespace
}  // namespace edgebench::graph
