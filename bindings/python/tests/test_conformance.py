"""The conformance corpus (tests/cases/**/*.json) through Python: every case must give exactly
the verdict JSON the Rust runner wrote to target/conformance/rust.jsonl, and what the case
expects (decision, rules, next_allowed_at, or the error; and, when the case states them, the
findings of a rule, time_zones, jurisdictions and packs: see tests/cases/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import fairtouch

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases"
RUST_JSONL = ROOT / "target" / "conformance" / "rust.jsonl"

CASE_FILES: List[Path] = sorted(CASES.rglob("*.json"))


def case_name(p: Path) -> str:
    return p.relative_to(CASES).as_posix()


EXPECTED_MEMBERS = {"decision", "rules", "next_allowed_at", "error", "findings", "time_zones", "jurisdictions", "packs"}
FINDING_MEMBERS = {"rule", "severity", "category", "pack", "citation", "message_contains", "span", "retry_at"}
SPAN_MEMBERS = {"text", "start", "end", "start_utf16", "end_utf16", "field"}


def shape_errors(expected: Dict[str, Any]) -> List[str]:
    """Mistakes in the expectation itself (unknown members), as the Rust runner reports them."""
    errors = [f"expected.{k} is not part of the case format" for k in expected if k not in EXPECTED_MEMBERS]
    rules = set(expected.get("rules", []))
    for i, f in enumerate(expected.get("findings", [])):
        errors += [f"expected.findings[{i}].{k} is not part of the case format" for k in f if k not in FINDING_MEMBERS]
        if f.get("rule") not in rules:
            errors.append(f"expected.findings[{i}].rule {f.get('rule')} is not in expected.rules")
        span = f.get("span")
        if isinstance(span, dict):
            errors += [f"expected.findings[{i}].span.{k} is not part of the case format" for k in span if k not in SPAN_MEMBERS]
    return errors


def mismatch(want: Dict[str, Any], got: Dict[str, Any]) -> Optional[str]:
    """Why a finding (verdict JSON) does not match a stated entry; None when it matches."""
    why = []
    for k, w in want.items():
        if k == "rule":
            continue
        if k == "message_contains":
            if w not in got.get("message", ""):
                why.append(f"message {got.get('message')!r} lacks {w!r}")
        elif k == "span":
            g = got.get("span")
            if w is None or g is None:
                if (w is None) != (g is None):
                    why.append(f"span: expected {w}, got {g}")
                continue
            for sk, sv in w.items():
                gv = g.get(sk, "body" if sk == "field" else None)
                if sv != gv:
                    why.append(f"span.{sk}: expected {sv!r}, got {gv!r}")
        elif got.get(k) != w:  # retry_at is left out of the verdict when there is none
            why.append(f"{k}: expected {w!r}, got {got.get(k)!r}")
    return ", ".join(why) or None


def pair(wants: List[Dict[str, Any]], gots: List[Dict[str, Any]], used: List[bool]) -> bool:
    if not wants:
        return True
    for j, g in enumerate(gots):
        if not used[j] and mismatch(wants[0], g) is None:
            used[j] = True
            if pair(wants[1:], gots, used):
                return True
            used[j] = False
    return False


def richer_diff(expected: Dict[str, Any], verdict: Dict[str, Any]) -> List[str]:
    """What the case states beyond decision, rules and next_allowed_at, and the verdict lacks."""
    diff = []
    for k in ("time_zones", "jurisdictions"):
        if k in expected and set(expected[k]) != set(verdict[k]):
            diff.append(f"{k}: expected {sorted(expected[k])}, got {sorted(verdict[k])}")
    if "packs" in expected and set(expected["packs"]) != {p["id"] for p in verdict["packs"]}:
        diff.append(f"packs: expected {sorted(expected['packs'])}, got {sorted(p['id'] for p in verdict['packs'])}")
    entries = expected.get("findings", [])
    for rule in sorted({e["rule"] for e in entries}):
        wants = [e for e in entries if e["rule"] == rule]
        gots = [f for f in verdict["findings"] if f["rule"] == rule]
        if len(wants) != len(gots):
            diff.append(f"findings of {rule}: expected {len(wants)}, got {len(gots)}")
        elif not pair(wants, gots, [False] * len(gots)):
            diff.append(f"findings of {rule}: {wants} do not pair up with {gots}")
    return diff


def test_richer_expectations_are_compared() -> None:
    verdict = {
        "findings": [
            {"rule": "a", "severity": "block", "message": "jail", "span": {"start": 3, "end": 7, "text": "jail"}},
            {"rule": "a", "severity": "warn", "message": "m", "span": None, "retry_at": "2026-03-11T13:00:00Z"},
        ],
        "time_zones": ["America/Chicago"],
        "jurisdictions": ["US", "US-IL"],
        "packs": [{"id": "us-federal"}],
    }
    ok = {
        "rules": ["a"],
        "findings": [
            {"rule": "a", "span": None, "retry_at": "2026-03-11T13:00:00Z"},
            {"rule": "a", "severity": "block", "span": {"text": "jail", "field": "body"}},
        ],
        "time_zones": ["America/Chicago"],
        "jurisdictions": ["US-IL", "US"],
        "packs": ["us-federal"],
    }
    assert shape_errors(ok) == []
    assert richer_diff(ok, verdict) == []
    for wrong in (
        {"findings": [{"rule": "a"}]},
        {"findings": [{"rule": "a", "severity": "warn"}, {"rule": "a", "severity": "warn"}]},
        {"findings": [{"rule": "a", "span": {"start": 4}}, {"rule": "a"}]},
        {"findings": [{"rule": "a", "retry_at": None}, {"rule": "a", "retry_at": None}]},
        {"findings": [{"rule": "a", "message_contains": "x"}, {"rule": "a"}]},
        {"time_zones": ["America/New_York"]},
        {"jurisdictions": ["US"]},
        {"packs": []},
    ):
        assert richer_diff(wrong, verdict), wrong
    assert shape_errors({"rules": [], "findngs": []})
    assert shape_errors({"rules": ["a"], "findings": [{"rule": "a", "sevrity": "warn"}]})
    assert shape_errors({"rules": ["a"], "findings": [{"rule": "b"}]})


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
    assert shape_errors(expected) == [], f"{name}: malformed expectation"
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
    assert richer_diff(expected, got) == [], name


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
