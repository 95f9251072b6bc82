"""The Python API: engine options, verdict objects, conversions, errors."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict

import pytest

import fairtouch
from fairtouch._fairtouch import _panic_for_test, _to_json

UTC = dt.timezone.utc

ACME_PACK = """\
[pack]
id = "acme-policy"
version = "1.0.0"
jurisdiction = "US"
title = "Acme policy"

[[rule]]
id = "acme.no-guarantees"
check = "banned_content"
binds = ["collector", "creditor", "attorney"]
citation = "Acme policy 4.2"
source = "https://acme.example/policy"
severity = "warn"
explain = "Agents never guarantee outcomes."

[rule.params]
patterns = { en = ["guarantee*"] }

[[rule.fire]]
body = "We guarantee a discount."

[[rule.pass]]
body = "We offer a discount."
"""


# --- verdicts --------------------------------------------------------------------------------


def test_verdict_attributes(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    v = engine.evaluate(attempt)
    assert isinstance(v, fairtouch.Verdict)
    assert v.decision == "block"
    assert "us.fdcpa.threat-arrest" in v.rules
    assert "us.regf.inconvenient-time" in v.rules
    assert v.rules == list(dict.fromkeys(f.rule for f in v.findings))
    assert v.time_zones == ["America/Chicago"]
    assert "US" in v.jurisdictions
    assert "us-federal" in [p.id for p in v.packs]
    assert v.packs[0].digest.startswith("sha256:")
    assert v.overrides == []
    f = next(f for f in v.findings if f.rule == "us.fdcpa.threat-arrest")
    assert isinstance(f, fairtouch.Finding)
    assert (f.pack, f.category, f.severity) == ("us-federal", "banned_content", "block")
    assert f.citation and f.message
    assert f.span is not None and f.span.text == "arrested" and f.span.field == "body"
    assert "threat-arrest" in repr(f) and "block" in repr(v)


def test_to_dict_and_to_json_are_the_interchange_format(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    v = engine.evaluate(attempt)
    d = v.to_dict()
    assert d == json.loads(v.to_json())
    assert list(d) == ["decision", "findings", "next_allowed_at", "time_zones", "jurisdictions", "packs"]
    assert json.loads(v.to_json(indent=2)) == d
    assert v.to_json(indent=2).startswith('{\n  "decision"')
    assert v.findings[0].to_dict() == d["findings"][0]
    assert v.packs[0].to_dict() == d["packs"][0]


def test_verdict_equality_and_pickle(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    v = engine.evaluate(attempt)
    assert v == engine.evaluate(json.dumps(attempt))
    assert v.findings[0] == engine.evaluate(attempt).findings[0]
    again = pickle.loads(pickle.dumps(v))
    assert again == v and again.to_json() == v.to_json()
    assert fairtouch.Verdict.from_json(v.to_json()) == v
    with pytest.raises(fairtouch.FairtouchError):
        fairtouch.Verdict.from_json("{}")


def test_results_are_immutable(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    v = engine.evaluate(attempt)
    with pytest.raises(AttributeError):
        v.decision = "allow"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        v.findings[0].rule = "x"  # type: ignore[misc]


# --- timestamps ------------------------------------------------------------------------------


def test_next_allowed_at_is_an_aware_utc_datetime(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    attempt["body"] = (
        "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information "
        "obtained will be used for that purpose. Reply STOP to opt out."
    )
    v = engine.evaluate(attempt)  # 21:30 in Chicago: only the window blocks
    assert v.rules == ["us.regf.inconvenient-time"]
    assert v.next_allowed_at == dt.datetime(2026, 3, 11, 13, 0, tzinfo=UTC)  # 08:00 CDT
    assert v.next_allowed_at is not None and v.next_allowed_at.utcoffset() == dt.timedelta(0)
    assert v.findings[0].retry_at == v.next_allowed_at
    assert v.to_dict()["next_allowed_at"] == "2026-03-11T13:00:00Z"
    w = engine.next_window(attempt)
    assert isinstance(w, fairtouch.NextWindow)
    assert w.next_allowed_at == v.next_allowed_at
    assert w.blocking == ["us.regf.inconvenient-time"]
    local = w.local["America/Chicago"]
    assert (local.hour, local.minute, local.utcoffset()) == (8, 0, dt.timedelta(hours=-5))
    assert w.to_dict()["next_allowed_at"] == "2026-03-11T13:00:00Z"


def test_no_next_allowed_at_when_time_cannot_cure(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    assert engine.evaluate(attempt).next_allowed_at is None


@pytest.mark.parametrize(
    "send_at",
    [
        dt.datetime(2026, 3, 11, 3, 30, tzinfo=UTC),
        dt.datetime(2026, 3, 10, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        "2026-03-11T03:30:00Z",
        "2026-03-10T22:30:00-05:00",
    ],
)
def test_aware_datetimes_are_accepted(engine: fairtouch.Engine, attempt: Dict[str, Any], send_at: Any) -> None:
    reference = engine.evaluate(attempt)
    attempt["send_at"] = send_at
    assert engine.evaluate(attempt) == reference


def test_datetime_with_microseconds_and_zoneinfo(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        chicago = zoneinfo.ZoneInfo("America/Chicago")
    except Exception:  # no tz database on this machine
        pytest.skip("no IANA time zone database")
    attempt["send_at"] = dt.datetime(2026, 3, 10, 21, 30, 0, 123456, tzinfo=chicago)
    assert json.loads(_to_json(attempt))["send_at"] == "2026-03-11T02:30:00.123456Z"
    assert "us.regf.inconvenient-time" in engine.evaluate(attempt).rules


def test_datetimes_in_nested_fields(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    attempt["recipient"]["cease_requested_at"] = dt.datetime(2026, 3, 1, tzinfo=UTC)
    attempt["history"] = [
        {"channel": "voice", "direction": "outbound", "at": dt.datetime(2026, 3, 9, 15, tzinfo=UTC), "outcome": "no_answer"}
    ]
    attempt["debt"] = {"id": "D-1", "amount": Decimal("250.00"), "currency": "USD", "due_date": dt.date(2026, 1, 10)}
    doc = json.loads(_to_json(attempt))
    assert doc["recipient"]["cease_requested_at"] == "2026-03-01T00:00:00Z"
    assert doc["history"][0]["at"] == "2026-03-09T15:00:00Z"
    assert doc["debt"]["amount"] == "250.00" and doc["debt"]["due_date"] == "2026-01-10"
    assert engine.evaluate(attempt) == engine.evaluate(json.dumps(doc))


@pytest.mark.parametrize(
    "where, path",
    [
        (("send_at",), "send_at"),
        (("recipient", "cease_requested_at"), "recipient.cease_requested_at"),
        (("history", 1, "at"), "history[1].at"),
    ],
)
def test_naive_datetimes_are_rejected_with_their_path(
    engine: fairtouch.Engine, attempt: Dict[str, Any], where: Any, path: str
) -> None:
    attempt["history"] = [
        {"channel": "voice", "direction": "outbound", "at": "2026-03-09T15:00:00Z"},
        {"channel": "voice", "direction": "outbound", "at": "2026-03-09T16:00:00Z"},
    ]
    target: Any = attempt
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = dt.datetime(2026, 3, 11, 3, 30)
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate(attempt)
    assert info.value.path == path
    assert "naive datetime" in info.value.message and "tzinfo" in info.value.message
    assert str(info.value).startswith(f"{path}: ")


def test_timestamp_strings_without_offset_are_rejected(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    attempt["send_at"] = "2026-03-11T03:30:00"
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate(attempt)
    assert info.value.path == "send_at"
    assert "offset" in info.value.message


# --- Unicode spans ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "é ", "😀 ", "Ａｃｍｅ 😀😀 ünïcödé "])
def test_unicode_spans(engine: fairtouch.Engine, attempt: Dict[str, Any], prefix: str) -> None:
    attempt["body"] = prefix + attempt["body"]
    body: str = attempt["body"]
    v = engine.evaluate(attempt)
    span = next(f.span for f in v.findings if f.rule == "us.fdcpa.threat-arrest")
    assert span is not None
    assert span.text == "arrested"
    raw = body.encode("utf-8")
    assert raw[span.start : span.end].decode("utf-8") == span.text  # byte offsets
    utf16 = body.encode("utf-16-le")
    assert utf16[2 * span.start_utf16 : 2 * span.end_utf16].decode("utf-16-le") == span.text
    assert span.to_dict() == {
        "start": span.start, "end": span.end, "start_utf16": span.start_utf16, "end_utf16": span.end_utf16, "text": span.text
    }


def test_spans_in_text_that_normalisation_changes(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    attempt["body"] = attempt["body"].replace("arrested", "ＡＲＲＥＳＴＥＤ")  # full-width, folded by NFKC
    v = engine.evaluate(attempt)
    span = next(f.span for f in v.findings if f.rule == "us.fdcpa.threat-arrest")
    assert span is not None and span.text == "ＡＲＲＥＳＴＥＤ"
    assert attempt["body"].encode()[span.start : span.end].decode() == span.text


# --- input forms and conversion errors -------------------------------------------------------


def test_str_bytes_and_dict_subclasses(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    import collections

    reference = engine.evaluate(attempt)
    assert engine.evaluate(json.dumps(attempt)) == reference
    assert engine.evaluate(json.dumps(attempt).encode()) == reference
    assert engine.evaluate(collections.OrderedDict(attempt)) == reference
    tupled = copy.deepcopy(attempt)
    tupled["recipient"]["locations"] = tuple(tupled["recipient"]["locations"])
    assert engine.evaluate(tupled) == reference


@pytest.mark.parametrize(
    "mutate, path, fragment",
    [
        (lambda a: a.update(channel="pigeon"), "channel", "pigeon"),
        (lambda a: a.pop("send_at"), "$", "send_at"),
        (lambda a: a["recipient"]["locations"][0].update(time_zone="Mars/Olympus"), "recipient.locations[0].time_zone", "Mars"),
        (lambda a: a["recipient"].update(address="not a number"), "recipient.address", ""),
        (lambda a: a.update(debt={"amount": 250, "currency": "USD"}), "debt.amount", "string"),
        (lambda a: a.update(surprise=1), "surprise", "unknown field"),
        (lambda a: a.update(history=[{"channel": "sms", "direction": "inbound", "at": {1, 2}}]), "history[0].at", "set"),
        (lambda a: a["recipient"].update({1: "x"}), "recipient", "keys must be str"),
        (lambda a: a.update(body=float("nan")), "body", "not a JSON number"),
    ],
)
def test_invalid_attempts_name_the_path(
    engine: fairtouch.Engine, attempt: Dict[str, Any], mutate: Any, path: str, fragment: str
) -> None:
    mutate(attempt)
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate(attempt)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, fairtouch.FairtouchError)
    assert err.path == path, str(err)
    assert fragment in str(err)
    assert str(err) == f"{err.path}: {err.message}"
    assert pickle.loads(pickle.dumps(err)).path == path


def test_dict_and_json_inputs_give_the_same_errors(engine: fairtouch.Engine, attempt: Dict[str, Any]) -> None:
    attempt["recipient"]["locations"][0]["time_zone"] = "Mars/Olympus"
    with pytest.raises(fairtouch.InvalidAttempt) as a:
        engine.evaluate(attempt)
    with pytest.raises(fairtouch.InvalidAttempt) as b:
        engine.evaluate(json.dumps(attempt))
    assert str(a.value) == str(b.value)


@pytest.mark.parametrize("bad", [None, 42, ["a"], object()])
def test_non_dict_attempts(engine: fairtouch.Engine, bad: Any) -> None:
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate(bad)
    assert info.value.path == "$"


def test_invalid_json_text(engine: fairtouch.Engine) -> None:
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.evaluate('{"channel": ')
    assert "invalid JSON" in str(info.value)


# --- engines ---------------------------------------------------------------------------------


def test_engine_with_packs_from_files_and_strings(tmp_path: Path, attempt: Dict[str, Any]) -> None:
    pack = tmp_path / "acme.toml"
    pack.write_text(ACME_PACK)
    attempt["body"] = "Acme Recovery guarantees you will be arrested"
    for packs in ([str(pack)], [pack], [ACME_PACK]):
        engine = fairtouch.Engine(packs=packs)
        ids = [p["id"] for p in engine.packs()]
        assert "us-federal" in ids and ids[-1] == "acme-policy"
        v = engine.evaluate(attempt)
        assert "acme.no-guarantees" in v.rules
        assert "acme-policy" in [p.id for p in v.packs]
    only = fairtouch.Engine([ACME_PACK], default_packs=False)
    assert [p["id"] for p in only.packs()] == ["acme-policy"]
    assert only.evaluate(attempt).rules == ["acme.no-guarantees"]
    assert "acme.no-guarantees" in [r["id"] for r in only.rules()]
    assert [r["id"] for r in only.rules("acme-policy")] == ["acme.no-guarantees"]
    info = only.packs()[0]
    assert info["embedded"] is False and info["rules"] == 1 and info["digest"].startswith("sha256:")


def test_overrides(attempt: Dict[str, Any]) -> None:
    engine = fairtouch.Engine(overrides={"us.fdcpa.threat-arrest": "warn", "us.fdcpa.mini-miranda-initial": "off"})
    v = engine.evaluate(attempt)
    arrest = next(f for f in v.findings if f.rule == "us.fdcpa.threat-arrest")
    assert arrest.severity == "warn"
    assert "us.fdcpa.mini-miranda-initial" not in v.rules
    assert [(o.rule, o.action, o.from_severity, o.to_severity) for o in v.overrides] == [
        ("us.fdcpa.threat-arrest", "severity", "block", "warn"),
        ("us.fdcpa.mini-miranda-initial", "disabled", "block", None),
    ]
    assert v.to_dict()["overrides"][0] == {"rule": "us.fdcpa.threat-arrest", "action": "severity", "from": "block", "to": "warn"}
    disabled = [r for r in engine.rules() if r["disabled"]]
    assert [r["id"] for r in disabled] == ["us.fdcpa.mini-miranda-initial"]


def test_engine_errors(tmp_path: Path) -> None:
    bad = ACME_PACK.replace('check = "banned_content"', 'check = "no_such_check"')
    with pytest.raises(fairtouch.InvalidPack) as info:
        fairtouch.Engine([bad])
    e = info.value
    assert isinstance(e, fairtouch.FairtouchError) and isinstance(e, ValueError)
    assert (e.pack, e.line, e.rule) == ("packs[0]", 9, "acme.no-guarantees")
    assert str(e).startswith("packs[0]:9: rule acme.no-guarantees: ") and "no_such_check" in e.message
    path = tmp_path / "bad.toml"
    path.write_text(bad)
    with pytest.raises(fairtouch.InvalidPack) as info:
        fairtouch.Engine([path])
    assert info.value.pack == str(path) and info.value.line == 9
    with pytest.raises(fairtouch.InvalidPack) as info:
        fairtouch.Engine([ACME_PACK, ACME_PACK.replace("acme.no-guarantees", "acme.other")])
    assert "already loaded" in info.value.message
    with pytest.raises(fairtouch.PackFileError) as io:
        fairtouch.Engine([tmp_path / "missing.toml"])
    assert isinstance(io.value, OSError) and io.value.path.endswith("missing.toml")
    with pytest.raises(fairtouch.InvalidOption):
        fairtouch.Engine(overrides={"no.such.rule": "warn"})
    with pytest.raises(fairtouch.InvalidOption):
        fairtouch.Engine(overrides={"us.fdcpa.threat-arrest": "severe"})
    with pytest.raises(fairtouch.InvalidOption):
        fairtouch.Engine("rules/us-federal.toml")  # type: ignore[arg-type]
    with pytest.raises(fairtouch.InvalidOption):
        fairtouch.Engine([42])  # type: ignore[list-item]
    # Every override is read by the engine's own options parser: nothing is skipped silently.
    for setting in (True, False, None, 1):
        with pytest.raises(fairtouch.InvalidOption) as bad:
            fairtouch.Engine(overrides={"us.fdcpa.threat-arrest": setting})  # type: ignore[dict-item]
        assert 'override of "us.fdcpa.threat-arrest"' in str(bad.value)


def test_lint_template(engine: fairtouch.Engine) -> None:
    template = {
        "channel": "sms",
        "body": "{{sender.name}}: pay {{debt.amount}} now or you will be arrested.",
        "sender": {"name": "Acme Recovery", "role": "collector"},
        "jurisdictions": ["US"],
        "at": dt.datetime(2026, 3, 10, 15, tzinfo=UTC),
    }
    v = engine.lint_template(template)
    assert "us.fdcpa.threat-arrest" in v.rules
    assert v == engine.lint_template(json.dumps({**template, "at": "2026-03-10T15:00:00Z"}))
    with pytest.raises(fairtouch.InvalidAttempt) as info:
        engine.lint_template({**template, "channel": "fax"})
    assert info.value.path == "channel"


def test_panics_surface_as_fairtouch_errors() -> None:
    with pytest.raises(fairtouch.InternalError) as info:
        _panic_for_test()
    assert isinstance(info.value, fairtouch.FairtouchError)
    assert "deliberate panic" in str(info.value)


def test_exception_hierarchy() -> None:
    for cls in (fairtouch.InvalidAttempt, fairtouch.InvalidPack, fairtouch.InvalidOption, fairtouch.PackFileError, fairtouch.InternalError):
        assert issubclass(cls, fairtouch.FairtouchError)
    assert issubclass(fairtouch.InvalidAttempt, ValueError)
    assert issubclass(fairtouch.PackFileError, OSError)


def test_module_metadata() -> None:
    assert fairtouch.__version__
    assert set(fairtouch.__all__) <= set(dir(fairtouch))
    assert "Engine" in repr(fairtouch.Engine())
