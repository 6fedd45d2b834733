// Where the CLI finds its data files (the photo, the labels) in a source
// tree or an installed prefix.
#pragma once

#include <string>

namespace edgebench::cli {

// The first of fileio::DataRoots() that has a data/ folder (the first of
// them when none has: errors then name a path there).
std::string ProjectRoot();

// `relative` (e.g. "data/models/coco_labels.txt") in the first data root
// that has it; else throws CommandError naming `what` and every place tried.
std::string DataFile(const std::string& relative, const std::string& what);

}  // namespace edgebench::cli
