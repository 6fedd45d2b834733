// Fills in output shapes that a .tflite file leaves empty because TensorFlow
// Lite computes them when the op is prepared (the post-processing op's four
// outputs are stored with shape []).
#pragma once

#include "graph/graph.h"

namespace edgebench::graph {

// Only rewrites outputs whose shape is empty (rank 0); shapes a file states
// are left for the kernels to check.
void InferMissingShapes(Graph& graph);

}  // namespace edgebench::graph
