// The SSD box predictor shared by both benchmark models: per feature map a
// 1x1 box-encoding conv and a 1x1 class conv, each reshaped to one row per
// anchor, then the two concatenations, the sigmoid, and the post-process op,
// in the op order of the real files.
#pragma once

#include <vector>

#include "graph/op.h"
#include "zoo/layers.h"

namespace edgebench::zoo {

struct SsdHeadSpec {
  std::vector<int> features;  // the six feature-map layers, 19x19 first
  // v1 writes each reshape's shape out ([1, 1083, 1, 4]); v2 leaves the
  // anchor count to be inferred ([1, -1, 1, 4]).
  bool explicit_reshape = true;
  graph::DetectionPostProcessOptions post_process;
};

// Appends the head; returns the post-process layer.
int AddSsdHead(NetBuilder& builder, const SsdHeadSpec& spec);

}  // namespace edgebench::zoo
