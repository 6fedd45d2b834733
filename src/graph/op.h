// Ops of the graph IR with typed options. The set and the option fields
// follow TensorFlow Lite's builtin operators so .tflite files map one to one.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

namespace edgebench::graph {

enum class OpType {
  kAdd,
  kAveragePool2D,
  kConcatenation,
  kConv2D,
  kDepthwiseConv2D,
  kDequantize,
  kDetectionPostProcess,  // custom op "TFLite_Detection_PostProcess"
  kFullyConnected,
  kLogistic,
  kMaxPool2D,
  kMean,
  kMul,
  kPad,
  kQuantize,
  kRelu,
  kRelu6,
  kReshape,
  kSoftmax,
  kSqueeze,
};

// TensorFlow Lite's spelling: "CONV_2D", "TFLite_Detection_PostProcess", ...
const char* OpTypeName(OpType type);

enum class Padding { kSame, kValid };
enum class Activation { kNone, kRelu, kReluN1To1, kRelu6 };

const char* ActivationName(Activation activation);

struct Conv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  Activation activation = Activation::kNone;
};

struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t depth_multiplier = 1;
  int32_t dilation_w = 1;
  int32_t dilation_h = 1;
  Activation activation = Activation::kNone;
};

struct Pool2DOptions {
  Padding padding = Padding::kValid;
  int32_t stride_w = 1;
  int32_t stride_h = 1;
  int32_t filter_w = 1;
  int32_t filter_h = 1;
  Activation activation = Activation::kNone;
};

struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  bool keep_num_dims = false;
};

// ADD and MUL.
struct ElementwiseOptions {
  Activation activation = Activation::kNone;
};

struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::kNone;
};

struct ReshapeOptions {
  // Empty when the target shape comes from the second input (or the output).
  std::vector<int32_t> new_shape;
};

struct SqueezeOptions {
  std::vector<int32_t> squeeze_dims;  // empty: every dimension of size 1
};

struct MeanOptions {
  bool keep_dims = false;
};

struct SoftmaxOptions {
  float beta = 1.0f;
};

// Options of TFLite_Detection_PostProcess, read from its FlexBuffer map.
struct DetectionPostProcessOptions {
  int32_t max_detections = 10;
  int32_t max_classes_per_detection = 1;
  int32_t detections_per_class = 100;
  bool use_regular_nms = false;
  float nms_score_threshold = 0.0f;
  float nms_iou_threshold = 0.0f;
  int32_t num_classes = 90;  // without background
  float y_scale = 10.0f;
  float x_scale = 10.0f;
  float h_scale = 5.0f;
  float w_scale = 5.0f;
};

using OpOptions =
    std::variant<std::monostate, Conv2DOptions, DepthwiseConv2DOptions, Pool2DOptions,
                 FullyConnectedOptions, ElementwiseOptions, ConcatenationOptions, ReshapeOptions,
                 SqueezeOptions, MeanOptions, SoftmaxOptions, DetectionPostProcessOptions>;

// Tensor index used for an absent optional input (TFLite uses -1 too).
inline constexpr int kNoTensor = -1;

struct Op {
  OpType type = OpType::kAdd;
  std::vector<int> inputs;   // tensor indices; kNoTensor for absent ones
  std::vector<int> outputs;  // tensor indices
  OpOptions options;
};

}  // namespace edgebench::graph
