#include "kernels/quantization.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgebench::kernels {

QuantizedMultiplier QuantizeMultiplier(double real_multiplier) {
  QuantizedMultiplier result;
  if (real_multiplier == 0.0) return result;
  int exponent = 0;
  const double fraction = std::frexp(real_multiplier, &exponent);  // [0.5, 1)
  int64_t fixed = static_cast<int64_t>(std::round(fraction * (1LL << 31)));
  if (fixed == (1LL << 31)) {  // rounding carried into the next power of two
    fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {  // too small to represent: the product is always 0
    exponent = 0;
    fixed = 0;
  }
  result.multiplier = static_cast<int32_t>(fixed);
  result.shift = exponent;
  return result;
}

int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) {
    return std::numeric_limits<int32_t>::max();
  }
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int64_t nudge = product >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return static_cast<int32_t>((product + nudge) / (1LL << 31));
}

int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t MultiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier m) {
  const int left_shift = m.shift > 0 ? m.shift : 0;
  const int right_shift = m.shift > 0 ? 0 : -m.shift;
  // The left shift is done in 64 bits and saturated: TFLite multiplies by
  // (1 << left_shift) in 32 bits, which only differs on overflow, where the
  // result is meaningless either way.
  const int64_t shifted = static_cast<int64_t>(x) * (int64_t{1} << left_shift);
  const int32_t saturated = static_cast<int32_t>(std::clamp<int64_t>(
      shifted, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()));
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(saturated, m.multiplier),
                             right_shift);
}

int32_t QuantizeValue(float real, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  const float scaled = std::round(real / scale);
  const int64_t q = static_cast<int64_t>(zero_point) +
                    static_cast<int64_t>(std::clamp(scaled, -2147483648.0f, 2147483520.0f));
  return static_cast<int32_t>(std::clamp<int64_t>(q, qmin, qmax));
}

}  // namespace edgebench::kernels
