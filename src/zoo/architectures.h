// The zoo's network definitions (one file each), as float Nets with
// synthetic weights; zoo.cc emits them as graphs.
#pragma once

#include <cstdint>

#include "zoo/layers.h"

namespace edgebench::zoo {

// SSD MobileNet v1, depth multiplier 0.75, COCO: the twin of
// ssd_mobilenet_v1_0.75_depth_quant_coco.tflite.
Net BuildSsdMobilenetV1Net(uint64_t seed);

// SSD MobileNet v2, COCO: the twin of
// mobilenet_ssd_v2_coco_quant_postprocess.tflite.
Net BuildSsdMobilenetV2Net(uint64_t seed);

}  // namespace edgebench::zoo
