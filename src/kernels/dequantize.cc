// DEQUANTIZE: UINT8/INT8 -> FLOAT32 as scale * (q - zero_point), computed in
// double and rounded once to float, as TFLite's reference kernel does.
#include <memory>

#include "kernels/elementwise.h"
#include "kernels/kernel_util.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

using graph::DataType;

template <typename T>
class Dequantize final : public PreparedKernel {
 public:
  Dequantize(int input, int output, int64_t num_elements, double scale, int32_t zero_point)
      : input_(input),
        output_(output),
        num_elements_(num_elements),
        scale_(scale),
        zero_point_(zero_point) {}

  void Run(const TensorBuffers& buffers) override {
    const T* in = buffers.Get<T>(input_);
    float* out = buffers.Mutable<float>(output_);
    for (int64_t i = 0; i < num_elements_; ++i) {
      out[i] = static_cast<float>(scale_ * (in[i] - zero_point_));
    }
  }

 private:
  int input_;
  int output_;
  int64_t num_elements_;
  double scale_;
  int32_t zero_point_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareDequantize(const graph::Graph& graph,
                                                          const graph::Op& op) {
  EB_RETURN_IF_ERROR(ExpectInputType(graph, op, 0, {DataType::kUInt8, DataType::kInt8}));
  EB_RETURN_IF_ERROR(ExpectOutputType(graph, op, 0, DataType::kFloat32));
  const int input = op.inputs[0];
  const int output = op.outputs[0];
  const graph::Tensor& tensor = graph.tensors[input];
  EB_RETURN_IF_ERROR(ExpectOutputShape(graph, op, 0, tensor.shape));
  EB_RETURN_IF_ERROR(Expect8BitQuantization(graph, input));
  const double scale = TensorScale(tensor);
  const int32_t zero_point = TensorZeroPoint(tensor);
  if (tensor.type == DataType::kUInt8) {
    return std::unique_ptr<PreparedKernel>(std::make_unique<Dequantize<uint8_t>>(
        input, output, tensor.num_elements(), scale, zero_point));
  }
  return std::unique_ptr<PreparedKernel>(std::make_unique<Dequantize<int8_t>>(
      input, output, tensor.num_elements(), scale, zero_point));
}

}  // namespace edgebench::kernels
