#!/usr/bin/env python3
"""Writes tests/data/holidays-reference.json: an independent reference for the public-holiday
calendars of crates/fairtouch/src/holidays.rs, taken from the PyPI package `holidays`.

    python3 -m venv /tmp/ftvenv
    /tmp/ftvenv/bin/pip install holidays==0.109
    /tmp/ftvenv/bin/python tests/data/holidays_reference.py

Conventions (how the package's output is turned into the engine's calendars):

* us-federal: holidays.US(), no subdivision, category "public" (5 U.S.C. 6103(a); no
  Inauguration Day, which the package only gives DC, MD and VA). The package lists both a
  holiday's actual date and its "(observed)" date. Federal employees are off on the observed
  day only (Saturday -> preceding Friday, Sunday -> following Monday; 5 U.S.C. 6103(b) and
  Executive Order 11582), so dates falling on a Saturday or Sunday are dropped: what remains
  is exactly the set of observed weekdays. A Saturday 1 January is observed on Friday
  31 December of the previous year, which the package already lists in that previous year.
* fr: holidays.France() without subdivision = metropolitan France (Code du travail L3133-1);
  the Alsace-Moselle extras (Good Friday, 26 December) come only with subdivision "57" etc.
* pe: holidays.Peru(), category "public", listed as the package gives it.

Deliberate differences between this reference and the engine (also listed, with the same
reasons, in crates/fairtouch/tests/holidays.rs, and in the JSON under "differences"):

* pe: the package lists Easter Sunday ("Domingo de Resurrección"). It is not a feriado:
  D. Leg. 713 art. 6 lists Jueves Santo and Viernes Santo only (and it is a Sunday anyway).
  The engine does not list it.

Checked and agreeing with the law (no exception needed):
* pe 7 June (Batalla de Arica y Día de la Bandera): Ley 31788, published 15 June 2023, after
  that year's 7 June, so first a feriado in 2024 (the package and the engine agree; the
  regulations note "added 2023" refers to the law's date).
* pe 23 July (Día de la Fuerza Aérea del Perú): Ley 31822, published 8 July 2023, from 2023.
* pe 6 August and 9 December (Junín, Ayacucho): Ley 31530, from 2022.
* us-federal Juneteenth: Pub. L. 117-17 (17 June 2021), first observed Friday 18 June 2021.
"""

import datetime
import json
import os

import holidays

YEARS = range(2020, 2041)
HERE = os.path.dirname(os.path.abspath(__file__))


def us_federal(year):
    cal = holidays.US(years=year, observed=True)
    return sorted(d for d in cal if d.year == year and d.weekday() < 5)


def france(year):
    cal = holidays.France(years=year)
    return sorted(d for d in cal if d.year == year)


def peru(year):
    cal = holidays.Peru(years=year)
    return sorted(d for d in cal if d.year == year)


def main():
    out = {
        "source": "python holidays %s" % holidays.__version__,
        "generated": datetime.date.today().isoformat(),
        "generator": "tests/data/holidays_reference.py",
        "conventions": {
            "us-federal": "holidays.US(observed=True), weekend dates dropped: observed dates only",
            "fr": "holidays.France() without subdivision: metropolitan, no Alsace-Moselle",
            "pe": "holidays.Peru() as given",
        },
        "differences": [],
    }
    for cal_id, fn in (("us-federal", us_federal), ("fr", france), ("pe", peru)):
        out[cal_id] = {str(y): [d.isoformat() for d in fn(y)] for y in YEARS}
    for y in YEARS:
        pe = holidays.Peru(years=y)
        easter = [d for d, name in pe.items() if "Resurrección" in name or "Easter" in name]
        for d in sorted(easter):
            out["differences"].append({
                "calendar": "pe",
                "date": d.isoformat(),
                "in": "reference only",
                "reason": "Easter Sunday is not a feriado under D. Leg. 713 art. 6",
            })
    path = os.path.join(HERE, "holidays-reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
