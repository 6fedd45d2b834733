#include "fileio/data_places.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace edgebench::fileio {
namespace {

namespace fs = std::filesystem;

std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// <prefix>/`relative` for a binary in <prefix>/bin.
std::string BesideBinary(const char* relative) {
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (error) return "";
  return (binary.parent_path().parent_path() / relative).lexically_normal().string();
}

void AddOnce(std::vector<std::string>& places, const std::string& place) {
  if (!place.empty() && std::find(places.begin(), places.end(), place) == places.end()) {
    places.push_back(place);
  }
}

}  // namespace

std::vector<std::string> DataRoots() {
  std::vector<std::string> roots;
  AddOnce(roots, Environment("EDGEBENCH_HOME"));
  AddOnce(roots, BesideBinary("share/edgebench"));
  AddOnce(roots, EDGEBENCH_SOURCE_DIR);
  return roots;
}

std::vector<std::string> CacheRoots() {
  std::vector<std::string> roots;
  if (const std::string xdg = Environment("XDG_CACHE_HOME"); !xdg.empty()) {
    AddOnce(roots, xdg + "/edgebench");
  } else if (const std::string home = Environment("HOME"); !home.empty()) {
    AddOnce(roots, home + "/.cache/edgebench");
  }
  for (const std::string& root : DataRoots()) AddOnce(roots, root + "/cache");
  return roots;
}

std::vector<std::string> PluginDirs() {
  if (const std::string pinned = Environment("EDGEBENCH_PLUGIN_DIR"); !pinned.empty()) {
    return {pinned};
  }
  std::vector<std::string> dirs;
  AddOnce(dirs, BesideBinary("lib/edgebench"));
  AddOnce(dirs, EDGEBENCH_PLUGIN_BUILD_DIR);
  return dirs;
}

Result<std::string> FindIn(const std::vector<std::string>& roots, const std::string& relative,
                           const std::string& what) {
  std::vector<std::string> tried;
  for (const std::string& root : roots) {
    const std::string path = root + "/" + relative;
    std::error_code error;
    if (fs::exists(path, error)) return path;
    tried.push_back(path);
  }
  return Status::Error(
      fmt::format("cannot find the {}: looked for {}", what, fmt::join(tried, ", ")));
}

std::string DataPlacesHelp() {
  return fmt::format(
      "Data (label file, default photo, bundled model, published results) is looked for in "
      "data/ under: {} ($EDGEBENCH_HOME first when set).\n"
      "Fetched models (`edgebench setup`) are looked for in models/ under: {}.",
      fmt::join(DataRoots(), ", "), fmt::join(CacheRoots(), ", "));
}

}  // namespace edgebench::fileio
