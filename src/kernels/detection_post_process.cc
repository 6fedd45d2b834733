// Reference kernel of the custom op TFLite_Detection_PostProcess: decodes SSD
// box encodings against constant anchors, then selects detections with
// TensorFlow Lite's fast (class-agnostic) or regular (per-class) NMS, with the
// arithmetic and tie-breaking of TFLite's detection_postprocess.cc.
//
// Inputs: 0 box encodings [1, anchors, >=4] (ty, tx, th, tw, extra values
// ignored), 1 class predictions [1, anchors, num_classes (+1 background
// column first)], 2 anchors [anchors, 4] (y, x, h, w); each FLOAT32 or UINT8.
// Outputs (FLOAT32): 0 boxes [1, D, 4] (ymin, xmin, ymax, xmax), 1 classes
// [1, D], 2 scores [1, D], 3 count [1], with D = max_detections *
// max_classes_per_detection as TFLite sizes them.
//
// Where TFLite leaves output slots untouched (past the count) this kernel
// writes zeros; where TFLite's partial sorts leave the order of equal scores
// unspecified this kernel keeps the lower anchor, then the lower class, first.

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kernels/kernel_util.h"
#include "kernels/nms.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;
using Options = graph::DetectionPostProcessOptions;

constexpr int kBoxEncodings = 0;
constexpr int kClassPredictions = 1;
constexpr int kAnchors = 2;
constexpr int kOutputBoxes = 0;
constexpr int kOutputClasses = 1;
constexpr int kOutputScores = 2;
constexpr int kOutputCount = 3;
constexpr int kBoxCoords = 4;

// Sizes fixed by the graph, derived once in Prepare.
struct Layout {
  int num_anchors = 0;
  int coords_per_box = kBoxCoords;  // box encodings' last dimension, >= 4
  int num_columns = 0;              // class predictions' last dimension
  int label_offset = 0;             // background columns before the classes: 0 or 1
  int slots = 0;                    // rows of each output: D above
  int classes_per_anchor = 1;       // fast NMS: min(max_classes_per_detection, num_classes)
};

struct Detection {
  float score = 0.0f;
  int anchor = 0;
  int label = 0;  // class index without the background offset
};

// Output pointers of one run.
struct Outputs {
  float* boxes;
  float* classes;
  float* scores;
  float* count;
};

class DetectionPostProcessKernel final : public PreparedKernel {
 public:
  DetectionPostProcessKernel(const graph::Op& op, const Options& options, const Layout& layout,
                             InputFormat box_format, InputFormat score_format,
                             std::vector<BoxCenterSize> anchors)
      : inputs_(op.inputs),
        outputs_(op.outputs),
        options_(options),
        layout_(layout),
        box_format_(box_format),
        score_format_(score_format),
        anchors_(std::move(anchors)),
        decoded_(static_cast<size_t>(layout.num_anchors)),
        candidate_scores_(static_cast<size_t>(layout.num_anchors)),
        selected_(static_cast<size_t>(layout.num_anchors)),
        nms_(layout.num_anchors) {
    if (score_format_.quantized) {
      dequantized_scores_.resize(static_cast<size_t>(layout.num_anchors) * layout.num_columns);
    }
    if (options_.use_regular_nms) {
      kept_.resize(static_cast<size_t>(options_.max_detections));
      merged_.resize(static_cast<size_t>(options_.max_detections));
    } else {
      top_classes_.resize(static_cast<size_t>(layout.num_anchors) * layout.classes_per_anchor);
      picked_.resize(static_cast<size_t>(options_.num_classes));
    }
  }

  void Run(const TensorBuffers& buffers) override {
    DecodeBoxes(buffers);
    const float* scores = Scores(buffers);
    const Outputs out{buffers.Mutable<float>(outputs_[kOutputBoxes]),
                      buffers.Mutable<float>(outputs_[kOutputClasses]),
                      buffers.Mutable<float>(outputs_[kOutputScores]),
                      buffers.Mutable<float>(outputs_[kOutputCount])};
    const size_t slots = static_cast<size_t>(layout_.slots);
    std::fill(out.boxes, out.boxes + slots * kBoxCoords, 0.0f);
    std::fill(out.classes, out.classes + slots, 0.0f);
    std::fill(out.scores, out.scores + slots, 0.0f);
    if (options_.use_regular_nms) {
      RunRegular(scores, out);
    } else {
      RunFast(scores, out);
    }
  }

 private:
  void DecodeBoxes(const TensorBuffers& buffers) {
    const BoxCenterSize scales{options_.y_scale, options_.x_scale, options_.h_scale,
                               options_.w_scale};
    for (int anchor = 0; anchor < layout_.num_anchors; ++anchor) {
      const size_t first = static_cast<size_t>(anchor) * layout_.coords_per_box;
      BoxCenterSize encoding;
      if (box_format_.quantized) {
        const uint8_t* q = buffers.Get<uint8_t>(inputs_[kBoxEncodings]) + first;
        encoding = {Dequantize(q[0], box_format_), Dequantize(q[1], box_format_),
                    Dequantize(q[2], box_format_), Dequantize(q[3], box_format_)};
      } else {
        const float* f = buffers.Get<float>(inputs_[kBoxEncodings]) + first;
        encoding = {f[0], f[1], f[2], f[3]};
      }
      decoded_[anchor] = DecodeBox(encoding, anchors_[anchor], scales);
    }
  }

  const float* Scores(const TensorBuffers& buffers) {
    if (!score_format_.quantized) return buffers.Get<float>(inputs_[kClassPredictions]);
    const uint8_t* q = buffers.Get<uint8_t>(inputs_[kClassPredictions]);
    for (size_t i = 0; i < dequantized_scores_.size(); ++i) {
      dequantized_scores_[i] = Dequantize(q[i], score_format_);
    }
    return dequantized_scores_.data();
  }

  // The class scores of `anchor`, background columns skipped.
  const float* ClassScores(const float* scores, int anchor) const {
    return scores + static_cast<size_t>(anchor) * layout_.num_columns + layout_.label_offset;
  }

  // Writes the `count` best classes of `row` to `classes`, best first. Each
  // pick is the first maximum among the classes left (a strict > replaces
  // the running best), which for one class is exactly TFLite's ArgMaxVector,
  // NaN scores included.
  void TopClasses(const float* row, int count, int* classes) {
    std::fill(picked_.begin(), picked_.end(), uint8_t{0});
    for (int rank = 0; rank < count; ++rank) {
      int best = -1;
      for (int label = 0; label < options_.num_classes; ++label) {
        if (picked_[label]) continue;
        if (best < 0 || row[label] > row[best]) best = label;
      }
      picked_[best] = 1;
      classes[rank] = best;
    }
  }

  void WriteSlot(const Outputs& out, int slot, int anchor, int label, float score) const {
    const BoxCorners& box = decoded_[anchor];
    float* corners = out.boxes + static_cast<size_t>(slot) * kBoxCoords;
    corners[0] = box.ymin;
    corners[1] = box.xmin;
    corners[2] = box.ymax;
    corners[3] = box.xmax;
    out.classes[slot] = static_cast<float>(label);
    out.scores[slot] = score;
  }

  // Class-agnostic NMS: each anchor competes with its best class score; a
  // kept anchor reports its top classes_per_anchor classes in consecutive
  // slots (max_classes_per_detection slots per detection).
  void RunFast(const float* scores, const Outputs& out) {
    const int per_anchor = layout_.classes_per_anchor;
    for (int anchor = 0; anchor < layout_.num_anchors; ++anchor) {
      const float* row = ClassScores(scores, anchor);
      int* classes = top_classes_.data() + static_cast<size_t>(anchor) * per_anchor;
      TopClasses(row, per_anchor, classes);
      candidate_scores_[anchor] = row[classes[0]];
    }
    const int count = nms_.Select(decoded_, candidate_scores_, options_.nms_score_threshold,
                                  options_.nms_iou_threshold, options_.max_detections, selected_);
    for (int detection = 0; detection < count; ++detection) {
      const int anchor = selected_[detection];
      const float* row = ClassScores(scores, anchor);
      const int* classes = top_classes_.data() + static_cast<size_t>(anchor) * per_anchor;
      for (int rank = 0; rank < per_anchor; ++rank) {
        const int slot = detection * options_.max_classes_per_detection + rank;
        WriteSlot(out, slot, anchor, classes[rank], row[classes[rank]]);
      }
    }
    *out.count = static_cast<float>(count);
  }

  // Per-class NMS keeping detections_per_class boxes per class, merged over
  // classes into the max_detections best scores.
  void RunRegular(const float* scores, const Outputs& out) {
    int kept = 0;
    for (int label = 0; label < options_.num_classes; ++label) {
      for (int anchor = 0; anchor < layout_.num_anchors; ++anchor) {
        candidate_scores_[anchor] = ClassScores(scores, anchor)[label];
      }
      const int count =
          nms_.Select(decoded_, candidate_scores_, options_.nms_score_threshold,
                      options_.nms_iou_threshold, options_.detections_per_class, selected_);
      kept = MergeClass(kept, label, count);
    }
    for (int slot = 0; slot < kept; ++slot) {
      WriteSlot(out, slot, kept_[slot].anchor, kept_[slot].label, kept_[slot].score);
    }
    *out.count = static_cast<float>(kept);
  }

  // Merges the `count` selections of class `label` (in decreasing score
  // order) into the `kept` best so far, keeping at most max_detections.
  // Earlier entries win ties, which is what TFLite's re-sort of the appended
  // list gives when it is stable. Returns the new number kept.
  int MergeClass(int kept, int label, int count) {
    int old_index = 0;
    int new_index = 0;
    int merged = 0;
    while (merged < options_.max_detections && (old_index < kept || new_index < count)) {
      const bool take_old =
          new_index >= count ||
          (old_index < kept && kept_[old_index].score >= candidate_scores_[selected_[new_index]]);
      if (take_old) {
        merged_[merged++] = kept_[old_index++];
      } else {
        const int anchor = selected_[new_index++];
        merged_[merged++] = {candidate_scores_[anchor], anchor, label};
      }
    }
    std::swap(kept_, merged_);
    return merged;
  }

  std::vector<int> inputs_;
  std::vector<int> outputs_;
  Options options_;
  Layout layout_;
  InputFormat box_format_;
  InputFormat score_format_;
  std::vector<BoxCenterSize> anchors_;  // dequantized once in Prepare
  // Scratch, sized in the constructor so Run never allocates.
  std::vector<BoxCorners> decoded_;
  std::vector<float> dequantized_scores_;  // UINT8 class predictions only
  std::vector<float> candidate_scores_;    // one score per anchor for NMS
  std::vector<int> selected_;
  std::vector<int> top_classes_;  // fast NMS: classes_per_anchor per anchor
  std::vector<uint8_t> picked_;   // fast NMS: TopClasses' marks
  std::vector<Detection> kept_;   // regular NMS: best detections so far
  std::vector<Detection> merged_;
  GreedyNms nms_;
};

Status OptionError(const char* name, double value, const char* expected) {
  return Status::Error(fmt::format("option {} is {}, expected {}", name, value, expected));
}

Status CheckOptions(const Options& options) {
  if (options.num_classes <= 0) return OptionError("num_classes", options.num_classes, "> 0");
  if (options.max_detections <= 0) {
    return OptionError("max_detections", options.max_detections, "> 0");
  }
  if (options.max_classes_per_detection <= 0) {
    return OptionError("max_classes_per_detection", options.max_classes_per_detection, "> 0");
  }
  if (options.use_regular_nms && options.detections_per_class <= 0) {
    return OptionError("detections_per_class", options.detections_per_class,
                       "> 0 with use_regular_nms");
  }
  // TFLite checks this at every Eval; the options are fixed, so once here.
  if (!(options.nms_iou_threshold > 0.0f && options.nms_iou_threshold <= 1.0f)) {
    return OptionError("nms_iou_threshold", options.nms_iou_threshold, "a value in (0, 1]");
  }
  const int64_t slots =
      static_cast<int64_t>(options.max_detections) * options.max_classes_per_detection;
  if (slots > INT32_MAX) {
    return Status::Error(fmt::format(
        "max_detections * max_classes_per_detection = {} does not fit an output shape", slots));
  }
  return Status::Ok();
}

Status InputShapeError(const graph::Graph& graph, const graph::Op& op, int position,
                       const std::string& expected) {
  const int tensor = op.inputs[position];
  return Status::Error(fmt::format("input {} ({}) has shape {}, expected {}", position,
                                   graph::DescribeTensor(graph, tensor),
                                   graph::ShapeToString(graph.tensors[tensor].shape), expected));
}

// Types, ranks, shapes and quantization of the three inputs.
Result<Layout> CheckInputs(const graph::Graph& graph, const graph::Op& op, const Options& options) {
  const int ranks[] = {3, 3, 2};
  for (int position : {kBoxEncodings, kClassPredictions, kAnchors}) {
    EB_RETURN_IF_ERROR(
        ExpectInputType(graph, op, position, {DataType::kFloat32, DataType::kUInt8}));
    EB_RETURN_IF_ERROR(ExpectInputRank(graph, op, position, ranks[position]));
    if (graph.tensors[op.inputs[position]].type == DataType::kUInt8) {
      EB_RETURN_IF_ERROR(ExpectPerTensorQuantization(graph, op.inputs[position]));
    }
  }
  const graph::Shape& boxes = graph.tensors[op.inputs[kBoxEncodings]].shape;
  const graph::Shape& classes = graph.tensors[op.inputs[kClassPredictions]].shape;
  const graph::Shape& anchors = graph.tensors[op.inputs[kAnchors]].shape;
  const int num_anchors = boxes[1];
  const std::string anchor_source =
      fmt::format("as input 0 ({})", graph::DescribeTensor(graph, op.inputs[kBoxEncodings]));
  if (boxes[0] != 1 || boxes[2] < kBoxCoords) {
    return InputShapeError(graph, op, kBoxEncodings,
                           "[1,anchors,coordinates] with 4 or more coordinates");
  }
  if (classes[0] != 1 || classes[1] != num_anchors) {
    return InputShapeError(
        graph, op, kClassPredictions,
        fmt::format("[1,{},classes]: {} anchors {}", num_anchors, num_anchors, anchor_source));
  }
  const int label_offset = classes[2] - options.num_classes;
  if (label_offset < 0 || label_offset > 1) {
    return InputShapeError(graph, op, kClassPredictions,
                           fmt::format("{} or {} classes (num_classes, plus one background column)",
                                       options.num_classes, options.num_classes + 1));
  }
  if (anchors[0] != num_anchors || anchors[1] != kBoxCoords) {
    return InputShapeError(graph, op, kAnchors,
                           fmt::format("[{},4]: (y, x, h, w) for {} anchors {}", num_anchors,
                                       num_anchors, anchor_source));
  }
  Layout layout;
  layout.num_anchors = num_anchors;
  layout.coords_per_box = boxes[2];
  layout.num_columns = classes[2];
  layout.label_offset = label_offset;
  layout.slots = options.max_detections * options.max_classes_per_detection;
  layout.classes_per_anchor = std::min(options.max_classes_per_detection, options.num_classes);
  return layout;
}

Status CheckOutputs(const graph::Graph& graph, const graph::Op& op, int slots) {
  const graph::Shape shapes[] = {{1, slots, kBoxCoords}, {1, slots}, {1, slots}, {1}};
  for (int position : {kOutputBoxes, kOutputClasses, kOutputScores, kOutputCount}) {
    EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, position, DataType::kFloat32));
    EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, position, shapes[position]));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareDetectionPostProcess(const graph::Graph& graph,
                                                                    const graph::Op& op) {
  const auto* options = std::get_if<Options>(&op.options);
  if (options == nullptr) return Status::Error("missing TFLite_Detection_PostProcess options");
  EB_RETURN_IF_ERROR(CheckOptions(*options));
  EB_ASSIGN_OR_RETURN(const Layout layout, CheckInputs(graph, op, *options));
  EB_ASSIGN_OR_RETURN(std::vector<BoxCenterSize> anchors,
                      ReadAnchors(graph, op, kAnchors, layout.num_anchors));
  EB_RETURN_IF_ERROR(CheckOutputs(graph, op, layout.slots));
  std::unique_ptr<PreparedKernel> kernel = std::make_unique<DetectionPostProcessKernel>(
      op, *options, layout, FormatOf(graph.tensors[op.inputs[kBoxEncodings]]),
      FormatOf(graph.tensors[op.inputs[kClassPredictions]]), std::move(anchors));
  return kernel;
}

}  // namespace edgebench::kernels
