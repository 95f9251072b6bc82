//! Reading measure (issue 11): how well the engine reads a message as the debtor reads it,
//! measured on messages written for this purpose, from how collectors and debtors write, and not
//! from the packs' phrase lists.
//!
//! `tests/reading/` holds, per language (English, Spanish, French):
//!
//! - `lawful-*.txt`: ordinary messages collectors must be able to send; none may get a
//!   banned-content finding;
//! - `threats-*.txt`: threats in plain words, in paraphrase, as conditions, and with negations that
//!   still threaten; each should get a threat finding;
//! - disguised variants, generated here, of every threat the engine catches in plain form and of
//!   every `[[rule.fire]]` example of the packs' threat rules, one per disguise class of
//!   `disguises.rs`;
//! - `revocations-*.txt` and `non-revocations-*.txt`: inbound replies; the next automated text
//!   must be blocked by a revocation rule if and only if the reply revokes.
//!
//! The test prints a table of figures and the lists of failures. It does not fail on misses (the
//! point is to measure), but it fails when a figure drops below its floor in
//! `tests/reading/floors.toml`. `READING_RAISE_FLOORS=1` raises the floors to today's figures
//! (never lowers them). See `tests/reading/README.md`.
//!
//! ```text
//! cargo test -p fairtouch --test reading_measure -- --nocapture
//! ```

mod common;
use common::disguise::disguises;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use fairtouch::{Attempt, Category, Decision, Engine, Severity, Verdict};
use serde_json::{json, Value};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/reading")
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

// ---------------------------------------------------------------------------------------------
// The data files.

/// One line of a data file: `class | text`, `\n` in the text standing for a line break. A comment
/// `# batch NAME: ...` starts a batch (the lines before it are batch `1`).
struct Entry {
    class: String,
    text: String,
    origin: String,
    batch: String,
}

fn read_entries(file: &str) -> Vec<Entry> {
    let path = data_dir().join(file);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut batch = "1".to_string();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if let Some(rest) = line.strip_prefix("# batch ") {
            batch = rest.split(|c: char| c == ':' || c.is_whitespace()).next().unwrap_or_default().to_string();
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (class, text) = line.split_once(" | ").unwrap_or_else(|| panic!("{file}:{}: `class | text`", i + 1));
        out.push(Entry {
            class: class.trim().to_string(),
            text: text.trim().replace("\\n", "\n"),
            origin: format!("{file}:{}", i + 1),
            batch: batch.clone(),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The frames: lawful attempts into which a message is put, so that only its words decide.

/// Where a message is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Frame {
    /// Automated SMS from a US debt collector with consent on record, debtor in Chicago, Tuesday
    /// 10:00 local; mini-Miranda and "Reply STOP to opt out" around the message.
    UsEn,
    /// The same in Spanish, `language: es`.
    UsEs,
    /// The English frame with no `language`, holding a Spanish message.
    UsNoLanguage,
    /// The English frame marked `language: en`, holding a Spanish message.
    UsMarkedEn,
    /// WhatsApp from a Peruvian collection agency for Caja Piura, Lima, Tuesday 10:00.
    Pe,
    /// Follow-up SMS from a French collection agency (its R124-4 letter already sent), Paris,
    /// Tuesday 15:00.
    Fr,
}

impl Frame {
    fn name(self) -> &'static str {
        match self {
            Frame::UsEn => "us-en",
            Frame::UsEs => "us-es",
            Frame::UsNoLanguage => "us-no-language",
            Frame::UsMarkedEn => "us-marked-en",
            Frame::Pe => "pe",
            Frame::Fr => "fr",
        }
    }

    /// A message that says nothing: the frame with it must be allowed.
    fn neutral(self) -> &'static str {
        match self {
            Frame::UsEn => "Thank you.",
            Frame::UsEs | Frame::UsNoLanguage | Frame::UsMarkedEn | Frame::Pe => "Gracias.",
            Frame::Fr => "Merci.",
        }
    }

    fn body(self, message: &str) -> String {
        match self {
            Frame::UsEn | Frame::UsNoLanguage | Frame::UsMarkedEn => format!(
                "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained \
                 will be used for that purpose. {message} Reply STOP to opt out."
            ),
            Frame::UsEs => format!(
                "Acme Recovery es un cobrador de deudas. Este es un intento de cobrar una deuda y cualquier información \
                 obtenida será utilizada para ese propósito. {message} Responda BAJA para darse de baja."
            ),
            Frame::Pe => format!(
                "Cobranzas Andinas, en nombre de Caja Piura: su cuota de S/ 350.00 venció el 05/03/2026. {message} Puede \
                 pagar en agentes o llámenos al 01 6195000."
            ),
            Frame::Fr => format!(
                "Cabinet Exemple (recouvrement amiable), pour Banque Y : rappel de notre courrier réf. RC-2026-0042 du \
                 03/03/2026. {message} Contact : 01 23 45 67 89."
            ),
        }
    }

    /// The attempt as JSON, with `body` and an optional inbound reply the day before.
    fn attempt(self, body: &str, reply: Option<&str>) -> Value {
        let us = |language: Option<&str>| {
            let mut v = json!({
                "channel": "sms", "send_at": "2026-03-10T15:00:00Z", "body": body, "automated": true,
                "sender": { "name": "Acme Recovery", "role": "collector" },
                "recipient": { "relation": "debtor", "address": "+13125550100", "line_type": "mobile",
                    "locations": [{ "country": "US", "region": "IL", "postal_code": "60601", "time_zone": "America/Chicago" }],
                    "consents": [{ "channel": "sms", "address": "+13125550100", "given_at": "2025-01-02T10:00:00Z" }] },
                "debt": { "id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD",
                    "due_date": "2026-01-10", "reference": "2023-45" }
            });
            if let Some(l) = language {
                v["language"] = json!(l);
            }
            v
        };
        let mut v = match self {
            Frame::UsEn | Frame::UsNoLanguage => us(None),
            Frame::UsEs => us(Some("es")),
            Frame::UsMarkedEn => us(Some("en")),
            Frame::Pe => json!({
                "channel": "whatsapp", "send_at": "2026-03-10T15:00:00Z", "body": body,
                "sender": { "name": "Cobranzas Andinas SAC", "role": "collector" },
                "recipient": { "relation": "debtor", "address": "+51987654321",
                    "locations": [{ "country": "PE", "time_zone": "America/Lima" }] },
                "debt": { "id": "D-1", "creditor": "Caja Piura", "amount": "350.00", "currency": "PEN",
                    "due_date": "2026-03-05", "reference": "CP-2026-0042", "financial_system": true }
            }),
            Frame::Fr => json!({
                "channel": "sms", "send_at": "2026-03-10T14:00:00Z", "body": body, "initial_communication": false,
                "sender": { "name": "Cabinet Exemple SAS", "role": "collector" },
                "recipient": { "relation": "debtor", "address": "+33612345678", "locations": [{ "country": "FR" }] },
                "debt": { "id": "D-1", "creditor": "Banque Y", "amount": "812.40", "currency": "EUR", "reference": "C-123",
                    "initial_letter": { "reference": "RC-2026-0042", "sent_on": "2026-03-03" } }
            }),
        };
        if let Some(reply) = reply {
            let channel = v["channel"].clone();
            v["history"] =
                json!([{ "channel": channel, "direction": "inbound", "at": "2026-03-09T16:00:00Z", "body": reply }]);
        }
        v
    }
}

// ---------------------------------------------------------------------------------------------
// What counts.

struct Judge {
    engine: Engine,
    evaluations: usize,
}

/// Banned-content rules that are not about threats, abuse or accusations (marketing, fees): a
/// threat is not "caught" by them.
const NOT_THREAT_RULES: &[&str] = &[
    "us.regf.unreasonable-opt-out",
    "us.tcpa.advertising-written-consent",
    "us.tcpa.confirmation-marketing",
    "us.fdcpa.unauthorized-fees",
    "fr.cpce.consumer-collection-fees",
    "fr.conso.telephone-prospection-consent",
    "fr.conso.telephone-prospection-bloctel",
    "pe.ley31143.late-payment-charges",
    "pe.ley32323.marketing-without-consent",
    "eu.eprivacy.marketing-without-consent",
    "eu.gdpr.marketing-objection",
];

fn is_threat_finding(f: &fairtouch::Finding) -> bool {
    f.category == Category::BannedContent && !NOT_THREAT_RULES.contains(&f.rule.as_str())
}

/// A rule that carries out a revocation or a request to stop: a consent rule, a cease request, a
/// refused medium.
fn is_revocation_finding(f: &fairtouch::Finding) -> bool {
    f.category == Category::Consent || f.rule.contains("cease-communication") || f.rule.contains("refused-medium")
}

fn describe(body: &str, f: &fairtouch::Finding) -> String {
    match &f.span {
        Some(s) if s.field == "body" && s.end <= body.len() => format!("{} [{:?}]", f.rule, &body[s.start..s.end]),
        Some(s) => format!("{} [{}: {:?}]", f.rule, s.field, s.text),
        None => f.rule.clone(),
    }
}

impl Judge {
    fn eval(&mut self, v: &Value) -> Verdict {
        self.evaluations += 1;
        let attempt = Attempt::from_value(v.clone()).unwrap_or_else(|e| panic!("attempt {v}: {e}"));
        self.engine.evaluate(&attempt)
    }
}

// ---------------------------------------------------------------------------------------------
// Figures and floors.

/// `key -> (passed, total)`, e.g. `threats/us-en/paraphrase -> (20, 33)`.
type Figures = BTreeMap<String, (usize, usize)>;

fn bump(fig: &mut Figures, key: String, ok: bool) {
    let e = fig.entry(key).or_default();
    e.0 += usize::from(ok);
    e.1 += 1;
}

fn read_floors(path: &Path) -> BTreeMap<String, usize> {
    let Ok(text) = fs::read_to_string(path) else { return BTreeMap::new() };
    let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for (section, table) in &doc {
        let table = table.as_table().unwrap_or_else(|| panic!("floors.toml: [{section}] is a table"));
        for (k, v) in table {
            let n = v.as_integer().unwrap_or_else(|| panic!("floors.toml: {section}.{k} is an integer"));
            out.insert(format!("{section}/{k}"), usize::try_from(n).expect("a floor is not negative"));
        }
    }
    out
}

fn write_floors(path: &Path, floors: &BTreeMap<String, usize>) {
    let mut sections: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (k, v) in floors {
        let (section, rest) = k.split_once('/').expect("section/key");
        sections.entry(section).or_default().push((rest, *v));
    }
    let mut text = String::from(
        "# Floors of the reading measure (crates/fairtouch/tests/reading_measure.rs): the least number of\n\
         # items that must pass, per figure. The test fails when a figure drops below its floor.\n\
         # Raise them with READING_RAISE_FLOORS=1 (never lowers); see tests/reading/README.md.\n",
    );
    for (section, keys) in sections {
        writeln!(text, "\n[{section}]").unwrap();
        for (k, v) in keys {
            writeln!(text, "\"{k}\" = {v}").unwrap();
        }
    }
    fs::write(path, text).expect("write floors.toml");
}

/// A threat the engine catches in plain form, to be disguised: the attempt, the rule that caught
/// it and the byte range of the word to disguise (the longest word of that rule's span).
struct Source {
    origin: String,
    lang: &'static str,
    attempt: Value,
    rule: String,
    key: (usize, usize),
}

/// The longest word (letters only) inside `body[start..end]`, as a byte range of `body`.
fn key_word(body: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut cur: Option<usize> = None;
    let span = &body[start..end];
    let push = |s: usize, e: usize, best: &mut Option<(usize, usize)>| {
        let len = body[s..e].chars().count();
        if best.is_none_or(|(bs, be)| body[bs..be].chars().count() < len) {
            *best = Some((s, e));
        }
    };
    for (i, c) in span.char_indices() {
        match (c.is_alphabetic(), cur) {
            (true, None) => cur = Some(start + i),
            (false, Some(s)) => {
                push(s, start + i, &mut best);
                cur = None;
            }
            _ => {}
        }
    }
    if let Some(s) = cur {
        push(s, end, &mut best);
    }
    best
}

/// The source made of a caught plain threat, when its threat finding has a span in the body.
fn source(origin: String, lang: &'static str, attempt: Value, verdict: &Verdict) -> Option<Source> {
    let body = attempt["body"].as_str()?.to_string();
    let f = verdict
        .findings
        .iter()
        .filter(|f| is_threat_finding(f))
        .find(|f| f.span.as_ref().is_some_and(|s| s.field == "body" && s.end <= body.len()))?;
    let s = f.span.as_ref()?;
    let key = key_word(&body, s.start, s.end)?;
    Some(Source { origin, lang, attempt, rule: f.rule.clone(), key })
}

fn lang_of_frame(frame: Frame) -> &'static str {
    match frame {
        Frame::UsEn => "en",
        Frame::Fr => "fr",
        _ => "es",
    }
}

// ---------------------------------------------------------------------------------------------
// The packs' fire examples of threat rules.

fn merge(base: &mut toml::Value, patch: &toml::Value) {
    match (base, patch) {
        (toml::Value::Table(b), toml::Value::Table(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(existing) if existing.is_table() && v.is_table() => merge(existing, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// `(origin, rule, attempt)` of every `[[rule.fire]]` example with a body, of every banned-content
/// threat rule of the default packs.
fn fire_examples() -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(rules_dir())
        .expect("rules/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.ends_with("Cargo.toml"))
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).expect("pack");
        let Ok(doc) = text.parse::<toml::Table>() else { continue };
        let Some(base) = doc.get("examples").and_then(|e| e.get("base")) else { continue };
        let Some(rules) = doc.get("rule").and_then(|r| r.as_array()) else { continue };
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for rule in rules {
            let id = rule.get("id").and_then(|v| v.as_str()).unwrap_or_default();
            if rule.get("check").and_then(|v| v.as_str()) != Some("banned_content") || NOT_THREAT_RULES.contains(&id) {
                continue;
            }
            for (i, fire) in rule.get("fire").and_then(|f| f.as_array()).into_iter().flatten().enumerate() {
                let mut patch = fire.clone();
                let Some(t) = patch.as_table_mut() else { continue };
                t.remove("note");
                t.remove("send_at_local");
                if !t.contains_key("body") {
                    continue;
                }
                let mut attempt = base.clone();
                merge(&mut attempt, &patch);
                let json = serde_json::to_value(&attempt).expect("toml to json");
                out.push((format!("{file} {id} fire {i}"), id.to_string(), json));
            }
        }
    }
    out
}

fn example_lang(attempt: &Value) -> &'static str {
    match (attempt["language"].as_str(), attempt["recipient"]["locations"][0]["country"].as_str()) {
        (Some("es"), _) | (None, Some("PE")) => "es",
        (Some("fr"), _) | (None, Some("FR")) => "fr",
        _ => "en",
    }
}

// ---------------------------------------------------------------------------------------------
// The measure.

const LANGS: [&str; 3] = ["en", "es", "fr"];

fn lawful_frames(lang: &str, class: &str) -> Vec<Frame> {
    match lang {
        "en" => vec![Frame::UsEn],
        "fr" => vec![Frame::Fr],
        _ if class.contains("/pe") => vec![Frame::Pe],
        _ if class.contains("/us") => vec![Frame::UsEs],
        _ => vec![Frame::Pe, Frame::UsEs],
    }
}

fn threat_frames(lang: &str) -> Vec<Frame> {
    match lang {
        "en" => vec![Frame::UsEn],
        "fr" => vec![Frame::Fr],
        _ => vec![Frame::Pe, Frame::UsEs, Frame::UsNoLanguage, Frame::UsMarkedEn],
    }
}

fn revocation_frames(lang: &str) -> Vec<Frame> {
    match lang {
        "en" => vec![Frame::UsEn],
        "fr" => vec![Frame::Fr],
        _ => vec![Frame::Pe, Frame::UsEs],
    }
}

#[test]
fn reading_measure() {
    let mut judge = Judge { engine: Engine::new().expect("default packs"), evaluations: 0 };
    let mut fig = Figures::new();
    let mut failures: BTreeMap<&str, Vec<String>> = BTreeMap::new();

    // Every frame is lawful as it is, with and without a reply that says nothing.
    for frame in [Frame::UsEn, Frame::UsEs, Frame::UsNoLanguage, Frame::UsMarkedEn, Frame::Pe, Frame::Fr] {
        for reply in [None, Some("Ok")] {
            let v = judge.eval(&frame.attempt(&frame.body(frame.neutral()), reply));
            let seen: Vec<String> = v.findings.iter().map(|f| format!("{} {:?}", f.rule, f.severity)).collect();
            assert_eq!(
                v.decision,
                Decision::Allow,
                "frame {} (reply {reply:?}) is not allowed: {seen:?}",
                frame.name()
            );
        }
    }

    // 1. Lawful messages: no banned-content finding.
    for lang in LANGS {
        for e in read_entries(&format!("lawful-{lang}.txt")) {
            for frame in lawful_frames(lang, &e.class) {
                let body = frame.body(&e.text);
                let mut attempt = frame.attempt(&body, None);
                if e.class.contains("+time-barred") {
                    // A time-barred disclosure is said of a time-barred debt.
                    attempt["debt"]["time_barred"] = json!(true);
                }
                if e.class.contains("+judgment") {
                    // A judgment told as a fact is said of a debt with a judgment.
                    attempt["debt"]["judgment_obtained"] = json!(true);
                }
                let v = judge.eval(&attempt);
                let banned: Vec<String> = v
                    .findings
                    .iter()
                    .filter(|f| f.category == Category::BannedContent)
                    .map(|f| describe(&body, f))
                    .collect();
                bump(&mut fig, format!("lawful/{}", frame.name()), banned.is_empty());
                if !banned.is_empty() {
                    failures.entry("lawful messages with a banned-content finding").or_default().push(format!(
                        "{} {} ({}): {} <- {:?}",
                        e.origin,
                        frame.name(),
                        e.class,
                        banned.join(", "),
                        e.text
                    ));
                }
                let other: Vec<String> = v
                    .findings
                    .iter()
                    .filter(|f| f.category != Category::BannedContent && f.severity != Severity::Info)
                    .map(|f| describe(&body, f))
                    .collect();
                if !other.is_empty() {
                    failures
                        .entry("lawful messages with another warn/block finding (not measured)")
                        .or_default()
                        .push(format!("{} {}: {} <- {:?}", e.origin, frame.name(), other.join(", "), e.text));
                }
            }
        }
    }

    // 2. Threats: a threat finding, in every frame of the language.
    let mut sources = Vec::new();
    for lang in LANGS {
        for e in read_entries(&format!("threats-{lang}.txt")) {
            let form = e.class.split_whitespace().next().unwrap_or_default().to_string();
            for (n, frame) in threat_frames(lang).into_iter().enumerate() {
                let attempt = frame.attempt(&frame.body(&e.text), None);
                let v = judge.eval(&attempt);
                let caught = v.findings.iter().any(is_threat_finding);
                bump(&mut fig, format!("threats/{}/{form}", frame.name()), caught);
                bump(&mut fig, format!("threats/{}/all", frame.name()), caught);
                bump(&mut fig, format!("threats/{}/batch-{}", frame.name(), e.batch), caught);
                if !caught {
                    failures.entry("threats missed").or_default().push(format!(
                        "{} {} ({}): {:?}",
                        e.origin,
                        frame.name(),
                        e.class,
                        e.text
                    ));
                }
                // The first frame of the language is the one the disguises are read in.
                if caught && n == 0 {
                    sources.extend(source(e.origin.clone(), lang_of_frame(frame), attempt, &v));
                }
            }
        }
    }

    // 3. Disguised variants of caught threats and of the packs' fire examples.
    let mut examples_not_caught = Vec::new();
    for (origin, rule, attempt) in fire_examples() {
        let v = judge.eval(&attempt);
        let body = attempt["body"].as_str().unwrap_or_default().to_string();
        let found = v
            .findings
            .iter()
            .find(|f| f.rule == rule && f.span.as_ref().is_some_and(|s| s.field == "body" && s.end <= body.len()));
        match found.and_then(|f| f.span.as_ref()).and_then(|s| key_word(&body, s.start, s.end)) {
            Some(key) => {
                sources.push(Source { origin, lang: example_lang(&attempt), attempt: attempt.clone(), rule, key })
            }
            None => examples_not_caught.push(origin),
        }
    }
    let classes = disguises();
    for src in &sources {
        let body = src.attempt["body"].as_str().expect("body").to_string();
        let word = &body[src.key.0..src.key.1];
        for (name, disguise) in &classes {
            let Some(disguised) = disguise(word) else { continue };
            let new_body = format!("{}{}{}", &body[..src.key.0], disguised, &body[src.key.1..]);
            let (at, end) = (src.key.0, src.key.0 + disguised.len());
            let mut attempt = src.attempt.clone();
            attempt["body"] = json!(new_body);
            let v = judge.eval(&attempt);
            let caught = v.findings.iter().any(|f| {
                f.rule == src.rule && f.span.as_ref().is_some_and(|s| s.field == "body" && s.start < end && at < s.end)
            });
            bump(&mut fig, format!("disguised/{}/{name}", src.lang), caught);
            bump(&mut fig, format!("disguised/{}/all", src.lang), caught);
            if !caught {
                failures
                    .entry("disguised variants missed")
                    .or_default()
                    .push(format!("{} {name}: {} not on {disguised:?} ({word:?})", src.origin, src.rule));
            }
        }
    }

    // 4. Revocations and non-revocations. A reply that only sends the text to a person's review
    // (a `warn`) is counted apart, with no floor.
    let mut reviews: BTreeMap<String, usize> = BTreeMap::new();
    for lang in LANGS {
        for (file, revokes) in
            [(format!("revocations-{lang}.txt"), true), (format!("non-revocations-{lang}.txt"), false)]
        {
            for e in read_entries(&file) {
                for frame in revocation_frames(lang) {
                    let v = judge.eval(&frame.attempt(&frame.body(frame.neutral()), Some(&e.text)));
                    let block = v.findings.iter().any(|f| is_revocation_finding(f) && f.severity == Severity::Block);
                    let review = v.findings.iter().any(|f| is_revocation_finding(f) && f.severity == Severity::Warn);
                    let section = if revokes { "revocations" } else { "non-revocations" };
                    bump(&mut fig, format!("{section}/{}", frame.name()), block == revokes);
                    if review && !block {
                        *reviews.entry(format!("{section}/{}", frame.name())).or_default() += 1;
                    }
                    if block != revokes {
                        let rules: Vec<String> = v
                            .findings
                            .iter()
                            .filter(|f| f.severity != Severity::Info)
                            .map(|f| f.rule.clone())
                            .collect();
                        failures
                            .entry(if revokes { "revocations not blocked" } else { "non-revocations blocked" })
                            .or_default()
                            .push(format!(
                                "{} {} ({}){}: {:?} {rules:?}",
                                e.origin,
                                frame.name(),
                                e.class,
                                if review { " [sent to review]" } else { "" },
                                e.text
                            ));
                    }
                }
            }
        }
    }

    // The report.
    let mut out = String::new();
    writeln!(out, "\nReading measure ({} evaluations)", judge.evaluations).unwrap();
    let pct = |(p, t): (usize, usize)| if t == 0 { 0.0 } else { 100.0 * p as f64 / t as f64 };
    for (section, what) in [
        ("lawful", "lawful messages passing (no banned-content finding), per frame"),
        ("threats", "threats caught (a threat, abuse or accusation finding), per frame and form"),
        ("revocations", "revocations that block the next automated text"),
        ("non-revocations", "non-revocations that do not block the next text"),
    ] {
        writeln!(out, "\n{section}: {what}").unwrap();
        for (k, &f) in fig.iter().filter(|(k, _)| k.split('/').next() == Some(section)) {
            writeln!(out, "  {:<32} {:>5} / {:<5} {:5.1}%", &k[section.len() + 1..], f.0, f.1, pct(f)).unwrap();
        }
    }
    if !reviews.is_empty() {
        let list: Vec<String> = reviews.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(out, "\nreplies not blocked but sent to review (warn; no floor): {}", list.join(", ")).unwrap();
    }
    writeln!(out, "\ndisguised: variants caught (same rule, span on the disguised word), per class").unwrap();
    writeln!(out, "  {:<24} {:>17} {:>17} {:>17}", "class", "en", "es", "fr").unwrap();
    let mut names: Vec<&str> = vec!["all"];
    names.extend(classes.iter().map(|(n, _)| *n));
    for name in names {
        let mut line = format!("  {name:<24}");
        for lang in LANGS {
            let f = fig.get(&format!("disguised/{lang}/{name}")).copied().unwrap_or_default();
            write!(line, " {:>5}/{:<5} {:5.1}%", f.0, f.1, pct(f)).unwrap();
        }
        writeln!(out, "{line}").unwrap();
    }
    if !examples_not_caught.is_empty() {
        writeln!(
            out,
            "\nfire examples of threat rules with no span of their rule in the body (not disguised): {}",
            examples_not_caught.join("; ")
        )
        .unwrap();
    }
    for (kind, list) in &failures {
        writeln!(out, "\n{kind} ({}):", list.len()).unwrap();
        for l in list {
            writeln!(out, "  {l}").unwrap();
        }
    }
    println!("{out}");
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reading");
    fs::create_dir_all(&report).expect("target/reading");
    fs::write(report.join("report.txt"), &out).expect("write report");

    // The floors.
    let path = data_dir().join("floors.toml");
    let mut floors = read_floors(&path);
    let mut below = Vec::new();
    for (k, floor) in &floors {
        let got = fig.get(k).map_or(0, |f| f.0);
        if got < *floor {
            below.push(format!("  {k}: {got} < floor {floor}"));
        }
    }
    let unfloored: Vec<&String> = fig.keys().filter(|k| !floors.contains_key(*k)).collect();
    if !unfloored.is_empty() {
        println!("figures with no floor yet: {unfloored:?}");
    }
    if std::env::var_os("READING_RAISE_FLOORS").is_some_and(|v| v != "0") {
        let mut raised = 0;
        for (k, &(p, _)) in &fig {
            let floor = floors.entry(k.clone()).or_insert(0);
            if p > *floor || (p == 0 && *floor == 0) {
                raised += usize::from(p > *floor);
                *floor = p;
            }
        }
        write_floors(&path, &floors);
        println!("floors.toml: {raised} floors raised (none lowered)");
    }
    assert!(
        below.is_empty(),
        "reading figures dropped below their floors (tests/reading/floors.toml):\n{}",
        below.join("\n")
    );
}
