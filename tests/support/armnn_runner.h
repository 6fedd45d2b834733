// Arm NN as an independent cross-check of the reference interpreter: its own
// .tflite parser (armnnTfLiteParser) and its own reference backend (CpuRef)
// run a model file, and the tests compare the outputs with edgebench's.
//
// Arm NN is optional. Without it (not found when CMake ran, or its CpuRef
// backend plugin missing at run time) ArmnnAvailable() says why and the
// tests skip.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/tensor.h"

namespace edgebench::testing {

struct ArmnnOutput {
  std::string name;  // the tensor name in the .tflite file
  graph::DataType type = graph::DataType::kFloat32;
  graph::Shape shape;
  // Per-tensor quantization Arm NN reports (scale 0 for float outputs).
  float scale = 0.0f;
  int32_t zero_point = 0;
  std::vector<uint8_t> bytes;  // raw little-endian contents, shape's bytes
};

// True when Arm NN was found at build time and a runtime with the CpuRef
// backend can be created. Otherwise `why_not` (if given) says what is
// missing, fit for GTEST_SKIP().
bool ArmnnAvailable(std::string* why_not);

// What RunWithArmnn returns besides the model's outputs.
enum class ArmnnTaps {
  kNone,
  // The two tensors that feed the model's TFLite_Detection_PostProcess layer
  // (box encodings, class scores) as Arm NN computed them on the way: the raw
  // detector outputs of the same run, without a second run of the backbone.
  kPostProcessInputs,
};

// Parses `tflite_path` with armnnTfLiteParser, optimizes it for CpuRef,
// loads and runs it once. input_bytes[i] are the exact bytes of the model's
// input i (subgraph 0, in the file's input order). Outputs come in the file's
// output order, then the taps. Every Arm NN exception becomes a one-line
// error saying which stage refused (parser, optimizer, runtime) and Arm NN's
// message.
Result<std::vector<ArmnnOutput>> RunWithArmnn(const std::string& tflite_path,
                                              const std::vector<std::vector<uint8_t>>& input_bytes,
                                              ArmnnTaps taps = ArmnnTaps::kNone);

}  // namespace edgebench::testing
