// Turns a zoo Net into a graph of float32 or uint8 tensors, in the layout of
// the real TensorFlow Lite files (TOCO's uint8 conventions included).
#pragma once

#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "zoo/layers.h"

namespace edgebench::zoo {

// Per-tensor asymmetric uint8 quantization: real = scale * (q - zero_point).
struct UInt8Params {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// Params covering [min, max] widened to include 0 (so zero is exact), as
// TensorFlow Lite's converter chooses them.
UInt8Params ChooseUInt8Params(float min, float max);
std::vector<uint8_t> QuantizeUInt8(const std::vector<float>& values, UInt8Params params);

// `dtype` is kFloat32 or kUInt8. Float models fuse RELU6 into every ReLU6
// layer; uint8 models drop it where the output's quantized range already lies
// within [0, 6], which is what TOCO did to the real files.
Result<graph::Graph> EmitGraph(const Net& net, graph::DataType dtype);

}  // namespace edgebench::zoo
