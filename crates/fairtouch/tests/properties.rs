//! Laws of the engine, checked on generated attempts (proptest):
//! - evaluation is deterministic;
//! - adding outbound history never turns a block into an allow;
//! - when `next_allowed_at` is set, evaluating the same attempt at that instant leaves no
//!   time-curable finding;
//! - no input, any JSON and any Unicode, makes parsing or evaluation panic.

use std::sync::OnceLock;

use fairtouch::{Attempt, Decision, Engine, Severity};
use proptest::prelude::*;
use serde_json::{json, Value};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

const PHRASES: &[&str] = &[
    "Acme Recovery is a debt collector.",
    "This is an attempt to collect a debt and any information obtained will be used for that purpose.",
    "Reply STOP to opt out.",
    "Your balance of $250.00 is past due.",
    "Your balance of $300.00 is past due.",
    "You will be arrested.",
    "We will sue you.",
    "Pay your damn bill.",
    "Please call us at 800-555-0100.",
    "Vous devez 250,00 €.",
    "Un huissier va saisir vos biens.",
    "Répondez STOP pour ne plus recevoir de SMS.",
    "Su deuda de S/ 350.00 venció el 05/03/2026.",
    "Embargaremos su sueldo.",
    "Responda BAJA para darse de baja.",
    "Infos données personnelles et droit d'opposition : exemple.fr/rgpd",
    "\u{200b}arr\u{200d}ested 😀 ＡＲＲＥＳＴ",
];

const PLACES: &[(&str, &str, &str)] = &[
    ("US", "IL", "+13125550100"),
    ("US", "CA", "+14155550100"),
    ("US", "MA", "+16175550100"),
    ("US", "WA", "+12065550100"),
    ("US", "NY", "+12125550100"),
    ("US", "TN", "+16155550100"),
    ("FR", "", "+33612345678"),
    ("PE", "", "+51987654321"),
];

fn channel() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["sms", "whatsapp", "email", "voice", "voicemail", "letter"])
}

fn event() -> impl Strategy<Value = Value> {
    (
        channel(),
        prop::bool::ANY,
        0i64..(40 * 24 * 3600),
        prop::sample::select(vec!["delivered", "failed", "no_answer", "voicemail", "conversation"]),
        prop::sample::select(vec!["D-1", "D-2"]),
        prop::sample::select(vec!["STOP", "ok thanks", "no me escriban más", "ARRET", "wrong number", "I will pay"]),
    )
        .prop_map(|(ch, outbound, secs, outcome, debt, reply)| {
            let at = jiff::Timestamp::from_second(1_772_000_000 - secs).expect("in range");
            let mut e = json!({
                "channel": ch, "direction": if outbound { "outbound" } else { "inbound" },
                "at": fairtouch::format_instant(at), "outcome": outcome, "debt_id": debt,
            });
            if !outbound {
                e["body"] = json!(reply);
            }
            e
        })
}

fn attempt() -> impl Strategy<Value = Value> {
    (
        channel(),
        0i64..(60 * 24 * 3600),
        prop::collection::vec(prop::sample::select(PHRASES.to_vec()), 0..5),
        prop::sample::select(PLACES.to_vec()),
        prop::sample::select(vec!["collector", "creditor", "attorney"]),
        prop::sample::select(vec!["debtor", "spouse", "third_party", "guarantor", "unknown"]),
        prop::bool::ANY,
        prop::bool::ANY,
        prop::collection::vec(event(), 0..12),
        ".{0,40}",
    )
        .prop_map(|(ch, secs, phrases, place, role, relation, automated, initial, history, noise)| {
            let (country, region, phone) = place;
            let send_at = jiff::Timestamp::from_second(1_772_000_000 + secs).expect("in range");
            let address = match ch {
                "email" => json!("debtor@mail.example"),
                "letter" => json!("1 Main St"),
                _ => json!(phone),
            };
            let mut location = json!({ "country": country });
            if !region.is_empty() {
                location["region"] = json!(region);
            }
            let body = format!("{} {noise}", phrases.join(" "));
            json!({
                "channel": ch,
                "send_at": fairtouch::format_instant(send_at),
                "body": body,
                "automated": automated,
                "initial_communication": initial,
                "sender": { "name": "Acme Recovery", "role": role },
                "recipient": {
                    "relation": relation, "address": address, "locations": [location],
                    "consents": [{ "channel": "sms", "given_at": "2025-01-02T10:00:00Z" }]
                },
                "debt": { "id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD", "due_date": "2026-01-10" },
                "history": history,
            })
        })
}

fn parse(v: &Value) -> Attempt {
    Attempt::from_value(v.clone()).unwrap_or_else(|e| panic!("generated attempt rejected: {e}\n{v}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_is_deterministic(a in attempt()) {
        let attempt = parse(&a);
        let first = engine().evaluate(&attempt);
        let second = engine().evaluate(&attempt);
        prop_assert_eq!(first.to_json(), second.to_json());
    }

    #[test]
    fn outbound_history_never_turns_a_block_into_an_allow(a in attempt(), extra in prop::collection::vec(event(), 1..6)) {
        // `initial_communication` is stated in the attempt, so history only adds contacts to count.
        let before = engine().evaluate(&parse(&a));
        let mut more = a.clone();
        let history = more["history"].as_array_mut().expect("array");
        for mut e in extra {
            e["direction"] = json!("outbound");
            e.as_object_mut().expect("object").remove("body");
            history.push(e);
        }
        let after = engine().evaluate(&parse(&more));
        if before.decision == Decision::Block {
            prop_assert_eq!(after.decision, Decision::Block, "before: {:?}\nafter: {:?}", before.rule_ids(), after.rule_ids());
        }
    }

    #[test]
    fn next_allowed_at_is_allowed(a in attempt()) {
        let attempt = parse(&a);
        let verdict = engine().evaluate(&attempt);
        if let Some(next) = verdict.next_allowed_at {
            prop_assert!(next >= attempt.send_at);
            let mut later = attempt.clone();
            later.send_at = next;
            let again = engine().evaluate(&later);
            let curable: Vec<_> = again
                .findings
                .iter()
                .filter(|f| f.retry_at.is_some() && f.severity >= Severity::Warn)
                .map(|f| (&f.rule, &f.message))
                .collect();
            prop_assert!(curable.is_empty(), "at {next}: {curable:?}");
            prop_assert!(again.decision != Decision::Block || again.findings.iter().all(|f| f.severity != Severity::Block || f.retry_at.is_none()));
        }
    }

    #[test]
    fn any_unicode_body_is_evaluated_without_panic(a in attempt(), body in "\\PC{0,300}") {
        let mut a = a;
        a["body"] = json!(body);
        let attempt = parse(&a);
        let verdict = engine().evaluate(&attempt);
        for f in &verdict.findings {
            if let Some(span) = &f.span {
                let text = if span.field == "subject" { attempt.subject.as_deref() } else { attempt.body.as_deref() };
                let text = text.unwrap_or("");
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert_eq!(&text[span.start..span.end], span.text.as_str());
                let utf16: Vec<u16> = text.encode_utf16().collect();
                prop_assert_eq!(String::from_utf16_lossy(&utf16[span.start_utf16..span.end_utf16]), span.text.clone());
            }
        }
    }

    #[test]
    fn any_json_is_rejected_or_evaluated_without_panic(s in "\\PC{0,200}") {
        if let Ok(a) = Attempt::from_json(&s) {
            let _ = engine().evaluate(&a);
        }
    }

    #[test]
    fn mutated_attempts_never_panic(a in attempt(), key in prop::sample::select(vec![
        "send_at", "channel", "recipient", "debt", "history", "sender", "body", "language", "purpose",
    ]), value in prop::sample::select(vec![
        json!(null), json!(1), json!("x"), json!([]), json!({}), json!(-1.5), json!("2026-13-40T25:61:00Z"),
        json!("9999-12-31T23:59:59Z"), json!("-009999-01-01T00:00:00Z"), json!(true),
    ])) {
        let mut a = a;
        a[key] = value;
        if let Ok(attempt) = Attempt::from_value(a) {
            let _ = engine().evaluate(&attempt);
        }
    }
}

#[test]
fn extreme_instants_do_not_panic() {
    for send_at in ["9999-12-30T12:00:00Z", "-009999-01-02T12:00:00Z", "1970-01-01T00:00:00Z"] {
        let a = json!({
            "channel": "sms", "send_at": send_at, "body": "Reply STOP to opt out. Vous devez 250,00 €.",
            "sender": { "role": "collector" },
            "recipient": { "relation": "debtor", "address": "+13125550100", "locations": [{ "country": "FR" }, { "country": "PE" }] },
            "history": [{ "channel": "sms", "direction": "outbound", "at": send_at }]
        });
        let attempt = Attempt::from_value(a).expect("valid");
        let verdict = engine().evaluate(&attempt);
        assert!(!verdict.findings.is_empty());
    }
}
