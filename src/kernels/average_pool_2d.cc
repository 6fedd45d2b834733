// AVERAGE_POOL_2D: NHWC, SAME/VALID, fused activation. As in TensorFlow
// Lite's reference AveragePool, each output averages only the input elements
// its window covers; padding is neither added nor counted.
#include <algorithm>
#include <memory>

#include "kernels/pool_common.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

// TFLite's integer average: the int32 sum of raw quantized values divided by
// the count, rounded half away from zero:
//   sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
// (integer_ops/pooling.h for int8; the uint8 kernel writes
// (sum + count / 2) / count, the same thing since its sums are never
// negative). Input and output share scale and zero point, so no rescaling.
int32_t RoundedAverage(int32_t sum, int32_t count) {
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

class AveragePool2DKernel final : public PreparedKernel {
 public:
  AveragePool2DKernel(const graph::Op& op, const PoolSetup& setup)
      : input_(op.inputs[0]), output_(op.outputs[0]), setup_(setup) {}

  void Run(const TensorBuffers& buffers) override {
    switch (setup_.type) {
      case graph::DataType::kFloat32: RunFloat(buffers); break;
      case graph::DataType::kUInt8: RunQuantized<uint8_t>(buffers); break;
      case graph::DataType::kInt8: RunQuantized<int8_t>(buffers); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  // Calls body(b, oy, ox, c, window) for every output element in order.
  template <typename Body>
  void ForEachOutput(Body body) const {
    const PoolGeometry& g = setup_.geometry;
    for (int32_t b = 0; b < g.batches; ++b) {
      for (int32_t oy = 0; oy < g.output_h; ++oy) {
        for (int32_t ox = 0; ox < g.output_w; ++ox) {
          const PoolWindow window = ClippedPoolWindow(g, oy, ox);
          for (int32_t c = 0; c < g.channels; ++c) body(b, oy, ox, c, window);
        }
      }
    }
  }

  void RunFloat(const TensorBuffers& buffers) const {
    const PoolGeometry& g = setup_.geometry;
    const float* input = buffers.Get<float>(input_);
    float* output = buffers.Mutable<float>(output_);
    ForEachOutput([&](int32_t b, int32_t oy, int32_t ox, int32_t c, const PoolWindow& w) {
      float total = 0.0f;
      for (int32_t y = w.y_begin; y < w.y_end; ++y) {
        for (int32_t x = w.x_begin; x < w.x_end; ++x) {
          total += input[PoolIndex(b, y, x, c, g.input_h, g.input_w, g.channels)];
        }
      }
      // Prepare guarantees every window covers at least one element.
      const float average = total / static_cast<float>(w.count());
      output[PoolIndex(b, oy, ox, c, g.output_h, g.output_w, g.channels)] =
          std::clamp(average, setup_.float_range.min, setup_.float_range.max);
    });
  }

  template <typename T>
  void RunQuantized(const TensorBuffers& buffers) const {
    const PoolGeometry& g = setup_.geometry;
    const T* input = buffers.Get<T>(input_);
    T* output = buffers.Mutable<T>(output_);
    ForEachOutput([&](int32_t b, int32_t oy, int32_t ox, int32_t c, const PoolWindow& w) {
      int32_t sum = 0;
      for (int32_t y = w.y_begin; y < w.y_end; ++y) {
        for (int32_t x = w.x_begin; x < w.x_end; ++x) {
          sum += input[PoolIndex(b, y, x, c, g.input_h, g.input_w, g.channels)];
        }
      }
      const int32_t average = RoundedAverage(sum, w.count());
      output[PoolIndex(b, oy, ox, c, g.output_h, g.output_w, g.channels)] = static_cast<T>(
          std::clamp(average, setup_.quantized_range.min, setup_.quantized_range.max));
    });
  }

  int input_;
  int output_;
  PoolSetup setup_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareAveragePool2D(const graph::Graph& graph,
                                                             const graph::Op& op) {
  EB_ASSIGN_OR_RETURN(const PoolSetup setup, PreparePool(graph, op));
  return std::unique_ptr<PreparedKernel>(std::make_unique<AveragePool2DKernel>(op, setup));
}

}  // namespace edgebench::kernels
