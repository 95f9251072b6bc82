"""The boundary between Python objects and the engine: hostile values fail with InvalidAttempt.

Values nested 10,000 deep or containing themselves once killed the interpreter (SIGSEGV: an
unbounded recursion in the conversion), so those cases run in a subprocess: a regression shows
as a failed test, not as a dead pytest. Every failure must be ``fairtouch.InvalidAttempt`` (a
``FairtouchError``) naming the JSON path of the bad value.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
import textwrap
import threading
import time
import types
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import fairtouch
from fairtouch._fairtouch import _to_json

from conftest import BASE_ATTEMPT

TEMPLATE: Dict[str, Any] = {
    "channel": "sms",
    "body": "{{sender.name}}: your balance of {{debt.amount}} is past due. Reply STOP to opt out.",
    "sender": {"name": "Acme Recovery", "role": "collector"},
    "jurisdictions": ["US"],
    "at": "2026-03-10T15:00:00Z",
}

# --- deep and cyclic values, in a subprocess -------------------------------------------------

# The child builds the hostile document named on its command line, runs it through every entry
# point (and from 8 threads at once), and prints one JSON line per entry point:
# [entry, exception type, is FairtouchError, path, index, message].
CHILD = textwrap.dedent(
    """
    import copy, json, sys, threading
    import fairtouch
    from fairtouch._fairtouch import _to_json

    ATTEMPT = json.loads(sys.argv[1])
    TEMPLATE = json.loads(sys.argv[2])
    case, target = sys.argv[3], sys.argv[4]
    N = 10_000

    def deep_list():
        x = []
        for _ in range(N):
            x = [x]
        return x

    def deep_dict():
        x = {}
        for _ in range(N):
            x = {"a": x}
        return x

    def build():
        doc = copy.deepcopy(ATTEMPT if target != "template" else TEMPLATE)
        if case == "top_list":
            return deep_list()
        if case == "top_dict":
            return deep_dict()
        if case == "top_self_dict":
            d = {}
            d["a"] = d
            return d
        if case == "top_self_list":
            l = []
            l.append(l)
            return l
        where, kind = case.rsplit("_", 1)
        if kind == "list":
            value = deep_list()
        elif kind == "dict":
            value = deep_dict()
        elif kind == "selfdict":
            value = doc
        else:
            value = []
            value.append(value)
        if where == "history":
            doc["history"] = value
        elif where == "historyitem":
            doc["history"] = [value]
        elif where == "sender":
            doc["sender"] = value
        elif where == "jurisdictions":
            doc["jurisdictions"] = value
        elif where == "body":
            doc["body"] = value
        elif where == "unknown":
            doc["zzz"] = value
        else:
            raise SystemExit("unknown case " + case)
        return doc

    def outcome(name, fn):
        try:
            fn()
        except Exception as e:
            return [name, type(e).__name__, isinstance(e, fairtouch.FairtouchError),
                    getattr(e, "path", None), getattr(e, "index", None), str(e)[:300]]
        return [name, None, False, None, None, ""]

    engine = fairtouch.Engine()
    doc = build()
    good = copy.deepcopy(ATTEMPT if target != "template" else TEMPLATE)
    def many_exc():
        rs = engine.evaluate_many([good, doc, good], return_exceptions=True)
        assert [type(r).__name__ for r in rs[::2]] == ["Verdict", "Verdict"], rs
        raise rs[1]

    if target == "template":
        calls = [("lint_template", lambda: engine.lint_template(doc))]
    elif target == "to_json":
        calls = [("_to_json", lambda: _to_json(doc))]
    else:
        calls = [
            ("evaluate", lambda: engine.evaluate(doc)),
            ("next_window", lambda: engine.next_window(doc)),
            ("evaluate_many", lambda: engine.evaluate_many([good, doc, good])),
            ("evaluate_many_exc", many_exc),
        ]
    for name, fn in calls:
        print(json.dumps(outcome(name, fn)), flush=True)
    # The same calls from 8 threads at once.
    barrier = threading.Barrier(8)
    results = []
    def work():
        barrier.wait()
        for name, fn in calls:
            results.append(outcome("thread:" + name, fn))
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        print(json.dumps(r), flush=True)
    print("done", flush=True)
    """
)


def run_child(case: str, target: str) -> List[List[Any]]:
    r = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(BASE_ATTEMPT), json.dumps(TEMPLATE), case, target],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, f"the interpreter died (exit {r.returncode}) on {case}/{target}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
    lines = r.stdout.splitlines()
    assert lines and lines[-1] == "done", r.stdout + r.stderr
    return [json.loads(line) for line in lines[:-1]]


# (case, target, expected path, a word of the message or None)
DEEP_CASES: List[Tuple[str, str, str, Optional[str]]] = [
    # At the top: not a dict, or a dict with an unknown key (the path names the key).
    ("top_list", "attempt", "$", "expected a dict"),
    ("top_dict", "attempt", "a", "unknown field `a`"),
    ("top_self_dict", "attempt", "a", "unknown field `a`"),
    ("top_self_list", "attempt", "$", "expected a dict"),
    ("top_list", "template", "$", "expected a dict"),
    ("top_dict", "template", "a", "unknown field `a`"),
    # Under `history` (a list of events), `body` (a str) and an unknown key.
    ("history_list", "attempt", "history[0]", "sequence"),
    ("history_dict", "attempt", "history", "map"),
    ("history_selflist", "attempt", "history[0]", "sequence"),
    ("historyitem_dict", "attempt", "history[0].a", "unknown field `a`"),
    ("historyitem_selfdict", "attempt", "history[0]", "contains itself"),
    ("body_list", "attempt", "body", "sequence"),
    ("body_dict", "attempt", "body", "map"),
    ("body_selfdict", "attempt", "body", "contains itself"),
    ("unknown_list", "attempt", "zzz", "unknown field `zzz`"),
    ("unknown_dict", "attempt", "zzz", "unknown field `zzz`"),
    ("unknown_selfdict", "attempt", "zzz", "unknown field `zzz`"),
    ("sender_selfdict", "attempt", "sender", "contains itself"),
    # Templates.
    ("body_list", "template", "body", "sequence"),
    ("body_dict", "template", "body", "map"),
    ("jurisdictions_list", "template", "jurisdictions[0]", "sequence"),
    ("jurisdictions_selflist", "template", "jurisdictions[0]", "contains itself"),
    ("sender_selfdict", "template", "sender", "contains itself"),
    ("unknown_dict", "template", "zzz", "unknown field `zzz`"),
    # The generic conversion (used by no entry point, reachable through _to_json): the depth
    # limit and the cycle detection themselves.
    ("top_list", "to_json", "[0]" * 64, "nested more than 64"),
    ("top_dict", "to_json", ".".join(["a"] * 64), "nested more than 64"),
    ("top_self_dict", "to_json", "a", "contains itself"),
    ("top_self_list", "to_json", "[0]", "contains itself"),
    ("body_selfdict", "to_json", "body", "contains itself"),
    ("history_list", "to_json", "history" + "[0]" * 63, "nested more than 64"),
]


@pytest.mark.parametrize("case, target, path, word", DEEP_CASES, ids=[f"{c}-{t}" for c, t, _, _ in DEEP_CASES])
def test_deep_and_cyclic_values_raise_invalid_attempt(case: str, target: str, path: str, word: Optional[str]) -> None:
    results = run_child(case, target)
    assert len(results) == 9 * (1 if target in ("template", "to_json") else 4)
    for name, exc, is_fairtouch, got_path, index, message in results:
        assert exc == "InvalidAttempt" and is_fairtouch, (name, exc, message)
        assert got_path == path, (name, got_path, message)
        if word is not None:
            assert word in message, (name, message)
        if name.endswith("evaluate_many") or name.endswith("evaluate_many_exc"):
            assert index == 1, (name, index)


# --- unrepresentable values ------------------------------------------------------------------


class Opaque:
    pass


def put(doc: Dict[str, Any], path: str, value: Any) -> Dict[str, Any]:
    """A copy of `doc` with `value` at `path` (`a.b`, `a[0].b`; intermediate dicts created)."""
    doc = copy.deepcopy(doc)
    target: Any = doc
    parts = path.replace("[", ".[").split(".")
    for i, part in enumerate(parts):
        key: Any = int(part[1:-1]) if part.startswith("[") else part
        if i == len(parts) - 1:
            target[key] = value
        else:
            if isinstance(key, str) and key not in target:
                target[key] = {} if not parts[i + 1].startswith("[") else [{}]
            target = target[key]
    return doc


BAD_VALUES: List[Tuple[str, Any, str, str]] = [
    # (path, value, expected path, a word of the message)
    ("body", float("nan"), "body", "NaN"),
    ("body", float("inf"), "body", "inf"),
    ("body", float("-inf"), "body", "inf"),
    ("debt.amount", float("nan"), "debt.amount", "NaN"),
    ("debt.amount", 250.0, "debt.amount", "not a JSON number"),
    ("debt.amount", 250, "debt.amount", "not a JSON number"),
    ("debt.amount", Decimal("NaN"), "debt.amount", "NaN"),
    ("debt.amount", Decimal("Infinity"), "debt.amount", "Infinity"),
    ("debt.amount", Decimal("-250.00"), "debt.amount", "malformed amount"),
    ("automated", 10**30, "automated", "out of range"),
    ("automated", -(10**30), "automated", "out of range"),
    ("automated", 2**64, "automated", "out of range"),
    ("automated", 1, "automated", "invalid type"),
    ("history[0].consented", 10**100, "history[0].consented", "out of range"),
    ("body", b"bytes", "body", "bytes"),
    ("body", bytearray(b"x"), "body", "bytearray"),
    ("recipient.locations", {"US"}, "recipient.locations", "set"),
    ("recipient.locations[0].country", Opaque(), "recipient.locations[0].country", "Opaque"),
    ("sender.name", object(), "sender.name", "object"),
    ("send_at", dt.datetime(2026, 3, 11, 3, 30), "send_at", "naive datetime"),
    ("history[0].at", dt.datetime(2026, 3, 9, 15), "history[0].at", "naive datetime"),
    ("sender", ["Acme", "collector"], "sender", "sequence"),
    ("recipient.locations[0].region", 5, "recipient.locations[0].region", "invalid type"),
]

EVENT = {"channel": "voice", "direction": "outbound", "at": "2026-03-09T15:00:00Z"}


def bad_attempt(path: str, value: Any) -> Dict[str, Any]:
    doc = copy.deepcopy(BASE_ATTEMPT)
    doc["history"] = [dict(EVENT)]
    return put(doc, path, value)


@pytest.mark.parametrize("where, value, path, word", BAD_VALUES, ids=[f"{w}={v!r:.20}" for w, v, _, _ in BAD_VALUES])
def test_unrepresentable_values(engine: fairtouch.Engine, where: str, value: Any, path: str, word: str) -> None:
    doc = bad_attempt(where, value)
    good = copy.deepcopy(BASE_ATTEMPT)
    for call in (engine.evaluate, engine.next_window):
        with pytest.raises(fairtouch.InvalidAttempt) as info:
            call(doc)  # type: ignore[operator]
        assert isinstance(info.value, fairtouch.FairtouchError)
        assert info.value.path == path and word in info.value.message, str(info.value)
        assert str(info.value).startswith(f"{path}: ")
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate_many([good, good, doc])
    assert (info.value.index, info.value.path) == (2, path)
    results = engine.evaluate_many([good, doc, good], return_exceptions=True)
    assert [type(r).__name__ for r in results] == ["Verdict", "InvalidAttempt", "Verdict"]
    bad = results[1]
    assert isinstance(bad, fairtouch.InvalidAttempt) and (bad.index, bad.path) == (1, path)


def test_unrepresentable_values_from_threads(engine: fairtouch.Engine) -> None:
    docs = [(bad_attempt(w, v), p) for w, v, p, _ in BAD_VALUES]
    barrier = threading.Barrier(8)

    def work(k: int) -> List[str]:
        barrier.wait()
        paths = []
        for i in range(len(docs)):
            doc, _ = docs[(i + k) % len(docs)]
            try:
                engine.evaluate(doc)
            except fairtouch.InvalidAttempt as e:
                paths.append(e.path)
        batch = engine.evaluate_many([d for d, _ in docs], return_exceptions=True)
        assert all(isinstance(r, fairtouch.InvalidAttempt) for r in batch)
        assert [r.path for r in batch if isinstance(r, fairtouch.InvalidAttempt)] == [p for _, p in docs]
        return sorted(paths)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    assert all(r == sorted(p for _, p in docs) for r in results)


@pytest.mark.parametrize(
    "where, value, path",
    [
        ("body", float("nan"), "body"),
        ("at", dt.datetime(2026, 3, 10, 15), "at"),
        ("at", float("inf"), "at"),
        ("sender.name", b"Acme", "sender.name"),
        ("jurisdictions", {"US"}, "jurisdictions"),
        ("jurisdictions[0]", 10**30, "jurisdictions[0]"),
    ],
)
def test_unrepresentable_template_values(engine: fairtouch.Engine, where: str, value: Any, path: str) -> None:
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.lint_template(put(TEMPLATE, where, value))
    assert info.value.path == path, str(info.value)


def test_accepted_python_types(engine: fairtouch.Engine) -> None:
    doc = copy.deepcopy(BASE_ATTEMPT)
    doc["debt"] = {"id": "D-1", "amount": "250.00", "currency": "USD", "due_date": "2026-01-10"}
    doc["history"] = [dict(EVENT)]
    reference = engine.evaluate(json.dumps(doc))
    variants: List[Any] = [
        put(doc, "debt.amount", Decimal("250.00")),
        put(doc, "debt.due_date", dt.date(2026, 1, 10)),
        put(doc, "history[0].at", dt.datetime(2026, 3, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
        put(doc, "recipient.locations", tuple(doc["recipient"]["locations"])),
        types.MappingProxyType(doc),
        OrderedDict(doc),
        put(doc, "recipient", types.MappingProxyType(doc["recipient"])),
        json.dumps(doc).encode(),
    ]
    for v in variants:
        assert engine.evaluate(v) == reference
    assert engine.evaluate_many(variants) == [reference] * len(variants)
    # An exponent is written out: Decimal("2.5E+2") is "250".
    assert engine.evaluate(put(doc, "debt.amount", Decimal("2.5E+2"))).to_json() == engine.evaluate(
        json.dumps(put(doc, "debt.amount", "250"))
    ).to_json()


def test_non_str_keys(engine: fairtouch.Engine) -> None:
    doc: Dict[Any, Any] = copy.deepcopy(BASE_ATTEMPT)
    doc["recipient"][1] = "x"
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate(doc)
    assert info.value.path == "recipient" and "keys must be str" in info.value.message


def test_to_json_generic_conversion() -> None:
    value = {"a": [1, -2, 2**63, 1.5, True, None, (1, 2)], "d": dt.date(2026, 1, 10), "x": Decimal("1.50")}
    assert json.loads(_to_json(value)) == {"a": [1, -2, 2**63, 1.5, True, None, [1, 2]], "d": "2026-01-10", "x": "1.50"}
    nested: Any = []
    for _ in range(63):
        nested = [nested]
    assert _to_json(nested) == "[" * 64 + "]" * 64  # 64 containers: the limit
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        _to_json([nested])
    assert "nested more than 64" in info.value.message
    shared = [1]
    assert json.loads(_to_json({"a": shared, "b": shared, "c": [shared, shared]})) == {"a": [1], "b": [1], "c": [[1], [1]]}


# --- exactly one JSON value ------------------------------------------------------------------

VALID = json.dumps(BASE_ATTEMPT)


@pytest.mark.parametrize("tail", ["garbage", "]]]", "}", " " + VALID, "\n" + VALID, "null", "0"])
def test_trailing_input_is_rejected(engine: fairtouch.Engine, tail: str) -> None:
    doc = VALID + tail
    calls: List[Callable[[Any], Any]] = [engine.evaluate, engine.next_window]
    for call in calls:
        for arg in (doc, doc.encode()):
            with pytest.raises(fairtouch.InvalidAttempt) as info:
                call(arg)
            assert info.value.path == "$", str(info.value)
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate_many([VALID, doc])
    assert (info.value.index, info.value.path) == (1, "$")
    results = engine.evaluate_many([doc, VALID], return_exceptions=True)
    assert isinstance(results[0], fairtouch.InvalidAttempt) and (results[0].index, results[0].path) == (0, "$")
    assert isinstance(results[1], fairtouch.Verdict)
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.lint_template(json.dumps(TEMPLATE) + tail)
    assert info.value.path == "$"


def test_trailing_whitespace_is_fine(engine: fairtouch.Engine) -> None:
    assert engine.evaluate(VALID + " \n\t") == engine.evaluate(BASE_ATTEMPT)


# --- template jurisdictions ------------------------------------------------------------------


def test_template_jurisdictions(engine: fairtouch.Engine) -> None:
    reference = engine.lint_template(TEMPLATE)
    assert "US" in reference.jurisdictions
    # Lower case is normalised.
    assert engine.lint_template({**TEMPLATE, "jurisdictions": ["us"]}) == reference
    for jurisdictions, path, word in [
        ([], "jurisdictions", "at least one"),
        (["XX"], "jurisdictions[0]", "unknown jurisdiction"),
        (["US", "XX"], "jurisdictions[1]", "unknown jurisdiction"),
        (["JP"], "jurisdictions", "no loaded pack applies"),
    ]:
        for template in ({**TEMPLATE, "jurisdictions": jurisdictions}, json.dumps({**TEMPLATE, "jurisdictions": jurisdictions})):
            with pytest.raises(fairtouch.InvalidAttempt) as info:
                engine.lint_template(template)
            assert isinstance(info.value, fairtouch.FairtouchError)
            assert info.value.path == path and word in info.value.message, str(info.value)


# --- the GIL ---------------------------------------------------------------------------------


def test_evaluate_many_releases_the_gil(engine: fairtouch.Engine, sms_attempt: Dict[str, Any]) -> None:
    """While a thread runs a long batch, the main thread keeps running Python code: the longest
    pause of the main thread is a small part of the batch's time (it would be nearly all of it
    if the GIL were held while the engine parses and evaluates)."""
    batch = [json.dumps(sms_attempt)] * 20_000
    window: List[float] = []

    def work() -> None:
        window.append(time.perf_counter())
        engine.evaluate_many(batch)
        window.append(time.perf_counter())

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    try:
        worker = threading.Thread(target=work)
        stamps: List[float] = []
        worker.start()
        while worker.is_alive():
            stamps.append(time.perf_counter())
        worker.join()
    finally:
        sys.setswitchinterval(old)
    start, end = window
    inside = [start] + [t for t in stamps if start < t < end] + [end]
    longest = max(b - a for a, b in zip(inside, inside[1:]))
    assert longest < 0.5 * (end - start), (longest, end - start)
