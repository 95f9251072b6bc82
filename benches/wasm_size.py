"""What the bytes of the WebAssembly module are: sections, and code per crate.

    bash bindings/wasm/build.sh
    python3 benches/wasm_size.py [target/wasm/wasm32-unknown-unknown/release/fairtouch_wasm.wasm]

Reads the module cargo wrote (before wasm-bindgen removes the name section), so that every
function has its (mangled) name. Prints each section's size raw and gzipped on its own, then
the code section by crate (the first path segment of the demangled name; `?` for names that
cannot be read). Standard library only; a rough cut of what `twiggy top` gives.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
            7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}


def leb(b: bytes, i: int) -> Tuple[int, int]:
    n = shift = 0
    while True:
        byte = b[i]
        i += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return n, i


def crate_of(name: str) -> str:
    """The crate of a legacy-mangled Rust symbol (`_ZN9fairtouch6engine...`), else `?`."""
    m = re.match(r"_ZN(\d+)", name)
    if m:
        n = int(m.group(1))
        start = m.end()
        head = name[start:start + n]
        if head.startswith("_$LT$"):  # <impl Trait for Type>: the type's crate
            inner = re.match(r"_\$LT\$([A-Za-z0-9_]+)", head)
            return inner.group(1) if inner else "?"
        return head
    if name.startswith("_R"):
        m = re.search(r"C(?:s[0-9a-zA-Z_]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)", name)
        if m:
            return m.group(2)[: int(m.group(1))]
    return name if not name.startswith("_") else "?"


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "target/wasm/wasm32-unknown-unknown/release/fairtouch_wasm.wasm")
    b = path.read_bytes()
    assert b[:4] == b"\0asm", f"{path} is not a WebAssembly module"
    i = 8
    sections: List[Tuple[str, int, int]] = []
    imported_funcs = 0
    bodies: List[int] = []
    names: Dict[int, str] = {}
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        body = b[j:j + size]
        label = SECTIONS.get(sid, str(sid))
        if sid == 0:
            nlen, k = leb(body, 0)
            cname = body[k:k + nlen].decode()
            label = f"custom:{cname}"
            if cname == "name":
                k += nlen
                while k < len(body):
                    sub = body[k]
                    slen, k = leb(body, k + 1)
                    if sub == 1:
                        count, m = leb(body, k)
                        for _ in range(count):
                            idx, m = leb(body, m)
                            ln, m = leb(body, m)
                            names[idx] = body[m:m + ln].decode(errors="replace")
                            m += ln
                    k += slen
        elif sid == 2:
            count, k = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    ln, k = leb(body, k)
                    k += ln
                kind = body[k]
                k += 1
                if kind == 0:
                    _, k = leb(body, k)
                    imported_funcs += 1
                elif kind == 1:
                    k += 1
                    flags, k = leb(body, k)
                    _, k = leb(body, k)
                    if flags & 1:
                        _, k = leb(body, k)
                elif kind == 2:
                    flags, k = leb(body, k)
                    _, k = leb(body, k)
                    if flags & 1:
                        _, k = leb(body, k)
                else:
                    k += 2
        elif sid == 10:
            count, k = leb(body, 0)
            for _ in range(count):
                ln, k = leb(body, k)
                bodies.append(ln)
                k += ln
        sections.append((label, size, len(gzip.compress(body, 9))))
        i = j + size
    total = len(b)
    print(f"{path}: {total:,} bytes raw, {len(gzip.compress(b, 9)):,} gzip -9 (whole file)\n")
    print("| section | bytes | share | gzip -9 alone |")
    print("|---|---:|---:|---:|")
    for label, size, gz in sorted(sections, key=lambda s: -s[1]):
        if size >= 1000:
            print(f"| {label} | {size:,} | {100 * size / total:.1f}% | {gz:,} |")
    by_crate: Dict[str, int] = defaultdict(int)
    for n, size in enumerate(bodies):
        by_crate[crate_of(names.get(imported_funcs + n, "?"))] += size
    code = sum(bodies)
    print(f"\n| code by crate ({len(bodies):,} functions, {code:,} bytes) | bytes | share of code |")
    print("|---|---:|---:|")
    for crate, size in sorted(by_crate.items(), key=lambda kv: -kv[1])[:15]:
        print(f"| {crate} | {size:,} | {100 * size / code:.1f}% |")


if __name__ == "__main__":
    main()
