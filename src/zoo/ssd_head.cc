#include "zoo/ssd_head.h"

#include <fmt/format.h>

#include "zoo/ssd_anchors.h"

namespace edgebench::zoo {
namespace {

// Box encodings are (ty, tx, th, tw) in units the decoder divides by
// y_scale..w_scale: values of a few units, centred on zero.
constexpr OutputTarget kBoxTarget{0.5f, 1.5f, -0.5f, 0.5f};
// Class logits of a trained detector are mostly well below zero (most
// anchors see background); a few channels reach the score threshold.
constexpr OutputTarget kClassTarget{0.6f, 1.6f, -9.0f, -5.0f};

ConvSpec HeadConv(int layer, const char* predictor, int out_channels, OutputTarget target) {
  ConvSpec spec;
  spec.scope = fmt::format("BoxPredictor_{}/{}", layer, predictor);
  spec.output_suffix = "BiasAdd";
  spec.out_channels = out_channels;
  spec.activation = graph::Activation::kNone;
  spec.target = target;
  spec.range = RangeMode::kCalibrated;
  return spec;
}

}  // namespace

int AddSsdHead(NetBuilder& builder, const SsdHeadSpec& spec) {
  const int num_classes = spec.post_process.num_classes + 1;  // with background
  SsdAnchorOptions anchor_options;
  anchor_options.feature_map_sizes.clear();
  for (int feature : spec.features) {
    anchor_options.feature_map_sizes.push_back(builder.layer(feature).shape[1]);
  }
  const std::vector<int> per_location = AnchorsPerLocation(anchor_options);
  std::vector<int> boxes, classes;
  int total = 0;
  for (size_t i = 0; i < spec.features.size(); ++i) {
    const int layer = static_cast<int>(i);
    const int feature = spec.features[i];
    const graph::Shape& shape = builder.layer(feature).shape;
    const int anchors = shape[1] * shape[2] * per_location[i];
    const int rows = spec.explicit_reshape ? anchors : -1;
    total += anchors;

    const int box = builder.Conv(
        feature, HeadConv(layer, "BoxEncodingPredictor", per_location[i] * 4, kBoxTarget));
    boxes.push_back(builder.Reshape(box, fmt::format("BoxPredictor_{}/Reshape", layer),
                                    {1, rows, 1, 4}, {1, anchors, 1, 4}));
    if (i + 1 == spec.features.size()) {
      // The real files concatenate the boxes before the last class conv.
      const int all_boxes = builder.Concat(boxes, "concat", 1);
      boxes = {builder.Reshape(all_boxes, "Squeeze", {1, total, 4}, {1, total, 4})};
    }
    const int cls = builder.Conv(
        feature, HeadConv(layer, "ClassPredictor", per_location[i] * num_classes, kClassTarget));
    classes.push_back(builder.Reshape(cls, fmt::format("BoxPredictor_{}/Reshape_1", layer),
                                      {1, rows, num_classes}, {1, anchors, num_classes}));
  }
  const int all_classes = builder.Concat(classes, "concat_1", 1);
  const int scores = builder.Logistic(all_classes, "convert_scores");
  return builder.PostProcess(boxes.front(), scores, GenerateSsdAnchors(anchor_options),
                             spec.post_process);
}

}  // namespace edgebench::zoo
