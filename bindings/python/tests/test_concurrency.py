"""evaluate_many and threads: same answers as single calls, engines shared across threads."""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import pytest

import fairtouch


def variants(base: Dict[str, Any], n: int) -> List[Dict[str, Any]]:
    out = []
    t0 = dt.datetime(2026, 3, 9, 0, 5, tzinfo=dt.timezone.utc)
    for i in range(n):
        a = copy.deepcopy(base)
        a["send_at"] = (t0 + dt.timedelta(minutes=53 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if i % 3 == 0:
            a["body"] = a["body"].replace("Reply STOP", "You will be arrested. Reply STOP")
        out.append(a)
    return out


def test_evaluate_many_equals_single_calls(engine: fairtouch.Engine, sms_attempt: Dict[str, Any]) -> None:
    attempts = variants(sms_attempt, 60)
    many = engine.evaluate_many(attempts)
    single = [engine.evaluate(a) for a in attempts]
    assert many == single
    assert [v.to_json() for v in many] == [v.to_json() for v in single]
    assert len({v.decision for v in many}) > 1  # the variants really differ
    # JSON strings and generators work too.
    assert engine.evaluate_many(json.dumps(a) for a in attempts) == single
    assert engine.evaluate_many([]) == []


def test_evaluate_many_errors(engine: fairtouch.Engine, sms_attempt: Dict[str, Any]) -> None:
    attempts: List[Any] = variants(sms_attempt, 4)
    attempts[2] = {**attempts[2], "channel": "pigeon"}
    attempts.insert(1, {**attempts[0], "send_at": dt.datetime(2026, 3, 9)})  # naive
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate_many(attempts)
    assert info.value.index == 1 and info.value.path == "send_at"
    results = engine.evaluate_many(attempts, return_exceptions=True)
    assert [type(r).__name__ for r in results] == ["Verdict", "InvalidAttempt", "Verdict", "InvalidAttempt", "Verdict"]
    bad = results[3]
    assert isinstance(bad, fairtouch.InvalidAttempt) and bad.path == "channel"
    assert results[4] == engine.evaluate(attempts[4])


def test_threads_share_one_engine(engine: fairtouch.Engine, sms_attempt: Dict[str, Any]) -> None:
    attempts = variants(sms_attempt, 40)
    expected = [v.to_json() for v in engine.evaluate_many(attempts)]
    barrier = threading.Barrier(8)

    def work(k: int) -> List[str]:
        barrier.wait()
        out = []
        for i in range(len(attempts)):
            j = (i + k) % len(attempts)
            out.append((j, engine.evaluate(attempts[j]).to_json()))
        batch = engine.evaluate_many(attempts)
        assert [v.to_json() for v in batch] == expected
        return [s for _, s in sorted(out)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for r in results:
        assert r == expected


def test_engines_built_concurrently() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        engines = list(pool.map(lambda _: fairtouch.Engine(), range(4)))
    assert len({json.dumps(e.packs()) for e in engines}) == 1
