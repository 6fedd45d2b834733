// The two real detector files that hostile-model tests patch and mutate:
// v1 ships in data/models, v2 is downloaded into cache/models by `setup`
// (tests using it skip when it is absent).
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tflite/reader.h"
#include "tflite/schema_generated.h"

namespace edgebench::testing {

inline std::filesystem::path RealV1Model() {
  return std::filesystem::path(EDGEBENCH_SOURCE_DIR) /
         "data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite";
}

inline std::filesystem::path RealV2Model() {
  return std::filesystem::path(EDGEBENCH_SOURCE_DIR) /
         "cache/models/mobilenet_ssd_v2_coco_quant_postprocess.tflite";
}

inline std::vector<uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline void WriteBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// Byte offset, in `model`, of the int32 holding dimension `dim` of the
// declared shape of the first CONV_2D output of width `width` (any width
// when 0), so a test can rewrite what the file declares.
inline size_t ConvOutputDimOffset(const std::vector<uint8_t>& model, int dim, int32_t width = 0) {
  auto owner = std::make_shared<std::vector<uint8_t>>(model);
  auto graph = tflite::ReadModelBuffer(owner, owner->data(), owner->size(), "model");
  if (!graph.ok()) throw std::runtime_error(graph.status().message());
  const tflite::fb::Model* fb_model = tflite::fb::GetModel(model.data());
  for (const graph::Op& op : graph->ops) {
    if (op.type != graph::OpType::kConv2D) continue;
    const graph::Shape& shape = graph->tensors[op.outputs[0]].shape;
    if (width != 0 && shape[2] != width) continue;
    const auto* tensor = fb_model->subgraphs()->Get(0)->tensors()->Get(op.outputs[0]);
    const auto* dims = reinterpret_cast<const uint8_t*>(tensor->shape()->data());
    return static_cast<size_t>(dims - model.data()) + sizeof(int32_t) * dim;
  }
  throw std::runtime_error("no CONV_2D output of the asked width");
}

inline void PatchInt32(std::vector<uint8_t>& bytes, size_t offset, int32_t value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(value));
}

}  // namespace edgebench::testing
