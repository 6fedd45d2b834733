// `edgebench sysinfo`: the machine as edgebench sees it (CPU, vector
// extensions, memory, OS, board) and every sensor it found with its reading
// now, as text or JSON. The same discovery `run` samples from.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "bench/context.h"
#include "cli/commands.h"
#include "runtimes/registry.h"
#include "sysmon/machine.h"
#include "sysmon/platform.h"
#include "sysmon/sensors.h"
#include "sysmon/sysmon_json.h"

namespace edgebench::cli {
namespace {

using nlohmann::ordered_json;

struct SysinfoOptions {
  std::string sysfs_root = "/";
  bool json = false;
};

template <typename T>
ordered_json OrNull(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

// Every runtime of the registry, whether this machine has it, its version
// and backends.
ordered_json RuntimesJson() {
  ordered_json list = ordered_json::array();
  for (const runtime::RuntimeEntry& entry : runtime::Runtimes()) {
    const std::string reason = entry.unavailable_reason();
    ordered_json backends = ordered_json::array();
    for (const runtime::BackendInfo& b : entry.backends()) {
      backends.push_back(
          {{"name", b.name}, {"version", b.version}, {"max_threads", b.max_threads}});
    }
    list.push_back({{"name", entry.name},
                    {"available", reason.empty()},
                    {"version", reason.empty() ? ordered_json(entry.version()) : ordered_json()},
                    {"unavailable_reason", reason.empty() ? ordered_json() : ordered_json(reason)},
                    {"backends", std::move(backends)}});
  }
  return list;
}

ordered_json SysinfoJson(const std::string& root) {
  const bench::MachineInfo m = bench::ReadMachineInfo(root);
  const sysmon::MemoryInfo memory = sysmon::ReadMemoryInfo(root);
  const sysmon::Sensors sensors = sysmon::DiscoverSensors(root);
  return {{"cpu_model", m.cpu_model},
          {"logical_cores", m.logical_cores},
          {"architecture", m.architecture},
          {"isa_extensions", sysmon::IsaExtensions(root)},
          {"memory",
           {{"total_bytes", OrNull(memory.total_bytes)},
            {"available_bytes", OrNull(memory.available_bytes)}}},
          {"os", m.os},
          {"kernel", m.kernel},
          {"board_model", OrNull(sysmon::BoardModel(root))},
          {"platform", sysmon::PlatformJson(m.platform)},
          {"frequency_governor", m.frequency_governor},
          {"load1", OrNull(sysmon::ReadLoad1(sensors))},
          {"process_rss_bytes", OrNull(sysmon::ReadProcessMemory().rss_bytes)},
          {"runtimes", RuntimesJson()},
          {"sensors", sysmon::SensorsJson(sensors, true)}};
}

std::string Gib(const ordered_json& bytes) {
  return bytes.is_null() ? "?" : fmt::format("{:.1f} GiB", bytes.get<double>() / (1 << 30));
}

std::string TextOr(const ordered_json& value, const char* fallback) {
  return value.is_null() ? fallback : value.get<std::string>();
}

// "48.7 C", "1500 MHz (600-1500, ondemand)", "0x50005 (under-voltage now, ...)".
std::string SensorReadingText(const ordered_json& sensor) {
  const ordered_json& reading = sensor["reading"];
  const std::string kind = sensor["kind"];
  if (reading.is_null()) return "no reading";
  if (kind == "cpufreq") {
    const auto mhz = [](const ordered_json& v) {
      return v.is_null() ? std::string("?") : fmt::format("{:.0f}", v.get<double>());
    };
    return fmt::format("{} MHz ({}-{} MHz, {})", mhz(reading), mhz(sensor["min_mhz"]),
                       mhz(sensor["max_mhz"]), sensor["governor"].get<std::string>());
  }
  if (kind == "throttle") {
    const auto flags = reading.get<uint32_t>();
    const auto phrases = sysmon::DescribeThrottleFlags(flags);
    return fmt::format(
        "0x{:x} ({})", flags,
        phrases.empty() ? std::string("none") : fmt::format("{}", fmt::join(phrases, ", ")));
  }
  return fmt::format("{:.1f} C", reading.get<double>());
}

// "  edgebench    0.1.0        backends: xnnpack (Debian libxnnpack ...), ..."
// or "  onnxruntime  not found, see scripts/setup.sh".
void PrintRuntimes(const ordered_json& runtimes) {
  fmt::print("{:<10}{} known\n", "runtimes", runtimes.size());
  for (const auto& r : runtimes) {
    if (!r["available"].get<bool>()) {
      fmt::print("  {:<13}{}\n", r["name"].get<std::string>(),
                 r["unavailable_reason"].get<std::string>());
      continue;
    }
    std::vector<std::string> backends;
    for (const auto& b : r["backends"]) {
      backends.push_back(
          fmt::format("{} ({})", b["name"].get<std::string>(), b["version"].get<std::string>()));
    }
    fmt::print("  {:<13}{:<13}backends: {}\n", r["name"].get<std::string>(),
               r["version"].get<std::string>(), fmt::join(backends, ", "));
  }
}

// "Raspberry Pi 4 Model B Rev 1.4 (BCM2711, Cortex-A72)".
std::string BoardText(const ordered_json& info) {
  const ordered_json& p = info["platform"];
  std::vector<std::string> parts;
  for (const char* key : {"soc", "cpu_core"}) {
    if (!p[key].is_null()) parts.push_back(p[key].get<std::string>());
  }
  const std::string board = TextOr(info["board_model"], "not available");
  return parts.empty() ? board : fmt::format("{} ({})", board, fmt::join(parts, ", "));
}

// "32-bit on a 64-bit kernel (aarch64)".
std::string UserlandText(const ordered_json& p) {
  const auto bits = [](const ordered_json& b) {
    return b.get<int>() == 0 ? std::string("?") : std::to_string(b.get<int>());
  };
  return fmt::format("{}-bit on a {}-bit kernel ({})", bits(p["userland_bits"]),
                     bits(p["kernel_bits"]), p["kernel_architecture"].get<std::string>());
}

// "0.85 V core, arm_freq 1800 MHz"; empty without vcgencmd's answers.
std::string FirmwareText(const ordered_json& p) {
  std::vector<std::string> parts;
  if (!p["core_volts"].is_null()) {
    parts.push_back(fmt::format("{:.4f} V core", p["core_volts"].get<double>()));
  }
  if (!p["arm_freq_mhz"].is_null()) {
    parts.push_back(fmt::format("arm_freq {} MHz", p["arm_freq_mhz"].get<int>()));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

void PrintSysinfo(const ordered_json& info) {
  const auto line = [](const char* key, const std::string& value) {
    fmt::print("{:<10}{}\n", key, value);
  };
  const ordered_json& platform = info["platform"];
  if (!platform["emulation"].is_null()) {
    fmt::print("{}\n", platform["emulation"]["note"].get<std::string>());
  }
  line("cpu",
       fmt::format("{} ({} logical cores, {})", info["cpu_model"].get<std::string>(),
                   info["logical_cores"].get<int>(), info["architecture"].get<std::string>()));
  const auto& isa = info["isa_extensions"];
  line("isa", isa.empty()
                  ? "no vector extensions reported"
                  : fmt::format("{}", fmt::join(isa.get<std::vector<std::string>>(), ", ")));
  line("memory", fmt::format("{} total, {} available", Gib(info["memory"]["total_bytes"]),
                             Gib(info["memory"]["available_bytes"])));
  line("os", info["os"].get<std::string>());
  line("kernel", info["kernel"].get<std::string>());
  line("board", BoardText(info));
  if (!platform["cpu_features"].empty()) {
    line("features",
         fmt::format("{}",
                     fmt::join(platform["cpu_features"].get<std::vector<std::string>>(), " ")));
  }
  line("userland", UserlandText(platform));
  if (const std::string firmware = FirmwareText(platform); !firmware.empty()) {
    line("firmware", firmware);
  }
  line("governor", info["frequency_governor"].get<std::string>());
  line("load", info["load1"].is_null()
                   ? "not available"
                   : fmt::format("{:.2f} (1-minute average)", info["load1"].get<double>()));
  PrintRuntimes(info["runtimes"]);
  const auto& sensors = info["sensors"];
  if (sensors.empty()) {
    line("sensors",
         "none found (no thermal zone, hwmon temperature, cpufreq or throttle flags): "
         "temperature and clock not available");
    return;
  }
  line("sensors", fmt::format("{} found", sensors.size()));
  for (const auto& sensor : sensors) {
    fmt::print("  {:<13}{:<24}{:<40}{}\n", sensor["kind"].get<std::string>(),
               sensor["name"].get<std::string>(), SensorReadingText(sensor),
               sensor["path"].get<std::string>());
  }
}

}  // namespace

void AddSysinfoCommand(CLI::App& app) {
  auto* command = app.add_subcommand(
      "sysinfo",
      "The machine as edgebench sees it: CPU, vector extensions, memory, OS, board, "
      "and every temperature, clock and throttle sensor with its reading now");
  static SysinfoOptions o;
  command->add_flag("--json", o.json, "Print JSON instead of text");
  AddOnnxruntimeLibOption(command);
  command
      ->add_option("--sysfs-root", o.sysfs_root,
                   "Read DIR/sys, DIR/proc and DIR/etc instead of /sys, /proc and /etc (for tests "
                   "and containers)")
      ->type_name("DIR")
      ->capture_default_str();
  command->callback([] {
    if (!std::filesystem::is_directory(o.sysfs_root)) {
      throw CommandError(fmt::format("--sysfs-root {}: not a folder", o.sysfs_root));
    }
    const ordered_json info = SysinfoJson(o.sysfs_root);
    if (o.json) {
      fmt::print("{}\n", info.dump(2));
    } else {
      PrintSysinfo(info);
    }
  });
}

}  // namespace edgebench::cli
