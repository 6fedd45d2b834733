// Detections as the post-processing op leaves them: four float outputs,
// boxes [1,N,4] (ymin, xmin, ymax, xmax, normalized to 0..1), classes [1,N],
// scores [1,N] and a count [1].
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/status.h"
#include "runtime/interpreter.h"
#include "runtime/runtime.h"

namespace edgebench::detect {

struct Box {
  float ymin, xmin, ymax, xmax;
};

struct Detection {
  int class_index;  // 0-based, as the model outputs it
  float score;
  Box box;
};

// Reads the detections from an interpreter whose graph ends in
// TFLite_Detection_PostProcess (outputs 0..3 in the order above), in the
// op's order (highest score first); fails with a message naming what is
// missing when the model has no such outputs.
Result<std::vector<Detection>> ReadDetections(const runtime::Interpreter& interpreter);
// The same from a runtime that ran the post-processing (or from the
// post-processing edgebench ran after it).
Result<std::vector<Detection>> ReadDetections(const runtime::Runtime& runtime);

// One output of a model, as the two above see it.
struct OutputView {
  std::string name;
  graph::DataType type;
  std::span<const uint8_t> bytes;
};
Result<std::vector<Detection>> ReadDetections(std::span<const OutputView> outputs);

}  // namespace edgebench::detect
