"""The Python types follow the JSON Schemas of the interchange format (schema/*.schema.json).

``fairtouch.types`` is generated from the schemas by ``schema/generate.py``, which also writes the
TypeScript types and docs/interchange.md: the generated files must be current, and the TypedDicts
must name every property of the schemas, with the same optionality and vocabularies.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Tuple

import pytest

import fairtouch
from fairtouch import types

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = {name: json.loads((ROOT / "schema" / f"{name}.schema.json").read_text()) for name in ("attempt", "template")}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fairtouch_schema_generate", ROOT / "schema" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.version_info < (3, 11), reason="schema/generate.py reads the packs with tomllib")
def test_schema_generated_files_are_current() -> None:
    generate = load_generator()
    stale = [str(p.relative_to(ROOT)) for p, text in generate.outputs().items() if p.read_text() != text]
    assert not stale, f"not current: {stale}; run `python3 schema/generate.py`"


def object_defs() -> List[Tuple[str, Dict[str, Any]]]:
    """(name, schema) of every object the attempt and template schemas define, roots included."""
    out: Dict[str, Dict[str, Any]] = {}
    for root, schema in (("Attempt", SCHEMAS["attempt"]), ("Template", SCHEMAS["template"])):
        out[root] = schema
        for name, d in schema.get("$defs", {}).items():
            if d.get("type") == "object":
                out[name] = d
    return sorted(out.items())


@pytest.mark.parametrize("name,schema", object_defs(), ids=[n for n, _ in object_defs()])
def test_schema_typeddict_matches(name: str, schema: Dict[str, Any]) -> None:
    cls = getattr(types, f"{name}Dict")
    props = set(schema["properties"])
    required = set(schema.get("required", []))
    assert set(cls.__required_keys__) == required, name
    assert set(cls.__optional_keys__) == props - required, name
    hints = typing.get_type_hints(cls, vars(types))
    for prop, s in schema["properties"].items():
        ref = s.get("$ref") or next((a["$ref"] for a in s.get("anyOf", []) if "$ref" in a), None)
        items = s.get("items", {}).get("$ref")
        target = ref or items
        if target:
            def_name = target.rsplit("/", 1)[1]
            d = SCHEMAS["attempt"].get("$defs", {}).get(def_name) or SCHEMAS["template"]["$defs"].get(def_name)
            if d and "enum" in d and def_name != "Currency":
                assert def_name in str(hints[prop]) or set(literal_values(hints[prop])) == set(d["enum"]), (
                    f"{name}.{prop}: {hints[prop]} is not {def_name}"
                )


def literal_values(tp: Any) -> List[Any]:
    if typing.get_origin(tp) is typing.Literal:
        return list(typing.get_args(tp))
    return [v for a in typing.get_args(tp) for v in literal_values(a)]


def vocabularies() -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        for name, d in json.loads(path.read_text()).get("$defs", {}).items():
            if d.get("type") == "string" and "enum" in d and name not in ("Currency", "Language"):
                out[name] = d["enum"]
    return out


@pytest.mark.parametrize("name", sorted(vocabularies()))
def test_schema_vocabulary_matches(name: str) -> None:
    assert literal_values(getattr(types, name)) == vocabularies()[name]
    assert name in types.__all__


def test_schema_drift_is_fixed(engine: fairtouch.Engine) -> None:
    """The members the hand-written types once missed are there, and the engine takes them."""
    assert "fees_authorized" in types.DebtDict.__optional_keys__
    assert "initial_letter" in types.DebtDict.__optional_keys__
    assert "guarantor" in literal_values(types.Relation)
    assert "cease_acknowledgement" in literal_values(types.Purpose)
    attempt: types.AttemptDict = {
        "channel": "letter",
        "send_at": "2026-03-10T15:00:00Z",
        "purpose": "cease_acknowledgement",
        "body": "We acknowledge your request.",
        "sender": {"name": "Recouvrement SA", "role": "collector"},
        "recipient": {"relation": "guarantor", "address": "1 rue de la Paix, 75002 Paris",
                      "locations": [{"country": "FR"}]},
        "debt": {"amount": "100.00", "currency": "EUR", "fees_authorized": True,
                 "initial_letter": {"reference": "L-1", "sent_on": dt.date(2026, 1, 2)}},
    }
    assert engine.evaluate(attempt).decision in ("allow", "warn", "block")
