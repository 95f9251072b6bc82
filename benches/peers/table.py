"""Merges the measurements of run.sh into one markdown table and checks that the peers agree
with fairtouch. Exits 1 if the Rego or the hand-written Python peer disagrees with fairtouch on
any case (decision, or which of the six checks fired), or if fairtouch from Python disagrees
with fairtouch from Rust.

    python3 table.py RUST.json PYTHON.json WASM.json|-
"""

from __future__ import annotations

import json
import sys
from typing import Any, Dict, Optional


def load(path: str) -> Optional[Dict[str, Any]]:
    if path == "-":
        return None
    text = open(path).read().strip()
    return json.loads(text.splitlines()[-1]) if text else None


def main() -> int:
    rust = load(sys.argv[1])
    py = load(sys.argv[2])
    wasm = load(sys.argv[3])
    assert rust is not None
    native = rust["ns"]["evaluate"]

    def row(name: str, ns: Optional[float]) -> None:
        if ns is None:
            print(f"| {name} | not built | |")
        else:
            print(f"| {name} | {ns / 1000:.2f} | {ns / native:.2f}x |")

    print("| path (benches/fixtures/sms_attempt.json) | µs per attempt | × native evaluate |")
    print("| --- | ---: | ---: |")
    row("fairtouch, Rust `Engine::evaluate` (parsed attempt)", native)
    row("fairtouch, Rust, JSON text in (`json::evaluate`)", rust["ns"]["json_evaluate"])
    pns = py["ns"] if py else {}
    row("fairtouch, Python, JSON string", pns.get("python_json"))
    row("fairtouch, Python, dict", pns.get("python_dict"))
    row("fairtouch, Python, `evaluate_many` per attempt (CPU of all threads)", pns.get("python_many"))
    row("fairtouch, WebAssembly in Node, object", wasm and wasm["object_ns"])
    row("fairtouch, WebAssembly in Node, JSON text", wasm and wasm["json_ns"])
    row("regorus (Rego), 6 of the US checks only, parsed input", rust["ns"]["regorus_value"])
    row("regorus (Rego), 6 of the US checks only, JSON text in", rust["ns"]["regorus_json"])
    row("hand-written Python, the same 6 checks", pns.get("handwritten"))
    print()
    print("CPU time (thread CPU time; `process.cpuUsage()` in Node; the CPU time of all threads for "
          "`evaluate_many`), best of several rounds: the machine may be shared, and time spent waiting "
          "for a core is not counted. fairtouch runs every rule of every applicable default pack; the "
          "peers run 6 checks, simplified (README.md).")
    print()

    def show(o: Dict[str, Any]) -> str:
        rules = ", ".join(r.split(".", 1)[1] for r in o["rules"])
        return f"{o['decision']}" + (f" ({rules})" if rules else "")

    py_cases = {c["name"]: c for c in py["cases"]} if py else {}
    failures = []
    print("| case | fairtouch | Rego (regorus) | hand-written Python |")
    print("| --- | --- | --- | --- |")
    for case in rust["cases"]:
        name, ft, rego = case["name"], case["fairtouch"], case["rego"]
        pc = py_cases.get(name)
        hand = pc["handwritten"] if pc else None
        cells = [show(ft)]
        for peer_name, peer in (("Rego", rego), ("hand-written Python", hand)):
            if peer is None:
                cells.append("not run")
                continue
            same = peer["decision"] == ft["decision"] and peer["rules"] == ft["rules"]
            cells.append(("" if same else "**differs**: ") + show(peer))
            if not same:
                failures.append(f"{name}: {peer_name} says {show(peer)}, fairtouch {show(ft)}"
                                + (f" (other fairtouch findings: {', '.join(ft['other_findings'])})"
                                   if ft["other_findings"] else ""))
        if pc and (pc["fairtouch_python"]["decision"] != ft["decision"] or pc["fairtouch_python"]["rules"] != ft["rules"]):
            failures.append(f"{name}: fairtouch from Python says {show(pc['fairtouch_python'])}, from Rust {show(ft)}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if wasm and wasm["decision"] != rust["cases"][0]["fairtouch"]["decision"]:
        failures.append(f"WebAssembly decides {wasm['decision']} on the SMS fixture")
    print()
    if failures:
        print(f"DISAGREEMENT on {len(failures)} point(s):")
        for f in failures:
            print(f"- {f}")
        return 1
    also = [name for name, ran in (("Python", py), ("WebAssembly (SMS fixture)", wasm)) if ran]
    print(f"All peers agree with fairtouch on all {len(rust['cases'])} cases (decision, and which of the six "
          "checks fired)" + (f"; fairtouch from {' and '.join(also)} decides as from Rust." if also else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
