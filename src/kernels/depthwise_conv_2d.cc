// DEPTHWISE_CONV_2D: NHWC input, weights [1, kh, kw, in_c * depth_multiplier],
// optional bias; output channel oc = ic * depth_multiplier + m reads only
// input channel ic. Follows TensorFlow Lite's reference DepthwiseConv (float,
// uint8) and DepthwiseConvPerChannel (int8).
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

class DepthwiseConv2DKernel final : public PreparedKernel {
 public:
  DepthwiseConv2DKernel(const graph::Op& op, graph::DataType type, const ConvGeometry& geometry,
                        int32_t depth_multiplier, FloatRange float_range,
                        ConvQuantization quantization)
      : input_(op.inputs[kConvInput]),
        weights_(op.inputs[kConvWeights]),
        bias_(BiasTensor(op)),
        output_(op.outputs[0]),
        type_(type),
        g_(geometry),
        depth_multiplier_(depth_multiplier),
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
  int64_t WeightIndex(int32_t fy, int32_t fx, int32_t oc) const {
    return (static_cast<int64_t>(fy) * g_.filter_w + fx) * g_.output_c + oc;
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
          for (int32_t ic = 0; ic < g_.input_c; ++ic) {
            for (int32_t m = 0; m < depth_multiplier_; ++m) {
              const int32_t oc = ic * depth_multiplier_ + m;
              float sum = 0.0f;
              for (int32_t fy = 0; fy < g_.filter_h; ++fy) {
                const int32_t iy = oy * g_.stride_h - g_.pad_top + fy * g_.dilation_h;
                if (iy < 0 || iy >= g_.input_h) continue;
                for (int32_t fx = 0; fx < g_.filter_w; ++fx) {
                  const int32_t ix = ox * g_.stride_w - g_.pad_left + fx * g_.dilation_w;
                  if (ix < 0 || ix >= g_.input_w) continue;
                  sum += input[InputIndex(b, iy, ix, ic)] * weights[WeightIndex(fy, fx, oc)];
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
          for (int32_t ic = 0; ic < g_.input_c; ++ic) {
            for (int32_t m = 0; m < depth_multiplier_; ++m) {
              const int32_t oc = ic * depth_multiplier_ + m;
              int32_t acc = 0;
              for (int32_t fy = 0; fy < g_.filter_h; ++fy) {
                const int32_t iy = oy * g_.stride_h - g_.pad_top + fy * g_.dilation_h;
                if (iy < 0 || iy >= g_.input_h) continue;
                for (int32_t fx = 0; fx < g_.filter_w; ++fx) {
                  const int32_t ix = ox * g_.stride_w - g_.pad_left + fx * g_.dilation_w;
                  if (ix < 0 || ix >= g_.input_w) continue;
                  const int32_t in = input[InputIndex(b, iy, ix, ic)] + q_.input_offset;
                  const int32_t w = weights[WeightIndex(fy, fx, oc)] + q_.weights_offset;
                  acc += in * w;
                }
              }
              if (bias != nullptr) acc += bias[oc];
              output[OutputIndex(b, oy, ox, oc)] = static_cast<T>(Requantize(acc, oc, q_));
            }
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
  int32_t depth_multiplier_;
  FloatRange float_range_;
  ConvQuantization q_;
};

}  // namespace

Result<std::unique_ptr<PreparedKernel>> PrepareDepthwiseConv2D(const graph::Graph& graph,
                                                               const graph::Op& op) {
  const auto* options = std::get_if<graph::DepthwiseConv2DOptions>(&op.options);
  if (options == nullptr) return Status::Error("carries no DEPTHWISE_CONV_2D options");
  EB_ASSIGN_OR_RETURN(const graph::DataType type, CheckConvTypes(graph, op));
  // Ranks, [1,kh,kw,C] weights, bias size, strides, dilations and the
  // output shape.
  EB_RETURN_IF_ERROR(graph::CheckOutputShapes(graph, op));
  EB_RETURN_IF_ERROR(CheckBiasType(graph, op, type));
  const graph::Shape& input = graph.tensors[op.inputs[kConvInput]].shape;
  const graph::Shape& weights = graph.tensors[op.inputs[kConvWeights]].shape;
  const int32_t channels = weights[3];
  // Like TFLite since 2.5, the multiplier comes from the shapes; the option
  // is redundant and some converters wrote it wrong.
  const int32_t depth_multiplier = channels / input[3];
  const ConvWindow window{options->padding, options->stride_h, options->stride_w,
                          options->dilation_h, options->dilation_w};
  ConvGeometry geometry = ComputeConvGeometry(graph, op, weights[1], weights[2], window);
  geometry.output_c = channels;

  ConvQuantization quantization;
  if (type != graph::DataType::kFloat32) {
    EB_ASSIGN_OR_RETURN(quantization, PrepareConvQuantization(graph, op, /*channel_axis=*/3,
                                                              channels, options->activation));
  }
  return std::unique_ptr<PreparedKernel>(std::make_unique<DepthwiseConv2DKernel>(
      op, type, geometry, depth_multiplier, FloatActivationRange(options->activation),
      std::move(quantization)));
}

}  // namespace edgebench::kernels
