// The results database: one SQLite file holding every result record that
// `run` saved or `import` added, as the record's JSON plus indexed copies of
// the fields tables filter on (record_fields.h).
//
// Safety:
// - Reading commands open the file read-only (Mode::kExisting) and never
//   write it, so they work in a read-only folder or on a read-only file;
//   saving there fails up front, saying the folder or file is read-only.
// - Opening checks the file before anything is written: a file that is not
//   a SQLite database, a SQLite database that is not edgebench's, or one with
//   a schema version newer than this edgebench knows gives a one-line error
//   naming the path, and the file is left exactly as it was.
// - Writers take the database's write lock up front (BEGIN IMMEDIATE) and
//   wait up to kBusyTimeoutMs for another writer; the file is in WAL mode so
//   readers never block a writer. Two runs saving at once both land.
// - Older schema versions are migrated forward in one transaction.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "graph/status.h"
#include "store/record_fields.h"

namespace edgebench::store {

// The database schema this edgebench writes (PRAGMA user_version).
inline constexpr int kDbSchemaVersion = 3;
// PRAGMA application_id of an edgebench database: "EBdb".
inline constexpr int32_t kApplicationId = 0x45426462;
inline constexpr int kBusyTimeoutMs = 30'000;

struct StoredResult {
  int64_t id = 0;      // row id, increasing in the order results were added
  std::string source;  // "run", or "import FILE"
  IndexedFields fields;
};

// Every member that is set must match; `model` is a case-insensitive
// substring of the model name, the others match exactly.
struct ResultFilter {
  std::optional<std::string> model, backend, runtime, machine, label;
  int64_t last = 0;  // > 0: only the most recent `last` matches
};

class ResultsDb {
 public:
  enum class Mode {
    kCreate,    // for saving: create the file (and its folder) when missing
    kExisting,  // read-only: fail when the file is missing, never write it
  };
  // Opens (and migrates) the database at `path`. See the file comment.
  static Result<std::unique_ptr<ResultsDb>> Open(const std::string& path, Mode mode);

  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;
  ~ResultsDb();

  // Adds the records in one transaction: all or none. A record identical to
  // one already stored (same JSON) is skipped. Returns how many were added.
  // Each record must pass ReadIndexedFields; `where` names the input
  // (e.g. the imported file) in errors.
  Result<int> Add(std::span<const nlohmann::ordered_json> records, const std::string& source,
                  const std::string& where);

  // Matching results in the order they were added.
  Result<std::vector<StoredResult>> Select(const ResultFilter& filter);

  // The stored record of result `id`.
  Result<nlohmann::ordered_json> Record(int64_t id);

  const std::string& path() const { return path_; }

 private:
  ResultsDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  static Result<std::unique_ptr<ResultsDb>> OpenReadOnly(const std::string& path);
  // Opens `name` (the path, or a file: URI) with SQLite's `flags` and checks
  // (and, unless read-only, migrates) the schema.
  static Result<std::unique_ptr<ResultsDb>> OpenChecked(const std::string& path,
                                                        const std::string& name, int flags,
                                                        bool read_only);
  Status Execute(const std::string& sql);
  Status CheckAndMigrate(bool read_only);

  sqlite3* db_;  // owned; closed by the destructor
  std::string path_;
};

}  // namespace edgebench::store
