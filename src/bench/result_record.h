// The result record: everything one model's benchmark measured and
// everything needed to reproduce it, as versioned JSON. docs/result-schema.md
// documents every field; console views are derived from the same data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/context.h"
#include "bench/op_profile.h"
#include "bench/statistics.h"
#include "graph/status.h"
#include "sysmon/core_load.h"

namespace edgebench::bench {

// Bump when a field changes meaning or disappears (adding one does not).
// 2: sysmon.timeline became columns with a bounded number of points (1: an
// array of one object per reading; still read).
inline constexpr int kResultSchemaVersion = 2;
// Above this many samples the record keeps a histogram instead of them.
inline constexpr size_t kMaxRawSamples = 100'000;
inline constexpr int kHistogramBins = 100;

struct ModelFacts {
  std::string name;        // catalog name or the path given
  std::string file;        // the .tflite read, or "zoo (seed N)" for a built model
  std::string sha256;      // of the file; of the in-memory serialization for zoo models
  int64_t macs = 0;        // multiply-accumulates of one inference (graph::TotalMacs)
  bool synthetic = false;  // zoo weights: the detections mean nothing
};

struct ImageFacts {
  std::string file;
  std::string sha256;
  int width = 0, height = 0;                  // as stored in the file, pixels
  int decoded_width = 0, decoded_height = 0;  // after DCT scaling and EXIF rotation
  int input_width = 0, input_height = 0;      // the model's input
  std::string resize_method;                  // the filter used: "area" or "bilinear"
  std::string pixel_mapping;                  // image::PixelMappingName, resolved
};

// The settings as given (after defaults), units in the names.
struct RunSettings {
  int64_t runs = 0;
  int64_t warmup_runs = 0;
  double min_seconds = 0;
  double max_seconds = 0;
  int threads = 0;
  std::string backend;
  std::string resize;  // as requested: "auto", "area" or "bilinear"
  std::string label;
  // When `threads` was the default: the cores' load it was chosen from.
  std::optional<sysmon::CoreLoad> threads_from_load;
};

// What ran the model: the runtime (registry name and the version it reports
// at run time) and where the SSD post-processing ran.
struct RuntimeFacts {
  std::string name;     // "edgebench"
  std::string version;  // as the runtime's library reports it
  // "runtime": the runtime ran TFLite_Detection_PostProcess itself;
  // "edgebench": the runtime ran the network only and edgebench's exact
  // kernel the post-processing on its outputs; "none": the model has none.
  std::string post_processing_by = "none";
  std::string post_processing_kernel;  // with "edgebench": which kernel, e.g. "optimized"
};

struct RecordDetection {
  std::string label;  // COCO name, or "class N"
  int class_index = 0;
  float score = 0;
  float ymin = 0, xmin = 0, ymax = 0, xmax = 0;  // normalized to 0..1
};

struct BenchmarkRecord {
  std::string timestamp_utc;  // ISO 8601, e.g. "2026-11-24T10:00:00Z"
  Context context;
  RuntimeFacts runtime;
  std::string backend_name;
  std::string backend_version;
  int threads = 0;  // threads the backend actually runs on
  ModelFacts model;
  ImageFacts image;
  RunSettings settings;
  double load_ms = 0;               // read the model and prepare the interpreter
  double image_preparation_ms = 0;  // decode, resize, write the input tensor
  std::vector<double> warmup_ms;    // warm-up runs; the first is the first inference
  double first_run_ms = 0;
  std::vector<double> samples_ms;  // measured runs in run order
  double measured_seconds = 0;
  bool capped = false;  // max_seconds ended the run before `runs`
  // Ctrl-C or SIGTERM ended the run early: the statistics cover the runs
  // measured before it (a warning says how many).
  bool interrupted = false;
  Summary summary;  // end to end: network and post-processing, what users compare
  // The network alone (the runtime's Invoke), measured only when the
  // post-processing ran apart from it (post_processing_by "edgebench").
  std::optional<Summary> network_only;
  std::vector<std::string> warnings;
  std::vector<RecordDetection> detections;
  std::optional<OpProfile> profile;  // only with --profile
  std::optional<double> price_usd;   // only with `run --price`: the machine's cost, US dollars
  // Start of each measured run, seconds since the sysmon sampler started
  // (the clock of sysmon's timeline); empty when not monitored.
  std::vector<double> sample_start_s;
  nlohmann::ordered_json sysmon;  // sysmon::SysmonJson's block; null when not monitored
};

// Equal-width bins from the smallest to the largest sample (the largest in
// the last bin). All samples equal: everything in bin 0, width 0.
struct Histogram {
  double lower_ms = 0;
  double bin_width_ms = 0;
  std::vector<int64_t> counts;
};
Histogram MakeHistogram(std::span<const double> samples_ms, int bins);

// Current UTC time in the record's format.
std::string TimestampUtc();

nlohmann::ordered_json RecordToJson(const BenchmarkRecord& record);

// The --json file: {"schema_version": 2, "results": [one record per model]}.
nlohmann::ordered_json ResultsDocument(std::span<const BenchmarkRecord> records);

// Writes `document` to `path` with fileio::WriteFileSafely: never half a
// file, links and devices (/dev/stdout) kept. Errors name the path.
Status WriteJsonFile(const std::string& path, const nlohmann::ordered_json& document);

}  // namespace edgebench::bench
