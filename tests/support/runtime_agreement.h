// Shared by the runtimes' agreement tests (tests/runtimes/*_runtime_test.cc):
// a runtime's network on the benchmark's photo, its float outputs against
// edgebench's reference interpreter, and the labels it detects through the
// benchmark library.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "graph/status.h"
#include "runtime/runtime.h"

namespace edgebench::testing {

// data/images/fruit.jpg in the source tree.
std::string PhotoPath();

// Writes the photo, resized to the runtime's input, into its input (raw
// pixels: both real files take uint8 [1,300,300,3]; the float twins float
// [1,300,300,3] scaled to [-1, 1]), invokes it and returns it for reading
// its outputs. Null, after a failed EXPECT, when it could not.
std::unique_ptr<runtime::Runtime> RunOnPhoto(Result<std::unique_ptr<runtime::Runtime>> opened);

// The float32 network of `model` (a file or catalog name) on the photo, on
// `runtime` (with `backend`) and on edgebench's reference interpreter: each
// output may differ from the reference by at most `relative_bound` of the
// output's largest magnitude (EXPECTs; prints both figures per output).
void ExpectFloatOutputsAgree(const std::string& model, const std::string& runtime,
                             const std::string& backend, float relative_bound);

// The labels scoring above 0.5 on the photo when `model` runs on `runtime`
// (with `backend`, 1 run, 1 thread) through the benchmark library.
std::set<std::string> LabelsAbove(const std::string& runtime, const std::string& backend,
                                  const std::string& model);

}  // namespace edgebench::testing
