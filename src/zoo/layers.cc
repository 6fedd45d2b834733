#include "zoo/layers.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace edgebench::zoo {
namespace {

// Below this many output pixels one picture says little about a channel's
// statistics (the 1x1 and 2x2 SSD maps), so the layer's statistics over all
// channels stand in for each channel's.
constexpr int kMinPixelsForChannelStats = 16;

struct ChannelStats {
  std::vector<double> mean;
  std::vector<double> stddev;
};

ChannelStats MeasureChannels(const FeatureMap& map) {
  const int c = map.channels;
  const size_t pixels = static_cast<size_t>(map.height) * map.width;
  std::vector<double> sum(c, 0.0), sum_sq(c, 0.0);
  for (size_t p = 0; p < pixels; ++p) {
    for (int ch = 0; ch < c; ++ch) {
      const double v = map.data[p * c + ch];
      sum[ch] += v;
      sum_sq[ch] += v * v;
    }
  }
  double all_sum = 0.0, all_sq = 0.0;
  for (int ch = 0; ch < c; ++ch) {
    all_sum += sum[ch];
    all_sq += sum_sq[ch];
  }
  const double n_all = static_cast<double>(pixels) * c;
  const double layer_mean = all_sum / n_all;
  const double layer_var = std::max(all_sq / n_all - layer_mean * layer_mean, 0.0);
  const double layer_std = layer_var > 0.0 ? std::sqrt(layer_var) : 1.0;

  ChannelStats stats{std::vector<double>(c, layer_mean), std::vector<double>(c, layer_std)};
  if (pixels < static_cast<size_t>(kMinPixelsForChannelStats)) return stats;
  for (int ch = 0; ch < c; ++ch) {
    const double mean = sum[ch] / pixels;
    const double var = std::max(sum_sq[ch] / pixels - mean * mean, 0.0);
    const double stddev = std::sqrt(var);
    stats.mean[ch] = mean;
    // A channel that is (almost) constant on this picture, e.g. every input
    // clipped to zero, keeps the layer's scale instead of exploding.
    if (stddev > 1e-3 * layer_std) stats.stddev[ch] = stddev;
  }
  return stats;
}

float ApplyActivation(graph::Activation activation, float x) {
  switch (activation) {
    case graph::Activation::kRelu: return std::max(x, 0.0f);
    case graph::Activation::kRelu6: return std::clamp(x, 0.0f, 6.0f);
    case graph::Activation::kReluN1To1: return std::clamp(x, -1.0f, 1.0f);
    case graph::Activation::kNone: return x;
  }
  return x;
}

struct Range {
  float min = std::numeric_limits<float>::max();
  float max = std::numeric_limits<float>::lowest();
  void Add(float v) {
    min = std::min(min, v);
    max = std::max(max, v);
  }
};

Range RangeOf(const std::vector<float>& values) {
  Range range;
  for (float v : values) range.Add(v);
  return range;
}

}  // namespace

NetBuilder::NetBuilder(uint64_t seed) : seed_(seed), rng_(seed) {}

int NetBuilder::Append(Layer layer, FeatureMap values) {
  net_.layers.push_back(std::move(layer));
  values_.push_back(std::move(values));
  return static_cast<int>(net_.layers.size()) - 1;
}

int NetBuilder::Input(std::string name, int height, int width, int channels) {
  Layer layer;
  layer.kind = LayerKind::kInput;
  layer.name = std::move(name);
  layer.shape = {1, height, width, channels};
  layer.range_min = -1.0f;
  layer.range_max = 1.0f;
  FeatureMap values{height, width, channels, SyntheticImage(height, width, seed_)};
  return Append(std::move(layer), std::move(values));
}

int NetBuilder::Conv(int input, const ConvSpec& spec) { return ConvLike(input, spec, false); }

int NetBuilder::Depthwise(int input, const ConvSpec& spec) { return ConvLike(input, spec, true); }

int NetBuilder::ConvLike(int input, const ConvSpec& spec, bool depthwise) {
  const FeatureMap& x = values_[input];
  const int in_c = x.channels;
  const int out_c = depthwise ? in_c : spec.out_channels;
  const int k = spec.kernel;
  const int fan_in = k * k * (depthwise ? 1 : in_c);
  const size_t count = static_cast<size_t>(out_c) * k * k * (depthwise ? 1 : in_c);
  std::vector<float> weights = HeNormal(rng_, count, fan_in);

  FeatureMap z = depthwise ? DepthwiseConv2DSame(x, weights, k, spec.stride)
                           : Conv2DSame(x, weights, out_c, k, spec.stride);

  // Fold batch norm: y = gamma * (z - mean) / stddev + beta per channel.
  const ChannelStats stats = MeasureChannels(z);
  std::vector<float> scale(out_c), bias(out_c);
  for (int ch = 0; ch < out_c; ++ch) {
    const float gamma = rng_.Uniform(spec.target.gamma_min, spec.target.gamma_max);
    const float beta = rng_.Uniform(spec.target.beta_min, spec.target.beta_max);
    scale[ch] = static_cast<float>(gamma / stats.stddev[ch]);
    bias[ch] = static_cast<float>(beta - stats.mean[ch] * gamma / stats.stddev[ch]);
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    // Conv filters are [out, k, k, in]; depthwise filters are [1, k, k, out].
    const size_t ch = depthwise ? i % out_c : i / (static_cast<size_t>(k) * k * in_c);
    weights[i] *= scale[ch];
  }

  Range pre, post;
  for (size_t i = 0; i < z.data.size(); ++i) {
    const size_t ch = i % out_c;
    const float y = z.data[i] * scale[ch] + bias[ch];
    pre.Add(y);
    z.data[i] = ApplyActivation(spec.activation, y);
    post.Add(z.data[i]);
  }

  Layer layer;
  layer.kind = depthwise ? LayerKind::kDepthwiseConv2D : LayerKind::kConv2D;
  layer.scope = spec.scope;
  layer.name = spec.scope + "/" + spec.output_suffix;
  layer.inputs = {input};
  layer.shape = {1, z.height, z.width, out_c};
  layer.activation = spec.activation;
  layer.stride = spec.stride;
  layer.weights_shape = depthwise ? graph::Shape{1, k, k, out_c} : graph::Shape{out_c, k, k, in_c};
  layer.weights = std::move(weights);
  layer.bias = std::move(bias);
  layer.observed_min = post.min;
  layer.observed_max = post.max;
  switch (spec.range) {
    case RangeMode::kCalibrated:
      layer.range_min = post.min;
      layer.range_max = post.max;
      break;
    case RangeMode::kPreActivation:
      layer.range_min = pre.min;
      layer.range_max = pre.max;
      break;
    case RangeMode::kRelu6:
      layer.range_min = 0.0f;
      layer.range_max = 6.0f;
      break;
  }
  return Append(std::move(layer), std::move(z));
}

int NetBuilder::Add(int a, int b, std::string name) {
  FeatureMap sum = values_[a];
  const std::vector<float>& other = values_[b].data;
  for (size_t i = 0; i < sum.data.size(); ++i) sum.data[i] += other[i];
  const Range range = RangeOf(sum.data);
  Layer layer;
  layer.kind = LayerKind::kAdd;
  layer.name = std::move(name);
  layer.inputs = {a, b};
  layer.shape = net_.layers[a].shape;
  layer.range_min = layer.observed_min = range.min;
  layer.range_max = layer.observed_max = range.max;
  return Append(std::move(layer), std::move(sum));
}

int NetBuilder::Reshape(int input, std::string name, std::vector<int32_t> new_shape,
                        graph::Shape shape) {
  Layer layer;
  layer.kind = LayerKind::kReshape;
  layer.scope = name;
  layer.name = std::move(name);
  layer.inputs = {input};
  layer.shape = std::move(shape);
  layer.new_shape = std::move(new_shape);
  // A reshape moves bytes, so input and output share one quantization.
  layer.range_min = net_.layers[input].range_min;
  layer.range_max = net_.layers[input].range_max;
  return Append(std::move(layer), {});
}

int NetBuilder::Concat(std::vector<int> inputs, std::string name, int axis) {
  Layer layer;
  layer.kind = LayerKind::kConcatenation;
  layer.name = std::move(name);
  layer.axis = axis;
  layer.shape = net_.layers[inputs.front()].shape;
  layer.shape[axis] = 0;
  // The union of the inputs' ranges, as in the real files.
  Range range;
  for (int input : inputs) {
    const Layer& in = net_.layers[input];
    layer.shape[axis] += in.shape[axis];
    range.Add(in.range_min);
    range.Add(in.range_max);
  }
  layer.inputs = std::move(inputs);
  layer.range_min = range.min;
  layer.range_max = range.max;
  return Append(std::move(layer), {});
}

int NetBuilder::Logistic(int input, std::string name) {
  Layer layer;
  layer.kind = LayerKind::kLogistic;
  layer.name = std::move(name);
  layer.inputs = {input};
  layer.shape = net_.layers[input].shape;
  layer.range_min = 0.0f;
  layer.range_max = 1.0f;
  return Append(std::move(layer), {});
}

int NetBuilder::PostProcess(int boxes, int scores, std::vector<float> anchors,
                            const graph::DetectionPostProcessOptions& options) {
  Layer layer;
  layer.kind = LayerKind::kDetectionPostProcess;
  layer.name = "TFLite_Detection_PostProcess";
  layer.scope = "anchors";
  layer.inputs = {boxes, scores};
  layer.post_process = options;
  layer.anchors = std::move(anchors);
  return Append(std::move(layer), {});
}

}  // namespace edgebench::zoo
