#include "tflite/custom_options.h"

#include <flatbuffers/flexbuffers.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace edgebench::tflite {
namespace {

// Keys TensorFlow Lite reads with defaults when absent; the rest are required.
constexpr const char* kMaxDetections = "max_detections";
constexpr const char* kMaxClassesPerDetection = "max_classes_per_detection";
constexpr const char* kDetectionsPerClass = "detections_per_class";
constexpr const char* kUseRegularNms = "use_regular_nms";
constexpr const char* kNmsScoreThreshold = "nms_score_threshold";
constexpr const char* kNmsIouThreshold = "nms_iou_threshold";
constexpr const char* kNumClasses = "num_classes";
constexpr const char* kYScale = "y_scale";
constexpr const char* kXScale = "x_scale";
constexpr const char* kHScale = "h_scale";
constexpr const char* kWScale = "w_scale";

// Upper bound on counts: far above any real detector, low enough that the
// kernel's buffers sized from them cannot overflow.
constexpr int64_t kMaxCount = 1 << 20;

class MapReader {
 public:
  explicit MapReader(flexbuffers::Map map) : map_(map) {}

  Status Int(const char* key, bool required, int64_t min, int32_t* out) const {
    const flexbuffers::Reference value = map_[key];
    if (value.IsNull()) return Missing(key, required);
    if (!value.IsInt() && !value.IsUInt()) {
      return Status::Error(fmt::format("option {} is not an integer", key));
    }
    const int64_t number =
        value.IsInt()
            ? value.AsInt64()
            : static_cast<int64_t>(std::min<uint64_t>(value.AsUInt64(), uint64_t{1} << 62));
    if (number < min || number > kMaxCount) {
      return Status::Error(
          fmt::format("option {} is {}, expected {} to {}", key, number, min, kMaxCount));
    }
    *out = static_cast<int32_t>(number);
    return Status::Ok();
  }

  Status Float(const char* key, bool required, float* out) const {
    const flexbuffers::Reference value = map_[key];
    if (value.IsNull()) return Missing(key, required);
    if (!value.IsNumeric()) {
      return Status::Error(fmt::format("option {} is not a number", key));
    }
    const double number = value.AsDouble();
    if (!std::isfinite(number) || std::fabs(number) > std::numeric_limits<float>::max()) {
      return Status::Error(fmt::format("option {} is not a finite float", key));
    }
    *out = static_cast<float>(number);
    return Status::Ok();
  }

  Status Bool(const char* key, bool* out) const {
    const flexbuffers::Reference value = map_[key];
    if (value.IsNull()) return Status::Ok();
    if (!value.IsBool() && !value.IsInt() && !value.IsUInt()) {
      return Status::Error(fmt::format("option {} is not a boolean", key));
    }
    *out = value.AsBool();
    return Status::Ok();
  }

 private:
  static Status Missing(const char* key, bool required) {
    return required ? Status::Error(fmt::format("option {} is missing", key)) : Status::Ok();
  }

  flexbuffers::Map map_;
};

Status CheckRanges(const graph::DetectionPostProcessOptions& o) {
  if (o.use_regular_nms && o.detections_per_class < 1) {
    return Status::Error(
        fmt::format("option detections_per_class is {}, expected >= 1 with "
                    "use_regular_nms",
                    o.detections_per_class));
  }
  if (o.max_classes_per_detection > o.num_classes) {
    return Status::Error(
        fmt::format("option max_classes_per_detection is {}, more than "
                    "num_classes {}",
                    o.max_classes_per_detection, o.num_classes));
  }
  const std::pair<const char*, float> scales[] = {
      {kYScale, o.y_scale}, {kXScale, o.x_scale}, {kHScale, o.h_scale}, {kWScale, o.w_scale}};
  for (const auto& [key, scale] : scales) {
    if (!(scale > 0.0f)) {
      return Status::Error(fmt::format("option {} is {}, expected > 0", key, scale));
    }
  }
  if (!(o.nms_iou_threshold >= 0.0f && o.nms_iou_threshold <= 1.0f)) {
    return Status::Error(
        fmt::format("option nms_iou_threshold is {}, expected 0 to 1", o.nms_iou_threshold));
  }
  return Status::Ok();
}

}  // namespace

Result<graph::DetectionPostProcessOptions> ParseDetectionPostProcessOptions(const uint8_t* bytes,
                                                                            size_t size) {
  if (size == 0) return Status::Error("custom options are empty, expected a FlexBuffer map");
  // FlexBuffer reads are plain loads, so give them an aligned copy.
  const std::vector<uint8_t> aligned(bytes, bytes + size);
  if (!flexbuffers::VerifyBuffer(aligned.data(), aligned.size())) {
    return Status::Error("custom options are not a valid FlexBuffer");
  }
  const flexbuffers::Reference root = flexbuffers::GetRoot(aligned.data(), aligned.size());
  if (!root.IsMap()) return Status::Error("custom options are not a FlexBuffer map");
  const MapReader map(root.AsMap());

  graph::DetectionPostProcessOptions o;
  EB_RETURN_IF_ERROR(map.Int(kMaxDetections, true, 1, &o.max_detections));
  EB_RETURN_IF_ERROR(map.Int(kMaxClassesPerDetection, true, 1, &o.max_classes_per_detection));
  // Only regular NMS uses it; files for fast NMS may hold 0 (SSD MobileNet v2).
  EB_RETURN_IF_ERROR(map.Int(kDetectionsPerClass, false, 0, &o.detections_per_class));
  EB_RETURN_IF_ERROR(map.Bool(kUseRegularNms, &o.use_regular_nms));
  EB_RETURN_IF_ERROR(map.Float(kNmsScoreThreshold, true, &o.nms_score_threshold));
  EB_RETURN_IF_ERROR(map.Float(kNmsIouThreshold, true, &o.nms_iou_threshold));
  EB_RETURN_IF_ERROR(map.Int(kNumClasses, true, 1, &o.num_classes));
  EB_RETURN_IF_ERROR(map.Float(kYScale, true, &o.y_scale));
  EB_RETURN_IF_ERROR(map.Float(kXScale, true, &o.x_scale));
  EB_RETURN_IF_ERROR(map.Float(kHScale, true, &o.h_scale));
  EB_RETURN_IF_ERROR(map.Float(kWScale, true, &o.w_scale));
  EB_RETURN_IF_ERROR(CheckRanges(o));
  return o;
}

std::vector<uint8_t> EncodeDetectionPostProcessOptions(
    const graph::DetectionPostProcessOptions& o) {
  flexbuffers::Builder builder;
  builder.Map([&] {
    builder.Int(kMaxDetections, o.max_detections);
    builder.Int(kMaxClassesPerDetection, o.max_classes_per_detection);
    builder.Int(kDetectionsPerClass, o.detections_per_class);
    builder.Bool(kUseRegularNms, o.use_regular_nms);
    builder.Float(kNmsScoreThreshold, o.nms_score_threshold);
    builder.Float(kNmsIouThreshold, o.nms_iou_threshold);
    builder.Int(kNumClasses, o.num_classes);
    builder.Float(kYScale, o.y_scale);
    builder.Float(kXScale, o.x_scale);
    builder.Float(kHScale, o.h_scale);
    builder.Float(kWScale, o.w_scale);
  });
  builder.Finish();
  return builder.GetBuffer();
}

}  // namespace edgebench::tflite
