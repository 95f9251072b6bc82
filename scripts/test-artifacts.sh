#!/usr/bin/env bash
# Tests the release artifacts as users get them, with no clone in sight: copies them to a folder
# outside the repository, installs each into a fresh, empty place there, runs the conformance
# corpus through each and compares every answer with the CLI's.
#
#   Rust    a scratch crate depending on `fairtouch = "X"`, the unpacked fairtouch and
#           fairtouch-rules .crate files standing in for crates.io ([patch.crates-io])
#   Python  a fresh venv with the abi3 wheel (pip install *.whl), and another built from the sdist
#           (pip install *.tar.gz: maturin compiles the engine from the sdist alone)
#   npm     a fresh Node project with the tarball (npm install *.tgz), run by Node; and a page
#           importing it, bundled by Vite and loaded in headless Chromium
#
# Usage: scripts/test-artifacts.sh ARTIFACTS CORPUS
#   ARTIFACTS  the folder scripts/release.sh fills: fairtouch-rules-X.crate, fairtouch-X.crate,
#              fairtouch-X-cp39-abi3-*.whl, fairtouch-X.tar.gz, fairtouch-wasm-X.tgz
#   CORPUS     corpus.jsonl (an attempt a line), names.txt (the case of each line) and cli.jsonl
#              (the CLI's answer to each line); scripts/release.sh writes them
# Environment:
#   FAIRTOUCH_ARTIFACT_WORK        where to install (default ${TMPDIR:-/tmp}/fairtouch-artifacts-<hash
#                                  of the ARTIFACTS path>);
#                                  must not be inside a git clone. Each run empties it, except the
#                                  bundler's own packages, and the sdist's venv while the sdist is
#                                  unchanged (its compilation is the slow part).
#   FAIRTOUCH_ARTIFACT_TARGET_DIR  a Cargo target directory for the scratch crate and the sdist's
#                                  build (scripts/release.sh passes the clone's target/, so that
#                                  crates.io dependencies are not compiled again); default: one
#                                  inside the work folder, shared with nothing.
#   FAIRTOUCH_SDIST_PROFILE        the Cargo profile pip compiles the sdist with; default: the
#                                  package's own (release, as users get it). ./test.sh passes
#                                  `dev`: the sdist's contents and its PEP 517 build are what is
#                                  under test, and the release profile's optimisations (tested
#                                  with the wheel) cost minutes on a 2-core machine.
set -euo pipefail
scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
artifacts="$(cd "${1:?usage: scripts/test-artifacts.sh ARTIFACTS CORPUS}" && pwd)"
corpus="$(cd "${2:?usage: scripts/test-artifacts.sh ARTIFACTS CORPUS}" && pwd)"
# One work folder per artifacts folder (so per clone: clones on one machine do not collide).
work="${FAIRTOUCH_ARTIFACT_WORK:-${TMPDIR:-/tmp}/fairtouch-artifacts-$(printf %s "$artifacts" | sha256sum | cut -c1-12)}"
# Pinned versions of what the test itself installs (not of the packages under test).
VITE=vite@7.3.8
PLAYWRIGHT=playwright-core@1.65.1

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
log() { printf '%s[artifacts]%s %s\n' "$bold" "$plain" "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

mkdir -p "$work"
work="$(cd "$work" && pwd)"
if git -C "$work" rev-parse --git-dir >/dev/null 2>&1; then
  echo "test-artifacts.sh: $work is inside a git clone; the artifacts must be tested away from one" >&2
  exit 2
fi
target="${FAIRTOUCH_ARTIFACT_TARGET_DIR:-$work/cargo-target}"

# The artifacts, and nothing else, copied next to the places they go into.
rm -rf "$work/artifacts" "$work/corpus" "$work/answers"
cp -r "$artifacts" "$work/artifacts"
cp -r "$corpus" "$work/corpus"
mkdir -p "$work/answers"
cd "$work"
one() { # the one file of the artifacts matching a pattern
  local found=(artifacts/$1)
  if [ "${#found[@]}" -ne 1 ] || [ ! -f "${found[0]}" ]; then
    echo "test-artifacts.sh: expected one $1 in $artifacts, found: ${found[*]}" >&2
    exit 2
  fi
  echo "$work/${found[0]}"
}
rules_crate="$(one 'fairtouch-rules-*.crate')"
version="${rules_crate##*/fairtouch-rules-}"
version="${version%.crate}"
engine_crate="$(one "fairtouch-$version.crate")"
wheel="$(one "fairtouch-$version-cp39-abi3-*.whl")"
sdist="$(one "fairtouch-$version.tar.gz")"
tarball="$(one "fairtouch-wasm-$version.tgz")"
compare() { python3 "$scripts/artifacts/compare.py" "$1" corpus/names.txt corpus/cli.jsonl "answers/$2"; }
# Every artifact carries the licence text (Apache-2.0 asks that it go with every copy).
python3 - "$rules_crate" "$engine_crate" "$(one "fairtouch-cli-$version.crate")" "$wheel" "$sdist" "$tarball" <<'EOF'
import sys, tarfile, zipfile
for path in sys.argv[1:]:
    names = zipfile.ZipFile(path).namelist() if path.endswith(".whl") else tarfile.open(path).getnames()
    if not any(n.count("/") <= 2 and n.rsplit("/", 1)[-1] == "LICENSE" for n in names):
        sys.exit(f"test-artifacts.sh: {path} has no LICENSE")
EOF
log "version $version, $(wc -l <corpus/corpus.jsonl) cases, in $work"

# --- Rust: a scratch crate that depends on fairtouch as a user's does -------------------------
t=$(date +%s)
rm -rf rust && mkdir -p rust/src rust/crates
tar -xzf "$rules_crate" -C rust/crates
tar -xzf "$engine_crate" -C rust/crates
cat >rust/Cargo.toml <<EOF
[package]
name = "uses-fairtouch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
fairtouch = "$version"
serde_json = "1"

# The .crate files as crates.io would serve them, before they are published.
[patch.crates-io]
fairtouch = { path = "crates/fairtouch-$version" }
fairtouch-rules = { path = "crates/fairtouch-rules-$version" }

[workspace]
EOF
cp "$scripts/artifacts/run_corpus.rs" rust/src/main.rs
# The lock file packaged with the crate (cargo package writes it): the dependency versions it was
# verified with. Cargo adds this crate to it and keeps the rest.
cp "rust/crates/fairtouch-$version/Cargo.lock" rust/Cargo.lock
(
  cd rust
  export CARGO_TARGET_DIR="$target"
  cargo build --quiet
  # The engine compiled is the packaged one.
  cargo metadata --format-version 1 --offline | python3 -c '
import json, sys
meta = json.load(sys.stdin)
for p in meta["packages"]:
    if p["name"] in ("fairtouch", "fairtouch-rules") and not p["manifest_path"].startswith(sys.argv[1]):
        sys.exit("%s comes from %s, not from the .crate files" % (p["name"], p["manifest_path"]))
' "$work/rust/crates/"
  cargo run --quiet -- ../corpus/corpus.jsonl >../answers/rust.jsonl
)
compare "Rust crate (fairtouch-$version.crate)" rust.jsonl
log "Rust crate: $(elapsed "$t")"

# --- Python: a fresh venv with the wheel ------------------------------------------------------
t=$(date +%s)
rm -rf py-wheel
python3 -m venv py-wheel
py-wheel/bin/python -m pip install --quiet --disable-pip-version-check "$wheel"
py-wheel/bin/python "$scripts/artifacts/run_corpus.py" corpus/corpus.jsonl >answers/wheel.jsonl
compare "Python wheel (${wheel##*/})" wheel.jsonl
log "Python wheel: $(elapsed "$t")"

# --- Python: a fresh venv built from the sdist ------------------------------------------------
t=$(date +%s)
# The sdist's contents, not its bytes (its tar records times): the venv is rebuilt when they change.
key="$(python3 -c '
import hashlib, sys, tarfile
h = hashlib.sha256()
with tarfile.open(sys.argv[1]) as tar:
    for m in sorted(tar.getmembers(), key=lambda m: m.name):
        h.update(m.name.encode() + b"\0")
        if m.isfile():
            h.update(tar.extractfile(m).read())
print(h.hexdigest())' "$sdist") ${FAIRTOUCH_SDIST_PROFILE:-}"
if [ "$(cat py-sdist/.sdist-contents 2>/dev/null)" != "$key" ] || [ ! -x py-sdist/bin/python ]; then
  rm -rf py-sdist
  python3 -m venv py-sdist
  log "pip install ${sdist##*/} (compiles the engine from the sdist; profile ${FAIRTOUCH_SDIST_PROFILE:-release})"
  profile=()
  [ -n "${FAIRTOUCH_SDIST_PROFILE:-}" ] && profile=(MATURIN_PEP517_ARGS="--profile $FAIRTOUCH_SDIST_PROFILE")
  env "${profile[@]}" CARGO_TARGET_DIR="$target" py-sdist/bin/python -m pip install --quiet --disable-pip-version-check "$sdist"
  echo "$key" >py-sdist/.sdist-contents
else
  log "sdist unchanged since its venv was built: reusing $work/py-sdist"
fi
py-sdist/bin/python "$scripts/artifacts/run_corpus.py" corpus/corpus.jsonl >answers/sdist.jsonl
compare "Python sdist (${sdist##*/})" sdist.jsonl
log "Python sdist: $(elapsed "$t")"

# --- npm: a fresh Node project with the tarball -----------------------------------------------
t=$(date +%s)
files="$(tar -tzf "$tarball")"
for f in package/package.json package/LICENSE package/js/web.js package/js/node.mjs package/js/index.d.ts \
  package/pkg/fairtouch_wasm_bg.wasm package/pkg/fairtouch_wasm.js \
  package/pkg-node/fairtouch_wasm_bg.wasm package/pkg-node/fairtouch_wasm.js; do
  grep -qx "$f" <<<"$files" || { echo "test-artifacts.sh: ${tarball##*/} lacks $f" >&2; exit 1; }
done
mkdir -p node
(
  cd node
  # The project keeps the bundler's own packages between runs; fairtouch-wasm is installed afresh.
  rm -rf node_modules/fairtouch-wasm dist page package-lock.json
  printf '{ "name": "uses-fairtouch-wasm", "private": true, "type": "module" }\n' >package.json
  npm install --no-audit --no-fund --loglevel=error --no-save "$tarball" "$VITE" "$PLAYWRIGHT"
  cp "$scripts/artifacts/run_corpus.mjs" "$scripts/artifacts/browser.mjs" .
  node run_corpus.mjs ../corpus/corpus.jsonl >../answers/node.jsonl
)
compare "Node.js (${tarball##*/})" node.jsonl
log "npm in Node.js: $(elapsed "$t")"

# --- npm: a page bundled by Vite, in headless Chromium ----------------------------------------
t=$(date +%s)
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  log "apt-get install chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
(
  cd node
  cp -r "$scripts/artifacts/page" page
  mkdir -p page/public
  cp ../corpus/corpus.jsonl page/public/
  node_modules/.bin/vite build page --outDir ../dist --emptyOutDir --logLevel warn
  ls dist/assets/*.wasm >/dev/null
  node browser.mjs dist ../answers/browser.jsonl
)
compare "Chromium, Vite bundle (${tarball##*/})" browser.jsonl
log "npm in Chromium via Vite: $(elapsed "$t")"

log "every package gives the CLI's answer to every case"
