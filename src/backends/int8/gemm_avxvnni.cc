// AVX-VNNI (VEX vpdpbusd on ymm: Alder Lake and later cores without
// AVX-512): the AVX-512 VNNI kernel's arithmetic on 8 channels per
// register, two registers per block, exact. Requantizes with the scalar
// StoreTile (AVX2 has no 64-bit arithmetic shift for a vector epilogue).
#if defined(__x86_64__)
#include <immintrin.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

template <int M>
struct AvxVnniTile {
  __attribute__((target("avx2,avxvnni"))) static void Run(const PackedGemm& gemm,
                                                          const uint8_t* input,
                                                          const int32_t* row_terms,
                                                          uint8_t* output) {
    const int32_t depth = gemm.depth;
    const int32_t full_groups = depth / kGroupDepth;
    constexpr int kHalf = kBlockChannels * kGroupDepth / 2;  // bytes per ymm
    for (int32_t block = 0; block < gemm.blocks; ++block) {
      const int8_t* w = BlockWeights(gemm, block);
      __m256i acc[M][2];
      for (int r = 0; r < M; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
      for (int32_t g = 0; g < gemm.groups; ++g) {
        const int8_t* group = w + g * 2 * kHalf;
        const __m256i first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(group));
        const __m256i second = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(group + kHalf));
        for (int r = 0; r < M; ++r) {
          const uint8_t* row = input + r * depth;
          const int32_t k = g * kGroupDepth;
          const __m256i in =
              _mm256_set1_epi32(g < full_groups ? LoadFullGroup(row, k) : LoadGroup(row, k, depth));
          acc[r][0] = _mm256_dpbusd_avx_epi32(acc[r][0], in, first);
          acc[r][1] = _mm256_dpbusd_avx_epi32(acc[r][1], in, second);
        }
      }
      alignas(32) int32_t sums[M * kBlockChannels];
      for (int r = 0; r < M; ++r) {
        _mm256_store_si256(reinterpret_cast<__m256i*>(sums + r * kBlockChannels), acc[r][0]);
        _mm256_store_si256(reinterpret_cast<__m256i*>(sums + r * kBlockChannels + 8), acc[r][1]);
      }
      StoreTile(gemm, sums, row_terms, M, block, output);
    }
  }
};

}  // namespace

void GemmAvxVnni(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<AvxVnniTile>(gemm, input, rows, gemm.signed_row_coefficient, output);
}

}  // namespace edgebench::backends::int8
#endif
