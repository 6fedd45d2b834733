// A prepared SQLite statement that finalizes itself, with errors as values
// that name the database file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

#include "graph/status.h"

namespace edgebench::store {

class Statement {
 public:
  // `db` must outlive the statement; `path` names the file in errors.
  static Result<Statement> Prepare(sqlite3* db, const std::string& sql, const std::string& path);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as SQLite counts them.
  void Bind(int index, const std::string& text);
  void Bind(int index, int64_t value);
  void Bind(int index, double value);
  void Bind(int index, const std::optional<double>& value);  // NULL when empty

  // Runs to the next row: true when there is one, false when done.
  Result<bool> Step();
  // Ready to run again with new parameters.
  void Reset();

  // Columns of the current row, 0-based.
  std::string Text(int column) const;
  int64_t Integer(int column) const;
  double Real(int column) const;
  std::optional<double> OptionalReal(int column) const;

 private:
  Statement(sqlite3* db, sqlite3_stmt* statement, std::string path)
      : db_(db), statement_(statement), path_(std::move(path)) {}
  sqlite3* db_;
  sqlite3_stmt* statement_;  // owned
  std::string path_;
};

// "PATH: what (SQLite's message)".
Status SqliteError(sqlite3* db, const std::string& path, const std::string& what);

}  // namespace edgebench::store
