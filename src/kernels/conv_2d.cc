// CONV_2D: NHWC input, weights [out_c, kh, kw, in_c], optional bias [out_c].
// Follows TensorFlow Lite's reference Conv (float, uint8) and ConvPerChannel
// (int8): out-of-bounds taps are skipped, which for quantized inputs equals
// padding with the input zero point.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "graph/op_validation.h"
#include "kernels/conv_common.h"
#include "kernels/reference_kernels.h"

namespace edgebench::kernels {
namespace {

class Conv2DKernel final : public PreparedKernel {
 public:
  Conv2DKernel(const graph::Op& op, graph::DataType type, const ConvGeometry& geometry,
               FloatRange float_range, ConvQuantization quantization)
      : input_(op.inputs[kConvInput]),
        weights_(op.inputs[kConvWeights]),
        bias_(BiasTensor(op)),
        output_(op.outputs[0]),
        type_(type),
        g_(geometry),
        float_range_(float_range),
        q_(std::move(quantization)) {}

  void Run(const TensorBuffers& buffers) override {
    switch (type_) {
      case graph::DataType::kFloat32: RunFloat(buffers); break;
      case graph::DataType::kUInt8: RunQuantized<uint8_t>(buffers); break;
      case graph::DataType::kInt8: RunQuantized<int8_t>(buffers); break;
      default: break;  // Prepare admits no other type
    }
  }

 private:
  int64_t InputIndex(int32_t b, int32_t y, int32_t x, int32_t c) const {
    return ((static_cast<int64_t>(b) * g_.input_h + y) * g_.input_w + x) * g_.input_c + c;
  }
  int64_t WeightIndex(int32_t oc, int32_t fy, int32_t fx, int32_t ic) const {
    return ((static_cast<int64_t>(oc) * g_.filter_h + fy) * g_.filter_w + fx) * g_.input_c + ic;
  }
  int64_t OutputIndex(int32_t b, int32_t y, int32_t x, int32_t c) const {
    return ((static_cast<int64_t>(b) * g_.output_h + y) * g_.output_w + x) * g_.output_c + c;
  }

  void RunFloat(const TensorBuffers& buffers) const {
    const float* input = buffers.Get<float>(input_);
    const float* weights = buffers.Get<float>(weights_);
    const float* bias = bias_ == graph::kNoTensor ? nullptr : buffers.Get<float>(bias_);
    float* output = buffers.Mutable<float>(output_);
    for (int32_t b = 0; b < g_.batches; ++b) {
      for (int32_t oy = 0; oy < g_.output_h; ++oy) {
        for (int32_t ox = 0; ox < g_.output_w; ++ox) {
          for (int32_t oc = 0; oc < g_.output_c; ++oc) {
            float sum = 0.0f;
            for (int32_t fy = 0; fy < g_.filter_h; ++fy) {
              const int32_t iy = oy * g_.stride_h - g_.pad_top + fy * g_.dilation_h;
              if (iy < 0 || iy >= g_.input_h) continue;
              for (int32_t fx = 0; fx < g_.filter_w; ++fx) {
                const int32_t ix = ox * g_.stride_w - g_.pad_left + fx * g_.dilation_w;
                if (ix < 0 || ix >= g_.input_w) continue;
                for (int32_t ic = 0; ic < g_.input_c; ++ic) {
                  sum += input[InputIndex(b, iy, ix, ic)] * weights[WeightIndex(oc, fy, fx, ic)];
                }
              }
            }
            if (bias != nullptr) sum += bias[oc];
            output[OutputIndex(b, oy, ox, oc)] =
                std::clamp(sum, float_range_.min, float_range_.max);
          }
        }
      }
    }
  }

  template <typename T>
  void RunQuantized(const TensorBuffers& buffers) const {
    const T* input = buffers.Get<T>(input_);
    const T* weights = buffers.Get<T>(weights_);
    const int32_t* bias = bias_ == graph::kNoTensor ? nullptr : buffers.Get<int32_t>(bias_);
    T* output = buffers.Mutable<T>(output_);
    for (int32_t b = 0; b < g_.batches; ++b) {
      for (int32_t oy = 0; oy < g_.output_h; ++oy) {
        for (int32_t ox = 0; ox < g_.output_w; ++ox) {
          for (int32_t oc = 0; oc < g_.output_c; ++oc) {
            int32_t acc = 0;
            for (int32_t fy = 0; fy < g_.filter_h; ++fy) {
              const int32_t iy = oy * g_.stride_h - g_.pad_top + fy * g_.dilation_h;
              if (iy < 0 || iy >= g_.input_h) continue;
              for (int32_t fx = 0; fx < g_.filter_w; ++fx) {
                const int32_t ix = ox * g_.stride_w - g_.pad_left + fx * g_.dilation_w;
                if (ix < 0 || ix >= g_.input_w) continue;
                for (int32_t ic = 0; ic < g_.input_c; ++ic) {
                  const int32_t in = input[InputIndex(b, iy, ix, ic)] + q_.input_offset;
                  const int32_t w = weights[WeightIndex(oc, fy, fx, ic)] + q_.weights_offset;
                  acc += in * w;
                }
              }
            }
            if (bias != nullptr) acc += bias[oc];
            output[OutputIndex(b, oy, ox, oc)] = static_cast<T>(Requantize(acc, oc, q_));
          }
        }
      }
    }
  }

  int input_;
  int weights_;
  int bias_;
  int output_;
  graph::DataType type_;
  ConvGeometry g_;
  FloatRange float_range_;
  ConvQuantization q_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareConv2D(const graph::Graph& graph,
                                                      const graph::Op& op) {
  const auto* options = std::get_if<graph::Conv2DOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no CONV_2D options");
  EB_ASSIGN_OR_RETURN(const graph::DataType type, CheckConvTypes(graph, op));
  // Ranks, channels, bias size, strides, dilations and the output shape.
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  EB_RETURN_IF_ERROR(CheckBiasType(graph, op, type));
  const graph::Shape& weights = graph.tensors[op.inputs[kConvWeights]].shape;
  const int32_t channels = weights[0];
  const ConvWindow window{options->padding, options->stride_h, options->stride_w,
                          options->dilation_h, options->dilation_w};
  ConvGeometry geometry = ComputeConvGeometry(graph, op, weights[1], weights[2], window);
  geometry.output_c = channels;

  ConvQuantization quantization;
  if (type != graph::DataType::kFloat32) {
    EB_ASSIGN_OR_RETURN(quantization, PrepareConvQuantization(graph, op, /*channel_axis=*/0,
                                                              channels, options->activation));
  }
  return std::unique_ptr<PreparedKernel>(std::make_unique<Conv2DKernel>(
      op, type, geometry, FloatActivationRange(options->activation), std::move(quantization)));
}

}  // namespace edgebench::kernels
