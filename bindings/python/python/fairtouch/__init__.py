"""fairtouch: may this collection message be sent to this person, on this channel, at this moment?

>>> import fairtouch
>>> engine = fairtouch.Engine()               # the embedded default packs
>>> verdict = engine.evaluate(attempt)        # a dict in the JSON interchange format, or a JSON str
>>> verdict.decision, verdict.rules, verdict.next_allowed_at

The engine is Rust (the ``fairtouch`` crate); this package converts and delegates. Engines are
immutable and safe to share between threads; ``Engine.evaluate_many`` releases the GIL.
"""

from __future__ import annotations

from ._errors import (
    FairtouchError,
    InternalError,
    InvalidAttempt,
    InvalidOption,
    InvalidPack,
    PackFileError,
)
from ._fairtouch import (
    ENGINE_VERSION,
    Auditor,
    Engine,
    Finding,
    NextWindow,
    Override,
    PackRef,
    Span,
    Verdict,
)

__version__: str = ENGINE_VERSION

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
