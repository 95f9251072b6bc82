"""The Python side of the peers benchmark (README.md), run by run.sh with the fairtouch venv:

    bindings/python/.venv/bin/python benches/peers/python_peers.py CASES.jsonl [--target-ms 40]

CASES.jsonl is written by the Rust side (`fairtouch-peers --cases-out`): one attempt per line with
fairtouch's native outcome. Prints one JSON object: per-call CPU time on the SMS fixture of
fairtouch from Python (JSON str in, dict in, evaluate_many per attempt) and of handwritten.check,
and, for every case, the decisions of fairtouch from Python and of handwritten.check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import fairtouch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "benches"))

import handwritten  # noqa: E402
from python_bench import corpus  # noqa: E402  (the evaluate_many corpus of benches/python_bench.py)

PEER_RULES = {
    "us.regf.inconvenient-time", "us.regf.call-frequency", "us.regf.electronic-frequency",
    "us.tcpa.prior-express-consent", "us.tcpa.revocation", "us.fdcpa.cease-communication",
    "us.fdcpa.threat-arrest", "us.fdcpa.mini-miranda-initial", "us.fdcpa.mini-miranda-subsequent",
}


def per_call_ns(fn: Callable[[], Any], target_ms: float, clock: Callable[[], int] = time.thread_time_ns,
                per: int = 1) -> float:
    """Best-of-7 CPU nanoseconds per call (per item when one call handles `per` items)."""
    start, warm = clock(), 0
    while clock() - start < target_ms * 1e6 / 4 or warm < 3:
        fn()
        warm += 1
    once = (clock() - start) / warm
    n = max(3, int(target_ms * 1e6 / once))
    best = float("inf")
    for _ in range(7):
        t = clock()
        for _ in range(n):
            fn()
        best = min(best, (clock() - t) / n)
    return best / per


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cases")
    ap.add_argument("--target-ms", type=float, default=40)
    args = ap.parse_args()

    engine = fairtouch.Engine()
    cases: List[Dict[str, Any]] = [json.loads(line) for line in Path(args.cases).read_text().splitlines()]
    results = []
    for case in cases:
        v = engine.evaluate(case["attempt"])
        results.append({
            "name": case["name"],
            "fairtouch_python": {"decision": v.decision, "rules": sorted(set(v.rules) & PEER_RULES)},
            "handwritten": handwritten.check(case["attempt"]),
        })

    attempt = json.loads((ROOT / "benches" / "fixtures" / "sms_attempt.json").read_text())
    text = json.dumps(attempt)
    many = corpus(attempt, 1000)
    ms = args.target_ms
    ns = {
        "python_json": per_call_ns(lambda: engine.evaluate(text), ms),
        "python_dict": per_call_ns(lambda: engine.evaluate(attempt), ms),
        # evaluate_many runs on every core without the GIL: the process's CPU time (all threads)
        # per attempt, so that parallelism does not pass for less work.
        "python_many": per_call_ns(lambda: engine.evaluate_many(many), ms * 5, time.process_time_ns, len(many)),
        "handwritten": per_call_ns(lambda: handwritten.check(attempt), ms),
    }
    print(json.dumps({"ns": ns, "cases": results, "python": sys.version.split()[0],
                      "fairtouch": fairtouch.__version__}))


if __name__ == "__main__":
    main()
