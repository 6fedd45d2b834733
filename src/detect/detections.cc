#include "detect/detections.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace edgebench::detect {

namespace {

std::span<const float> Floats(const OutputView& output) {
  return {reinterpret_cast<const float*>(output.bytes.data()), output.bytes.size() / sizeof(float)};
}

}  // namespace

Result<std::vector<Detection>> ReadDetections(const runtime::Interpreter& interpreter) {
  std::vector<OutputView> outputs;
  for (size_t i = 0; i < interpreter.output_count(); ++i) {
    const graph::Tensor& t = interpreter.output_tensor(i);
    outputs.push_back({t.name, t.type, {interpreter.output_data(i), t.byte_size()}});
  }
  return ReadDetections(outputs);
}

Result<std::vector<Detection>> ReadDetections(const runtime::Runtime& runtime) {
  std::vector<OutputView> outputs;
  for (size_t i = 0; i < runtime.outputs().size(); ++i) {
    const runtime::TensorInfo& t = runtime.outputs()[i];
    outputs.push_back({t.name, t.type, runtime.output_bytes(i)});
  }
  return ReadDetections(outputs);
}

Result<std::vector<Detection>> ReadDetections(std::span<const OutputView> outputs) {
  if (outputs.size() < 4) {
    return Status::Error(
        fmt::format("the model has {} outputs; a detector has 4 (boxes, classes, scores, count)",
                    outputs.size()));
  }
  for (size_t i = 0; i < 4; ++i) {
    if (outputs[i].type != graph::DataType::kFloat32) {
      return Status::Error(fmt::format("output {} (\"{}\") is {}, a detector's are FLOAT32", i,
                                       outputs[i].name, graph::DataTypeName(outputs[i].type)));
    }
  }
  const auto boxes = Floats(outputs[0]);
  const auto classes = Floats(outputs[1]);
  const auto scores = Floats(outputs[2]);
  const auto count = Floats(outputs[3]);
  const size_t capacity = std::min({boxes.size() / 4, classes.size(), scores.size()});
  if (count.empty() || !std::isfinite(count[0]) || count[0] < 0 || count[0] > capacity) {
    return Status::Error(fmt::format("output 3 (\"{}\") is not a detection count in 0..{}",
                                     outputs[3].name, capacity));
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
