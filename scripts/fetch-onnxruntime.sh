#!/usr/bin/env bash
# Fetches ONNX Runtime for the `onnxruntime` runtime into cache/onnxruntime/
# (git-ignored), through `npm pack`, keeping only what edgebench uses:
#   lib/linux-x64/libonnxruntime.so.1, lib/linux-arm64/libonnxruntime.so.1
#       from onnxruntime-node (bin/napi-v6/linux/), loaded with dlopen at run
#       time (src/runtimes/onnxruntime/);
#   include/onnxruntime_c_api.h (+ the two headers it includes)
#       from com.github.asus4.onnxruntime (its iOS framework's Headers/): the
#       C API's types, needed when edgebench is BUILT (reconfigure after this).
# Pinned versions and SHA-256 of every file kept; the ~150 MB header package
# is deleted as soon as the headers are out. Idempotent: a verified copy is
# left alone. On failure it exits 1 with one line; setup.sh goes on without.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/cache/onnxruntime"

LIB_PKG="onnxruntime-node@1.30.0"
HEADER_PKG="com.github.asus4.onnxruntime@0.4.9"
HEADER_DIR="package/Plugins/iOS~/onnxruntime.xcframework/ios-arm64/onnxruntime.framework/Headers"
# "SHA-256 path-in-cache path-in-package"
PINS=(
  "ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23 lib/linux-x64/libonnxruntime.so.1 package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
  "1f549d46250b005580b597f4164984aaf75b3bcb9f3aeb07c7f8a8fe60b23c76 lib/linux-arm64/libonnxruntime.so.1 package/bin/napi-v6/linux/arm64/libonnxruntime.so.1"
  "acc0cf4b3f28d39339c76770d76164bb7a0637dc89f5fde764b4017b632f6743 include/onnxruntime_c_api.h $HEADER_DIR/onnxruntime_c_api.h"
  "5ce3b054e798eced8d14f5b86e98692fd33470463f96194ce0700a2d53dd8721 include/onnxruntime_error_code.h $HEADER_DIR/onnxruntime_error_code.h"
  "e6c986c9e98583f8113b2c6bc3864814883b806d501cf24da4d239c45753e235 include/onnxruntime_ep_c_api.h $HEADER_DIR/onnxruntime_ep_c_api.h"
)

die() {
  echo "fetch-onnxruntime: error: $*" >&2
  exit 1
}
say() { echo "fetch-onnxruntime: $*"; }

# The manifest is written last: its presence means a complete copy.
if [ -f "$dest/MANIFEST" ] && (cd "$dest" && grep -v '^package ' MANIFEST | sha256sum --check --status); then
  say "ok   cache/onnxruntime ($LIB_PKG, $HEADER_PKG, SHA-256 verified)"
  exit 0
fi

# Only a fetch needs npm: a verified copy serves a machine without it.
for tool in npm tar sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found (sudo apt install $tool)"
done

tmp=$(mktemp -d)
stage="$here/cache/.onnxruntime.stage"
trap 'rm -rf "$tmp" "$stage"' EXIT

# pack_and_extract PACKAGE DIR MEMBER...: the members of the package's
# tarball under DIR; the tarball is deleted right away.
pack_and_extract() {
  local pkg=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  say "npm pack $pkg"
  if ! (cd "$dir" && npm pack --loglevel=error "$pkg" >pack.log 2>&1); then
    die "npm pack $pkg failed (is the npm registry reachable?): $(grep -m 1 -E '^npm (error|ERR!)' "$dir/pack.log" || tail -n 1 "$dir/pack.log")"
  fi
  local tarball
  tarball=$(find "$dir" -maxdepth 1 -name '*.tgz' | head -n 1)
  [ -n "$tarball" ] || die "npm pack $pkg produced no tarball"
  tar -xzf "$tarball" -C "$dir" "$@" || die "$pkg lacks one of: $*"
  rm -f "$tarball"
}

members_of() {  # the package paths of the pins whose package path starts with $1
  for pin in "${PINS[@]}"; do
    read -r _ _ from <<<"$pin"
    case "$from" in "$1"*) echo "$from" ;; esac
  done
}
mapfile -t lib_members < <(members_of package/bin/)
mapfile -t header_members < <(members_of "$HEADER_DIR")
pack_and_extract "$LIB_PKG" "$tmp/lib" "${lib_members[@]}"
pack_and_extract "$HEADER_PKG" "$tmp/header" "${header_members[@]}"

rm -rf "$stage"
for pin in "${PINS[@]}"; do
  read -r want to from <<<"$pin"
  src="$tmp/lib/$from"
  [ -f "$src" ] || src="$tmp/header/$from"
  got=$(sha256sum "$src" | cut -d' ' -f1)
  [ "$got" = "$want" ] || die "$from has SHA-256 $got, expected $want"
  mkdir -p "$(dirname "$stage/$to")"
  cp "$src" "$stage/$to"
done
{
  echo "package $LIB_PKG"
  echo "package $HEADER_PKG"
  for pin in "${PINS[@]}"; do
    read -r want to _ <<<"$pin"
    echo "$want  $to"
  done
} >"$stage/MANIFEST"
(cd "$stage" && grep -v '^package ' MANIFEST | sha256sum --check --status) ||
  die "copy into the cache is corrupt"
rm -rf "$dest"
mv "$stage" "$dest"
say "got  cache/onnxruntime ($LIB_PKG libraries for linux x64 and arm64, $HEADER_PKG C API header)"
