// Where edgebench finds its own files: data/ (the label file, the default
// photo, the bundled v1 model, the published results) and the model cache
// that `edgebench setup` (scripts/fetch-models.sh) fills. The same binary
// works from its build tree, installed (`cmake --install`, the .deb), or
// copied anywhere with $EDGEBENCH_HOME pointing at the data.
#pragma once

#include <string>
#include <vector>

#include "graph/status.h"

namespace edgebench::fileio {

// Folders that may hold data/, in the order they are tried:
// - $EDGEBENCH_HOME, when set (the user's explicit choice wins);
// - ../share/edgebench beside the running binary (/proc/self/exe), where
//   `cmake --install` puts data/;
// - the source folder the binary was built from (a build tree).
std::vector<std::string> DataRoots();

// Folders that may hold fetched models (in models/), in the order they are
// tried: $XDG_CACHE_HOME/edgebench (default ~/.cache/edgebench), which
// `edgebench setup` fills, then cache/ in each of DataRoots() (a
// developer's checkout, filled by scripts/setup.sh).
std::vector<std::string> CacheRoots();

// Folders that may hold runtime plugins (runtimes/plugin_abi.h), in the
// order they are tried: ../lib/edgebench beside the running binary, where
// `cmake --install` puts them; the build tree's lib/edgebench. When
// $EDGEBENCH_PLUGIN_DIR is set, it alone: a user pins which plugins run
// (and a test can show what happens without one).
std::vector<std::string> PluginDirs();

// `relative` (e.g. "data/models/coco_labels.txt") under the first of
// `roots` that has it; else an error naming `what` and every place tried.
Result<std::string> FindIn(const std::vector<std::string>& roots, const std::string& relative,
                           const std::string& what);

// For --help: where data and fetched models are looked for, one place a line.
std::string DataPlacesHelp();

}  // namespace edgebench::fileio
