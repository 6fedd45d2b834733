// AVX-512 VNNI: vpdpbusd multiplies 4 input bytes (unsigned, broadcast) by 4
// packed weights (signed) for each of 16 output channels and adds the four
// products to that channel's int32 sum, exactly. Four rows per tile share
// each weight load.
#if defined(__x86_64__)
// GCC 12 reports the AVX-512 intrinsics' own _mm512_undefined pass-through
// operands as maybe uninitialized (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

// kernels::Requantize of 16 channels at once, bit for bit, for right shifts
// only (PackedGemm::right_shifts_only). SaturatingRoundingDoublingHighMul
// with a positive multiplier never saturates and equals
// floor((x * m + 2^30) / 2^31) for either sign; RoundingDivideByPOT rounds
// half away from zero with the reference's remainder/threshold test.
__attribute__((target("avx512f,avx512bw,avx512vl"))) inline __m128i Requantize16(
    __m512i x, const PackedGemm& gemm, int32_t first) {
  const __m512i multiplier = _mm512_loadu_si512(gemm.multipliers.data() + first);
  const __m512i shift = _mm512_loadu_si512(gemm.right_shifts.data() + first);
  const __m512i half = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even =
      _mm512_srai_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, multiplier), half), 31);
  const __m512i odd = _mm512_srai_epi64(
      _mm512_add_epi64(
          _mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(multiplier, 32)), half),
      31);
  const __m512i high = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  const __m512i mask =
      _mm512_sub_epi32(_mm512_sllv_epi32(_mm512_set1_epi32(1), shift), _mm512_set1_epi32(1));
  const __m512i remainder = _mm512_and_si512(high, mask);
  const __m512i threshold =
      _mm512_sub_epi32(_mm512_srli_epi32(mask, 1), _mm512_srai_epi32(high, 31));
  __m512i result = _mm512_srav_epi32(high, shift);
  result = _mm512_mask_add_epi32(result, _mm512_cmpgt_epi32_mask(remainder, threshold), result,
                                 _mm512_set1_epi32(1));
  const kernels::ConvQuantization& q = gemm.quantization;
  result = _mm512_add_epi32(result, _mm512_set1_epi32(q.output_offset));
  result = _mm512_max_epi32(result, _mm512_set1_epi32(q.clamp.min));
  result = _mm512_min_epi32(result, _mm512_set1_epi32(q.clamp.max));
  return _mm512_cvtepi32_epi8(result);
}

template <int M>
struct Avx512VnniTile {
  __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni"))) static void Run(
      const PackedGemm& gemm, const uint8_t* input, const int32_t* row_terms, uint8_t* output) {
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
      const int32_t first = block * kBlockChannels;
      if (gemm.right_shifts_only) {
        const __mmask16 valid =
            static_cast<__mmask16>((1u << std::min(kBlockChannels, gemm.channels - first)) - 1);
        const __m512i bias = _mm512_loadu_si512(gemm.bias.data() + first);
        for (int r = 0; r < M; ++r) {
          const __m512i total =
              _mm512_add_epi32(_mm512_add_epi32(acc[r], bias), _mm512_set1_epi32(row_terms[r]));
          _mm_mask_storeu_epi8(output + static_cast<int64_t>(r) * gemm.channels + first, valid,
                               Requantize16(total, gemm, first));
        }
        continue;
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
