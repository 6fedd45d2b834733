#include "store/db_path.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace edgebench::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCompanions[] = {"", "-wal", "-shm", "-journal"};

std::string Environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// The same file: one inode (symlinks and hard links included), or, when
// either is missing, the same path once symlinks and ".." are resolved.
bool SameFile(const std::string& a, const std::string& b) {
  std::error_code error;
  if (fs::equivalent(a, b, error)) return true;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), error);
  if (error) return false;
  const fs::path cb = fs::weakly_canonical(fs::absolute(b), error);
  return !error && ca == cb;
}

// The deepest folder of `path` that exists (where a new file or folder
// would be created).
fs::path ExistingAncestor(const std::string& path) {
  std::error_code error;
  fs::path folder = fs::absolute(path, error).parent_path();
  while (!folder.empty() && !fs::exists(folder, error) && folder != folder.root_path()) {
    folder = folder.parent_path();
  }
  return folder;
}

Status Unwritable(const std::string& path, const std::string& what, bool exists) {
  return Status::Error(
      fmt::format("{}: cannot save results: {} ({}); give another --db, or --no-save{}", path, what,
                  std::strerror(errno),
                  exists ? "; history, export, compare and report can still read it" : ""));
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

Status CheckNotDatabase(const std::string& flag, const std::string& output,
                        const std::string& db_path) {
  for (const char* suffix : kCompanions) {
    const std::string file = db_path + suffix;
    if (!SameFile(output, file)) continue;
    const std::string what =
        *suffix == '\0'
            ? fmt::format("the results database {}", db_path)
            : fmt::format("{}, SQLite's file beside the results database {}", file, db_path);
    return Status::Error(fmt::format(
        "{} {}: that is {}; writing there would destroy the saved results", flag, output, what));
  }
  return Status::Ok();
}

Status CheckDbWritable(const std::string& db_path) {
  std::error_code error;
  const fs::file_status status = fs::status(db_path, error);
  if (fs::is_directory(status)) {
    return Status::Error(db_path + ": a folder, not a results database; give a file name");
  }
  if (!fs::exists(status)) {
    const fs::path folder = ExistingAncestor(db_path);
    if (access(folder.c_str(), W_OK | X_OK) != 0) {
      return Unwritable(db_path, fmt::format("cannot create it in folder {}", folder.string()),
                        false);
    }
    return Status::Ok();
  }
  if (access(db_path.c_str(), W_OK) != 0) return Unwritable(db_path, "the file is read-only", true);
  // SQLite writes its journal (or write-ahead log) beside the database.
  const fs::path folder = fs::absolute(db_path, error).parent_path();
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return Unwritable(db_path,
                      fmt::format("its folder {} is read-only (SQLite keeps its journal "
                                  "beside the database)",
                                  folder.string()),
                      true);
  }
  return Status::Ok();
}

}  // namespace edgebench::store
