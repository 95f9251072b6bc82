//! The input boundary fails closed: exactly one JSON value, sizes within their limits, template
//! jurisdictions that the loaded packs know, and no clock inside the engine.

use std::sync::OnceLock;

use fairtouch::{Attempt, Engine, Error, Template};
use jiff::Timestamp;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

const ATTEMPT: &str = r#"{"channel":"sms","send_at":"2026-03-10T15:00:00Z",
  "body":"Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.",
  "sender":{"name":"Acme Recovery","role":"collector"},
  "recipient":{"relation":"debtor","address":"+13125550100","locations":[{"country":"US","region":"IL"}]}}"#;

const THREAT: &str = r#"{"channel":"sms","send_at":"2026-03-10T15:00:00Z","body":"Pay or you will go to jail.",
  "sender":{"name":"Acme Recovery","role":"collector"},
  "recipient":{"relation":"debtor","address":"+13125550100","locations":[{"country":"US","region":"IL"}]}}"#;

fn path_and_message(e: Error) -> (String, String) {
    match e {
        Error::InvalidAttempt { path, message } => (path, message),
        other => panic!("expected an invalid attempt, got {other:?}"),
    }
}

#[test]
fn an_attempt_is_exactly_one_json_value() {
    assert!(Attempt::from_json(ATTEMPT).is_ok());
    assert!(Attempt::from_json(&format!("  {ATTEMPT}\n\n")).is_ok(), "whitespace around the value is fine");
    for tail in ["garbage", "]]]", "}", ",", "null", THREAT] {
        let input = format!("{ATTEMPT}{tail}");
        let (path, message) = path_and_message(Attempt::from_json(&input).expect_err(tail));
        assert_eq!(path, "$", "{tail}");
        assert!(message.contains("more input after the value at line"), "{tail}: {message}");
        assert!(message.contains("exactly one JSON value"), "{tail}: {message}");
    }
}

#[test]
fn trailing_input_after_a_bad_field_still_names_the_field() {
    let input = ATTEMPT.replace("\"sms\"", "\"fax\"") + "garbage";
    let (path, _) = path_and_message(Attempt::from_json(&input).unwrap_err());
    assert_eq!(path, "channel");
}

#[test]
fn a_template_is_exactly_one_json_value() {
    let t = r#"{"channel":"sms","body":"Pay {{debt.amount}}","sender":{"role":"collector"},"jurisdictions":["US"]}"#;
    assert!(Template::from_json(t).is_ok());
    let (path, message) = path_and_message(Template::from_json(&format!("{t} {t}")).unwrap_err());
    assert_eq!(path, "$");
    assert!(message.contains("exactly one JSON value"));
}

#[test]
fn every_text_has_a_size_limit() {
    let mut a: serde_json::Value = serde_json::from_str(ATTEMPT).unwrap();
    a["subject"] = serde_json::json!("x".repeat(fairtouch::MAX_TEXT_BYTES + 1));
    let (path, message) = path_and_message(Attempt::from_value(a.clone()).unwrap_err());
    assert_eq!(path, "subject");
    assert!(message.contains("limit of 1000000 bytes"), "{message}");

    a["subject"] = serde_json::json!("Account notice");
    a["history"] = serde_json::json!([{"channel":"sms","direction":"inbound","at":"2026-03-09T15:00:00Z",
        "body": "y".repeat(fairtouch::MAX_TEXT_BYTES + 1)}]);
    let (path, _) = path_and_message(Attempt::from_value(a.clone()).unwrap_err());
    assert_eq!(path, "history[0].body");

    let big = "z".repeat(fairtouch::MAX_TEXT_BYTES / 2);
    let events: Vec<_> = (0..9)
        .map(|_| serde_json::json!({"channel":"sms","direction":"inbound","at":"2026-03-09T15:00:00Z","body":big}))
        .collect();
    a["history"] = serde_json::Value::Array(events);
    let (path, message) = path_and_message(Attempt::from_value(a.clone()).unwrap_err());
    assert_eq!(path, "history[8].body", "{message}");

    a["history"] = serde_json::json!([]);
    a["debt"] = serde_json::json!({"creditor": "c".repeat(fairtouch::MAX_SHORT_TEXT_BYTES + 1)});
    let (path, _) = path_and_message(Attempt::from_value(a).unwrap_err());
    assert_eq!(path, "debt.creditor");
}

fn template(jurisdictions: &str) -> Template {
    Template::from_json(&format!(
        r#"{{"channel":"sms","body":"Acme Recovery is a debt collector. Pay now.","sender":{{"role":"collector"}},"jurisdictions":{jurisdictions}}}"#
    ))
    .expect("template parses")
}

fn now() -> Timestamp {
    "2026-12-01T12:00:00Z".parse().unwrap()
}

#[test]
fn template_jurisdictions_are_checked_against_the_loaded_packs() {
    let (path, message) = path_and_message(engine().lint_template(&template("[]"), now()).unwrap_err());
    assert_eq!(path, "jurisdictions");
    assert!(message.contains("US-CA") && message.contains("PE"), "lists the known ones: {message}");

    let (path, message) = path_and_message(engine().lint_template(&template(r#"["US", "XX"]"#), now()).unwrap_err());
    assert_eq!(path, "jurisdictions[1]");
    assert!(message.contains("unknown jurisdiction \"XX\"") && message.contains("US-NY-NYC"), "{message}");

    let (path, message) = path_and_message(engine().lint_template(&template(r#"["JP"]"#), now()).unwrap_err());
    assert_eq!(path, "jurisdictions");
    assert!(message.contains("no loaded pack applies to JP"), "{message}");

    // Case does not matter, and a member state brings the EU pack.
    let v = engine().lint_template(&template(r#"["us"]"#), now()).unwrap();
    assert!(v.packs.iter().any(|p| p.id == "us-federal"), "{:?}", v.packs);
    let v = engine().lint_template(&template(r#"["DE"]"#), now()).unwrap();
    assert_eq!(v.packs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["eu-gdpr"]);
    let v = engine().lint_template(&template(r#"["US-NY-NYC"]"#), now()).unwrap();
    assert!(v.packs.iter().any(|p| p.id == "us-nyc") && v.packs.iter().any(|p| p.id == "us-federal"));
}

#[test]
fn template_lint_reads_the_callers_clock() {
    // The opt-out notice rule is in force from 2021-11-30: the caller's "now" decides.
    let t = template(r#"["US"]"#);
    let in_2026 = engine().lint_template(&t, now()).unwrap();
    assert!(in_2026.rule_ids().contains(&"us.regf.opt-out-notice"), "{:?}", in_2026.rule_ids());
    let in_2000 = engine().lint_template(&t, "2000-01-01T00:00:00Z".parse().unwrap()).unwrap();
    assert!(!in_2000.rule_ids().contains(&"us.regf.opt-out-notice"), "{:?}", in_2000.rule_ids());
    // A template's own `at` wins over the clock.
    let dated = Template::from_json(
        r#"{"channel":"sms","body":"Acme Recovery is a debt collector. Pay now.","sender":{"role":"collector"},"jurisdictions":["US"],"at":"2000-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert!(!engine().lint_template(&dated, now()).unwrap().rule_ids().contains(&"us.regf.opt-out-notice"));
}

fn email_to(country: &str, body: &str) -> Attempt {
    Attempt::from_value(serde_json::json!({
        "channel": "email", "send_at": "2026-03-10T15:00:00Z", "body": body,
        "sender": {"name": "Acme Recovery", "role": "collector"},
        "recipient": {"relation": "debtor", "address": "someone@mail.example", "locations": [{"country": country}]}
    }))
    .expect("valid attempt")
}

#[test]
fn engine_findings_cite_the_law_of_the_recipient_or_nothing() {
    let zones_assumed = |a: &Attempt| {
        engine().evaluate(a).findings.into_iter().find(|f| f.rule == "fairtouch.zones-assumed").expect("zones assumed")
    };
    let us = zones_assumed(&email_to("US", "Acme Recovery is a debt collector. Reply STOP to opt out."));
    assert!(us.citation.contains("12 CFR 1006.6(b)(1)(i)"), "{}", us.citation);
    // Spain has three zones and no pack with a contact window: no US law, no law at all.
    let es = zones_assumed(&email_to("ES", "Acme Recovery: su factura está pendiente."));
    assert_eq!(es.citation, "", "{}", es.citation);
    for f in engine().evaluate(&email_to("ES", "")).findings {
        assert!(!f.citation.contains("CFR") && !f.citation.contains("USC"), "{f:?}");
    }
}

#[test]
fn a_rule_reports_a_few_spans_and_counts_the_rest() {
    let body = "Acme Recovery is a debt collector. You will be arrested. ".repeat(100) + "Reply STOP to opt out.";
    let verdict = engine().evaluate(&email_to("US", &body));
    let arrest: Vec<_> = verdict.findings.iter().filter(|f| f.rule == "us.fdcpa.threat-arrest").collect();
    assert_eq!(arrest.iter().filter(|f| f.span.is_some()).count(), 5);
    let summary = arrest.iter().find(|f| f.span.is_none()).expect("a summary finding");
    assert!(summary.message.starts_with("95 more passages"), "{}", summary.message);
    assert_eq!(summary.severity, fairtouch::Severity::Block);
    assert!(verdict.to_json().len() < 20_000, "the verdict stays small");
}

#[test]
fn input_cut_off_names_the_document() {
    for cut in ["{", "[", ""] {
        let (path, message) = path_and_message(Attempt::from_json(cut).unwrap_err());
        assert_eq!(path, "$", "{cut:?}: {message}");
        assert!(message.starts_with("invalid JSON"), "{cut:?}: {message}");
    }
    // Cut inside a value: the field it belongs to.
    let (path, _) = path_and_message(Attempt::from_json("{\"channel\":").unwrap_err());
    assert_eq!(path, "channel");
}

#[test]
fn instants_in_any_year_read_back() {
    for s in ["-009999-01-02T01:59:59Z", "0001-01-01T00:00:00Z", "2026-03-10T14:05:00.5Z", "9999-12-30T00:00:00Z"] {
        let t: jiff::Timestamp = s.parse().unwrap();
        let written = fairtouch::format_instant(t);
        assert_eq!(written.parse::<jiff::Timestamp>().unwrap(), t, "{s} -> {written}");
    }
}
