#include "store/db_path.h"

#include <cstdlib>

namespace edgebench::store {
namespace {

std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

std::string ResolveDbPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const std::string env = Environment("EDGEBENCH_DB"); !env.empty()) return env;
  if (const std::string xdg = Environment("XDG_DATA_HOME"); !xdg.empty()) {
    return xdg + "/edgebench/results.db";
  }
  if (const std::string home = Environment("HOME"); !home.empty()) {
    return home + "/.local/share/edgebench/results.db";
  }
  return "results.db";
}

}  // namespace edgebench::store
