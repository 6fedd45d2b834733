// Box decoding, anchors and greedy single-class non-maximum suppression with
// the exact arithmetic of TensorFlow Lite's TFLite_Detection_PostProcess op.
// Used by the reference kernel in detection_post_process.cc for both of its
// strategies, and by the optimized one (src/backends/optimized/).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::kernels {

// How an input's elements become floats: UINT8 ones are dequantized with
// their per-tensor parameters, FLOAT32 ones are used as they are.
struct InputFormat {
  bool quantized = false;
  float scale = 0.0f;
  int32_t zero_point = 0;
};

InputFormat FormatOf(const graph::Tensor& tensor);

// TFLite computes (q - zero_point) * scale in float for boxes and anchors and
// in double rounded to float for scores; the integer difference times a float
// scale is exact in double, so both roundings give this same float.
inline float Dequantize(uint8_t value, const InputFormat& format) {
  return static_cast<float>(static_cast<int32_t>(value) - format.zero_point) * format.scale;
}

// A decoded box: corners in the anchors' coordinate frame (normalized image
// coordinates for SSD), y before x, as the op's box output holds them.
struct BoxCorners {
  float ymin = 0.0f;
  float xmin = 0.0f;
  float ymax = 0.0f;
  float xmax = 0.0f;
};

// A box as centre and size: the layout of the op's box encodings (ty, tx, th,
// tw) and of its anchors (y_center, x_center, h, w).
struct BoxCenterSize {
  float y = 0.0f;
  float x = 0.0f;
  float h = 0.0f;
  float w = 0.0f;
};

// Decodes one box relative to its anchor; `scales` holds the op's y_scale,
// x_scale, h_scale and w_scale.
BoxCorners DecodeBox(const BoxCenterSize& encoding, const BoxCenterSize& anchor,
                     const BoxCenterSize& scales);

// The constant anchors (input `position` of `op`, [num_anchors, 4] as y, x,
// h, w) as floats. A negative height or width would make TFLite fail every
// Eval (its decoded box has ymin > ymax), so it is refused here.
Result<std::vector<BoxCenterSize>> ReadAnchors(const graph::Graph& graph, const graph::Op& op,
                                               int position, int num_anchors);

// Intersection over union; 0 when either box has no positive area.
float IntersectionOverUnion(const BoxCorners& a, const BoxCorners& b);

// Greedy NMS over one score per box. Holds its scratch space, sized once for
// `num_boxes`, so Select never allocates.
class GreedyNms {
 public:
  explicit GreedyNms(int num_boxes);

  // Considers boxes with score >= score_threshold in decreasing score order
  // (equal scores: lower index first), keeps a box unless a kept box overlaps
  // it with IoU > iou_threshold, and stops after `max_selected` boxes. Writes
  // the kept box indices to `selected` in that order and returns their count.
  // `boxes` and `scores` have num_boxes entries; `selected` has room for
  // min(max_selected, num_boxes).
  int Select(std::span<const BoxCorners> boxes, std::span<const float> scores,
             float score_threshold, float iou_threshold, int max_selected, std::span<int> selected);

 private:
  std::vector<int> order_;       // candidates above the threshold, sorted
  std::vector<uint8_t> active_;  // per sorted candidate: not yet suppressed
};

}  // namespace edgebench::kernels
