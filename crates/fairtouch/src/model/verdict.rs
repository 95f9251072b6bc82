//! What comes out: a verdict with its findings and spans.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::values::*;

/// A span of the original text, as byte offsets (Rust, Python) and UTF-16 offsets (JavaScript).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// UTF-16 offset of the first code unit.
    pub start_utf16: usize,
    /// UTF-16 offset after the last code unit.
    pub end_utf16: usize,
    /// The original text of the span.
    pub text: String,
    /// Which text the span is in: `body` or `subject`.
    #[serde(default = "default_field", skip_serializing_if = "is_body")]
    pub field: String,
}

fn default_field() -> String {
    "body".to_string()
}
fn is_body(s: &str) -> bool {
    s == "body"
}

/// One rule's finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id.
    pub rule: String,
    /// The pack the rule is in.
    pub pack: String,
    /// What the finding is about.
    pub category: Category,
    /// How severe it is (after overrides).
    pub severity: Severity,
    /// The legal citation.
    pub citation: String,
    /// What is wrong, in plain language.
    pub message: String,
    /// The offending words, when the finding is about the text.
    pub span: Option<Span>,
    /// When time alone would cure this finding.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_ts")]
    pub retry_at: Option<Timestamp>,
}

/// A pack's identity, recorded in every verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
    /// `sha256:` digest of the pack source.
    pub digest: String,
}

/// An override applied to the engine, reported in every verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideRecord {
    /// The rule overridden.
    pub rule: String,
    /// `severity` or `disabled`.
    pub action: String,
    /// The pack's severity.
    pub from: Severity,
    /// The new severity, for a severity override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Severity>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// `block` if any finding blocks, else `warn` if any warns, else `allow`.
    pub decision: Decision,
    /// What the rules found.
    pub findings: Vec<Finding>,
    /// The earliest instant at or after `send_at` at which nothing blocks; `null` when time
    /// alone will not cure the block.
    #[serde(with = "opt_ts")]
    pub next_allowed_at: Option<Timestamp>,
    /// The candidate time zones the contact windows were checked in.
    pub time_zones: Vec<String>,
    /// The jurisdictions that applied.
    pub jurisdictions: Vec<String>,
    /// The packs that applied.
    pub packs: Vec<PackRef>,
    /// Overrides in force in the engine.
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
