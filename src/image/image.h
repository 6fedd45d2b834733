// An 8-bit RGB image in memory: the currency of the image pipeline between
// the decoders, the resizers and the conversion to a model's input tensor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace edgebench::image {

// Row-major, interleaved RGB (R, G, B per pixel, no row padding). The Image
// owns its pixels; copies are deep. Width and height are in pixels.
struct Image {
  static constexpr int kChannels = 3;

  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * kChannels bytes

  Image() = default;
  // A width x height image filled with zeros. Callers check the size first:
  // the decoders refuse absurd sizes before they get here.
  Image(int w, int h)
      : width(w), height(h), pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * kChannels) {}

  int channels() const { return kChannels; }
  bool empty() const { return pixels.empty(); }
  size_t row_bytes() const { return static_cast<size_t>(width) * kChannels; }
  uint8_t* row(int y) { return pixels.data() + static_cast<size_t>(y) * row_bytes(); }
  const uint8_t* row(int y) const { return pixels.data() + static_cast<size_t>(y) * row_bytes(); }
  uint8_t& at(int x, int y, int c) { return row(y)[static_cast<size_t>(x) * kChannels + c]; }
  uint8_t at(int x, int y, int c) const { return row(y)[static_cast<size_t>(x) * kChannels + c]; }
};

}  // namespace edgebench::image
