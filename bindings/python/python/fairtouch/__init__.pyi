import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union, overload

from ._errors import (
    FairtouchError as FairtouchError,
    InternalError as InternalError,
    InvalidAttempt as InvalidAttempt,
    InvalidOption as InvalidOption,
    InvalidPack as InvalidPack,
    PackFileError as PackFileError,
)
from .types import (
    AttemptDict,
    Category,
    Decision,
    OverrideSetting,
    PackInfo,
    RuleInfo,
    Severity,
    TemplateDict,
)

__version__: str
ENGINE_VERSION: str

#: What ``evaluate`` and ``next_window`` accept: a dict in the JSON interchange format (aware
#: ``datetime`` objects allowed where it has timestamps), or the JSON text itself.
AttemptInput = Union[AttemptDict, Mapping[str, Any], str, bytes]
TemplateInput = Union[TemplateDict, Mapping[str, Any], str, bytes]

class Span:
    """The offending words, in the original text."""

    @property
    def start(self) -> int:
        """UTF-8 byte offset of the first byte: ``body.encode()[start:end].decode() == text``."""
    @property
    def end(self) -> int: ...
    @property
    def start_utf16(self) -> int: ...
    @property
    def end_utf16(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def field(self) -> Literal["body", "subject"]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

class Finding:
    """One rule's finding."""

    @property
    def rule(self) -> str: ...
    @property
    def pack(self) -> str: ...
    @property
    def category(self) -> Category: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def citation(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def span(self) -> Optional[Span]: ...
    @property
    def retry_at(self) -> Optional[datetime.datetime]:
        """When time alone would cure this finding (aware, UTC)."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

class PackRef:
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def digest(self) -> str: ...
    def to_dict(self) -> Dict[str, str]: ...

class Override:
    @property
    def rule(self) -> str: ...
    @property
    def action(self) -> Literal["severity", "disabled"]: ...
    @property
    def from_severity(self) -> Severity: ...
    @property
    def to_severity(self) -> Optional[Severity]: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Verdict:
    """The engine's answer: storable evidence of what was decided and why."""

    @staticmethod
    def from_json(json: str) -> Verdict: ...
    @property
    def decision(self) -> Decision: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def next_allowed_at(self) -> Optional[datetime.datetime]:
        """The earliest instant at or after ``send_at`` at which nothing blocks (aware, UTC);
        ``None`` when time alone will not cure the block."""
    @property
    def time_zones(self) -> List[str]: ...
    @property
    def jurisdictions(self) -> List[str]: ...
    @property
    def packs(self) -> List[PackRef]: ...
    @property
    def overrides(self) -> List[Override]: ...
    @property
    def rules(self) -> List[str]:
        """The ids of the rules that produced findings, in order, without repeats."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON interchange form (timestamps as RFC 3339 strings)."""
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

class NextWindow:
    @property
    def next_allowed_at(self) -> Optional[datetime.datetime]: ...
    @property
    def local(self) -> Dict[str, datetime.datetime]:
        """``next_allowed_at`` in each candidate zone: ``{zone: aware datetime}``."""
    @property
    def blocking(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self, *, indent: Optional[int] = None) -> str: ...

class Engine:
    """The compliance engine: built once, immutable, safe to share between threads."""

    def __init__(
        self,
        packs: Optional[Iterable[Union[str, os.PathLike[str]]]] = None,
        *,
        default_packs: bool = True,
        overrides: Optional[Mapping[str, OverrideSetting]] = None,
        only_packs: Optional[Sequence[str]] = None,
    ) -> None:
        """``packs``: pack files (a path, ``str`` or ``os.PathLike``) or TOML sources (a ``str``
        with a line break). ``overrides``: ``{rule id: "info" | "warn" | "block" | "off"}``.
        ``only_packs``: keep only these embedded packs."""
    def evaluate(self, attempt: AttemptInput) -> Verdict: ...
    @overload
    def evaluate_many(
        self, attempts: Iterable[AttemptInput], *, return_exceptions: Literal[False] = False
    ) -> List[Verdict]: ...
    @overload
    def evaluate_many(
        self, attempts: Iterable[AttemptInput], *, return_exceptions: Literal[True]
    ) -> List[Union[Verdict, FairtouchError]]: ...
    @overload
    def evaluate_many(
        self, attempts: Iterable[AttemptInput], *, return_exceptions: bool
    ) -> List[Union[Verdict, FairtouchError]]: ...
    def lint_template(self, template: TemplateInput) -> Verdict: ...
    def next_window(self, attempt: AttemptInput) -> NextWindow: ...
    def packs(self) -> List[PackInfo]: ...
    def rules(self, pack: Optional[str] = None) -> List[RuleInfo]: ...

class Auditor:
    """Judges the lines of a log of past messages, given in (recipient, time, line) order batch
    after batch, building each message's history as ``fairtouch audit`` does (the engine's own
    ``fairtouch::audit::Auditor``). See ``fairtouch.arrow`` and ``fairtouch.spark``."""

    def __init__(self, engine: Engine) -> None: ...
    def push(self, lines: List[str], numbers: List[int]) -> Dict[str, List[Any]]:
        """The messages' verdicts as columns ``line``, ``id``, ``campaign``, ``decision``,
        ``verdict`` (JSON), and the invalid lines as ``error_line``, ``error_path``,
        ``error_message``."""

__all__ = [
    "Engine",
    "Auditor",
    "Verdict",
    "Finding",
    "Span",
    "PackRef",
    "Override",
    "NextWindow",
    "FairtouchError",
    "InvalidAttempt",
    "InvalidPack",
    "InvalidOption",
    "PackFileError",
    "InternalError",
    "__version__",
]
