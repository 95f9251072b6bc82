#!/usr/bin/env bash
# Builds the WebAssembly package and runs the Node and browser tests, installing what they need
# on a fresh machine (wasm32 target, wasm-bindgen-cli, npm packages, Debian's chromium).
# Idempotent: bash bindings/wasm/test.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# Bold only on a terminal, and never when NO_COLOR is set (https://no-color.org): logs and CI
# output get plain text.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
log() { printf '%s[wasm test]%s %s\n' "$bold" "$plain" "$*"; }

bash "$here/build.sh"

# The Rust runner's verdicts, which the Node run of the corpus must match exactly.
# A failure there stops this script (set -e) with a non-zero status: nothing is compared against
# verdicts the Rust runner itself gets wrong.
log "cargo test -p fairtouch --test conformance (writes target/conformance/rust.jsonl)"
(cd "$root" && cargo test --quiet --locked -p fairtouch --test conformance)

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
