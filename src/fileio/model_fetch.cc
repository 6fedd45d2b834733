#include "fileio/model_fetch.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "fileio/data_places.h"

extern char** environ;

namespace edgebench::fileio {
namespace {

constexpr char kScript[] = "scripts/fetch-models.sh";
// What the script puts before its one error line.
constexpr char kScriptErrorPrefix[] = "fetch-models: error: ";

// The last line of `text`, without the script's prefix.
std::string LastLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const size_t newline = text.rfind('\n');
  std::string line = newline == std::string::npos ? text : text.substr(newline + 1);
  if (line.rfind(kScriptErrorPrefix, 0) == 0) line.erase(0, std::strlen(kScriptErrorPrefix));
  return line;
}

// Reads `fd` to its end.
std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = read(fd, buffer, sizeof(buffer));
    if (got > 0) {
      text.append(buffer, static_cast<size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      return text;
    }
  }
}

}  // namespace

Status FetchModelsIntoUserCache() {
  EB_ASSIGN_OR_RETURN(const std::string script, FindIn(DataRoots(), kScript, "model fetch script"));
  int err_pipe[2];
  if (pipe(err_pipe) != 0) return Status::Error(fmt::format("pipe: {}", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[1]);
  char user_cache[] = "--user-cache";
  char* argv[] = {const_cast<char*>(script.c_str()), user_cache, nullptr};
  // The script writes to the same standard output: ours must be out first.
  std::fflush(stdout);
  pid_t child = 0;
  const int spawned = posix_spawn(&child, script.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(err_pipe[0]);
    return Status::Error(fmt::format("cannot run {}: {}", script, std::strerror(spawned)));
  }
  const std::string errors = ReadAll(err_pipe[0]);
  close(err_pipe[0]);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return Status::Ok();
  const std::string reason = LastLine(errors);
  return Status::Error(reason.empty() ? fmt::format("{} failed with no message", script) : reason);
}

}  // namespace edgebench::fileio
