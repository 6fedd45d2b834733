// The seam between the benchmark and whatever runs the model: a Runtime
// holds one opened model and runs it on inputs the caller writes. edgebench's
// own engine (runtime/edgebench_runtime.h) is one implementation; other
// runtimes (ONNX Runtime, OpenCV DNN, Arm NN) are others. The benchmark
// (bench/benchmark_model.h) only talks to this interface, and the registry
// (runtimes/registry.h) opens them by name.
//
// A runtime may run the whole model, or only the network up to the SSD
// post-processing (TFLite_Detection_PostProcess): then edgebench's exact
// kernel runs the post-processing on the runtime's raw outputs, and the
// record says which part ran where.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/tensor.h"

namespace edgebench::runtime {

// One backend of a runtime, as the registry (runtimes/registry.h) lists it.
struct BackendInfo {
  std::string name;         // as --backend takes it
  std::string description;  // one line
  std::string version;
  int max_threads = 1;
};

// One input or output of an opened model.
struct TensorInfo {
  std::string name;
  graph::DataType type = graph::DataType::kFloat32;
  graph::Shape shape;
  graph::Quantization quantization;  // empty for float tensors
  size_t byte_size = 0;              // of the tensor's data
};

struct RuntimeOptions {
  std::string backend;  // one of the runtime's backends (registry); empty: its default
  int threads = 1;      // threads the runtime may use
  // A limit on the memory the runtime allocates for activations, where it
  // can enforce one (edgebench's arena).
  size_t max_arena_bytes = size_t{1} << 30;
  // Open the model up to the post-processing only: the outputs are then the
  // post-processing's inputs (runtime/post_processing_split.h).
  bool network_only = false;
};

// The time of one op (or of a run of ops the runtime executes as one), as a
// runtime's own profiler reports it.
struct OpTiming {
  std::string name;  // op type ("CONV_2D"), or "N ops" for a run of ops
  int first_op = 0;  // op indices in the model's order, inclusive
  int last_op = 0;
  std::string backend;  // what ran it, e.g. "xnnpack", "reference"
  double mean_ms = 0;   // per invocation
  int64_t macs = 0;     // multiply-accumulates of the ops covered; 0 if unknown
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // "edgebench"; the version as the library in use reports it at run time.
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  // The backend that runs the network (e.g. "xnnpack") and its version.
  virtual std::string backend() const = 0;
  virtual std::string backend_version() const = 0;
  // Threads it actually runs on (a backend may use fewer than asked for).
  virtual int threads() const = 0;
  // Whether this opened model includes the post-processing (false when
  // opened network_only, or when the model has none).
  virtual bool runs_post_processing() const = 0;

  virtual const std::vector<TensorInfo>& inputs() const = 0;
  virtual const std::vector<TensorInfo>& outputs() const = 0;
  // The bytes of input i (inputs()[i].byte_size of them): write before Invoke.
  virtual std::span<uint8_t> input_bytes(size_t i) = 0;
  // The bytes of output i after Invoke, valid until the next Invoke.
  virtual std::span<const uint8_t> output_bytes(size_t i) const = 0;

  // Runs the model once on the inputs written. Allocates nothing where the
  // runtime allows it: this is what the benchmark times.
  virtual Status Invoke() = 0;

  // Times every op over `runs` invocations on the current inputs (after one
  // untimed one), slowest ops of the model wherever they are; an error when
  // the runtime cannot time single ops.
  virtual Result<std::vector<OpTiming>> TimeOps(int64_t runs) = 0;
};

// Describes tensor `t` of a graph as a TensorInfo.
TensorInfo DescribeTensorInfo(const graph::Tensor& t);

}  // namespace edgebench::runtime
