// Small reads of sysfs/procfs files. The sampler calls these every few
// milliseconds, so they use one open/read/close and no streams.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace edgebench::sysmon {

// The whole file (up to 4 KiB, plenty for one sysfs attribute) without
// surrounding whitespace; nullopt when it is missing, unreadable or empty.
std::optional<std::string> ReadSmallFile(const std::string& path);

// The file's first token as a decimal integer (e.g. a temperature in
// millidegrees or a clock in kHz); nullopt when absent or not a number.
std::optional<int64_t> ReadInteger(const std::string& path);

// "a/b" joined with "c" without doubling the slash; root "/" gives "/c".
std::string JoinPath(const std::string& root, const std::string& relative);

}  // namespace edgebench::sysmon
