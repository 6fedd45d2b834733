// AVX2: vpmaddubsw multiplies unsigned input bytes by signed weights and adds
// pairs into int16, which saturates when both products of a pair are large
// (255 * -128 * 2 < -32768). Each weight w' = w - 128 is therefore split as
// w' = 2 h + l with h in [-64, 63] and l in {0, 1}: pairs of 255 * h stay
// within +-32640, and vpmaddwd then widens both halves to int32 (h's with a
// factor 2), so the sums are exact. Eight channels per ymm, two per block.
#if defined(__x86_64__)
#include <immintrin.h>

#include "backends/int8/packed_gemm.h"

namespace edgebench::backends::int8 {
namespace {

struct SplitWeights {
  __m256i high;  // h = (w >> 1) - 64, w = w' + 128 unsigned
  __m256i low;   // l = w & 1
};

__attribute__((target("avx2"))) inline SplitWeights Split(const int8_t* packed) {
  const __m256i unsigned_weights = _mm256_xor_si256(
      _mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed)), _mm256_set1_epi8(-128));
  const __m256i halved =
      _mm256_and_si256(_mm256_srli_epi16(unsigned_weights, 1), _mm256_set1_epi8(0x7f));
  return {_mm256_sub_epi8(halved, _mm256_set1_epi8(64)),
          _mm256_and_si256(unsigned_weights, _mm256_set1_epi8(1))};
}

__attribute__((target("avx2"))) inline __m256i Accumulate(__m256i acc, __m256i in,
                                                          const SplitWeights& w) {
  const __m256i high = _mm256_madd_epi16(_mm256_maddubs_epi16(in, w.high), _mm256_set1_epi16(2));
  const __m256i low = _mm256_madd_epi16(_mm256_maddubs_epi16(in, w.low), _mm256_set1_epi16(1));
  return _mm256_add_epi32(acc, _mm256_add_epi32(high, low));
}

template <int M>
struct Avx2Tile {
  __attribute__((target("avx2"))) static void Run(const PackedGemm& gemm, const uint8_t* input,
                                                  const int32_t* row_terms, uint8_t* output) {
    const int32_t depth = gemm.depth;
    const int32_t full_groups = depth / kGroupDepth;
    constexpr int kHalf = kBlockChannels * kGroupDepth / 2;  // bytes per ymm
    for (int32_t block = 0; block < gemm.blocks; ++block) {
      const int8_t* w = BlockWeights(gemm, block);
      __m256i acc[M][2];
      for (int r = 0; r < M; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
      for (int32_t g = 0; g < gemm.groups; ++g) {
        const int8_t* group = w + g * 2 * kHalf;
        const SplitWeights first = Split(group);
        const SplitWeights second = Split(group + kHalf);
        for (int r = 0; r < M; ++r) {
          const uint8_t* row = input + r * depth;
          const int32_t k = g * kGroupDepth;
          const __m256i in =
              _mm256_set1_epi32(g < full_groups ? LoadFullGroup(row, k) : LoadGroup(row, k, depth));
          acc[r][0] = Accumulate(acc[r][0], in, first);
          acc[r][1] = Accumulate(acc[r][1], in, second);
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

void GemmAvx2(const PackedGemm& gemm, const uint8_t* input, int32_t rows, uint8_t* output) {
  ForEachRowTile<Avx2Tile>(gemm, input, rows, gemm.signed_row_coefficient, output);
}

}  // namespace edgebench::backends::int8
#endif
