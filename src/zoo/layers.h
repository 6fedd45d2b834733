// Building blocks of the zoo's networks. A NetBuilder appends layers in
// execution order and, as it goes, runs each new layer in float on the
// synthetic calibration image. That run serves two purposes:
//  - batch norm is folded with the statistics the layer really produces, so
//    every layer's pre-activation output is close to N(beta, gamma^2) per
//    channel, as in a trained network, and activations stay in a sane range
//    through the whole model whatever its depth;
//  - it records each output's range, which the uint8 variant quantizes with.
// The resulting Net is independent of the element type; emit.h turns it into
// a float32 or uint8 graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/op.h"
#include "graph/tensor.h"
#include "zoo/forward.h"
#include "zoo/weights.h"

namespace edgebench::zoo {

enum class LayerKind {
  kInput,
  kConv2D,
  kDepthwiseConv2D,
  kAdd,
  kReshape,
  kConcatenation,
  kLogistic,
  kDetectionPostProcess,
};

// How the uint8 variant chooses the range of a convolution's output. The
// real files use all three (see ssd_mobilenet_v1.cc and ssd_mobilenet_v2.cc).
enum class RangeMode {
  kCalibrated,     // min/max of the output (after the activation)
  kPreActivation,  // min/max before the fused activation
  kRelu6,          // exactly [0, 6]
};

// The per-channel distribution batch norm gives the pre-activation output:
// gamma ~ U[gamma_min, gamma_max), beta ~ U[beta_min, beta_max).
struct OutputTarget {
  float gamma_min = 1.0f;
  float gamma_max = 2.0f;
  float beta_min = 0.0f;
  float beta_max = 1.0f;
};

struct ConvSpec {
  std::string scope;                    // weights are "<scope>/weights"
  std::string output_suffix = "Relu6";  // output is "<scope>/<suffix>"
  int out_channels = 0;                 // ignored by depthwise layers
  int kernel = 1;
  int stride = 1;
  graph::Activation activation = graph::Activation::kRelu6;
  OutputTarget target;
  RangeMode range = RangeMode::kCalibrated;
};

struct Layer {
  LayerKind kind = LayerKind::kInput;
  std::string scope;        // prefix of the layer's constant tensors' names
  std::string name;         // output tensor name
  std::vector<int> inputs;  // indices of earlier layers
  graph::Shape shape;       // output shape
  // Convolutions: folded weights in TFLite layout and bias, both float.
  graph::Activation activation = graph::Activation::kNone;
  int stride = 1;
  graph::Shape weights_shape;
  std::vector<float> weights;
  std::vector<float> bias;
  // RESHAPE: the new_shape option, also stored as its constant shape input.
  std::vector<int32_t> new_shape;
  // CONCATENATION.
  int axis = 0;
  // TFLite_Detection_PostProcess: options and anchors [n, 4] as (ycenter,
  // xcenter, height, width).
  graph::DetectionPostProcessOptions post_process;
  std::vector<float> anchors;
  // Range of the output for the uint8 variant.
  float range_min = 0.0f;
  float range_max = 0.0f;
  // Range the output really took on the calibration image (convolutions and
  // additions only), whatever range_min/range_max were chosen.
  float observed_min = 0.0f;
  float observed_max = 0.0f;
};

struct Net {
  std::vector<Layer> layers;  // in execution order
};

class NetBuilder {
 public:
  explicit NetBuilder(uint64_t seed);

  // The image input [1, height, width, channels]; its calibration values are
  // SyntheticImage(). Range [-1, 1].
  int Input(std::string name, int height, int width, int channels);
  int Conv(int input, const ConvSpec& spec);
  int Depthwise(int input, const ConvSpec& spec);
  int Add(int a, int b, std::string name);
  int Reshape(int input, std::string name, std::vector<int32_t> new_shape, graph::Shape shape);
  int Concat(std::vector<int> inputs, std::string name, int axis);
  int Logistic(int input, std::string name);
  int PostProcess(int boxes, int scores, std::vector<float> anchors,
                  const graph::DetectionPostProcessOptions& options);

  const Layer& layer(int index) const { return net_.layers[index]; }
  Net Finish() && { return std::move(net_); }

 private:
  int Append(Layer layer, FeatureMap values);
  int ConvLike(int input, const ConvSpec& spec, bool depthwise);

  uint64_t seed_;
  Rng rng_;
  Net net_;
  std::vector<FeatureMap> values_;  // calibration output of each layer
};

}  // namespace edgebench::zoo
