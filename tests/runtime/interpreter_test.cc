#include "runtime/interpreter.h"

#include <gtest/gtest.h>

#include <cstring>

#include "graph/graph_builder.h"

namespace edgebench::runtime {
namespace {

using graph::DataType;
using graph::GraphBuilder;
using graph::OpType;

// out = relu(relu(in) + bias) with every tensor the same size, so a planner
// that let the input's bytes be reused would corrupt the second Invoke.
graph::Graph SmallGraph() {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 4});
  const int a = builder.AddTensor("a", DataType::kFloat32, {1, 4});
  const int bias =
      builder.AddConstant<float>("bias", DataType::kFloat32, {1, 4}, {-1.0f, -2.0f, 0.5f, 0.0f});
  const int b = builder.AddTensor("b", DataType::kFloat32, {1, 4});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 4});
  builder.AddOp(OpType::kRelu, {in}, {a});
  builder.AddOp(OpType::kAdd, {a, bias}, {b}, graph::ElementwiseOptions{});
  builder.AddOp(OpType::kRelu, {b}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  return std::move(builder).Build();
}

TEST(InterpreterTest, RunsOpsInOrderAndKeepsTheInputAcrossInvokes) {
  auto interpreter = Interpreter::Create(SmallGraph());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status().message();
  const float input[4] = {3.0f, -5.0f, 1.0f, 2.0f};
  std::memcpy((*interpreter)->input_data(0), input, sizeof(input));
  // relu: 3 0 1 2; + bias: 2 -2 1.5 2; relu: 2 0 1.5 2.
  const std::vector<float> expected = {2.0f, 0.0f, 1.5f, 2.0f};
  for (int run = 0; run < 3; ++run) {
    (*interpreter)->Invoke();
    const auto output = (*interpreter)->output<float>(0);
    EXPECT_EQ(std::vector<float>(output.begin(), output.end()), expected) << "run " << run;
  }
}

TEST(InterpreterTest, ReportsArenaAndConstantBytes) {
  auto interpreter = Interpreter::Create(SmallGraph());
  ASSERT_TRUE(interpreter.ok());
  EXPECT_EQ((*interpreter)->constant_bytes(), 16u);  // the bias
  EXPECT_LE((*interpreter)->arena_bytes(), (*interpreter)->unshared_arena_bytes());
  EXPECT_GE((*interpreter)->arena_bytes(), 3 * kArenaAlignment);  // in, and two live at op 1
  EXPECT_STREQ((*interpreter)->op_backend(1), "reference");
}

TEST(InterpreterTest, KernelErrorsNameTheNode) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kFloat32, {1, 4});
  const int out = builder.AddTensor("out", DataType::kFloat32, {1, 5});
  builder.AddOp(OpType::kRelu, {in}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  auto interpreter = Interpreter::Create(std::move(builder).Build());
  ASSERT_FALSE(interpreter.ok());
  EXPECT_EQ(interpreter.status().message().rfind("node 0 (RELU): ", 0), 0u)
      << interpreter.status().message();
}

TEST(InterpreterTest, UnsupportedInputTypeNamesWhatIsSupported) {
  GraphBuilder builder;
  const int in = builder.AddTensor("in", DataType::kInt32, {1, 4});
  const int out = builder.AddTensor("out", DataType::kInt32, {1, 4});
  builder.AddOp(OpType::kLogistic, {in}, {out});
  builder.SetInputs({in});
  builder.SetOutputs({out});
  auto interpreter = Interpreter::Create(std::move(builder).Build());
  ASSERT_FALSE(interpreter.ok());
  EXPECT_EQ(interpreter.status().message(),
            "node 0 (LOGISTIC): input 0 (tensor 0 \"in\") is INT32, supported: FLOAT32, UINT8, "
            "INT8");
}

}  // namespace
}  // namespace edgebench::runtime
