// Where the results database lives unless told otherwise.
#pragma once

#include <string>

namespace edgebench::store {

// `flag` (--db) when not empty; else $EDGEBENCH_DB; else
// $XDG_DATA_HOME/edgebench/results.db; else ~/.local/share/edgebench/results.db.
// Without HOME either: results.db in the current folder.
std::string ResolveDbPath(const std::string& flag);

}  // namespace edgebench::store
