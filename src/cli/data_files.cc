#include "cli/data_files.h"

#include "cli/commands.h"
#include "fileio/data_places.h"

namespace edgebench::cli {

std::string ProjectRoot() {
  const std::vector<std::string> roots = fileio::DataRoots();
  for (const std::string& root : roots) {
    if (fileio::FindIn({root}, "data", "data folder").ok()) return root;
  }
  return roots.front();
}

std::string DataFile(const std::string& relative, const std::string& what) {
  return ValueOrThrow(fileio::FindIn(fileio::DataRoots(), relative, what));
}

}  // namespace edgebench::cli
