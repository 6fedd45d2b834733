#include "support/single_op.h"

#include <stdexcept>

namespace edgebench::testing {

SingleOpRunner::SingleOpRunner(graph::Graph graph, kernels::PrepareFunction prepare)
    : graph_(std::move(graph)), prepare_(prepare) {
  if (graph_.ops.size() != 1) throw std::invalid_argument("SingleOpRunner needs one op");
  buffers_.resize(graph_.tensors.size());
  for (size_t i = 0; i < graph_.tensors.size(); ++i) {
    const graph::Tensor& tensor = graph_.tensors[i];
    if (!tensor.is_constant()) buffers_[i].assign(tensor.byte_size(), 0);
  }
}

Status SingleOpRunner::Prepare() {
  EB_RETURN_IF_ERROR(graph_.Validate());
  auto kernel = prepare_(graph_, graph_.ops[0]);
  if (!kernel.ok()) return kernel.status();
  kernel_ = std::move(kernel).value();
  return Status::Ok();
}

void SingleOpRunner::Run() {
  if (!kernel_) throw std::logic_error("SingleOpRunner::Run before a successful Prepare");
  std::vector<uint8_t*> pointers(graph_.tensors.size(), nullptr);
  for (size_t i = 0; i < graph_.tensors.size(); ++i) {
    const graph::Tensor& tensor = graph_.tensors[i];
    pointers[i] = tensor.is_constant() ? const_cast<uint8_t*>(tensor.data) : buffers_[i].data();
  }
  kernel_->Run(kernels::TensorBuffers(std::move(pointers)));
}

}  // namespace edgebench::testing
