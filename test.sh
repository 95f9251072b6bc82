#!/usr/bin/env bash
# Runs every test of every language: Rust (unit, conformance corpus, properties, pack examples,
# CLI with its audit of a generated log, doc tests, fmt, clippy), a short fuzzing run of every
# cargo-fuzz target, Python (pytest + mypy, Arrow batches and the Spark audit in local mode, via
# bindings/python/test.sh) and
# WebAssembly (Node conformance and API tests, tsc, headless Chromium playground test, via
# bindings/wasm/test.sh), and the README's examples in each. Installs what it needs on a fresh
# machine. Stops with a non-zero status at the first failure. Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

section() { printf '\n==> %s\n' "$*"; }

section "Rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --locked -p fairtouch --no-deps --quiet

section "Rust: tests (engine, corpus, properties, pack examples, CLI, doc tests)"
cargo test --locked -p fairtouch -p fairtouch-cli

section "Rust: packs validate"
cargo run --locked -q -p fairtouch-cli -- packs validate

# The README's Rust block is this example (crates/fairtouch-cli/tests/readme.rs checks it, and
# runs the README's command lines); run it as the README says, from the repository root.
section "README: the Rust example"
cargo run --locked -q -p fairtouch --example readme >/dev/null

# A short smoke run of every fuzz target (stable Rust, sanitizer off; fuzz/README.md): the long
# campaigns are run by hand (fuzz/run.sh 900) and their figures recorded in fuzz/README.md.
section "Fuzzing: smoke run (15 s a target)"
bash fuzz/run.sh 15

# System packages the later sections need, installed when missing with one `apt-get update`: Java
# for the Spark audit test (pyspark runs in local mode), Chromium for the browser tests.
missing=""
command -v java >/dev/null || missing="$missing openjdk-17-jre-headless"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
    section "apt-get install$missing"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

section "Python (with the Arrow batches and the Spark audit in local mode)"
FAIRTOUCH_REQUIRE_SPARK=1 bash bindings/python/test.sh

section "WebAssembly"
bash bindings/wasm/test.sh

# ---- Release artifacts (scripts/release.sh; what it adds: README.md "Install") ----------------
# The packages as users get them: the .crate files, the abi3 wheel, the sdist and the npm tarball,
# built into target/release-artifacts/, then copied away from the clone and each installed into a
# fresh place (scratch crate, two venvs, Node project, Vite page in headless Chromium), where the
# whole corpus must get the CLI's verdicts. Shares target/ so that dependencies are not rebuilt,
# and compiles the sdist with the dev profile (the wheel is the release build).
section "Release artifacts: build, install away from the clone, the corpus against the CLI"
FAIRTOUCH_SDIST_PROFILE=dev bash scripts/release.sh --allow-dirty
# ---- end of release artifacts ----------------------------------------------------------------

section "all tests passed"
