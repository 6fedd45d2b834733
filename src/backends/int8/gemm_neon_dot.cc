// Arm dot-product extension (ARMv8.2 dotprod: Cortex-A76 of the Raspberry
// Pi 5, not the Pi 4's A72): udot multiplies 4 input bytes (broadcast) by 4
// weight bytes for each of 4 channels and adds them into uint32, exactly.
// udot is unsigned x unsigned, so the packed w - 128 is flipped back to w
// on load and the row terms use the unsigned coefficient.
#if defined(__aarch64__)
#include <arm_neon.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

template <int M>
struct NeonDotTile {
  __attribute__((target("arch=armv8.2-a+dotprod"))) static void Run(const PackedGemm& gemm,
                                                                    const uint8_t* input,
                                                                    const int32_t* row_terms,
                                                                    uint8_t* output) {
    const int32_t depth = gemm.depth;
    const int32_t full_groups = depth / kGroupDepth;
    constexpr int kQuads = kBlockChannels / 4;  // uint32x4 per block
    const uint8x16_t flip = vdupq_n_u8(0x80);
    for (int32_t block = 0; block < gemm.blocks; ++block) {
      const int8_t* w = BlockWeights(gemm, block);
      uint32x4_t acc[M][kQuads];
      for (int r = 0; r < M; ++r) {
        for (int q = 0; q < kQuads; ++q) acc[r][q] = vdupq_n_u32(0);
      }
      for (int32_t g = 0; g < gemm.groups; ++g) {
        const int8_t* group = w + g * kBlockChannels * kGroupDepth;
        uint8x16_t weights[kQuads];
        for (int q = 0; q < kQuads; ++q) {
          weights[q] = veorq_u8(vreinterpretq_u8_s8(vld1q_s8(group + 16 * q)), flip);
        }
        for (int r = 0; r < M; ++r) {
          const uint8_t* row = input + r * depth;
          const int32_t k = g * kGroupDepth;
          const int32_t bytes = g < full_groups ? LoadFullGroup(row, k) : LoadGroup(row, k, depth);
          const uint8x16_t in = vreinterpretq_u8_s32(vdupq_n_s32(bytes));
          for (int q = 0; q < kQuads; ++q) acc[r][q] = vdotq_u32(acc[r][q], in, weights[q]);
        }
      }
      int32_t sums[M * kBlockChannels];
      for (int r = 0; r < M; ++r) {
        for (int q = 0; q < kQuads; ++q) {
          vst1q_s32(sums + r * kBlockChannels + 4 * q, vreinterpretq_s32_u32(acc[r][q]));
        }
      }
      StoreTile(gemm, sums, row_terms, M, block, output);
    }
  }
};

}  // namespace

void GemmNeonDot(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<NeonDotTile>(gemm, input, rows, gemm.unsigned_row_coefficient, output);
}

}  // namespace edgebench::backends::int8
#endif
