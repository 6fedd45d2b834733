#include "bench/result_record.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>

#include "support/edgebench_process.h"
#include "sysmon/sysmon_json.h"

namespace edgebench::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------
// The schema as this test knows it, kept apart from the code that writes
// records, and checked against docs/result-schema.md below.

enum class Type { kString, kInteger, kNumber, kBoolean, kObject, kArray };

struct Field {
  Type type;
  bool optional = false;  // may be absent (present only in one kind of record)
  bool nullable = false;  // may be null (a sensor this machine lacks)
};

using Spec = std::map<std::string, Field>;

const Spec& FileSpec() {
  static const Spec spec = {
      {"schema_version", {Type::kInteger}},
      {"results", {Type::kArray}},
      {"results[]", {Type::kObject}},
  };
  return spec;
}

const Spec& RecordSpec() {
  static const Spec spec = {
      {"schema_version", {Type::kInteger}},
      {"timestamp_utc", {Type::kString}},
      {"label", {Type::kString}},
      {"context", {Type::kObject}},
      {"context.edgebench_version", {Type::kString}},
      {"context.git_revision", {Type::kString}},
      {"context.compiler", {Type::kObject}},
      {"context.compiler.id", {Type::kString}},
      {"context.compiler.version", {Type::kString}},
      {"context.compiler.build_type", {Type::kString}},
      {"context.compiler.flags", {Type::kString}},
      {"context.cpu_model", {Type::kString}},
      {"context.logical_cores", {Type::kInteger}},
      {"context.frequency_governor", {Type::kString}},
      {"context.kernel", {Type::kString}},
      {"context.os", {Type::kString}},
      {"context.architecture", {Type::kString}},
      {"context.hostname", {Type::kString}},
      {"runtime", {Type::kObject}},
      {"runtime.name", {Type::kString}},
      {"runtime.version", {Type::kString}},
      {"post_processing", {Type::kObject}},
      {"post_processing.by", {Type::kString}},
      {"post_processing.kernel", {Type::kString}},
      {"context.platform", {Type::kObject, true}},
      {"context.platform.board", {Type::kString, false, true}},
      {"context.platform.soc", {Type::kString, false, true}},
      {"context.platform.cpu_core", {Type::kString, false, true}},
      {"context.platform.cpu_features", {Type::kArray}},
      {"context.platform.cpu_features[]", {Type::kString}},
      {"context.platform.userland_bits", {Type::kInteger}},
      {"context.platform.kernel_architecture", {Type::kString}},
      {"context.platform.kernel_bits", {Type::kInteger}},
      {"context.platform.throttle_flags", {Type::kInteger, false, true}},
      {"context.platform.core_volts", {Type::kNumber, false, true}},
      {"context.platform.arm_freq_mhz", {Type::kInteger, false, true}},
      {"context.platform.emulation", {Type::kObject, false, true}},
      {"context.platform.emulation.guest_architecture", {Type::kString}},
      {"context.platform.emulation.host_architecture", {Type::kString}},
      {"context.platform.emulation.host_cpu", {Type::kString}},
      {"context.platform.emulation.note", {Type::kString}},
      {"backend", {Type::kObject}},
      {"backend.name", {Type::kString}},
      {"backend.version", {Type::kString}},
      {"threads", {Type::kInteger}},
      {"model", {Type::kObject}},
      {"model.name", {Type::kString}},
      {"model.file", {Type::kString}},
      {"model.sha256", {Type::kString}},
      {"model.macs", {Type::kInteger}},
      {"model.synthetic", {Type::kBoolean}},
      {"image", {Type::kObject}},
      {"image.file", {Type::kString}},
      {"image.sha256", {Type::kString}},
      {"image.width", {Type::kInteger}},
      {"image.height", {Type::kInteger}},
      {"image.decoded_width", {Type::kInteger}},
      {"image.decoded_height", {Type::kInteger}},
      {"image.input_width", {Type::kInteger}},
      {"image.input_height", {Type::kInteger}},
      {"image.resize_method", {Type::kString}},
      {"image.pixel_mapping", {Type::kString}},
      {"settings", {Type::kObject}},
      {"settings.runs", {Type::kInteger}},
      {"settings.warmup_runs", {Type::kInteger}},
      {"settings.min_seconds", {Type::kNumber}},
      {"settings.max_seconds", {Type::kNumber}},
      {"settings.threads", {Type::kInteger}},
      {"settings.backend", {Type::kString}},
      {"settings.resize", {Type::kString}},
      {"settings.label", {Type::kString}},
      {"settings.price_usd", {Type::kNumber, true}},
      {"settings.threads_default", {Type::kObject, true}},
      {"settings.threads_default.cores", {Type::kInteger}},
      {"settings.threads_default.busy_cores", {Type::kNumber}},
      {"timings", {Type::kObject}},
      {"timings.load_ms", {Type::kNumber}},
      {"timings.image_preparation_ms", {Type::kNumber}},
      {"timings.first_run_ms", {Type::kNumber}},
      {"timings.warmup_ms", {Type::kArray}},
      {"timings.warmup_ms[]", {Type::kNumber}},
      {"timings.measured_seconds", {Type::kNumber}},
      {"timings.capped", {Type::kBoolean}},
      {"interrupted", {Type::kBoolean}},
      {"summary", {Type::kObject}},
      {"summary.count", {Type::kInteger}},
      {"summary.mean_ms", {Type::kNumber}},
      {"summary.stddev_ms", {Type::kNumber}},
      {"summary.min_ms", {Type::kNumber}},
      {"summary.max_ms", {Type::kNumber}},
      {"summary.median_ms", {Type::kNumber}},
      {"summary.p90_ms", {Type::kNumber}},
      {"summary.p95_ms", {Type::kNumber}},
      {"summary.p99_ms", {Type::kNumber}},
      {"summary.ci95_ms", {Type::kNumber}},
      {"summary.per_second", {Type::kNumber}},
      {"network_only_summary", {Type::kObject, true}},
      {"network_only_summary.count", {Type::kInteger}},
      {"network_only_summary.mean_ms", {Type::kNumber}},
      {"network_only_summary.stddev_ms", {Type::kNumber}},
      {"network_only_summary.min_ms", {Type::kNumber}},
      {"network_only_summary.max_ms", {Type::kNumber}},
      {"network_only_summary.median_ms", {Type::kNumber}},
      {"network_only_summary.p90_ms", {Type::kNumber}},
      {"network_only_summary.p95_ms", {Type::kNumber}},
      {"network_only_summary.p99_ms", {Type::kNumber}},
      {"network_only_summary.ci95_ms", {Type::kNumber}},
      {"network_only_summary.per_second", {Type::kNumber}},
      {"warnings", {Type::kArray}},
      {"warnings[]", {Type::kString}},
      {"detections", {Type::kArray}},
      {"detections[]", {Type::kObject}},
      {"detections[].label", {Type::kString}},
      {"detections[].class_index", {Type::kInteger}},
      {"detections[].score", {Type::kNumber}},
      {"detections[].box", {Type::kObject}},
      {"detections[].box.ymin", {Type::kNumber}},
      {"detections[].box.xmin", {Type::kNumber}},
      {"detections[].box.ymax", {Type::kNumber}},
      {"detections[].box.xmax", {Type::kNumber}},
      {"samples", {Type::kObject}},
      {"samples.count", {Type::kInteger}},
      {"samples.kind", {Type::kString}},
      {"samples.values_ms", {Type::kArray, true}},
      {"samples.values_ms[]", {Type::kNumber}},
      {"samples.histogram", {Type::kObject, true}},
      {"samples.histogram.lower_ms", {Type::kNumber}},
      {"samples.histogram.bin_width_ms", {Type::kNumber}},
      {"samples.histogram.counts", {Type::kArray}},
      {"samples.histogram.counts[]", {Type::kInteger}},
      {"profile", {Type::kObject, true}},
      {"profile.runs", {Type::kInteger}},
      {"profile.total_ms", {Type::kNumber}},
      {"profile.ops", {Type::kArray}},
      {"profile.ops[]", {Type::kObject}},
      {"profile.ops[].name", {Type::kString}},
      {"profile.ops[].first_op", {Type::kInteger}},
      {"profile.ops[].last_op", {Type::kInteger}},
      {"profile.ops[].backend", {Type::kString}},
      {"profile.ops[].mean_ms", {Type::kNumber}},
      {"profile.ops[].share", {Type::kNumber}},
      {"profile.ops[].macs", {Type::kInteger}},
      {"profile.ops[].gflops", {Type::kNumber}},
      {"profile.by_type", {Type::kArray}},
      {"profile.by_type[]", {Type::kObject}},
      {"profile.by_type[].name", {Type::kString}},
      {"profile.by_type[].first_op", {Type::kInteger}},
      {"profile.by_type[].last_op", {Type::kInteger}},
      {"profile.by_type[].backend", {Type::kString}},
      {"profile.by_type[].mean_ms", {Type::kNumber}},
      {"profile.by_type[].share", {Type::kNumber}},
      {"profile.by_type[].macs", {Type::kInteger}},
      {"profile.by_type[].gflops", {Type::kNumber}},
      {"sample_start_s", {Type::kArray, true}},
      {"sample_start_s[]", {Type::kNumber}},
      {"sysmon", {Type::kObject, true}},
      {"sysmon.sample_interval_ms", {Type::kInteger}},
      {"sysmon.sensors", {Type::kArray}},
      {"sysmon.sensors[]", {Type::kObject}},
      {"sysmon.sensors[].kind", {Type::kString}},
      {"sysmon.sensors[].name", {Type::kString}},
      {"sysmon.sensors[].path", {Type::kString}},
      {"sysmon.sensors[].min_mhz", {Type::kNumber, true, true}},
      {"sysmon.sensors[].max_mhz", {Type::kNumber, true, true}},
      {"sysmon.sensors[].policy_max_mhz", {Type::kNumber, true, true}},
      {"sysmon.sensors[].governor", {Type::kString, true}},
      {"sysmon.sensors[].driver", {Type::kString, true}},
      {"sysmon.timeline", {Type::kObject}},
      {"sysmon.timeline.readings", {Type::kInteger}},
      {"sysmon.timeline.bucket_readings", {Type::kInteger}},
      {"sysmon.timeline.t_s", {Type::kArray}},
      {"sysmon.timeline.t_s[]", {Type::kNumber}},
      {"sysmon.timeline.phase", {Type::kArray}},
      {"sysmon.timeline.phase[]", {Type::kString}},
      {"sysmon.timeline.temperature_c", {Type::kArray}},
      {"sysmon.timeline.temperature_c[]", {Type::kNumber, false, true}},
      {"sysmon.timeline.cpu_mhz", {Type::kArray}},
      {"sysmon.timeline.cpu_mhz[]", {Type::kNumber, false, true}},
      {"sysmon.timeline.cpu_mhz_max", {Type::kArray}},
      {"sysmon.timeline.cpu_mhz_max[]", {Type::kNumber, false, true}},
      {"sysmon.timeline.throttle_flags", {Type::kArray}},
      {"sysmon.timeline.throttle_flags[]", {Type::kInteger, false, true}},
      {"sysmon.timeline.rss_bytes", {Type::kArray}},
      {"sysmon.timeline.rss_bytes[]", {Type::kInteger, false, true}},
      {"sysmon.timeline.load1", {Type::kArray}},
      {"sysmon.timeline.load1[]", {Type::kNumber, false, true}},
      {"sysmon.summary", {Type::kObject}},
      {"sysmon.summary.temperature_c", {Type::kObject, false, true}},
      {"sysmon.summary.temperature_c.min", {Type::kNumber}},
      {"sysmon.summary.temperature_c.mean", {Type::kNumber}},
      {"sysmon.summary.temperature_c.max", {Type::kNumber}},
      {"sysmon.summary.cpu_mhz", {Type::kObject, false, true}},
      {"sysmon.summary.cpu_mhz.min", {Type::kNumber}},
      {"sysmon.summary.cpu_mhz.mean", {Type::kNumber}},
      {"sysmon.summary.cpu_mhz.max", {Type::kNumber}},
      {"sysmon.summary.max_cpu_mhz", {Type::kNumber, false, true}},
      {"sysmon.summary.peak_rss_bytes", {Type::kInteger, false, true}},
      {"sysmon.summary.throttled", {Type::kBoolean}},
      {"sysmon.summary.throttle_reasons", {Type::kArray}},
      {"sysmon.summary.throttle_reasons[]", {Type::kString}},
  };
  return spec;
}

// The whole --json file: the file's fields, and every record under results[].
Spec DocumentSpec() {
  Spec spec = FileSpec();
  for (const auto& [path, field] : RecordSpec()) spec["results[]." + path] = field;
  return spec;
}

bool HasType(const json& value, Type type) {
  switch (type) {
    case Type::kString: return value.is_string();
    case Type::kInteger: return value.is_number_integer();
    case Type::kNumber: return value.is_number();
    case Type::kBoolean: return value.is_boolean();
    case Type::kObject: return value.is_object();
    case Type::kArray: return value.is_array();
  }
  return false;
}

// "a.b.c" -> "a.b", "d[].e" -> "d[]", "a" -> "".
std::string Parent(const std::string& path) {
  const size_t dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}
std::string Name(const std::string& path) {
  const size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

// Walks `value` (found at `path`) and appends one message per missing
// field, wrong type and field the spec does not know.
void Check(const json& value, const std::string& path, const Spec& spec,
           std::vector<std::string>& errors) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      const std::string child_path = path.empty() ? key : path + "." + key;
      const auto it = spec.find(child_path);
      if (it == spec.end()) {
        errors.push_back("undocumented field " + child_path);
      } else if (!HasType(child, it->second.type) && !(child.is_null() && it->second.nullable)) {
        errors.push_back("wrong type for " + child_path + ": " + child.type_name());
      } else {
        Check(child, child_path, spec, errors);
      }
    }
    for (const auto& [field_path, field] : spec) {
      if (field.optional || field_path.ends_with("[]") || Parent(field_path) != path) continue;
      if (!value.contains(Name(field_path))) errors.push_back("missing field " + field_path);
    }
  } else if (value.is_array()) {
    const std::string element_path = path + "[]";
    const auto it = spec.find(element_path);
    for (const json& element : value) {
      if (it == spec.end()) {
        errors.push_back("undocumented elements in " + path);
        return;
      }
      if (!HasType(element, it->second.type) && !(element.is_null() && it->second.nullable)) {
        errors.push_back("wrong type for an element of " + path + ": " + element.type_name());
        return;
      }
      Check(element, element_path, spec, errors);
    }
  }
}

std::vector<std::string> CheckDocument(const json& document) {
  std::vector<std::string> errors;
  Check(document, "", DocumentSpec(), errors);
  return errors;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// ---------------------------------------------------------------------------

std::string TempPath(const std::string& name) {
  return (fs::temp_directory_path() / ("edgebench_result_record_" + name)).string();
}

json ReadJson(const std::string& path) {
  std::ifstream file(path);
  return json::parse(file);
}

// A record filled by hand with one detection, for the checks that need no run.
BenchmarkRecord HandMadeRecord(std::vector<double> samples) {
  BenchmarkRecord r;
  r.timestamp_utc = "2026-11-24T10:00:00Z";
  r.context = CollectContext();
  r.backend_name = "reference";
  r.backend_version = "0.1.0";
  r.threads = 1;
  r.model = {"m", "m.tflite", std::string(64, 'a'), 1000, false};
  r.image = {"i.jpg", std::string(64, 'b'), 640, 480, 320, 240, 300, 300, "bilinear", "raw-bytes"};
  r.settings = {static_cast<int64_t>(samples.size()), 1, 0, 0, 1, "reference", "auto", "x", {}};
  r.warmup_ms = {5};
  r.first_run_ms = 5;
  r.summary = Summarize(samples);
  r.samples_ms = std::move(samples);
  r.warnings = {"a warning"};
  r.detections = {{"apple", 52, 0.8f, 0.1f, 0.2f, 0.3f, 0.4f}};
  return r;
}

// A real short run of the edgebench binary: the record as users get it.
TEST(ResultRecordTest, RecordOfARealRunMatchesTheDocumentedSchema) {
  const std::string path = TempPath("real.json");
  fs::remove(path);
  const std::string command = edgebench::testing::EdgebenchCommand() +
                              " run --no-save --model ssd_mobilenet_v1_0.75_uint8 --runs 1 "
                              "--warmup 1 "
                              "--label schema-test --quiet --json " +
                              path + " > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const json document = ReadJson(path);
  fs::remove(path);

  const auto errors = CheckDocument(document);
  EXPECT_TRUE(errors.empty()) << Joined(errors);
  ASSERT_EQ(document["results"].size(), 1u);
  const json& record = document["results"][0];
  EXPECT_EQ(record["schema_version"], 2);
  EXPECT_EQ(record["label"], "schema-test");
  EXPECT_EQ(record["samples"]["kind"], "raw");
  EXPECT_EQ(record["samples"]["values_ms"].size(), 1u);
  EXPECT_EQ(record["timings"]["warmup_ms"].size(), 1u);  // so warmup_ms[] was checked too
  EXPECT_FALSE(record["detections"].empty());            // so detections[] was checked too
  EXPECT_EQ(record["sample_start_s"].size(), 1u);        // so sysmon's fields were checked too
  EXPECT_FALSE(record["sysmon"]["timeline"]["t_s"].empty());
  // data/README.md's published checksum of the bundled model.
  EXPECT_EQ(record["model"]["sha256"],
            "db0d6d44276d75de47bc949e3a416e5ea93795aa72b15c59f121dc5db93a6f7f");
  EXPECT_EQ(record["image"]["width"], 3888);
  EXPECT_EQ(record["image"]["height"], 2916);
  EXPECT_EQ(record["image"]["input_width"], 300);
}

// The sysmon block of a fake Raspberry Pi 4 (sensors of every kind, a
// throttled reading and one with no readings at all) against the schema.
TEST(ResultRecordTest, SysmonBlockOfAFakePiMatchesTheDocumentedSchema) {
  const sysmon::Sensors sensors =
      sysmon::DiscoverSensors(std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/sysfs/rpi4");
  ASSERT_EQ(sensors.cpus.size(), 4u);
  sysmon::Reading hot = sysmon::ReadAll(sensors);
  hot.t_s = 2;
  hot.throttle_flags = 0x50005;
  const std::vector<sysmon::Reading> readings = {sysmon::Reading{}, hot};
  const sysmon::PhaseStarts starts{0, 1, 1.5};
  const std::vector<double> start_s = {1.5, 1.6}, latency_ms = {10, 11};
  const sysmon::Verdict verdict =
      sysmon::Judge(sensors, readings, starts, {start_s, latency_ms}, std::nullopt);
  BenchmarkRecord record = HandMadeRecord(latency_ms);
  record.sample_start_s = start_s;
  record.sysmon = sysmon::SysmonJson(sensors, 100, readings, starts, verdict);
  const json document = json::parse(ResultsDocument(std::vector{record}).dump());
  EXPECT_TRUE(CheckDocument(document).empty()) << Joined(CheckDocument(document));
  const json& r = document["results"][0];
  EXPECT_EQ(r["sample_start_s"], json({1.5, 1.6}));
  EXPECT_EQ(r["sysmon"]["timeline"]["temperature_c"][0], nullptr);  // so nulls were checked
  EXPECT_EQ(r["sysmon"]["timeline"]["throttle_flags"][1], 0x50005);
  EXPECT_EQ(r["sysmon"]["summary"]["throttled"], true);
}

TEST(ResultRecordTest, CheckerFindsMissingWrongAndUndocumentedFields) {
  const json good = json::parse(ResultsDocument(std::vector{HandMadeRecord({1, 2, 3})}).dump());
  ASSERT_TRUE(CheckDocument(good).empty()) << Joined(CheckDocument(good));

  json missing = good;
  missing["results"][0]["model"].erase("sha256");
  EXPECT_EQ(CheckDocument(missing),
            std::vector<std::string>{"missing field results[].model.sha256"});

  json wrong = good;
  wrong["results"][0]["summary"]["count"] = "3";
  EXPECT_EQ(CheckDocument(wrong),
            std::vector<std::string>{"wrong type for results[].summary.count: string"});

  json fractional = good;
  fractional["results"][0]["model"]["macs"] = 1.5;
  EXPECT_EQ(CheckDocument(fractional).size(), 1u);

  json extra = good;
  extra["results"][0]["detections"][0]["colour"] = "red";
  EXPECT_EQ(CheckDocument(extra),
            std::vector<std::string>{"undocumented field results[].detections[].colour"});
}

TEST(ResultRecordTest, RawSamplesUpToTheLimit) {
  std::vector<double> samples(kMaxRawSamples, 2.0);
  const json document = json::parse(ResultsDocument(std::vector{HandMadeRecord(samples)}).dump());
  EXPECT_TRUE(CheckDocument(document).empty()) << Joined(CheckDocument(document));
  const json& s = document["results"][0]["samples"];
  EXPECT_EQ(s["kind"], "raw");
  EXPECT_EQ(s["count"], 100000);
  EXPECT_EQ(s["values_ms"].size(), 100000u);
  EXPECT_FALSE(s.contains("histogram"));
}

TEST(ResultRecordTest, HistogramAboveTheLimit) {
  // 0, 1, ..., 100000 ms: 100 bins of width 1000 from 0; bin b holds
  // b*1000 .. b*1000+999, and the last also holds the maximum, 100000.
  std::vector<double> samples(100001);
  std::iota(samples.begin(), samples.end(), 0.0);
  const json document = json::parse(ResultsDocument(std::vector{HandMadeRecord(samples)}).dump());
  EXPECT_TRUE(CheckDocument(document).empty()) << Joined(CheckDocument(document));
  const json& s = document["results"][0]["samples"];
  EXPECT_EQ(s["kind"], "histogram");
  EXPECT_EQ(s["count"], 100001);
  EXPECT_FALSE(s.contains("values_ms"));
  EXPECT_DOUBLE_EQ(s["histogram"]["lower_ms"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(s["histogram"]["bin_width_ms"].get<double>(), 1000.0);
  const auto counts = s["histogram"]["counts"].get<std::vector<int64_t>>();
  ASSERT_EQ(counts.size(), 100u);
  for (size_t b = 0; b < 99; ++b) EXPECT_EQ(counts[b], 1000) << "bin " << b;
  EXPECT_EQ(counts[99], 1001);
}

TEST(ResultRecordTest, HistogramOfEqualSamplesUsesTheFirstBin) {
  const std::vector<double> samples(10, 4.5);
  const Histogram h = MakeHistogram(samples, 100);
  EXPECT_EQ(h.lower_ms, 4.5);
  EXPECT_EQ(h.bin_width_ms, 0.0);
  ASSERT_EQ(h.counts.size(), 100u);
  EXPECT_EQ(h.counts[0], 10);
  EXPECT_EQ(std::accumulate(h.counts.begin(), h.counts.end(), int64_t{0}), 10);
}

TEST(ResultRecordTest, TimestampIsIso8601Utc) {
  const std::string t = TimestampUtc();
  ASSERT_EQ(t.size(), 20u) << t;
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t[19], 'Z');
}

// The paths of docs/result-schema.md's tables: a row's first cell, in backticks.
std::set<std::string> DocumentedPaths() {
  std::ifstream file(std::string(EDGEBENCH_SOURCE_DIR) + "/docs/result-schema.md");
  std::set<std::string> paths;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.starts_with("| `")) continue;
    const size_t end = line.find('`', 3);
    paths.insert(line.substr(3, end - 3));
  }
  return paths;
}

TEST(ResultRecordTest, DocsAndCheckerKnowTheSameFields) {
  const std::set<std::string> documented = DocumentedPaths();
  ASSERT_FALSE(documented.empty());
  std::set<std::string> known;
  for (const auto& [path, field] : FileSpec()) known.insert(path);
  for (const auto& [path, field] : RecordSpec()) known.insert(path);
  for (const std::string& path : known) {
    EXPECT_TRUE(documented.contains(path)) << path << " is not in docs/result-schema.md";
  }
  for (const std::string& path : documented) {
    EXPECT_TRUE(known.contains(path)) << path << " is documented but unknown to the checker";
  }
}

TEST(ResultRecordTest, WriteJsonFileReplacesAtomicallyAndLeavesNoTemporary) {
  const fs::path dir = TempPath("dir");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "out.json").string();
  {
    std::ofstream old(path);
    old << "old contents";
  }
  nlohmann::ordered_json document = {{"b", 1}, {"a", 2}};
  ASSERT_TRUE(WriteJsonFile(path, document).ok());
  EXPECT_EQ(ReadJson(path), json({{"a", 2}, {"b", 1}}));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(ResultRecordTest, WriteJsonFileIntoAMissingFolderIsAnErrorNamingThePath) {
  const Status status = WriteJsonFile("/nonexistent/edgebench/out.json", {{"a", 1}});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("/nonexistent/edgebench/out.json"), std::string::npos);
}

}  // namespace
}  // namespace edgebench::bench
