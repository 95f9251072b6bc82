//! Shared code of the fuzz targets: the invariants every verdict must keep, and the
//! structure-aware attempt generator (`attempt_struct`).
//!
//! Invariants (each one a panic, so libFuzzer reports it as a crash):
//! - spans are exact: on char boundaries of their field's text, `&text[start..end] == span.text`,
//!   and the UTF-16 offsets are those of the same bytes;
//! - evaluation is deterministic, and evaluating the JSON text equals evaluating the parsed
//!   attempt, and equals evaluating the attempt read back from `to_json()`;
//! - when `next_allowed_at` is `Some(t)`, then `t >= send_at` and evaluating the attempt with
//!   `send_at = t` leaves no finding of severity >= warn that carries a `retry_at`.

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use fairtouch::{Attempt, Engine, Severity, Template, Verdict};
use jiff::Timestamp;
use serde_json::{Map, Value};

pub mod shapes;

/// The engine with the embedded default packs, built once per process.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

/// The fixed clock of template linting (`Template.at` overrides it).
pub fn fixed_now() -> Timestamp {
    "2026-03-10T15:00:00Z".parse().expect("instant")
}

/// Every span of `verdict` lies exactly on the text of its field.
pub fn check_spans(verdict: &Verdict, body: Option<&str>, subject: Option<&str>) {
    for f in &verdict.findings {
        let Some(span) = &f.span else { continue };
        let text = match span.field.as_str() {
            "body" => body,
            "subject" => subject,
            other => panic!("rule {}: span in unknown field {other:?}", f.rule),
        };
        let text = text.unwrap_or_else(|| panic!("rule {}: span in absent field {:?}", f.rule, span.field));
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "rule {}: span {span:?} out of {} bytes",
            f.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "rule {}: span {span:?} not on char boundaries of {text:?}",
            f.rule
        );
        assert_eq!(&text[span.start..span.end], span.text, "rule {}: span text", f.rule);
        let start16 = text[..span.start].encode_utf16().count();
        let len16 = span.text.encode_utf16().count();
        assert_eq!(
            (span.start_utf16, span.end_utf16),
            (start16, start16 + len16),
            "rule {}: UTF-16 offsets of {span:?}",
            f.rule
        );
    }
}

/// When a verdict names a next allowed instant, nothing time-curable remains at that instant.
pub fn check_next_allowed(engine: &Engine, attempt: &Attempt, verdict: &Verdict) {
    let Some(next) = verdict.next_allowed_at else { return };
    assert!(next >= attempt.send_at, "next_allowed_at {next} before send_at {}", attempt.send_at);
    let mut later = attempt.clone();
    later.send_at = next;
    let again = engine.evaluate(&later);
    let curable: Vec<_> = again
        .findings
        .iter()
        .filter(|f| f.retry_at.is_some() && f.severity >= Severity::Warn)
        .map(|f| (&f.rule, f.retry_at, &f.message))
        .collect();
    assert!(curable.is_empty(), "send_at {} -> next_allowed_at {next}, where still: {curable:?}", attempt.send_at);
}

/// Every invariant of one parsed attempt; `json` is the text it was parsed from, if any.
pub fn check_attempt(engine: &Engine, attempt: &Attempt, json: Option<&str>) -> Verdict {
    let verdict = engine.evaluate(attempt);
    check_spans(&verdict, attempt.body.as_deref(), attempt.subject.as_deref());
    let out = verdict.to_json();
    assert_eq!(engine.evaluate(attempt).to_json(), out, "evaluation is not deterministic");
    if let Some(json) = json {
        let from_text = engine.evaluate_json(json).expect("the text parsed once already");
        assert_eq!(from_text.to_json(), out, "evaluate_json(text) differs from evaluate(parsed)");
        assert_eq!(fairtouch::json::evaluate(engine, json).expect("parses"), out);
    }
    let again = attempt.to_json();
    let back = Attempt::from_json(&again).unwrap_or_else(|e| panic!("to_json() does not parse back: {e}\n{again}"));
    assert_eq!(&back, attempt, "to_json() round trip changes the attempt\n{again}");
    assert_eq!(engine.evaluate(&back).to_json(), out, "round-tripped attempt evaluates differently");
    check_next_allowed(engine, attempt, &verdict);
    check_verdict_reads_back(&verdict, &out);
    verdict
}

/// The verdict JSON reads back as the same verdict, in every year (found by this fuzzer:
/// instants before year 0 once did not; regression test in tests/properties.rs).
pub fn check_verdict_reads_back(verdict: &Verdict, out: &str) {
    let back: Verdict =
        serde_json::from_str(out).unwrap_or_else(|e| panic!("the verdict JSON does not read back: {e}\n{out}"));
    assert_eq!(&back, verdict, "the verdict JSON reads back differently");
}

/// Every invariant of one template linted at the fixed clock.
pub fn check_template(engine: &Engine, template: &Template, json: Option<&str>) {
    let Ok(verdict) = engine.lint_template(template, fixed_now()) else { return };
    check_spans(&verdict, Some(&template.body), template.subject.as_deref());
    let out = verdict.to_json();
    check_verdict_reads_back(&verdict, &out);
    let again = engine.lint_template(template, fixed_now()).expect("linted once already");
    assert_eq!(again.to_json(), out, "lint is not deterministic");
    if let Some(json) = json {
        assert_eq!(fairtouch::json::lint_template(engine, json, fixed_now()).expect("lints"), out);
    }
    let text = serde_json::to_string(template).expect("serialises");
    let back = Template::from_json(&text).unwrap_or_else(|e| panic!("template round trip does not parse: {e}\n{text}"));
    assert_eq!(&back, template, "template round trip changes it");
}

/// A structure-aware attempt: valid in shape, with adversarial texts.
pub fn attempt(u: &mut Unstructured) -> Result<Value> {
    shapes::attempt(u)
}

/// Inserts `value` under `key` when `cond`.
pub(crate) fn put(obj: &mut Map<String, Value>, key: &str, cond: bool, value: Value) {
    if cond {
        obj.insert(key.to_string(), value);
    }
}
