// Error values for the engine. Every fallible engine function returns a
// Status or a Result<T>; the message names the place (file, op index and
// name, tensor) and what was expected, so the CLI can print it as one line.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace edgebench {

class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) {
    Status status;
    status.message_ = std::move(message);
    status.ok_ = false;
    return status;
  }

  bool ok() const { return ok_; }
  const std::string& message() const { return message_; }

  // Prepends context, e.g. "node 3 (CONV_2D): " to a kernel's message.
  Status WithPrefix(const std::string& prefix) const {
    return ok_ ? *this : Error(prefix + message_);
  }

 private:
  Status() = default;
  bool ok_ = true;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)), status_(Status::Ok()) {}
  Result(Status error) : status_(std::move(error)) { assert(!status_.ok()); }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace edgebench

#define EB_CONCAT_INNER(a, b) a##b
#define EB_CONCAT(a, b) EB_CONCAT_INNER(a, b)

#define EB_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::edgebench::Status eb_status_ = (expr); \
    if (!eb_status_.ok()) return eb_status_; \
  } while (false)

#define EB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

// EB_ASSIGN_OR_RETURN(auto x, MakeX()); returns the error if MakeX failed.
#define EB_ASSIGN_OR_RETURN(lhs, expr) \
  EB_ASSIGN_OR_RETURN_IMPL(EB_CONCAT(eb_result_, __LINE__), lhs, expr)
