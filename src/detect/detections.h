// Detections as the post-processing op leaves them: four float outputs,
// boxes [1,N,4] (ymin, xmin, ymax, xmax, normalized to 0..1), classes [1,N],
// scores [1,N] and a count [1].
#pragma once

#include <vector>

#include "graph/status.h"
#include "runtime/interpreter.h"

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

}  // namespace edgebench::detect
