// The FlexBuffer map that carries TFLite_Detection_PostProcess's options in
// Operator.custom_options, read and written the way TensorFlow Lite does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "graph/op.h"
#include "graph/status.h"

namespace edgebench::tflite {

// Parses and checks the options (positive counts, finite positive scales,
// thresholds in range). `bytes` may be unaligned and untrusted; errors name the
// offending key without any location prefix.
Result<graph::DetectionPostProcessOptions> ParseDetectionPostProcessOptions(const uint8_t* bytes,
                                                                            size_t size);

// A FlexBuffer map with all eleven keys.
std::vector<uint8_t> EncodeDetectionPostProcessOptions(
    const graph::DetectionPostProcessOptions& options);

}  // namespace edgebench::tflite
