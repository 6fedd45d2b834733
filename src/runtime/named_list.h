// Look-up by name and the "a, b, c" list for messages, for every list of
// named entries the registry keeps (runtimes, their backends, the engine's
// backends), so each list is searched and named one way.
#pragma once

#include <iterator>
#include <string>
#include <string_view>

namespace edgebench::runtime {

// The entry of `list` called `name`, or null.
template <typename List>
auto FindNamed(const List& list, std::string_view name) -> decltype(&*std::begin(list)) {
  for (const auto& entry : list) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

// "xnnpack, reference": the names of `list` in order.
template <typename List>
std::string JoinNames(const List& list) {
  std::string names;
  for (const auto& entry : list) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

}  // namespace edgebench::runtime
