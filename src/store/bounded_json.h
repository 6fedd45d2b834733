// Parsing JSON that came from outside (an imported file, a database row a
// hostile file may hold). nlohmann-json builds, copies and destroys values
// recursively, so a few hundred kilobytes of `[[[[...` overflow the stack;
// the nesting is therefore measured on the bytes before anything is built.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace edgebench::store {

// Deeper than any result record (about 6 levels) with room to grow, and far
// below what the stack takes.
inline constexpr int kMaxJsonDepth = 64;

// `text` parsed, or an error naming `where` (a path): not JSON, or arrays and
// objects nested deeper than kMaxJsonDepth (refused before parsing).
Result<nlohmann::ordered_json> ParseBoundedJson(std::string_view text, const std::string& where);

}  // namespace edgebench::store
