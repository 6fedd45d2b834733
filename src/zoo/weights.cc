#include "zoo/weights.h"

#include <algorithm>
#include <cmath>

namespace edgebench::zoo {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  x += 0x9e3779b97f4a7c15ULL;
  uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t& word : state_) word = SplitMix64(x);
}

uint64_t Rng::Next() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Rng::Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

float Rng::Uniform(float lo, float hi) {
  return static_cast<float>(lo + (static_cast<double>(hi) - lo) * Uniform01());
}

double Rng::NormalIsh() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += Uniform01();
  return sum - 6.0;
}

std::vector<float> HeNormal(Rng& rng, size_t count, int fan_in) {
  // sqrt is correctly rounded (IEEE 754), so this stays platform independent.
  const double stddev = std::sqrt(2.0 / fan_in);
  std::vector<float> values(count);
  for (float& v : values) v = static_cast<float>(stddev * rng.NormalIsh());
  return values;
}

std::vector<float> SyntheticImage(int height, int width, uint64_t seed) {
  Rng rng(seed ^ 0x1a2b3c4d5e6f7081ULL);
  // Integer pixel values first, so the picture is exact on every platform.
  std::vector<int> pixels(static_cast<size_t>(height) * width * 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      int* p = &pixels[(static_cast<size_t>(y) * width + x) * 3];
      p[0] = 255 * x / std::max(width - 1, 1);
      p[1] = 255 * y / std::max(height - 1, 1);
      p[2] = 255 - 255 * (x + y) / std::max(width + height - 2, 1);
    }
  }
  // Objects: flat rectangles of random colour give edges at many scales.
  for (int r = 0; r < 24; ++r) {
    const int y0 = static_cast<int>(rng.Next() % height);
    const int x0 = static_cast<int>(rng.Next() % width);
    const int h = 4 + static_cast<int>(rng.Next() % (height / 3));
    const int w = 4 + static_cast<int>(rng.Next() % (width / 3));
    int colour[3];
    for (int& c : colour) c = static_cast<int>(rng.Next() % 256);
    for (int y = y0; y < std::min(height, y0 + h); ++y) {
      for (int x = x0; x < std::min(width, x0 + w); ++x) {
        int* p = &pixels[(static_cast<size_t>(y) * width + x) * 3];
        for (int c = 0; c < 3; ++c) p[c] = colour[c];
      }
    }
  }
  std::vector<float> image(pixels.size());
  for (size_t i = 0; i < pixels.size(); ++i) {
    const int noise = static_cast<int>(rng.Next() % 17) - 8;
    const int q = std::clamp(pixels[i] + noise, 0, 255);
    image[i] = static_cast<float>(q - 128) / 128.0f;
  }
  return image;
}

}  // namespace edgebench::zoo
