"""Arrow batches and the Spark audit give the verdicts of the CLI, on a generated log.

The log comes from ``fairtouch audit-gen`` and the reference verdicts from ``fairtouch audit``
(the binary built by ``cargo build -p fairtouch-cli``, or ``$FAIRTOUCH_BIN``). The Spark test
runs ``python -m fairtouch.spark`` in local mode; it needs Java, and is skipped without it unless
``FAIRTOUCH_REQUIRE_SPARK=1`` (which ``./test.sh`` sets, having installed Java).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

import fairtouch

ROOT = Path(__file__).resolve().parents[3]


def _bin() -> str:
    explicit = os.environ.get("FAIRTOUCH_BIN")
    if explicit:
        return explicit
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "fairtouch"
        if candidate.exists():
            return str(candidate)
    pytest.fail("no fairtouch binary: run `cargo build -p fairtouch-cli` or set FAIRTOUCH_BIN")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Path]:
    """A shuffled generated log and the CLI's verdicts on it."""
    d = tmp_path_factory.mktemp("audit")
    log = d / "log.jsonl"
    subprocess.run(
        [_bin(), "audit-gen", "--recipients", "120", "--weeks", "5", "--seed", "3", "--shuffle", "-o", str(log)],
        check=True,
        capture_output=True,
    )
    # A blank line the audit skips, and a line it must report, not stop at.
    with log.open("a") as f:
        f.write('\n{"kind": "message", "id": "broken", "attempt": {"channel": "fax"}}\n')
    out = d / "cli"
    done = subprocess.run([_bin(), "audit", str(log), "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr  # the broken line
    return {"log": log, "verdicts": out / "verdicts.jsonl", "dir": d}


def _lines(path: Path) -> List[str]:
    return path.read_text().splitlines()


def test_arrow_batches_evaluate_as_the_engine_does(engine: fairtouch.Engine) -> None:
    pa = pytest.importorskip("pyarrow")
    import fairtouch.arrow

    attempts = [
        (ROOT / "examples" / name).read_text()
        for name in ("us-sms-compliant.json", "us-sms-threat-late.json", "fr-relance.json")
    ]
    batch = pa.record_batch({"attempt": attempts + ['{"channel": "fax"}']})
    out = fairtouch.arrow.evaluate_batch(engine, batch)
    assert out.num_rows == 4
    for i, a in enumerate(attempts):
        verdict = engine.evaluate(a)
        assert out.column("decision")[i].as_py() == verdict.decision
        assert json.loads(out.column("verdict")[i].as_py()) == json.loads(verdict.to_json())
    assert out.column("decision")[3].as_py() is None
    assert json.loads(out.column("error")[3].as_py())["path"] == "channel"


def test_an_arrow_audit_gives_the_verdicts_of_the_cli(engine: fairtouch.Engine, generated: Dict[str, Path]) -> None:
    pa = pytest.importorskip("pyarrow")
    import fairtouch.arrow

    texts = _lines(generated["log"])
    # Small batches: a recipient's lines span batches.
    table = pa.table({"line": list(range(1, len(texts) + 1)), "value": texts}).combine_chunks()
    table = pa.Table.from_batches(table.to_batches(max_chunksize=37))
    out = fairtouch.arrow.audit_table(engine, table)
    verdicts = [v for v in out.column("verdict").to_pylist() if v is not None]
    assert verdicts == _lines(generated["verdicts"])
    errors = [(n, e) for n, e in zip(out.column("line").to_pylist(), out.column("error").to_pylist()) if e]
    assert errors == [(len(texts), errors[0][1])] and errors[0][1].startswith("attempt.channel: ")


def test_the_spark_audit_gives_the_verdicts_of_the_cli(generated: Dict[str, Path]) -> None:
    required = os.environ.get("FAIRTOUCH_REQUIRE_SPARK") == "1"
    if not required and (shutil.which("java") is None or not _importable("pyspark")):
        pytest.skip("pyspark or Java missing (./test.sh installs them)")
    out = generated["dir"] / "spark"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    done = subprocess.run(
        [sys.executable, "-m", "fairtouch.spark", str(generated["log"]), str(out), "--cores", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 2, done.stderr[-3000:]
    assert f"log.jsonl:{len(_lines(generated['log']))}: attempt.channel: " in done.stderr
    lines: List[str] = []
    for part in sorted(out.glob("part-*")):
        lines.extend(_lines(part))
    lines.sort(key=lambda v: int(json.loads(v)["line"]))
    assert lines == _lines(generated["verdicts"])
    assert "messages a second a core" in done.stdout


def _importable(name: str) -> bool:
    try:
        __import__(name)
        return True
    except ImportError:
        return False
