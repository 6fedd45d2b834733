// AVX-512 VNNI: vpdpbusd multiplies 4 input bytes (unsigned, broadcast) by 4
// packed weights (signed) for each of 16 output channels and adds the four
// products to that channel's int32 sum, exactly. Four rows per tile share
// each weight load.
#if defined(__x86_64__)
#include <immintrin.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

template <int M>
struct Avx512VnniTile {
  __attribute__((target("avx512f,avx512bw,avx512vnni"))) static void Run(const PackedGemm& gemm,
                                                                         const uint8_t* input,
                                                                         const int32_t* row_terms,
                                                                         uint8_t* output) {
    const int32_t depth = gemm.depth;
    const int32_t full_groups = depth / kGroupDepth;
    for (int32_t block = 0; block < gemm.blocks; ++block) {
      const int8_t* w = BlockWeights(gemm, block);
      __m512i acc[M];
      for (int r = 0; r < M; ++r) acc[r] = _mm512_setzero_si512();
      int32_t g = 0;
      for (; g < full_groups; ++g) {
        const __m512i weights = _mm512_loadu_si512(w + g * kBlockChannels * kGroupDepth);
        for (int r = 0; r < M; ++r) {
          const __m512i in = _mm512_set1_epi32(LoadFullGroup(input + r * depth, g * kGroupDepth));
          acc[r] = _mm512_dpbusd_epi32(acc[r], in, weights);
        }
      }
      if (g < gemm.groups) {
        const __m512i weights = _mm512_loadu_si512(w + g * kBlockChannels * kGroupDepth);
        for (int r = 0; r < M; ++r) {
          const __m512i in =
              _mm512_set1_epi32(LoadGroup(input + r * depth, g * kGroupDepth, depth));
          acc[r] = _mm512_dpbusd_epi32(acc[r], in, weights);
        }
      }
      alignas(64) int32_t sums[M * kBlockChannels];
      for (int r = 0; r < M; ++r) _mm512_store_si512(sums + r * kBlockChannels, acc[r]);
      StoreTile(gemm, sums, row_terms, M, block, output);
    }
  }
};

}  // namespace

void GemmAvx512Vnni(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<Avx512VnniTile>(gemm, input, rows, gemm.signed_row_coefficient, output);
}

}  // namespace edgebench::backends::int8
#endif
