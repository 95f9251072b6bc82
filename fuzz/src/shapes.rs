//! Valid-shaped attempts from fuzzer bytes: real places in US states, FR, PE and DE; every
//! channel, role, relation; consents, refusals, stated inconvenient times; history with inbound
//! replies; a debt. The texts (body, subject, history bodies) mix the packs' banned phrases in
//! en, es and fr with confusable letters, separators, HTML entities and tags, and emoji.

use arbitrary::{Result, Unstructured};
use jiff::tz::Offset;
use jiff::Timestamp;
use serde_json::{json, Map, Value};

use crate::put;

/// (country, region, postal code, time zone, phone number of the place).
pub const PLACES: &[(&str, Option<&str>, &str, &str, &str)] = &[
    ("US", Some("IL"), "60601", "America/Chicago", "+13125550100"),
    ("US", Some("CA"), "94103", "America/Los_Angeles", "+14155550100"),
    ("US", Some("MA"), "02108", "America/New_York", "+16175550100"),
    ("US", Some("WA"), "98101", "America/Los_Angeles", "+12065550100"),
    ("US", Some("NY"), "10001", "America/New_York", "+12125550100"),
    ("US", Some("NY"), "14201", "America/New_York", "+17165550100"),
    ("US", Some("TX"), "77002", "America/Chicago", "+17135550100"),
    ("US", Some("TX"), "79901", "America/Denver", "+19155550100"),
    ("US", Some("FL"), "33101", "America/New_York", "+13055550100"),
    ("US", Some("FL"), "32501", "America/Chicago", "+18505550100"),
    ("US", Some("TN"), "37201", "America/Chicago", "+16155550100"),
    ("US", Some("AZ"), "85001", "America/Phoenix", "+16025550100"),
    ("US", Some("HI"), "96813", "Pacific/Honolulu", "+18085550100"),
    ("US", Some("AK"), "99501", "America/Anchorage", "+19075550100"),
    ("FR", None, "75001", "Europe/Paris", "+33612345678"),
    ("FR", None, "69001", "Europe/Paris", "+33712345678"),
    ("PE", None, "15001", "America/Lima", "+51987654321"),
    ("DE", None, "10115", "Europe/Berlin", "+4915112345678"),
];

/// Phrases of the packs (banned, required, opt-out, revocation) in en, es and fr, and neutral text.
pub const PHRASES: &[&str] = &[
    "you will be arrested",
    "You will go to jail.",
    "we will sue you",
    "We will garnish your wages.",
    "Pay your damn bill.",
    "Acme Recovery is a debt collector.",
    "This is an attempt to collect a debt and any information obtained will be used for that purpose.",
    "Reply STOP to opt out.",
    "STOP",
    "Your balance of $250.00 is past due.",
    "Please call us at 800-555-0100.",
    "embargaremos su sueldo",
    "te vamos a denunciar penalmente y te llevarán preso",
    "Su deuda de S/ 350.00 venció el 05/03/2026.",
    "Responda BAJA para darse de baja.",
    "no me escriban más",
    "Cobranzas Andinas SAC, por encargo de Caja Piura.",
    "un huissier va saisir",
    "Un huissier va saisir vos biens.",
    "Vous devez 250,00 €.",
    "Répondez STOP pour ne plus recevoir de SMS.",
    "ARRET",
    "Infos données personnelles et droit d'opposition : exemple.fr/rgpd",
    "Sie werden verhaftet.",
    "{{debt.amount}}",
    "ok thanks",
    "wrong number",
];

const CONFUSABLES: &[(char, &[char])] = &[
    ('a', &['а', 'ɑ', 'ａ']),
    ('e', &['е', 'ｅ']),
    ('o', &['о', 'ο', '0', 'ｏ']),
    ('p', &['р']),
    ('c', &['с']),
    ('i', &['і', 'ı', '1']),
    ('s', &['ѕ', '$']),
    ('y', &['у']),
    ('x', &['х']),
    ('A', &['А', 'Α']),
    ('E', &['Е', 'Ε']),
    ('O', &['О', 'Ο']),
    ('P', &['Р', 'Ρ']),
    ('S', &['Ѕ']),
    ('T', &['Т', 'Τ']),
];

const SEPARATORS: &[&str] = &[
    " ", "  ", ".", "-", "_", "\u{200b}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}", "\u{00ad}", "\u{00a0}",
    "\u{202f}", "\u{3000}", "\n", "\r\n", "\t", "·", "'", "’", "*",
];

const DECORATIONS: &[&str] = &[
    "😀",
    "🚔",
    "⚖️",
    "👮‍♂️",
    "🇺🇸",
    "🇫🇷",
    "🇵🇪",
    "e\u{301}",
    "\u{301}",
    "ﬁ",
    "ǅ",
    "ẞ",
    "İ",
    "\u{10ffff}",
    "𝐚𝐫𝐫𝐞𝐬𝐭𝐞𝐝",
    "<b>",
    "</b>",
    "<br/>",
    "<p>",
    "</p>",
    "<a href=\"https://pay.example\">",
    "</a>",
    "<!-- x -->",
    "&amp;",
    "&nbsp;",
    "&lt;",
    "&gt;",
    "&#97;",
    "&#x61;",
    "&eacute;",
    "&",
    "<",
    ">",
    "$",
    "S/ ",
    "€",
    "{{",
    "}}",
];

fn pick<'a, T>(u: &mut Unstructured, items: &'a [T]) -> Result<&'a T> {
    u.choose(items)
}

/// One character of a phrase, possibly disguised.
fn mangle_char(u: &mut Unstructured, c: char, out: &mut String) -> Result<()> {
    let roll: u8 = if u.is_empty() { 0 } else { u.arbitrary()? };
    match roll {
        0..=175 => out.push(c),
        176..=195 => match CONFUSABLES.iter().find(|(k, _)| *k == c) {
            Some((_, alts)) => out.push(*pick(u, alts)?),
            None => out.push(c),
        },
        196..=205 => out.extend(c.to_uppercase()),
        206..=215 => {
            out.push(c);
            out.push_str(pick(u, SEPARATORS)?);
        }
        216..=225 => {
            if c.is_ascii_alphanumeric() {
                out.push_str(&format!("&#{};", c as u32));
            } else if c == ' ' {
                out.push_str("&nbsp;");
            } else {
                out.push(c);
            }
        }
        226..=235 => {
            out.push(c);
            out.push_str(pick(u, DECORATIONS)?);
        }
        236..=245 => {
            // Accents, decomposed.
            out.push(c);
            out.push('\u{301}');
        }
        _ => {} // dropped
    }
    Ok(())
}

/// A message text: phrases, mangled phrases, separators, decorations and a little raw text.
pub fn text(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    let pieces = u.int_in_range(0..=8)?;
    for _ in 0..pieces {
        match u.int_in_range(0..=5)? {
            0 | 1 => out.push_str(pick(u, PHRASES)?),
            2 => {
                let phrase = pick(u, PHRASES)?;
                for c in phrase.chars() {
                    mangle_char(u, c, &mut out)?;
                }
            }
            3 => out.push_str(pick(u, SEPARATORS)?),
            4 => out.push_str(pick(u, DECORATIONS)?),
            _ => {
                let raw: &str = u.arbitrary()?;
                out.push_str(&raw[..raw.floor_char_boundary(40)]);
            }
        }
        if u.ratio(2, 3)? {
            out.push(' ');
        }
    }
    Ok(out)
}

/// An instant in 2024-2028, written with `Z` or an offset, sometimes with a fraction.
fn instant_between(u: &mut Unstructured, lo: i64, hi: i64) -> Result<(Timestamp, String)> {
    let secs = u.int_in_range(lo..=hi)?;
    let nanos = if u.ratio(1, 8)? { u.int_in_range(0..=999_999_999)? } else { 0 };
    let t = Timestamp::new(secs, nanos).expect("in range");
    let text = match u.int_in_range(0..=3)? {
        0 | 1 => fairtouch::format_instant(t),
        _ => {
            let hours = *pick(u, &[-10i8, -8, -7, -6, -5, -4, 0, 1, 2, 5, 9, 14])?;
            let local = Offset::constant(hours).to_datetime(t);
            let sign = if hours < 0 { '-' } else { '+' };
            format!("{}{sign}{:02}:00", local.strftime("%Y-%m-%dT%H:%M:%S%.f"), hours.unsigned_abs())
        }
    };
    Ok((t, text))
}

const Y2024: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
const Y2029: i64 = 1_861_920_000; // 2029-01-01T00:00:00Z
const DAY: i64 = 86_400;

const CHANNELS: &[&str] = &["sms", "whatsapp", "email", "voice", "voicemail", "letter"];

fn address_for(u: &mut Unstructured, channel: &str, phone: &str) -> Result<Value> {
    Ok(match channel {
        "email" => json!(pick(u, &["debtor@mail.example", "Jean.Dupont@Example.FR", "work@employer.example"])?),
        "letter" => {
            json!(pick(u, &["1 Main St, Chicago IL 60601", "12 rue de Rivoli, 75001 Paris", "Av. Larco 123, Lima"])?)
        }
        _ => {
            let other = pick(u, PLACES)?.4;
            let number = if u.ratio(3, 4)? { phone } else { other };
            if u.ratio(1, 6)? && number.starts_with("+1") {
                json!(format!("+1 ({}) {}-{}", &number[2..5], &number[5..8], &number[8..]))
            } else {
                json!(number)
            }
        }
    })
}

fn location(u: &mut Unstructured) -> Result<Value> {
    let (country, region, postal, zone, _) = *pick(u, PLACES)?;
    let mut loc = Map::new();
    loc.insert("country".into(), json!(country));
    if let Some(r) = region {
        put(&mut loc, "region", u.ratio(4, 5)?, json!(if u.ratio(1, 5)? { r.to_lowercase() } else { r.to_string() }));
    }
    put(&mut loc, "postal_code", u.ratio(1, 3)?, json!(postal));
    put(&mut loc, "time_zone", u.ratio(1, 3)?, json!(zone));
    Ok(Value::Object(loc))
}

fn clock(u: &mut Unstructured) -> Result<(u32, String)> {
    let minutes = u.int_in_range(0..=24 * 60)?;
    Ok((minutes, format!("{:02}:{:02}", minutes / 60, minutes % 60)))
}

/// A valid-shaped attempt.
pub fn attempt(u: &mut Unstructured) -> Result<Value> {
    let channel = *pick(u, CHANNELS)?;
    let (send_at, send_at_text) = instant_between(u, Y2024, Y2029 - 1)?;
    let send_secs = send_at.as_second();
    let home = *pick(u, PLACES)?;
    let mut a = Map::new();
    a.insert("channel".into(), json!(channel));
    a.insert("send_at".into(), json!(send_at_text));
    put(&mut a, "body", u.ratio(7, 8)?, json!(text(u)?));
    put(&mut a, "subject", channel == "email" && u.ratio(2, 3)?, json!(text(u)?));
    put(&mut a, "language", u.ratio(1, 4)?, json!(pick(u, &["en", "es", "fr", "en-US", "fr-FR", "es-PE"])?));
    put(&mut a, "automated", u.ratio(1, 3)?, json!(true));
    put(
        &mut a,
        "purpose",
        u.ratio(1, 4)?,
        json!(pick(
            u,
            &["collection", "location_information", "opt_out_confirmation", "informational", "cease_acknowledgement"]
        )?),
    );
    put(&mut a, "initial_communication", u.ratio(1, 2)?, json!(u.arbitrary::<bool>()?));

    let mut sender = Map::new();
    put(
        &mut sender,
        "name",
        u.ratio(4, 5)?,
        json!(pick(u, &["Acme Recovery", "Cobranzas Andinas SAC", "Recouvrement SA", "Acme Bank"])?),
    );
    sender.insert("role".into(), json!(pick(u, &["collector", "creditor", "attorney"])?));
    put(&mut sender, "license_number", u.ratio(1, 6)?, json!("NYC-1234567"));
    a.insert("sender".into(), Value::Object(sender));

    let mut r = Map::new();
    r.insert(
        "relation".into(),
        json!(pick(
            u,
            &[
                "debtor",
                "debtor",
                "debtor",
                "co_obligor",
                "guarantor",
                "spouse",
                "parent_of_minor",
                "guardian",
                "executor",
                "attorney",
                "third_party",
                "unknown"
            ]
        )?),
    );
    put(&mut r, "address", u.ratio(5, 6)?, address_for(u, channel, home.4)?);
    put(&mut r, "address_kind", u.ratio(1, 5)?, json!(pick(u, &["personal", "work", "shared", "group"])?));
    put(&mut r, "line_type", u.ratio(1, 5)?, json!(pick(u, &["mobile", "landline"])?));
    let mut locations = Vec::new();
    if u.ratio(5, 6)? {
        let (country, region, _, _, _) = home;
        let mut loc = json!({ "country": country });
        if let Some(region) = region {
            loc["region"] = json!(region);
        }
        locations.push(loc);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        locations.push(location(u)?);
    }
    put(&mut r, "locations", !locations.is_empty(), Value::Array(locations));
    put(&mut r, "represented_by_attorney", u.ratio(1, 10)?, json!(true));
    put(&mut r, "attorney_permits_contact", u.ratio(1, 10)?, json!(true));
    if u.ratio(1, 10)? {
        r.insert("cease_requested_at".into(), json!(instant_between(u, send_secs - 90 * DAY, send_secs + DAY)?.1));
    }
    if u.ratio(1, 8)? {
        r.insert("refused_channels".into(), json!([pick(u, CHANNELS)?]));
    }
    if u.ratio(1, 10)? {
        r.insert("refused_addresses".into(), json!([address_for(u, channel, home.4)?]));
    }
    if u.ratio(1, 6)? {
        let mut times = Vec::new();
        for _ in 0..u.int_in_range(1..=2)? {
            let (s, start) = clock(u)?;
            let (e, end) = clock(u)?;
            if s >= e {
                continue;
            }
            let mut t = json!({ "start": start, "end": end });
            if u.ratio(1, 2)? {
                t["days"] = json!([pick(u, &["mon", "tue", "wed", "thu", "fri", "sat", "sun"])?]);
            }
            times.push(t);
        }
        put(&mut r, "inconvenient_times", !times.is_empty(), Value::Array(times));
    }
    let mut consents = Vec::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let mut c = Map::new();
        let ch = if u.ratio(2, 3)? { channel } else { *pick(u, CHANNELS)? };
        c.insert("channel".into(), json!(ch));
        if u.ratio(1, 3)? && ch != "letter" {
            c.insert("address".into(), address_for(u, ch, home.4)?);
        }
        if u.ratio(3, 4)? {
            c.insert("given_at".into(), json!(instant_between(u, send_secs - 400 * DAY, send_secs + DAY)?.1));
        }
        if u.ratio(1, 5)? {
            c.insert("revoked_at".into(), json!(instant_between(u, send_secs - 60 * DAY, send_secs + DAY)?.1));
        }
        put(&mut c, "purpose", u.ratio(1, 4)?, json!(pick(u, &["collection", "marketing"])?));
        consents.push(Value::Object(c));
    }
    put(&mut r, "consents", !consents.is_empty(), Value::Array(consents));
    put(&mut r, "employer_prohibits_contact", u.ratio(1, 12)?, json!(true));
    if u.ratio(1, 12)? {
        r.insert("objected_at".into(), json!(instant_between(u, send_secs - 60 * DAY, send_secs)?.1));
    }
    if u.ratio(1, 12)? {
        r.insert("marketing_objected_at".into(), json!(instant_between(u, send_secs - 60 * DAY, send_secs)?.1));
    }
    a.insert("recipient".into(), Value::Object(r));

    if u.ratio(3, 4)? {
        let mut d = Map::new();
        put(&mut d, "id", u.ratio(4, 5)?, json!(pick(u, &["D-1", "D-2"])?));
        put(&mut d, "creditor", u.ratio(3, 4)?, json!(pick(u, &["Acme Bank", "Caja Piura", "Banque Exemple"])?));
        if u.ratio(3, 4)? {
            let cents = u.int_in_range(0u64..=10_000_000)?;
            d.insert("amount".into(), json!(format!("{}.{:02}", cents / 100, cents % 100)));
            d.insert("currency".into(), json!(pick(u, &["USD", "EUR", "PEN"])?));
        }
        if u.ratio(2, 3)? {
            let due = Timestamp::from_second(send_secs - u.int_in_range(-30 * DAY..=3 * 365 * DAY)?).expect("in range");
            d.insert("due_date".into(), json!(due.strftime("%Y-%m-%d").to_string()));
        }
        put(&mut d, "reference", u.ratio(1, 2)?, json!("2023-45"));
        for flag in [
            "time_barred",
            "disputed",
            "bankruptcy",
            "legal_action_intended",
            "fees_authorized",
            "judgment_obtained",
            "financial_system",
        ] {
            put(&mut d, flag, u.ratio(1, 10)?, json!(true));
        }
        put(&mut d, "consumer", u.ratio(1, 10)?, json!(false));
        if u.ratio(1, 8)? {
            let sent = Timestamp::from_second(send_secs - u.int_in_range(0..=90 * DAY)?).expect("in range");
            d.insert(
                "initial_letter".into(),
                json!({ "reference": "L-1", "sent_on": sent.strftime("%Y-%m-%d").to_string() }),
            );
        }
        a.insert("debt".into(), Value::Object(d));
    }

    let mut history = Vec::new();
    for _ in 0..u.int_in_range(0..=10)? {
        let ch = *pick(u, CHANNELS)?;
        let inbound = u.ratio(1, 3)?;
        let mut e = Map::new();
        e.insert("channel".into(), json!(ch));
        e.insert("direction".into(), json!(if inbound { "inbound" } else { "outbound" }));
        e.insert("at".into(), json!(instant_between(u, send_secs - 40 * DAY, send_secs)?.1));
        put(
            &mut e,
            "outcome",
            u.ratio(1, 2)?,
            json!(pick(u, &["delivered", "failed", "no_answer", "voicemail", "conversation"])?),
        );
        if u.ratio(1, 2)? {
            e.insert("debt_id".into(), json!(pick(u, &["D-1", "D-2"])?));
        } else if u.ratio(1, 6)? {
            e.insert("debt_ids".into(), json!(["D-1", "D-2"]));
        }
        if u.ratio(1, 4)? && ch != "letter" {
            e.insert("address".into(), address_for(u, ch, home.4)?);
        }
        put(&mut e, "address_kind", u.ratio(1, 10)?, json!(pick(u, &["personal", "work"])?));
        if inbound || u.ratio(1, 4)? {
            e.insert("body".into(), json!(text(u)?));
        }
        put(&mut e, "purpose", u.ratio(1, 8)?, json!("informational"));
        put(&mut e, "consented", u.ratio(1, 8)?, json!(true));
        put(&mut e, "reference", u.ratio(1, 6)?, json!(pick(u, &["RC-2026-0042", "C-123"])?));
        history.push(Value::Object(e));
    }
    put(&mut a, "history", !history.is_empty(), Value::Array(history));
    Ok(Value::Object(a))
}
