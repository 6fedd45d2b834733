#include "runtime/post_processing_split.h"

#include <algorithm>
#include <map>

namespace edgebench::runtime {
namespace {

// A graph of `ops` (indices into `model`, in order) with the given inputs
// and outputs, keeping only the tensors they name, renumbered in first-use
// order.
graph::Graph Extract(const graph::Graph& model, const std::vector<int>& ops,
                     const std::vector<int>& inputs, const std::vector<int>& outputs) {
  graph::Graph part;
  part.storage = model.storage;
  std::map<int, int> renumbered;
  auto keep = [&](int tensor) {
    if (tensor == graph::kNoTensor) return tensor;  // an absent optional input
    auto [it, inserted] = renumbered.try_emplace(tensor, static_cast<int>(part.tensors.size()));
    if (inserted) part.tensors.push_back(model.tensors[tensor]);
    return it->second;
  };
  for (int t : inputs) part.inputs.push_back(keep(t));
  for (int index : ops) {
    graph::Op op = model.ops[index];
    for (int& t : op.inputs) t = keep(t);
    for (int& t : op.outputs) t = keep(t);
    part.ops.push_back(std::move(op));
  }
  for (int t : outputs) part.outputs.push_back(keep(t));
  return part;
}

}  // namespace

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
  return {Extract(model, network_ops, model.inputs, raw_outputs),
          Extract(model, {post_index}, raw_outputs, model.outputs)};
}

}  // namespace edgebench::runtime
