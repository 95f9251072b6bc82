//! Large texts of several shapes, shared by the criterion benchmark and the `text_sizes` example:
//! ordinary prose, one short phrase repeated, one banned word repeated, and a large subject.

use fairtouch::Attempt;

const PROSE: &str = "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information \
obtained will be used for that purpose. We wrote to you on January 10 about your account with Acme Bank. \
Your balance of $250.00 is past due since 2026-01-10; a payment plan can start with $50 today. \
Call us from 8 a.m. to 9 p.m. at 800-555-0100, or visit our website to pay online. Reply STOP to opt out. ";

pub fn text_of(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() + unit.len() <= bytes {
        s.push_str(unit);
    }
    s
}

pub fn attempt(body: &str, subject: Option<&str>) -> Attempt {
    let mut v = serde_json::json!({
        "channel": "email", "send_at": "2026-03-10T15:00:00Z", "body": body,
        "sender": {"name": "Acme Recovery", "role": "collector"},
        "recipient": {"relation": "debtor", "address": "john@mail.example",
                      "locations": [{"country": "US", "region": "IL"}]},
        "debt": {"id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD",
                 "due_date": "2026-01-10", "reference": "2023-45"}
    });
    if let Some(s) = subject {
        v["subject"] = serde_json::json!(s);
    }
    Attempt::from_value(v).expect("valid attempt")
}

/// The four shapes, each about `bytes` long.
pub fn shapes(bytes: usize) -> Vec<(&'static str, Attempt)> {
    vec![
        ("prose", attempt(&text_of(PROSE, bytes), None)),
        ("repeated_phrase", attempt(&text_of("pay now ", bytes), None)),
        ("repeated_banned_word", attempt(&text_of("arrested ", bytes), None)),
        ("subject", attempt("Acme Recovery is a debt collector. Reply STOP to opt out.", Some(&text_of(PROSE, bytes)))),
    ]
}
