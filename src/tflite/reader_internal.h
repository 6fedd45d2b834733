// Pieces of the .tflite reader, split by what they map. Not part of the
// layer's interface; errors carry no file-name prefix (reader.cc adds it).
#pragma once

#include <memory>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "tflite/schema_generated.h"

namespace edgebench::tflite::internal {

// Appends the subgraph's tensors to `graph`. Constant data points into the
// verified flatbuffer; buffers misaligned for their element type are copied
// to owned storage that is appended to graph->storage.
Status ReadTensors(const fb::Model& model, const fb::SubGraph& subgraph, graph::Graph* graph);

// Maps operator `index` of the subgraph; `graph` already holds the tensors.
// Indices are left for Graph::Validate to check, except where reading the op
// needs a tensor (RESHAPE's constant shape input).
Result<graph::Op> ReadOp(const fb::Model& model, const fb::Operator& op, int index,
                         const graph::Graph& graph);

// Every non-constant op input is a graph input or the output of an earlier
// op, and no tensor is written twice or is both a graph input and an output
// of an op. `graph` has passed Validate.
Status CheckDataflow(const graph::Graph& graph);

}  // namespace edgebench::tflite::internal
