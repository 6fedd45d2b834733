// Writing an output file the user named without ever leaving half a file,
// and without destroying what the name points at:
// - a regular file (or a new one) is written to a temporary file in the same
//   folder (unique name, created exclusively), flushed to disk and renamed
//   over the target, so a reader sees the old file or the new one, never a
//   mix; the temporary file is removed on every failure;
// - a symbolic link is followed: the file it points to is replaced, the link
//   stays;
// - the file this process's standard output or error is on (/dev/stdout,
//   also when the shell redirected it to a file) is written through that
//   stream, after what was printed;
// - anything else that exists and is not a regular file (/dev/null, a FIFO,
//   a terminal) is written to directly: renaming over it would replace the
//   device or pipe.
// Errors name the path the user gave, never the temporary file.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace edgebench::fileio {

Status WriteFileSafely(const std::string& path, std::span<const uint8_t> bytes);
Status WriteFileSafely(const std::string& path, std::string_view text);

// Cheap checks to run before long work whose result goes to `path`: its
// folder exists and `path` is not a folder. WriteFileSafely still reports
// anything else (no permission, disk full) when it writes.
Status CheckOutputPath(const std::string& path);

// Refuses `path` when it is the file `input` (through links or another
// spelling), so a command never replaces what it reads. An `input` that is
// no file (a model name) is never refused.
Status CheckNotInput(const std::string& path, const std::string& input);

// True when WriteFileSafely(path) would replace a regular file (or create
// one), so writing it again later replaces what was written; false for a
// stream, device or FIFO, where every write adds to what the reader gets.
bool ReplacesFile(const std::string& path);

}  // namespace edgebench::fileio
