// Splits an SSD detector at its post-processing: the network (everything up
// to TFLite_Detection_PostProcess) and the post-processing alone, so a
// runtime that lacks the custom op runs the network and edgebench's exact
// kernel runs the rest on its raw outputs.
#pragma once

#include <optional>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::runtime {

struct SplitModel {
  // The model up to the post-processing: its outputs are the
  // post-processing's non-constant inputs (box encodings, class scores),
  // in that op's order. The whole model when it has no post-processing.
  graph::Graph network;
  // The post-processing op alone: its inputs are the network's outputs, in
  // order, its outputs the model's. Empty when the model does not end in
  // one TFLite_Detection_PostProcess whose outputs are the model's.
  std::optional<graph::Graph> post_processing;
};

// Each part keeps only the tensors it uses (constants still point into the
// model's shared storage, nothing is copied).
SplitModel SplitPostProcessing(const graph::Graph& model);

}  // namespace edgebench::runtime
