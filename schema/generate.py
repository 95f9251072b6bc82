#!/usr/bin/env python3
"""Generates what follows from the JSON Schemas in this folder (Python 3.11+, standard library only):

- the interchange ``TypedDict`` shapes of ``bindings/python/python/fairtouch/types.py``,
- the interchange types of ``bindings/wasm/js/index.d.ts``,
- ``docs/interchange.md``, the reference page of every field, with the rules that read it
  (from a scan of the packs ``rules/*.toml``).

The two bindings files keep their hand-written parts: only the text between the ``BEGIN
GENERATED`` and ``END GENERATED`` markers is replaced.

Usage: ``python3 schema/generate.py`` writes the files; ``python3 schema/generate.py --check``
writes nothing and exits 1 when one of them is not current.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
TYPES_PY = ROOT / "bindings/python/python/fairtouch/types.py"
INDEX_D_TS = ROOT / "bindings/wasm/js/index.d.ts"
DOC = ROOT / "docs/interchange.md"

Schema = Dict[str, Any]


def load(name: str) -> Schema:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


SCHEMAS: Dict[str, Schema] = {name: load(name) for name in ("attempt", "template", "verdict")}
# The root of each schema under its type name, with every definition.
ROOTS = {"attempt": "Attempt", "template": "Template", "verdict": "Verdict"}


def definitions() -> Dict[str, Schema]:
    defs: Dict[str, Schema] = {}
    for name, schema in SCHEMAS.items():
        for k, v in schema.get("$defs", {}).items():
            if k in defs and defs[k] != v:
                raise SystemExit(f"definition {k} differs between schemas")
            defs[k] = v
        defs[ROOTS[name]] = {k: v for k, v in schema.items() if k != "$defs"}
    return defs


DEFS = definitions()
OUTPUT_DEFS = {"Verdict", "Finding", "Span", "PackRef", "OverrideRecord", "SpanField", "OverrideAction"}


def ref_name(s: Schema) -> Optional[str]:
    r = s.get("$ref")
    return r.rsplit("/", 1)[1] if r else None


def is_object(name: str) -> bool:
    return DEFS[name].get("type") == "object"


def is_enum(name: str) -> bool:
    d = DEFS[name]
    return "enum" in d and d.get("type") == "string" and name != "Currency"


def split_null(s: Schema) -> Tuple[Schema, bool]:
    """The schema without its `null` alternative, and whether it had one."""
    if "anyOf" in s and {"type": "null"} in s["anyOf"]:
        rest = [x for x in s["anyOf"] if x != {"type": "null"}]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    t = s.get("type")
    if isinstance(t, list) and "null" in t:
        others = [x for x in t if x != "null"]
        out = dict(s)
        out["type"] = others[0] if len(others) == 1 else others
        return out, True
    return s, False


def object_defs(roots: List[str]) -> List[str]:
    """Object definitions reachable from the roots, depth first in property order."""
    seen: List[str] = []

    def walk(s: Any) -> None:
        if isinstance(s, dict):
            n = ref_name(s)
            if n and is_object(n) and n not in seen:
                seen.append(n)
                walk(DEFS[n].get("properties", {}))
            for k, v in s.items():
                if k != "$ref":
                    walk(v)
        elif isinstance(s, list):
            for v in s:
                walk(v)

    for r in roots:
        walk({"$ref": f"#/$defs/{r}"})
    return seen


def enum_defs() -> List[str]:
    return [n for n in DEFS if is_enum(n)]


# ------------------------------------------------------------------------------------------------
# Python


PY_NAMES = {"Event": "EventDict"}


def py_class(name: str) -> str:
    return PY_NAMES.get(name, name + "Dict")


def py_type(s: Schema) -> str:
    s, nullable = split_null(s)
    t = py_type_of(s)
    return f"Optional[{t}]" if nullable else t


def py_type_of(s: Schema) -> str:
    n = ref_name(s)
    if n:
        if is_object(n):
            return py_class(n)
        if is_enum(n):
            return n
        return {"Instant": "Timestamp", "Date": "DateValue"}.get(n, "str")
    t = s.get("type")
    if t == "array":
        return f"List[{py_type(s['items'])}]"
    return {"string": "str", "boolean": "bool", "integer": "int", "number": "float"}[t]


def py_doc(text: str, indent: str) -> List[str]:
    text = text.replace("\\", "\\\\")
    lines = [f'{indent}"""{text}"""'] if len(text) + len(indent) + 6 <= 110 else None
    if lines:
        return lines
    out = [f'{indent}"""']
    for para in text.split("\n\n"):
        out += wrap(para, 110 - len(indent), indent) + [""]
    out[-1] = f'{indent}"""'
    return out


def wrap(text: str, width: int, indent: str = "") -> List[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(indent + line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(indent + line)
    return lines


def python_region() -> str:
    out: List[str] = []
    for n in enum_defs():
        if n in ("Language",):
            continue
        values = ", ".join(json.dumps(v) for v in DEFS[n]["enum"])
        line = f"{n} = Literal[{values}]"
        out += py_comment(DEFS[n].get("description", ""))
        if len(line) <= 110:
            out.append(line)
        else:
            out.append(f"{n} = Literal[")
            out += [f"    {json.dumps(v)}," for v in DEFS[n]["enum"]]
            out.append("]")
    out += [
        "#: An instant: an RFC 3339 string with its offset, or an aware ``datetime``.",
        "Timestamp = Union[str, datetime.datetime]",
        "#: A date: ``YYYY-MM-DD``, or a ``datetime.date``.",
        "DateValue = Union[str, datetime.date]",
    ]
    for n in object_defs(["Attempt", "Template"]):
        d = DEFS[n]
        props: Dict[str, Schema] = d.get("properties", {})
        required = [p for p in props if p in d.get("required", [])]
        optional = [p for p in props if p not in required]
        cls = py_class(n)
        out += ["", ""]
        if required and optional:
            out.append(f"class _{cls}Required(TypedDict):")
            for p in required:
                out += py_field(p, props[p])
            out += ["", ""]
            out.append(f"class {cls}(_{cls}Required, total=False):")
        else:
            out.append(f"class {cls}(TypedDict{'' if required else ', total=False'}):")
        out += py_doc(d.get("description", ""), "    ")
        out.append("")
        for p in optional if (required and optional) else list(props):
            out += py_field(p, props[p])
    names = [n for n in enum_defs() if n != "Language"] + ["Timestamp", "DateValue"]
    names += [py_class(n) for n in object_defs(["Attempt", "Template"])]
    out += ["", ""]
    out += ["__all__ = ["] + [f"    {json.dumps(n)}," for n in names] + ["]"]
    return "\n".join(out) + "\n"


def py_field(name: str, s: Schema) -> List[str]:
    return wrap(s.get("description", ""), 103, "    #: ") + [f"    {name}: {py_type(s)}"]


def py_comment(text: str) -> List[str]:
    first = text.split("\n\n")[0]
    return wrap(first, 106, "#: ")


# ------------------------------------------------------------------------------------------------
# TypeScript

TS_NAMES = {"Event": "HistoryEvent"}
TS_VALUES = {
    "Date": "DateString",
    "ClockTime": "ClockTime",
    "Amount": "AmountString",
    "LanguageTag": "Language",
}


def ts_type(s: Schema, output: bool) -> str:
    s, nullable = split_null(s)
    t = ts_type_of(s, output)
    return f"{t} | null" if nullable else t


def ts_type_of(s: Schema, output: bool) -> str:
    n = ref_name(s)
    if n:
        if is_object(n):
            return TS_NAMES.get(n, n)
        if is_enum(n):
            return n
        if n == "Instant":
            return "Instant" if output else "InstantInput"
        return TS_VALUES.get(n, "string")
    t = s.get("type")
    if t == "array":
        inner = ts_type(s["items"], output)
        return f"Array<{inner}>" if "|" in inner else f"{inner}[]"
    return {"string": "string", "boolean": "boolean", "integer": "number", "number": "number"}[t]


def ts_doc(text: str, indent: str) -> List[str]:
    text = text.replace("*/", "*\\/")
    if "\n" not in text and len(text) + len(indent) + 7 <= 110:
        return [f"{indent}/** {text} */"]
    out = [f"{indent}/**"]
    for i, para in enumerate(text.split("\n\n")):
        if i:
            out.append(f"{indent} *")
        out += wrap(para, 110 - len(indent) - 3, f"{indent} * ")
    return out + [f"{indent} */"]


def ts_region() -> str:
    out = [
        "/** RFC 3339 instant with an offset, e.g. `\"2026-03-10T14:05:00Z\"`. */",
        "export type Instant = string;",
        "/** An instant on input: RFC 3339 text with an offset, or a `Date`. */",
        "export type InstantInput = Instant | Date;",
        "/** `\"YYYY-MM-DD\"` */",
        "export type DateString = string;",
        "/** `\"HH:MM\"` (or `\"HH:MM:SS\"`); `\"24:00\"` ends a day. */",
        "export type ClockTime = string;",
        "/** Decimal amount as a string, e.g. `\"250.00\"`. */",
        "export type AmountString = string;",
        "/** `en`, `fr`, `es`, or a tag such as `es-PE`. */",
        "export type Language = 'en' | 'fr' | 'es' | (string & {});",
        "",
    ]
    for n in enum_defs():
        if n == "Language":
            continue
        out += ts_doc(DEFS[n].get("description", ""), "")
        values = " | ".join("'" + v + "'" for v in DEFS[n]["enum"])
        line = f"export type {n} = {values};"
        if len(line) <= 110:
            out.append(line)
        else:
            out.append(f"export type {n} =")
            out += ["  | '" + v + "'" for v in DEFS[n]["enum"]]
            out[-1] += ";"
    for n in object_defs(["Attempt", "Template", "Verdict"]):
        d = DEFS[n]
        output = n in OUTPUT_DEFS
        out.append("")
        out += ts_doc(d.get("description", ""), "")
        out.append(f"export interface {TS_NAMES.get(n, n)} {{")
        for p, s in d.get("properties", {}).items():
            out += ts_doc(s.get("description", ""), "  ")
            q = "" if p in d.get("required", []) else "?"
            out.append(f"  {p}{q}: {ts_type(s, output)};")
        out.append("}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# The rules that read each field: a scan of the packs.

# Conditions (`when`/`unless`) and the fields they read.
CONDITIONS = {
    "initial_communication": ["initial_communication", "history", "history[].at", "history[].direction",
                              "history[].outcome", "history[].debt_id", "history[].debt_ids", "debt.id"],
    "time_barred": ["debt.time_barred"],
    "disputed": ["debt.disputed"],
    "bankruptcy": ["debt.bankruptcy"],
    "legal_action_intended": ["debt.legal_action_intended"],
    "judgment_obtained": ["debt.judgment_obtained"],
    "consumer_debt": ["debt.consumer"],
    "financial_system_credit": ["debt.financial_system"],
    "marketing_consent": ["recipient.consents", "recipient.consents[].purpose", "recipient.consents[].channel",
                          "recipient.consents[].address", "recipient.consents[].given_at",
                          "recipient.consents[].revoked_at"],
    "marketing_objection": ["recipient.marketing_objected_at", "recipient.objected_at", "recipient.consents",
                            "recipient.consents[].purpose", "recipient.consents[].channel",
                            "recipient.consents[].address", "recipient.consents[].given_at",
                            "recipient.consents[].revoked_at"],
    "automated": ["automated"],
    "fees_authorized": ["debt.fees_authorized"],
    "responds_to_inbound": ["history", "history[].direction", "history[].channel", "history[].at"],
    "represented_by_attorney": ["recipient.represented_by_attorney"],
    "mentions_debt": ["body", "subject"],
    "mentions": ["body", "subject", "language"],
    "has_body": ["body"],
    "demands_payment": ["body", "subject"],
    "licensed": ["sender.license_number"],
    "debt_buyer": ["sender.debt_buyer"],
    "first_written_communication": ["initial_communication", "history", "history[].at", "history[].direction",
                                    "history[].channel", "history[].outcome", "history[].debt_id",
                                    "history[].debt_ids", "debt.id"],
    "purpose": ["purpose"],
    "relation": ["recipient.relation"],
    "address_kind": ["recipient.address_kind"],
    "channel": ["channel"],
    "line_type": ["recipient.line_type"],
    "language": ["language"],
    "role": ["sender.role"],
}

# What every rule of a check kind reads (besides its conditions and its params' fields).
CHECK_KINDS = {
    "contact_window": ["send_at", "recipient.locations", "recipient.locations[].country",
                       "recipient.locations[].region", "recipient.locations[].postal_code",
                       "recipient.locations[].time_zone", "recipient.address"],
    "frequency_cap": ["send_at", "channel", "debt.id", "history", "history[].channel", "history[].direction",
                      "history[].at", "history[].debt_id", "history[].debt_ids", "history[].address"],
    "consent": ["send_at", "channel", "purpose", "recipient.address", "recipient.consents",
                "recipient.consents[].channel", "recipient.consents[].address", "recipient.consents[].given_at",
                "recipient.consents[].revoked_at", "recipient.consents[].purpose", "history", "history[].channel",
                "history[].direction", "history[].at", "history[].body", "history[].address", "history[].purpose"],
    "communication_bar": ["send_at", "channel", "purpose"],
    "third_party_guard": ["purpose", "recipient.relation", "recipient.address_kind", "body", "subject", "history",
                          "history[].direction", "history[].at", "history[].purpose", "history[].address"],
    "banned_content": ["body", "subject", "language"],
    "required_content": ["body", "subject", "language"],
    "accuracy": ["body", "subject", "language"],
}

# A communication bar's `bar` parameter and the fields it reads.
BARS = {
    "cease": ["recipient.cease_requested_at"],
    "attorney": ["recipient.relation", "recipient.represented_by_attorney", "recipient.attorney_permits_contact"],
    "refused_medium": ["recipient.refused_channels", "recipient.refused_addresses", "recipient.address"],
    "bankruptcy": ["debt.bankruptcy"],
    "dispute": ["debt.disputed"],
    "objection": ["recipient.objected_at"],
    "employer_prohibits": ["recipient.employer_prohibits_contact", "recipient.address_kind"],
    "work_email": ["recipient.address_kind", "recipient.consents", "recipient.consents[].channel"],
}

# Other parameters that read fields: (check kind, parameter) -> fields.
PARAMS = {
    ("contact_window", "recipient_times"): ["recipient.inconvenient_times", "recipient.inconvenient_times[].days",
                                            "recipient.inconvenient_times[].start",
                                            "recipient.inconvenient_times[].end"],
    ("frequency_cap", "exclude_outcomes"): ["history[].outcome"],
    ("frequency_cap", "exclude_consented"): ["history[].consented"],
    ("frequency_cap", "exclude_responses"): ["history[].direction"],
    ("frequency_cap", "address_kinds"): ["recipient.address_kind", "history[].address_kind"],
    ("communication_bar", "allow_response"): ["history", "history[].direction"],
    ("third_party_guard", "max_location_contacts"): ["history", "history[].purpose"],
    ("consent", "written"): ["recipient.consents[].written"],
}

# Fields that, when the attempt does not give them, are derived from others.
FIRST_LETTER = ["debt.id", "debt.reference", "history", "history[].channel", "history[].direction", "history[].at",
                "history[].outcome", "history[].purpose", "history[].debt_id", "history[].debt_ids",
                "history[].reference"]
DERIVED = {"debt.initial_letter.reference": FIRST_LETTER, "debt.initial_letter.sent_on": FIRST_LETTER}

# Rule keys that read fields.
RULE_KEYS = {"binds": ["sender.role"], "relations": ["recipient.relation"], "purposes": ["purpose"],
             "channels": ["channel"]}


def scan_rules() -> Tuple[Dict[str, Dict[str, List[str]]], Dict[str, int]]:
    """field -> {how it is read -> rule ids}, and the number of rules of each check kind."""
    reads: Dict[str, Dict[str, List[str]]] = {}
    kinds: Dict[str, int] = {}

    def add(field: str, how: str, rule: str) -> None:
        reads.setdefault(field, {}).setdefault(how, [])
        if rule not in reads[field][how]:
            reads[field][how].append(rule)

    for path in sorted((ROOT / "rules").glob("*.toml")):
        pack = tomllib.loads(path.read_text(encoding="utf-8"))
        for rule in pack.get("rule", []):
            rid, kind, params = rule["id"], rule["check"], rule.get("params", {})
            if kind not in CHECK_KINDS:
                raise SystemExit(f"{path.name}: {rid}: unknown check kind {kind!r}: teach schema/generate.py")
            kinds[kind] = kinds.get(kind, 0) + 1
            for f in CHECK_KINDS[kind]:
                add(f, f"every `{kind}` rule", rid)
            for key, fields in RULE_KEYS.items():
                if rule.get(key):
                    for f in fields:
                        add(f, f"`{key}`", rid)
            for key in ("when", "unless"):
                conds = rule.get(key, [])
                for entry in [conds] if isinstance(conds, str) else conds:
                    for lit in entry.split("|"):
                        name = lit.lstrip("!").split(":")[0]
                        if name not in CONDITIONS:
                            raise SystemExit(f"{path.name}: {rid}: unknown condition {lit!r}: teach schema/generate.py")
                        for f in CONDITIONS[name]:
                            add(f, f"`{key}` `{lit.lstrip('!')}`", rid)
            named: List[str] = []
            if "field" in params:
                named.append(params["field"])
            named += [item["field"] for item in params.get("all", []) if "field" in item]
            named += params.get("reveal_fields", [])
            for f in named:
                add(f, "`field` parameter", rid)
                for d in DERIVED.get(f, []):
                    add(d, f"`field` parameter `{f}`, derived", rid)
            if kind == "communication_bar":
                for f in BARS[params["bar"]]:
                    add(f, f"`bar = \"{params['bar']}\"`", rid)
            for (k, p), fields in PARAMS.items():
                if k == kind and params.get(p):
                    for f in fields:
                        add(f, f"`{p}` parameter", rid)
    return reads, kinds


# ------------------------------------------------------------------------------------------------
# The reference page.


def md_type(s: Schema) -> str:
    s, nullable = split_null(s)
    n = ref_name(s)
    if n:
        t = f"[{n}](#{n.lower()})" if is_object(n) or n in VALUE_ANCHORS else n
    elif s.get("type") == "array":
        t = f"array of {md_type(s['items'])}"
    else:
        t = s.get("type", "any")
        if "enum" in s:
            t += " (" + ", ".join(f"`{v}`" for v in s["enum"]) + ")"
    return t + (" or null" if nullable else "")


VALUE_ANCHORS = {n for n in DEFS if not is_object(n)}


def md_default(s: Schema, required: bool) -> str:
    if required:
        return "required"
    if "default" in s:
        return f"`{json.dumps(s['default'])}`"
    return "absent"


def flatten(n: str, prefix: str, out: List[Tuple[str, Schema, bool]], seen: Tuple[str, ...] = ()) -> None:
    d = DEFS[n]
    for p, s in d.get("properties", {}).items():
        path = f"{prefix}{p}"
        out.append((path, s, p in d.get("required", [])))
        inner, _ = split_null(s)
        if inner.get("type") == "array":
            inner, suffix = split_null(inner["items"])[0], "[]"
        else:
            suffix = ""
        r = ref_name(inner)
        if r and is_object(r) and r not in seen:
            flatten(r, f"{path}{suffix}.", out, seen + (n,))


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n\n", "<br><br>").replace("\n", " ")


def rules_cell(field: str, reads: Dict[str, Dict[str, List[str]]], kinds: Dict[str, int]) -> str:
    ways = reads.get(field)
    if not ways:
        return "—"
    parts = []
    for how, ids in sorted(ways.items()):
        kind = re.match(r"every `(\w+)` rule", how)
        if kind:
            parts.append(f"{how} ({len(ids)})")
        else:
            parts.append(f"{how}: " + ", ".join(f"`{i}`" for i in sorted(ids)))
    return "<br>".join(parts)


def doc_page() -> str:
    reads, kinds = scan_rules()
    out = [
        "# The interchange format",
        "",
        "<!-- Generated by `python3 schema/generate.py` from schema/*.schema.json and rules/*.toml: do not edit. -->",
        "",
        "fairtouch reads an **attempt** (a candidate message) or a **template** (a message to lint) as JSON and",
        "answers with a **verdict**. The same format serves the Rust crate, the CLI, Python and",
        "WebAssembly. This page describes every field: its meaning, its format or unit, its default, and",
        "the rules of the default packs that read it.",
        "",
        "The format is defined by three JSON Schemas (draft 2020-12), generated from the Rust types:",
        "`schema/attempt.schema.json`, `schema/template.schema.json` and `schema/verdict.schema.json` in the",
        "repository. Parsing is strict: an unknown member, a value outside a vocabulary, a malformed",
        "instant, date, amount, phone number or email address is an error that names the JSON path of the",
        "field. `null` is the same as an absent member wherever the type says \"or null\".",
        "",
        "**Which rules read a field.** A rule reads a field through its check kind (every rule of the",
        "kind reads it), through its `when`/`unless` conditions, through its `binds`, `relations`,",
        "`purposes` or `channels` keys, or through a parameter that names a field (`field = \"debt.amount\"`).",
        "The numbers in parentheses count the rules. All rules also depend on the recipient's jurisdictions",
        "(`recipient.locations`, the phone number's country or area code) and on `send_at`, which decide",
        "whether a pack and a dated rule apply at all.",
        "",
        "Rule counts by check kind: " + ", ".join(f"`{k}` {v}" for k, v in sorted(kinds.items())) + ".",
        "",
        "## What the schema cannot check",
        "",
        "A document that the schema accepts can still be refused by the engine, for reasons outside",
        "JSON Schema's reach:",
        "",
        "- a time zone name that is well formed but not in the bundled time-zone database (`America/Chicgo`);",
        "- a country code that is well formed but unknown, or a region that is not a region of its country",
        "  (`\"country\": \"US\", \"region\": \"XX\"`);",
        "- a phone number whose length is wrong for its country (`+33 6 12 34 56 7`; the schema checks the",
        "  general E.164 shape and the exact North American shape only);",
        "- an inconvenient time whose `end` is not after its `start`;",
        "- the size limits in UTF-8 bytes (the schema gives the same numbers as `maxLength` in characters,",
        "  which is looser for non-ASCII text) and the 4,000,000-byte limit on all history bodies together;",
        "- for a template, a jurisdiction that no loaded pack covers.",
        "",
        "Conversely, the schema is slightly stricter than the engine in one place: instants must be written",
        "exactly as RFC 3339 (`2026-03-10T14:05:00Z`, seconds included, offset `Z` or `±HH:MM`).",
        "",
    ]
    sections = [
        ("The attempt", "Attempt", True),
        ("The template", "Template", True),
        ("The verdict", "Verdict", False),
    ]
    described: List[str] = []
    for title, root, with_rules in sections:
        out += [f"## {title}", "", cell(DEFS[root].get("description", "")), ""]
        rows: List[Tuple[str, Schema, bool]] = []
        flatten(root, "", rows)
        if with_rules:
            out += ["| field | type | default | meaning | rules that read it |", "|---|---|---|---|---|"]
        else:
            out += ["| field | type | presence | meaning |", "|---|---|---|---|"]
        for path, s, required in rows:
            row = [f"`{path}`", md_type(s), md_default(s, required), cell(s.get("description", ""))]
            if with_rules:
                row.append(rules_cell(path, reads, kinds) if root == "Attempt" else template_rules(path))
            elif not required:
                row[2] = "may be absent"
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        objects = [n for n in object_defs([root]) if n != root]
        if objects:
            out += ["Objects: " + ", ".join(f"[{n}](#{n.lower()})" for n in objects) + ".", ""]
            for n in objects:
                if n not in described:
                    described.append(n)
                    out += [f"### {n}", "", cell(DEFS[n].get("description", "")), ""]
    out += ["## Values", "", "The vocabularies and the value formats the fields above use.", ""]
    for n in sorted(VALUE_ANCHORS):
        d = DEFS[n]
        out += [f"### {n}", "", cell(d.get("description", "")), ""]
        if "enum" in d and n != "Currency":
            out += ["Values: " + ", ".join(f"`{v}`" for v in d["enum"]) + ".", ""]
        elif n == "Currency":
            out += [f"Values: {len(d['enum'])} codes, " + ", ".join(f"`{v}`" for v in d["enum"]) + ".", ""]
        if "pattern" in d:
            out += [f"Pattern: `{d['pattern']}`" + (f"; format `{d['format']}`" if "format" in d else "") + ".", ""]
        if "examples" in d:
            out += ["Examples: " + ", ".join(f"`{e}`" for e in d["examples"]) + ".", ""]
    while out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def template_rules(path: str) -> str:
    if path in ("body", "subject", "language"):
        return "every `banned_content`, `required_content` and `accuracy` rule, as for an attempt"
    if path in ("channel", "sender.role", "purpose", "initial_communication"):
        return "selects the content rules that apply, as the attempt's field of the same name does"
    if path == "jurisdictions":
        return "selects the packs whose content rules apply"
    if path == "at":
        return "selects the rules in force at that instant (rules may be dated `from`/`until`)"
    if path in ("sender.name", "sender.license_number"):
        return "`required_content` rules that require it (`field` parameter), as for an attempt"
    return "—"


# ------------------------------------------------------------------------------------------------


def splice(text: str, region: str, begin: str, end: str, path: Path) -> str:
    pattern = re.compile(re.escape(begin) + r".*?\n" + r"(.*?)" + r"^" + re.escape(end), re.S | re.M)
    m = pattern.search(text)
    if not m:
        raise SystemExit(f"{path}: no `{begin}` ... `{end}` region")
    return text[: m.start(1)] + region + text[m.end(1) - 0 :]


def outputs() -> Dict[Path, str]:
    py = TYPES_PY.read_text(encoding="utf-8")
    ts = INDEX_D_TS.read_text(encoding="utf-8")
    return {
        TYPES_PY: splice(py, python_region(), "# BEGIN GENERATED", "# END GENERATED", TYPES_PY),
        INDEX_D_TS: splice(ts, ts_region(), "// BEGIN GENERATED", "// END GENERATED", INDEX_D_TS),
        DOC: doc_page(),
    }


def main(argv: List[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        print("not current: " + ", ".join(map(str, stale)) + "; run `python3 schema/generate.py`", file=sys.stderr)
        return 1
    for p in stale:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
