//! Auditing a log of past messages: each message judged as `check` would have judged it, with the
//! history the log gives it.
//!
//! A log is a sequence of lines (JSON objects), in any order:
//!
//! - `{"kind": "message", "id": "m-1", "campaign": "march", "attempt": { … }}`: a message as it
//!   was sent, at its `send_at`;
//! - `{"kind": "event", "event": { … }}`: anything else that happened to a recipient (a reply, a
//!   call, a letter), with its `address`.
//!
//! A message's history is every line of the same recipient address that comes before it in
//! (time, line number) order (earlier messages become delivered outbound events on their channel
//! and debt), followed by the attempt's own `history`. The verdict is [`Engine::evaluate`]'s on
//! that attempt.
//!
//! [`Auditor`] does the judging for lines already grouped by recipient and sorted by time
//! ([`Entry::order`]), keeping only the history the engine's packs can still look at: the
//! longest frequency window ([`Engine::history_horizon`]) plus the facts that never expire
//! (every inbound event, the first reaching contact about each debt, location-information
//! contacts and opt-out confirmations, the contact just before the window). Memory per recipient
//! is therefore bounded by what the law looks back on, not by the length of the log. The CLI's
//! `fairtouch audit` and the Python package's Spark job share it.
//!
//! ```
//! use fairtouch::audit::{Auditor, Entry};
//! use fairtouch::Engine;
//!
//! let engine = Engine::new()?;
//! let attempt = r#"{"channel": "sms", "send_at": "2026-03-10T19:05:00Z", "body": "Acme Bank: your payment is due. Reply STOP to opt out.",
//!   "automated": true, "sender": {"name": "Acme Bank", "role": "creditor"},
//!   "recipient": {"relation": "debtor", "address": "+13125550100", "locations": [{"country": "US", "region": "IL"}],
//!                 "consents": [{"channel": "sms", "given_at": "2025-01-02T10:00:00Z"}]}}"#;
//! let reply = r#"{"kind": "event", "event": {"channel": "sms", "direction": "inbound",
//!   "at": "2026-03-09T15:00:00Z", "body": "STOP", "address": "+13125550100"}}"#;
//! let mut entries = vec![
//!     Entry::parse(1, &format!(r#"{{"kind": "message", "id": "m-1", "attempt": {attempt}}}"#))?,
//!     Entry::parse(2, reply)?,
//! ];
//! entries.sort_by(|a, b| a.order().cmp(&b.order()));
//! let mut auditor = Auditor::new(&engine);
//! let verdicts: Vec<_> = entries.into_iter().filter_map(|e| auditor.push(&engine, e)).collect();
//! assert_eq!(verdicts.len(), 1);
//! assert!(verdicts[0].verdict.rule_ids().contains(&"us.tcpa.revocation")); // the STOP of line 2
//! # Ok::<(), fairtouch::Error>(())
//! ```

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::error::Error;
use crate::model::{
    Address, Attempt, Channel, Direction, Event, Finding, Outcome, Purpose, Verdict, MAX_SHORT_TEXT_BYTES,
    MAX_TEXT_BYTES,
};
use crate::pack::Check;

/// What a log line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Message,
    Event,
}

/// A log line as written. Unknown members are rejected.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    kind: Kind,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    campaign: Option<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    attempt: Option<Attempt>,
    #[serde(default)]
    event: Option<Event>,
}

/// A message of the log: an outbound message as it was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The message's identifier in the sender's system.
    pub id: String,
    /// The campaign it belonged to, if any.
    pub campaign: Option<String>,
    /// The template it was written from, if the log says.
    pub template: Option<String>,
    /// The message, at its `send_at`.
    pub attempt: Attempt,
}

/// What a log line holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A message to judge.
    Message(Box<Message>),
    /// Something else that happened to a recipient.
    Event(Box<Event>),
}

/// One line of a log, parsed and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The line's number in the log (1-based): it breaks ties between lines of the same instant.
    pub line: u64,
    /// The recipient's address in canonical form (E.164 phone number, lower-cased email), or
    /// `None` for a message without a recipient address (judged with its own history only).
    pub recipient: Option<String>,
    /// What the line holds.
    pub record: Record,
}

impl Entry {
    /// Parses one log line, failing closed with the JSON path of the first bad field.
    pub fn parse(line: u64, json: &str) -> Result<Entry, Error> {
        let raw: Line = Error::parse_json(json)?;
        let bad = |path: &str, message: &str| Err(Error::InvalidAttempt { path: path.into(), message: message.into() });
        match raw.kind {
            Kind::Message => {
                if raw.event.is_some() {
                    return bad("event", "a message line has an `attempt`, not an `event`");
                }
                let Some(id) = raw.id else { return bad("id", "a message needs its `id`") };
                let Some(attempt) = raw.attempt else { return bad("attempt", "a message needs its `attempt`") };
                attempt.validate().map_err(|e| match e {
                    Error::InvalidAttempt { path, message } => {
                        Error::InvalidAttempt { path: format!("attempt.{path}"), message }
                    }
                    e => e,
                })?;
                let recipient = attempt.recipient.address.as_ref().map(|a| a.canonical().to_string());
                let message = Message { id, campaign: raw.campaign, template: raw.template, attempt };
                Ok(Entry { line, recipient, record: Record::Message(Box::new(message)) })
            }
            Kind::Event => {
                if raw.attempt.is_some() || raw.id.is_some() || raw.campaign.is_some() || raw.template.is_some() {
                    return bad("$", "an event line has only `kind` and `event`");
                }
                let Some(event) = raw.event else { return bad("event", "an event line needs its `event`") };
                let Some(address) = &event.address else {
                    return bad("event.address", "an event of the log needs the recipient's `address`");
                };
                let too_long = |path: &str, text: &str, limit: usize| {
                    Err(Error::InvalidAttempt {
                        path: path.into(),
                        message: format!("{} bytes, more than the limit of {limit} bytes", text.len()),
                    })
                };
                if let Some(body) = event.body.as_deref().filter(|b| b.len() > MAX_TEXT_BYTES) {
                    return too_long("event.body", body, MAX_TEXT_BYTES);
                }
                let ids = event.debt_id.iter().map(|d| ("event.debt_id".to_string(), d));
                let more = event.debt_ids.iter().enumerate().map(|(i, d)| (format!("event.debt_ids[{i}]"), d));
                if let Some((path, id)) = ids.chain(more).find(|(_, d)| d.len() > MAX_SHORT_TEXT_BYTES) {
                    return too_long(&path, id, MAX_SHORT_TEXT_BYTES);
                }
                let recipient = Some(address.canonical().to_string());
                Ok(Entry { line, recipient, record: Record::Event(Box::new(event)) })
            }
        }
    }

    /// When it happened: the message's `send_at`, the event's `at`.
    pub fn at(&self) -> Timestamp {
        match &self.record {
            Record::Message(m) => m.attempt.send_at,
            Record::Event(e) => e.at,
        }
    }

    /// The order an [`Auditor`] needs: by recipient, then time, then line number. A message
    /// without a recipient address is a recipient of its own.
    pub fn order(&self) -> (Option<&str>, Option<u64>, Timestamp, u64) {
        let alone = if self.recipient.is_none() { Some(self.line) } else { None };
        (self.recipient.as_deref(), alone, self.at(), self.line)
    }
}

/// Where a log line goes, read without judging it: its recipient and its time. For partitioning
/// a log by recipient before sorting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The recipient's canonical address; `None` for a message without one.
    pub recipient: Option<String>,
    /// The message's `send_at` or the event's `at`.
    pub at: Timestamp,
}

#[derive(Deserialize)]
struct RouteLine {
    kind: Kind,
    #[serde(default)]
    attempt: Option<RouteAttempt>,
    #[serde(default)]
    event: Option<RouteEvent>,
}
#[derive(Deserialize)]
struct RouteAttempt {
    #[serde(deserialize_with = "crate::model::deserialize_instant")]
    send_at: Timestamp,
    recipient: RouteRecipient,
}
#[derive(Deserialize)]
struct RouteRecipient {
    #[serde(default)]
    address: Option<Address>,
}
#[derive(Deserialize)]
struct RouteEvent {
    #[serde(deserialize_with = "crate::model::deserialize_instant")]
    at: Timestamp,
    #[serde(default)]
    address: Option<Address>,
}

/// Reads a log line's recipient and time only (a line that routes may still fail
/// [`Entry::parse`]).
pub fn route(json: &str) -> Result<Route, Error> {
    let raw: RouteLine = Error::parse_json(json)?;
    let missing = |path: &str| Error::InvalidAttempt { path: path.into(), message: "missing".into() };
    match raw.kind {
        Kind::Message => {
            let a = raw.attempt.ok_or_else(|| missing("attempt"))?;
            Ok(Route { recipient: a.recipient.address.map(|x| x.canonical().to_string()), at: a.send_at })
        }
        Kind::Event => {
            let e = raw.event.ok_or_else(|| missing("event"))?;
            let address = e.address.ok_or_else(|| missing("event.address"))?;
            Ok(Route { recipient: Some(address.canonical().to_string()), at: e.at })
        }
    }
}

/// One message's verdict in an audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Audited {
    /// The message's line in the log.
    pub line: u64,
    /// The message's id.
    pub id: String,
    /// Its campaign, if any.
    pub campaign: Option<String>,
    /// Its template, if the log says.
    pub template: Option<String>,
    /// When it was sent.
    pub send_at: Timestamp,
    /// Its channel.
    pub channel: Channel,
    /// Its body, for reports that show the offending words.
    pub body: Option<String>,
    /// The verdict, exactly as [`Engine::evaluate`] gives it.
    pub verdict: Verdict,
}

/// The verdict line of an audit (`verdicts.jsonl`).
#[derive(Serialize)]
struct VerdictLine<'a> {
    line: u64,
    id: &'a str,
    campaign: Option<&'a str>,
    send_at: String,
    decision: crate::model::Decision,
    findings: &'a [Finding],
    #[serde(with = "crate::model::opt_ts")]
    next_allowed_at: Option<Timestamp>,
}

impl Audited {
    /// The verdict line as JSON: `line`, `id`, `campaign`, `send_at`, `decision`, `findings` and
    /// `next_allowed_at`.
    pub fn to_json(&self) -> String {
        let line = VerdictLine {
            line: self.line,
            id: &self.id,
            campaign: self.campaign.as_deref(),
            send_at: crate::model::format_instant(self.send_at),
            decision: self.verdict.decision,
            findings: &self.verdict.findings,
            next_allowed_at: self.verdict.next_allowed_at,
        };
        serde_json::to_string(&line).unwrap_or_default()
    }
}

/// Judges the messages of a log given in [`Entry::order`], one recipient after another, keeping
/// for each recipient only the history the engine can still look at.
pub struct Auditor {
    horizon: SignedDuration,
    recipient: Option<(Option<String>, Option<u64>)>,
    /// The recipient's history so far, in (time, line) order.
    history: Vec<Event>,
}

impl Auditor {
    /// An auditor for `engine`: it keeps the history `engine`'s packs look back on. It holds no
    /// reference to the engine, so that it can live in a binding's object; give the same engine
    /// to every [`Auditor::push`].
    pub fn new(engine: &Engine) -> Auditor {
        Auditor { horizon: engine.history_horizon(), recipient: None, history: Vec::new() }
    }

    /// Takes the next line (in [`Entry::order`]) and returns the verdict if it is a message,
    /// judged by `engine`.
    pub fn push(&mut self, engine: &Engine, entry: Entry) -> Option<Audited> {
        let key = (entry.recipient.clone(), if entry.recipient.is_none() { Some(entry.line) } else { None });
        if self.recipient.as_ref() != Some(&key) {
            self.recipient = Some(key);
            self.history.clear();
        }
        let at = entry.at();
        self.forget_before(at);
        match entry.record {
            Record::Event(event) => {
                self.history.push(*event);
                None
            }
            Record::Message(message) => {
                let Message { id, campaign, template, mut attempt } = *message;
                let sent = as_event(&attempt);
                let own = std::mem::take(&mut attempt.history);
                let earlier = self.history.len();
                attempt.history = std::mem::take(&mut self.history);
                attempt.history.extend(own);
                let verdict = engine.evaluate(&attempt);
                attempt.history.truncate(earlier);
                self.history = std::mem::take(&mut attempt.history);
                self.history.push(sent);
                Some(Audited {
                    line: entry.line,
                    id,
                    campaign,
                    template,
                    send_at: attempt.send_at,
                    channel: attempt.channel,
                    body: attempt.body,
                    verdict,
                })
            }
        }
    }

    /// The number of history events held for the current recipient.
    pub fn held(&self) -> usize {
        self.history.len()
    }

    /// Drops what no rule can look at from `now` on: outbound contacts older than the horizon,
    /// except the first that reached the recipient about each debt (the initial communication),
    /// location-information contacts and opt-out confirmations (counted without a window), and
    /// the contact just before the window (whether a contact in the window answered the
    /// recipient depends on it). Inbound events are all kept.
    fn forget_before(&mut self, now: Timestamp) {
        let cutoff = now.checked_sub(self.horizon).unwrap_or(Timestamp::MIN);
        let old = self.history.partition_point(|e| e.at < cutoff);
        if old < 2 {
            return;
        }
        let mut keep = vec![false; old];
        keep[old - 1] = true;
        let mut firsts: Vec<usize> = Vec::new();
        for (i, e) in self.history[..old].iter().enumerate() {
            match e.direction {
                Direction::Inbound => keep[i] = true,
                Direction::Outbound => {
                    if matches!(e.purpose, Some(Purpose::LocationInformation | Purpose::OptOutConfirmation)) {
                        keep[i] = true;
                    }
                    let reached = !matches!(e.outcome, Some(Outcome::Failed | Outcome::NoAnswer));
                    if reached
                        && !firsts.iter().any(|&j| {
                            let f = &self.history[j];
                            f.debt_id == e.debt_id && f.debt_ids == e.debt_ids
                        })
                    {
                        firsts.push(i);
                        keep[i] = true;
                    }
                }
            }
        }
        if keep.iter().all(|&k| k) {
            return;
        }
        let mut i = 0;
        self.history.retain(|_| {
            let k = i >= old || keep[i];
            i += 1;
            k
        });
    }
}

/// A message as an event of the history of later messages: delivered, outbound, on its channel,
/// about its debt, to its address, for its purpose. Built through the event's JSON form, so that
/// fields the format gains later keep their defaults.
fn as_event(attempt: &Attempt) -> Event {
    let mut event = serde_json::json!({
        "channel": attempt.channel,
        "direction": "outbound",
        "at": crate::model::format_instant(attempt.send_at),
        "outcome": "delivered",
        "purpose": attempt.purpose,
    });
    if let Some(id) = attempt.debt.as_ref().and_then(|d| d.id.as_ref()) {
        event["debt_id"] = id.as_str().into();
    }
    if let Some(address) = &attempt.recipient.address {
        event["address"] = address.canonical().into();
    }
    serde_json::from_value(event).unwrap_or_else(|_| Event {
        channel: attempt.channel,
        direction: Direction::Outbound,
        at: attempt.send_at,
        outcome: Some(Outcome::Delivered),
        debt_id: attempt.debt.as_ref().and_then(|d| d.id.clone()),
        debt_ids: Vec::new(),
        address: attempt.recipient.address.clone(),
        address_kind: None,
        body: None,
        purpose: Some(attempt.purpose),
        consented: false,
        reference: None,
    })
}

impl Engine {
    /// How far back in time any rule of the engine's packs looks at the history: the longest
    /// frequency window or waiting period, plus two days (windows count local calendar dates,
    /// and a local date spans up to 50 hours of instants across zones). Events older than this
    /// matter only through the facts that never expire (see [`Auditor`]).
    pub fn history_horizon(&self) -> SignedDuration {
        let days = self
            .rules
            .iter()
            .filter_map(|r| match &r.check {
                Check::FrequencyCap(p) => Some(i64::from(p.days)),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        SignedDuration::from_hours((days + 2) * 24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(line: u64, id: &str, send_at: &str, extra: &str) -> Entry {
        let json = format!(
            r#"{{"kind": "message", "id": "{id}", "attempt": {{"channel": "sms", "send_at": "{send_at}",
            "body": "Acme Recovery is a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose. Reply STOP to opt out.",
            "automated": true, "sender": {{"name": "Acme Recovery", "role": "collector"}},
            "recipient": {{"relation": "debtor", "address": "+13125550100", "locations": [{{"country": "US", "region": "IL"}}],
              "consents": [{{"channel": "sms"}}]}},
            "debt": {{"id": "D-1"}}{extra}}}}}"#
        );
        Entry::parse(line, &json).unwrap()
    }

    #[test]
    fn lines_name_the_bad_field() {
        let e = Entry::parse(1, r#"{"kind": "message", "id": "m", "attempt": {"channel": "fax"}}"#).unwrap_err();
        assert_eq!(e.path(), Some("attempt.channel"), "{e}");
        let e = Entry::parse(
            1,
            r#"{"kind": "event", "event": {"channel": "sms", "direction": "inbound", "at": "2026-03-01T00:00:00Z"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), Some("event.address"), "{e}");
        let e = Entry::parse(1, r#"{"kind": "message", "attempt": {}}"#).unwrap_err();
        assert!(e.path().is_some(), "{e}");
        assert!(Entry::parse(1, r#"{"kind": "note"}"#).is_err());
        assert!(Entry::parse(1, r#"{"kind": "event", "event": {}, "extra": 1}"#).is_err());
    }

    #[test]
    fn a_message_becomes_history_of_the_next() {
        let engine = Engine::new().unwrap();
        let mut auditor = Auditor::new(&engine);
        let mut out = Vec::new();
        for i in 0..8u64 {
            out.extend(auditor.push(
                &engine,
                message(i + 1, &format!("m{i}"), &format!("2026-03-0{}T{}:00:00Z", i / 2 + 2, 15 + (i % 2) * 2), ""),
            ));
        }
        let frequency = |a: &Audited| a.verdict.rule_ids().contains(&"us.regf.electronic-frequency");
        assert!(!out[..7].iter().any(frequency), "{:?}", out[6].verdict.rule_ids());
        assert!(frequency(&out[7]), "the eighth text in seven days: {:?}", out[7].verdict.rule_ids());
        // The history held stays bounded: the old texts are forgotten but the first.
        let mut auditor = Auditor::new(&engine);
        for i in 0..200u64 {
            let at = Timestamp::from_second(1_770_000_000 + i as i64 * 86_400).unwrap();
            auditor.push(&engine, message(i + 1, "m", &crate::model::format_instant(at), ""));
        }
        let horizon_days = engine.history_horizon().as_hours() / 24;
        assert!(auditor.held() as i64 <= horizon_days + 3, "{} held", auditor.held());
    }

    #[test]
    fn the_horizon_is_the_longest_window() {
        let engine = Engine::new().unwrap();
        assert!(engine.history_horizon() >= SignedDuration::from_hours(9 * 24));
    }
}
