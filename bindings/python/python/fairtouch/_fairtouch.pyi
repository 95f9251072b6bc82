"""The native extension module (see ``fairtouch/__init__.pyi`` for the public API)."""

from typing import Dict

from . import (
    AttemptInput,
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
