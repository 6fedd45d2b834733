// The machine's single-core 8-bit dot-product peak, beside fma_peak_bench's
// float32 one: independent chains of the instruction sequence an 8-bit
// convolution's inner loop is made of, one benchmark per variant so every
// variant this build has is listed, and the ones this CPU cannot execute are
// reported as skipped by name.
//
//   avx512vnni  vpdpbusd zmm: 64 u8 x s8 products summed into 16 int32
//   avxvnni     vpdpbusd ymm (VEX): 32 products
//   avx2        vpmaddubsw + vpmaddwd + vpaddd ymm: 32 products in three
//               instructions (u8 x s8 to int16 pairs, to int32, accumulate)
//   neon_dot    udot: 16 u8 x u8 products summed into 4 uint32 (Pi 5's A76)
//   neon        umlal: 8 u8 x u8 products into uint16 lanes (Pi 4's A72)
//
// Counter OPS counts 2 operations (multiply, add) per product, as GOPS
// figures for 8-bit inference usually are, so OPS/FLOPS of the two peaks is
// directly the 8-bit speed-up the hardware allows.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>
#endif

namespace {

// Chains in flight: the dot-product instructions' latency (5 cycles on x86,
// 3-4 on Arm) times their ports (up to 2) needs at least 10.
constexpr int kChains = 12;
constexpr int64_t kIterations = 1 << 15;

// Hides `v`'s value from the optimizer so the products are not hoisted out
// of the loop as invariants (it emits no instruction).
template <typename Vector>
inline void Opaque(Vector& v) {
#if defined(__x86_64__)
  __asm__ volatile("" : "+x"(v));
#else
  __asm__ volatile("" : "+w"(v));
#endif
}

struct DotKernel {
  bool (*supported)();
  int products;  // u8 x s8 (or u8 x u8) products per chain step
  int32_t (*run)(int64_t iterations, int32_t seed);
};

void ReportPeak(benchmark::State& state, const DotKernel& kernel) {
  if (!kernel.supported()) {
    state.SkipWithError("this CPU cannot execute this variant");
    return;
  }
  int32_t seed = 1;
  for (auto _ : state) {
    seed = kernel.run(kIterations, seed);
    benchmark::DoNotOptimize(seed);
  }
  const double ops_per_iteration = 2.0 * kernel.products * kChains * kIterations;
  state.counters["OPS"] =
      benchmark::Counter(ops_per_iteration, benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
  state.SetLabel("1 core");
}

#if defined(__x86_64__)
bool HasAvx512Vnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw");
}
bool HasAvxVnni() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avxvnni");
}
bool HasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

template <typename Vector>
int32_t FirstLane(const Vector& v) {
  int32_t lane;
  std::memcpy(&lane, &v, sizeof lane);
  return lane;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) int32_t Avx512VnniDots(int64_t iterations,
                                                                              int32_t seed) {
  __m512i acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm512_set1_epi32(seed + c);
  __m512i a = _mm512_set1_epi8(3);
  const __m512i b = _mm512_set1_epi8(-2);
  for (int64_t i = 0; i < iterations; ++i) {
    Opaque(a);
    for (auto& x : acc) x = _mm512_dpbusd_epi32(x, a, b);
  }
  __m512i sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = _mm512_add_epi32(sum, acc[c]);
  return FirstLane(sum);
}

__attribute__((target("avx2,avxvnni"))) int32_t AvxVnniDots(int64_t iterations, int32_t seed) {
  __m256i acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm256_set1_epi32(seed + c);
  __m256i a = _mm256_set1_epi8(3);
  const __m256i b = _mm256_set1_epi8(-2);
  for (int64_t i = 0; i < iterations; ++i) {
    Opaque(a);
    for (auto& x : acc) x = _mm256_dpbusd_avx_epi32(x, a, b);
  }
  __m256i sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = _mm256_add_epi32(sum, acc[c]);
  return FirstLane(sum);
}

__attribute__((target("avx2"))) int32_t Avx2Dots(int64_t iterations, int32_t seed) {
  __m256i acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm256_set1_epi32(seed + c);
  __m256i a = _mm256_set1_epi8(3);
  const __m256i b = _mm256_set1_epi8(-2), ones = _mm256_set1_epi16(1);
  for (int64_t i = 0; i < iterations; ++i) {
    for (auto& x : acc) {
      Opaque(a);  // else one product would be shared by every chain
      x = _mm256_add_epi32(x, _mm256_madd_epi16(_mm256_maddubs_epi16(a, b), ones));
    }
  }
  __m256i sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = _mm256_add_epi32(sum, acc[c]);
  return FirstLane(sum);
}
#endif

#if defined(__aarch64__)
bool HasNeon() { return true; }
bool HasNeonDot() { return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0; }

__attribute__((target("arch=armv8.2-a+dotprod"))) int32_t NeonDotDots(int64_t iterations,
                                                                      int32_t seed) {
  uint32x4_t acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = vdupq_n_u32(static_cast<uint32_t>(seed + c));
  uint8x16_t a = vdupq_n_u8(3);
  const uint8x16_t b = vdupq_n_u8(2);
  for (int64_t i = 0; i < iterations; ++i) {
    Opaque(a);
    for (auto& x : acc) x = vdotq_u32(x, a, b);
  }
  uint32x4_t sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = vaddq_u32(sum, acc[c]);
  return static_cast<int32_t>(vgetq_lane_u32(sum, 0));
}

int32_t NeonDots(int64_t iterations, int32_t seed) {
  uint16x8_t acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = vdupq_n_u16(static_cast<uint16_t>(seed + c));
  uint8x8_t a = vdup_n_u8(3);
  const uint8x8_t b = vdup_n_u8(2);
  for (int64_t i = 0; i < iterations; ++i) {
    for (auto& x : acc) {
      Opaque(a);  // else one product could be shared by every chain
      x = vmlal_u8(x, a, b);
    }
  }
  uint16x8_t sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = vaddq_u16(sum, acc[c]);
  return vgetq_lane_u16(sum, 0);
}
#endif

#if defined(__x86_64__)
void BM_Int8DotPeak_avx512vnni(benchmark::State& state) {
  ReportPeak(state, {HasAvx512Vnni, 64, Avx512VnniDots});
}
void BM_Int8DotPeak_avxvnni(benchmark::State& state) {
  ReportPeak(state, {HasAvxVnni, 32, AvxVnniDots});
}
void BM_Int8DotPeak_avx2(benchmark::State& state) { ReportPeak(state, {HasAvx2, 32, Avx2Dots}); }
BENCHMARK(BM_Int8DotPeak_avx512vnni)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Int8DotPeak_avxvnni)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Int8DotPeak_avx2)->Unit(benchmark::kMicrosecond)->UseRealTime();
#elif defined(__aarch64__)
void BM_Int8DotPeak_neon_dot(benchmark::State& state) {
  ReportPeak(state, {HasNeonDot, 16, NeonDotDots});
}
void BM_Int8DotPeak_neon(benchmark::State& state) { ReportPeak(state, {HasNeon, 8, NeonDots}); }
BENCHMARK(BM_Int8DotPeak_neon_dot)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Int8DotPeak_neon)->Unit(benchmark::kMicrosecond)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
