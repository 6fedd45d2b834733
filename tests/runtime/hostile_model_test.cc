// Models whose declared shapes disagree with what their ops compute, and
// models too large for the arena limit: every backend must refuse them with
// one line before anything is compiled or allocated (XNNPACK used to write
// past the arena).
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>

#include "graph/graph_builder.h"
#include "runtime/interpreter.h"
#include "support/real_models.h"
#include "tflite/reader.h"

namespace edgebench::runtime {
namespace {

using testing::ConvOutputDimOffset;
using testing::PatchInt32;

Status CreateFrom(const std::vector<uint8_t>& bytes, const std::string& backend) {
  auto owner = std::make_shared<std::vector<uint8_t>>(bytes);
  auto graph = tflite::ReadModelBuffer(owner, owner->data(), owner->size(), "patched.tflite");
  if (!graph.ok()) return graph.status();
  auto interpreter = Interpreter::Create(std::move(graph).value(), InterpreterOptions{backend, 1});
  return interpreter.ok() ? Status::Ok() : interpreter.status();
}

struct Patch {
  const char* what;
  std::function<void(std::vector<uint8_t>&)> apply;
  const char* declared;  // the wrong shape the message must show
};

TEST(HostileModelTest, ConvOutputShapesThatDisagreeAreRefusedOnEveryBackend) {
  const std::vector<uint8_t> v1 = testing::ReadBytes(testing::RealV1Model());
  const Patch patches[] = {
      {"first conv declares 75x75 instead of 150x150",
       [](std::vector<uint8_t>& m) {
         const size_t h = ConvOutputDimOffset(m, 1);
         const size_t w = ConvOutputDimOffset(m, 2);
         PatchInt32(m, h, 75);
         PatchInt32(m, w, 75);
       },
       "[1,75,75,"},
      {"first conv declares a batch of 24",
       [](std::vector<uint8_t>& m) { PatchInt32(m, ConvOutputDimOffset(m, 0), 24); },
       "[24,150,150,"},
      {"one flipped byte turns a width of 10 into 1034",
       [](std::vector<uint8_t>& m) { m[ConvOutputDimOffset(m, 2, 10) + 1] ^= 0x04; }, ",1034,"},
  };
  for (const Patch& patch : patches) {
    std::vector<uint8_t> model = v1;
    patch.apply(model);
    for (const char* backend : {"reference", "xnnpack"}) {
      const Status status = CreateFrom(model, backend);
      ASSERT_FALSE(status.ok()) << patch.what << " on " << backend;
      const std::string& message = status.message();
      EXPECT_NE(message.find("(CONV_2D): output 0 ("), std::string::npos) << message;
      EXPECT_NE(message.find(patch.declared), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(HostileModelTest, TheUnpatchedModelStillLoadsOnEveryBackend) {
  const std::vector<uint8_t> v1 = testing::ReadBytes(testing::RealV1Model());
  for (const char* backend : {"reference", "xnnpack"}) {
    EXPECT_TRUE(CreateFrom(v1, backend).ok())
        << backend << ": " << CreateFrom(v1, backend).message();
  }
}

TEST(HostileModelTest, AnArenaOverTheLimitIsRefusedNamingTheLargestTensors) {
  graph::GraphBuilder b;
  const int in = b.AddTensor("in", graph::DataType::kFloat32, {1, 256});
  const int mid = b.AddTensor("mid", graph::DataType::kFloat32, {1, 256});
  const int out = b.AddTensor("out", graph::DataType::kFloat32, {1, 256});
  b.AddOp(graph::OpType::kRelu, {in}, {mid});
  b.AddOp(graph::OpType::kRelu, {mid}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  InterpreterOptions options;
  options.max_arena_bytes = 1024;
  for (const char* backend : {"reference", "xnnpack"}) {
    options.backend = backend;
    auto interpreter = Interpreter::Create(b.graph(), options);
    ASSERT_FALSE(interpreter.ok()) << backend;
    // XNNPACK keeps "mid" inside its run, so the arena differs by backend.
    const std::string& message = interpreter.status().message();
    EXPECT_EQ(message.rfind("interpreter: the activation arena needs ", 0), 0u) << message;
    EXPECT_NE(message.find(" bytes, more than the limit of 1024 bytes (max_arena_bytes; edgebench "
                           "--max-arena-mb raises it); largest tensors: tensor 0 \"in\" [1,256] "
                           "FLOAT32 (1024 bytes)"),
              std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace edgebench::runtime
