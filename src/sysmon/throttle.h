// The Raspberry Pi firmware's throttle flags: bits 0-3 say what is
// happening now (under-voltage, ARM frequency capped, throttled, soft
// temperature limit), bits 16-19 the same "has occurred since boot".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgebench::sysmon {

// Where the flags come from: the firmware driver's sysfs file (recent
// kernels), else the `vcgencmd` tool.
struct ThrottleSource {
  enum class Kind { kSysfs, kVcgencmd };
  Kind kind = Kind::kSysfs;
  std::string path;  // the sysfs file, or the vcgencmd binary
};

// Looks under `root` for devices/platform/soc/soc:firmware/get_throttled,
// then for a vcgencmd (FindVcgencmd) that answers get_throttled. nullopt
// on machines that are not a Pi.
std::optional<ThrottleSource> FindThrottleSource(const std::string& root);

// The firmware tool `vcgencmd` under `root` (usr/bin, opt/vc/bin, bin: so
// a fake root can hold a fake tool), the first executable one; nullopt
// where there is none.
std::optional<std::string> FindVcgencmd(const std::string& root);

// Runs `binary` with `arguments` (e.g. {"measure_volts"}) and returns what
// it printed; nullopt when it fails, or does not finish within
// kVcgencmdTimeoutMs (then it is killed): a hung firmware mailbox must not
// hang edgebench.
std::optional<std::string> RunVcgencmd(const std::string& binary,
                                       const std::vector<std::string>& arguments);
inline constexpr int kVcgencmdTimeoutMs = 2000;

// Reads the flags now; nullopt when the file or the tool gives nothing
// parseable. Runs vcgencmd as a child process for that kind of source.
std::optional<uint32_t> ReadThrottleFlags(const ThrottleSource& source);

// "0x50005" (the sysfs file's hex text, with or without 0x) or vcgencmd's
// "throttled=0x50005"; nullopt for anything else.
std::optional<uint32_t> ParseThrottleText(const std::string& text);

// One phrase per set bit, e.g. {"under-voltage now", "throttled since
// boot"}, in bit order; unknown bits are named by number.
std::vector<std::string> DescribeThrottleFlags(uint32_t flags);

// Bits 0-3 and 16-19: the ones with a documented meaning.
inline constexpr uint32_t kKnownThrottleBits = 0x000F000F;

}  // namespace edgebench::sysmon
