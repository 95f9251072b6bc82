"""Type aliases and ``TypedDict`` shapes of the JSON interchange format (see DESIGN.md).

They exist at run time too, so ``from fairtouch.types import AttemptDict`` works in annotations.
"""

from __future__ import annotations

import datetime
from typing import List, Optional, Union

from typing import Literal, TypedDict

Decision = Literal["allow", "warn", "block"]
Severity = Literal["info", "warn", "block"]
Category = Literal[
    "contact_hours",
    "frequency",
    "consent",
    "communication_bar",
    "third_party",
    "banned_content",
    "required_content",
    "accuracy",
]
Channel = Literal["sms", "whatsapp", "email", "voice", "voicemail", "letter"]
SenderRole = Literal["collector", "creditor", "attorney"]
Relation = Literal[
    "debtor", "co_obligor", "spouse", "parent_of_minor", "guardian", "executor", "attorney", "third_party", "unknown"
]
AddressKind = Literal["personal", "work", "shared", "group"]
Purpose = Literal["collection", "location_information", "opt_out_confirmation", "informational"]
Direction = Literal["outbound", "inbound"]
Outcome = Literal["delivered", "failed", "no_answer", "voicemail", "conversation"]
#: An override setting: a severity, or ``"off"`` (also ``None``/``False``) to disable the rule.
OverrideSetting = Union[Severity, Literal["off"]]
#: A timestamp: an RFC 3339 string with offset, or an aware ``datetime``.
Timestamp = Union[str, datetime.datetime]


class SenderDict(TypedDict, total=False):
    name: str
    role: SenderRole
    license_number: str


class LocationDict(TypedDict, total=False):
    country: str
    region: str
    postal_code: str
    time_zone: str


class InconvenientTimeDict(TypedDict, total=False):
    days: List[str]
    start: str
    end: str


class ConsentDict(TypedDict, total=False):
    channel: Channel
    address: str
    given_at: Optional[Timestamp]
    revoked_at: Optional[Timestamp]
    purpose: str


class RecipientDict(TypedDict, total=False):
    relation: Relation
    address: str
    address_kind: AddressKind
    line_type: str
    locations: List[LocationDict]
    represented_by_attorney: bool
    attorney_permits_contact: bool
    cease_requested_at: Optional[Timestamp]
    refused_channels: List[Channel]
    refused_addresses: List[str]
    inconvenient_times: List[InconvenientTimeDict]
    consents: List[ConsentDict]
    employer_prohibits_contact: bool
    objected_at: Optional[Timestamp]


class DebtDict(TypedDict, total=False):
    id: str
    creditor: str
    amount: str
    currency: str
    due_date: Union[str, datetime.date]
    reference: str
    time_barred: bool
    disputed: bool
    bankruptcy: bool
    legal_action_intended: bool
    judgment_obtained: bool
    consumer: bool
    financial_system: bool


class EventDict(TypedDict, total=False):
    channel: Channel
    direction: Direction
    at: Timestamp
    outcome: Outcome
    debt_id: str
    debt_ids: List[str]
    address: str
    address_kind: AddressKind
    body: str
    purpose: Purpose
    consented: bool


class AttemptDict(TypedDict, total=False):
    """An attempt; ``channel``, ``send_at``, ``sender`` and ``recipient`` are required by the engine."""

    channel: Channel
    send_at: Timestamp
    body: str
    subject: str
    language: str
    automated: bool
    purpose: Purpose
    initial_communication: bool
    sender: SenderDict
    recipient: RecipientDict
    debt: DebtDict
    history: List[EventDict]


class TemplateDict(TypedDict, total=False):
    channel: Channel
    body: str
    subject: str
    language: str
    sender: SenderDict
    jurisdictions: List[str]
    initial_communication: bool
    purpose: Purpose
    at: Timestamp


class PackInfo(TypedDict):
    id: str
    version: str
    digest: str
    title: str
    jurisdictions: List[str]
    rules: int
    origin: str
    embedded: bool


# ``from`` is a Python keyword, hence the functional syntax.
RuleInfo = TypedDict(
    "RuleInfo",
    {
        "id": str,
        "pack": str,
        "check": str,
        "category": Category,
        "severity": Severity,
        "citation": str,
        "source": str,
        "explain": str,
        "from": Optional[str],
        "until": Optional[str],
        "disabled": bool,
    },
)


__all__ = [
    "Decision", "Severity", "Category", "Channel", "SenderRole", "Relation", "AddressKind", "Purpose",
    "Direction", "Outcome", "OverrideSetting", "Timestamp", "AttemptDict", "TemplateDict", "SenderDict",
    "RecipientDict", "LocationDict", "InconvenientTimeDict", "ConsentDict", "DebtDict", "EventDict",
    "PackInfo", "RuleInfo",
]
