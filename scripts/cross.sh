#!/usr/bin/env bash
# Cross-builds edgebench for a Raspberry Pi on Debian x86-64:
#   scripts/cross.sh arm64 [TARGET...]   (Raspberry Pi OS 64-bit, Debian arm64)
#   scripts/cross.sh armhf [TARGET...]   (Raspberry Pi OS 32-bit, Debian armhf)
# Release, warnings as errors, into build/<arch> (all targets unless TARGETs
# are named). Then `ctest --test-dir build/<arch>` runs the tests through
# user-mode QEMU (no binfmt_misc needed).
#
# The host gets the cross compiler, QEMU and the other host tools. The
# target's libraries are NOT installed: their Debian packages are downloaded
# into build/debs-<arch> and unpacked into build/sysroot-<arch>. Installing
# them system-wide fails for XNNPACK, pthreadpool and cpuinfo (not
# co-installable with their x86 twins) and upgrades the host's own packages
# for the others. Delete build/debs-<arch> to fetch newer package versions.
# JOBS (default: all cores) sets the build's parallelism.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

arch=${1:-}
case "$arch" in
  arm64) triple=aarch64-linux-gnu ;;
  armhf) triple=arm-linux-gnueabihf ;;
  *)
    echo "usage: scripts/cross.sh arm64|armhf [TARGET...]" >&2
    exit 2
    ;;
esac
shift
targets=("$@")

# What the build needs of the target: the development packages and every
# shared library they (and edgebench) load, down to the C library, so that
# QEMU runs the tests from the sysroot alone. check_sysroot below fails if
# this list misses a library.
target_packages=(
  libflatbuffers-dev libflatbuffers2
  libjpeg62-turbo-dev libjpeg62-turbo
  libpng-dev libpng16-16 zlib1g-dev zlib1g
  libsqlite3-dev libsqlite3-0
  libfmt-dev libfmt9
  libgtest-dev libgmock-dev
  libbenchmark-dev libbenchmark1debian
  libxnnpack-dev libxnnpack0 libpthreadpool-dev libpthreadpool0 libcpuinfo-dev libcpuinfo0
  libarmnn-dev libarmnn22 libarmnnaclcommon22
  libarmnntfliteparser-dev libarmnntfliteparser22 libarmnn-cpuref-backend22
  libc6 libgcc-s1 libstdc++6
)
# Arm NN's NEON backend (CpuAcc, on the Arm Compute Library) for the armnn
# runtime; Debian builds it for arm64 only.
if [ "$arch" = arm64 ]; then
  target_packages+=(libarmnn-cpuacc-backend22 libarm-compute20)
fi
# Header-only, the same for every architecture.
header_packages=(libcli11-dev nlohmann-json3-dev)
host_packages=(g++-"$triple" qemu-user-static cmake ninja-build flatbuffers-compiler dpkg-dev binutils)

debs=build/debs-$arch
sysroot=$root/build/sysroot-$arch
build=build/$arch

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

install_host_tools() {
  local missing=() p
  for p in "${host_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  local have_arch=false
  dpkg --print-foreign-architectures | grep -qx "$arch" && have_arch=true
  if [ ${#missing[@]} -eq 0 ] && $have_arch; then return; fi
  $have_arch || $SUDO dpkg --add-architecture "$arch"
  echo "cross: installing ${missing[*]:-nothing (new architecture $arch)}"
  $SUDO apt-get update -q
  if [ ${#missing[@]} -gt 0 ]; then
    # g++-<triple>, not crossbuild-essential-<arch>: the latter's dpkg-cross
    # upgrades the host's perl, and nothing here needs it.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# Downloads the packages not yet in $debs (apt-get download takes the
# candidate version, the one apt would install).
download_packages() {
  mkdir -p "$debs"
  local wanted=() p
  for p in "${target_packages[@]}"; do
    compgen -G "$debs/${p}_*_$arch.deb" >/dev/null || wanted+=("$p:$arch")
  done
  for p in "${header_packages[@]}"; do
    compgen -G "$debs/${p}_*_all.deb" >/dev/null || wanted+=("$p")
  done
  [ ${#wanted[@]} -eq 0 ] && return
  echo "cross: downloading ${wanted[*]}"
  (cd "$debs" && apt-get download -qq "${wanted[@]}") 2>&1 |
    { grep -v "^W: Download is performed unsandboxed" || true; }
  for p in "${wanted[@]}"; do
    compgen -G "$debs/${p%%:*}_*.deb" >/dev/null || {
      echo "cross: could not download $p" >&2
      exit 1
    }
  done
}

# Records DEB in the sysroot's own dpkg database (its status, file list and
# shlibs), so that `dpkg-query --admindir=$sysroot/var/lib/dpkg` answers for
# the target as the host's database does for the host: the .deb's Depends
# are worked out from it (cmake/debian_depends.cmake).
record_in_dpkg_database() {
  local deb=$1 db=$sysroot/var/lib/dpkg package
  mkdir -p "$db/info" "$db/updates"
  package=$(dpkg-deb -f "$deb" Package)
  {
    dpkg-deb -f "$deb"
    printf 'Status: install ok installed\n\n'
  } >>"$db/status"
  dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||; s|^$|/.|' >"$db/info/$package.list"
  dpkg-deb -I "$deb" shlibs >"$db/info/$package.shlibs" 2>/dev/null ||
    rm -f "$db/info/$package.shlibs"
}

# Unpacks every package into a fresh sysroot and makes its absolute symbolic
# links (libcpuinfo.so -> /usr/lib/...) point inside it.
unpack_sysroot() {
  local stamp=$sysroot/.packages
  local list
  list=$(printf '%s\n' "$debs"/*.deb | sort)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$list" ] && [ -f "$sysroot/var/lib/dpkg/status" ] &&
    return
  echo "cross: unpacking $(echo "$list" | wc -l) packages into $sysroot"
  rm -rf "$sysroot"
  mkdir -p "$sysroot"
  local deb link target
  for deb in $list; do
    dpkg-deb -x "$deb" "$sysroot"
    record_in_dpkg_database "$deb"
  done
  while IFS= read -r link; do
    target=$(readlink "$link")
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link"
  done < <(find "$sysroot" -type l -lname '/*')
  echo "$list" >"$stamp"
}

# Every shared library in the sysroot finds each library it needs there:
# what the linker and QEMU will need.
check_sysroot() {
  local dirs=("$sysroot/lib/$triple" "$sysroot/usr/lib/$triple" "$sysroot"/usr/lib/"$triple"/armnn*)
  local missing=() so needed d found
  while IFS= read -r so; do
    for needed in $(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      found=false
      for d in "${dirs[@]}"; do [ -e "$d/$needed" ] && found=true && break; done
      $found || missing+=("$(basename "$so") needs $needed")
    done
  done < <(find "${dirs[@]}" -maxdepth 1 -name '*.so*' -type f)
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'cross: sysroot incomplete: %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

install_host_tools
download_packages
unpack_sysroot
check_sysroot

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/$triple.cmake" \
  -DEDGEBENCH_SYSROOT="$sysroot" -DCMAKE_BUILD_TYPE=Release -DEDGEBENCH_WERROR=ON \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" ${targets[@]:+--target "${targets[@]}"}
