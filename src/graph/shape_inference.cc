#include "graph/shape_inference.h"

#include <variant>

namespace edgebench::graph {
namespace {

void InferDetectionPostProcess(Graph& graph, const Op& op) {
  const auto* options = std::get_if<DetectionPostProcessOptions>(&op.options);
  if (options == nullptr || op.outputs.size() != 4) return;
  // TFLite sizes every output for max_detections * max_classes_per_detection.
  const int32_t boxes = options->max_detections * options->max_classes_per_detection;
  const Shape shapes[4] = {{1, boxes, 4}, {1, boxes}, {1, boxes}, {1}};
  for (size_t i = 0; i < 4; ++i) {
    const int t = op.outputs[i];
    if (t >= 0 && t < static_cast<int>(graph.tensors.size()) && graph.tensors[t].shape.empty()) {
      graph.tensors[t].shape = shapes[i];
    }
  }
}

}  // namespace

void InferMissingShapes(Graph& graph) {
  for (const Op& op : graph.ops) {
    if (op.type == OpType::kDetectionPostProcess) InferDetectionPostProcess(graph, op);
  }
}

}  // namespace edgebench::graph
