// Translates an edgebench graph, up to its post-processing
// (TFLite_Detection_PostProcess, which ONNX has no op for), into an ONNX
// model (opset 13) that other runtimes can run, so their raw outputs feed
// edgebench's post-processing kernel unchanged:
// - the input keeps the TensorFlow Lite input's name, type and NHWC shape;
//   it is transposed once to NCHW, ONNX Conv's layout, and every 4-D
//   activation stays NCHW inside;
// - the outputs keep the network outputs' names, types and shapes (the box
//   encodings [1,N,4] and class scores [1,N,C]);
// - float32 models become plain ONNX ops; quantized (uint8/int8) models
//   become QDQ form: each quantized activation is a QuantizeLinear followed
//   by a DequantizeLinear with the file's scale and zero point, weights are
//   stored quantized (per channel where the file has it) behind a
//   DequantizeLinear, biases as int32, so ONNX Runtime can fuse
//   DequantizeLinear -> Conv -> QuantizeLinear into QLinearConv.
// Every exported model passes ONNX's checker and ONNX's shape inference
// gives exactly the graph's output shapes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::onnx {

inline constexpr int kOpsetVersion = 13;

// False when this edgebench was built without ONNX's library (libonnx-dev):
// ExportOnnx then fails with a message saying so.
bool OnnxExportAvailable();

struct OnnxValueInfo {
  std::string name;  // TensorFlow Lite's
  graph::DataType type = graph::DataType::kFloat32;
  graph::Shape shape;  // TensorFlow Lite's layout
  // In the ONNX graph: TensorFlow Lite's name, but a 4-D output transposed
  // back to NHWC is "<name>_nhwc" (and a name two tensors share gets "_1").
  std::string onnx_name;
};

struct OnnxExport {
  std::string bytes;  // the serialized ModelProto
  int node_count = 0;
  // Every ONNX node and the value it computes, by name, with the index of
  // the op (in the model's order) it was made for: an op's own nodes, the
  // input's layout change
  // and dequantization with the first op that reads the input, an output's
  // layout change with the op that writes it. A runtime's per-node profile
  // maps back to the model's ops through this.
  std::map<std::string, int> node_ops;
  bool quantized = false;  // QDQ form
  std::vector<OnnxValueInfo> inputs;
  std::vector<OnnxValueInfo> outputs;
  // Name of the op left out ("TFLite_Detection_PostProcess"); empty when the
  // whole graph was exported.
  std::string left_out;
};

// An op that cannot be translated fails with one line naming its index and
// type (`node 3 (MAX_POOL_2D): cannot be exported to ONNX ...`).
Result<OnnxExport> ExportOnnx(const graph::Graph& model);

}  // namespace edgebench::onnx
