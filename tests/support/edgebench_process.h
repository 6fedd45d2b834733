// Runs the real edgebench binary as a user would (the CLI, sysmon and
// results tests): stdout through a pipe, stderr through a file, the exit
// code.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace edgebench::testing {

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

// Where RunEdgebench sends the child's stderr while it runs.
inline std::string StderrPath() {
  return (std::filesystem::temp_directory_path() / ("edgebench_stderr_" + std::to_string(getpid())))
      .string();
}

// Waits until the running child's stderr holds `text`, or `timeout` passes
// (false then): lets a helper thread act at a known point of the run
// instead of guessing how long the process takes to start.
inline bool WaitForStderr(const std::string& text, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream err(StderrPath(), std::ios::binary);
    const std::string so_far{std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>()};
    if (so_far.find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The words that start `binary`, an edgebench built for the target (by
// default the one under test). A cross build's binary runs through its
// emulator (EDGEBENCH_LAUNCHER, from CMake's CMAKE_CROSSCOMPILING_EMULATOR),
// as binfmt_misc may not be registered.
inline std::vector<std::string> EdgebenchWords(const std::string& binary = EDGEBENCH_BINARY) {
  std::vector<std::string> words;
#ifdef EDGEBENCH_LAUNCHER
  std::istringstream launcher(EDGEBENCH_LAUNCHER);
  for (std::string word; launcher >> word;) words.push_back(word);
#endif
  words.push_back(binary);
  return words;
}

// The same words as a shell command line.
inline std::string EdgebenchCommand(const std::string& binary = EDGEBENCH_BINARY) {
  std::string command;
  for (const std::string& word : EdgebenchWords(binary)) {
    command += (command.empty() ? "" : " ") + word;
  }
  return command;
}

// `command` run by /bin/sh: its exit code (-1 when it did not exit) and
// its standard output; `err` stays empty.
inline Outcome RunShellCommand(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return outcome;
  char buffer[4096];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) outcome.out.append(buffer, got);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

// `edgebench ARGS` (a shell command line, e.g. "run --model m --quiet"),
// after the shell commands in `prefix` (e.g. "ulimit -v 1000000; exec").
inline Outcome RunEdgebenchAfter(const std::string& prefix, const std::string& args) {
  const std::string err_path = StderrPath();
  std::filesystem::remove(err_path);
  const std::string command = prefix + " " + EdgebenchCommand() + " " + args + " 2>" + err_path;
  Outcome outcome = RunShellCommand(command);
  std::ifstream err(err_path, std::ios::binary);
  outcome.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  std::filesystem::remove(err_path);
  return outcome;
}

inline Outcome RunEdgebench(const std::string& args) { return RunEdgebenchAfter("", args); }

}  // namespace edgebench::testing
