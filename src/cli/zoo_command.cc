// `edgebench zoo list|build`: the models edgebench knows by name, and writing
// the synthetic-weight twins as .tflite files.
#include <fmt/format.h>

#include "bench/model_catalog.h"
#include "cli/commands.h"
#include "cli/data_files.h"
#include "zoo/zoo.h"

namespace edgebench::cli {
namespace {

void ListModels() {
  for (const bench::CatalogEntry& entry : bench::CatalogEntries()) {
    fmt::print("{:<36} {}\n", entry.name, entry.description);
  }
  fmt::print(
      "\nzoo: models have the exact architecture of the real ones and deterministic synthetic\n"
      "weights: their latency is faithful, their detections are meaningless.\n");
}

graph::DataType ParseDtype(const std::string& dtype) {
  if (dtype == "float32") return graph::DataType::kFloat32;
  if (dtype == "uint8") return graph::DataType::kUInt8;
  throw CommandError(fmt::format("--dtype {}: expected float32 or uint8", dtype));
}

void Build(const std::string& name, const std::string& dtype, uint64_t seed,
           const std::string& output) {
  ThrowIfError(zoo::WriteZooModel(name, ParseDtype(dtype), seed, output));
  fmt::print("wrote {} ({} {}, seed {})\n", output, name, dtype, seed);
}

}  // namespace

void AddZooCommand(CLI::App& app) {
  auto* zoo_command = app.add_subcommand("zoo", "List known models; write zoo models as .tflite");
  zoo_command->require_subcommand(1);
  zoo_command->add_subcommand("list", "List the models edgebench knows by name")
      ->callback(ListModels);

  auto* build = zoo_command->add_subcommand(
      "build", "Write a zoo model (real architecture, synthetic weights) as a .tflite file");
  static std::string name;
  static std::string dtype = "float32";
  static uint64_t seed = 1;
  static std::string output;
  std::string names;
  for (const zoo::ZooModel& model : zoo::ZooModels()) {
    names += (names.empty() ? "" : ", ") + model.name;
  }
  build->add_option("name", name, "Architecture: " + names)->required();
  build->add_option("--dtype", dtype, "float32 or uint8")->capture_default_str();
  build->add_option("--seed", seed, "Seed of the synthetic weights")->capture_default_str();
  build->add_option("-o,--output", output, "The .tflite file to write")->required();
  build->callback([] { Build(name, dtype, seed, output); });
}

}  // namespace edgebench::cli
