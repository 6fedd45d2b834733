#include "detect/labels.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace edgebench::detect {

Result<LabelMap> LabelMap::ReadFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) return Status::Error(fmt::format("{}: cannot open label file", path));
  std::stringstream text;
  text << file.rdbuf();
  return Parse(text.str(), path);
}

Result<LabelMap> LabelMap::Parse(const std::string& text, const std::string& name_for_errors) {
  LabelMap labels;
  std::istringstream lines(text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    int id = -1;
    if (!(fields >> id) || id < 0) {
      return Status::Error(fmt::format("{}:{}: expected \"ID  name\", found \"{}\"",
                                       name_for_errors, line_number, line));
    }
    std::string name;
    std::getline(fields >> std::ws, name);
    labels.names_[id] = name;
  }
  if (labels.names_.empty()) {
    return Status::Error(fmt::format("{}: no labels", name_for_errors));
  }
  return labels;
}

std::string LabelMap::Name(int class_index) const {
  const auto it = names_.find(class_index);
  return it != names_.end() ? it->second : fmt::format("class {}", class_index);
}

}  // namespace edgebench::detect
