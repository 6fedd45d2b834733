// Two engines' outputs for the same input, compared: shared by the Arm NN
// cross-check of the reference interpreter (runtime/armnn_crosscheck_test)
// and the armnn runtime's test (runtimes/armnn_runtime_test). Holds the
// end-to-end bounds, with why they hold, and the benchmark's photo as a
// model's input.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/tensor.h"
#include "image/image.h"

namespace edgebench::testing {

// End to end (each engine computing every layer of a whole network from its
// own previous results) per-op differences compound, and per-op tolerances
// cannot hold:
// - float: summation order differs; over ~60 layers the raw outputs drift by
//   up to ~2e-4 absolute (zoo v1). Held norm-wise: |diff| <= 1e-4 times the
//   tensor's largest magnitude.
inline constexpr double kEndToEndNormRelTolerance = 1e-4;
// - uint8: a value rounded 1 unit apart early feeds every later layer (Arm
//   NN's CpuRef requantizes with one float rounding, TensorFlow Lite with a
//   Q31 multiply and a rounding shift, which differ by 1 unit on 1-9% of a
//   conv's outputs). On the real models the raw outputs end up to 20 units
//   apart (v2) but rarely: held by the mean |diff| (measured at most 0.73).
inline constexpr double kEndToEndMeanQuantizedDiff = 1.0;

// One output of an engine, as raw bytes.
struct EngineOutput {
  std::string name;
  graph::DataType type = graph::DataType::kFloat32;
  graph::Shape shape;
  std::vector<uint8_t> bytes;
};

template <typename T>
std::vector<T> Values(const EngineOutput& t) {
  std::vector<T> v(t.bytes.size() / sizeof(T));
  std::memcpy(v.data(), t.bytes.data(), v.size() * sizeof(T));
  return v;
}

// Every element as a double (quantized ones in their integer steps).
std::vector<double> AsDoubles(const EngineOutput& t);

// Prints the max and mean |diff| of two whole-network raw tensors (in
// quantization steps for uint8) and, when `check`, holds them to the bounds
// above.
void ExpectEndToEndClose(const std::string& where, const EngineOutput& ours,
                         const EngineOutput& theirs, bool check);

// The benchmark's photo (data/images/fruit.jpg), and scaled to a model's
// input with area averaging.
std::string PhotoPath();
Result<image::Image> PhotoImage(int width, int height);

}  // namespace edgebench::testing
