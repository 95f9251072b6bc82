"""Cost of fairtouch from Python, against the native Rust figure, in one run.

    bash bindings/python/test.sh            # once: builds the release extension into .venv
    bindings/python/.venv/bin/python benches/python_bench.py [--quick]

Measures, on the benchmark attempt (benches/fixtures/sms_attempt.json: a 160-character SMS with
20 history events to a US debtor, all default packs):

* native: ``Engine::evaluate`` looped in Rust (attempt already parsed), and with
  ``Attempt::from_json`` / the JSON round trip, via ``fairtouch._fairtouch._bench_native``;
* ``engine.evaluate(dict)`` -> ``Verdict`` from Python, per call, and the alternatives
  (JSON ``str`` in; ``json.dumps`` in Python then ``str`` in);
* attribute access on the verdict (``decision``, ``findings``);
* ``engine.evaluate_many`` throughput on a list of attempts (dicts, and JSON strs).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import fairtouch
from fairtouch._fairtouch import _bench_native

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "benches" / "fixtures" / "sms_attempt.json"


def per_call(fn: Callable[[], Any], n: int, repeat: int = 5) -> float:
    """Best-of-`repeat` mean time per call in microseconds."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1e6


def corpus(base: Dict[str, Any], n: int) -> List[Dict[str, Any]]:
    """`n` variants of the benchmark attempt: send times spread over a week, every hour."""
    out = []
    t0 = dt.datetime(2026, 3, 9, 0, 5, tzinfo=dt.timezone.utc)
    for i in range(n):
        a = copy.deepcopy(base)
        a["send_at"] = (t0 + dt.timedelta(minutes=37 * (i % 272))).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(a)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer iterations (a smoke run)")
    args = ap.parse_args()
    scale = 10 if args.quick else 1

    attempt = json.loads(FIXTURE.read_text())
    attempt_json = json.dumps(attempt)
    engine = fairtouch.Engine()
    verdict = engine.evaluate(attempt)
    assert verdict.to_json() == engine.evaluate(attempt_json).to_json()

    print(f"fairtouch {fairtouch.__version__}, Python {platform.python_version()} ({sys.executable}), "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    print(f"attempt: {FIXTURE.relative_to(ROOT)} ({len(attempt['body'])}-char {attempt['channel']}, "
          f"{len(attempt['history'])} history events), packs: {', '.join(p['id'] for p in engine.packs())}; "
          f"verdict: {verdict.decision} {verdict.rules}")
    print()

    n_native = 200_000 // scale
    native = min((_bench_native(engine, attempt_json, n_native) for _ in range(3)), key=lambda d: d["evaluate_ns"])
    rows = [
        ("native Rust: engine.evaluate(&attempt)", native["evaluate_ns"] / 1000),
        ("native Rust: Attempt::from_json + evaluate", native["from_json_evaluate_ns"] / 1000),
        ("native Rust: json::evaluate (JSON in, JSON out)", native["json_roundtrip_ns"] / 1000),
    ]
    n = 50_000 // scale
    rows += [
        ("Python: engine.evaluate(dict) -> Verdict", per_call(lambda: engine.evaluate(attempt), n)),
        ("Python: engine.evaluate(json str) -> Verdict", per_call(lambda: engine.evaluate(attempt_json), n)),
        ("Python: engine.evaluate(json.dumps(dict))", per_call(lambda: engine.evaluate(json.dumps(attempt)), n)),
        ("Python: verdict.decision", per_call(lambda: verdict.decision, n * 4)),
        ("Python: verdict.findings", per_call(lambda: verdict.findings, n * 4)),
        ("Python: verdict.to_json()", per_call(lambda: verdict.to_json(), n)),
    ]
    base = rows[1][1]  # native Attempt::from_json + evaluate: the same work as a Python call
    print(f"{'per call':<52} {'µs':>8} {'vs native parse+eval':>22}")
    for name, us in rows:
        extra = f"+{us - base:.2f}" if name.startswith("Python: engine") else ""
        print(f"{name:<52} {us:>8.2f} {extra:>22}")
    print()

    size = 20_000 // scale
    dicts = corpus(attempt, size)
    strs = [json.dumps(a) for a in dicts]
    print(f"{'evaluate_many (' + str(size) + ' attempts, one thread)':<52} {'attempts/s':>12} {'µs each':>8}")
    for name, items in (("evaluate_many(list of dict)", dicts), ("evaluate_many(list of json str)", strs)):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            out = engine.evaluate_many(items)
            times.append(time.perf_counter() - t)
        assert len(out) == size
        best = min(times)
        print(f"{name:<52} {size / best:>12,.0f} {best / size * 1e6:>8.2f}")
    t = time.perf_counter()
    for a in dicts:
        engine.evaluate(a)
    loop = time.perf_counter() - t
    print(f"{'for a in dicts: engine.evaluate(a)':<52} {size / loop:>12,.0f} {loop / size * 1e6:>8.2f}")
    print(f"{'native Rust loop (evaluate only)':<52} {1e9 / native['evaluate_ns']:>12,.0f} {native['evaluate_ns'] / 1000:>8.2f}")
    print(f"(spread of evaluate_many times: {statistics.pstdev(times) / statistics.mean(times):.1%})")


if __name__ == "__main__":
    main()
