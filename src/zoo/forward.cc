#include "zoo/forward.h"

#include <algorithm>

namespace edgebench::zoo {

int SameOutputSize(int input, int stride) { return (input + stride - 1) / stride; }

int SamePaddingBefore(int input, int kernel, int stride) {
  const int output = SameOutputSize(input, stride);
  return std::max((output - 1) * stride + kernel - input, 0) / 2;
}

FeatureMap Conv2DSame(const FeatureMap& input, const std::vector<float>& weights, int out_channels,
                      int kernel, int stride) {
  const int in_c = input.channels;
  FeatureMap out{
      SameOutputSize(input.height, stride), SameOutputSize(input.width, stride), out_channels, {}};
  out.data.assign(static_cast<size_t>(out.height) * out.width * out_channels, 0.0f);
  // [ky][kx][in][out] so the innermost loop runs over contiguous outputs.
  std::vector<float> transposed(weights.size());
  for (int o = 0; o < out_channels; ++o) {
    for (int k = 0; k < kernel * kernel; ++k) {
      for (int i = 0; i < in_c; ++i) {
        transposed[(static_cast<size_t>(k) * in_c + i) * out_channels + o] =
            weights[(static_cast<size_t>(o) * kernel * kernel + k) * in_c + i];
      }
    }
  }
  const int pad_y = SamePaddingBefore(input.height, kernel, stride);
  const int pad_x = SamePaddingBefore(input.width, kernel, stride);
  for (int oy = 0; oy < out.height; ++oy) {
    for (int ox = 0; ox < out.width; ++ox) {
      float* acc = &out.data[(static_cast<size_t>(oy) * out.width + ox) * out_channels];
      for (int ky = 0; ky < kernel; ++ky) {
        const int iy = oy * stride - pad_y + ky;
        if (iy < 0 || iy >= input.height) continue;
        for (int kx = 0; kx < kernel; ++kx) {
          const int ix = ox * stride - pad_x + kx;
          if (ix < 0 || ix >= input.width) continue;
          const float* in = &input.data[(static_cast<size_t>(iy) * input.width + ix) * in_c];
          const float* w = &transposed[static_cast<size_t>(ky * kernel + kx) * in_c * out_channels];
          for (int i = 0; i < in_c; ++i) {
            const float x = in[i];
            if (x == 0.0f) continue;  // ReLU outputs are often zero
            const float* wi = w + static_cast<size_t>(i) * out_channels;
            for (int o = 0; o < out_channels; ++o) {
              // Separate statements: no fused multiply-add contraction, so
              // the sums are the same on every platform.
              const float product = x * wi[o];
              acc[o] += product;
            }
          }
        }
      }
    }
  }
  return out;
}

FeatureMap DepthwiseConv2DSame(const FeatureMap& input, const std::vector<float>& weights,
                               int kernel, int stride) {
  const int c = input.channels;
  FeatureMap out{SameOutputSize(input.height, stride), SameOutputSize(input.width, stride), c, {}};
  out.data.assign(static_cast<size_t>(out.height) * out.width * c, 0.0f);
  const int pad_y = SamePaddingBefore(input.height, kernel, stride);
  const int pad_x = SamePaddingBefore(input.width, kernel, stride);
  for (int oy = 0; oy < out.height; ++oy) {
    for (int ox = 0; ox < out.width; ++ox) {
      float* acc = &out.data[(static_cast<size_t>(oy) * out.width + ox) * c];
      for (int ky = 0; ky < kernel; ++ky) {
        const int iy = oy * stride - pad_y + ky;
        if (iy < 0 || iy >= input.height) continue;
        for (int kx = 0; kx < kernel; ++kx) {
          const int ix = ox * stride - pad_x + kx;
          if (ix < 0 || ix >= input.width) continue;
          const float* in = &input.data[(static_cast<size_t>(iy) * input.width + ix) * c];
          const float* w = &weights[static_cast<size_t>(ky * kernel + kx) * c];
          for (int ch = 0; ch < c; ++ch) {
            const float product = in[ch] * w[ch];
            acc[ch] += product;
          }
        }
      }
    }
  }
  return out;
}

}  // namespace edgebench::zoo
