#include "image/resize.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace edgebench::image {
namespace {

Status CheckSizes(const Image& input, int out_width, int out_height) {
  if (input.width <= 0 || input.height <= 0 || input.empty()) {
    return Status::Error("resize: input image is empty");
  }
  if (out_width <= 0 || out_height <= 0) {
    return Status::Error("resize: output size " + std::to_string(out_width) + "x" +
                         std::to_string(out_height) + " is not positive");
  }
  return Status::Ok();
}

uint8_t RoundToByte(float v) { return static_cast<uint8_t>(std::clamp(v + 0.5f, 0.0f, 255.0f)); }

// Source neighbours and weight of the second one, per output coordinate.
struct BilinearTap {
  int lo;
  int hi;
  float frac;
};

std::vector<BilinearTap> BilinearTaps(int in_size, int out_size) {
  std::vector<BilinearTap> taps(out_size);
  const double scale = static_cast<double>(in_size) / out_size;
  for (int o = 0; o < out_size; ++o) {
    const double src = (o + 0.5) * scale - 0.5;  // half-pixel centres
    const double floor_src = std::floor(src);
    taps[o].lo = std::max(static_cast<int>(floor_src), 0);
    taps[o].hi = std::min(static_cast<int>(std::ceil(src)), in_size - 1);
    taps[o].frac = static_cast<float>(src - floor_src);
  }
  return taps;
}

// Source pixels and weights (summing to 1) of one output coordinate.
struct AreaSpan {
  int first;
  std::vector<float> weights;
};

std::vector<AreaSpan> AreaSpans(int in_size, int out_size) {
  std::vector<AreaSpan> spans(out_size);
  const double scale = static_cast<double>(in_size) / out_size;
  for (int o = 0; o < out_size; ++o) {
    const double start = static_cast<double>(o) * in_size / out_size;
    const double end = static_cast<double>(o + 1) * in_size / out_size;
    const int first = static_cast<int>(std::floor(start));
    const int last = std::min(static_cast<int>(std::ceil(end)), in_size);  // exclusive
    spans[o].first = first;
    for (int i = first; i < last; ++i) {
      const double covered = std::min(end, i + 1.0) - std::max(start, static_cast<double>(i));
      spans[o].weights.push_back(static_cast<float>(covered / scale));
    }
  }
  return spans;
}

}  // namespace

const char* ResizeMethodName(ResizeMethod method) {
  switch (method) {
    case ResizeMethod::kBilinear: return "bilinear";
    case ResizeMethod::kArea: return "area";
    case ResizeMethod::kAuto: return "auto";
  }
  return "?";
}

ResizeMethod ResolveResizeMethod(int in_width, int in_height, int out_width, int out_height,
                                 ResizeMethod method) {
  if (method != ResizeMethod::kAuto) return method;
  const bool big_reduction = in_width > 2 * out_width || in_height > 2 * out_height;
  return big_reduction ? ResizeMethod::kArea : ResizeMethod::kBilinear;
}

Result<Image> ResizeBilinear(const Image& input, int out_width, int out_height) {
  EB_RETURN_IF_ERROR(CheckSizes(input, out_width, out_height));
  const auto xs = BilinearTaps(input.width, out_width);
  const auto ys = BilinearTaps(input.height, out_height);
  Image out(out_width, out_height);
  for (int y = 0; y < out_height; ++y) {
    const uint8_t* top = input.row(ys[y].lo);
    const uint8_t* bottom = input.row(ys[y].hi);
    const float fy = ys[y].frac;
    uint8_t* dst = out.row(y);
    for (int x = 0; x < out_width; ++x) {
      const int l = xs[x].lo * Image::kChannels;
      const int r = xs[x].hi * Image::kChannels;
      const float fx = xs[x].frac;
      for (int c = 0; c < Image::kChannels; ++c) {
        const float t = top[l + c] + (top[r + c] - top[l + c]) * fx;
        const float b = bottom[l + c] + (bottom[r + c] - bottom[l + c]) * fx;
        dst[x * Image::kChannels + c] = RoundToByte(t + (b - t) * fy);
      }
    }
  }
  return out;
}

Result<Image> ResizeArea(const Image& input, int out_width, int out_height) {
  EB_RETURN_IF_ERROR(CheckSizes(input, out_width, out_height));
  const auto xs = AreaSpans(input.width, out_width);
  const auto ys = AreaSpans(input.height, out_height);
  constexpr int kC = Image::kChannels;

  // Horizontal pass into floats (out_width x input.height), then vertical.
  const size_t tmp_row = static_cast<size_t>(out_width) * kC;
  std::vector<float> tmp(tmp_row * input.height, 0.0f);
  for (int y = 0; y < input.height; ++y) {
    const uint8_t* src = input.row(y);
    float* dst = tmp.data() + y * tmp_row;
    for (int x = 0; x < out_width; ++x) {
      const AreaSpan& span = xs[x];
      for (size_t k = 0; k < span.weights.size(); ++k) {
        const uint8_t* p = src + (span.first + static_cast<int>(k)) * kC;
        for (int c = 0; c < kC; ++c) dst[x * kC + c] += span.weights[k] * p[c];
      }
    }
  }
  Image out(out_width, out_height);
  std::vector<float> acc(tmp_row);
  for (int y = 0; y < out_height; ++y) {
    std::fill(acc.begin(), acc.end(), 0.0f);
    const AreaSpan& span = ys[y];
    for (size_t k = 0; k < span.weights.size(); ++k) {
      const float* src = tmp.data() + (span.first + static_cast<int>(k)) * tmp_row;
      for (size_t i = 0; i < tmp_row; ++i) acc[i] += span.weights[k] * src[i];
    }
    uint8_t* dst = out.row(y);
    for (size_t i = 0; i < tmp_row; ++i) dst[i] = RoundToByte(acc[i]);
  }
  return out;
}

Result<Image> Resize(const Image& input, int out_width, int out_height, ResizeMethod method) {
  switch (ResolveResizeMethod(input.width, input.height, out_width, out_height, method)) {
    case ResizeMethod::kArea: return ResizeArea(input, out_width, out_height);
    default: return ResizeBilinear(input, out_width, out_height);
  }
}

}  // namespace edgebench::image
