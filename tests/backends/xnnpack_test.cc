// The XNNPACK backend against the reference kernels: every claimed op on
// random shapes and both element types, partitioning around an op XNNPACK
// does not run, and whole models (the zoo's and the two real detectors).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "backend_checker.h"
#include "backends/int8/int8_kernels.h"
#include "graph/graph_builder.h"
#include "op_cases.h"
#include "runtime/interpreter.h"

namespace edgebench::testing {
namespace {

using graph::DataType;
using graph::OpType;

constexpr int kCasesPerOp = 30;

// Runs `c` on both paths with `threads`, checks XNNPACK ran its one op (or,
// for a uint8 1x1 CONV_2D at one thread, the 8-bit kernels that take it
// before XNNPACK: backends/int8) and the outputs agree.
void CheckCase(const OpCase& c, int threads, uint32_t seed, const Tolerance& tolerance) {
  SCOPED_TRACE(c.description + " threads " + std::to_string(threads) + " seed " +
               std::to_string(seed));
  BackendRun run = RunBoth(c.graph, "xnnpack", threads, seed);
  ASSERT_NE(run.backend, nullptr);
  const bool int8 = threads == 1 && backends::int8::RunsOnInt8(c.graph, 0);
  ASSERT_STREQ(run.backend->op_backend(0), int8 ? "int8" : "xnnpack");
  for (int output : c.graph.outputs) {
    CompareTensor(*run.reference, *run.backend, output, tolerance);
  }
}

template <typename Make>
void CheckRandomCases(uint32_t seed, Make make) {
  CaseRng rng(seed);
  for (int i = 0; i < kCasesPerOp; ++i) {
    const OpCase c = make(rng);
    CheckCase(c, 1 + i % 2, seed + i, Tolerance{});
    if (::testing::Test::HasFailure()) return;  // one failing case is enough to read
  }
}

class XnnpackOpTest : public ::testing::TestWithParam<DataType> {};

TEST_P(XnnpackOpTest, Conv2D) {
  CheckRandomCases(101, [&](CaseRng& rng) { return RandomConv(rng, GetParam(), false); });
}
TEST_P(XnnpackOpTest, DepthwiseConv2D) {
  CheckRandomCases(202, [&](CaseRng& rng) { return RandomConv(rng, GetParam(), true); });
}
TEST_P(XnnpackOpTest, FullyConnected) {
  CheckRandomCases(303, [&](CaseRng& rng) { return RandomFullyConnected(rng, GetParam()); });
}
TEST_P(XnnpackOpTest, Add) {
  CheckRandomCases(404, [&](CaseRng& rng) { return RandomBinary(rng, GetParam(), OpType::kAdd); });
}
TEST_P(XnnpackOpTest, Mul) {
  CheckRandomCases(505, [&](CaseRng& rng) { return RandomBinary(rng, GetParam(), OpType::kMul); });
}
TEST_P(XnnpackOpTest, MaxPool2D) {
  CheckRandomCases(606,
                   [&](CaseRng& rng) { return RandomPool(rng, GetParam(), OpType::kMaxPool2D); });
}
TEST_P(XnnpackOpTest, Mean) {
  CheckRandomCases(707, [&](CaseRng& rng) { return RandomMean(rng, GetParam()); });
}
TEST_P(XnnpackOpTest, UnaryOps) {
  for (OpType op :
       {OpType::kLogistic, OpType::kRelu, OpType::kRelu6, OpType::kReshape, OpType::kSqueeze}) {
    CheckRandomCases(808 + static_cast<int>(op),
                     [&](CaseRng& rng) { return RandomUnary(rng, GetParam(), op); });
  }
}

INSTANTIATE_TEST_SUITE_P(Types, XnnpackOpTest,
                         ::testing::Values(DataType::kFloat32, DataType::kUInt8),
                         [](const auto& param_info) {
                           return graph::DataTypeName(param_info.param);
                         });

TEST(XnnpackFloatOnly, AveragePool2D) {
  CheckRandomCases(909, [](CaseRng& rng) {
    return RandomPool(rng, DataType::kFloat32, OpType::kAveragePool2D);
  });
}
TEST(XnnpackFloatOnly, Softmax) {
  CheckRandomCases(
      1010, [](CaseRng& rng) { return RandomUnary(rng, DataType::kFloat32, OpType::kSoftmax); });
}

// What the packaged XNNPACK cannot run stays on the reference kernels, and
// the result is still right.
void ExpectReference(const OpCase& c) {
  SCOPED_TRACE(c.description);
  BackendRun run = RunBoth(c.graph, "xnnpack", 1, 5);
  ASSERT_NE(run.backend, nullptr);
  EXPECT_STREQ(run.backend->op_backend(0), "reference");
  for (int output : c.graph.outputs) {
    CompareTensor(*run.reference, *run.backend, output, Tolerance{0.0, 0});
  }
}

TEST(XnnpackClaims, Uint8AveragePoolAndSoftmaxStayOnReference) {
  CaseRng rng(1111);
  ExpectReference(RandomPool(rng, DataType::kUInt8, OpType::kAveragePool2D));
  ExpectReference(RandomUnary(rng, DataType::kUInt8, OpType::kSoftmax));
}

TEST(XnnpackClaims, UnsupportedVariantsStayOnReference) {
  graph::GraphBuilder b;
  // ADD whose input/output scale ratio (2^10) is past XNNPACK's 2^8.
  const int x = b.AddTensor("x", DataType::kUInt8, {1, 4}, Quant(1.0f, 128));
  const int y = b.AddTensor("y", DataType::kUInt8, {1, 4}, Quant(1.0f, 128));
  const int sum = b.AddTensor("sum", DataType::kUInt8, {1, 4}, Quant(1.0f / 1024, 128));
  b.AddOp(OpType::kAdd, {x, y}, {sum}, graph::ElementwiseOptions{});
  // A 1x1 max pool, which XNNPACK rejects.
  const int m = b.AddTensor("m", DataType::kFloat32, {1, 3, 3, 2});
  const int pooled = b.AddTensor("pooled", DataType::kFloat32, {1, 3, 3, 2});
  b.AddOp(OpType::kMaxPool2D, {m}, {pooled}, graph::Pool2DOptions{});
  // Softmax with beta != 1, which XNNPACK's node lacks.
  const int s = b.AddTensor("s", DataType::kFloat32, {2, 5});
  const int p = b.AddTensor("p", DataType::kFloat32, {2, 5});
  b.AddOp(OpType::kSoftmax, {s}, {p}, graph::SoftmaxOptions{0.5f});
  b.SetInputs({x, y, m, s});
  b.SetOutputs({sum, pooled, p});
  auto interpreter = runtime::Interpreter::Create(std::move(b).Build(), {"xnnpack", 1});
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().message();
  EXPECT_STREQ((*interpreter)->op_backend(0), "reference");
  EXPECT_STREQ((*interpreter)->op_backend(1), "reference");
  EXPECT_STREQ((*interpreter)->op_backend(2), "reference");
}

TEST(XnnpackOptions, RejectsUnknownBackendAndBadThreads) {
  graph::GraphBuilder b;
  const int x = b.AddTensor("x", DataType::kFloat32, {4});
  const int y = b.AddTensor("y", DataType::kFloat32, {4});
  b.AddOp(OpType::kRelu, {x}, {y});
  b.SetInputs({x});
  b.SetOutputs({y});
  const graph::Graph g = std::move(b).Build();
  auto unknown = runtime::Interpreter::Create(g, {"gpu", 1});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown backend \"gpu\""), std::string::npos)
      << unknown.status().message();
  auto zero = runtime::Interpreter::Create(g, {"xnnpack", 0});
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("threads is 0"), std::string::npos);
  auto fine = runtime::Interpreter::Create(g);
  ASSERT_TRUE(fine.ok());
  EXPECT_STREQ((*fine)->op_backend(0), "reference");
}

// input -> CONV_2D -> CONCATENATION(conv, input) -> CONV_2D -> RELU6:
// XNNPACK runs [conv], the reference [concat], XNNPACK [conv, relu6].
graph::Graph ConcatBetweenConvs(DataType type) {
  CaseRng rng(77);
  graph::GraphBuilder b;
  const bool q = type == DataType::kUInt8;
  const graph::Quantization qa = q ? Quant(0.02f, 128) : graph::Quantization{};
  const graph::Quantization qw = q ? Quant(0.01f, 120) : graph::Quantization{};
  const graph::Quantization qb = q ? Quant(0.0002f, 0) : graph::Quantization{};
  auto weights = [&](const std::string& name, graph::Shape shape) {
    const int64_t n = graph::NumElements(shape);
    return q ? b.AddConstant(name, type, shape, rng.Bytes(n), qw)
             : b.AddConstant(name, type, shape, rng.Floats(n));
  };
  auto bias = [&](const std::string& name, int n) {
    return q ? b.AddConstant(name, DataType::kInt32, {n}, rng.Ints(n, -500, 500), qb)
             : b.AddConstant(name, type, {n}, rng.Floats(n));
  };
  const graph::Quantization qc = q ? Quant(0.3f, 128) : graph::Quantization{};
  const int in = b.AddTensor("in", type, {1, 9, 9, 3}, qa);
  const int c1 = b.AddTensor("c1", type, {1, 9, 9, 5}, qa);
  b.AddOp(OpType::kConv2D, {in, weights("w1", {5, 3, 3, 3}), bias("b1", 5)}, {c1},
          graph::Conv2DOptions{graph::Padding::kSame, 1, 1, 1, 1, graph::Activation::kRelu});
  const int cat = b.AddTensor("cat", type, {1, 9, 9, 8}, qa);
  b.AddOp(OpType::kConcatenation, {c1, in}, {cat}, graph::ConcatenationOptions{3});
  const int c2 = b.AddTensor("c2", type, {1, 5, 5, 4}, qc);
  b.AddOp(OpType::kConv2D, {cat, weights("w2", {4, 3, 3, 8}), bias("b2", 4)}, {c2},
          graph::Conv2DOptions{graph::Padding::kSame, 2, 2, 1, 1, graph::Activation::kNone});
  const int out = b.AddTensor("out", type, {1, 5, 5, 4}, qc);
  b.AddOp(OpType::kRelu6, {c2}, {out});
  b.SetInputs({in});
  // c1 is a graph output too, so its value survives for the comparison.
  b.SetOutputs({out, c1});
  return std::move(b).Build();
}

TEST(XnnpackPartition, ConcatenationSplitsTheGraphIntoThreeRuns) {
  for (DataType type : {DataType::kFloat32, DataType::kUInt8}) {
    for (int threads : {1, 2}) {
      SCOPED_TRACE(std::string(graph::DataTypeName(type)) + " threads " + std::to_string(threads));
      const graph::Graph g = ConcatBetweenConvs(type);
      BackendRun run = RunBoth(g, "xnnpack", threads, 9);
      ASSERT_NE(run.backend, nullptr);
      const auto& partitions = run.backend->partitions();
      ASSERT_EQ(partitions.size(), 3u);
      EXPECT_TRUE(partitions[0].delegated);
      EXPECT_EQ(partitions[0].ops, std::vector<int>{0});
      EXPECT_FALSE(partitions[1].delegated);
      EXPECT_EQ(partitions[1].ops, std::vector<int>{1});
      EXPECT_TRUE(partitions[2].delegated);
      EXPECT_EQ(partitions[2].ops, (std::vector<int>{2, 3}));
      // XNNPACK has no concatenation: 8-bit ones take the optimized kernel.
      const char* concat = type == DataType::kUInt8 ? "optimized" : "reference";
      const char* expected[] = {"xnnpack", concat, "xnnpack", "xnnpack"};
      for (int op = 0; op < 4; ++op) EXPECT_STREQ(run.backend->op_backend(op), expected[op]);
      // The conv's result crosses into the reference concat through the arena.
      CompareTensor(*run.reference, *run.backend, g.outputs[1], Tolerance{});
      // Quantized: two ops in a row may each be one unit off. Invoked three
      // times: with two threads a run whose output shared arena bytes with
      // its input gave different answers from one call to the next.
      for (int invoke = 0; invoke < 3; ++invoke) {
        CompareTensor(*run.reference, *run.backend, g.outputs[0], Tolerance{1e-5, 2});
        run.backend->Invoke();
      }
    }
  }
}

// A run with values internal to XNNPACK, a residual ADD, a run output that
// is also read later by another op of the same run, and a graph output in
// the middle of the run.
TEST(XnnpackPartition, OneRunWithInternalValuesAndMidRunOutput) {
  CaseRng rng(31);
  graph::GraphBuilder b;
  const DataType f = DataType::kFloat32;
  const int in = b.AddTensor("in", f, {1, 7, 7, 6});
  const int c = b.AddTensor("c", f, {1, 7, 7, 6});
  b.AddOp(OpType::kDepthwiseConv2D,
          {in, b.AddConstant("dw", f, {1, 3, 3, 6}, rng.Floats(54)),
           b.AddConstant("db", f, {6}, rng.Floats(6))},
          {c},
          graph::DepthwiseConv2DOptions{graph::Padding::kSame, 1, 1, 1, 1, 1,
                                        graph::Activation::kRelu6});
  const int sum = b.AddTensor("sum", f, {1, 7, 7, 6});
  b.AddOp(OpType::kAdd, {c, in}, {sum}, graph::ElementwiseOptions{});
  const int mean = b.AddTensor("mean", f, {1, 6});
  b.AddOp(OpType::kMean,
          {sum, b.AddConstant("axes", DataType::kInt32, {2}, std::vector<int32_t>{1, 2})}, {mean},
          graph::MeanOptions{false});
  const int logits = b.AddTensor("logits", f, {1, 10});
  b.AddOp(OpType::kFullyConnected,
          {mean, b.AddConstant("fw", f, {10, 6}, rng.Floats(60)), graph::kNoTensor}, {logits},
          graph::FullyConnectedOptions{});
  const int probs = b.AddTensor("probs", f, {1, 10});
  b.AddOp(OpType::kSoftmax, {logits}, {probs}, graph::SoftmaxOptions{1.0f});
  b.SetInputs({in});
  b.SetOutputs({sum, probs});
  const graph::Graph g = std::move(b).Build();
  BackendRun run = RunBoth(g, "xnnpack", 2, 3);
  ASSERT_NE(run.backend, nullptr);
  ASSERT_EQ(run.backend->partitions().size(), 1u);
  for (int output : g.outputs) CompareTensor(*run.reference, *run.backend, output, Tolerance{});
  // c, mean and logits live inside XNNPACK only: no arena bytes for them.
  for (int internal : {c, mean, logits}) {
    EXPECT_TRUE(run.backend->tensor_bytes(internal).empty()) << g.tensors[internal].name;
    EXPECT_FALSE(run.reference->tensor_bytes(internal).empty()) << g.tensors[internal].name;
  }
  // Left: in, sum and probs, alive over the whole run, each rounded up to
  // the arena's alignment.
  const auto aligned = [](size_t bytes) {
    return (bytes + runtime::kArenaAlignment - 1) / runtime::kArenaAlignment *
           runtime::kArenaAlignment;
  };
  EXPECT_EQ(run.backend->arena_bytes(), 2 * aligned(4 * 7 * 7 * 6) + aligned(4 * 10));
}

}  // namespace
}  // namespace edgebench::testing
