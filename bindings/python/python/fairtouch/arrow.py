"""Arrow record batches in, verdicts out: attempts evaluated a batch at a time, and logs of past
messages audited as ``fairtouch audit`` audits them.

Needs ``pyarrow`` (``pip install 'fairtouch[arrow]'``); the rest of the package does not.

>>> import pyarrow as pa, fairtouch, fairtouch.arrow
>>> engine = fairtouch.Engine()
>>> batch = pa.record_batch({"attempt": [attempt_json, ...]})
>>> fairtouch.arrow.evaluate_batch(engine, batch).column("decision")

The work is the engine's: a batch's strings are handed to Rust, which parses, evaluates (with the
GIL released) and returns JSON text. For auditing, :class:`fairtouch.Auditor` is the engine's
own history builder (``fairtouch::audit::Auditor``), the one the CLI uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, List, Optional

from ._fairtouch import Auditor, Engine, _evaluate_json_lines, _route_lines

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

__all__ = ["evaluate_batch", "audit_batches", "route_batch", "audit_table", "AUDIT_SCHEMA_DDL"]

#: The columns of an audit's output batches, as a Spark DDL string.
AUDIT_SCHEMA_DDL = "line long, id string, campaign string, decision string, verdict string, error string"


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("fairtouch.arrow needs pyarrow: pip install 'fairtouch[arrow]'") from e
    return pyarrow


def audit_schema() -> "pa.Schema":
    """The schema of :func:`audit_batches`' output."""
    pa = _pa()
    return pa.schema(
        [
            ("line", pa.int64()),
            ("id", pa.string()),
            ("campaign", pa.string()),
            ("decision", pa.string()),
            ("verdict", pa.string()),
            ("error", pa.string()),
        ]
    )


def evaluate_batch(engine: Engine, batch: "pa.RecordBatch", column: str = "attempt") -> "pa.RecordBatch":
    """Evaluates the attempts of a string column (JSON, one attempt a row).

    Returns a batch of the same length: ``decision`` (``allow``, ``warn``, ``block``; null for an
    invalid attempt), ``verdict`` (the verdict JSON, as ``fairtouch check`` prints it) and
    ``error`` (``{"path", "message"}`` JSON for an invalid attempt, else null).
    """
    pa = _pa()
    texts: List[Optional[str]] = batch.column(column).to_pylist()
    results = _evaluate_json_lines(engine, [t if t is not None else "null" for t in texts])
    decisions = [d for d, _ in results]
    verdicts = [j if d is not None else None for d, j in results]
    errors = [j if d is None else None for d, j in results]
    return pa.record_batch(
        {"decision": decisions, "verdict": verdicts, "error": errors}
    )


def route_batch(batch: "pa.RecordBatch", value: str = "value", line: str = "line") -> "pa.RecordBatch":
    """Adds to a batch of log lines their ``recipient`` (canonical address; ``#LINE`` for a line
    that names none or cannot be read, a recipient of its own) and ``at`` (nanoseconds since the
    epoch; 0 when it cannot be read): the keys to partition and sort a log by."""
    pa = _pa()
    texts: List[str] = batch.column(value).to_pylist()
    numbers: List[int] = batch.column(line).to_pylist()
    routes = _route_lines(texts)
    recipients = [r if r is not None else f"#{n}" for (r, _), n in zip(routes, numbers)]
    ats = [a if a is not None else 0 for _, a in routes]
    return pa.record_batch(
        {
            "line": pa.array(numbers, pa.int64()),
            "value": texts,
            "recipient": recipients,
            "at": pa.array(ats, pa.int64()),
        }
    )


def audit_batches(
    engine: Engine, batches: Iterable["pa.RecordBatch"], value: str = "value", line: str = "line"
) -> Iterator["pa.RecordBatch"]:
    """Audits log lines given in (recipient, time, line) order, as a sorted partition of
    :func:`route_batch`'s output is; a recipient's lines may span batches.

    Yields batches of :func:`audit_schema`: one row a message (``verdict`` is its line of
    ``fairtouch audit``'s ``verdicts.jsonl``) and one row an invalid line (``error`` says which
    field and why, ``line`` where).
    """
    pa = _pa()
    auditor = Auditor(engine)
    schema = audit_schema()
    for batch in batches:
        out = auditor.push(batch.column(value).to_pylist(), batch.column(line).to_pylist())
        n_err = len(out["error_line"])
        errors = [f"{p}: {m}" for p, m in zip(out["error_path"], out["error_message"])]
        yield pa.record_batch(
            [
                pa.array(list(out["line"]) + list(out["error_line"]), pa.int64()),
                pa.array(list(out["id"]) + [None] * n_err, pa.string()),
                pa.array(list(out["campaign"]) + [None] * n_err, pa.string()),
                pa.array(list(out["decision"]) + [None] * n_err, pa.string()),
                pa.array(list(out["verdict"]) + [None] * n_err, pa.string()),
                pa.array([None] * len(out["line"]) + errors, pa.string()),
            ],
            schema=schema,
        )


def audit_table(engine: Engine, lines: "pa.Table", value: str = "value", line: str = "line") -> "pa.Table":
    """Audits a whole log held in memory (a table of ``value`` strings and ``line`` numbers):
    routes, sorts by (recipient, time, line), audits, and returns the rows sorted by line."""
    pa = _pa()
    routed = pa.Table.from_batches([route_batch(b, value, line) for b in lines.to_batches()])
    ordered = routed.sort_by([("recipient", "ascending"), ("at", "ascending"), ("line", "ascending")])
    out = pa.Table.from_batches(
        list(audit_batches(engine, ordered.to_batches(), "value", "line")), schema=audit_schema()
    )
    return out.sort_by([("line", "ascending")])
