// TFLite_Detection_PostProcess with fast (class-agnostic) NMS and one class
// per detection: the configuration of the SSD models. The reference kernel
// dequantizes all class scores (1917 x 91), decodes all 1917 boxes, sorts
// every candidate and lets each kept box suppress all later ones. Here:
// - each anchor's best class is found on the raw bytes for UINT8 scores
//   (dequantization is monotonic, so the byte maximum is the score maximum
//   and its first index the same class);
// - candidates come out of a heap best first (score, then lower anchor: the
//   reference's order) only as far as NMS gets, which with the real v2
//   file's threshold of 1e-8 is a small part of 1917;
// - a candidate's box is decoded only when it is reached, and it is kept
//   unless a box kept before it overlaps it by more than the IoU threshold:
//   the reference's greedy rule seen from the other side.
// Same decoding and IoU functions (kernels/nms.h), so the outputs are
// identical.
#include <algorithm>
#include <array>
#include <numeric>
#include <variant>
#include <vector>

#include "backends/optimized/optimized_kernels.h"
#include "kernels/nms.h"

namespace edgebench::backends::optimized {
namespace {

using graph::DataType;
using kernels::BoxCenterSize;
using kernels::BoxCorners;
using kernels::InputFormat;
using Options = graph::DetectionPostProcessOptions;

constexpr int kCoords = 4;

struct Layout {
  int num_anchors = 0;
  int coords_per_box = kCoords;
  int num_columns = 0;   // class scores per anchor, background column included
  int label_offset = 0;  // background columns first: 0 or 1
  int slots = 0;         // output rows: max_detections * max_classes_per_detection
};

// Anchors whose best class passes the score threshold, in anchor order.
struct Candidates {
  std::vector<int> anchor;
  std::vector<int> label;
  std::vector<float> score;
  int count = 0;
};

// A kept detection: its candidate and decoded box.
struct Kept {
  int candidate = 0;
  BoxCorners box;
};

class DetectionPostProcess final : public kernels::PreparedKernel {
 public:
  DetectionPostProcess(const graph::Op& op, const Options& options, const Layout& layout,
                       InputFormat box_format, InputFormat score_format,
                       std::vector<BoxCenterSize> anchors)
      : inputs_(op.inputs),
        outputs_(op.outputs),
        options_(options),
        layout_(layout),
        box_format_(box_format),
        score_format_(score_format),
        anchors_(std::move(anchors)),
        heap_(static_cast<size_t>(layout.num_anchors)),
        kept_(static_cast<size_t>(options.max_detections)) {
    const auto n = static_cast<size_t>(layout.num_anchors);
    candidates_.anchor.resize(n);
    candidates_.label.resize(n);
    candidates_.score.resize(n);
    for (int q = 0; q < 256; ++q) {
      score_of_byte_[q] = kernels::Dequantize(static_cast<uint8_t>(q), score_format);
    }
  }

  void Run(const kernels::TensorBuffers& buffers) override {
    candidates_.count = 0;
    if (score_format_.quantized) {
      FindCandidates(buffers.Get<uint8_t>(inputs_[1]));
    } else {
      FindCandidates(buffers.Get<float>(inputs_[1]));
    }
    WriteOutputs(buffers, SelectGreedily(buffers));
  }

 private:
  float ScoreOf(uint8_t q) const { return score_of_byte_[q]; }
  static float ScoreOf(float value) { return value; }

  // Each anchor's first maximum among its class scores, as the reference's
  // TopClasses picks it (a strict > replaces the running best).
  template <typename T>
  void FindCandidates(const T* scores) {
    const int classes = options_.num_classes;
    for (int anchor = 0; anchor < layout_.num_anchors; ++anchor) {
      const T* row =
          scores + static_cast<size_t>(anchor) * layout_.num_columns + layout_.label_offset;
      T best = row[0];
      for (int label = 1; label < classes; ++label) best = row[label] > best ? row[label] : best;
      const float score = ScoreOf(best);
      if (!(score >= options_.nms_score_threshold)) continue;
      const int c = candidates_.count++;
      candidates_.anchor[c] = anchor;
      candidates_.label[c] = static_cast<int>(std::find(row, row + classes, best) - row);
      candidates_.score[c] = score;
    }
  }

  BoxCenterSize Encoding(const kernels::TensorBuffers& buffers, int anchor) const {
    const size_t first = static_cast<size_t>(anchor) * layout_.coords_per_box;
    if (box_format_.quantized) {
      const uint8_t* q = buffers.Get<uint8_t>(inputs_[0]) + first;
      return {kernels::Dequantize(q[0], box_format_), kernels::Dequantize(q[1], box_format_),
              kernels::Dequantize(q[2], box_format_), kernels::Dequantize(q[3], box_format_)};
    }
    const float* f = buffers.Get<float>(inputs_[0]) + first;
    return {f[0], f[1], f[2], f[3]};
  }

  BoxCorners Decode(const kernels::TensorBuffers& buffers, int candidate) const {
    const BoxCenterSize scales{options_.y_scale, options_.x_scale, options_.h_scale,
                               options_.w_scale};
    const int anchor = candidates_.anchor[candidate];
    return kernels::DecodeBox(Encoding(buffers, anchor), anchors_[anchor], scales);
  }

  bool OverlapsKept(const BoxCorners& box, int kept) const {
    for (int k = 0; k < kept; ++k) {
      if (kernels::IntersectionOverUnion(kept_[k].box, box) > options_.nms_iou_threshold) {
        return true;
      }
    }
    return false;
  }

  // Greedy NMS over the candidates, best first; returns how many were kept.
  int SelectGreedily(const kernels::TensorBuffers& buffers) {
    const std::vector<float>& score = candidates_.score;
    // A max-heap on "comes first": higher score, then lower candidate (anchor).
    const auto later = [&score](int a, int b) {
      return score[a] < score[b] || (score[a] == score[b] && a > b);
    };
    int remaining = candidates_.count;
    std::iota(heap_.begin(), heap_.begin() + remaining, 0);
    std::make_heap(heap_.begin(), heap_.begin() + remaining, later);
    int kept = 0;
    while (remaining > 0 && kept < options_.max_detections) {
      std::pop_heap(heap_.begin(), heap_.begin() + remaining, later);
      const int candidate = heap_[--remaining];
      const BoxCorners box = Decode(buffers, candidate);
      if (!OverlapsKept(box, kept)) kept_[kept++] = {candidate, box};
    }
    return kept;
  }

  void WriteOutputs(const kernels::TensorBuffers& buffers, int count) const {
    float* boxes = buffers.Mutable<float>(outputs_[0]);
    float* classes = buffers.Mutable<float>(outputs_[1]);
    float* scores = buffers.Mutable<float>(outputs_[2]);
    const auto slots = static_cast<size_t>(layout_.slots);
    std::fill(boxes, boxes + slots * kCoords, 0.0f);
    std::fill(classes, classes + slots, 0.0f);
    std::fill(scores, scores + slots, 0.0f);
    for (int detection = 0; detection < count; ++detection) {
      const int c = kept_[detection].candidate;
      const size_t slot = static_cast<size_t>(detection) * options_.max_classes_per_detection;
      const BoxCorners& box = kept_[detection].box;
      float* corners = boxes + slot * kCoords;
      corners[0] = box.ymin;
      corners[1] = box.xmin;
      corners[2] = box.ymax;
      corners[3] = box.xmax;
      classes[slot] = static_cast<float>(candidates_.label[c]);
      scores[slot] = candidates_.score[c];
    }
    *buffers.Mutable<float>(outputs_[3]) = static_cast<float>(count);
  }

  std::vector<int> inputs_;
  std::vector<int> outputs_;
  Options options_;
  Layout layout_;
  InputFormat box_format_;
  InputFormat score_format_;
  std::vector<BoxCenterSize> anchors_;
  std::array<float, 256> score_of_byte_{};  // UINT8 scores: every byte dequantized
  // Scratch, sized in the constructor so Run never allocates.
  Candidates candidates_;
  std::vector<int> heap_;   // candidate indices not yet reached
  std::vector<Kept> kept_;  // max_detections of them
};

}  // namespace

Result<std::unique_ptr<kernels::PreparedKernel>> PrepareDetectionPostProcess(
    const graph::Graph& graph, const graph::Op& op) {
  const auto& options = std::get<Options>(op.options);
  if (options.use_regular_nms || options.max_classes_per_detection != 1) {
    return std::unique_ptr<kernels::PreparedKernel>();
  }
  const graph::Shape& boxes = graph.tensors[op.inputs[0]].shape;
  const graph::Shape& classes = graph.tensors[op.inputs[1]].shape;
  Layout layout;
  layout.num_anchors = static_cast<int>(boxes[1]);
  layout.coords_per_box = static_cast<int>(boxes[2]);
  layout.num_columns = static_cast<int>(classes[2]);
  layout.label_offset = layout.num_columns - options.num_classes;
  layout.slots = options.max_detections * options.max_classes_per_detection;
  EB_ASSIGN_OR_RETURN(std::vector<BoxCenterSize> anchors,
                      kernels::ReadAnchors(graph, op, 2, layout.num_anchors));
  return std::unique_ptr<kernels::PreparedKernel>(std::make_unique<DetectionPostProcess>(
      op, options, layout, kernels::FormatOf(graph.tensors[op.inputs[0]]),
      kernels::FormatOf(graph.tensors[op.inputs[1]]), std::move(anchors)));
}

}  // namespace edgebench::backends::optimized
