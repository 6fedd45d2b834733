// MAX_POOL_2D: NHWC, SAME/VALID, fused activation, following TensorFlow
// Lite's reference MaxPool: the maximum over the window clipped to the input
// (padding never wins), then the activation's clamp. Quantized input and
// output share scale and zero point, so the maximum is taken on raw values.
#include <algorithm>
#include <limits>
#include <memory>

#include "kernels/pool_common.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

class MaxPool2DKernel final : public PreparedKernel {
 public:
  MaxPool2DKernel(const graph::Op& op, const PoolSetup& setup)
      : input_(op.inputs[0]), output_(op.outputs[0]), setup_(setup) {}

  void Run(const TensorBuffers& buffers) override {
    const FloatRange f = setup_.float_range;
    const QuantizedRange q = setup_.quantized_range;
    switch (setup_.type) {
      case graph::DataType::kFloat32: RunTyped<float>(buffers, f.min, f.max); break;
      case graph::DataType::kUInt8: RunTyped<uint8_t>(buffers, q.min, q.max); break;
      case graph::DataType::kInt8: RunTyped<int8_t>(buffers, q.min, q.max); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  template <typename T, typename Bound>
  void RunTyped(const TensorBuffers& buffers, Bound low, Bound high) const {
    const PoolGeometry& g = setup_.geometry;
    const T* input = buffers.Get<T>(input_);
    T* output = buffers.Mutable<T>(output_);
    // The quantized bounds lie inside T's range (QuantizedActivationRange).
    const T lo = static_cast<T>(low);
    const T hi = static_cast<T>(high);
    for (int32_t b = 0; b < g.batches; ++b) {
      for (int32_t oy = 0; oy < g.output_h; ++oy) {
        for (int32_t ox = 0; ox < g.output_w; ++ox) {
          const PoolWindow w = ClippedPoolWindow(g, oy, ox);
          for (int32_t c = 0; c < g.channels; ++c) {
            T max = std::numeric_limits<T>::lowest();
            for (int32_t y = w.y_begin; y < w.y_end; ++y) {
              for (int32_t x = w.x_begin; x < w.x_end; ++x) {
                max = std::max(max, input[PoolIndex(b, y, x, c, g.input_h, g.input_w, g.channels)]);
              }
            }
            output[PoolIndex(b, oy, ox, c, g.output_h, g.output_w, g.channels)] =
                std::clamp(max, lo, hi);
          }
        }
      }
    }
  }

  int input_;
  int output_;
  PoolSetup setup_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareMaxPool2D(const graph::Graph& graph,
                                                         const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(const PoolSetup setup, PreparePool(graph, op));
  return std::unique_ptr<PreparedKernel>(std::make_unique<MaxPool2DKernel>(op, setup));
}

}  // namespace edgebench::kernels
