// Fake machine roots for the sysmon tests: a copy of one of
// tests/data/sysfs/* (captured layouts of real machines) in a temporary
// folder, which a test may then rewrite, e.g. to make a Pi throttle.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace edgebench::sysmon::testing {

class FakeTree {
 public:
  // `layout` is a folder of tests/data/sysfs ("rpi4", "x86_desktop",
  // "x86_amd", "bare"), or "" for an empty tree.
  FakeTree(const std::string& layout, const std::string& tag)
      : root_(std::filesystem::temp_directory_path() /
              ("edgebench_sysmon_" + tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    if (!layout.empty()) {
      std::filesystem::copy(std::string(EDGEBENCH_SOURCE_DIR) + "/tests/data/sysfs/" + layout,
                            root_, std::filesystem::copy_options::recursive);
    }
  }
  ~FakeTree() { std::filesystem::remove_all(root_); }
  FakeTree(const FakeTree&) = delete;
  FakeTree& operator=(const FakeTree&) = delete;

  // Replaces a file's contents the way sysfs shows a new value: written
  // beside it, then renamed over it, so a reader never sees half a value.
  void Write(const std::string& relative, const std::string& text) const {
    const std::filesystem::path path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    const std::filesystem::path temp = path.string() + ".new";
    std::ofstream(temp) << text;
    std::filesystem::rename(temp, path);
  }
  void Remove(const std::string& relative) const { std::filesystem::remove_all(root_ / relative); }

  std::string path() const { return root_.string(); }

 private:
  std::filesystem::path root_;
};

// Sets every CPU of the fake Pi 4 (cpu0-3) to `khz`.
inline void SetPiClock(const FakeTree& tree, int khz) {
  for (int cpu = 0; cpu < 4; ++cpu) {
    tree.Write("sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/scaling_cur_freq",
               std::to_string(khz) + "\n");
  }
}

inline void SetPiTemperature(const FakeTree& tree, int millidegrees) {
  tree.Write("sys/class/thermal/thermal_zone0/temp", std::to_string(millidegrees) + "\n");
  tree.Write("sys/class/hwmon/hwmon0/temp1_input", std::to_string(millidegrees) + "\n");
}

inline constexpr char kPiThrottlePath[] = "sys/devices/platform/soc/soc:firmware/get_throttled";

}  // namespace edgebench::sysmon::testing
