#include "report/published.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgebench::report {
namespace {

const std::vector<std::string> kHeader = {"platform",         "host",   "runtime",
                                          "accelerator_link", "model",  "mean_ms",
                                          "price_usd",        "source", "note"};

// Splits CSV text into rows of fields; quotes may hold commas, newlines and
// doubled quotes. Returns false on an unterminated quote.
bool SplitCsv(const std::string& text, std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) row.push_back(std::move(field));
      if (!row.empty()) rows.push_back(std::move(row));
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) return false;
  if (any || !field.empty()) row.push_back(std::move(field));
  if (!row.empty()) rows.push_back(std::move(row));
  return true;
}

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<PublishedResult>> ParsePublished(const std::string& csv,
                                                    const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  if (!SplitCsv(csv, rows)) return Status::Error(name + ": unterminated quoted field");
  if (rows.empty() || rows[0] != kHeader) {
    return Status::Error(
        fmt::format("{}: line 1: expected the header {}", name, fmt::join(kHeader, ",")));
  }
  std::vector<PublishedResult> results;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& f = rows[i];
    const std::string where = fmt::format("{}: row {}", name, i + 1);
    if (f.size() != kHeader.size()) {
      return Status::Error(
          fmt::format("{}: {} fields, expected {}", where, f.size(), kHeader.size()));
    }
    PublishedResult r{f[0], f[1], f[2], f[3], f[4], 0, std::nullopt, f[7], f[8]};
    const auto mean = ParseNumber(f[5]);
    if (!mean || *mean <= 0) return Status::Error(where + ": mean_ms must be a positive number");
    r.mean_ms = *mean;
    if (!f[6].empty()) {
      r.price = ParseNumber(f[6]);
      if (!r.price || *r.price <= 0) {
        return Status::Error(where + ": price_usd must be empty or a positive number");
      }
    }
    if (r.platform.empty() || r.model.empty() || r.source.empty()) {
      return Status::Error(where + ": platform, model and source are required");
    }
    results.push_back(std::move(r));
  }
  return results;
}

Result<std::vector<PublishedResult>> ReadPublishedFolder(const std::string& folder) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  if (error) return Status::Error(folder + ": cannot list: " + error.message());
  std::sort(files.begin(), files.end());
  std::vector<PublishedResult> all;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) return Status::Error(file.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    EB_ASSIGN_OR_RETURN(auto rows, ParsePublished(text.str(), file.string()));
    all.insert(all.end(), rows.begin(), rows.end());
  }
  return all;
}

}  // namespace edgebench::report
