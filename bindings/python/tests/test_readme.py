"""The READMEs' Python examples run as written, and what they promise about help() holds.

Every ```python block of README.md and bindings/python/README.md runs in a fresh interpreter from
the repository root (as a reader would run it); a `print(...)  # expected` line must print that.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

import fairtouch

ROOT = Path(__file__).resolve().parents[3]
READMES = [ROOT / "README.md", ROOT / "bindings" / "python" / "README.md"]


def python_blocks() -> List[Tuple[str, int, str]]:
    blocks = []
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        for m in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M):
            line = text.count("\n", 0, m.start()) + 1
            blocks.append((readme.relative_to(ROOT).as_posix(), line, m.group(1)))
    return blocks


BLOCKS = python_blocks()


def test_every_readme_has_a_python_example() -> None:
    assert {name for name, _, _ in BLOCKS} == {r.relative_to(ROOT).as_posix() for r in READMES}


@pytest.mark.parametrize("name,line,code", BLOCKS, ids=[f"{n}:{l}" for n, l, _ in BLOCKS])
def test_readme_python_block_runs_as_written(name: str, line: int, code: str) -> None:
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"{name}:{line}: the example fails:\n{r.stderr}"
    out = r.stdout.splitlines()
    # `print(...)  # block None`: the comment is what that print shows (checked in order).
    expected = re.findall(r"^print\(.*\)\s+#\s*(.+?)\s*$", code, re.M)
    assert expected, f"{name}:{line}: no print with its expected output"
    at = 0
    for want in expected:
        while at < len(out) and out[at].strip() != want:
            at += 1
        assert at < len(out), f"{name}:{line}: expected a line {want!r}, got:\n{r.stdout}"
        at += 1


CLASSES = [fairtouch.Engine, fairtouch.Verdict, fairtouch.Finding, fairtouch.Span, fairtouch.PackRef, fairtouch.Override, fairtouch.NextWindow]


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_help_documents_every_attribute_and_method(cls: type) -> None:
    assert inspect.getdoc(cls), f"{cls.__name__} has no docstring"
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        doc = inspect.getdoc(member)
        assert doc and doc.strip(), f"{cls.__name__}.{name} has no docstring at run time"
