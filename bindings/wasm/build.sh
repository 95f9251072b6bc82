#!/usr/bin/env bash
# Builds the fairtouch WebAssembly package:
#   pkg/       wasm-bindgen --target web     (browsers, bundlers; used by www/ and js/web.js)
#   pkg-node/  wasm-bindgen --target nodejs  (Node.js; used by js/node.mjs)
# Installs what it needs on a fresh machine: the wasm32-unknown-unknown target and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate pinned in Cargo.toml.
# Idempotent. Environment: WASM_OPT=1 also runs wasm-opt -Oz from the `binaryen` npm package
# (off by default: it takes a minute and leaves the module ~5% smaller raw but ~1% larger gzipped;
# see benches/README.md).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# Bold only on a terminal, and never when NO_COLOR is set (https://no-color.org): logs and CI
# output get plain text.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
log() { printf '%s[wasm build]%s %s\n' "$bold" "$plain" "$*"; }

# 1. Rust target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, at the exact version of the crate (the two must match).
version="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$here/Cargo.toml")"
if [ -z "$version" ]; then
  echo "cannot read the pinned wasm-bindgen version from $here/Cargo.toml" >&2
  exit 2
fi
tools="$here/.tools"
wasm_bindgen="$tools/bin/wasm-bindgen"
if ! { [ -x "$wasm_bindgen" ] && "$wasm_bindgen" --version | grep -qx "wasm-bindgen $version"; }; then
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -qx "wasm-bindgen $version"; then
    wasm_bindgen="$(command -v wasm-bindgen)"
  else
    log "cargo install wasm-bindgen-cli $version (a few minutes, once)"
    # --locked first (reproducible); if a locked dependency was yanked, resolve afresh.
    cargo install --quiet --root "$tools" wasm-bindgen-cli --version "$version" --locked \
      || cargo install --quiet --root "$tools" wasm-bindgen-cli --version "$version"
  fi
fi

# 3. The module. opt-level 3 (FAIRTOUCH_WASM_OPT_LEVEL=s for a module about 8% smaller gzipped
#    and about 1.5x slower), fat LTO and one codegen unit for this build only (the workspace's
#    release profile stays as it is); see benches/README.md for the measurements.
log "cargo build -p fairtouch-wasm --target wasm32-unknown-unknown --release"
CARGO_PROFILE_RELEASE_OPT_LEVEL="${FAIRTOUCH_WASM_OPT_LEVEL:-3}" \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
CARGO_PROFILE_RELEASE_LTO=fat \
CARGO_PROFILE_RELEASE_PANIC=abort \
CARGO_TARGET_DIR="$root/target/wasm" \
  cargo build --quiet -p fairtouch-wasm --lib --target wasm32-unknown-unknown --release
wasm="$root/target/wasm/wasm32-unknown-unknown/release/fairtouch_wasm.wasm"

# 4. Bindings for the web and for Node.
for target in web nodejs; do
  out="$here/pkg"
  [ "$target" = nodejs ] && out="$here/pkg-node"
  rm -rf "$out"
  "$wasm_bindgen" --target "$target" --out-dir "$out" --remove-name-section --remove-producers-section "$wasm"
done
# The package is "type": "module"; the Node glue is CommonJS.
echo '{ "type": "commonjs" }' >"$here/pkg-node/package.json"
echo '{ "type": "module" }' >"$here/pkg/package.json"

# 5. Optional: wasm-opt from the binaryen npm package (JS/wasm build of binaryen).
if [ "${WASM_OPT:-0}" = 1 ]; then
  wasm_opt="$here/node_modules/.bin/wasm-opt"
  if [ ! -x "$wasm_opt" ]; then
    (cd "$here" && npm install --no-save --no-audit --no-fund binaryen@132.0.0 >/dev/null)
  fi
  for out in pkg pkg-node; do
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$here/$out/fairtouch_wasm_bg.wasm" -o "$here/$out/fairtouch_wasm_bg.wasm"
  done
fi

raw=$(wc -c <"$here/pkg/fairtouch_wasm_bg.wasm")
gz=$(gzip -9c "$here/pkg/fairtouch_wasm_bg.wasm" | wc -c)
log "pkg/fairtouch_wasm_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
