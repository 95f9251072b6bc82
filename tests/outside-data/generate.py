#!/usr/bin/env python3
"""Write the outside word and name lists that `crates/fairtouch/tests/outside_data.rs` reads.

Data nobody on this project wrote: the most frequent words of English, Spanish and French
(`wordfreq`) and the most common first and last names of the United States, Spain, Mexico, Peru
and France (`names-dataset`). Run it with any Python 3.11:

    python3.11 tests/outside-data/generate.py

It makes its own virtual environment in `tests/outside-data/.venv` (git-ignored), installs the
pinned packages from PyPI into it, re-runs itself there and writes, next to this file:

    words-en.txt, words-es.txt, words-fr.txt   one word a line, in frequency order
    names-first.txt, names-last.txt            `name<TAB>countries` lines, sorted by name

The output is deterministic for the pinned versions (the packages ship their data), so a re-run
changes no checked-in file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
PINNED = ["wordfreq==3.1.1", "names-dataset==3.3.1"]
LANGS = ["en", "es", "fr"]
TOP_WORDS = 40_000
COUNTRIES = ["US", "ES", "MX", "PE", "FR"]
TOP_NAMES = 1_000  # per country; for first names, per country and per gender


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    """Create the venv and install the pinned packages, then re-run this script inside it."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not venv_python().exists():
        print(f"creating {VENV}", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINNED],
        check=True,
    )
    os.execv(str(venv_python()), [str(venv_python()), str(Path(__file__).resolve()), *sys.argv[1:]])


def write_lines(name: str, lines: list[str]) -> None:
    path = HERE / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{path.relative_to(HERE.parent.parent)}: {len(lines)} lines", file=sys.stderr)


def words() -> None:
    import wordfreq

    for lang in LANGS:
        top = wordfreq.top_n_list(lang, TOP_WORDS)
        # Alphabetic words only (letters of any script, so "déjà" and "año" stay; "3d", "n't",
        # "e-mail" and "l'homme" go), each once, in frequency order.
        seen: set[str] = set()
        kept = []
        for w in top:
            if w.isalpha() and w not in seen:
                seen.add(w)
                kept.append(w)
        write_lines(f"words-{lang}.txt", kept)


def names() -> None:
    from names_dataset import NameDataset

    nd = NameDataset()
    for kind, first in (("first", True), ("last", False)):
        countries: dict[str, set[str]] = {}
        for country in COUNTRIES:
            if first:
                top = nd.get_top_names(n=TOP_NAMES, use_first_names=True, country_alpha2=country)
                per_country = top.get(country, {})
                found = per_country.get("M", []) + per_country.get("F", [])
            else:
                top = nd.get_top_names(n=TOP_NAMES, use_first_names=False, country_alpha2=country)
                found = top.get(country, [])
            for name in found:
                name = " ".join(name.split())
                # Names as a person writes them: letters, with inner spaces, hyphens or
                # apostrophes ("De La Cruz", "Jean-Pierre", "O'Brien"); no digits or symbols.
                if not name or not all(c.isalpha() or c in " -'" for c in name):
                    continue
                countries.setdefault(name, set()).add(country)
        lines = [f"{n}\t{','.join(c for c in COUNTRIES if c in cs)}" for n, cs in sorted(countries.items())]
        write_lines(f"names-{kind}.txt", lines)


def main() -> None:
    ensure_venv()
    words()
    names()


if __name__ == "__main__":
    main()
