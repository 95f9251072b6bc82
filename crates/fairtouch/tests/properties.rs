//! Laws of the engine, checked on generated attempts of real shapes (proptest): every channel,
//! role and relation; places in US states, FR, PE and DE; consents, refusals, stated inconvenient
//! times; history with inbound replies; debts; texts mixing the packs' phrases in en, es and fr
//! with confusable letters, separators, HTML and emoji.
//! - a valid attempt parses, from its JSON text and from its value alike, and reads back from
//!   `to_json()` unchanged; evaluation is deterministic and the same from text or value;
//! - a near-valid attempt (one field broken) is rejected with the path of that field;
//! - every span is exact: on char boundaries, the text it names, and UTF-16 offsets that agree;
//! - adding outbound history never turns a block into an allow;
//! - when `next_allowed_at` is set, evaluating the same attempt at that instant leaves no
//!   time-curable finding;
//! - no input, any JSON and any Unicode, makes parsing or evaluation panic.
//!
//! The fuzz targets in `fuzz/` check the same invariants on many more inputs.

use std::sync::OnceLock;

use fairtouch::{Attempt, Decision, Engine, Error, Severity, Verdict};
use jiff::tz::Offset;
use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

// ------------------------------------------------------------------------------------------
// Real shapes.

/// (country, region, postal code, time zone, a phone number of the place).
const PLACES: &[(&str, Option<&str>, &str, &str, &str)] = &[
    ("US", Some("IL"), "60601", "America/Chicago", "+13125550100"),
    ("US", Some("CA"), "94103", "America/Los_Angeles", "+14155550100"),
    ("US", Some("MA"), "02108", "America/New_York", "+16175550100"),
    ("US", Some("WA"), "98101", "America/Los_Angeles", "+12065550100"),
    ("US", Some("NY"), "10001", "America/New_York", "+12125550100"),
    ("US", Some("TX"), "79901", "America/Denver", "+19155550100"),
    ("US", Some("FL"), "32501", "America/Chicago", "+18505550100"),
    ("US", Some("TN"), "37201", "America/Chicago", "+16155550100"),
    ("US", Some("AZ"), "85001", "America/Phoenix", "+16025550100"),
    ("US", Some("HI"), "96813", "Pacific/Honolulu", "+18085550100"),
    ("FR", None, "75001", "Europe/Paris", "+33612345678"),
    ("PE", None, "15001", "America/Lima", "+51987654321"),
    ("DE", None, "10115", "Europe/Berlin", "+4915112345678"),
];

const PHRASES: &[&str] = &[
    "Acme Recovery is a debt collector.",
    "This is an attempt to collect a debt and any information obtained will be used for that purpose.",
    "Reply STOP to opt out.",
    "STOP",
    "Your balance of $250.00 is past due.",
    "Your balance of $300.00 is past due.",
    "You will be arrested.",
    "you will be arrested",
    "We will sue you.",
    "Pay your damn bill.",
    "Please call us at 800-555-0100.",
    "Vous devez 250,00 €.",
    "Un huissier va saisir vos biens.",
    "un huissier va saisir",
    "Répondez STOP pour ne plus recevoir de SMS.",
    "ARRET",
    "Su deuda de S/ 350.00 venció el 05/03/2026.",
    "Embargaremos su sueldo.",
    "embargaremos su sueldo",
    "no me escriban más",
    "Responda BAJA para darse de baja.",
    "Infos données personnelles et droit d'opposition : exemple.fr/rgpd",
    "\u{200b}arr\u{200d}ested 😀 ＡＲＲＥＳＴ",
];

const REPLIES: &[&str] =
    &["STOP", "ok thanks", "no me escriban más", "ARRET", "wrong number", "I will pay", "stop texting me"];

const CONFUSABLES: &[(char, &[char])] = &[
    ('a', &['а', 'ɑ']),
    ('e', &['е']),
    ('o', &['о', 'ο', '0']),
    ('p', &['р']),
    ('c', &['с']),
    ('i', &['і', '1']),
    ('s', &['ѕ']),
    ('y', &['у']),
    ('O', &['О', 'Ο']),
    ('S', &['Ѕ']),
    ('T', &['Т', 'Τ']),
];

const SEPARATORS: &[&str] =
    &[" ", ".", "-", "_", "\u{200b}", "\u{200d}", "\u{feff}", "\u{00ad}", "\u{00a0}", "\n", "\r\n", "\t"];

const DECORATIONS: &[&str] = &[
    "😀",
    "🚔",
    "👮‍♂️",
    "🇫🇷",
    "e\u{301}",
    "ﬁ",
    "ẞ",
    "İ",
    "<b>",
    "</b>",
    "<br/>",
    "<a href=\"https://pay.example\">",
    "&amp;",
    "&nbsp;",
    "&#97;",
    "&eacute;",
    "S/ ",
    "€",
];

/// Disguises a phrase character by character, each byte of `ops` saying how.
fn mangle(phrase: &str, ops: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in phrase.chars().enumerate() {
        let op = ops[i % ops.len()];
        match op % 16 {
            0..=7 => out.push(c),
            8 | 9 => match CONFUSABLES.iter().find(|(k, _)| *k == c) {
                Some((_, alts)) => out.push(alts[usize::from(op / 16) % alts.len()]),
                None => out.push(c),
            },
            10 => out.extend(c.to_uppercase()),
            11 => {
                out.push(c);
                out.push_str(SEPARATORS[usize::from(op / 16) % SEPARATORS.len()]);
            }
            12 if c.is_ascii_alphanumeric() => out.push_str(&format!("&#{};", c as u32)),
            13 => {
                out.push(c);
                out.push_str(DECORATIONS[usize::from(op / 16) % DECORATIONS.len()]);
            }
            14 => {
                out.push(c);
                out.push('\u{301}');
            }
            15 => {}
            _ => out.push(c),
        }
    }
    out
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PHRASES).prop_map(String::from),
        3 => (prop::sample::select(PHRASES), prop::collection::vec(any::<u8>(), 1..32)).prop_map(|(p, ops)| mangle(p, &ops)),
        1 => prop::sample::select(SEPARATORS).prop_map(String::from),
        1 => prop::sample::select(DECORATIONS).prop_map(String::from),
        1 => "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join(" "))
}

const CHANNELS: &[&str] = &["sms", "whatsapp", "email", "voice", "voicemail", "letter"];

fn channel() -> impl Strategy<Value = &'static str> {
    prop::sample::select(CHANNELS)
}

/// 2024-01-01T00:00:00Z and 2029-01-01T00:00:00Z.
const Y2024: i64 = 1_704_067_200;
const Y2029: i64 = 1_861_920_000;
const DAY: i64 = 86_400;

/// An instant written with `Z` (offset 0) or with a fixed offset, in whole hours.
fn write_instant(secs: i64, offset_hours: i8) -> String {
    let t = Timestamp::from_second(secs).expect("in range");
    if offset_hours == 0 {
        return fairtouch::format_instant(t);
    }
    let local = Offset::constant(offset_hours).to_datetime(t);
    let sign = if offset_hours < 0 { '-' } else { '+' };
    format!("{}{sign}{:02}:00", local.strftime("%Y-%m-%dT%H:%M:%S"), offset_hours.unsigned_abs())
}

fn offset() -> impl Strategy<Value = i8> {
    prop::sample::select(vec![0i8, 0, 0, -10, -8, -6, -5, -4, 1, 2, 9, 14])
}

fn address_for(channel: &str, phone: &str, pick: usize) -> Value {
    match channel {
        "email" => json!(["debtor@mail.example", "Jean.Dupont@Example.FR", "work@employer.example"][pick % 3]),
        "letter" => json!(["1 Main St, Chicago IL 60601", "12 rue de Rivoli, 75001 Paris"][pick % 2]),
        _ if pick % 4 == 3 => json!(PLACES[pick % PLACES.len()].4),
        _ => json!(phone),
    }
}

/// A history event, `before` seconds before the send time.
#[derive(Debug, Clone)]
struct EventShape {
    channel: &'static str,
    inbound: bool,
    before: i64,
    offset: i8,
    outcome: Option<&'static str>,
    debt: Option<&'static str>,
    reply: String,
    consented: bool,
}

fn event_shape() -> impl Strategy<Value = EventShape> {
    (
        channel(),
        prop::bool::weighted(0.3),
        // Spread over 40 days, or bunched in a week or a day (frequency caps).
        prop_oneof![0i64..(40 * DAY), 0i64..(7 * DAY), 0i64..DAY],
        offset(),
        prop::option::of(prop::sample::select(vec!["delivered", "failed", "no_answer", "voicemail", "conversation"])),
        prop::option::of(prop::sample::select(vec!["D-1", "D-2"])),
        prop_oneof![2 => prop::sample::select(REPLIES).prop_map(String::from), 1 => text()],
        prop::bool::weighted(0.1),
    )
        .prop_map(|(channel, inbound, before, offset, outcome, debt, reply, consented)| EventShape {
            channel,
            inbound,
            before,
            offset,
            outcome,
            debt,
            reply,
            consented,
        })
}

impl EventShape {
    fn build(&self, send_secs: i64) -> Value {
        let mut e = json!({
            "channel": self.channel,
            "direction": if self.inbound { "inbound" } else { "outbound" },
            "at": write_instant(send_secs - self.before, self.offset),
        });
        if let Some(outcome) = self.outcome {
            e["outcome"] = json!(outcome);
        }
        if let Some(debt) = self.debt {
            e["debt_id"] = json!(debt);
        }
        if self.inbound {
            e["body"] = json!(self.reply);
        }
        if self.consented {
            e["consented"] = json!(true);
        }
        e
    }
}

/// Everything an attempt is made of, as plain choices; `build` makes the JSON.
#[derive(Debug, Clone)]
struct Shape {
    channel: &'static str,
    send_secs: i64,
    send_offset: i8,
    body: Option<String>,
    subject: Option<String>,
    role: &'static str,
    relation: &'static str,
    home: usize,
    extra_locations: Vec<(usize, u8)>,
    address: Option<usize>,
    consents: Vec<(bool, i64, Option<i64>, bool)>,
    debt: Option<(u64, &'static str, i64, u8)>,
    history: Vec<EventShape>,
    language: Option<&'static str>,
    initial: bool,
    flags: u16,
    inconvenient: Option<(u32, u32)>,
}

fn shape() -> impl Strategy<Value = Shape> {
    let head = (
        channel(),
        Y2024..Y2029,
        offset(),
        prop::option::weighted(0.9, text()),
        prop::option::weighted(0.5, text()),
        prop::sample::select(vec!["collector", "creditor", "attorney"]),
        prop::sample::select(vec![
            "debtor",
            "debtor",
            "debtor",
            "co_obligor",
            "guarantor",
            "spouse",
            "third_party",
            "unknown",
            "executor",
        ]),
        0..PLACES.len(),
        prop::collection::vec((0..PLACES.len(), any::<u8>()), 0..3),
        prop::option::weighted(0.85, any::<usize>()),
    );
    let tail = (
        prop::collection::vec(
            (
                any::<bool>(),
                0i64..(400 * DAY),
                prop::option::weighted(0.2, -DAY..(60 * DAY)),
                prop::bool::weighted(0.2),
            ),
            0..3,
        ),
        prop::option::weighted(
            0.8,
            (0u64..10_000_000, prop::sample::select(vec!["USD", "EUR", "PEN"]), -30i64..1000, any::<u8>()),
        ),
        prop::collection::vec(event_shape(), 0..12),
        prop::option::weighted(0.3, prop::sample::select(vec!["en", "es", "fr", "en-US", "fr-FR", "es-PE"])),
        any::<bool>(),
        any::<u16>(),
        prop::option::weighted(0.15, (0u32..1440, 1u32..600)),
    );
    (head, tail).prop_map(|(h, t)| Shape {
        channel: h.0,
        send_secs: h.1,
        send_offset: h.2,
        body: h.3,
        subject: if h.0 == "email" { h.4 } else { None },
        role: h.5,
        relation: h.6,
        home: h.7,
        extra_locations: h.8,
        address: h.9,
        consents: t.0,
        debt: t.1,
        history: t.2,
        language: t.3,
        initial: t.4,
        flags: t.5,
        inconvenient: t.6,
    })
}

impl Shape {
    fn flag(&self, bit: u32, one_in: u16) -> bool {
        // Bits 0..15 of `flags`, each set with chance 1/2; two bits with 1/4, and so on.
        let mut f = self.flags.rotate_left(bit);
        let mut chance = one_in;
        let mut yes = true;
        while chance > 1 {
            yes &= f & 1 == 1;
            f >>= 1;
            chance /= 2;
        }
        yes
    }

    fn build(&self) -> Value {
        let (country, region, _, _, phone) = PLACES[self.home];
        let mut a = Map::new();
        a.insert("channel".into(), json!(self.channel));
        a.insert("send_at".into(), json!(write_instant(self.send_secs, self.send_offset)));
        if let Some(body) = &self.body {
            a.insert("body".into(), json!(body));
        }
        if let Some(subject) = &self.subject {
            a.insert("subject".into(), json!(subject));
        }
        if let Some(language) = self.language {
            a.insert("language".into(), json!(language));
        }
        if self.flag(0, 4) {
            a.insert("automated".into(), json!(true));
        }
        a.insert("initial_communication".into(), json!(self.initial));
        a.insert("sender".into(), json!({ "name": "Acme Recovery", "role": self.role }));

        let mut r = Map::new();
        r.insert("relation".into(), json!(self.relation));
        if let Some(pick) = self.address {
            r.insert("address".into(), address_for(self.channel, phone, pick));
        }
        let mut home = json!({ "country": country });
        if let Some(region) = region {
            home["region"] = json!(region);
        }
        let mut locations = vec![home];
        for &(place, bits) in &self.extra_locations {
            let (country, region, postal, zone, _) = PLACES[place];
            let mut loc = json!({ "country": country });
            match (region, bits & 1 == 1) {
                (Some(region), true) => loc["region"] = json!(region.to_lowercase()),
                (Some(region), false) => loc["region"] = json!(region),
                _ => {}
            }
            if bits & 2 == 2 {
                loc["postal_code"] = json!(postal);
            }
            if bits & 4 == 4 {
                loc["time_zone"] = json!(zone);
            }
            locations.push(loc);
        }
        r.insert("locations".into(), Value::Array(locations));
        let consents: Vec<Value> = self
            .consents
            .iter()
            .map(|&(same_channel, given_before, revoked_before, marketing)| {
                let ch = if same_channel { self.channel } else { "sms" };
                let mut c = json!({ "channel": ch, "given_at": write_instant(self.send_secs - given_before, 0) });
                if let Some(before) = revoked_before {
                    c["revoked_at"] = json!(write_instant(self.send_secs - before, 0));
                }
                if marketing {
                    c["purpose"] = json!("marketing");
                }
                c
            })
            .collect();
        if !consents.is_empty() {
            r.insert("consents".into(), Value::Array(consents));
        }
        if self.flag(2, 16) {
            r.insert("refused_channels".into(), json!([self.channel]));
        }
        if self.flag(3, 16) {
            r.insert("cease_requested_at".into(), json!(write_instant(self.send_secs - 10 * DAY, 0)));
        }
        if self.flag(4, 16) {
            r.insert("represented_by_attorney".into(), json!(true));
        }
        if let Some((start, len)) = self.inconvenient {
            let end = (start + len).min(1440);
            if end > start {
                let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
                r.insert("inconvenient_times".into(), json!([{ "start": hhmm(start), "end": hhmm(end) }]));
            }
        }
        a.insert("recipient".into(), Value::Object(r));

        if let Some((cents, currency, due_days_before, bits)) = self.debt {
            let due = Timestamp::from_second(self.send_secs - due_days_before * DAY).expect("in range");
            let mut d = json!({
                "id": "D-1", "creditor": "Acme Bank",
                "amount": format!("{}.{:02}", cents / 100, cents % 100), "currency": currency,
                "due_date": due.strftime("%Y-%m-%d").to_string(),
            });
            for (bit, flag) in ["time_barred", "disputed", "bankruptcy", "legal_action_intended", "financial_system"]
                .into_iter()
                .enumerate()
            {
                if bits & (1 << bit) != 0 && bits & 0xe0 == 0 {
                    d[flag] = json!(true);
                }
            }
            a.insert("debt".into(), d);
        }
        let history: Vec<Value> = self.history.iter().map(|e| e.build(self.send_secs)).collect();
        if !history.is_empty() {
            a.insert("history".into(), Value::Array(history));
        }
        Value::Object(a)
    }
}

fn attempt() -> impl Strategy<Value = Value> {
    shape().prop_map(|s| s.build())
}

fn parse(v: &Value) -> Attempt {
    Attempt::from_value(v.clone()).unwrap_or_else(|e| panic!("generated attempt rejected: {e}\n{v}"))
}

/// Every span lies exactly on its field's text, in bytes and in UTF-16 code units.
fn spans_are_exact(verdict: &Verdict, body: Option<&str>, subject: Option<&str>) -> Result<(), TestCaseError> {
    for f in &verdict.findings {
        let Some(span) = &f.span else { continue };
        let text = match span.field.as_str() {
            "body" => body,
            "subject" => subject,
            other => return Err(TestCaseError::fail(format!("{}: span in field {other:?}", f.rule))),
        };
        let text = text.unwrap_or("");
        prop_assert!(span.start <= span.end && span.end <= text.len(), "{}: {span:?}", f.rule);
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{}: {span:?}", f.rule);
        prop_assert_eq!(&text[span.start..span.end], span.text.as_str());
        let start16 = text[..span.start].encode_utf16().count();
        prop_assert_eq!((span.start_utf16, span.end_utf16), (start16, start16 + span.text.encode_utf16().count()));
    }
    Ok(())
}

/// Evaluating at `next_allowed_at` leaves nothing that time alone would cure.
fn next_allowed_is_allowed(attempt: &Attempt, verdict: &Verdict) -> Result<(), TestCaseError> {
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
        prop_assert!(
            again.decision != Decision::Block
                || again.findings.iter().all(|f| f.severity != Severity::Block || f.retry_at.is_none())
        );
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Near-valid attempts: one field broken.

/// Breaks one field of a valid attempt; returns the JSON text and the path the error must name.
fn break_one(v: &Value, pick: usize, garbage: &str, pretty: bool) -> (String, String) {
    let mut v = v.clone();
    let mut candidates: Vec<(String, Value)> = vec![
        ("channel".into(), json!("fax")),
        ("channel".into(), json!("SMS")),
        ("sender.role".into(), json!("debt_buyer")),
        ("recipient.relation".into(), json!("cousin")),
        ("purpose".into(), json!("sales")),
        ("send_at".into(), json!("2026-03-10T15:00:00")),
        ("send_at".into(), json!("2026-03-10 15:00:00")),
        ("send_at".into(), json!("2026-03-10")),
        ("send_at".into(), json!(1_772_000_000)),
        ("colour".into(), json!("red")),
        ("sender.nickname".into(), json!("Bob")),
        ("recipient.locations[0].city".into(), json!("Chicago")),
        ("recipient.locations[0].time_zone".into(), json!("Mars/Olympus")),
        ("recipient.locations[0].country".into(), json!("USA")),
        ("automated".into(), json!("yes")),
        ("$".into(), Value::Null), // trailing garbage
    ];
    if v["debt"].is_object() {
        candidates.push(("debt.amount".into(), json!(250.0)));
        candidates.push(("debt.amount".into(), json!(250)));
        candidates.push(("debt.amount".into(), json!("250,00")));
        candidates.push(("debt.currency".into(), json!("DOLLARS")));
        candidates.push(("debt.due_date".into(), json!("10/01/2026")));
        candidates.push(("debt.interest".into(), json!("5%")));
    }
    if let Some(history) = v["history"].as_array() {
        let i = pick % history.len().max(1);
        if !history.is_empty() {
            candidates.push((format!("history[{i}].direction"), json!("sideways")));
            candidates.push((format!("history[{i}].channel"), json!("pigeon")));
            candidates.push((format!("history[{i}].at"), json!("2026-03-10T15:00:00")));
            candidates.push((format!("history[{i}].outcome"), json!("ghosted")));
            candidates.push((format!("history[{i}].note"), json!("called twice")));
        }
    }
    // Fields that are well-formed alone but wrong together (`Attempt::validate`).
    if v["recipient"]["locations"][0]["country"] == "US" {
        candidates.push(("recipient.locations[0].region".into(), json!("ZZ")));
    }
    if v["recipient"]["address"].is_string() {
        match v["channel"].as_str() {
            Some("email") => candidates.push(("recipient.address".into(), json!("+13125550100"))),
            Some("letter") => {}
            _ => candidates.push(("recipient.address".into(), json!("debtor@mail.example"))),
        }
    }
    if v["debt"].is_object() {
        candidates.push(("debt.currency".into(), Value::Null)); // an amount without its currency
    }
    if v["recipient"]["inconvenient_times"].is_array() {
        candidates.push(("recipient.inconvenient_times[0].end".into(), json!("00:00")));
    }
    if v["recipient"]["consents"].is_array() {
        candidates.push(("recipient.consents[0].given_at".into(), json!("2025-01-02 10:00")));
        candidates.push(("recipient.consents[0].channel".into(), json!("pigeon")));
    }
    let (path, value) = candidates[pick % candidates.len()].clone();
    if path == "$" {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
        return (text.expect("serialises") + garbage, path);
    }
    // Walk to the parent of the last segment and set it.
    let segments: Vec<String> = path.split('.').map(String::from).collect();
    let mut node = &mut v;
    for seg in &segments[..segments.len() - 1] {
        node = match seg.split_once('[') {
            Some((key, idx)) => &mut node[key][idx.trim_end_matches(']').parse::<usize>().expect("index")],
            None => &mut node[seg.as_str()],
        };
    }
    node[segments.last().expect("segment").as_str()] = value;
    let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) };
    (text.expect("serialises"), path)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn valid_attempts_parse_the_same_from_text_and_value_and_evaluate_deterministically(a in attempt(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&a) } else { serde_json::to_string(&a) }.expect("serialises");
        let from_text = Attempt::from_json(&text).unwrap_or_else(|e| panic!("generated attempt rejected: {e}\n{text}"));
        let from_value = parse(&a);
        prop_assert_eq!(&from_text, &from_value);
        let back = Attempt::from_json(&from_text.to_json()).expect("to_json parses back");
        prop_assert_eq!(&back, &from_text);

        let verdict = engine().evaluate(&from_value);
        let out = verdict.to_json();
        prop_assert_eq!(engine().evaluate(&from_value).to_json(), out.clone());
        prop_assert_eq!(engine().evaluate_json(&text).expect("parses").to_json(), out.clone());
        prop_assert_eq!(fairtouch::json::evaluate(engine(), &text).expect("parses"), out.clone());
        prop_assert_eq!(engine().evaluate(&back).to_json(), out.clone());
        let read_back: Verdict = serde_json::from_str(&out).expect("the verdict JSON reads back");
        prop_assert_eq!(&read_back, &verdict);
        spans_are_exact(&verdict, from_value.body.as_deref(), from_value.subject.as_deref())?;
    }

    #[test]
    fn near_valid_attempts_are_rejected_with_the_broken_fields_path(
        a in attempt(), pick in any::<usize>(), pretty in any::<bool>(),
        garbage in prop::sample::select(vec!["garbage", "}", "]", ",", "null", "{}", " x", "\"", "0"]),
    ) {
        let (text, path) = break_one(&a, pick, garbage, pretty);
        match Attempt::from_json(&text) {
            Err(Error::InvalidAttempt { path: got, message }) => prop_assert_eq!(&got, &path, "{}\n{}", message, text),
            Err(other) => prop_assert!(false, "not an attempt error: {other:?}"),
            Ok(_) => prop_assert!(false, "{path} broken, yet accepted:\n{text}"),
        }
        if path != "$" {
            let value: Value = serde_json::from_str(&text).expect("still JSON");
            let err = Attempt::from_value(value).expect_err("from_value rejects it too");
            prop_assert_eq!(err.path(), Some(path.as_str()), "{}", err);
        }
    }

    #[test]
    fn evaluation_is_deterministic(a in attempt()) {
        let attempt = parse(&a);
        let first = engine().evaluate(&attempt);
        let second = engine().evaluate(&attempt);
        prop_assert_eq!(first.to_json(), second.to_json());
    }

    #[test]
    fn outbound_history_never_turns_a_block_into_an_allow(s in shape(), extra in prop::collection::vec(event_shape(), 1..6)) {
        // `initial_communication` is stated in the attempt, so history only adds contacts to count.
        let a = s.build();
        let before = engine().evaluate(&parse(&a));
        let mut more = a.clone();
        if !more["history"].is_array() {
            more["history"] = json!([]);
        }
        let history = more["history"].as_array_mut().expect("array");
        for mut e in extra {
            e.inbound = false;
            history.push(e.build(s.send_secs));
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
        next_allowed_is_allowed(&attempt, &verdict)?;
    }

    #[test]
    fn any_unicode_body_is_evaluated_without_panic_and_spans_are_exact(a in attempt(), body in "\\PC{0,300}", subject in "\\PC{0,60}") {
        let mut a = a;
        a["body"] = json!(body);
        if a["channel"] == "email" {
            a["subject"] = json!(subject);
        }
        let attempt = parse(&a);
        let verdict = engine().evaluate(&attempt);
        spans_are_exact(&verdict, attempt.body.as_deref(), attempt.subject.as_deref())?;
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

/// Found while fuzzing (issue 9): a verdict about an instant in a negative year cannot be read
/// back. `model::format_instant` writes `-9999-01-05T12:00:00Z` (strftime `%Y`), which neither
/// RFC 3339 nor jiff's parser accepts (jiff writes and reads `-009999-01-05T12:00:00Z`), so the
/// `next_allowed_at` and `retry_at` of such a verdict break `Verdict` deserialisation (and
/// `parse_instant`). Crash input: the attempt below; `format_instant` now writes ISO 8601's
/// expanded year for years before 0.
#[test]
fn verdict_json_reads_back_in_negative_years() {
    let a = Attempt::from_json(
        r#"{"channel":"sms","send_at":"-000001-03-10T03:00:00Z",
            "body":"Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.",
            "sender":{"name":"Acme Recovery","role":"collector"},
            "recipient":{"relation":"debtor","address":"+13125550100","locations":[{"country":"US","region":"IL"}]}}"#,
    )
    .expect("valid");
    let verdict = engine().evaluate(&a);
    let next = verdict.next_allowed_at.expect("allowed at some point");
    let written = fairtouch::format_instant(next);
    assert_eq!(written.parse::<jiff::Timestamp>().ok(), Some(next), "format_instant wrote {written:?}");
    let read_back: Verdict = serde_json::from_str(&verdict.to_json()).expect("the verdict JSON reads back");
    assert_eq!(read_back, verdict);
}
