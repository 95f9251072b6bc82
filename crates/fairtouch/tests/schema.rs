//! The JSON Schemas of the interchange format, `schema/{attempt,template,verdict}.schema.json`
//! (draft 2020-12), generated from the Rust types with `schemars` (feature `schema`).
//!
//! - The checked-in schemas are current: regenerate them with
//!   `UPDATE_SCHEMA=1 cargo test -p fairtouch --features schema --test schema`.
//! - The attempt schema accepts every valid attempt of the corpus (`tests/cases/**/*.json`) and
//!   rejects every invalid one, except those whose fault JSON Schema cannot see (listed in
//!   [`SCHEMA_BLIND`] with the reason).
//! - The schema and the engine agree on each value grammar (amounts, dates, instants, phone
//!   numbers, ...), value by value ([`value_grammars_agree_with_the_engine`]).
//! - Every verdict the engine gives for the corpus validates against the verdict schema, with
//!   no member the schema does not declare.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use fairtouch::{Attempt, Engine, Template, Verdict};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// Invalid corpus cases the attempt schema accepts, because their fault is not a matter of JSON
/// structure or of a value's grammar.
const SCHEMA_BLIND: &[(&str, &str)] = &[(
    "us-federal/invalid-unknown-time-zone.json",
    "`America/Chicgo` is a well-formed IANA name; whether a zone exists is a question for the \
     time-zone database bundled with the engine, which the schema does not enumerate",
)];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// ---------------------------------------------------------------------------------------------
// Generation.

/// Captures the field names of a struct in declaration order, from its derived `Deserialize`.
struct FieldNames(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut FieldNames {
    type Error = de::value::Error;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("fields captured"))
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut names = FieldNames(&[]);
    let _ = T::deserialize(&mut names);
    names.0
}

/// The declaration order of the properties of each object definition, so that the schema
/// lists them as the Rust types (and the documentation) do.
fn field_orders() -> BTreeMap<&'static str, &'static [&'static str]> {
    use fairtouch::*;
    BTreeMap::from([
        ("Attempt", fields_of::<Attempt>()),
        ("Template", fields_of::<Template>()),
        ("Sender", fields_of::<Sender>()),
        ("Recipient", fields_of::<Recipient>()),
        ("Location", fields_of::<Location>()),
        ("InconvenientTime", fields_of::<InconvenientTime>()),
        ("Consent", fields_of::<Consent>()),
        ("Debt", fields_of::<Debt>()),
        ("InitialLetter", fields_of::<InitialLetter>()),
        ("Event", fields_of::<Event>()),
        ("Verdict", fields_of::<Verdict>()),
        ("Finding", fields_of::<Finding>()),
        ("Span", fields_of::<Span>()),
        ("PackRef", fields_of::<PackRef>()),
        ("OverrideRecord", fields_of::<OverrideRecord>()),
    ])
}

/// A JSON value whose object members keep a chosen order when written.
enum Ordered {
    Leaf(Value),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Leaf(v) => v.serialize(s),
            Ordered::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Ordered::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Schema keywords first in this order, then the others alphabetically.
const KEYWORD_ORDER: &[&str] =
    &["$schema", "$id", "title", "description", "type", "format", "pattern", "enum", "const", "default", "examples"];

/// Orders a schema: keywords in [`KEYWORD_ORDER`], properties of a definition in declaration order.
fn order(value: &Value, def: Option<&str>, orders: &BTreeMap<&str, &[&str]>) -> Ordered {
    match value {
        Value::Array(items) => Ordered::Array(items.iter().map(|v| order(v, None, orders)).collect()),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            let rank = |k: &str| KEYWORD_ORDER.iter().position(|x| *x == k).unwrap_or(KEYWORD_ORDER.len());
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
            let members = keys
                .into_iter()
                .map(|k| {
                    let v = &map[k];
                    let child = match k.as_str() {
                        "properties" => {
                            let decl = def.and_then(|d| orders.get(d)).copied().unwrap_or(&[]);
                            let Value::Object(props) = v else { unreachable!("properties is an object") };
                            let mut names: Vec<&String> = props.keys().collect();
                            let pos = |n: &str| decl.iter().position(|x| *x == n).unwrap_or(usize::MAX);
                            names.sort_by(|a, b| pos(a).cmp(&pos(b)).then_with(|| a.cmp(b)));
                            Ordered::Object(
                                names.into_iter().map(|n| (n.clone(), order(&props[n], None, orders))).collect(),
                            )
                        }
                        "$defs" => {
                            let Value::Object(defs) = v else { unreachable!("$defs is an object") };
                            Ordered::Object(defs.iter().map(|(n, d)| (n.clone(), order(d, Some(n), orders))).collect())
                        }
                        _ => order(v, None, orders),
                    };
                    (k.clone(), child)
                })
                .collect();
            Ordered::Object(members)
        }
        v => Ordered::Leaf(v.clone()),
    }
}

/// Rewrites what schemars leaves implicit or raw: descriptions as flowing paragraphs (rustdoc's
/// line breaks removed); for input, the defaults of `#[serde(default)]` members that schemars
/// omits (`false` for an optional boolean, `[]` for an optional array); for output, no `null`
/// for an optional member, since the verdict's optional members are left out
/// (`skip_serializing_if`) rather than written as `null`.
fn polish(value: &mut Value, for_output: bool) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get_mut("description") {
                *d = d
                    .split("\n\n")
                    .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            let required: Vec<String> = map
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            if for_output {
                if let Some(Value::Object(props)) = map.get_mut("properties") {
                    for (name, prop) in props.iter_mut() {
                        let Value::Object(p) = prop else { continue };
                        if required.contains(name) {
                            continue;
                        }
                        if let Some(Value::Array(alts)) = p.get_mut("anyOf") {
                            alts.retain(|a| a != &serde_json::json!({ "type": "null" }));
                            if alts.len() == 1 {
                                let Some(Value::Object(only)) = p.remove("anyOf").and_then(|a| a.get(0).cloned())
                                else {
                                    continue;
                                };
                                p.extend(only);
                            }
                        }
                        if let Some(Value::Array(types)) = p.get_mut("type") {
                            types.retain(|t| t != "null");
                            if types.len() == 1 {
                                let only = types[0].clone();
                                p.insert("type".into(), only);
                            }
                        }
                    }
                }
            } else if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    let Value::Object(p) = prop else { continue };
                    if required.contains(name) || p.contains_key("default") {
                        continue;
                    }
                    match p.get("type").and_then(Value::as_str) {
                        Some("boolean") => p.insert("default".into(), Value::Bool(false)),
                        Some("array") => p.insert("default".into(), Value::Array(vec![])),
                        _ => None,
                    };
                }
            }
            for v in map.values_mut() {
                polish(v, for_output);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| polish(v, for_output)),
        _ => {}
    }
}

fn generate<T: JsonSchema>(name: &str, for_output: bool) -> String {
    let settings = SchemaSettings::draft2020_12();
    let settings = if for_output { settings.for_serialize() } else { settings.for_deserialize() };
    let mut schema = serde_json::to_value(settings.into_generator().into_root_schema_for::<T>()).unwrap();
    polish(&mut schema, for_output);
    let Value::Object(mut root) = schema else { panic!("a schema is an object") };
    let title = root.remove("title").and_then(|t| t.as_str().map(str::to_string)).unwrap_or_default();
    root.insert("title".into(), Value::String(format!("fairtouch {name}")));
    let mut text = serde_json::to_string_pretty(&order(&Value::Object(root), Some(&title), &field_orders())).unwrap();
    text.push('\n');
    text
}

fn schemas() -> Vec<(&'static str, String)> {
    vec![
        ("attempt", generate::<Attempt>("attempt", false)),
        ("template", generate::<Template>("template", false)),
        ("verdict", generate::<Verdict>("verdict", true)),
    ]
}

#[test]
fn schemas_are_current() {
    let update = std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, text) in schemas() {
        let path = root().join(format!("schema/{name}.schema.json"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert!(jsonschema::meta::is_valid(&value), "{name}: not a valid draft 2020-12 schema");
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; regenerate with `UPDATE_SCHEMA=1 cargo test -p fairtouch --features schema --test schema`"
    );
}

// ---------------------------------------------------------------------------------------------
// Validation.

fn load(name: &str) -> Value {
    let path = root().join(format!("schema/{name}.schema.json"));
    serde_json::from_str(&fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options().should_validate_formats(true).build(schema).expect("the schema compiles")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// A schema that also rejects members it does not declare: `additionalProperties: false` on
/// every object schema with properties.
fn closed(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), closed(v))).collect();
            if out.contains_key("properties") && !out.contains_key("additionalProperties") {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(closed).collect()),
        v => v.clone(),
    }
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            case_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn corpus() -> Vec<(String, Value)> {
    let dir = root().join("tests/cases");
    let mut files = Vec::new();
    case_files(&dir, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no cases under {}", dir.display());
    files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
            (name, serde_json::from_str(&fs::read_to_string(f).unwrap()).unwrap())
        })
        .collect()
}

#[test]
fn the_attempt_schema_accepts_the_valid_corpus_and_rejects_the_invalid() {
    let attempts = validator(&load("attempt"));
    let mut failures = Vec::new();
    let mut invalid = 0;
    for (name, case) in corpus() {
        let attempt = &case["attempt"];
        let errs = errors(&attempts, attempt);
        let engine_ok = Attempt::from_value(attempt.clone()).is_ok();
        let expected_error = case["expected"].get("error").is_some();
        assert_eq!(engine_ok, !expected_error, "{name}: the engine disagrees with the case");
        let blind = SCHEMA_BLIND.iter().find(|(n, _)| *n == name);
        if !expected_error {
            if !errs.is_empty() {
                failures.push(format!("{name}: valid attempt rejected: {errs:?}"));
            }
            continue;
        }
        invalid += 1;
        match (blind, errs.is_empty()) {
            (None, true) => failures.push(format!("{name}: invalid attempt accepted by the schema")),
            (Some(_), false) => {
                failures.push(format!("{name}: listed in SCHEMA_BLIND but the schema rejects it: {errs:?}"))
            }
            _ => {}
        }
    }
    for (name, _) in SCHEMA_BLIND {
        assert!(root().join("tests/cases").join(name).exists(), "SCHEMA_BLIND names a missing case {name}");
    }
    assert!(invalid > 0, "the corpus has no invalid attempt");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_verdict_of_the_corpus_validates() {
    let verdicts = validator(&closed(&load("verdict")));
    let engine = Engine::new().expect("default packs load");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, case) in corpus() {
        let Ok(attempt) = Attempt::from_value(case["attempt"].clone()) else { continue };
        let verdict: Value = serde_json::from_str(&engine.evaluate(&attempt).to_json()).unwrap();
        let errs = errors(&verdicts, &verdict);
        if !errs.is_empty() {
            failures.push(format!("{name}: {errs:?}"));
        }
        checked += 1;
    }
    assert!(checked > 100);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn templates_and_their_verdicts_validate() {
    let templates = validator(&load("template"));
    let verdicts = validator(&closed(&load("verdict")));
    let engine = Engine::new().expect("default packs load");
    let now: jiff::Timestamp = "2026-03-10T15:00:00Z".parse().unwrap();
    let good = [
        serde_json::json!({
            "channel": "sms",
            "body": "{{sender.name}} is a debt collector. You owe {{debt.amount}}. Reply STOP to opt out.",
            "sender": { "name": "Acme Recovery", "role": "collector" },
            "jurisdictions": ["US", "US-CA"]
        }),
        serde_json::json!({
            "channel": "email", "body": "Votre dette de {{debt.amount}} doit être payée.", "subject": "Relance",
            "language": "fr-FR", "sender": { "role": "collector", "license_number": null },
            "jurisdictions": ["FR", "EU"], "initial_communication": false, "purpose": "collection",
            "at": "2026-03-10T10:00:00+01:00"
        }),
    ];
    for t in &good {
        assert_eq!(errors(&templates, t), Vec::<String>::new(), "{t}");
        let template = Template::from_value(t.clone()).expect("the engine accepts the template");
        let verdict: Value = serde_json::from_str(&engine.lint_template(&template, now).unwrap().to_json()).unwrap();
        assert_eq!(errors(&verdicts, &verdict), Vec::<String>::new(), "{verdict}");
    }
    let bad = [
        serde_json::json!({ "channel": "sms", "body": "x", "sender": { "role": "collector" }, "jurisdictions": [] }),
        serde_json::json!({ "channel": "sms", "body": "x", "sender": { "role": "collector" }, "jurisdictions": ["US"], "debt": {} }),
        serde_json::json!({ "channel": "sms", "sender": { "role": "collector" }, "jurisdictions": ["US"] }),
        serde_json::json!({ "channel": "sms", "body": "x", "sender": { "role": "collector" }, "jurisdictions": ["US"], "language": "de" }),
    ];
    for t in &bad {
        assert!(!errors(&templates, t).is_empty(), "the schema accepts {t}");
        assert!(
            Template::from_value(t.clone()).and_then(|t| engine.lint_template(&t, now)).is_err(),
            "the engine accepts {t}"
        );
    }
}

/// One value put at one place of a valid attempt: the schema and the engine must agree on it.
#[test]
fn value_grammars_agree_with_the_engine() {
    let attempts = validator(&load("attempt"));
    let base = serde_json::json!({
        "channel": "sms", "send_at": "2026-03-10T15:00:00Z", "body": "Hello",
        "sender": { "name": "Acme Recovery", "role": "collector" },
        "recipient": { "relation": "debtor", "address": "+13125550100",
                       "locations": [{ "country": "US", "region": "IL", "time_zone": "America/Chicago" }],
                       "inconvenient_times": [{ "start": "08:00", "end": "09:00" }] },
        "debt": { "id": "D-1", "amount": "250.00", "currency": "USD", "due_date": "2026-01-10" },
        "history": [{ "channel": "sms", "direction": "outbound", "at": "2026-03-09T15:00:00Z" }]
    });
    // (JSON pointer, value). An absent pointer member is added.
    let probes: Vec<(&str, Value)> = vec![
        ("/send_at", "2026-03-10T15:00:00Z".into()),
        ("/send_at", "2026-03-10T15:00:00.123+05:30".into()),
        ("/send_at", "2026-03-10T10:00:00-05:00".into()),
        ("/send_at", "2026-03-10T15:00:00".into()),
        ("/send_at", "2026-03-10 15:00:00Z".into()),
        ("/send_at", "2026-03-10".into()),
        ("/send_at", 1773154800.into()),
        ("/history/0/at", "yesterday".into()),
        ("/debt/amount", "250".into()),
        ("/debt/amount", "0.5".into()),
        ("/debt/amount", "250.1234".into()),
        ("/debt/amount", "250.12345".into()),
        ("/debt/amount", "-250.00".into()),
        ("/debt/amount", "1,250.00".into()),
        ("/debt/amount", ".5".into()),
        ("/debt/amount", "250.".into()),
        ("/debt/amount", "1e3".into()),
        ("/debt/amount", 250.0.into()),
        ("/debt/currency", "EUR".into()),
        ("/debt/currency", "usd".into()),
        ("/debt/currency", "XYZ".into()),
        ("/debt/due_date", "2026-01-10".into()),
        ("/debt/due_date", "2026-1-10".into()),
        ("/debt/due_date", "2026-01-10T00:00:00Z".into()),
        ("/debt/due_date", Value::Null),
        ("/debt/initial_letter", serde_json::json!({ "reference": "L-1", "sent_on": "2026-01-02" })),
        ("/debt/initial_letter", serde_json::json!({ "reference": "L-1" })),
        ("/debt/initial_letter", serde_json::json!({ "reference": "L-1", "sent_on": "2026-01-02", "x": 1 })),
        ("/debt/fees_authorized", true.into()),
        ("/debt/fees_authorized", "yes".into()),
        ("/debt/consumer", false.into()),
        ("/debt/consumer", Value::Null),
        ("/language", "es".into()),
        ("/language", "es-PE".into()),
        ("/language", "EN_us".into()),
        ("/language", "de".into()),
        ("/language", "english".into()),
        ("/purpose", "cease_acknowledgement".into()),
        ("/purpose", "marketing".into()),
        ("/recipient/relation", "guarantor".into()),
        ("/recipient/relation", "friend".into()),
        ("/recipient/address", "+1 (312) 555-0100".into()),
        ("/recipient/address", "+1312555".into()),
        ("/recipient/address", "+10125550100".into()),
        ("/recipient/address", "+13121550100".into()),
        ("/recipient/address", "3125550100".into()),
        ("/recipient/address", "someone@example.com".into()),
        ("/recipient/address", "+33 6 12 34 56 78".into()),
        ("/recipient/address", "+0123456789".into()),
        ("/recipient/address", "+33 6 12 34 56 7x".into()),
        ("/recipient/address", Value::Null),
        ("/channel", "email".into()),
        ("/recipient/refused_addresses", serde_json::json!(["someone@example.com", "+13125550100", "1 Main St"])),
        ("/recipient/refused_addresses", serde_json::json!(["a@b"])),
        ("/recipient/refused_addresses", serde_json::json!(["@example.com"])),
        ("/recipient/refused_addresses", serde_json::json!(["a@.example.com"])),
        ("/recipient/refused_addresses", serde_json::json!(["a@example.com."])),
        ("/recipient/refused_addresses", serde_json::json!(["a b@example.com"])),
        ("/recipient/refused_addresses", serde_json::json!(["555-0100"])),
        ("/recipient/refused_addresses", serde_json::json!([""])),
        ("/recipient/address_kind", "shared".into()),
        ("/recipient/address_kind", Value::Null),
        ("/recipient/line_type", "mobile".into()),
        ("/recipient/line_type", "fax".into()),
        ("/recipient/locations/0/country", "us".into()),
        ("/recipient/locations/0/country", "USA".into()),
        ("/recipient/locations/0/time_zone", "Europe/Paris".into()),
        ("/recipient/locations/0/time_zone", "America/Argentina/Buenos_Aires".into()),
        ("/recipient/locations/0/time_zone", "Etc/GMT+5".into()),
        ("/recipient/locations/0/time_zone", "UTC".into()),
        ("/recipient/locations/0/time_zone", "not a zone".into()),
        ("/recipient/locations/0/time_zone", "".into()),
        ("/recipient/locations", serde_json::json!([{ "region": "IL" }])),
        ("/recipient/locations", serde_json::json!([{ "postal_code": "10001" }])),
        ("/recipient/locations", serde_json::json!([{ "country": "US", "city": "Chicago" }])),
        ("/recipient/inconvenient_times/0/end", "24:00".into()),
        ("/recipient/inconvenient_times/0/end", "08:30:15".into()),
        ("/recipient/inconvenient_times/0/end", "24:01".into()),
        ("/recipient/inconvenient_times/0/end", "9:00".into()),
        ("/recipient/inconvenient_times/0/end", "09:60".into()),
        ("/recipient/inconvenient_times/0/days", serde_json::json!(["mon", "sun"])),
        ("/recipient/inconvenient_times/0/days", serde_json::json!(["monday"])),
        (
            "/recipient/consents",
            serde_json::json!([{ "channel": "sms", "purpose": "marketing", "given_at": "2026-01-01T00:00:00Z" }]),
        ),
        ("/recipient/consents", serde_json::json!([{ "channel": "sms", "given_at": "2026-01-01" }])),
        ("/recipient/consents", serde_json::json!([{ "purpose": "collection" }])),
        ("/recipient/cease_requested_at", "2026-03-01T12:00:00Z".into()),
        ("/recipient/cease_requested_at", Value::Null),
        ("/recipient/cease_requested_at", "2026-03-01".into()),
        ("/recipient/objected_at", "2026-03-01T12:00:00-03:00".into()),
        ("/recipient/marketing_objected_at", "2026-03-01T12:00:00Z".into()),
        ("/recipient/marketing_objected_at", "2026-03-01".into()),
        ("/history/0/reference", "RC-2026-0042".into()),
        ("/history/0/reference", serde_json::json!(42)),
        ("/history/0/outcome", "no_answer".into()),
        ("/history/0/outcome", "busy".into()),
        ("/history/0/direction", "sideways".into()),
        ("/history/0/debt_ids", serde_json::json!(["D-1", "D-2"])),
        ("/history/0/debt_ids", serde_json::json!("D-1")),
        ("/history/0/address_kind", "work".into()),
        ("/history/0/consented", true.into()),
        ("/sender/role", "bank".into()),
        ("/sender/extra", 1.into()),
        ("/automated", "true".into()),
        ("/initial_communication", Value::Null),
        ("/initial_communication", false.into()),
        ("/body", 42.into()),
    ];
    // Values the engine rejects for a reason the schema cannot see, with the reason.
    let engine_blind: &[(&str, Value, &str)] = &[
        (
            "/recipient/address",
            "+33 6 12 34 56 7".into(),
            "the number of digits after a country calling code is a per-country table",
        ),
        (
            "/recipient/locations/0/time_zone",
            "America/Chicgo".into(),
            "a well-formed zone name that the time-zone database does not have",
        ),
    ];
    let mut failures = Vec::new();
    let set = |pointer: &str, value: &Value| {
        let mut attempt = base.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = attempt.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
        match target {
            Value::Object(m) => {
                m.insert(key.to_string(), value.clone());
            }
            Value::Array(a) => a[key.parse::<usize>().unwrap()] = value.clone(),
            _ => panic!("{pointer}"),
        }
        attempt
    };
    for (pointer, value) in &probes {
        let attempt = set(pointer, value);
        let engine = Attempt::from_value(attempt.clone()).map_err(|e| e.to_string());
        let errs = errors(&attempts, &attempt);
        if engine.is_ok() != errs.is_empty() {
            failures.push(format!(
                "{pointer} = {value}: engine {}, schema {}",
                engine.err().unwrap_or_else(|| "accepts".into()),
                if errs.is_empty() { "accepts".to_string() } else { format!("rejects: {errs:?}") }
            ));
        }
    }
    for (pointer, value, why) in engine_blind {
        let attempt = set(pointer, value);
        assert!(Attempt::from_value(attempt.clone()).is_err(), "{pointer} = {value}: the engine accepts it");
        assert!(errors(&attempts, &attempt).is_empty(), "{pointer} = {value}: the schema sees it now ({why})");
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
