//! `fairtouch audit-gen`: a synthetic but realistic campaign log to try `fairtouch audit` on, and
//! to test and benchmark it. Deterministic: the same options and seed give the same bytes.
//!
//! Recipients are spread over US states (Illinois, Massachusetts, Washington, California, Texas,
//! Florida, upstate New York), New York City, France and Peru, each with their time zone, language
//! and usual channel (SMS, email, WhatsApp, calls). Several campaigns run over the weeks; most
//! messages are compliant, some are sent at night, use a threatening template or ignore an
//! opt-out. Recipients reply (STOP, disputes, promises to pay, questions), call back and talk to
//! an agent, and receive letters.

use std::io::Write;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::json;

/// What to generate.
pub struct Options {
    /// How many recipients.
    pub recipients: u64,
    /// How many weeks of campaigns.
    pub weeks: u32,
    /// The Monday the first campaign starts.
    pub start: Date,
    /// The seed of the pseudo-random choices.
    pub seed: u64,
    /// Shuffle the lines (the audit takes them in any order); otherwise they come recipient by
    /// recipient, each in time order.
    pub shuffle: bool,
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Where a recipient lives, and what follows from it.
struct Place {
    country: &'static str,
    region: Option<&'static str>,
    postal: &'static str,
    zone: &'static str,
    /// The phone prefix, e.g. `+1312` or `+336`.
    prefix: &'static str,
    /// Digits after the prefix.
    digits: u32,
    weight: u64,
}

const PLACES: &[Place] = &[
    Place {
        country: "US",
        region: Some("IL"),
        postal: "60601",
        zone: "America/Chicago",
        prefix: "+1312",
        digits: 7,
        weight: 12,
    },
    Place {
        country: "US",
        region: Some("MA"),
        postal: "02108",
        zone: "America/New_York",
        prefix: "+1617",
        digits: 7,
        weight: 8,
    },
    Place {
        country: "US",
        region: Some("WA"),
        postal: "98101",
        zone: "America/Los_Angeles",
        prefix: "+1206",
        digits: 7,
        weight: 8,
    },
    Place {
        country: "US",
        region: Some("CA"),
        postal: "90012",
        zone: "America/Los_Angeles",
        prefix: "+1213",
        digits: 7,
        weight: 12,
    },
    Place {
        country: "US",
        region: Some("TX"),
        postal: "75201",
        zone: "America/Chicago",
        prefix: "+1214",
        digits: 7,
        weight: 10,
    },
    Place {
        country: "US",
        region: Some("FL"),
        postal: "33130",
        zone: "America/New_York",
        prefix: "+1305",
        digits: 7,
        weight: 10,
    },
    Place {
        country: "US",
        region: Some("NY"),
        postal: "12207",
        zone: "America/New_York",
        prefix: "+1518",
        digits: 7,
        weight: 6,
    },
    Place {
        country: "US",
        region: Some("NY"),
        postal: "10001",
        zone: "America/New_York",
        prefix: "+1212",
        digits: 7,
        weight: 10,
    },
    Place { country: "FR", region: None, postal: "75011", zone: "Europe/Paris", prefix: "+336", digits: 8, weight: 12 },
    Place { country: "PE", region: None, postal: "15001", zone: "America/Lima", prefix: "+519", digits: 8, weight: 12 },
];

/// A message template: its id, its language, its text with `{amount}`, `{ref}`, `{due}`.
struct Template {
    id: &'static str,
    body: &'static str,
    /// How often it is used, relative to the others of its language.
    weight: u64,
}

const US_TEMPLATES: &[Template] = &[
    Template { id: "us-reminder", weight: 70, body: "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Your balance of ${amount} with Acme Bank (account {ref}) is past due. Pay at acme.example/pay. Reply STOP to opt out." },
    Template { id: "us-plan-offer", weight: 15, body: "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. You can settle your Acme Bank balance of ${amount} in 3 payments. Call 800-555-0199. Reply STOP to opt out." },
    Template { id: "us-final-warning", weight: 8, body: "Acme Recovery is a debt collector. FINAL NOTICE: pay ${amount} today or you will be arrested and we will contact your employer. Reply STOP to opt out." },
    Template { id: "us-short-nudge", weight: 7, body: "Your Acme Bank account {ref} is overdue: ${amount}. Pay now at acme.example/pay." },
];

const FR_TEMPLATES: &[Template] = &[
    Template { id: "fr-relance", weight: 80, body: "Bonjour, nous vous rappelons que la facture numéro {ref} d'un montant de {amount} €, échue le {due}, n'a pas encore été réglée. Merci de bien vouloir effectuer le paiement. Cordialement, Atelier Dupont." },
    Template { id: "fr-mise-en-demeure", weight: 20, body: "Dernier avis : sans paiement de {amount} € sous 48 heures, un huissier saisira vos biens et votre employeur sera informé. Atelier Dupont." },
];

const PE_TEMPLATES: &[Template] = &[
    Template { id: "pe-cuota", weight: 80, body: "Estimado cliente, su cuota de S/ {amount} con Caja Piura venció el {due}. Puede pagar en agencias o llamarnos al 01 6195000." },
    Template { id: "pe-presion", weight: 20, body: "Caja Piura: si no paga S/ {amount} hoy, iniciaremos acciones penales y publicaremos su deuda a sus familiares y vecinos." },
];

const CAMPAIGNS: &[&str] = &["reminder", "payment-plan", "final-notice", "reactivation"];

/// One recipient's circumstances.
struct Person {
    place: &'static Place,
    phone: String,
    email: Option<String>,
    debt_id: String,
    amount: String,
    reference: String,
    due: Date,
    /// Collector (US) or creditor (France, Peru).
    collector: bool,
}

fn person(rng: &mut Rng, n: u64, start: Date) -> Person {
    let total: u64 = PLACES.iter().map(|p| p.weight).sum();
    let mut x = rng.below(total);
    let place = PLACES
        .iter()
        .find(|p| {
            if x < p.weight {
                true
            } else {
                x -= p.weight;
                false
            }
        })
        .unwrap_or(&PLACES[0]);
    let span = 10u64.pow(place.digits);
    // The subscriber part: distinct per recipient, shaped as a valid number (an exchange 2-9).
    let local = (n * 7_919 + rng.below(7_919)) % (span - span / 5) + span / 5;
    let phone = format!("{}{local:0width$}", place.prefix, width = place.digits as usize);
    let email = (place.country == "US" && rng.chance(30)).then(|| format!("debtor{n}@mail.example"));
    let cents = 5_000 + rng.below(500_000);
    let due = start.checked_sub(jiff::Span::new().days(20 + rng.below(90) as i64)).unwrap_or(start);
    Person {
        place,
        phone,
        email,
        debt_id: format!("D-{n}"),
        amount: format!("{}.{:02}", cents / 100, cents % 100),
        reference: format!("{}-{:05}", 2024 + rng.below(3), n % 100_000),
        due,
        collector: place.country == "US",
    }
}

fn at_local(zone: &str, date: Date, hour: i8, minute: i8) -> Timestamp {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let dt = DateTime::from_parts(date, Time::constant(0, 0, 0, 0)).with().hour(hour).minute(minute).build();
    dt.ok()
        .and_then(|dt| tz.to_ambiguous_zoned_datetime(dt).compatible().ok())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn instant(t: Timestamp) -> String {
    fairtouch::format_instant(t)
}

/// The lines of one recipient, with their instants (for sorting), in time order.
fn recipient_lines(rng: &mut Rng, n: u64, o: &Options, next_id: &mut u64) -> Vec<(Timestamp, String)> {
    let p = person(rng, n, o.start);
    let place = p.place;
    let (templates, language) = match place.country {
        "FR" => (FR_TEMPLATES, "fr"),
        "PE" => (PE_TEMPLATES, "es"),
        _ => (US_TEMPLATES, "en"),
    };
    let mut location = json!({ "country": place.country, "postal_code": place.postal, "time_zone": place.zone });
    if let Some(r) = place.region {
        location["region"] = r.into();
    }
    let sender = if p.collector {
        json!({ "name": "Acme Recovery LLC", "role": "collector" })
    } else if place.country == "FR" {
        json!({ "name": "Atelier Dupont", "role": "creditor" })
    } else {
        json!({ "name": "Caja Piura", "role": "creditor" })
    };
    let (creditor, currency) = match place.country {
        "FR" => ("Atelier Dupont", "EUR"),
        "PE" => ("Caja Piura", "PEN"),
        _ => ("Acme Bank", "USD"),
    };
    let sms_channel = if place.country == "PE" { "whatsapp" } else { "sms" };
    let consent_given = instant(at_local(place.zone, o.start, 0, 0) - jiff::SignedDuration::from_hours(24 * 400));
    let mut lines: Vec<(Timestamp, String)> = Vec::new();
    let mut stopped = false;
    let mut disputed = false;
    let total_weight: u64 = templates.iter().map(|t| t.weight).sum();
    // A letter before the first campaign, for some.
    if rng.chance(40) {
        let at =
            at_local(place.zone, o.start, 10, 0) - jiff::SignedDuration::from_hours(24 * (3 + rng.below(10) as i64));
        let e = json!({ "kind": "event", "event": {
            "channel": "letter", "direction": "outbound", "at": instant(at), "outcome": "delivered",
            "debt_id": p.debt_id, "address": p.phone } });
        lines.push((at, e.to_string()));
    }
    for week in 0..o.weeks {
        let campaign = format!("{}-w{}", CAMPAIGNS[(week as usize) % CAMPAIGNS.len()], week + 1);
        if !rng.chance(85) {
            continue;
        }
        let sends = 1 + rng.below(3);
        for _ in 0..sends {
            let day = o
                .start
                .checked_add(jiff::Span::new().days(i64::from(week) * 7 + rng.below(6) as i64))
                .unwrap_or(o.start);
            // Mostly office hours; some at night or too early.
            let hour = if rng.chance(6) { *rng.pick(&[6i8, 7, 21, 22, 23]) } else { 9 + rng.below(11) as i8 };
            let send_at = at_local(place.zone, day, hour, rng.below(60) as i8);
            if stopped && !rng.chance(40) {
                continue; // most senders honour an opt-out
            }
            let voice = p.collector && rng.chance(20);
            let email = !voice && p.email.is_some() && rng.chance(50);
            let (channel, address) = if voice {
                ("voice", p.phone.clone())
            } else if email {
                ("email", p.email.clone().unwrap_or_default())
            } else {
                (sms_channel, p.phone.clone())
            };
            let mut x = rng.below(total_weight);
            let template = templates
                .iter()
                .find(|t| {
                    if x < t.weight {
                        true
                    } else {
                        x -= t.weight;
                        false
                    }
                })
                .unwrap_or(&templates[0]);
            let body = template
                .body
                .replace("{amount}", &p.amount)
                .replace("{ref}", &p.reference)
                .replace("{due}", &p.due.strftime("%d/%m/%Y").to_string());
            let mut debt = json!({ "id": p.debt_id, "creditor": creditor, "amount": p.amount, "currency": currency,
                                   "due_date": p.due.to_string(), "reference": p.reference });
            if disputed {
                debt["disputed"] = true.into();
            }
            if place.country == "PE" {
                debt["financial_system"] = true.into();
            }
            let mut recipient = json!({ "relation": "debtor", "address": address, "locations": [location.clone()] });
            if channel != "email" {
                recipient["consents"] = json!([{ "channel": if voice { "voice" } else { sms_channel }, "address": p.phone, "given_at": consent_given }]);
            }
            let mut attempt = json!({ "channel": channel, "send_at": instant(send_at), "body": body, "language": language,
                                      "automated": channel != "email", "sender": sender, "recipient": recipient, "debt": debt });
            if channel == "email" {
                attempt["subject"] = "Your account".into();
            }
            *next_id += 1;
            let mut message = json!({ "kind": "message", "id": format!("m-{}", *next_id), "campaign": campaign,
                                      "template": template.id, "attempt": attempt });
            if rng.chance(3) {
                message.as_object_mut().map(|m| m.remove("template"));
            }
            lines.push((send_at, message.to_string()));
            // What the recipient does next.
            let later =
                |rng: &mut Rng, minutes: u64| send_at + jiff::SignedDuration::from_mins(5 + rng.below(minutes) as i64);
            if voice {
                if rng.chance(25) {
                    // The call was answered: a conversation, on the record.
                    let at = later(rng, 10);
                    let e = json!({ "kind": "event", "event": { "channel": "voice", "direction": "inbound", "at": instant(at),
                        "outcome": "conversation", "debt_id": p.debt_id, "address": p.phone } });
                    lines.push((at, e.to_string()));
                }
                continue;
            }
            if rng.chance(12) {
                let at = later(rng, 180);
                let reply: &str = match (language, rng.below(6)) {
                    ("fr", 0 | 1) => "STOP",
                    ("fr", 2) => "Je conteste cette dette",
                    ("fr", _) => "Je paierai vendredi",
                    ("es", 0 | 1) => "No me escriban más",
                    ("es", 2) => "Esa deuda no es mía",
                    ("es", _) => "Pago el viernes",
                    (_, 0) => "STOP",
                    (_, 1) => "Please stop texting me",
                    (_, 2) => "I dispute this debt",
                    (_, 3) => "Who is this?",
                    _ => "I will pay on Friday",
                };
                if reply.starts_with("STOP") || reply.starts_with("Please stop") || reply.starts_with("No me") {
                    stopped = true;
                }
                if reply.contains("dispute") || reply.contains("conteste") || reply.contains("no es mía") {
                    disputed = true;
                }
                let e = json!({ "kind": "event", "event": { "channel": channel, "direction": "inbound", "at": instant(at),
                    "body": reply, "address": address } });
                lines.push((at, e.to_string()));
            } else if p.collector && rng.chance(5) {
                // The debtor calls back and talks to an agent.
                let at = later(rng, 2_000);
                let e = json!({ "kind": "event", "event": { "channel": "voice", "direction": "inbound", "at": instant(at),
                    "outcome": "conversation", "debt_id": p.debt_id, "address": p.phone } });
                lines.push((at, e.to_string()));
            }
        }
    }
    lines.sort_by_key(|(t, _)| *t);
    lines
}

/// Writes the log; returns (lines, messages).
pub fn generate(o: &Options, out: &mut impl Write) -> std::io::Result<(u64, u64)> {
    let mut rng = Rng(o.seed ^ 0x00F4_1270_0C4E);
    let mut next_id = 0u64;
    let mut count = 0u64;
    let mut all: Vec<String> = Vec::new();
    for n in 0..o.recipients {
        for (_, line) in recipient_lines(&mut rng, n, o, &mut next_id) {
            count += 1;
            if o.shuffle {
                all.push(line);
            } else {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    if o.shuffle {
        for i in (1..all.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            all.swap(i, j);
        }
        for line in &all {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok((count, next_id))
}
