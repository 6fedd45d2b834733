#include "store/bounded_json.h"

#include <fmt/format.h>

namespace edgebench::store {
namespace {

// The byte offset where nesting first exceeds `max_depth`, or npos. Brackets
// inside strings do not count; malformed text is left to the parser.
size_t FirstTooDeep(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<nlohmann::ordered_json> ParseBoundedJson(std::string_view text, const std::string& where) {
  const size_t too_deep = FirstTooDeep(text, kMaxJsonDepth);
  if (too_deep != std::string_view::npos) {
    return Status::Error(
        fmt::format("{}: JSON nested deeper than {} levels (at byte {}); not a result file", where,
                    kMaxJsonDepth, too_deep));
  }
  auto document = nlohmann::ordered_json::parse(text, nullptr, false);
  if (document.is_discarded()) return Status::Error(where + ": not valid JSON");
  return document;
}

}  // namespace edgebench::store
