#include "store/results_db.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "bench/result_record.h"
#include "bench/sha256.h"
#include "store/bounded_json.h"
#include "store/db_path.h"
#include "store/statement.h"

namespace edgebench::store {
namespace {

using json = nlohmann::ordered_json;

// kMigrations[v] takes a database from schema version v to v + 1. Append a
// step for each new version; never edit a released one.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE results (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  added_utc TEXT NOT NULL,
  source TEXT NOT NULL,
  record_sha256 TEXT NOT NULL UNIQUE,
  timestamp_utc TEXT NOT NULL,
  machine TEXT NOT NULL,
  cpu_model TEXT NOT NULL,
  model TEXT NOT NULL,
  backend TEXT NOT NULL,
  label TEXT NOT NULL,
  threads INTEGER NOT NULL,
  count INTEGER NOT NULL,
  mean_ms REAL NOT NULL,
  median_ms REAL NOT NULL,
  p10_ms REAL,
  p90_ms REAL NOT NULL,
  p99_ms REAL NOT NULL,
  per_second REAL NOT NULL,
  price_usd REAL,
  record_json TEXT NOT NULL);
CREATE INDEX results_model ON results(model);
CREATE INDEX results_machine ON results(machine);
CREATE INDEX results_backend ON results(backend);
CREATE INDEX results_label ON results(label);
)sql",
    // 2: the board (context.platform.board), taken from the stored records.
    R"sql(
ALTER TABLE results ADD COLUMN board TEXT NOT NULL DEFAULT '';
UPDATE results SET board = coalesce(json_extract(record_json, '$.context.platform.board'), '');
)sql",
    // 3: the runtime (runtime.name and .version), taken from the stored
    // records; records from before the field ran on edgebench's engine.
    R"sql(
ALTER TABLE results ADD COLUMN runtime TEXT NOT NULL DEFAULT 'edgebench';
ALTER TABLE results ADD COLUMN runtime_version TEXT NOT NULL DEFAULT '';
UPDATE results SET runtime = coalesce(json_extract(record_json, '$.runtime.name'), 'edgebench'),
  runtime_version = coalesce(json_extract(record_json, '$.runtime.version'), '');
CREATE INDEX results_runtime ON results(runtime);
)sql",
};
static_assert(std::size(kMigrations) == kDbSchemaVersion);

// `path` as the path part of an SQLite file: URI.
std::string UriPath(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      escaped += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      escaped += c;
    }
  }
  return escaped;
}

constexpr char kColumns[] =
    "id, source, timestamp_utc, machine, cpu_model, model, backend, label, threads, count, "
    "mean_ms, median_ms, p10_ms, p90_ms, p99_ms, per_second, price_usd, board, runtime, "
    "runtime_version";

Result<int64_t> PragmaInteger(sqlite3* db, const std::string& path, const std::string& sql) {
  EB_ASSIGN_OR_RETURN(Statement statement, Statement::Prepare(db, sql, path));
  EB_ASSIGN_OR_RETURN(const bool row, statement.Step());
  return row ? statement.Integer(0) : 0;
}

StoredResult ReadRow(const Statement& s) {
  StoredResult r;
  r.id = s.Integer(0);
  r.source = s.Text(1);
  IndexedFields& f = r.fields;
  f.timestamp_utc = s.Text(2);
  f.machine = s.Text(3);
  f.cpu_model = s.Text(4);
  f.model = s.Text(5);
  f.backend = s.Text(6);
  f.label = s.Text(7);
  f.threads = s.Integer(8);
  f.count = s.Integer(9);
  f.mean_ms = s.Real(10);
  f.median_ms = s.Real(11);
  f.p10_ms = s.OptionalReal(12);
  f.p90_ms = s.Real(13);
  f.p99_ms = s.Real(14);
  f.per_second = s.Real(15);
  f.price_usd = s.OptionalReal(16);
  f.board = s.Text(17);
  f.runtime = s.Text(18);
  f.runtime_version = s.Text(19);
  return r;
}

}  // namespace

Result<std::unique_ptr<ResultsDb>> ResultsDb::Open(const std::string& path, Mode mode) {
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  if (!exists && mode == Mode::kExisting) {
    return Status::Error(path + ": no results database here yet (`edgebench run` saves to it)");
  }
  if (mode == Mode::kExisting) return OpenReadOnly(path);
  // SQLite would open a read-only file read-only without a word and fail
  // at the first write, and in a read-only folder it cannot create its
  // journal: say which, before anything runs.
  EB_RETURN_IF_ERROR(CheckDbWritable(path));
  if (!exists) {
    const auto parent = std::filesystem::absolute(path).parent_path();
    std::filesystem::create_directories(parent, error);
    if (error)
      return Status::Error(
          fmt::format("{}: cannot create folder {}: {}", path, parent.string(), error.message()));
  }
  EB_ASSIGN_OR_RETURN(auto results,
                      OpenChecked(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                  /*read_only=*/false));
  // Persistent in the file: readers then never block the writer. Best
  // effort: while another process holds the file the switch fails, and
  // correctness does not depend on it (writers still serialize through
  // BEGIN IMMEDIATE and the busy timeout); a later open switches it.
  (void)results->Execute("PRAGMA journal_mode = WAL");
  return results;
}

// Read-only, through a URI. SQLite cannot read a WAL-mode database in a
// folder where it may not create the -shm index unless told that nothing
// changes the file (immutable): true there, as nobody can write beside it;
// a -wal file left by a writer means the index exists and must be used.
Result<std::unique_ptr<ResultsDb>> ResultsDb::OpenReadOnly(const std::string& path) {
  const auto absolute = std::filesystem::absolute(path);
  std::error_code error;
  const bool immutable = ::access(absolute.parent_path().c_str(), W_OK) != 0 &&
                         !std::filesystem::exists(path + "-wal", error);
  const std::string uri =
      "file:" + UriPath(absolute.string()) + (immutable ? "?immutable=1" : "?mode=ro");
  return OpenChecked(path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, /*read_only=*/true);
}

Result<std::unique_ptr<ResultsDb>> ResultsDb::OpenChecked(const std::string& path,
                                                          const std::string& name, int flags,
                                                          bool read_only) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(name.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Status status = SqliteError(db, path, "cannot open the results database");
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<ResultsDb> results(new ResultsDb(db, path));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  EB_RETURN_IF_ERROR(results->CheckAndMigrate(read_only));
  return results;
}

ResultsDb::~ResultsDb() { sqlite3_close(db_); }

Status ResultsDb::Execute(const std::string& sql) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db_, path_, "results database update failed");
  }
  return Status::Ok();
}

// Reads only, until the file is known to be an edgebench database this
// version can handle; only then migrates (never when opened read-only).
Status ResultsDb::CheckAndMigrate(bool read_only) {
  // One statement, so one snapshot: another process creating the database
  // at this moment is seen either not at all or completely.
  int64_t version = 0, app_id = 0;
  bool fresh = false;
  {
    auto header = Statement::Prepare(db_,
                                     "SELECT (SELECT user_version FROM pragma_user_version), "
                                     "(SELECT application_id FROM pragma_application_id), "
                                     "(SELECT count(*) FROM sqlite_master)",
                                     path_);
    if (!header.ok() || !header->Step().ok()) {
      // Only SQLITE_NOTADB says what the file is; anything else (no
      // permission, a missing index) says nothing about its contents.
      return SqliteError(db_, path_,
                         sqlite3_errcode(db_) == SQLITE_NOTADB
                             ? "not a results database (left untouched)"
                             : "cannot read the results database (left untouched)");
    }
    version = header->Integer(0);
    app_id = header->Integer(1);
    fresh = version == 0 && app_id == 0 && header->Integer(2) == 0;
  }  // finalized here: its read transaction must end before any write

  if (!fresh && app_id != kApplicationId) {
    return Status::Error(path_ +
                         ": a SQLite database, but not an edgebench results database (left "
                         "untouched)");
  }
  if (version > kDbSchemaVersion) {
    return Status::Error(fmt::format(
        "{}: results database schema version {} is newer than this edgebench knows ({}); "
        "left untouched, use a newer edgebench",
        path_, version, kDbSchemaVersion));
  }
  if (version == kDbSchemaVersion) return Status::Ok();
  if (read_only && fresh) return Status::Error(path_ + ": empty file, no results database yet");
  if (read_only) {
    return Status::Error(fmt::format(
        "{}: results database schema version {} must be upgraded to {} before it is read; "
        "save or import a result into it once, with write access",
        path_, version, kDbSchemaVersion));
  }
  EB_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    // Another process may have created or migrated it while this one waited.
    EB_ASSIGN_OR_RETURN(const int64_t now, PragmaInteger(db_, path_, "PRAGMA user_version"));
    for (int64_t v = now; v < kDbSchemaVersion; ++v) EB_RETURN_IF_ERROR(Execute(kMigrations[v]));
    EB_RETURN_IF_ERROR(Execute(fmt::format("PRAGMA application_id = {}", kApplicationId)));
    return Execute(fmt::format("PRAGMA user_version = {}", kDbSchemaVersion));
  }();
  if (!status.ok()) {
    (void)Execute("ROLLBACK");
    return status;
  }
  return Execute("COMMIT");
}

Result<int> ResultsDb::Add(std::span<const json> records, const std::string& source,
                           const std::string& where) {
  std::vector<IndexedFields> fields;
  for (size_t i = 0; i < records.size(); ++i) {
    EB_ASSIGN_OR_RETURN(
        IndexedFields f,
        ReadIndexedFields(records[i],
                          records.size() == 1 ? where : fmt::format("{}: results[{}]", where, i)));
    fields.push_back(std::move(f));
  }
  EB_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  int added = 0;
  Status status = [&]() -> Status {
    EB_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(db_,
                           "INSERT INTO results (added_utc, source, record_sha256, timestamp_utc, "
                           "machine, cpu_model, model, backend, label, threads, count, mean_ms, "
                           "median_ms, p10_ms, p90_ms, p99_ms, per_second, price_usd, record_json, "
                           "board, runtime, runtime_version) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                           "ON CONFLICT (record_sha256) DO NOTHING",
                           path_));
    for (size_t i = 0; i < records.size(); ++i) {
      const IndexedFields& f = fields[i];
      const std::string text = records[i].dump();
      Statement& s = insert;
      s.Bind(1, bench::TimestampUtc());
      s.Bind(2, source);
      s.Bind(3, bench::Sha256Hex(text));
      s.Bind(4, f.timestamp_utc);
      s.Bind(5, f.machine);
      s.Bind(6, f.cpu_model);
      s.Bind(7, f.model);
      s.Bind(8, f.backend);
      s.Bind(9, f.label);
      s.Bind(10, f.threads);
      s.Bind(11, f.count);
      s.Bind(12, f.mean_ms);
      s.Bind(13, f.median_ms);
      s.Bind(14, f.p10_ms);
      s.Bind(15, f.p90_ms);
      s.Bind(16, f.p99_ms);
      s.Bind(17, f.per_second);
      s.Bind(18, f.price_usd);
      s.Bind(19, text);
      s.Bind(20, f.board);
      s.Bind(21, f.runtime);
      s.Bind(22, f.runtime_version);
      EB_RETURN_IF_ERROR(s.Step().status());
      added += sqlite3_changes(db_);
      s.Reset();
    }
    return Status::Ok();
  }();
  if (!status.ok()) {
    (void)Execute("ROLLBACK");
    return status;
  }
  EB_RETURN_IF_ERROR(Execute("COMMIT"));
  return added;
}

Result<std::vector<StoredResult>> ResultsDb::Select(const ResultFilter& filter) {
  std::string where;
  std::vector<std::string> values;
  auto add = [&](const std::optional<std::string>& value, const char* clause) {
    if (!value) return;
    where += (where.empty() ? " WHERE " : " AND ") + std::string(clause);
    values.push_back(*value);
  };
  add(filter.model, "instr(lower(model), lower(?)) > 0");
  add(filter.backend, "backend = ?");
  add(filter.runtime, "runtime = ?");
  add(filter.machine, "machine = ?");
  add(filter.label, "label = ?");
  const std::string sql = fmt::format("SELECT {} FROM results{} ORDER BY id DESC LIMIT {}",
                                      kColumns, where, filter.last > 0 ? filter.last : -1);
  EB_ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db_, sql, path_));
  for (size_t i = 0; i < values.size(); ++i) select.Bind(static_cast<int>(i + 1), values[i]);
  std::vector<StoredResult> rows;
  while (true) {
    EB_ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) break;
    rows.push_back(ReadRow(select));
  }
  std::reverse(rows.begin(), rows.end());
  return rows;
}

Result<json> ResultsDb::Record(int64_t id) {
  EB_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db_, "SELECT record_json FROM results WHERE id = ?", path_));
  select.Bind(1, id);
  EB_ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) return Status::Error(fmt::format("{}: no result with id {}", path_, id));
  // Bounded like an imported file: a hostile database file could hold anything.
  return ParseBoundedJson(select.Text(0), fmt::format("{}: result {}", path_, id));
}

}  // namespace edgebench::store
