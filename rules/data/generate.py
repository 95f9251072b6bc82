#!/usr/bin/env python3
"""Regenerates the generated tables in rules/data.

Generated here (do not edit by hand; re-run this script instead):

  country-zones.tsv    CC<TAB>Zone1 Zone2 ...         from the system tz database's zone.tab
  nanp-area-codes.tsv  AREA<TAB>CC<TAB>REGION<TAB>Zones from the `phonenumbers` package
  calling-codes.tsv    CODE<TAB>CC                     from the `phonenumbers` package
  nyc-zip-codes.txt    one ZIP code per line           from the `zipcodes` package

Hand-written (not touched by this script): us-regions.tsv.

Requirements: Python 3.9+ (zoneinfo), the system tz database in /usr/share/zoneinfo
(Debian package `tzdata`), and the PyPI packages `phonenumbers` and `zipcodes` (the latter
ships its ZIP data inside the wheel, so no download at run time). Install them in a
throwaway virtual environment, e.g.

    python3 -m venv /tmp/ftvenv
    /tmp/ftvenv/bin/pip install phonenumbers zipcodes
    /tmp/ftvenv/bin/python rules/data/generate.py

Usage: generate.py [--zoneinfo DIR] [--out DIR]
"""

import argparse
import datetime
import os
import re
import sys
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import phonenumbers
import zipcodes
from phonenumbers import PhoneNumberType
from phonenumbers.geodata import GEOCODE_DATA
from phonenumbers.tzdata import TIMEZONE_DATA

HERE = os.path.dirname(os.path.abspath(__file__))

# US states, DC and Canadian provinces/territories as libphonenumber's English geocoder
# spells them (including its spelling variants).
REGION_NAMES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA",
    "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD",
    "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS",
    "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "Washington State": "WA", "West Virginia": "WV",
    "Wisconsin": "WI", "Wyoming": "WY", "Washington D.C.": "DC", "District of Columbia": "DC",
    "Alberta": "AB", "British Columbia": "BC", "British Colombia": "BC", "Manitoba": "MB",
    "New Brunswick": "NB", "Newfoundland and Labrador": "NL", "Nova Scotia": "NS",
    "Northwest Territories": "NT", "Nunavut": "NU", "Ontario": "ON",
    "Prince Edward Island": "PE", "Quebec": "QC", "Saskatchewan": "SK", "Yukon": "YT",
}
US_CODES = {v for k, v in REGION_NAMES.items()} - {
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}
CA_CODES = {"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}

GEOGRAPHIC_TYPES = {
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
}

NYC_COUNTIES = ("New York County", "Kings County", "Queens County", "Bronx County",
                "Richmond County")


def tzdata_version(zoneinfo_dir):
    with open(os.path.join(zoneinfo_dir, "tzdata.zi"), encoding="ascii") as f:
        first = f.readline().strip()
    m = re.match(r"#\s*version\s+(\S+)", first)
    return m.group(1) if m else "unknown"


def header(lines, today):
    return "".join("# " + line + "\n" if line else "#\n" for line in lines + [
        "Generated on %s by rules/data/generate.py; do not edit by hand." % today])


def country_zones(zoneinfo_dir):
    """{CC: [zones in zone.tab order]} from zone.tab (one country code per row)."""
    zones = defaultdict(list)
    with open(os.path.join(zoneinfo_dir, "zone.tab"), encoding="ascii") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            cc, zone = cols[0], cols[2]
            if zone not in zones[cc]:
                zones[cc].append(zone)
    return dict(zones)


def region_of(desc):
    """'Chicago, IL' -> 'IL'; 'Tennessee' -> 'TN'; anything else -> None."""
    m = re.fullmatch(r".*, ([A-Z]{2})", desc)
    if m:
        return m.group(1)
    return REGION_NAMES.get(desc)


def nanp_area_codes():
    """[(area, cc, region or '-', [zones])] for the geographic NANP area codes."""
    rows = []
    for a in range(200, 1000):
        area = str(a)
        types, ccs = Counter(), Counter()
        for exchange in range(200, 1000):
            n = phonenumbers.parse("+1%s%d0100" % (area, exchange))
            if phonenumbers.is_valid_number(n):
                types[phonenumbers.number_type(n)] += 1
                ccs[phonenumbers.region_code_for_number(n)] += 1
        if not any(t in GEOGRAPHIC_TYPES for t in types):
            continue  # unassigned, or non-geographic (toll free, 5XX, 600, 900, ...)
        if len(ccs) != 1:
            sys.exit("area code %s maps to several countries: %s" % (area, ccs))
        cc = next(iter(ccs))
        prefix = "1" + area
        # Zones: the union over every prefix of the area code (libphonenumber refines some
        # area codes exchange by exchange, e.g. 423 is Central at area-code level but most
        # exchanges are Eastern), plus the area-code entry itself.
        zones = set()
        for key, value in TIMEZONE_DATA.items():
            if key.startswith(prefix) or (prefix.startswith(key) and len(key) > 1):
                zones.update(value)
        zones.discard("Etc/Unknown")
        if not zones:
            sys.exit("area code %s: no time zone in phonenumbers" % area)
        region = "-"
        if cc in ("US", "CA"):
            own = GEOCODE_DATA.get(prefix, {}).get("en")
            regions = set()
            if own is not None:
                # The area-code entry wins; "Nova Scotia/Prince Edward Island" names several.
                for part in own.split("/"):
                    r = region_of(part)
                    if r is None:
                        sys.exit("area code %s: unknown region %r" % (area, own))
                    regions.add(r)
            else:
                votes = Counter()
                for key, value in GEOCODE_DATA.items():
                    if key.startswith(prefix):
                        r = region_of(value.get("en", ""))
                        if r is not None:
                            votes[r] += 1
                if not votes:
                    sys.exit("area code %s: no region in phonenumbers" % area)
                regions = {votes.most_common(1)[0][0]}
            allowed = US_CODES if cc == "US" else CA_CODES
            if not regions <= allowed:
                sys.exit("area code %s: region %s is not in %s" % (area, regions, cc))
            # An area code spanning several provinces (867, 902, 782) gets no region: the
            # engine then relies on the country and the zones.
            region = regions.pop() if len(regions) == 1 else "-"
        rows.append((area, cc, region, sorted(zones)))
    return rows


def offsets(zone):
    """UTC offsets of a zone every 6 hours from 2000 to 2040 (to compare zones' behaviour)."""
    tz = ZoneInfo(zone)
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    step = datetime.timedelta(hours=6)
    return tuple(
        (start + i * step).astimezone(tz).utcoffset() for i in range(0, 4 * 366 * 41))


def national_lengths():
    """{code: set of possible national significant number lengths}."""
    out = {}
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        lengths = set()
        for region in regions:
            if region == "001":
                meta = phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code)
            else:
                meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
            if meta is None or meta.general_desc is None:
                continue
            lengths.update(meta.general_desc.possible_length or ())
        if lengths:
            out[code] = lengths
    return out


def calling_codes(zones_by_country):
    """{code: CC}: a calling code maps to a country when it is the code's only region, or
    when it is the code's main region, has a single zone, and every other region of the code
    keeps the same UTC offsets (2000-2040): 44 GB (GG, IM, JE), 39 IT (VA), 358 FI (AX), ..."""
    out = {}
    cache = {}

    def offs(z):
        if z not in cache:
            cache[z] = offsets(z)
        return cache[z]

    for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()):
        if code == 1 or "001" in regions:
            continue  # NANP, and non-geographic codes (800, 808, 870, 881, ...)
        main = regions[0]
        if main not in zones_by_country:
            continue
        if len(regions) == 1:
            out[code] = main
            continue
        main_zones = zones_by_country[main]
        if len(main_zones) != 1:
            continue
        others = [z for r in regions[1:] for z in zones_by_country.get(r, [None])]
        if None in others:
            continue  # a region without zones (e.g. TA, Tristan da Cunha): do not guess
        if all(offs(z) == offs(main_zones[0]) for z in others):
            out[code] = main
    return out


def nyc_zip_codes():
    rows = [z for z in zipcodes.filter_by(state="NY") if z["county"] in NYC_COUNTIES]
    return sorted({z["zip_code"] for z in rows})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zoneinfo", default="/usr/share/zoneinfo")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    today = datetime.date.today().isoformat()
    version = tzdata_version(args.zoneinfo)
    pn = "phonenumbers %s (Python port of Google's libphonenumber)" % phonenumbers.__version__

    zones = country_zones(args.zoneinfo)
    with open(os.path.join(args.out, "country-zones.tsv"), "w", encoding="utf-8") as f:
        f.write(header([
            "Every IANA time zone of each ISO 3166-1 alpha-2 country: CC<TAB>Zone1 Zone2 ...",
            "Source: %s/zone.tab (one row per country and zone), tz database %s"
            % (args.zoneinfo, version),
            "(from %s/tzdata.zi). Zones are in zone.tab order (most populous first)."
            % args.zoneinfo,
        ], today))
        for cc in sorted(zones):
            f.write("%s\t%s\n" % (cc, " ".join(zones[cc])))

    rows = nanp_area_codes()
    with open(os.path.join(args.out, "nanp-area-codes.tsv"), "w", encoding="utf-8") as f:
        f.write(header([
            "Geographic North American Numbering Plan area codes: AREA<TAB>CC<TAB>REGION<TAB>Zones",
            "Source: %s." % pn,
            "An area code is listed when some +1 AREA EXCHANGE 0100 number is valid and of a",
            "geographic type (fixed line or mobile); toll free (8XX), 5XX, 600, 900 etc. are not.",
            "CC: region_code_for_number. REGION: the US state/DC or Canadian province/territory",
            "from the English geocoder (area-code entry, else the most frequent exchange entry);",
            "'-' outside the US and Canada and for area codes spanning several provinces",
            "(867: YT/NT/NU; 902 and 782: NS/PE). Zones: union of the time zones libphonenumber",
            "gives the area code and any of its exchanges (time_zones_for_number data).",
        ], today))
        for area, cc, region, zs in rows:
            f.write("%s\t%s\t%s\t%s\n" % (area, cc, region, " ".join(zs)))

    codes = calling_codes(zones)
    with open(os.path.join(args.out, "calling-codes.tsv"), "w", encoding="utf-8") as f:
        f.write(header([
            "Country calling codes that designate one country: CODE<TAB>CC",
            "Source: %s, COUNTRY_CODE_TO_REGION_CODE." % pn,
            "A code is listed when it has a single region, or when its main (first) region has",
            "a single zone and every other region of the code keeps the same UTC offsets from",
            "2000 to 2040 (tz database %s): 39 IT (+VA), 44 GB (+GG, IM, JE), 358 FI (+AX) ..."
            % version,
            "Not listed: 1 (NANP), shared codes with different clocks (7, 61, 262, ...) and",
            "non-geographic codes (800, 870, 881, ...).",
        ], today))
        for code in sorted(codes):
            f.write("%d\t%s\n" % (code, codes[code]))

    lengths = national_lengths()
    with open(os.path.join(args.out, "phone-lengths.tsv"), "w", encoding="utf-8") as f:
        f.write(header([
            "Possible lengths of the national significant number for every country calling code:",
            "CODE<TAB>LENGTHS (comma-separated). Source: %s metadata (PhoneMetadata" % pn,
            "general_desc.possible_length, union over the regions sharing the code, including",
            "non-geographic codes). The engine checks international numbers against it instead",
            "of linking libphonenumber itself (2 MB in WebAssembly).",
        ], today))
        for code in sorted(lengths):
            f.write("%d\t%s\n" % (code, ",".join(str(n) for n in sorted(lengths[code]))))

    zips = nyc_zip_codes()
    with open(os.path.join(args.out, "nyc-zip-codes.txt"), "w", encoding="utf-8") as f:
        f.write(header([
            "ZIP codes of New York City (the five boroughs), one per line.",
            "Source: PyPI package zipcodes %s (USPS-derived data shipped in the wheel): every"
            % getattr(zipcodes, "__version__", "?"),
            "NY ZIP code, of any type (standard, PO box, unique) and active or not, whose county",
            "is New York (Manhattan), Kings (Brooklyn), Queens, Bronx or Richmond (Staten Island).",
            "A ZIP code straddling the city line is listed under its main county only.",
        ], today))
        for z in zips:
            f.write(z + "\n")

    print("country-zones: %d countries; nanp: %d area codes; calling codes: %d; nyc zips: %d"
          % (len(zones), len(rows), len(codes), len(zips)))


if __name__ == "__main__":
    main()
