// CONCATENATION of UINT8 or INT8 tensors. The reference kernel copies
// inputs that share the output's quantization and requantizes the others
// element by element with a float multiply-add and a rounding; here each
// such input gets a 256-entry table, filled once with that same arithmetic,
// so a run is memcpy calls and table lookups. (SSD's class-score
// concatenation is 174,447 requantized bytes per inference.)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <variant>
#include <vector>

#include "backends/optimized/optimized_kernels.h"
#include "kernels/kernel_util.h"

namespace edgebench::backends::optimized {
namespace {

using graph::DataType;

struct Input {
  int tensor = 0;
  int64_t chunk = 0;  // bytes copied per outer index: dim[axis] * inner
  bool rescale = false;
  std::array<uint8_t, 256> table{};  // output byte for each input byte, when rescale
};

class Concatenation final : public kernels::PreparedKernel {
 public:
  Concatenation(int output, int64_t outer, std::vector<Input> inputs)
      : output_(output), outer_(outer), inputs_(std::move(inputs)) {}

  void Run(const kernels::TensorBuffers& buffers) override {
    uint8_t* out = buffers.Mutable<uint8_t>(output_);
    for (int64_t o = 0; o < outer_; ++o) {
      for (const Input& in : inputs_) {
        const uint8_t* src = buffers.Get<uint8_t>(in.tensor) + o * in.chunk;
        if (in.rescale) {
          for (int64_t i = 0; i < in.chunk; ++i) out[i] = in.table[src[i]];
        } else {
          std::memcpy(out, src, static_cast<size_t>(in.chunk));
        }
        out += in.chunk;
      }
    }
  }

 private:
  int output_;
  int64_t outer_;
  std::vector<Input> inputs_;
};

// The reference kernel's requantization of every possible input byte.
template <typename T>
std::array<uint8_t, 256> RescaleTable(const graph::Tensor& input, const graph::Tensor& output) {
  const float out_scale = kernels::TensorScale(output);
  const int32_t out_zero_point = kernels::TensorZeroPoint(output);
  const float scale = kernels::TensorScale(input) * (1.0f / out_scale);
  const float bias = static_cast<float>(-kernels::TensorZeroPoint(input)) * scale;
  const kernels::QuantizedRange range = kernels::TypeRange(input.type);
  std::array<uint8_t, 256> table{};
  for (int byte = 0; byte < 256; ++byte) {
    const T q = static_cast<T>(static_cast<uint8_t>(byte));
    const float real = static_cast<float>(q) * scale + bias;
    const int32_t value = static_cast<int32_t>(std::round(real)) + out_zero_point;
    table[byte] = static_cast<uint8_t>(static_cast<T>(std::clamp(value, range.min, range.max)));
  }
  return table;
}

bool SameQuantization(const graph::Tensor& a, const graph::Tensor& b) {
  return kernels::TensorScale(a) == kernels::TensorScale(b) &&
         kernels::TensorZeroPoint(a) == kernels::TensorZeroPoint(b);
}

}  // namespace

std::unique_ptr<kernels::PreparedKernel> PrepareConcatenation(const graph::Graph& graph,
                                                              const graph::Op& op) {
  const graph::Tensor& output = graph.tensors[op.outputs[0]];
  if (output.type != DataType::kUInt8 && output.type != DataType::kInt8) return nullptr;
  const auto& options = std::get<graph::ConcatenationOptions>(op.options);
  const int rank = static_cast<int>(output.shape.size());
  const int axis = options.axis < 0 ? options.axis + rank : options.axis;
  int64_t outer = 1;
  for (int d = 0; d < axis; ++d) outer *= output.shape[d];
  int64_t inner = 1;
  for (int d = axis + 1; d < rank; ++d) inner *= output.shape[d];

  std::vector<Input> inputs;
  for (int tensor : op.inputs) {
    const graph::Tensor& input = graph.tensors[tensor];
    Input in;
    in.tensor = tensor;
    in.chunk = input.shape[axis] * inner;
    in.rescale = !SameQuantization(input, output);
    if (in.rescale) {
      in.table = output.type == DataType::kUInt8 ? RescaleTable<uint8_t>(input, output)
                                                 : RescaleTable<int8_t>(input, output);
    }
    inputs.push_back(in);
  }
  return std::make_unique<Concatenation>(op.outputs[0], outer, std::move(inputs));
}

}  // namespace edgebench::backends::optimized
