#include "zoo/zoo.h"

#include <fmt/format.h>

#include "fileio/safe_write.h"
#include "tflite/writer.h"
#include "zoo/architectures.h"
#include "zoo/emit.h"

namespace edgebench::zoo {
namespace {

struct Entry {
  ZooModel model;
  Net (*build)(uint64_t seed);
};

const std::vector<Entry>& Entries() {
  static const std::vector<Entry> entries = {
      {{"ssd_mobilenet_v1_0.75",
        "SSD MobileNet v1, depth multiplier 0.75, COCO (90 classes), 300x300, 1917 anchors",
        "ssd_mobilenet_v1_0.75_depth_quant_coco.tflite"},
       &BuildSsdMobilenetV1Net},
      {{"ssd_mobilenet_v2", "SSD MobileNet v2, COCO (90 classes), 300x300, 1917 anchors",
        "mobilenet_ssd_v2_coco_quant_postprocess.tflite"},
       &BuildSsdMobilenetV2Net},
  };
  return entries;
}

}  // namespace

std::span<const ZooModel> ZooModels() {
  static const std::vector<ZooModel> models = [] {
    std::vector<ZooModel> list;
    for (const Entry& entry : Entries()) list.push_back(entry.model);
    return list;
  }();
  return models;
}

Result<graph::Graph> BuildZooModel(const std::string& name, graph::DataType dtype, uint64_t seed) {
  if (dtype != graph::DataType::kFloat32 && dtype != graph::DataType::kUInt8) {
    return Status::Error(
        fmt::format("zoo model {}: element type {} is not built, expected "
                    "FLOAT32 or UINT8",
                    name, graph::DataTypeName(dtype)));
  }
  for (const Entry& entry : Entries()) {
    if (entry.model.name == name) {
      return EmitGraph(entry.build(seed), dtype);
    }
  }
  std::string known;
  for (const Entry& entry : Entries()) known += (known.empty() ? "" : ", ") + entry.model.name;
  return Status::Error(fmt::format("zoo: no model named \"{}\" (known: {})", name, known));
}

Status WriteZooModel(const std::string& name, graph::DataType dtype, uint64_t seed,
                     const std::string& path) {
  // Building and quantizing takes seconds: a mistyped folder fails first.
  EB_RETURN_IF_ERROR(fileio::CheckOutputPath(path));
  graph::Graph graph;
  EB_ASSIGN_OR_RETURN(graph, BuildZooModel(name, dtype, seed));
  const std::string description = fmt::format("edgebench zoo: {} ({}, seed {}), synthetic weights",
                                              name, graph::DataTypeName(dtype), seed);
  return tflite::WriteModelFile(graph, path, description);
}

}  // namespace edgebench::zoo
