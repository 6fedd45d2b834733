#include "detect/detections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace edgebench::detect {

Result<std::vector<Detection>> ReadDetections(const runtime::Interpreter& interpreter) {
  if (interpreter.output_count() < 4) {
    return Status::Error(fmt::format(
        "the model has {} outputs; a detector has 4 (boxes, classes, scores, count)",
        interpreter.output_count()));
  }
  for (size_t i = 0; i < 4; ++i) {
    if (interpreter.output_tensor(i).type != graph::DataType::kFloat32) {
      return Status::Error(fmt::format("output {} (\"{}\") is {}, a detector's are FLOAT32", i,
                                       interpreter.output_tensor(i).name,
                                       graph::DataTypeName(interpreter.output_tensor(i).type)));
    }
  }
  const auto boxes = interpreter.output<float>(0);
  const auto classes = interpreter.output<float>(1);
  const auto scores = interpreter.output<float>(2);
  const auto count = interpreter.output<float>(3);
  const size_t capacity = std::min({boxes.size() / 4, classes.size(), scores.size()});
  if (count.empty() || !std::isfinite(count[0]) || count[0] < 0 || count[0] > capacity) {
    return Status::Error(fmt::format("output 3 (\"{}\") is not a detection count in 0..{}",
                                     interpreter.output_tensor(3).name, capacity));
  }
  std::vector<Detection> detections;
  const size_t n = static_cast<size_t>(count[0]);
  for (size_t i = 0; i < n; ++i) {
    detections.push_back({static_cast<int>(classes[i]), scores[i],
                          Box{boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]}});
  }
  return detections;
}

}  // namespace edgebench::detect
