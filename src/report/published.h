// Published reference results (data/published/*.csv): what other people
// measured on other platforms, each row with its source.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::report {

struct PublishedResult {
  std::string platform;         // e.g. "Raspberry Pi 4 Model B (4GB)"
  std::string host;             // the board an accelerator was plugged into, or ""
  std::string runtime;          // e.g. "TensorFlow Lite", "Edge TPU"
  std::string link;             // accelerator connection, e.g. "USB 3", or ""
  std::string model;            // e.g. "ssd_mobilenet_v1_0.75"
  double mean_ms = 0;           // mean inference time
  std::optional<double> price;  // US dollars, absent where the source quotes none
  std::string source;
  std::string note;
};

// Parses the CSV text (header: platform,host,runtime,accelerator_link,model,
// mean_ms,price_usd,source,note; RFC 4180 quoting). Every row needs a
// platform, a model, a positive mean and a source. `name` starts errors,
// which give the line number.
Result<std::vector<PublishedResult>> ParsePublished(const std::string& csv,
                                                    const std::string& name);

// Reads every *.csv in `folder`, files in name order.
Result<std::vector<PublishedResult>> ReadPublishedFolder(const std::string& folder);

}  // namespace edgebench::report
