// Real TensorFlow Lite as a test oracle: runs a .tflite file through
// TensorFlow Lite's WebAssembly build under Node (tests/oracle/
// tflite_oracle.mjs, with the runtime fetched into cache/tflite-wasm by
// scripts/fetch-models.sh) and returns its raw outputs.
//
// That build always applies the XNNPACK delegate, so on quantized models the
// delegated ops (CONV_2D, DEPTHWISE_CONV_2D, LOGISTIC, ...) round the way
// XNNPACK does; comparisons with edgebench's reference kernels need a
// tolerance of a quantization step there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::testing {

struct OracleOutput {
  std::string name;
  std::string dtype;  // TFLite's name: "float32", "uint8", "int8", "int32", ...
  std::vector<int> shape;
  std::vector<uint8_t> bytes;  // raw little-endian tensor contents

  // The contents read as float32; empty unless dtype is "float32".
  std::vector<float> AsFloats() const;
};

// True when the oracle can run here (node on PATH, the WebAssembly runtime in
// cache/tflite-wasm). Otherwise `why_not` (if given) says what is missing, in
// a form fit for GTEST_SKIP().
bool TfliteOracleAvailable(std::string* why_not);

// Runs the model once with 1 thread; `input_bytes` are the exact bytes of
// input tensor 0. Outputs come in the model's output order. Works in a fresh
// temporary folder that is removed afterwards. Takes about a second per call
// (loading the runtime dominates).
Result<std::vector<OracleOutput>> RunTfliteOracle(const std::string& model_path,
                                                  const std::vector<uint8_t>& input_bytes);

}  // namespace edgebench::testing
