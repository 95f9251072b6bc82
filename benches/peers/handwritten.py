"""The six core US federal checks of the peers benchmark, by hand in plain Python (stdlib only).

    check(attempt: dict) -> {"decision": "allow" | "warn" | "block", "rules": [rule ids, sorted]}

The same rules, with the same simplifications, as policy/us_core.rego (see README.md): texts
are lower-cased and searched for substrings, locations must carry a `time_zone`, addresses are
compared as given. Rule ids are fairtouch's, so the results can be compared with its verdicts.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

FDCPA_ROLES = {"collector", "attorney"}
TCPA_ROLES = {"collector", "creditor", "attorney"}
CALL_CHANNELS = {"voice", "voicemail"}
ELECTRONIC_CHANNELS = {"sms", "whatsapp", "email"}
CONSENT_CHANNELS = {"sms", "voice", "voicemail"}
STOP_KEYWORDS = {"stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "revoke", "opt out", "optout"}
STOP_PHRASES = (
    "stop texting", "stop calling", "stop contacting", "stop messaging", "stop sending",
    "don't text", "don't call", "don't contact", "do not text", "do not call", "do not contact",
    "no more texts", "no more calls", "remove me", "take me off", "opt me out", "unsubscribe me",
)
ARREST_PHRASES = (
    "arrest", "jail", "prison", "incarcerat", "handcuff", "behind bars", "locked up", "bench warrant",
    "warrant for your", "police will", "sheriff will", "turn yourself in", "be detained",
)
MIRANDA_RELATIONS = {"debtor", "co_obligor", "guarantor", "spouse", "parent_of_minor", "guardian", "executor"}
WARN_RULES = {"us.regf.electronic-frequency"}


@lru_cache(maxsize=None)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


if sys.version_info >= (3, 11):
    instant = dt.datetime.fromisoformat
else:  # fromisoformat reads "Z" from Python 3.11 on

    def instant(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def concerns(event: Dict[str, Any], debt_id: Optional[str]) -> bool:
    """fairtouch's Event::concerns."""
    if debt_id is None:
        return True
    if event.get("debt_id") is None and not event.get("debt_ids"):
        return True
    return event.get("debt_id") == debt_id or debt_id in event.get("debt_ids", ())


def revokes(body: str) -> bool:
    text = body.lower()
    return text.strip(" .!\t\n") in STOP_KEYWORDS or any(p in text for p in STOP_PHRASES)


def check(a: Dict[str, Any]) -> Dict[str, Any]:
    fired: List[str] = []
    at = instant(a["send_at"])
    channel = a["channel"]
    role = a.get("sender", {}).get("role", "collector")
    recipient = a.get("recipient", {})
    purpose = a.get("purpose", "collection")
    debt_id = (a.get("debt") or {}).get("id")
    fdcpa = role in FDCPA_ROLES
    zones = [zone(loc["time_zone"]) for loc in recipient.get("locations", ()) if loc.get("time_zone")]
    history = a.get("history", ())
    past = [(instant(e["at"]), e) for e in history]
    past = [(t, e) for t, e in past if t <= at]
    text = (a.get("subject", "") + "\n" + a.get("body", "")).lower()

    # 1. Contact hours: 08:00 <= local time < 21:00 in every candidate zone.
    if fdcpa and channel in CALL_CHANNELS | ELECTRONIC_CHANNELS:
        for tz in zones:
            local = at.astimezone(tz)
            if not 8 * 60 <= local.hour * 60 + local.minute < 21 * 60:
                fired.append("us.regf.inconvenient-time")
                break

    # 2. Frequency: at most 7 in 7 local calendar days (today and the 6 before), per debt.
    def over_cap(times: List[dt.datetime]) -> bool:
        for tz in zones:
            today = at.astimezone(tz).date()
            first = today - dt.timedelta(days=6)
            if sum(1 for t in times if first <= t.astimezone(tz).date() <= today) + 1 > 7:
                return True
        return False

    def counted(e: Dict[str, Any], channels: set) -> bool:
        return (e["direction"] == "outbound" and e["channel"] in channels
                and e.get("outcome") != "failed" and concerns(e, debt_id))

    if fdcpa and channel in CALL_CHANNELS:
        calls = [t for t, e in past if counted(e, CALL_CHANNELS) and not e.get("consented")]
        if over_cap(calls):
            fired.append("us.regf.call-frequency")
    if fdcpa and channel in ELECTRONIC_CHANNELS:
        order = sorted(range(len(history)), key=lambda i: instant(history[i]["at"]))
        response = set()
        for k in range(1, len(order)):
            prev, e = history[order[k - 1]], history[order[k]]
            if prev["direction"] == "inbound" and prev["channel"] == e["channel"]:
                response.add(id(e))
        latest = max(past, key=lambda p: p[0], default=None)
        answers = latest is not None and latest[1]["direction"] == "inbound" and latest[1]["channel"] == channel
        if not answers:
            sent = [t for t, e in past if counted(e, ELECTRONIC_CHANNELS) and id(e) not in response]
            if over_cap(sent):
                fired.append("us.regf.electronic-frequency")

    # 3. TCPA consent for automated texts and calls, and revocation by a reply.
    if role in TCPA_ROLES and a.get("automated") is True and channel in CONSENT_CHANNELS:
        address = recipient.get("address")
        consents = recipient.get("consents", ())

        def in_force(c: Dict[str, Any]) -> bool:
            return (c.get("purpose", "collection") == "collection"
                    and (c["channel"] == channel or (c["channel"] == "voice" and channel == "voicemail"))
                    and c.get("address") in (None, address)
                    and (c.get("given_at") is None or instant(c["given_at"]) <= at)
                    and (c.get("revoked_at") is None or instant(c["revoked_at"]) > at))

        if purpose in {"collection", "informational", "location_information", "cease_acknowledgement"} \
                and not any(in_force(c) for c in consents):
            fired.append("us.tcpa.prior-express-consent")
        revoked = [t for t, e in past
                   if e["direction"] == "inbound" and e["channel"] in {"sms", "whatsapp", "voice", "voicemail"}
                   and e.get("address") in (None, address) and revokes(e.get("body", ""))]
        if revoked:
            latest_stop = max(revoked)
            renewed = any(c.get("given_at") and instant(c["given_at"]) > latest_stop
                          and (c.get("revoked_at") is None or instant(c["revoked_at"]) > at) for c in consents)
            if not renewed:
                fired.append("us.tcpa.revocation")

    # 4. Cease communication: a written request at or before the attempt.
    cease = recipient.get("cease_requested_at")
    if fdcpa and purpose in {"collection", "location_information", "opt_out_confirmation", "informational"} \
            and cease and instant(cease) <= at:
        fired.append("us.fdcpa.cease-communication")

    # 5. No threat of arrest or jail.
    if fdcpa and any(p in text for p in ARREST_PHRASES):
        fired.append("us.fdcpa.threat-arrest")

    # 6. Mini-Miranda: full disclosure in the initial communication, "debt collector" after.
    if (fdcpa and recipient.get("relation", "debtor") in MIRANDA_RELATIONS
            and purpose in {"collection", "informational", "cease_acknowledgement"}
            and (channel != "voicemail" or "debt" in text)):
        initial = a.get("initial_communication")
        if initial is None:
            initial = not any(
                concerns(e, debt_id) and (
                    (e["direction"] == "outbound" and e.get("outcome") not in ("failed", "no_answer"))
                    or (e["direction"] == "inbound" and e.get("outcome") == "conversation"))
                for _, e in past)
        if initial:
            if not ("attempt to collect a debt" in text and "information obtained will be used for that purpose" in text):
                fired.append("us.fdcpa.mini-miranda-initial")
        elif "debt collector" not in text and "attempt to collect a debt" not in text:
            fired.append("us.fdcpa.mini-miranda-subsequent")

    decision = "block" if any(r not in WARN_RULES for r in fired) else "warn" if fired else "allow"
    return {"decision": decision, "rules": sorted(fired)}
