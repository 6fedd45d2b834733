#include "bench/model_catalog.h"

#include <fmt/format.h>

#include <filesystem>

#include "fileio/data_places.h"
#include "tflite/reader.h"
#include "zoo/zoo.h"

namespace edgebench::bench {
namespace {

constexpr uint64_t kZooSeed = 1;

struct RealModel {
  const char* name;
  bool fetched;      // in a model cache (fileio::CacheRoots), else bundled (DataRoots)
  const char* path;  // relative to those folders
  const char* description;
};

constexpr RealModel kRealModels[] = {
    {"ssd_mobilenet_v1_0.75_uint8", false,
     "data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite",
     "the original benchmark's trained SSD MobileNet v1 0.75-depth COCO model"},
    {"ssd_mobilenet_v2_uint8", true, "models/mobilenet_ssd_v2_coco_quant_postprocess.tflite",
     "Google Coral's trained SSD MobileNet v2 COCO model (fetched by `edgebench setup`)"},
};

struct ZooVariant {
  const char* suffix;
  graph::DataType type;
};
constexpr ZooVariant kZooVariants[] = {{"float32", graph::DataType::kFloat32},
                                       {"uint8", graph::DataType::kUInt8}};

std::string ZooName(const std::string& model, const char* suffix) {
  return fmt::format("zoo:{}_{}", model, suffix);
}

}  // namespace

std::vector<CatalogEntry> CatalogEntries() {
  std::vector<CatalogEntry> entries;
  for (const RealModel& model : kRealModels) {
    entries.push_back({model.name, model.description, false, model.fetched});
  }
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    for (const ZooVariant& variant : kZooVariants) {
      entries.push_back({ZooName(model.name, variant.suffix),
                         fmt::format("synthetic {} twin of {}", variant.suffix, model.real_twin),
                         true});
    }
  }
  return entries;
}

Result<LoadedModel> LoadModel(const std::string& file_or_name) {
  for (const RealModel& model : kRealModels) {
    if (file_or_name != model.name) continue;
    const auto found = fileio::FindIn(model.fetched ? fileio::CacheRoots() : fileio::DataRoots(),
                                      model.path, fmt::format("model {}", model.name));
    if (!found.ok() && model.fetched) {
      return Status::Error(found.status().message() +
                           "; `edgebench setup` fetches it into the first of these");
    }
    if (!found.ok()) return found.status();
    const std::string& path = *found;
    EB_ASSIGN_OR_RETURN(graph::Graph graph, tflite::ReadModelFile(path));
    return LoadedModel{std::move(graph), model.name, path, false};
  }
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    for (const ZooVariant& variant : kZooVariants) {
      const std::string name = ZooName(model.name, variant.suffix);
      if (file_or_name != name) continue;
      EB_ASSIGN_OR_RETURN(graph::Graph graph,
                          zoo::BuildZooModel(model.name, variant.type, kZooSeed));
      return LoadedModel{std::move(graph), name, fmt::format("zoo (seed {})", kZooSeed), true};
    }
  }
  if (!std::filesystem::exists(file_or_name)) {
    return Status::Error(fmt::format(
        "{}: no such file, and not a known model name (see `edgebench zoo list`)", file_or_name));
  }
  EB_ASSIGN_OR_RETURN(graph::Graph graph, tflite::ReadModelFile(file_or_name));
  return LoadedModel{std::move(graph), file_or_name, file_or_name, false};
}

}  // namespace edgebench::bench
