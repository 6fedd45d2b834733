// COCO label files as the SSD models' label files write them: one "ID  name"
// per line, 0-based ids with gaps (90 ids, 80 names).
#pragma once

#include <map>
#include <string>

#include "graph/status.h"

namespace edgebench::detect {

class LabelMap {
 public:
  static Result<LabelMap> ReadFile(const std::string& path);
  static Result<LabelMap> Parse(const std::string& text, const std::string& name_for_errors);

  // The name for a class index, or "class N" when the file has none.
  std::string Name(int class_index) const;
  size_t size() const { return names_.size(); }

 private:
  std::map<int, std::string> names_;
};

}  // namespace edgebench::detect
