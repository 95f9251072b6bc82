"""A small typed program: `mypy --strict` must accept it (tests the .pyi stub and py.typed)."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

import fairtouch
from fairtouch.types import AttemptDict, Decision, Severity


def check(engine: fairtouch.Engine, body: str) -> Decision:
    attempt: AttemptDict = {
        "channel": "sms",
        "send_at": dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.timezone.utc),
        "body": body,
        "sender": {"name": "Acme Recovery", "role": "collector"},
        "recipient": {"relation": "debtor", "address": "+13125550100", "locations": [{"country": "US", "region": "IL"}]},
    }
    verdict: fairtouch.Verdict = engine.evaluate(attempt)
    decision: Decision = verdict.decision
    when: Optional[dt.datetime] = verdict.next_allowed_at
    for finding in verdict.findings:
        severity: Severity = finding.severity
        span: Optional[fairtouch.Span] = finding.span
        if span is not None:
            start: int = span.start
            print(finding.rule, severity, finding.category, span.text, start, when)
    many: List[fairtouch.Verdict] = engine.evaluate_many([attempt, attempt])
    assert len(many) == 2
    return decision


def main() -> None:
    try:
        engine = fairtouch.Engine(overrides={"us.regf.opt-out-notice": "warn"}, default_packs=True)
    except fairtouch.InvalidPack as e:
        line: Optional[int] = e.line
        raise SystemExit(f"{e.pack}:{line}: {e.rule}: {e.message}")
    try:
        print(check(engine, "Pay now or you will be arrested."))
    except fairtouch.InvalidAttempt as e:
        path: str = e.path
        print(path)
    for pack in engine.packs():
        print(pack["id"], pack["version"], pack["rules"])
    window: fairtouch.NextWindow = engine.next_window(
        {"channel": "sms", "send_at": "2026-03-11T03:30:00Z", "sender": {"role": "collector"},
         "recipient": {"relation": "debtor", "address": "+13125550100"}}
    )
    print(window.next_allowed_at, window.local, window.blocking)


if __name__ == "__main__":
    main()
