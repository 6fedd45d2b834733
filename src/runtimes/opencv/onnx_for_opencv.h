// What the OpenCV plugin needs to know of the ONNX model edgebench hands it,
// read straight from the protobuf encoding: the plugin links only OpenCV,
// whose ONNX protobuf classes are internal to it. Reads the graph's inputs
// and outputs and whether the model is in QDQ form, and can rewrite the one
// construct of edgebench's export that OpenCV 4.6's importer rejects (Clip
// with its bounds as inputs) into the form it reads; every other byte is
// kept.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace edgebench::opencv_plugin {

// A graph input or output (ONNX ValueInfoProto).
struct OnnxValue {
  std::string name;
  int32_t elem_type = 0;  // ONNX TensorProto.DataType: 1 float, 2 uint8, 3 int8, 6 int32
  std::vector<int64_t> dims;
};

struct OnnxForOpencv {
  std::string bytes;              // the model to hand to cv::dnn::readNetFromONNX
  std::vector<OnnxValue> inputs;  // in the graph's order, initializers left out
  std::vector<OnnxValue> outputs;
  bool quantized = false;  // has QuantizeLinear or DequantizeLinear nodes
};

// Reads `model`. With `clip_bounds_as_attributes`, each Clip whose min and
// max are float scalar initializers (ONNX opset 11 and later, which the
// export uses) gets them as `min`/`max` attributes instead (opset 6's form,
// the only one OpenCV 4.6 imports; 4.7 reads both). False with `error` set
// to one line when the bytes are not a well-formed ONNX model.
bool ReadOnnxForOpencv(std::span<const uint8_t> model, bool clip_bounds_as_attributes,
                       OnnxForOpencv& result, std::string& error);

}  // namespace edgebench::opencv_plugin
