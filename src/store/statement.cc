#include "store/statement.h"

#include <utility>

namespace edgebench::store {

Status SqliteError(sqlite3* db, const std::string& path, const std::string& what) {
  return Status::Error(path + ": " + what + " (" + sqlite3_errmsg(db) + ")");
}

Result<Statement> Statement::Prepare(sqlite3* db, const std::string& sql, const std::string& path) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return SqliteError(db, path, "cannot read the results database");
  }
  return Statement(db, statement, path);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      path_(std::move(other.path_)) {}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::Bind(int index, const std::string& text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
}
void Statement::Bind(int index, int64_t value) { sqlite3_bind_int64(statement_, index, value); }
void Statement::Bind(int index, double value) { sqlite3_bind_double(statement_, index, value); }
void Statement::Bind(int index, const std::optional<double>& value) {
  if (value) {
    Bind(index, *value);
  } else {
    sqlite3_bind_null(statement_, index);
  }
}

Result<bool> Statement::Step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return SqliteError(db_, path_, "results database query failed");
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return "";
  return {reinterpret_cast<const char*>(text),
          static_cast<size_t>(sqlite3_column_bytes(statement_, column))};
}
int64_t Statement::Integer(int column) const { return sqlite3_column_int64(statement_, column); }
double Statement::Real(int column) const { return sqlite3_column_double(statement_, column); }
std::optional<double> Statement::OptionalReal(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
  return Real(column);
}

}  // namespace edgebench::store
