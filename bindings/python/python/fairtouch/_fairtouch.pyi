"""The native extension module (see ``fairtouch/__init__.pyi`` for the public API)."""

from typing import Dict, List, Optional, Tuple

from . import (
    AttemptInput,
    Auditor as Auditor,
    Engine as Engine,
    Finding as Finding,
    NextWindow as NextWindow,
    Override as Override,
    PackRef as PackRef,
    Span as Span,
    Verdict as Verdict,
)

ENGINE_VERSION: str

def _bench_native(engine: Engine, attempt_json: str, n: int) -> Dict[str, float]:
    """Native timings in ns per call, looped in Rust: ``evaluate_ns``, ``from_json_evaluate_ns``,
    ``json_roundtrip_ns``."""
def _to_json(obj: object) -> str:
    """Any Python value as JSON, by the binding's conversion rules (generically: not into an
    attempt); a ``str`` is returned as is. For the tests."""
def _panic_for_test() -> None: ...
def _route_lines(lines: List[str]) -> List[Tuple[Optional[str], Optional[int]]]:
    """Each log line's (canonical recipient address, nanoseconds since the epoch); (None, None)
    when it cannot be read."""
def _evaluate_json_lines(engine: Engine, lines: List[str]) -> List[Tuple[Optional[str], str]]:
    """Each attempt JSON's (decision, verdict JSON), or (None, error JSON)."""
