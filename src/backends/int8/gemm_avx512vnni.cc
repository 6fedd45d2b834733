// AVX-512 VNNI: vpdpbusd multiplies 4 input bytes (unsigned, broadcast) by 4
// packed weights (signed) for each of 16 output channels and adds the four
// products to that channel's int32 sum, exactly. A tile of four rows and
// two blocks shares each weight load over the rows and each input
// broadcast over the blocks.
#if defined(__x86_64__)
// GCC 12 reports the AVX-512 intrinsics' own _mm512_undefined pass-through
// operands as maybe uninitialized (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

#define EB_AVX512_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

// What requantizing one block takes, loaded once per block and tile.
struct BlockRequantization {
  __m512i multiplier;      // per channel, Q31
  __m512i multiplier_odd;  // the odd channels' multipliers in the low halves
  __m512i shift;           // right shift per channel
  __m512i mask;            // 2^shift - 1
  __m512i half_mask;       // mask >> 1
  __m512i bias;            // PackedGemm::bias
  __mmask16 valid;         // channels that exist
};

struct OutputRange {
  __m512i offset;
  __m512i min;
  __m512i max;
};

EB_AVX512_VNNI inline BlockRequantization LoadRequantization(const PackedGemm& gemm,
                                                             int32_t block) {
  const int32_t first = block * kBlockChannels;
  BlockRequantization q;
  q.multiplier = _mm512_loadu_si512(gemm.multipliers.data() + first);
  q.multiplier_odd = _mm512_srli_epi64(q.multiplier, 32);
  q.shift = _mm512_loadu_si512(gemm.right_shifts.data() + first);
  q.mask = _mm512_sub_epi32(_mm512_sllv_epi32(_mm512_set1_epi32(1), q.shift), _mm512_set1_epi32(1));
  q.half_mask = _mm512_srli_epi32(q.mask, 1);
  q.bias = _mm512_loadu_si512(gemm.bias.data() + first);
  q.valid = static_cast<__mmask16>((1u << std::min(kBlockChannels, gemm.channels - first)) - 1);
  return q;
}

// kernels::Requantize of 16 channels at once, bit for bit, for right shifts
// only (PackedGemm::right_shifts_only). SaturatingRoundingDoublingHighMul
// with a positive multiplier never saturates and equals
// floor((x * m + 2^30) / 2^31) for either sign; RoundingDivideByPOT rounds
// half away from zero with the reference's remainder/threshold test.
EB_AVX512_VNNI inline __m128i Requantize16(__m512i x, const BlockRequantization& q,
                                           const OutputRange& range) {
  const __m512i half = _mm512_set1_epi64(int64_t{1} << 30);
  const __m512i even =
      _mm512_srai_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, q.multiplier), half), 31);
  const __m512i odd = _mm512_srai_epi64(
      _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), q.multiplier_odd), half), 31);
  const __m512i high = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  const __m512i remainder = _mm512_and_si512(high, q.mask);
  const __m512i threshold = _mm512_sub_epi32(q.half_mask, _mm512_srai_epi32(high, 31));
  __m512i result = _mm512_srav_epi32(high, q.shift);
  result = _mm512_mask_add_epi32(result, _mm512_cmpgt_epi32_mask(remainder, threshold), result,
                                 _mm512_set1_epi32(1));
  result = _mm512_add_epi32(result, range.offset);
  result = _mm512_min_epi32(_mm512_max_epi32(result, range.min), range.max);
  return _mm512_cvtepi32_epi8(result);
}

// One group step of M rows x B blocks: B weight loads shared by M rows.
template <int M, int B>
EB_AVX512_VNNI inline void Step(__m512i (&acc)[M][B], const int8_t* weights, size_t block_bytes,
                                const __m512i (&in)[M]) {
  for (int b = 0; b < B; ++b) {
    const __m512i w = _mm512_loadu_si512(weights + b * block_bytes);
    for (int r = 0; r < M; ++r) acc[r][b] = _mm512_dpbusd_epi32(acc[r][b], in[r], w);
  }
}

// Rows [0, M) of the tile times blocks [block, block + B).
template <int M, int B>
EB_AVX512_VNNI inline void Blocks(const PackedGemm& gemm, const uint8_t* input,
                                  const int32_t* row_terms, const OutputRange& range, int32_t block,
                                  uint8_t* output) {
  const int32_t depth = gemm.depth;
  const int32_t full_groups = depth / kGroupDepth;
  constexpr size_t kGroupBytes = kBlockChannels * kGroupDepth;
  const size_t block_bytes = static_cast<size_t>(gemm.groups) * kGroupBytes;
  const int8_t* w = BlockWeights(gemm, block);
  __m512i acc[M][B];
  for (int r = 0; r < M; ++r) {
    for (int b = 0; b < B; ++b) acc[r][b] = _mm512_setzero_si512();
  }
  __m512i in[M];
  int32_t g = 0;
  for (; g < full_groups; ++g) {
    for (int r = 0; r < M; ++r) {
      in[r] = _mm512_set1_epi32(LoadFullGroup(input + r * depth, g * kGroupDepth));
    }
    Step<M, B>(acc, w + g * kGroupBytes, block_bytes, in);
  }
  if (g < gemm.groups) {
    for (int r = 0; r < M; ++r) {
      in[r] = _mm512_set1_epi32(LoadGroup(input + r * depth, g * kGroupDepth, depth));
    }
    Step<M, B>(acc, w + g * kGroupBytes, block_bytes, in);
  }
  for (int b = 0; b < B; ++b) {
    const int32_t first = (block + b) * kBlockChannels;
    if (!gemm.right_shifts_only) {
      alignas(64) int32_t sums[M * kBlockChannels];
      for (int r = 0; r < M; ++r) _mm512_store_si512(sums + r * kBlockChannels, acc[r][b]);
      StoreTile(gemm, sums, row_terms, M, block + b, output);
      continue;
    }
    const BlockRequantization q = LoadRequantization(gemm, block + b);
    for (int r = 0; r < M; ++r) {
      const __m512i total =
          _mm512_add_epi32(_mm512_add_epi32(acc[r][b], q.bias), _mm512_set1_epi32(row_terms[r]));
      _mm_mask_storeu_epi8(output + static_cast<int64_t>(r) * gemm.channels + first, q.valid,
                           Requantize16(total, q, range));
    }
  }
}

// Two blocks (32 channels) at a time: 8 accumulators share each row's
// broadcast input, halving the broadcasts per dot product.
template <int M>
struct Avx512VnniTile {
  EB_AVX512_VNNI static void Run(const PackedGemm& gemm, const uint8_t* input,
                                 const int32_t* row_terms, uint8_t* output) {
    const kernels::ConvQuantization& q = gemm.quantization;
    const OutputRange range{_mm512_set1_epi32(q.output_offset), _mm512_set1_epi32(q.clamp.min),
                            _mm512_set1_epi32(q.clamp.max)};
    int32_t block = 0;
    for (; block + 2 <= gemm.blocks; block += 2) {
      Blocks<M, 2>(gemm, input, row_terms, range, block, output);
    }
    if (block < gemm.blocks) Blocks<M, 1>(gemm, input, row_terms, range, block, output);
  }
};

}  // namespace

void GemmAvx512Vnni(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<Avx512VnniTile>(gemm, input, rows, gemm.signed_row_coefficient, output);
}

#undef EB_AVX512_VNNI

}  // namespace edgebench::backends::int8
#endif
