// Test-only: runs one graph on the reference kernels and on a backend with
// the same random inputs and compares every graph output. The reference
// kernels are the oracle (they are checked against definition-level loops in
// tests/kernels); this checks the backend's lowering and its arithmetic.
//
// Tolerances, stated per use:
//   float:     |got - ref| <= relative * max(|ref|, 1). The backend sums in
//              another order (and with FMA), so exact equality is not
//              expected; with operands in [-1, 1] outputs are O(1..10) and
//              the measured error is far below 1e-5.
//   quantized: |got - ref| <= units. XNNPACK requantizes in float where
//              TFLite uses fixed point, so one op may differ by one unit.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "runtime/interpreter.h"

namespace edgebench::testing {

struct Tolerance {
  double relative = 1e-5;  // float outputs
  int units = 1;           // quantized outputs
};

// What a comparison measured: the largest float error relative to
// max(|ref|, 1), and the largest quantized difference in units.
struct Difference {
  double float_relative = 0.0;
  int units = 0;
  double mean_units = 0.0;  // mean |difference| over the quantized elements
};

inline void FillRandomInputs(runtime::Interpreter& interpreter, uint32_t seed) {
  std::mt19937 rng(seed);
  for (size_t i = 0; i < interpreter.input_count(); ++i) {
    const graph::Tensor& t = interpreter.input_tensor(i);
    uint8_t* data = interpreter.input_data(i);
    if (t.type == graph::DataType::kFloat32) {
      std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
      for (int64_t k = 0; k < t.num_elements(); ++k) {
        const float v = dist(rng);
        std::memcpy(data + 4 * k, &v, 4);
      }
    } else {
      std::uniform_int_distribution<int> dist(0, 255);
      for (size_t k = 0; k < t.byte_size(); ++k) data[k] = static_cast<uint8_t>(dist(rng));
    }
  }
}

inline void CopyInputs(runtime::Interpreter& from, runtime::Interpreter& to) {
  for (size_t i = 0; i < from.input_count(); ++i) {
    std::memcpy(to.input_data(i), from.input_data(i), from.input_tensor(i).byte_size());
  }
}

// Compares tensor `tensor` of two interpreters that ran the same graph;
// reports at most 5 failing elements.
inline Difference CompareTensor(const runtime::Interpreter& ref, const runtime::Interpreter& got,
                                int tensor, const Tolerance& tolerance) {
  const graph::Tensor& t = ref.graph().tensors[tensor];
  const auto a = ref.tensor_bytes(tensor);
  const auto b = got.tensor_bytes(tensor);
  Difference diff;
  EXPECT_EQ(a.size(), b.size());
  if (a.size() != b.size() || a.empty()) return diff;
  int failures = 0;
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    if (t.type == graph::DataType::kFloat32) {
      float x, y;
      std::memcpy(&x, a.data() + 4 * i, 4);
      std::memcpy(&y, b.data() + 4 * i, 4);
      const double error = std::abs(double{y} - x) / std::max(std::abs(double{x}), 1.0);
      diff.float_relative = std::max(diff.float_relative, error);
      if (!(error <= tolerance.relative) && failures++ < 5) {
        ADD_FAILURE() << "tensor " << tensor << " \"" << t.name << "\" element " << i
                      << ": backend " << y << ", reference " << x;
      }
    } else if (t.type == graph::DataType::kUInt8) {
      const int units = std::abs(int{a[i]} - int{b[i]});
      diff.units = std::max(diff.units, units);
      diff.mean_units += static_cast<double>(units) / static_cast<double>(t.num_elements());
      if (units > tolerance.units && failures++ < 5) {
        ADD_FAILURE() << "tensor " << tensor << " \"" << t.name << "\" element " << i
                      << ": backend " << int{b[i]} << ", reference " << int{a[i]};
      }
    } else if (std::memcmp(a.data() + i * DataTypeSize(t.type), b.data() + i * DataTypeSize(t.type),
                           DataTypeSize(t.type)) != 0 &&
               failures++ < 5) {
      ADD_FAILURE() << "tensor " << tensor << " element " << i << " differs";
    }
  }
  return diff;
}

struct BackendRun {
  std::unique_ptr<runtime::Interpreter> reference;
  std::unique_ptr<runtime::Interpreter> backend;
};

// Creates both interpreters, feeds them the same random inputs (seed) and
// runs each once. Fails the test (and returns nulls) if either cannot be
// created.
inline BackendRun RunBoth(const graph::Graph& graph, const std::string& backend, int threads,
                          uint32_t seed) {
  BackendRun run;
  auto reference = runtime::Interpreter::Create(graph);
  auto fast = runtime::Interpreter::Create(graph, {backend, threads});
  EXPECT_TRUE(reference.ok()) << reference.status().message();
  EXPECT_TRUE(fast.ok()) << fast.status().message();
  if (!reference.ok() || !fast.ok()) return run;
  run.reference = std::move(reference).value();
  run.backend = std::move(fast).value();
  FillRandomInputs(*run.reference, seed);
  CopyInputs(*run.reference, *run.backend);
  run.reference->Invoke();
  run.backend->Invoke();
  return run;
}

// RunBoth, then compares every graph output within `tolerance`.
inline Difference CompareOutputs(const graph::Graph& graph, const std::string& backend, int threads,
                                 uint32_t seed, const Tolerance& tolerance) {
  BackendRun run = RunBoth(graph, backend, threads, seed);
  Difference worst;
  if (run.reference == nullptr) return worst;
  for (int output : graph.outputs) {
    const Difference d = CompareTensor(*run.reference, *run.backend, output, tolerance);
    worst.float_relative = std::max(worst.float_relative, d.float_relative);
    worst.units = std::max(worst.units, d.units);
  }
  return worst;
}

}  // namespace edgebench::testing
