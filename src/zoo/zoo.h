// The model zoo: the benchmark's two SSD detectors with their real
// architecture (same ops, options, shapes, anchors and post-processing as the
// trained .tflite files) and deterministic synthetic weights, as float32 or
// uint8 graphs. Their latency is faithful; their detections are not.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::zoo {

struct ZooModel {
  std::string name;         // "ssd_mobilenet_v1_0.75"
  std::string description;  // one line for `edgebench zoo list`
  std::string real_twin;    // file name of the trained model it mirrors
};

// Every model BuildZooModel knows, in a fixed order.
std::span<const ZooModel> ZooModels();

// Builds model `name` with element type `dtype` (kFloat32 or kUInt8). The
// same name, dtype and seed give byte-identical constants; the uint8 model
// is the float one quantized (per-tensor asymmetric weights, int32 biases,
// activation ranges calibrated on a synthetic image). Takes a few seconds:
// the float network runs once while it is built.
Result<graph::Graph> BuildZooModel(const std::string& name, graph::DataType dtype, uint64_t seed);

// BuildZooModel, then writes the graph as a .tflite file at `path`. An
// output folder that is missing fails before the model is built.
Status WriteZooModel(const std::string& name, graph::DataType dtype, uint64_t seed,
                     const std::string& path);

}  // namespace edgebench::zoo
