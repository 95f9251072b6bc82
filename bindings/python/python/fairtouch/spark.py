"""Auditing a log of past messages on Spark, with the verdicts ``fairtouch audit`` gives.

Needs ``pyspark`` and ``pyarrow`` (``pip install 'fairtouch[spark]'``) and a Java runtime.

The job: each log line's recipient and time are read off it (``mapInArrow`` over
:func:`fairtouch.arrow.route_batch`), the lines are repartitioned by recipient and sorted within
partitions by (recipient, time, line), and each partition is audited by the engine's own history
builder (``mapInArrow`` over :func:`fairtouch.arrow.audit_batches`). Nothing of the audit is
written in Python: the history of each message is built by the same Rust code as the CLI's.

>>> from fairtouch.spark import audit, read_log
>>> verdicts = audit(read_log(spark, "campaign.jsonl"))   # a DataFrame of AUDIT_SCHEMA_DDL
>>> verdicts.groupBy("decision").count().show()

From the command line, in local mode (one worker per core; ``--cores N`` for fewer)::

    python -m fairtouch.spark campaign.jsonl out/      # out/part-*.txt: verdicts.jsonl's lines
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Dict, Iterator, Optional

from .arrow import AUDIT_SCHEMA_DDL, audit_batches, route_batch

__all__ = ["audit", "read_log", "main", "AUDIT_SCHEMA_DDL"]

ROUTED_SCHEMA_DDL = "line long, value string, recipient string, at long"

_ENGINES: Dict[str, Any] = {}


def _engine(options: Optional[Dict[str, Any]]) -> Any:
    """The engine of these options, built once per Python worker process."""
    import fairtouch

    key = repr(sorted((options or {}).items()))
    if key not in _ENGINES:
        _ENGINES[key] = fairtouch.Engine(**(options or {}))
    return _ENGINES[key]


def read_log(spark: Any, path: str) -> Any:
    """A log file as a DataFrame of ``line`` (its 1-based number, which breaks ties between lines
    of the same instant, as in ``fairtouch audit``) and ``value`` (the line's text).

    Lines are numbered in the JVM, without a pass through Python: the splits of a file are read
    in file order, so a line's number is the lines of the splits before its own plus its place
    in its split (``monotonically_increasing_id`` holds the split in its upper bits). The file is
    read twice (once to count the lines of each split), which is cheaper than caching it."""
    from pyspark.sql import functions as F

    text = (
        spark.read.text(path)
        .withColumn("_split", F.spark_partition_id())
        .withColumn("_id", F.monotonically_increasing_id())
    )
    counts = sorted((r["_split"], r["count"]) for r in text.groupBy("_split").count().collect())
    offsets, total = [], 0
    for split, n in counts:
        offsets.append((split, total))
        total += n
    starts = spark.createDataFrame(offsets or [(0, 0)], "_split int, _offset long")
    place = F.col("_id") - F.shiftleft(F.col("_split").cast("long"), 33)
    return text.join(F.broadcast(starts), "_split").select(
        (F.col("_offset") + place + 1).alias("line"), F.col("value")
    )


def audit(lines: Any, engine_options: Optional[Dict[str, Any]] = None, partitions: Optional[int] = None) -> Any:
    """Audits a DataFrame of log lines (``line`` long, ``value`` string) and returns a DataFrame
    of :data:`AUDIT_SCHEMA_DDL`: a row a message (``verdict`` is its ``verdicts.jsonl`` line)
    and a row an invalid line (``error``). ``engine_options`` are ``fairtouch.Engine``'s keyword
    arguments (``packs``, ``overrides``, ...)."""

    def route(batches: Iterator[Any]) -> Iterator[Any]:
        for b in batches:
            yield route_batch(b)

    def judge(batches: Iterator[Any]) -> Iterator[Any]:
        yield from audit_batches(_engine(engine_options), batches)

    routed = lines.select("line", "value").mapInArrow(route, ROUTED_SCHEMA_DDL)
    parted = routed.repartition(partitions, "recipient") if partitions else routed.repartition("recipient")
    ordered = parted.sortWithinPartitions("recipient", "at", "line")
    return ordered.mapInArrow(judge, AUDIT_SCHEMA_DDL)


def main(argv: Optional[list] = None) -> int:  # type: ignore[type-arg]
    """``python -m fairtouch.spark LOG OUT``: the audit in local mode; the verdicts, as JSON lines
    in log order, under ``OUT``; invalid lines on stderr. Exit status as ``fairtouch audit``'s: 0
    nothing blocked, 1 something blocked, 2 invalid lines or bad usage."""
    parser = argparse.ArgumentParser(prog="python -m fairtouch.spark", description=main.__doc__)
    parser.add_argument("log", help="the log: JSON Lines, one message or event a line, any order")
    parser.add_argument("out", help="the directory to write the verdicts to (replaced)")
    parser.add_argument("--cores", type=int, default=0, help="local cores (default: all)")
    parser.add_argument("--partitions", type=int, default=0, help="partitions of the audit (default: 4 a core)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    master = f"local[{args.cores}]" if args.cores else "local[*]"
    spark = (
        SparkSession.builder.master(master)
        .appName("fairtouch-audit")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", str(args.partitions or 8))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    cores = spark.sparkContext.defaultParallelism
    partitions = args.partitions or 4 * cores
    result = audit(read_log(spark, args.log), partitions=partitions).cache()
    result.where("verdict is not null").orderBy("line").select("verdict").write.mode(
        "overwrite"
    ).text(args.out)
    errors = result.where("error is not null").orderBy("line").select("line", "error").collect()
    counts = {r["decision"]: r["count"] for r in result.groupBy("decision").count().collect()}
    seconds = time.perf_counter() - started
    for e in errors:
        print(f"fairtouch: {args.log}:{e['line']}: {e['error']}", file=sys.stderr)
    messages = sum(n for d, n in counts.items() if d is not None)
    print(
        f"{messages} messages audited in {seconds:.1f} s on {cores} cores "
        f"({messages / max(seconds, 1e-9) / max(cores, 1):,.0f} messages a second a core): "
        f"{counts.get('allow', 0)} allowed, {counts.get('warn', 0)} warned, {counts.get('block', 0)} blocked; "
        f"verdicts under {args.out}"
    )
    spark.stop()
    if errors:
        return 2
    return 1 if counts.get("block", 0) else 0


if __name__ == "__main__":
    sys.exit(main())
