// Internal to the XNNPACK backend: which ops it claims, and how each claimed
// op becomes nodes of an XNNPACK subgraph.
#pragma once

#include <xnnpack.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::backends::xnnpack {

// Op `op_index` of a validated graph with known shapes can be lowered: its
// type, element types, constant weights, quantization and the limits
// XNNPACK puts on requantization scales (found by probing the packaged
// library, e.g. ADD needs input/output scale ratios in [2^-10, 2^8)).
bool ClaimsOp(const graph::Graph& graph, int op_index);

// Builds one XNNPACK subgraph for a run of claimed ops. Tensors get value
// ids on first use: run inputs and outputs are external (ids 0..n-1 in the
// order of `external`), the others internal to XNNPACK.
class SubgraphBuilder {
 public:
  // `external` lists the run's input and output tensors; `is_output` says
  // which of them the run writes.
  SubgraphBuilder(const graph::Graph& graph, xnn_subgraph_t subgraph,
                  const std::vector<int>& external, const std::vector<bool>& is_output);

  // Adds the nodes of op `op_index`; errors name the op.
  Status AddOp(int op_index);

  // Buffers the subgraph's static values point at that the graph does not
  // hold (zero biases, padded copies); they must outlive every runtime made
  // from the subgraph.
  std::vector<std::vector<uint8_t>>& owned() { return owned_; }

 private:
  Result<uint32_t> Value(int tensor);
  // An internal value with `tensor`'s element type and quantization but
  // other dimensions (for a node whose output layout XNNPACK fixes).
  Result<uint32_t> InternalLike(int tensor, const std::vector<size_t>& dims);
  Result<uint32_t> StaticValue(int tensor, const void* data, const std::vector<size_t>& dims,
                               bool bias_of_quantized, float bias_scale);
  Result<uint32_t> Bias(const graph::Op& op, int output_channels);
  // Reshapes `from` (an internal value) into tensor `to`'s value.
  Status ReshapeInto(uint32_t from, int to);

  Status AddConv2D(const graph::Op& op);
  Status AddDepthwiseConv2D(const graph::Op& op);
  Status AddFullyConnected(const graph::Op& op);
  Status AddBinary(const graph::Op& op);
  Status AddUnary(const graph::Op& op);
  Status AddReshape(const graph::Op& op);
  Status AddPool(const graph::Op& op);
  Status AddMean(const graph::Op& op);

  // Real bounds of fused `activation` on output tensor `tensor` (exact
  // quantized bounds mapped back to reals for uint8).
  std::pair<float, float> OutputRange(int tensor, graph::Activation activation) const;

  const graph::Graph& graph_;
  xnn_subgraph_t subgraph_;
  std::vector<uint32_t> ids_;         // per tensor; XNN_INVALID_VALUE_ID until defined
  std::vector<int32_t> external_id_;  // per tensor; -1 when internal
  std::vector<bool> is_output_;       // per tensor
  std::vector<std::vector<uint8_t>> owned_;
};

}  // namespace edgebench::backends::xnnpack
