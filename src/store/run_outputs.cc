#include "store/run_outputs.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "store/db_path.h"

namespace edgebench::store {
namespace {

namespace fs = std::filesystem;

// bench::WriteJsonFile writes a temporary file beside the target and
// renames it over a regular file (or an absent one), and writes anything
// else (a device, a pipe) directly: check what each needs.
Status CheckJsonPath(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::is_directory(status)) {
    return Status::Error(fmt::format("--json {}: a folder; give a file name", path));
  }
  const fs::path folder = fs::absolute(path, error).parent_path();
  if (!fs::is_directory(folder, error)) {
    return Status::Error(fmt::format("--json {}: folder {} does not exist", path, folder.string()));
  }
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (access(path.c_str(), W_OK) == 0) return Status::Ok();
    return Status::Error(fmt::format("--json {}: not writable", path));
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return Status::Error(
        fmt::format("--json {}: folder {} is not writable", path, folder.string()));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<RunOutputs>> RunOutputs::Open(const RunOutputPaths& paths) {
  if (!paths.json.empty()) {
    EB_RETURN_IF_ERROR(CheckNotDatabase("--json", paths.json, paths.db));
    EB_RETURN_IF_ERROR(CheckJsonPath(paths.json));
  }
  std::unique_ptr<ResultsDb> db;
  if (paths.save) {
    EB_RETURN_IF_ERROR(CheckDbWritable(paths.db));
    EB_ASSIGN_OR_RETURN(db, ResultsDb::Open(paths.db, ResultsDb::Mode::kCreate));
  }
  return std::unique_ptr<RunOutputs>(new RunOutputs(std::move(db), paths.json));
}

Status RunOutputs::Keep(const bench::BenchmarkRecord& record) {
  records_.push_back(record);
  if (db_ != nullptr) {
    const nlohmann::ordered_json document = bench::RecordToJson(record);
    EB_RETURN_IF_ERROR(db_->Add({&document, 1}, "run", "this run").status());
  }
  if (!json_.empty()) {
    EB_RETURN_IF_ERROR(bench::WriteJsonFile(json_, bench::ResultsDocument(records_)));
  }
  return Status::Ok();
}

std::string RunOutputs::Destinations() const {
  if (db_ != nullptr && !json_.empty()) return db_->path() + " and " + json_;
  return db_ != nullptr ? db_->path() : json_;
}

}  // namespace edgebench::store
