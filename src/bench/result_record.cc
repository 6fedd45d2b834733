#include "bench/result_record.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fileio/safe_write.h"

namespace edgebench::bench {
namespace {

using json = nlohmann::ordered_json;

json ContextJson(const Context& context) {
  const BuildInfo& b = context.build;
  const MachineInfo& m = context.machine;
  return {{"edgebench_version", b.version},
          {"git_revision", b.git_revision},
          {"compiler",
           {{"id", b.compiler_id},
            {"version", b.compiler_version},
            {"build_type", b.build_type},
            {"flags", b.cxx_flags}}},
          {"cpu_model", m.cpu_model},
          {"logical_cores", m.logical_cores},
          {"frequency_governor", m.frequency_governor},
          {"kernel", m.kernel},
          {"os", m.os},
          {"architecture", m.architecture},
          {"hostname", m.hostname},
          {"platform", sysmon::PlatformJson(m.platform)}};
}

json SummaryJson(const Summary& s) {
  return {{"count", s.count},  {"mean_ms", s.mean},         {"stddev_ms", s.stddev},
          {"min_ms", s.min},   {"max_ms", s.max},           {"median_ms", s.median},
          {"p90_ms", s.p90},   {"p95_ms", s.p95},           {"p99_ms", s.p99},
          {"ci95_ms", s.ci95}, {"per_second", s.per_second}};
}

json SamplesJson(std::span<const double> samples_ms) {
  json samples = {{"count", samples_ms.size()}};
  if (samples_ms.size() <= kMaxRawSamples) {
    samples["kind"] = "raw";
    samples["values_ms"] = std::vector<double>(samples_ms.begin(), samples_ms.end());
  } else {
    const Histogram h = MakeHistogram(samples_ms, kHistogramBins);
    samples["kind"] = "histogram";
    samples["histogram"] = {
        {"lower_ms", h.lower_ms}, {"bin_width_ms", h.bin_width_ms}, {"counts", h.counts}};
  }
  return samples;
}

json DetectionsJson(const std::vector<RecordDetection>& detections) {
  json list = json::array();
  for (const RecordDetection& d : detections) {
    list.push_back(
        {{"label", d.label},
         {"class_index", d.class_index},
         {"score", d.score},
         {"box", {{"ymin", d.ymin}, {"xmin", d.xmin}, {"ymax", d.ymax}, {"xmax", d.xmax}}}});
  }
  return list;
}

json ProfileRowsJson(const std::vector<ProfileRow>& rows) {
  json list = json::array();
  for (const ProfileRow& row : rows) {
    list.push_back({{"name", row.name},
                    {"first_op", row.first_op},
                    {"last_op", row.last_op},
                    {"backend", row.backend},
                    {"mean_ms", row.mean_ms},
                    {"share", row.share},
                    {"macs", row.macs},
                    {"gflops", row.gflops}});
  }
  return list;
}

json ProfileJson(const OpProfile& profile) {
  return {{"runs", profile.runs},
          {"total_ms", profile.total_ms},
          {"ops", ProfileRowsJson(profile.rows)},
          {"by_type", ProfileRowsJson(profile.by_type)}};
}

}  // namespace

Histogram MakeHistogram(std::span<const double> samples_ms, int bins) {
  Histogram h;
  h.counts.assign(static_cast<size_t>(std::max(bins, 1)), 0);
  if (samples_ms.empty()) return h;
  const auto [lo, hi] = std::minmax_element(samples_ms.begin(), samples_ms.end());
  h.lower_ms = *lo;
  h.bin_width_ms = (*hi - *lo) / static_cast<double>(h.counts.size());
  const auto last = static_cast<int64_t>(h.counts.size()) - 1;
  for (double x : samples_ms) {
    int64_t bin = 0;
    if (h.bin_width_ms > 0) {
      bin = std::min(last, static_cast<int64_t>((x - h.lower_ms) / h.bin_width_ms));
    }
    ++h.counts[static_cast<size_t>(bin)];
  }
  return h;
}

std::string TimestampUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

json RecordToJson(const BenchmarkRecord& r) {
  const RunSettings& s = r.settings;
  json record = {
      {"schema_version", kResultSchemaVersion},
      {"timestamp_utc", r.timestamp_utc},
      {"label", s.label},
      {"context", ContextJson(r.context)},
      {"runtime", {{"name", r.runtime.name}, {"version", r.runtime.version}}},
      {"post_processing",
       {{"by", r.runtime.post_processing_by}, {"kernel", r.runtime.post_processing_kernel}}},
      {"backend", {{"name", r.backend_name}, {"version", r.backend_version}}},
      {"threads", r.threads},
      {"model",
       {{"name", r.model.name},
        {"file", r.model.file},
        {"sha256", r.model.sha256},
        {"macs", r.model.macs},
        {"synthetic", r.model.synthetic}}},
      {"image",
       {{"file", r.image.file},
        {"sha256", r.image.sha256},
        {"width", r.image.width},
        {"height", r.image.height},
        {"decoded_width", r.image.decoded_width},
        {"decoded_height", r.image.decoded_height},
        {"input_width", r.image.input_width},
        {"input_height", r.image.input_height},
        {"resize_method", r.image.resize_method},
        {"pixel_mapping", r.image.pixel_mapping}}},
      {"settings",
       {{"runs", s.runs},
        {"warmup_runs", s.warmup_runs},
        {"min_seconds", s.min_seconds},
        {"max_seconds", s.max_seconds},
        {"threads", s.threads},
        {"backend", s.backend},
        {"resize", s.resize},
        {"label", s.label}}},
      {"timings",
       {{"load_ms", r.load_ms},
        {"image_preparation_ms", r.image_preparation_ms},
        {"first_run_ms", r.first_run_ms},
        {"warmup_ms", r.warmup_ms},
        {"measured_seconds", r.measured_seconds},
        {"capped", r.capped}}},
      {"interrupted", r.interrupted},
      {"summary", SummaryJson(r.summary)},
      {"warnings", r.warnings},
      {"detections", DetectionsJson(r.detections)},
      {"samples", SamplesJson(r.samples_ms)},
  };
  if (r.network_only) record["network_only_summary"] = SummaryJson(*r.network_only);
  if (r.profile) record["profile"] = ProfileJson(*r.profile);
  if (r.price_usd) record["settings"]["price_usd"] = *r.price_usd;
  if (const auto& load = s.threads_from_load) {
    record["settings"]["threads_default"] = {{"cores", load->cores},
                                             {"busy_cores", load->busy_cores}};
  }
  // Start times go with the raw samples they belong to, not with a histogram.
  if (!r.sample_start_s.empty() && r.samples_ms.size() <= kMaxRawSamples) {
    record["sample_start_s"] = r.sample_start_s;
  }
  if (!r.sysmon.is_null()) record["sysmon"] = r.sysmon;
  return record;
}

json ResultsDocument(std::span<const BenchmarkRecord> records) {
  json results = json::array();
  for (const BenchmarkRecord& record : records) results.push_back(RecordToJson(record));
  return {{"schema_version", kResultSchemaVersion}, {"results", std::move(results)}};
}

Status WriteJsonFile(const std::string& path, const json& document) {
  return fileio::WriteFileSafely(path, document.dump(2) + "\n");
}

}  // namespace edgebench::bench
