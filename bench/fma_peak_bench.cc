// The machine's single-core float32 FMA peak: independent chains of fused
// multiply-adds on the widest vector unit this CPU has (picked at run time:
// AVX-512, AVX2+FMA or NEON, else scalar), enough chains to hide the FMA
// latency. Counters: FLOPS (2 per lane per FMA) and the ISA used. The model
// benchmarks' GFLOP/s are read against this figure.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace {

// Chains in flight: FMA latency (4-5 cycles) x FMA ports (2) needs >= 10.
constexpr int kChains = 12;

struct FmaKernel {
  const char* isa;
  int lanes;  // floats per vector
  float (*run)(int64_t iterations, float seed);
};

float ScalarFmas(int64_t iterations, float seed) {
  float acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = seed + static_cast<float>(c);
  const float a = 0.999999f, b = 1e-7f;
  for (int64_t i = 0; i < iterations; ++i) {
    for (float& x : acc) x = x * a + b;
  }
  float sum = 0;
  for (float x : acc) sum += x;
  return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) float Avx512Fmas(int64_t iterations, float seed) {
  __m512 acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm512_set1_ps(seed + static_cast<float>(c));
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (int64_t i = 0; i < iterations; ++i) {
    for (auto& x : acc) x = _mm512_fmadd_ps(x, a, b);
  }
  __m512 sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = _mm512_add_ps(sum, acc[c]);
  // Not _mm512_reduce_add_ps: GCC 12's header trips -Wuninitialized.
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}

__attribute__((target("avx2,fma"))) float Avx2Fmas(int64_t iterations, float seed) {
  __m256 acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm256_set1_ps(seed + static_cast<float>(c));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (int64_t i = 0; i < iterations; ++i) {
    for (auto& x : acc) x = _mm256_fmadd_ps(x, a, b);
  }
  __m256 sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = _mm256_add_ps(sum, acc[c]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0;
  for (float x : lanes) total += x;
  return total;
}
#endif

#if defined(__aarch64__)
float NeonFmas(int64_t iterations, float seed) {
  float32x4_t acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = vdupq_n_f32(seed + static_cast<float>(c));
  const float32x4_t a = vdupq_n_f32(0.999999f), b = vdupq_n_f32(1e-7f);
  for (int64_t i = 0; i < iterations; ++i) {
    for (auto& x : acc) x = vfmaq_f32(b, x, a);
  }
  float32x4_t sum = acc[0];
  for (int c = 1; c < kChains; ++c) sum = vaddq_f32(sum, acc[c]);
  return vaddvq_f32(sum);
}
#endif

FmaKernel WidestKernel() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return {"avx512f", 16, Avx512Fmas};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    return {"avx2+fma", 8, Avx2Fmas};
  }
#elif defined(__aarch64__)
  return {"neon", 4, NeonFmas};
#endif
  return {"scalar", 1, ScalarFmas};
}

void BM_Fp32FmaPeak(benchmark::State& state) {
  const FmaKernel kernel = WidestKernel();
  constexpr int64_t kIterations = 1 << 16;
  float seed = 1.0f;
  for (auto _ : state) {
    benchmark::DoNotOptimize(seed = kernel.run(kIterations, seed) * 1e-9f);
  }
  const double flops_per_iteration = 2.0 * kernel.lanes * kChains * kIterations;
  state.counters["FLOPS"] =
      benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
  state.SetLabel(std::string(kernel.isa) + ", 1 core");
}
BENCHMARK(BM_Fp32FmaPeak)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
