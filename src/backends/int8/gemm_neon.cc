// Plain Advanced SIMD (every arm64 core, e.g. the Raspberry Pi 4's A72):
// umlal widens the weights to uint16 and multiplies them by one input byte
// into uint32 sums, 8 channels per instruction. vld4 de-interleaves a
// packed group into one 16-channel vector per k.
#if defined(__aarch64__)
#include <arm_neon.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

template <int M>
struct NeonTile {
  static void Run(const PackedGemm& gemm, const uint8_t* input, const int32_t* row_terms,
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
        const int8x16x4_t packed = vld4q_s8(w + g * kBlockChannels * kGroupDepth);
        for (int j = 0; j < kGroupDepth; ++j) {
          const uint8x16_t weights = veorq_u8(vreinterpretq_u8_s8(packed.val[j]), flip);
          const uint16x8_t low = vmovl_u8(vget_low_u8(weights));
          const uint16x8_t high = vmovl_high_u8(weights);
          for (int r = 0; r < M; ++r) {
            const uint8_t* row = input + r * depth;
            const int32_t k = g * kGroupDepth;
            const int32_t bytes =
                g < full_groups ? LoadFullGroup(row, k) : LoadGroup(row, k, depth);
            const uint16_t in =
                static_cast<uint16_t>((static_cast<uint32_t>(bytes) >> (8 * j)) & 0xff);
            acc[r][0] = vmlal_n_u16(acc[r][0], vget_low_u16(low), in);
            acc[r][1] = vmlal_high_n_u16(acc[r][1], low, in);
            acc[r][2] = vmlal_n_u16(acc[r][2], vget_low_u16(high), in);
            acc[r][3] = vmlal_high_n_u16(acc[r][3], high, in);
          }
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

void GemmNeon(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<NeonTile>(gemm, input, rows, gemm.unsigned_row_coefficient, output);
}

}  // namespace edgebench::backends::int8
#endif
