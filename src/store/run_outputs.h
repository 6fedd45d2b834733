// Where `edgebench run` keeps its results: the results database and the
// --json file, either optional. Every output is checked before the first
// model runs, and each model's record is kept as soon as it is measured, so
// a bad path fails in seconds and a crash or Ctrl-C during model N keeps
// models 1..N-1.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bench/result_record.h"
#include "graph/status.h"
#include "store/results_db.h"

namespace edgebench::store {

struct RunOutputPaths {
  std::string db;    // the results database (store::ResolveDbPath)
  bool save = true;  // false (--no-save): nothing goes into `db`
  std::string json;  // the --json file; empty: none
};

class RunOutputs {
 public:
  // Checks, in this order, failing with one line naming the path: the
  // --json path is not the database or its SQLite files (with or without
  // --no-save: the database is there either way), not a folder, and its
  // folder exists and is writable; the database can be written
  // (CheckDbWritable) and is a results database (ResultsDb::Open, which
  // creates a new one).
  static Result<std::unique_ptr<RunOutputs>> Open(const RunOutputPaths& paths);

  // Adds `record` to the database (one transaction) and rewrites the
  // --json file with every record kept so far (a file; a stream such as
  // /dev/stdout or a FIFO gets the records once, from Finish).
  Status Keep(const bench::BenchmarkRecord& record);
  // Writes every record to a --json stream; nothing to do for a file, which
  // Keep already holds up to date. Call once, after the last Keep.
  Status Finish();

  const std::vector<bench::BenchmarkRecord>& records() const { return records_; }
  // Where the records went, e.g. "/home/pi/.local/share/edgebench/results.db
  // and out.json"; empty when nowhere.
  std::string Destinations() const;

 private:
  RunOutputs(std::unique_ptr<ResultsDb> db, std::string json, bool json_is_stream)
      : db_(std::move(db)), json_(std::move(json)), json_is_stream_(json_is_stream) {}

  std::unique_ptr<ResultsDb> db_;  // null with --no-save
  std::string json_;
  bool json_is_stream_;
  std::vector<bench::BenchmarkRecord> records_;
};

}  // namespace edgebench::store
