// Bad input: every defect gives one line that names the file and the place,
// and nothing crashes. Each defect is planted in an otherwise valid model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "tflite/raw_model.h"
#include "tflite/reader.h"

namespace edgebench::tflite {
namespace {

using ::testing::HasSubstr;
using testing::RawModel;
using ::testing::StartsWith;

Result<graph::Graph> Read(const std::vector<uint8_t>& bytes) {
  auto owner = std::make_shared<std::vector<uint8_t>>(bytes);
  return ReadModelBuffer(owner, owner->data(), owner->size(), "model.tflite");
}

// The error message, checked to be one line starting with the file name.
std::string ErrorOf(const std::vector<uint8_t>& bytes) {
  Result<graph::Graph> graph = Read(bytes);
  if (graph.ok()) return "(no error)";
  const std::string& message = graph.status().message();
  EXPECT_THAT(message, StartsWith("model.tflite: "));
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  return message;
}

TEST(ReaderErrorsTest, TheUndamagedRawModelReads) {
  Result<graph::Graph> graph = Read(RawModel().Build());
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  ASSERT_EQ(graph->ops.size(), 1u);
  EXPECT_EQ(graph->ops[0].type, graph::OpType::kConv2D);
  EXPECT_EQ(graph->ops[0].inputs, (std::vector<int>{0, 1, -1}));
  EXPECT_TRUE(graph->tensors[1].is_constant());
  EXPECT_FALSE(graph->tensors[0].is_constant());
}

TEST(ReaderErrorsTest, EmptyInput) { EXPECT_EQ(ErrorOf({}), "model.tflite: file is empty"); }

TEST(ReaderErrorsTest, MissingFile) {
  Result<graph::Graph> graph = ReadModelFile("/nonexistent/model.tflite");
  ASSERT_FALSE(graph.ok());
  EXPECT_THAT(graph.status().message(), StartsWith("/nonexistent/model.tflite: cannot open"));
}

TEST(ReaderErrorsTest, EmptyFile) {
  const std::string path = ::testing::TempDir() + "/empty.tflite";
  std::fclose(std::fopen(path.c_str(), "wb"));
  Result<graph::Graph> graph = ReadModelFile(path);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), path + ": file is empty");
}

TEST(ReaderErrorsTest, EveryTruncationIsRejected) {
  const std::vector<uint8_t> bytes = RawModel().Build();
  for (size_t length = 0; length < bytes.size(); ++length) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + length);
    EXPECT_NE(ErrorOf(prefix), "(no error)") << "length " << length;
  }
}

TEST(ReaderErrorsTest, WrongIdentifier) {
  std::vector<uint8_t> bytes = RawModel().Build();
  std::memcpy(bytes.data() + 4, "ONNX", 4);
  EXPECT_THAT(ErrorOf(bytes), HasSubstr("identifier is not TFL3"));
}

TEST(ReaderErrorsTest, NotAFlatbufferAtAll) {
  std::vector<uint8_t> bytes(64, 0xff);
  std::memcpy(bytes.data() + 4, "TFL3", 4);
  EXPECT_THAT(ErrorOf(bytes), HasSubstr("verification failed"));
}

TEST(ReaderErrorsTest, FlippedBytesNeverCrash) {
  const std::vector<uint8_t> bytes = RawModel().Build();
  int rejected = 0;
  for (size_t position = 0; position < bytes.size(); ++position) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::vector<uint8_t> damaged = bytes;
      damaged[position] ^= mask;
      if (ErrorOf(damaged) != "(no error)") ++rejected;
    }
  }
  // Many flips land in padding or names, but offsets and the header must
  // be caught.
  EXPECT_GT(rejected, 50);
}

TEST(ReaderErrorsTest, MisalignedInputIsCopiedAndReads) {
  const std::vector<uint8_t> bytes = RawModel().Build();
  auto storage = std::make_shared<std::vector<uint8_t>>(bytes.size() + 1);
  std::memcpy(storage->data() + 1, bytes.data(), bytes.size());
  Result<graph::Graph> graph =
      ReadModelBuffer(storage, storage->data() + 1, bytes.size(), "odd.tflite");
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(graph->tensors[1].data) % 4, 0u);
}

TEST(ReaderErrorsTest, SchemaVersion) {
  RawModel model;
  model.version = 2;
  EXPECT_EQ(ErrorOf(model.Build()), "model.tflite: schema version 2 is unsupported, expected 3");
}

TEST(ReaderErrorsTest, BufferIndexOutOfRange) {
  RawModel model;
  model.weights_buffer = 9;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: tensor 1 \"weights\": buffer index 9 is out of range, the model has 2 "
            "buffers");
}

TEST(ReaderErrorsTest, TensorIndexOutOfRange) {
  RawModel model;
  model.op_input = 7;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: node 0 (CONV_2D): input 0 names tensor 7, but there are 3 tensors");
}

TEST(ReaderErrorsTest, NegativeTensorIndex) {
  RawModel model;
  model.op_output = -5;
  EXPECT_THAT(ErrorOf(model.Build()), HasSubstr("output 0 names tensor -5"));
}

TEST(ReaderErrorsTest, GraphInputOutOfRange) {
  RawModel model;
  model.graph_input = 3;
  EXPECT_THAT(ErrorOf(model.Build()), HasSubstr("graph input names tensor 3"));
}

TEST(ReaderErrorsTest, OpcodeIndexOutOfRange) {
  RawModel model;
  model.opcode_index = 3;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: node 0: opcode index 3 is out of range, the model has 1 operator codes");
}

TEST(ReaderErrorsTest, ConstantBufferSizeDoesNotMatchShape) {
  RawModel model;
  model.weights_bytes = 8;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: tensor 1 \"weights\": shape [1,1,1,1] and type FLOAT32 need 4 bytes "
            "but buffer 1 holds 8");
}

TEST(ReaderErrorsTest, UnknownBuiltinOp) {
  RawModel model;
  model.deprecated_code = static_cast<int8_t>(fb::BuiltinOperator::TANH);
  model.builtin_code = fb::BuiltinOperator::TANH;
  model.with_options = false;
  const std::string error = ErrorOf(model.Build());
  EXPECT_THAT(error, StartsWith("model.tflite: node 0 (TANH): unsupported op; supported: ADD, "
                                "AVERAGE_POOL_2D, CONCATENATION, CONV_2D,"));
  EXPECT_THAT(error, HasSubstr("TFLite_Detection_PostProcess"));
}

TEST(ReaderErrorsTest, OpCodeAbove127LivesOnlyInBuiltinCode) {
  RawModel model;
  model.deprecated_code = 127;
  model.builtin_code = fb::BuiltinOperator::GELU;
  model.with_options = false;
  EXPECT_THAT(ErrorOf(model.Build()),
              StartsWith("model.tflite: node 0 (GELU): unsupported op; supported: ADD"));
}

TEST(ReaderErrorsTest, OpCodeNewerThanTheSchema) {
  RawModel model;
  model.deprecated_code = 127;
  model.builtin_code = static_cast<fb::BuiltinOperator>(4000);
  EXPECT_THAT(ErrorOf(model.Build()), StartsWith("model.tflite: node 0 (builtin code 4000)"));
}

TEST(ReaderErrorsTest, OldFilesUseOnlyTheDeprecatedCode) {
  RawModel model;
  model.builtin_code = fb::BuiltinOperator::ADD;  // 0: absent in pre-3a files
  Result<graph::Graph> graph = Read(model.Build());
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops[0].type, graph::OpType::kConv2D);
}

TEST(ReaderErrorsTest, UnknownCustomOp) {
  RawModel model;
  model.deprecated_code = static_cast<int8_t>(fb::BuiltinOperator::CUSTOM);
  model.builtin_code = fb::BuiltinOperator::CUSTOM;
  model.custom_code = "MyOp";
  EXPECT_THAT(ErrorOf(model.Build()),
              StartsWith("model.tflite: node 0 (custom \"MyOp\"): unsupported op; supported:"));
}

TEST(ReaderErrorsTest, UnsupportedTensorType) {
  RawModel model;
  model.input_type = fb::TensorType::FLOAT16;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: tensor 0 \"input\": type FLOAT16 is unsupported; supported: FLOAT32, "
            "UINT8, INT8, INT32, INT64, INT16, BOOL");
}

TEST(ReaderErrorsTest, TensorTypeOutsideTheEnum) {
  RawModel model;
  model.input_type = static_cast<fb::TensorType>(99);
  EXPECT_THAT(ErrorOf(model.Build()), HasSubstr("type type 99 is unsupported"));
}

TEST(ReaderErrorsTest, UnsupportedFusedActivation) {
  RawModel model;
  model.activation = fb::ActivationFunctionType::TANH;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: node 0 (CONV_2D): fused activation TANH is unsupported; supported: "
            "NONE, RELU, RELU_N1_TO_1, RELU6");
}

TEST(ReaderErrorsTest, ZeroStride) {
  RawModel model;
  model.stride = 0;
  EXPECT_EQ(ErrorOf(model.Build()), "model.tflite: node 0 (CONV_2D): stride_w is 0, expected >= 1");
}

TEST(ReaderErrorsTest, ConvWithoutOptions) {
  RawModel model;
  model.with_options = false;
  EXPECT_EQ(ErrorOf(model.Build()), "model.tflite: node 0 (CONV_2D): has no Conv2DOptions");
}

TEST(ReaderErrorsTest, InputReadBeforeWritten) {
  RawModel model;
  model.op_input = 2;  // the op's own output, never written before
  model.op_output = 0;
  EXPECT_EQ(ErrorOf(model.Build()),
            "model.tflite: node 0 (CONV_2D): input 0 (tensor 2 \"output\") is read before any op "
            "writes it");
}

}  // namespace
}  // namespace edgebench::tflite
