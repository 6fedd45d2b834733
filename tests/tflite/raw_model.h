// Builds small .tflite flatbuffers by hand, field by field, so reader tests
// can plant exactly one defect (a bad index, type, size or op code) in an
// otherwise valid model without going through the writer.
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tflite/schema_generated.h"

namespace edgebench::tflite::testing {

// One CONV_2D: tensor 0 (input [1,2,2,1]) * tensor 1 (constant weights
// [1,1,1,1] in buffer 1) -> tensor 2 (output [1,2,2,1]).
struct RawModel {
  uint32_t version = 3;
  fb::TensorType input_type = fb::TensorType::FLOAT32;
  uint32_t weights_buffer = 1;
  size_t weights_bytes = 4;
  int op_input = 0;  // tensor index of the op's first input
  int op_output = 2;
  uint32_t opcode_index = 0;
  int8_t deprecated_code = static_cast<int8_t>(fb::BuiltinOperator::CONV_2D);
  fb::BuiltinOperator builtin_code = fb::BuiltinOperator::CONV_2D;
  fb::ActivationFunctionType activation = fb::ActivationFunctionType::NONE;
  int32_t stride = 1;
  bool with_options = true;
  int graph_input = 0;
  std::string custom_code;  // set with builtin_code CUSTOM

  std::vector<uint8_t> Build() const {
    flatbuffers::FlatBufferBuilder b;
    std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
    buffers.push_back(fb::CreateBuffer(b));
    const std::vector<uint8_t> weights(weights_bytes, 0x3f);
    b.ForceVectorAlignment(weights.size(), 1, 16);
    buffers.push_back(fb::CreateBuffer(b, b.CreateVector(weights)));

    const std::vector<int32_t> shape = {1, 2, 2, 1};
    const std::vector<int32_t> weights_shape = {1, 1, 1, 1};
    std::vector<flatbuffers::Offset<fb::Tensor>> tensors = {
        fb::CreateTensor(b, b.CreateVector(shape), input_type, 0, b.CreateString("input")),
        fb::CreateTensor(b, b.CreateVector(weights_shape), fb::TensorType::FLOAT32, weights_buffer,
                         b.CreateString("weights")),
        fb::CreateTensor(b, b.CreateVector(shape), fb::TensorType::FLOAT32, 0,
                         b.CreateString("output")),
    };
    const auto options = fb::CreateConv2DOptions(b, fb::Padding::SAME, stride, stride, activation);
    const std::vector<int32_t> inputs = {op_input, 1, -1};
    const std::vector<int32_t> outputs = {op_output};
    const auto op = fb::CreateOperator(
        b, opcode_index, b.CreateVector(inputs), b.CreateVector(outputs),
        with_options ? fb::BuiltinOptions::Conv2DOptions : fb::BuiltinOptions::NONE,
        with_options ? options.Union() : 0);
    const std::vector<int32_t> graph_inputs = {graph_input};
    const std::vector<int32_t> graph_outputs = {2};
    const auto subgraph =
        fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(graph_inputs),
                           b.CreateVector(graph_outputs), b.CreateVector(&op, 1));
    const auto code = fb::CreateOperatorCode(
        b, deprecated_code, custom_code.empty() ? 0 : b.CreateString(custom_code), 1, builtin_code);
    const auto model =
        fb::CreateModel(b, version, b.CreateVector(&code, 1), b.CreateVector(&subgraph, 1),
                        b.CreateString("raw"), b.CreateVector(buffers));
    fb::FinishModelBuffer(b, model);
    return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  }
};

}  // namespace edgebench::tflite::testing
