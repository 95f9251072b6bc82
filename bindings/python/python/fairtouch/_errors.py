"""The exceptions fairtouch raises. All derive from :class:`FairtouchError`."""

from __future__ import annotations

from typing import Optional, Tuple


class FairtouchError(Exception):
    """Base class of every error fairtouch raises."""


class InvalidAttempt(FairtouchError, ValueError):
    """The attempt (or template) is not valid: ``path`` names the offending field.

    ``path`` uses the engine's notation, e.g. ``recipient.locations[0].time_zone`` or
    ``history[3].at``; ``$`` stands for the whole document. ``str(error)`` is
    ``"{path}: {message}"``, exactly the Rust engine's message. In ``evaluate_many``, ``index``
    is the position of the bad attempt in the list (else ``None``).
    """

    path: str
    message: str
    index: Optional[int]

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.index = None

    def __reduce__(self) -> Tuple[type, Tuple[str, str]]:
        return (type(self), (self.path, self.message))


class InvalidPack(FairtouchError, ValueError):
    """A rule pack is invalid: ``pack`` (file name, or ``packs[i]`` for a pack given as a string),
    ``line`` (1-based, when known) and ``rule`` (the rule id, when inside a rule)."""

    pack: str
    message: str
    line: Optional[int]
    rule: Optional[str]

    def __init__(self, pack: str, message: str, line: Optional[int] = None, rule: Optional[str] = None) -> None:
        where = pack
        if line is not None:
            where += f":{line}"
        if rule is not None:
            where += f": rule {rule}"
        super().__init__(f"{where}: {message}")
        self.pack = pack
        self.message = message
        self.line = line
        self.rule = rule

    def __reduce__(self) -> Tuple[type, Tuple[str, str, Optional[int], Optional[str]]]:
        return (type(self), (self.pack, self.message, self.line, self.rule))


class InvalidOption(FairtouchError, ValueError):
    """An engine option is invalid: an override naming no loaded rule, an unknown severity, a
    bad ``packs`` item."""


class PackFileError(FairtouchError, OSError):
    """A pack file could not be read (``path``, and the system's ``message``)."""

    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> Tuple[type, Tuple[str, str]]:
        return (type(self), (self.path, self.message))


class InternalError(FairtouchError):
    """A bug in fairtouch (a Rust panic, caught at the boundary). Please report it."""


__all__ = ["FairtouchError", "InvalidAttempt", "InvalidPack", "InvalidOption", "PackFileError", "InternalError"]
