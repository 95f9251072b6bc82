"""The corpus through the installed `fairtouch` Python package: one verdict (`Verdict.to_json()`)
a line, or {"error": {"path": ..., "message": ...}} for an attempt the engine refuses.
Usage: python run_corpus.py corpus.jsonl > answers.jsonl (from a folder outside any clone)."""
import json
import pathlib
import sys

import fairtouch

# The package must be the installed one, not a source tree that happens to be on the path.
location = pathlib.Path(fairtouch.__file__).resolve()
if pathlib.Path(sys.prefix).resolve() not in location.parents:
    sys.exit(f"fairtouch was imported from {location}, outside the environment {sys.prefix}")
print(f"fairtouch {fairtouch.__version__} from {location.parent}", file=sys.stderr)

engine = fairtouch.Engine()
with open(sys.argv[1], encoding="utf-8") as corpus:
    for line in corpus:
        try:
            print(engine.evaluate(line.rstrip("\n")).to_json())
        except fairtouch.InvalidAttempt as e:
            print(json.dumps({"error": {"path": e.path, "message": e.message}}, ensure_ascii=False))
