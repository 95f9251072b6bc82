from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import pytest

import fairtouch

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def engine() -> fairtouch.Engine:
    return fairtouch.Engine()


BASE_ATTEMPT: Dict[str, Any] = {
    "channel": "sms",
    "send_at": "2026-03-11T03:30:00Z",
    "body": "Acme Recovery is a debt collector. Pay now or you will be arrested. Reply STOP to opt out.",
    "sender": {"name": "Acme Recovery", "role": "collector"},
    "recipient": {
        "relation": "debtor",
        "address": "+13125550100",
        "locations": [{"country": "US", "region": "IL"}],
    },
}


@pytest.fixture
def attempt() -> Dict[str, Any]:
    """A late-night threatening SMS to a debtor in Chicago (blocks on several rules)."""
    return copy.deepcopy(BASE_ATTEMPT)


@pytest.fixture(scope="session")
def sms_attempt() -> Dict[str, Any]:
    """The benchmark attempt: a 160-character SMS with 20 history events."""
    return json.loads((ROOT / "benches" / "fixtures" / "sms_attempt.json").read_text())
