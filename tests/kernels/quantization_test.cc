// Fixed-point arithmetic checked against values worked out by hand from the
// definitions (real multiplier = multiplier * 2^(shift-31)).
#include "kernels/quantization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace edgebench::kernels {
namespace {

TEST(QuantizeMultiplierTest, PowersOfTwoAndFractions) {
  EXPECT_EQ(QuantizeMultiplier(0.5).multiplier, 1 << 30);
  EXPECT_EQ(QuantizeMultiplier(0.5).shift, 0);
  EXPECT_EQ(QuantizeMultiplier(1.0).multiplier, 1 << 30);
  EXPECT_EQ(QuantizeMultiplier(1.0).shift, 1);
  EXPECT_EQ(QuantizeMultiplier(0.75).multiplier, 1610612736);  // 0.75 * 2^31
  EXPECT_EQ(QuantizeMultiplier(0.75).shift, 0);
  EXPECT_EQ(QuantizeMultiplier(0.25).multiplier, 1 << 30);
  EXPECT_EQ(QuantizeMultiplier(0.25).shift, -1);
}

TEST(QuantizeMultiplierTest, ZeroAndTooSmall) {
  EXPECT_EQ(QuantizeMultiplier(0.0).multiplier, 0);
  EXPECT_EQ(QuantizeMultiplier(0.0).shift, 0);
  // 1e-12 ~ 0.55 * 2^-39: below 2^-31 it cannot be represented.
  EXPECT_EQ(QuantizeMultiplier(1e-12).multiplier, 0);
  EXPECT_EQ(QuantizeMultiplier(1e-12).shift, 0);
}

TEST(QuantizeMultiplierTest, RoundingCarriesIntoNextPowerOfTwo) {
  // 1 - 2^-40 has fraction 0.99999... which rounds to 2^31 in Q31.
  const QuantizedMultiplier m = QuantizeMultiplier(1.0 - std::ldexp(1.0, -40));
  EXPECT_EQ(m.multiplier, 1 << 30);
  EXPECT_EQ(m.shift, 1);
}

TEST(RoundingDivideByPOTTest, TiesRoundAwayFromZero) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);    // 2.5
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);  // -2.5
  EXPECT_EQ(RoundingDivideByPOT(4, 1), 2);
  EXPECT_EQ(RoundingDivideByPOT(-4, 1), -2);
  EXPECT_EQ(RoundingDivideByPOT(7, 2), 2);    // 1.75
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);  // -1.5
  EXPECT_EQ(RoundingDivideByPOT(5, 2), 1);    // 1.25
  EXPECT_EQ(RoundingDivideByPOT(9, 0), 9);
}

TEST(SaturatingRoundingDoublingHighMulTest, Values) {
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMin), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1 << 30, 1 << 30), 1 << 29);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(101, 1 << 30), 51);  // 50.5 up
  // A negative tie rounds toward zero here (the nudge is 1 - 2^30), as in
  // gemmlowp and TFLite: -50.5 -> -50.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-101, 1 << 30), -50);
}

TEST(MultiplyByQuantizedMultiplierTest, HalfAndQuarter) {
  EXPECT_EQ(MultiplyByQuantizedMultiplier(100, QuantizeMultiplier(0.5)), 50);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(10, QuantizeMultiplier(0.25)), 3);    // 2.5
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-10, QuantizeMultiplier(0.25)), -3);  // -2.5
  EXPECT_EQ(MultiplyByQuantizedMultiplier(7, QuantizeMultiplier(3.0)), 21);     // left shift
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1000, QuantizeMultiplier(0.001)), 1);
}

TEST(MultiplyByQuantizedMultiplierTest, CloseToRealProductOverARange) {
  for (double real : {0.0003, 0.0117, 0.37, 0.9, 1.7, 23.0}) {
    const QuantizedMultiplier m = QuantizeMultiplier(real);
    for (int32_t x = -5000; x <= 5000; x += 37) {
      const double expected = x * real;
      EXPECT_LE(std::abs(MultiplyByQuantizedMultiplier(x, m) - expected), 1.0)
          << "x=" << x << " real=" << real;
    }
  }
}

TEST(QuantizeValueTest, RoundsAndClamps) {
  EXPECT_EQ(QuantizeValue(0.5f, 1.0f, 0, 0, 255), 1);  // tie away from zero
  EXPECT_EQ(QuantizeValue(-0.5f, 1.0f, 0, -128, 127), -1);
  EXPECT_EQ(QuantizeValue(-3.0f, 1.0f, 0, 0, 255), 0);
  EXPECT_EQ(QuantizeValue(1000.0f, 1.0f, 0, 0, 255), 255);
  EXPECT_EQ(QuantizeValue(0.0f, 0.0078125f, 128, 0, 255), 128);
  EXPECT_EQ(QuantizeValue(1.0f, 0.0078125f, 128, 0, 255), 255);  // 256 clamps
  EXPECT_EQ(QuantizeValue(1e30f, 1e-10f, 0, -128, 127), 127);    // no overflow
}

}  // namespace
}  // namespace edgebench::kernels
