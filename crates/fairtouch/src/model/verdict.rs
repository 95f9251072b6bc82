//! What comes out: a verdict with its findings and spans.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::values::*;

/// A span of the original text, as byte offsets (Rust, Python) and UTF-16 offsets (JavaScript).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// Offset of the span's first byte in the UTF-8 text (for Rust and Python slicing).
    pub start: usize,
    /// Offset just after the span's last byte in the UTF-8 text (exclusive).
    pub end: usize,
    /// Offset of the span's first UTF-16 code unit (for JavaScript: `text.slice(start_utf16,
    /// end_utf16)`).
    pub start_utf16: usize,
    /// Offset just after the span's last UTF-16 code unit (exclusive).
    pub end_utf16: usize,
    /// The original text of the span, as it stands in the attempt.
    pub text: String,
    /// Which text the span is in: `body` or `subject`. Absent: `body`.
    #[serde(default = "default_field", skip_serializing_if = "is_body")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::model::schema::SpanField"))]
    pub field: String,
}

fn default_field() -> String {
    "body".to_string()
}
fn is_body(s: &str) -> bool {
    s == "body"
}

/// One rule's finding: which rule, under which law, how severe, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// The id of the rule that found it, e.g. `us.fdcpa.threat-arrest` (stable across pack versions).
    pub rule: String,
    /// The id of the pack the rule is in, e.g. `us-federal`.
    pub pack: String,
    /// What the finding is about.
    pub category: Category,
    /// How severe it is, after the engine's overrides: `block` forbids sending, `warn` asks for a
    /// review, `info` only informs.
    pub severity: Severity,
    /// The legal citation of the rule, e.g. `15 U.S.C. 1692e(4)`.
    pub citation: String,
    /// What is wrong, in plain language, for the user.
    pub message: String,
    /// The offending words, when the finding is about words of the text; `null` otherwise (a
    /// missing disclosure, a contact at the wrong hour).
    pub span: Option<Span>,
    /// When time alone would cure this finding (RFC 3339, UTC), e.g. the opening of the next
    /// contact window. Absent: time alone does not cure it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub retry_at: Option<Timestamp>,
}

/// A pack's identity, recorded in every verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PackRef {
    /// The pack's id, e.g. `us-federal`.
    pub id: String,
    /// The pack's version, e.g. `2026.11.0`.
    pub version: String,
    /// The digest of the pack's TOML source, `sha256:` and 64 hex digits: with the version, it
    /// identifies the exact rules applied, for evidence and replay.
    pub digest: String,
}

/// An override applied to the engine, reported in every verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverrideRecord {
    /// The id of the rule overridden.
    pub rule: String,
    /// `severity` (its severity was changed) or `disabled` (it was switched off).
    #[cfg_attr(feature = "schema", schemars(with = "crate::model::schema::OverrideAction"))]
    pub action: String,
    /// The rule's severity in its pack.
    pub from: Severity,
    /// The new severity, for a `severity` override; absent for `disabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Severity>,
}

/// The answer for one attempt (or template): the decision, the findings, and what the engine
/// applied, so that it can be stored as evidence and replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    /// `block` if any finding blocks, else `warn` if any warns, else `allow`.
    pub decision: Decision,
    /// What the rules found, in the order of the packs and their rules. Empty when nothing was
    /// found.
    pub findings: Vec<Finding>,
    /// The earliest instant at or after `send_at` at which nothing blocks (RFC 3339, UTC): `send_at`
    /// itself when nothing blocks now; `null` when time alone will not cure the block (e.g. banned
    /// words in the body).
    #[serde(with = "opt_ts")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub next_allowed_at: Option<Timestamp>,
    /// The recipient's candidate IANA time zones, in which the contact windows were checked.
    pub time_zones: Vec<String>,
    /// The jurisdictions that applied (`US`, `US-CA`, `US-NY-NYC`, `FR`, `EU`, `PE`, ...).
    pub jurisdictions: Vec<String>,
    /// The packs that applied, with their versions and digests.
    pub packs: Vec<PackRef>,
    /// Overrides in force in the engine (rules whose severity was changed or that were switched
    /// off). Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideRecord>,
}

impl Verdict {
    /// The verdict as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// The ids of the rules that produced findings, in order, without repeats.
    pub fn rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for f in &self.findings {
            if !ids.contains(&f.rule.as_str()) {
                ids.push(&f.rule);
            }
        }
        ids
    }
}

/// Timestamps serialise as RFC 3339 in UTC with whole seconds when possible.
pub(crate) mod opt_ts {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&super::format_instant(*t)),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        let s = Option::<String>::deserialize(d)?;
        s.map(|s| s.parse::<Timestamp>().map_err(serde::de::Error::custom)).transpose()
    }
}

/// Formats an instant as `2026-03-11T13:00:00Z`.
pub fn format_instant(t: Timestamp) -> String {
    if t < Timestamp::UNIX_EPOCH && jiff::tz::TimeZone::UTC.to_datetime(t).year() < 0 {
        // Years before year 0 have no RFC 3339 form: ISO 8601's expanded year (`-009999-…`),
        // which reads back.
        return t.to_string();
    }
    t.strftime("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
}
