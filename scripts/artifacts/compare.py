"""Compares one package's answers to the corpus with the CLI's, line by line.

    python3 compare.py LABEL names.txt cli.jsonl answers.jsonl

cli.jsonl is `fairtouch check --jsonl corpus.jsonl --format json`: a verdict a line, or
`{"line": N, "error": {"path": ..., "message": ...}}` for an attempt the engine refuses.
answers.jsonl is the package's: a verdict a line, or `{"error": {"path": ..., "message": ...}}`.
A verdict must be byte for byte the CLI's (all of them print the engine's `Verdict::to_json()`);
a refused attempt must be refused by both, at the same JSON path.
"""
import json
import sys

label, names_file, cli_file, got_file = sys.argv[1:5]
names = open(names_file, encoding="utf-8").read().splitlines()
cli = open(cli_file, encoding="utf-8").read().splitlines()
got = open(got_file, encoding="utf-8").read().splitlines()
if not (len(names) == len(cli) == len(got)):
    sys.exit(f"{label}: {len(got)} answers for {len(names)} cases (the CLI gave {len(cli)})")


def error_path(line):
    value = json.loads(line)
    return value["error"].get("path") if isinstance(value, dict) and "error" in value else None


bad, errors = [], 0
for name, want, have in zip(names, cli, got):
    want_error, have_error = error_path(want), error_path(have)
    if want_error is not None or have_error is not None:
        errors += 1
        if want_error != have_error:
            bad.append(f"  {name}: the CLI refused at {want_error!r}, {label} at {have_error!r}")
    elif want != have:
        bad.append(f"  {name}:\n    CLI:   {want[:300]}\n    {label}: {have[:300]}")
if bad:
    print(f"{label}: {len(bad)} of {len(names)} cases differ from the CLI:", *bad[:10], sep="\n", file=sys.stderr)
    sys.exit(1)
print(f"{label}: {len(names)} cases, the CLI's answer to each ({len(names) - errors} verdicts byte for byte, {errors} refusals at the same path)")
