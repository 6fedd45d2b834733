// The models edgebench knows by short name: the original benchmark's two
// trained uint8 models, and the zoo's synthetic-weight twins. Anything else
// given as a model is a path to a .tflite file.
#pragma once

#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/status.h"

namespace edgebench::bench {

struct CatalogEntry {
  std::string name;  // e.g. "ssd_mobilenet_v1_0.75_uint8"
  std::string description;
  bool synthetic = false;  // zoo weights: faithful latency, meaningless detections
  bool fetched = false;    // not shipped: `edgebench setup` puts it in the model cache
};

std::vector<CatalogEntry> CatalogEntries();

struct LoadedModel {
  graph::Graph graph;
  std::string name;    // short name, or the file's path
  std::string source;  // file it was read from, or "zoo (seed N)"
  bool synthetic = false;
};

// Reads a .tflite file or builds a model by short name.
Result<LoadedModel> LoadModel(const std::string& file_or_name);
}  // namespace edgebench::bench
