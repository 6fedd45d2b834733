// The HTML report rendered by headless Chromium, at phone and desktop
// widths: (a) this machine's run next to the published results, (b) a real
// run against a fake Raspberry Pi tree that reports throttling, plus the
// fake Pi's imported record. Skips when Chromium is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "image/png_decoder.h"
#include "support/edgebench_process.h"

namespace edgebench::report {
namespace {

namespace fs = std::filesystem;

std::string FindChromium() {
  for (const char* path :
       {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ScreenshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) {
      GTEST_SKIP() << "Chromium is not installed (Debian: apt-get install chromium); the "
                      "report's rendering is not checked";
    }
    dir_ = fs::temp_directory_path() / ("edgebench_screenshot_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::string Edgebench(const std::string& args) const {
    return edgebench::testing::EdgebenchCommand() + " " + args + " > /dev/null 2>&1";
  }

  // Renders `html` at width x height and checks the picture: the right
  // size, mostly white, but with plenty drawn and the Raspberry Pi red there.
  void CheckScreenshot(const std::string& html, int width, int height) {
    const std::string png = (dir_ / ("shot_" + std::to_string(width) + ".png")).string();
    // Chromium wants a writable home for its profile: keep it in the temp dir.
    const std::string command = "HOME=" + dir_.string() + " timeout 120 " + chromium_ +
                                " --headless --no-sandbox --disable-gpu --hide-scrollbars "
                                "--user-data-dir=" +
                                (dir_ / "profile").string() + " --screenshot=" + png +
                                " --window-size=" + std::to_string(width) + "," +
                                std::to_string(height) + " file://" + html + " > /dev/null 2>&1";
    ASSERT_EQ(Shell(command), 0) << command;
    auto image = image::DecodePngFile(png, {});
    ASSERT_TRUE(image.ok()) << image.status().message();
    EXPECT_EQ(image->width, width);
    EXPECT_EQ(image->height, height);
    size_t drawn = 0, pi_red = 0;
    const size_t pixels = image->pixels.size() / 3;
    for (size_t i = 0; i < pixels; ++i) {
      const uint8_t r = image->pixels[3 * i], g = image->pixels[3 * i + 1],
                    b = image->pixels[3 * i + 2];
      if (r < 240 || g < 240 || b < 240) ++drawn;
      // #c51a4a, the Raspberry Pi family's bars.
      if (std::abs(r - 0xc5) < 8 && std::abs(g - 0x1a) < 8 && std::abs(b - 0x4a) < 8) ++pi_red;
    }
    EXPECT_GT(drawn, pixels / 50) << png << ": nearly blank";
    EXPECT_LT(drawn, pixels / 2) << png << ": mostly not white";
    EXPECT_GT(pi_red, 200u) << png << ": no Raspberry Pi bars";
    if (const char* keep = std::getenv("EDGEBENCH_KEEP_SCREENSHOTS")) {
      fs::copy_file(png, fs::path(keep) / fs::path(png).filename(),
                    fs::copy_options::overwrite_existing);
    }
  }

  std::string chromium_;
  fs::path dir_;
};

TEST_F(ScreenshotTest, ThisMachineNextToPublishedResults) {
  const std::string db = (dir_ / "r.db").string();
  ASSERT_EQ(
      Shell(Edgebench("run --db " + db + " --model ssd_mobilenet_v1_0.75_uint8 --runs 20 --quiet")),
      0);
  const std::string html = (dir_ / "a.html").string();
  ASSERT_EQ(Shell(Edgebench("report --db " + db + " --published -o " + html)), 0);
  CheckScreenshot(html, 412, 1800);
  CheckScreenshot(html, 1200, 1800);
}

TEST_F(ScreenshotTest, ThrottlingPiRunAndImportedRecord) {
  // A copy of the fake Pi 4 whose firmware says "frequency capped,
  // throttled, soft temperature limit", at 82 C.
  const fs::path pi = dir_ / "rpi4";
  fs::copy(fs::path(EDGEBENCH_SOURCE_DIR) / "tests/data/sysfs/rpi4", pi,
           fs::copy_options::recursive);
  std::ofstream(pi / "sys/devices/platform/soc/soc:firmware/get_throttled") << "0x6000e\n";
  std::ofstream(pi / "sys/class/thermal/thermal_zone0/temp") << "82000\n";
  const std::string db = (dir_ / "r.db").string();
  ASSERT_EQ(Shell(Edgebench("run --db " + db +
                            " --model ssd_mobilenet_v1_0.75_uint8 --runs 20 "
                            "--sample-ms 10 --sysfs-root " +
                            pi.string() + " --machine fake-pi --price 55 --quiet")),
            0);
  ASSERT_EQ(Shell(Edgebench("import --db " + db + " " + std::string(EDGEBENCH_SOURCE_DIR) +
                            "/tests/data/results/fake_pi4.json")),
            0);
  const std::string html = (dir_ / "b.html").string();
  ASSERT_EQ(Shell(Edgebench("report --db " + db + " -o " + html)), 0);
  std::ifstream file(html);
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  EXPECT_NE(text.find("fill=\"#fbdada\""), std::string::npos) << "no throttled span drawn";
  CheckScreenshot(html, 412, 3000);
  CheckScreenshot(html, 1000, 3000);
}

}  // namespace
}  // namespace edgebench::report
