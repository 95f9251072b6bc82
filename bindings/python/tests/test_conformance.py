"""The conformance corpus (tests/cases/**/*.json) through Python: every case must give exactly
the verdict JSON the Rust runner wrote to target/conformance/rust.jsonl, and what the case
expects (decision, rules, next_allowed_at, or the error)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import fairtouch

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases"
RUST_JSONL = ROOT / "target" / "conformance" / "rust.jsonl"

CASE_FILES: List[Path] = sorted(CASES.rglob("*.json"))


def case_name(p: Path) -> str:
    return p.relative_to(CASES).as_posix()


@pytest.fixture(scope="module")
def rust_results() -> Dict[str, Dict[str, Any]]:
    if not RUST_JSONL.exists():
        pytest.fail(
            f"{RUST_JSONL} is missing: run cargo test -p fairtouch --test conformance first",
            pytrace=False,
        )
    out: Dict[str, Dict[str, Any]] = {}
    for line in RUST_JSONL.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["case"]] = rec
    # The Rust run must come from the same packs as this build, else every digest differs.
    digests = {p["id"]: p["digest"] for p in fairtouch.Engine().packs()}
    for rec in out.values():
        for p in rec.get("verdict", {}).get("packs", []):
            if digests.get(p["id"], p["digest"]) != p["digest"]:
                pytest.fail(
                    f"{RUST_JSONL} is stale (pack {p['id']} has changed since it was written): "
                    "run cargo test -p fairtouch --test conformance first",
                    pytrace=False,
                )
    return out


def test_corpus_is_not_empty() -> None:
    assert CASE_FILES, f"no conformance cases under {CASES}"


@pytest.mark.parametrize("path", CASE_FILES, ids=case_name)
def test_case(path: Path, engine: fairtouch.Engine, rust_results: Dict[str, Dict[str, Any]]) -> None:
    name = case_name(path)
    case = json.loads(path.read_text(encoding="utf-8"))
    expected = case["expected"]
    rust = rust_results.get(name)
    assert rust is not None, (
        f"{name} is not in {RUST_JSONL.name}: the Rust run is older than the corpus; "
        "run cargo test -p fairtouch --test conformance first"
    )

    if "error" in expected:
        with pytest.raises(fairtouch.InvalidAttempt) as info:
            engine.evaluate(case["attempt"])
        assert expected["error"] in str(info.value)
        assert "error" in rust, f"Rust gave a verdict for {name}, Python an error: {info.value}"
        assert str(info.value) == rust["error"]
        # The same error when the attempt is given as JSON text.
        with pytest.raises(fairtouch.InvalidAttempt) as info2:
            engine.evaluate(json.dumps(case["attempt"]))
        assert str(info2.value) == rust["error"]
        return

    # dict in (the Python path) and JSON str in must both give exactly the Rust verdict.
    verdict = engine.evaluate(case["attempt"])
    assert "verdict" in rust, f"Rust rejected {name}: {rust.get('error')}"
    got = json.loads(verdict.to_json())
    assert got == rust["verdict"], f"{name}: Python verdict differs from the Rust runner's"
    assert verdict.to_dict() == rust["verdict"]
    assert json.loads(engine.evaluate(json.dumps(case["attempt"])).to_json()) == rust["verdict"]

    # And what the case expects.
    assert verdict.decision == expected["decision"]
    assert set(verdict.rules) == set(expected.get("rules", []))
    if "next_allowed_at" in expected:
        assert got["next_allowed_at"] == expected["next_allowed_at"]


def test_evaluate_many_over_corpus(engine: fairtouch.Engine, rust_results: Dict[str, Dict[str, Any]]) -> None:
    cases = [(case_name(p), json.loads(p.read_text(encoding="utf-8"))) for p in CASE_FILES]
    results = engine.evaluate_many([c["attempt"] for _, c in cases], return_exceptions=True)
    assert len(results) == len(cases)
    for (name, _), r in zip(cases, results):
        rust = rust_results[name]
        if isinstance(r, fairtouch.Verdict):
            assert json.loads(r.to_json()) == rust.get("verdict"), name
        else:
            assert isinstance(r, fairtouch.InvalidAttempt), name
            assert str(r) == rust.get("error"), name
