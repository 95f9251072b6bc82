"""Writes the conformance corpus (tests/cases/**/*.json) as JSON Lines, for the artifact tests.

    python3 scripts/artifacts/corpus.py tests/cases OUT

OUT/corpus.jsonl holds one attempt a line (the case's `attempt`, as compact JSON), and
OUT/names.txt the case of each line (its path under tests/cases), in the same order.
"""
import json
import pathlib
import sys

cases, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
files = sorted(p for p in cases.rglob("*.json"))
with open(out / "corpus.jsonl", "w", encoding="utf-8") as corpus, open(out / "names.txt", "w", encoding="utf-8") as names:
    for path in files:
        attempt = json.loads(path.read_text(encoding="utf-8"))["attempt"]
        corpus.write(json.dumps(attempt, ensure_ascii=False, separators=(",", ":")) + "\n")
        names.write(path.relative_to(cases).as_posix() + "\n")
print(f"{len(files)} cases of {cases} -> {out}/corpus.jsonl")
