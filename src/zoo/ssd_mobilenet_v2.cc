// SSD MobileNet v2 (depth multiplier 1), 300x300 input, six SSD feature maps
// 19/10/5/3/2/1 taken from expanded_conv_13's expansion and Conv_1. Layer
// list, names and uint8 conventions read from the real
// mobilenet_ssd_v2_coco_quant_postprocess.tflite: backbone ReLU6 outputs are
// quantized to exactly [0, 6], the linear bottlenecks and residual sums to
// their own ranges, and no ReLU6 stays fused in the uint8 file.
#include <fmt/format.h>

#include "zoo/architectures.h"
#include "zoo/ssd_head.h"

namespace edgebench::zoo {
namespace {

constexpr const char* kScope = "FeatureExtractor/MobilenetV2";

ConvSpec Relu6Spec(std::string scope, int out_channels, int kernel, int stride,
                   RangeMode range = RangeMode::kRelu6) {
  ConvSpec spec;
  spec.scope = std::move(scope);
  spec.out_channels = out_channels;
  spec.kernel = kernel;
  spec.stride = stride;
  spec.range = range;
  return spec;
}

// The linear bottleneck: batch norm without activation; trained ones have
// wide ranges (tens), which the residual sums inherit.
ConvSpec ProjectSpec(std::string scope, int out_channels) {
  ConvSpec spec;
  spec.scope = std::move(scope) + "/project";
  spec.output_suffix = "add_fold";
  spec.out_channels = out_channels;
  spec.activation = graph::Activation::kNone;
  spec.target = OutputTarget{2.0f, 6.0f, -2.0f, 2.0f};
  spec.range = RangeMode::kCalibrated;
  return spec;
}

// Inverted residual blocks expanded_conv_1 .. 16 (expansion 6).
struct Bottleneck {
  int channels;
  int stride;
};
constexpr Bottleneck kBlocks[] = {{24, 2},  {24, 1},  {32, 2},  {32, 1}, {32, 1}, {64, 2},
                                  {64, 1},  {64, 1},  {64, 1},  {96, 1}, {96, 1}, {96, 1},
                                  {160, 2}, {160, 1}, {160, 1}, {320, 1}};
constexpr int kExpansion = 6;

}  // namespace

Net BuildSsdMobilenetV2Net(uint64_t seed) {
  NetBuilder b(seed);
  int x = b.Input("normalized_input_image_tensor", 300, 300, 3);
  x = b.Conv(x, Relu6Spec(fmt::format("{}/Conv", kScope), 32, 3, 2));
  // expanded_conv: no expansion.
  x = b.Depthwise(x, Relu6Spec(fmt::format("{}/expanded_conv/depthwise", kScope), 0, 3, 1));
  x = b.Conv(x, ProjectSpec(fmt::format("{}/expanded_conv", kScope), 16));
  int channels = 16;
  std::vector<int> features;
  for (int i = 0; i < 16; ++i) {
    const Bottleneck& block = kBlocks[i];
    const std::string scope = fmt::format("{}/expanded_conv_{}", kScope, i + 1);
    const int block_input = x;
    int y = b.Conv(x, Relu6Spec(scope + "/expand", channels * kExpansion, 1, 1));
    if (i + 1 == 13) features.push_back(y);  // 19x19x576
    y = b.Depthwise(y, Relu6Spec(scope + "/depthwise", 0, 3, block.stride));
    y = b.Conv(y, ProjectSpec(scope, block.channels));
    if (block.stride == 1 && block.channels == channels) y = b.Add(y, block_input, scope + "/add");
    x = y;
    channels = block.channels;
  }
  x = b.Conv(x, Relu6Spec(fmt::format("{}/Conv_1", kScope), 1280, 1, 1));
  features.push_back(x);  // 10x10x1280

  // Extra feature layers: 1x1 to half depth, then 3x3 stride 2.
  constexpr int kExtraDepths[4] = {512, 256, 256, 128};
  for (int i = 0; i < 4; ++i) {
    const int depth = kExtraDepths[i];
    x = b.Conv(x, Relu6Spec(fmt::format("{}/layer_19_1_Conv2d_{}_1x1_{}", kScope, i + 2, depth / 2),
                            depth / 2, 1, 1, RangeMode::kCalibrated));
    x = b.Conv(x, Relu6Spec(fmt::format("{}/layer_19_2_Conv2d_{}_3x3_s2_{}", kScope, i + 2, depth),
                            depth, 3, 2, RangeMode::kCalibrated));
    features.push_back(x);
  }

  SsdHeadSpec head;
  head.features = features;
  head.explicit_reshape = false;
  head.post_process.max_detections = 20;
  head.post_process.max_classes_per_detection = 1;
  head.post_process.detections_per_class = 0;  // as stored; unused without regular NMS
  head.post_process.use_regular_nms = false;
  head.post_process.nms_score_threshold = 1e-8f;
  head.post_process.nms_iou_threshold = 0.6f;
  head.post_process.num_classes = 90;
  head.post_process.y_scale = 10.0f;
  head.post_process.x_scale = 10.0f;
  head.post_process.h_scale = 5.0f;
  head.post_process.w_scale = 5.0f;
  AddSsdHead(b, head);
  return std::move(b).Finish();
}

}  // namespace edgebench::zoo
