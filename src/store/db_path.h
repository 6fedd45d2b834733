// Where the results database lives unless told otherwise, and the checks
// that keep other outputs from landing on it.
#pragma once

#include <string>

#include "graph/status.h"

namespace edgebench::store {

// `flag` (--db) when not empty; else $EDGEBENCH_DB; else
// $XDG_DATA_HOME/edgebench/results.db; else ~/.local/share/edgebench/results.db.
// Without HOME either: results.db in the current folder.
std::string ResolveDbPath(const std::string& flag);

// Fails when writing the file at `output` (given by `flag`, e.g. "--json")
// would overwrite the database at `db_path` or one of SQLite's files beside
// it (-wal, -shm, -journal): the same file (also through a symlink or a
// hard link), or the same canonical path when the file does not exist yet.
Status CheckNotDatabase(const std::string& flag, const std::string& output,
                        const std::string& db_path);

// Fails, saying why, when results cannot be saved to the database at
// `db_path`: a folder, a read-only file, or a folder SQLite cannot create
// its journal in (or, for a new database, cannot create the file or its
// folders in). Checks permissions only; ResultsDb::Open checks the content.
Status CheckDbWritable(const std::string& db_path);

}  // namespace edgebench::store
