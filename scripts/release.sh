#!/usr/bin/env bash
# Builds the three release artifacts into one folder, ready to upload, and tests them as users
# get them (scripts/test-artifacts.sh: installed away from the clone, the conformance corpus run
# through each and compared with the CLI's verdicts):
#
#   fairtouch-rules-X.crate, fairtouch-X.crate, fairtouch-cli-X.crate   crates.io (cargo publish)
#   fairtouch-X-cp39-abi3-<platform>.whl, fairtouch-X.tar.gz           PyPI (twine upload)
#   fairtouch-wasm-X.tgz                                               npm (npm publish <file>)
#   SHA256SUMS
#
# Before building: the version agrees everywhere (scripts/version.sh), and `cargo publish
# --dry-run` accepts the crates (cargo packages them against a local registry overlay, so
# fairtouch is verified against the packaged fairtouch-rules, not the folder).
#
# Usage: scripts/release.sh [--allow-dirty] [--no-test] [OUT]
#   OUT            default target/release-artifacts (its old artifacts are removed first)
#   --allow-dirty  package uncommitted changes (./test.sh does; a release should not)
#   --no-test      build only
# Environment: FAIRTOUCH_ARTIFACT_ISOLATED=1 tests with a Cargo target directory of its own
# (everything compiled afresh, as on a user's machine) instead of sharing the clone's target/.
#
# Needs what ./test.sh installs: Rust, Python 3.9+ (maturin, pinned, goes into bindings/python/.venv),
# Node.js 18+ and npm (bindings/wasm/build.sh installs wasm-bindgen-cli), chromium for the test.
# Publishing, once the artifacts are tested (cargo 1.90+ publishes several crates in one command,
# in dependency order: fairtouch-rules, fairtouch, fairtouch-cli):
#   cargo publish --locked -p fairtouch-rules -p fairtouch -p fairtouch-cli
#   twine upload OUT/fairtouch-X*.whl OUT/fairtouch-X.tar.gz
#   npm publish OUT/fairtouch-wasm-X.tgz
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

dirty=() test=1 out=""
for arg in "$@"; do
  case "$arg" in
    --allow-dirty) dirty=(--allow-dirty) ;;
    --no-test) test=0 ;;
    -*) echo "usage: scripts/release.sh [--allow-dirty] [--no-test] [OUT]" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done
out="${out:-target/release-artifacts}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
log() { printf '%s[release %ss]%s %s\n' "$bold" "$SECONDS" "$plain" "$*"; }

bash scripts/version.sh
version="$(cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "fairtouch"))')"
rm -f "$out"/*.crate "$out"/*.whl "$out"/*.tar.gz "$out"/*.tgz "$out"/SHA256SUMS

# 1. The crates. `cargo package` builds each from its .crate (fairtouch against the packaged
#    fairtouch-rules); `cargo publish --dry-run` then checks what crates.io would check.
crates=(-p fairtouch-rules -p fairtouch -p fairtouch-cli)
# cargo unpacks the overlay's crates under $CARGO_HOME/registry/src/-<hash>/ and never unpacks the
# same version again: after a change to the packs with the version unchanged, it would build the
# engine against the rules of an earlier run. Remove those copies first (only this project's).
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/fairtouch-* "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/-*/fairtouch-*
# Cargo also takes a registry crate's compiled artifacts as final (a registry version never
# changes), so the packaged crates are verified in a target directory of their own, from which
# their artifacts are removed first; the dependencies' stay, so they are not compiled again.
verify="$target/package-verify"
rm -rf "$verify"/debug/.fingerprint/fairtouch* "$verify"/debug/deps/*fairtouch* "$verify"/debug/build/fairtouch*
log "cargo package ${crates[*]}"
cargo package --quiet --locked --target-dir "$verify" "${dirty[@]}" "${crates[@]}"
log "cargo publish --dry-run ${crates[*]}"
cargo publish --quiet --dry-run --no-verify --locked --target-dir "$verify" "${dirty[@]}" "${crates[@]}" 2>&1 \
  | { grep -v '^warning: aborting upload due to dry run$' || true; } >&2
for name in fairtouch-rules fairtouch fairtouch-cli; do
  cp "$verify/package/$name-$version.crate" "$out/"
done

# 2. The Python wheel (abi3: one for CPython 3.9 and later) and sdist, with the maturin that
#    bindings/python/test.sh pins, from its venv and with its environment: the same PYO3_PYTHON
#    and maturin as `maturin develop` there, so that neither build makes the other recompile.
#    maturin 1.12 or later: older ones keep the workspace's default-members in the sdist's
#    Cargo.toml, naming crates the sdist leaves out (fairtouch-cli), and the sdist does not build
#    (PyO3/maturin#2046).
venv="$root/bindings/python/.venv"
maturin_pin="$(grep -o 'maturin==[0-9.]*' bindings/python/test.sh | head -1)"
if ! "$venv/bin/maturin" --version 2>/dev/null | grep -qx "maturin ${maturin_pin#maturin==}"; then
  log "installing $maturin_pin into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$maturin_pin"
fi
log "maturin build --release (abi3 wheel) and maturin sdist"
(
  cd bindings/python
  export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
  unset CONDA_PREFIX
  maturin build --quiet --release --locked --out "$out" 2>&1 | { grep -v '^📦\|^🔗\|^🐍\|^📡\|^🍹\|^⚠️  Warning: .*patchelf' || true; }
  maturin sdist --out "$out" >/dev/null 2>&1 || maturin sdist --out "$out"
)

# 3. The npm tarball (`prepack` builds the WebAssembly module: bindings/wasm/build.sh).
log "npm pack (bindings/wasm)"
(cd bindings/wasm && npm pack --silent --pack-destination "$out" >/dev/null)

(cd "$out" && sha256sum -- *.crate *.whl *.tar.gz *.tgz >SHA256SUMS)
log "artifacts in $out:"
(cd "$out" && ls -l -- *.crate *.whl *.tar.gz *.tgz | awk '{ printf "  %10d  %s\n", $5, $9 }')

[ "$test" = 1 ] || exit 0

# 4. The corpus and the CLI's answers (the CLI of this clone is the reference), then the test.
corpus="$target/artifact-corpus"
log "the corpus (tests/cases) through this clone's CLI: the verdicts the packages must give"
python3 scripts/artifacts/corpus.py tests/cases "$corpus" >/dev/null
status=0
cargo run --quiet --locked -p fairtouch-cli -- check --jsonl "$corpus/corpus.jsonl" --format json \
  >"$corpus/cli.jsonl" 2>/dev/null || status=$?
# 1: some verdict blocks; 2: some attempt is refused (the corpus has both). Anything else is a failure.
if [ "$status" -gt 2 ] || [ "$(wc -l <"$corpus/cli.jsonl")" -ne "$(wc -l <"$corpus/corpus.jsonl")" ]; then
  echo "release.sh: the CLI did not answer every case of the corpus (status $status)" >&2
  exit 1
fi
if [ "${FAIRTOUCH_ARTIFACT_ISOLATED:-0}" != 1 ]; then
  export FAIRTOUCH_ARTIFACT_TARGET_DIR="${FAIRTOUCH_ARTIFACT_TARGET_DIR:-$target}"
fi
log "testing the artifacts (scripts/test-artifacts.sh)"
bash scripts/test-artifacts.sh "$out" "$corpus"
