#!/usr/bin/env bash
# The peers benchmark of issue 13, in one command: fairtouch from Rust, JSON, Python and
# WebAssembly beside the same six core US checks in Rego (regorus) and in hand-written Python,
# on benches/fixtures/sms_attempt.json. Prints one markdown table (µs per attempt and the ratio
# to native `Engine::evaluate`) and the decisions of every peer on a set of cases; exits 1 if the
# Rego or the Python peer disagrees with fairtouch.
#
#   bash benches/peers/run.sh
#
# Builds what is missing: this crate (release; regorus is fetched from crates.io), the Python
# extension into bindings/python/.venv (maturin develop --release, as bindings/python/test.sh
# does) and the WebAssembly package (bindings/wasm/build.sh). Without a wasm toolchain (no
# wasm32 target and no way to install one) the WebAssembly rows say "not built".
# Environment: PEERS_TARGET_MS (CPU milliseconds per timing round, default 40),
# PEERS_SKIP_WASM=1, PEERS_SKIP_PYTHON=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target_ms="${PEERS_TARGET_MS:-40}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
out="$CARGO_TARGET_DIR/peers"
mkdir -p "$out"
log() { printf '[peers] %s\n' "$*" >&2; }

# 1. Rust: fairtouch native and JSON, regorus; writes the cases for the Python side.
log "cargo build --release (benches/peers)"
(cd "$here" && cargo build --quiet --release)
log "running the Rust side"
"$CARGO_TARGET_DIR/release/fairtouch-peers" --cases-out "$out/cases.jsonl" --target-ms "$target_ms" >"$out/rust.json"

# 2. Python: fairtouch's extension (built as bindings/python/test.sh builds it) and handwritten.py.
python_json=-
if [ "${PEERS_SKIP_PYTHON:-0}" != 1 ]; then
  venv="$root/bindings/python/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv"
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  if [ ! -x "$venv/bin/maturin" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check maturin==1.16.0
  fi
  # maturin develop --release, unless the installed extension is newer than the Rust sources.
  ext="$(ls "$root"/bindings/python/python/fairtouch/_fairtouch*.so 2>/dev/null | head -1 || true)"
  if [ -z "$ext" ] || ! "$venv/bin/python" -c 'import fairtouch' 2>/dev/null \
    || [ -n "$(find "$root/crates/fairtouch" "$root/rules" "$root/bindings/python/src" -newer "$ext" -type f 2>/dev/null | head -1)" ]; then
    log "maturin develop --release (bindings/python)"
    (
      cd "$root/bindings/python"
      export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
      unset CONDA_PREFIX
      "$venv/bin/maturin" develop --release --quiet
    ) >&2
  fi
  log "running the Python side"
  "$venv/bin/python" "$here/python_peers.py" "$out/cases.jsonl" --target-ms "$target_ms" >"$out/python.json"
  python_json="$out/python.json"
fi

# 3. WebAssembly in Node: benches/wasm_bench.mjs --json on bindings/wasm's build.
wasm_json=-
if [ "${PEERS_SKIP_WASM:-0}" != 1 ] && command -v node >/dev/null; then
  if [ ! -f "$root/bindings/wasm/pkg-node/fairtouch_wasm_bg.wasm" ] \
    || [ -n "$(find "$root/crates/fairtouch" "$root/rules" "$root/bindings/wasm/src" -newer "$root/bindings/wasm/pkg-node/fairtouch_wasm_bg.wasm" -type f 2>/dev/null | head -1)" ]; then
    log "bindings/wasm/build.sh"
    # build.sh uses its own target directory (target/wasm under the repository root).
    (unset CARGO_TARGET_DIR; bash "$root/bindings/wasm/build.sh") >&2 || log "WebAssembly build failed: rows marked not built"
  fi
  if [ -f "$root/bindings/wasm/pkg-node/fairtouch_wasm_bg.wasm" ]; then
    log "running the WebAssembly side"
    node "$root/benches/wasm_bench.mjs" --json 2000 >"$out/wasm.json"
    wasm_json="$out/wasm.json"
  fi
fi

# 4. One table, and the agreement check (exit 1 on a disagreement).
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
exec python3 "$here/table.py" "$out/rust.json" "$python_json" "$wasm_json"
