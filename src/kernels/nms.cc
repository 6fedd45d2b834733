#include "kernels/nms.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/kernel_util.h"

namespace edgebench::kernels {

InputFormat FormatOf(const graph::Tensor& tensor) {
  if (tensor.type != graph::DataType::kUInt8) return {};
  return {true, TensorScale(tensor), TensorZeroPoint(tensor)};
}

Result<std::vector<BoxCenterSize>> ReadAnchors(const graph::Graph& graph, const graph::Op& op,
                                               int position, int num_anchors) {
  EB_RETURN_IF_ERROR(ExpectConstantInput(graph, op, position));
  const graph::Tensor& tensor = graph.tensors[op.inputs[position]];
  const InputFormat format = FormatOf(tensor);
  constexpr int kCoords = 4;
  std::vector<BoxCenterSize> anchors(static_cast<size_t>(num_anchors));
  for (int anchor = 0; anchor < num_anchors; ++anchor) {
    float values[kCoords];
    for (int coord = 0; coord < kCoords; ++coord) {
      const size_t element = static_cast<size_t>(anchor) * kCoords + coord;
      if (format.quantized) {
        values[coord] = Dequantize(tensor.data[element], format);
      } else {
        // Constant bytes need not be float-aligned.
        std::memcpy(&values[coord], tensor.data + element * sizeof(float), sizeof(float));
      }
    }
    anchors[anchor] = {values[0], values[1], values[2], values[3]};
    if (values[2] < 0.0f || values[3] < 0.0f) {
      return Status::Error(fmt::format(
          "input {} ({}): anchor {} has height {} and width {}, expected both >= 0", position,
          graph::DescribeTensor(graph, op.inputs[position]), anchor, values[2], values[3]));
    }
  }
  return anchors;
}

BoxCorners DecodeBox(const BoxCenterSize& encoding, const BoxCenterSize& anchor,
                     const BoxCenterSize& scales) {
  // TFLite evaluates the centre and half-size in double and rounds each to
  // float once; the corners are then float sums. Same order here, so the
  // corners are bit-identical.
  const auto d = [](float value) { return static_cast<double>(value); };
  const float y_center =
      static_cast<float>(d(encoding.y) / d(scales.y) * d(anchor.h) + d(anchor.y));
  const float x_center =
      static_cast<float>(d(encoding.x) / d(scales.x) * d(anchor.w) + d(anchor.x));
  const float half_h =
      static_cast<float>(0.5 * std::exp(d(encoding.h) / d(scales.h)) * d(anchor.h));
  const float half_w =
      static_cast<float>(0.5 * std::exp(d(encoding.w) / d(scales.w)) * d(anchor.w));
  return {y_center - half_h, x_center - half_w, y_center + half_h, x_center + half_w};
}

float IntersectionOverUnion(const BoxCorners& a, const BoxCorners& b) {
  const float area_a = (a.ymax - a.ymin) * (a.xmax - a.xmin);
  const float area_b = (b.ymax - b.ymin) * (b.xmax - b.xmin);
  if (area_a <= 0.0f || area_b <= 0.0f) return 0.0f;
  const float inter_h = std::max(std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin), 0.0f);
  const float inter_w = std::max(std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin), 0.0f);
  const float intersection = inter_h * inter_w;
  return intersection / (area_a + area_b - intersection);
}

GreedyNms::GreedyNms(int num_boxes)
    : order_(static_cast<size_t>(num_boxes)), active_(static_cast<size_t>(num_boxes)) {}

int GreedyNms::Select(std::span<const BoxCorners> boxes, std::span<const float> scores,
                      float score_threshold, float iou_threshold, int max_selected,
                      std::span<int> selected) {
  // TFLite keeps scores >= nms_score_threshold (SelectDetectionsAboveScoreThreshold);
  // a NaN score fails the comparison and is dropped, so the sort below only
  // sees ordered values.
  int candidates = 0;
  for (size_t box = 0; box < scores.size(); ++box) {
    if (scores[box] >= score_threshold) order_[candidates++] = static_cast<int>(box);
  }
  // TFLite uses a stable sort by decreasing score; breaking ties by index with
  // std::sort gives the same order without the temporary buffer that
  // std::stable_sort allocates.
  std::sort(order_.begin(), order_.begin() + candidates, [&scores](int a, int b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  });
  std::fill(active_.begin(), active_.begin() + candidates, uint8_t{1});

  int count = 0;
  for (int i = 0; i < candidates && count < max_selected; ++i) {
    if (!active_[i]) continue;
    const BoxCorners& kept = boxes[order_[i]];
    selected[count++] = order_[i];
    // A strictly greater IoU suppresses, as in TFLite: IoU == threshold stays.
    for (int j = i + 1; j < candidates; ++j) {
      if (active_[j] && IntersectionOverUnion(kept, boxes[order_[j]]) > iou_threshold) {
        active_[j] = 0;
      }
    }
  }
  return count;
}

}  // namespace edgebench::kernels
