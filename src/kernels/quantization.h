// TensorFlow Lite's fixed-point requantization arithmetic. The reference
// kernels use exactly these roundings so uint8/int8 results match TFLite's.
#pragma once

#include <cstdint>

namespace edgebench::kernels {

// A real multiplier m as a Q31 fixed-point value and a power-of-two shift:
// m ~= quantized_multiplier * 2^(shift - 31), quantized_multiplier in
// [2^30, 2^31) (or 0 for m == 0). Positive shift means a left shift.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

QuantizedMultiplier QuantizeMultiplier(double real_multiplier);

// (a * b * 2) >> 32 rounded to nearest, saturating the one overflow case
// (INT32_MIN * INT32_MIN).
int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b);

// x / 2^exponent rounded to nearest, ties away from zero.
int32_t RoundingDivideByPOT(int32_t x, int exponent);

// x * real_multiplier with TFLite's double rounding.
int32_t MultiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier m);

// Real value -> quantized value (round to nearest, ties away from zero) and
// clamped to [qmin, qmax].
int32_t QuantizeValue(float real, float scale, int32_t zero_point, int32_t qmin, int32_t qmax);

}  // namespace edgebench::kernels
