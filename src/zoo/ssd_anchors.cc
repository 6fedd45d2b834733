#include "zoo/ssd_anchors.h"

#include <cmath>

namespace edgebench::zoo {
namespace {

struct BoxSpec {
  double scale;
  double aspect_ratio;
};

double LayerScale(const SsdAnchorOptions& options, int layer) {
  if (layer >= options.num_layers) return 1.0;  // scale after the last layer
  if (options.num_layers == 1) return options.min_scale;
  return options.min_scale + (static_cast<double>(options.max_scale) - options.min_scale) * layer /
                                 (options.num_layers - 1);
}

std::vector<BoxSpec> LayerBoxSpecs(const SsdAnchorOptions& options, int layer) {
  const double scale = LayerScale(options, layer);
  if (layer == 0 && options.reduce_boxes_in_lowest_layer) {
    return {{0.1, 1.0}, {scale, 2.0}, {scale, 0.5}};
  }
  std::vector<BoxSpec> specs;
  for (float ratio : options.aspect_ratios) specs.push_back({scale, ratio});
  if (options.interpolated_scale_aspect_ratio > 0.0f) {
    specs.push_back({std::sqrt(scale * LayerScale(options, layer + 1)),
                     options.interpolated_scale_aspect_ratio});
  }
  return specs;
}

}  // namespace

std::vector<int> AnchorsPerLocation(const SsdAnchorOptions& options) {
  std::vector<int> counts;
  for (int layer = 0; layer < options.num_layers; ++layer) {
    counts.push_back(static_cast<int>(LayerBoxSpecs(options, layer).size()));
  }
  return counts;
}

std::vector<float> GenerateSsdAnchors(const SsdAnchorOptions& options) {
  std::vector<float> anchors;
  for (int layer = 0; layer < options.num_layers; ++layer) {
    const int size = options.feature_map_sizes[layer];
    const double stride = 1.0 / size;
    const double offset = 0.5 * stride;
    const std::vector<BoxSpec> specs = LayerBoxSpecs(options, layer);
    for (int y = 0; y < size; ++y) {
      for (int x = 0; x < size; ++x) {
        for (const BoxSpec& spec : specs) {
          const double ratio_sqrt = std::sqrt(spec.aspect_ratio);
          anchors.push_back(static_cast<float>(y * stride + offset));
          anchors.push_back(static_cast<float>(x * stride + offset));
          anchors.push_back(static_cast<float>(spec.scale / ratio_sqrt));
          anchors.push_back(static_cast<float>(spec.scale * ratio_sqrt));
        }
      }
    }
  }
  return anchors;
}

}  // namespace edgebench::zoo
