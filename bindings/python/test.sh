#!/usr/bin/env bash
# Builds the Python package into bindings/python/.venv and runs its tests (pytest + mypy).
# Idempotent: the venv and the pinned tools are installed once; later runs only rebuild what
# changed. Usage: bash bindings/python/test.sh [pytest args...]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"
# Pinned tool versions (all support CPython 3.9+).
# pyarrow and pyspark (whose mapInArrow needs pandas) are the package's optional extras `arrow`
# and `spark`, tested here.
TOOLS="maturin==1.16.0 pytest==8.4.2 mypy==1.18.2 pyarrow==26.0.1 pyspark==4.3.0 pandas==3.1.1"

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.fairtouch-tools"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$TOOLS" ]; then
    echo "== installing $TOOLS"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $TOOLS
    echo "$TOOLS" > "$STAMP"
fi

# The Rust runner writes the verdicts the Python run must match.
JSONL="$ROOT/target/conformance/rust.jsonl"
if [ ! -f "$JSONL" ] || [ -n "$(find "$ROOT/tests/cases" "$ROOT/rules" "$ROOT/crates/fairtouch" -newer "$JSONL" -type f 2>/dev/null | head -1)" ]; then
    echo "== cargo test -p fairtouch --test conformance (writes target/conformance/rust.jsonl)"
    # A failure stops this script (set -e) with a non-zero status.
    (cd "$ROOT" && cargo test --quiet --locked -p fairtouch --test conformance)
fi

echo "== maturin develop --release"
(
    cd "$HERE"
    export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"
    unset CONDA_PREFIX
    "$VENV/bin/maturin" develop --release
)

# The audit tests compare the Arrow and Spark audits with the CLI's: build the CLI.
echo "== cargo build -p fairtouch-cli"
(cd "$ROOT" && cargo build --quiet --locked -p fairtouch-cli)
export FAIRTOUCH_BIN="$ROOT/target/debug/fairtouch"

echo "== pytest"
cd "$HERE"
# Includes tests/test_typing.py: mypy --strict on tests/typed_example.py.
"$VENV/bin/python" -m pytest -q "$@"
