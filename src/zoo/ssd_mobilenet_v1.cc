// SSD MobileNet v1 with depth multiplier 0.75 (channels 0.75x of MobileNet
// v1's, rounded to multiples of 8), 300x300 input, six SSD feature maps
// 19/10/5/3/2/1. Layer list, names and uint8 conventions read from the real
// ssd_mobilenet_v1_0.75_depth_quant_coco.tflite: every backbone output is
// quantized to exactly [0, 6] with the ReLU6 removed, while the extra feature
// layers keep a fused RELU6 over their pre-activation range.
#include <fmt/format.h>

#include "zoo/architectures.h"
#include "zoo/ssd_head.h"

namespace edgebench::zoo {
namespace {

constexpr const char* kBackbone = "FeatureExtractor/MobilenetV1/MobilenetV1";
constexpr const char* kExtras = "FeatureExtractor/MobilenetV1";

ConvSpec BackboneSpec(std::string scope, int out_channels, int kernel, int stride) {
  ConvSpec spec;
  spec.scope = std::move(scope);
  spec.out_channels = out_channels;
  spec.kernel = kernel;
  spec.stride = stride;
  spec.range = RangeMode::kRelu6;
  return spec;
}

ConvSpec ExtraSpec(std::string scope, int out_channels, int kernel, int stride) {
  ConvSpec spec = BackboneSpec(std::move(scope), out_channels, kernel, stride);
  spec.target = OutputTarget{0.5f, 1.5f, -0.5f, 0.5f};
  spec.range = RangeMode::kPreActivation;
  return spec;
}

// Depthwise-separable blocks Conv2d_1 .. Conv2d_13: (stride, pointwise
// channels) with the 0.75 multiplier applied.
struct SeparableBlock {
  int stride;
  int channels;
};
constexpr SeparableBlock kBlocks[] = {{1, 48},  {2, 96},  {1, 96},  {2, 192}, {1, 192},
                                      {2, 384}, {1, 384}, {1, 384}, {1, 384}, {1, 384},
                                      {1, 384}, {2, 768}, {1, 768}};

}  // namespace

Net BuildSsdMobilenetV1Net(uint64_t seed) {
  NetBuilder b(seed);
  int x = b.Input("normalized_input_image_tensor", 300, 300, 3);
  x = b.Conv(x, BackboneSpec(fmt::format("{}/Conv2d_0", kBackbone), 24, 3, 2));
  std::vector<int> features;
  for (int i = 0; i < 13; ++i) {
    const SeparableBlock& block = kBlocks[i];
    x = b.Depthwise(x, BackboneSpec(fmt::format("{}/Conv2d_{}_depthwise", kBackbone, i + 1), 0, 3,
                                    block.stride));
    x = b.Conv(x, BackboneSpec(fmt::format("{}/Conv2d_{}_pointwise", kBackbone, i + 1),
                               block.channels, 1, 1));
    if (i + 1 == 11 || i + 1 == 13) features.push_back(x);  // 19x19x384, 10x10x768
  }
  // Extra feature layers: 1x1 to half depth, then 3x3 stride 2.
  constexpr int kExtraDepths[4] = {384, 192, 192, 96};
  for (int i = 0; i < 4; ++i) {
    const int depth = kExtraDepths[i];
    x = b.Conv(x, ExtraSpec(fmt::format("{}/Conv2d_13_pointwise_1_Conv2d_{}_1x1_{}", kExtras, i + 2,
                                        depth / 2),
                            depth / 2, 1, 1));
    x = b.Conv(x, ExtraSpec(fmt::format("{}/Conv2d_13_pointwise_2_Conv2d_{}_3x3_s2_{}", kExtras,
                                        i + 2, depth),
                            depth, 3, 2));
    features.push_back(x);
  }

  SsdHeadSpec head;
  head.features = features;
  head.explicit_reshape = true;
  head.post_process.max_detections = 10;
  head.post_process.max_classes_per_detection = 1;
  head.post_process.detections_per_class = 100;  // absent in the file: TFLite's default
  head.post_process.use_regular_nms = false;
  head.post_process.nms_score_threshold = 0.3f;
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
