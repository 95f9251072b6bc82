#!/usr/bin/env bash
# Builds the WebAssembly package and runs the Node and browser tests, installing what they need
# on a fresh machine (wasm32 target, wasm-bindgen-cli, npm packages, Debian's chromium).
# Idempotent: bash bindings/wasm/test.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
log() { printf '\033[1m[wasm test]\033[0m %s\n' "$*"; }

bash "$here/build.sh"

# The Rust runner's verdicts, which the Node run of the corpus must match exactly.
log "cargo test -p fairtouch --test conformance (writes target/conformance/rust.jsonl)"
if ! (cd "$root" && cargo test --quiet -p fairtouch --test conformance >/dev/null 2>&1); then
  log "warning: the Rust conformance runner reports failures (run it for details); comparing anyway"
fi

cd "$here"
if [ -f package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi

if [ ! -x /usr/bin/chromium ]; then
  log "apt-get install chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

log "node --test"
node --test test/*.test.mjs
