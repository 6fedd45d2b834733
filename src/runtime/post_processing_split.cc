#include "runtime/post_processing_split.h"

#include <algorithm>

namespace edgebench::runtime {

SplitModel SplitPostProcessing(const graph::Graph& model) {
  const bool ends_in_post_processing =
      !model.ops.empty() && model.ops.back().type == graph::OpType::kDetectionPostProcess &&
      model.ops.back().outputs == model.outputs &&
      std::none_of(model.ops.begin(), model.ops.end() - 1, [](const graph::Op& op) {
        return op.type == graph::OpType::kDetectionPostProcess;
      });
  if (!ends_in_post_processing) return {model, std::nullopt};
  const graph::Op& post = model.ops.back();
  std::vector<int> raw_outputs;  // box encodings and class scores; not the anchors
  for (int t : post.inputs) {
    if (t != graph::kNoTensor && !model.tensors[t].is_constant()) raw_outputs.push_back(t);
  }
  std::vector<int> network_ops(model.ops.size() - 1);
  for (size_t i = 0; i < network_ops.size(); ++i) network_ops[i] = static_cast<int>(i);
  const int post_index = static_cast<int>(model.ops.size()) - 1;
  return {graph::ExtractSubgraph(model, network_ops, model.inputs, raw_outputs),
          graph::ExtractSubgraph(model, {post_index}, raw_outputs, model.outputs)};
}

}  // namespace edgebench::runtime
