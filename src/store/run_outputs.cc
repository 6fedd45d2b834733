#include "store/run_outputs.h"

#include "fileio/safe_write.h"
#include "store/db_path.h"

namespace edgebench::store {

Result<std::unique_ptr<RunOutputs>> RunOutputs::Open(const RunOutputPaths& paths) {
  if (!paths.json.empty()) {
    EB_RETURN_IF_ERROR(CheckNotDatabase("--json", paths.json, paths.db));
    if (Status writable = fileio::CheckOutputPath(paths.json); !writable.ok()) {
      return Status::Error("--json " + writable.message());
    }
  }
  std::unique_ptr<ResultsDb> db;
  if (paths.save) {
    EB_ASSIGN_OR_RETURN(db, ResultsDb::Open(paths.db, ResultsDb::Mode::kCreate));
  }
  const bool json_is_stream = !paths.json.empty() && !fileio::ReplacesFile(paths.json);
  return std::unique_ptr<RunOutputs>(new RunOutputs(std::move(db), paths.json, json_is_stream));
}

Status RunOutputs::Keep(const bench::BenchmarkRecord& record) {
  records_.push_back(record);
  if (db_ != nullptr) {
    const nlohmann::ordered_json document = bench::RecordToJson(record);
    EB_RETURN_IF_ERROR(db_->Add({&document, 1}, "run", "this run").status());
  }
  if (!json_.empty() && !json_is_stream_) {
    EB_RETURN_IF_ERROR(bench::WriteJsonFile(json_, bench::ResultsDocument(records_)));
  }
  return Status::Ok();
}

Status RunOutputs::Finish() {
  if (!json_is_stream_ || records_.empty()) return Status::Ok();
  return bench::WriteJsonFile(json_, bench::ResultsDocument(records_));
}

std::string RunOutputs::Destinations() const {
  if (db_ != nullptr && !json_.empty()) return db_->path() + " and " + json_;
  return db_ != nullptr ? db_->path() : json_;
}

}  // namespace edgebench::store
