#include "runtime/memory_plan.h"

#include <gtest/gtest.h>

#include "graph/graph_builder.h"

namespace edgebench::runtime {
namespace {

using graph::DataType;
using graph::GraphBuilder;
using graph::OpType;

// A chain of n RELUs over tensors of the given byte sizes (float32).
graph::Graph ReluChain(const std::vector<int>& floats) {
  GraphBuilder builder;
  std::vector<int> tensors;
  for (size_t i = 0; i < floats.size(); ++i) {
    tensors.push_back(builder.AddTensor("t" + std::to_string(i), DataType::kFloat32, {floats[i]}));
  }
  for (size_t i = 0; i + 1 < tensors.size(); ++i) {
    builder.AddOp(OpType::kRelu, {tensors[i]}, {tensors[i + 1]});
  }
  builder.SetInputs({tensors.front()});
  builder.SetOutputs({tensors.back()});
  return std::move(builder).Build();
}

MemoryPlan Plan(const graph::Graph& graph) {
  auto lifetimes = graph::ComputeLifetimes(graph);
  EXPECT_TRUE(lifetimes.ok());
  return PlanMemory(graph, *lifetimes);
}

bool Overlap(size_t a, size_t a_size, size_t b, size_t b_size) {
  return a < b + b_size && b < a + a_size;
}

TEST(MemoryPlanTest, ChainReusesMemoryOfDeadTensors) {
  // t0 (in) -> t1 -> t2 -> t3 -> t4 (out), 64 floats = 256 bytes each. The
  // input keeps its slot for the next Invoke; of t1..t4 at most two are alive
  // at once, so three slots suffice.
  const graph::Graph graph = ReluChain({64, 64, 64, 64, 64});
  const MemoryPlan plan = Plan(graph);
  EXPECT_EQ(plan.arena_bytes, 768u);
  EXPECT_EQ(plan.unshared_bytes, 1280u);
  for (int t = 1; t < 5; ++t) {
    EXPECT_FALSE(Overlap(plan.offsets[0], 256, plan.offsets[t], 256)) << "input and tensor " << t;
  }
  for (int t = 0; t + 1 < 5; ++t) {
    EXPECT_FALSE(Overlap(plan.offsets[t], 256, plan.offsets[t + 1], 256)) << "tensor " << t;
  }
}

TEST(MemoryPlanTest, OffsetsAreAlignedAndSizesRoundedUp) {
  const graph::Graph graph = ReluChain({1, 3, 17});
  const MemoryPlan plan = Plan(graph);
  for (size_t offset : plan.offsets) EXPECT_EQ(offset % kArenaAlignment, 0u);
  // t0 (4 bytes -> 64, the input: alive throughout), t1 (12 -> 64) and t2
  // (68 -> 128) all meet at op 1.
  EXPECT_EQ(plan.arena_bytes, 256u);
}

TEST(MemoryPlanTest, LiveTensorsNeverShareBytes) {
  // add(a, relu(relu(a))): a stays alive across both RELUs.
  GraphBuilder builder;
  const int a = builder.AddTensor("a", DataType::kFloat32, {100});
  const int b = builder.AddTensor("b", DataType::kFloat32, {10});
  const int c = builder.AddTensor("c", DataType::kFloat32, {1000});
  const int d = builder.AddTensor("d", DataType::kFloat32, {100});
  builder.AddOp(OpType::kRelu, {a}, {b});
  builder.AddOp(OpType::kRelu, {b}, {c});
  builder.AddOp(OpType::kAdd, {a, c}, {d}, graph::ElementwiseOptions{});
  builder.SetInputs({a});
  builder.SetOutputs({d});
  const graph::Graph graph = std::move(builder).Build();
  const MemoryPlan plan = Plan(graph);
  auto lifetimes = graph::ComputeLifetimes(graph);
  for (int x = 0; x < 4; ++x) {
    for (int y = x + 1; y < 4; ++y) {
      const auto& lx = lifetimes->lifetimes[x];
      const auto& ly = lifetimes->lifetimes[y];
      if (lx.first_op <= ly.last_op && ly.first_op <= lx.last_op) {
        EXPECT_FALSE(Overlap(plan.offsets[x], graph.tensors[x].byte_size(), plan.offsets[y],
                             graph.tensors[y].byte_size()))
            << "tensors " << x << " and " << y;
      }
    }
  }
  // b (dead after op 1) is reusable by d: arena holds a, c and one of b/d.
  EXPECT_LT(plan.arena_bytes, plan.unshared_bytes);
}

}  // namespace
}  // namespace edgebench::runtime
