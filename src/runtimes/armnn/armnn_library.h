// What the armnn plugin asks of the Arm NN library it runs on: one runtime
// for the process (its dynamic backends loaded, its logging silenced), the
// backends registered, and the versions of the libraries actually loaded.
// Arm NN 20.08 has no call that returns its version, so the version is read
// from the file the loader opened (libarmnn.so.22.0: library version 22.0,
// the one Debian's Arm NN 20.08 ships).
#pragma once

#include <armnn/IRuntime.hpp>
#include <string>

namespace edgebench::armnn_plugin {

// The process's Arm NN runtime, created on first use and kept for the life
// of the process (Arm NN registers the dynamic backends, Debian's CpuRef
// and CpuAcc, while it lives). Null with `error` set to one line when Arm NN
// refused to start.
armnn::IRuntime* SharedRuntime(std::string& error);

// Whether Arm NN's BackendRegistry has `backend` ("CpuAcc"), after the
// shared runtime loaded the dynamic backends.
bool BackendRegistered(const char* backend);

// The folder Arm NN loads dynamic backends from: $EDGEBENCH_ARMNN_BACKEND_DIR,
// else armnnNN beside the loaded libarmnn.so.NN (where Debian puts them).
std::string DynamicBackendDir();

// "22.0" for a loaded /usr/lib/.../libarmnn.so.22.0; empty when no loaded
// library's file name starts with `prefix` ("libarmnn.so").
std::string LoadedLibraryVersion(const std::string& prefix);

// Arm NN messages may span lines (the optimizer lists every layer it could
// not place): one line for edgebench's errors.
std::string OneLine(std::string text);

}  // namespace edgebench::armnn_plugin
