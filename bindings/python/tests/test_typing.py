"""mypy --strict accepts the typed example and rejects misuse (the .pyi stub is complete)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytest.importorskip("mypy")


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(HERE.parent / ".venv" / ".mypy_cache"), *args],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )


def test_typed_example_passes_mypy_strict() -> None:
    r = mypy(str(HERE / "typed_example.py"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_sees_literal_types(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import fairtouch\n"
        "v = fairtouch.Engine().evaluate({})\n"
        "n: int = v.decision\n"
        "v.no_such_attribute\n"
        'reveal_type(v.findings[0].severity)\n'
    )
    r = mypy(str(bad))
    out = r.stdout
    assert r.returncode == 1, out
    assert 'Literal[\'allow\', \'warn\', \'block\']' in out
    assert "no_such_attribute" in out
    assert "Literal['info'], Literal['warn'], Literal['block']" in out
