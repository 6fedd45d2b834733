#!/usr/bin/env bash
# The Debian package of a build, as a user gets it: made by cpack, unpacked
# into a scratch root (dpkg -x), its control file checked (Architecture, the
# version, Depends naming a package that ships each library the binary
# loads), and the installed binary run from another folder (through the
# emulator on a cross build): --version, sysinfo, and two runs of the
# bundled model, which it must find under the root's share/edgebench.
#
# usage: deb_package_test.sh CPACK BUILD_DIR ARCH VERSION DPKG_ADMINDIR [LAUNCHER...]
# DPKG_ADMINDIR: the dpkg database that knows the target's libraries (the
# host's, or the one scripts/cross.sh writes into a cross build's sysroot).
set -euo pipefail
cpack=$1 build=$2 arch=$3 version=$4 admindir=$5
shift 5
launcher=("$@")

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$cpack" --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  fail "cpack: $(cat "$scratch/cpack.log")"
deb="$scratch/out/edgebench_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $(basename "$deb"): $(ls "$scratch/out")"

# --- the control file ---------------------------------------------------
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] ||
  fail "Architecture is $(dpkg-deb -f "$deb" Architecture), expected $arch"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
  fail "Version is $(dpkg-deb -f "$deb" Version), expected $version"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Runtime plugins (usr/lib/edgebench) are loaded only when asked for: the
# package needs none of their libraries.
case "$depends" in *armnn*) fail "Depends names Arm NN, which only the armnn plugin loads" ;; esac
root="$scratch/root"
dpkg -x "$deb" "$root"
binary="$root/usr/bin/edgebench"
[ -x "$binary" ] || fail "the package has no usr/bin/edgebench"
# Every library the binary loads is shipped by a package Depends names
# (checked from the packages' file lists, the other way round from how
# cmake/debian_depends.cmake found them).
shipped="$scratch/shipped"
for package in $(echo "$depends" | sed -E 's/\([^)]*\)//g; s/[,|]/ /g'); do
  dpkg-query --admindir="$admindir" -L "$package:$arch" 2>/dev/null ||
    dpkg-query --admindir="$admindir" -L "$package" 2>/dev/null ||
    fail "Depends names $package, which $admindir does not know"
done >"$shipped"
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no NEEDED entries in $binary"
for soname in $needed; do
  grep -q "/$soname\$" "$shipped" || fail "$soname (NEEDED) is in no package of Depends: $depends"
done
readelf -d "$binary" | grep -qE '\((RPATH|RUNPATH)\)' &&
  fail "the installed binary keeps a build tree's library path: $(readelf -d "$binary" | grep PATH)"

# --- the installed binary, from elsewhere --------------------------------
elsewhere="$scratch/elsewhere"
mkdir -p "$elsewhere" "$scratch/home"
cd "$elsewhere"
edgebench() {
  env -u EDGEBENCH_HOME HOME="$scratch/home" XDG_CACHE_HOME="$scratch/home/.cache" \
    "${launcher[@]}" "$binary" "$@"
}
[ "$(edgebench --version)" = "$version" ] || fail "--version says $(edgebench --version)"
edgebench sysinfo >"$scratch/sysinfo.txt" || fail "sysinfo failed"
edgebench run --model ssd_mobilenet_v1_0.75_uint8 --runs 2 --threads 1 \
  --no-save --json "$scratch/run.json" >"$scratch/run.txt" 2>&1 ||
  fail "run failed: $(cat "$scratch/run.txt")"
data="$root/usr/share/edgebench/data"
for file in models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite images/fruit.jpg; do
  grep -qF "\"$data/$file\"" "$scratch/run.json" ||
    fail "run did not read $data/$file: $(grep -F '"file"' "$scratch/run.json")"
done
grep -q "apple" "$scratch/run.txt" || fail "run found no apple: $(cat "$scratch/run.txt")"
echo "ok: $(basename "$deb") installs and runs from $elsewhere"
