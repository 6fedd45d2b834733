// ONNX Runtime's own per-node profile (SessionOptions EnableProfiling: a
// Chrome trace JSON file written by SessionEndProfiling) turned into the
// per-op timings of the model edgebench exported (onnx/onnx_export.h), so
// `run --profile` shows the same op indices on every runtime.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::runtime {

// What a profile row says about one op of the exported network.
struct ProfiledOp {
  std::string type;  // "CONV_2D"
  int64_t macs = 0;
};

// The ops of `network` (the exported part of a model), in its order.
std::vector<ProfiledOp> DescribeProfiledOps(const graph::Graph& network);

// The per-op timings in `trace` (ONNX Runtime's profile of one untimed run
// then `runs` timed ones). Each node's "<name>_kernel_time" event (dur in
// microseconds) is mapped to an op through `node_ops` (onnx::OnnxExport's
// node and value names): by its name, else by the name ONNX Runtime derived
// from an exported one (it appends "_token_N" and "_nchwc" to the nodes it
// rewrites and names a layout-converted Conv after its output). A node it
// added of its own (a layout Reorder or Transpose) counts with the op run
// just before it. An op with no node of its own was fused into, or removed
// next to, the op before it (a residual ADD folded into its convolution):
// that op's row then covers both ("2 ops"). One row per run of ops, in the
// model's order, covering ops 0 to ops.size()-1; backend names ONNX
// Runtime's kernels ("QLinearConv", "FusedConv+QuantizeLinear"). The first
// time each node appears is the untimed run, left out.
Result<std::vector<OpTiming>> OpTimingsFromProfile(std::string_view trace,
                                                   const std::map<std::string, int>& node_ops,
                                                   const std::vector<ProfiledOp>& ops);

}  // namespace edgebench::runtime
