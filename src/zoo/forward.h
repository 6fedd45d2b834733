// Float forward pass used while the zoo builds a model: it runs each new
// layer on the calibration image so batch-norm statistics and uint8 ranges
// come from real activations. Plain loops in a fixed order, SAME padding as
// TensorFlow Lite; not an inference engine (the interpreter is).
#pragma once

#include <vector>

namespace edgebench::zoo {

// One NHWC feature map of batch 1.
struct FeatureMap {
  int height = 0;
  int width = 0;
  int channels = 0;
  std::vector<float> data;  // height * width * channels values
};

// SAME-padded convolution without bias. `weights` is [out_channels, kernel,
// kernel, in_channels] like TFLite's CONV_2D filter.
FeatureMap Conv2DSame(const FeatureMap& input, const std::vector<float>& weights, int out_channels,
                      int kernel, int stride);

// SAME-padded depthwise convolution (multiplier 1) without bias. `weights`
// is [1, kernel, kernel, channels] like TFLite's DEPTHWISE_CONV_2D filter.
FeatureMap DepthwiseConv2DSame(const FeatureMap& input, const std::vector<float>& weights,
                               int kernel, int stride);

// TFLite's SAME output size and padding before, for one dimension.
int SameOutputSize(int input, int stride);
int SamePaddingBefore(int input, int kernel, int stride);

}  // namespace edgebench::zoo
