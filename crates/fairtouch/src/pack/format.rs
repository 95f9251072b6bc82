//! The TOML form of a pack, as read (serde); `load` turns it into the compiled form.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::model::{AddressKind, Category, Channel, Outcome, Purpose, Relation, SenderRole, Severity, Weekday};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPack {
    pub(super) pack: RawHeader,
    #[serde(default)]
    pub(super) lexicon: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    pub(super) examples: Option<RawExamples>,
    #[serde(default)]
    pub(super) rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeader {
    pub(super) id: String,
    pub(super) version: String,
    pub(super) jurisdiction: OneOrMany,
    pub(super) title: String,
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) description: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) languages: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExamples {
    pub(super) base: toml::Value,
    #[serde(default)]
    pub(super) zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: String,
    pub(super) check: CheckKind,
    #[serde(default)]
    pub(super) channels: Option<Vec<Channel>>,
    pub(super) binds: Vec<SenderRole>,
    pub(super) citation: String,
    pub(super) source: String,
    pub(super) severity: Severity,
    #[serde(default)]
    pub(super) from: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(super) until: Option<toml::value::Datetime>,
    pub(super) explain: String,
    #[serde(default)]
    pub(super) category: Option<Category>,
    #[serde(default)]
    pub(super) relations: Vec<Relation>,
    #[serde(default)]
    pub(super) purposes: Vec<Purpose>,
    #[serde(default)]
    pub(super) when: Vec<String>,
    #[serde(default)]
    pub(super) unless: Vec<String>,
    #[serde(default)]
    pub(super) params: Option<toml::Value>,
    /// Attempts that must fire the rule: one `[[rule.fire]]` table each.
    #[serde(default)]
    pub(super) fire: Vec<toml::Value>,
    /// Attempts that must not fire the rule: one `[[rule.pass]]` table each.
    #[serde(default)]
    pub(super) pass: Vec<toml::Value>,
    /// The former `examples.fire = [...]` form, read only to reject it with a pointer to the new one.
    #[serde(default)]
    pub(super) examples: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWindow {
    #[serde(default)]
    pub(super) start: Option<String>,
    #[serde(default)]
    pub(super) end: Option<String>,
    #[serde(default)]
    pub(super) days: Option<Vec<Weekday>>,
    #[serde(default)]
    pub(super) holidays: Option<String>,
    #[serde(default)]
    pub(super) zone: Option<String>,
    #[serde(default)]
    pub(super) recipient_times: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFrequency {
    #[serde(default)]
    pub(super) max: Option<u32>,
    pub(super) days: u32,
    #[serde(default)]
    pub(super) channels: Option<Vec<Channel>>,
    pub(super) per: String,
    #[serde(default)]
    pub(super) exclude_outcomes: Vec<Outcome>,
    #[serde(default)]
    pub(super) exclude_consented: bool,
    #[serde(default)]
    pub(super) exclude_responses: bool,
    #[serde(default)]
    pub(super) address_kinds: Option<Vec<AddressKind>>,
    #[serde(default)]
    pub(super) after: Option<Outcome>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConsent {
    pub(super) require: bool,
    #[serde(default)]
    pub(super) purpose: Option<crate::model::ConsentPurpose>,
    #[serde(default)]
    pub(super) keywords: Option<PatternSpec>,
    #[serde(default)]
    pub(super) phrases: Option<PatternSpec>,
    #[serde(default)]
    pub(super) review: Option<PatternSpec>,
    #[serde(default)]
    pub(super) courtesy: Option<PatternSpec>,
    #[serde(default)]
    pub(super) confirmation_seconds: Option<i64>,
    #[serde(default)]
    pub(super) confirmation_max: Option<u32>,
    #[serde(default)]
    pub(super) revocation_channels: Option<Vec<Channel>>,
    #[serde(default)]
    pub(super) written: bool,
    #[serde(default)]
    pub(super) named: Vec<RawNamed>,
    #[serde(default)]
    pub(super) qualifiers: Option<PatternSpec>,
    #[serde(default)]
    pub(super) per_matter: bool,
    #[serde(default)]
    pub(super) negations: Option<PatternSpec>,
    #[serde(default)]
    pub(super) allow_response: bool,
    #[serde(default)]
    pub(super) used_within_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBar {
    pub(super) bar: super::Bar,
    /// The former `allow_purposes`, read only to reject it: the rule's `purposes` say it now.
    #[serde(default)]
    pub(super) allow_purposes: Option<toml::Value>,
    #[serde(default)]
    pub(super) allow_response: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuard {
    pub(super) allowed_relations: Vec<Relation>,
    #[serde(default)]
    pub(super) guarded_address_kinds: Vec<AddressKind>,
    #[serde(default)]
    pub(super) reveals: Option<PatternSpec>,
    #[serde(default)]
    pub(super) reveal_fields: Vec<String>,
    #[serde(default)]
    pub(super) max_location_contacts: Option<u32>,
    #[serde(default)]
    pub(super) third_party_purposes: Vec<Purpose>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBanned {
    pub(super) patterns: PatternSpec,
    #[serde(default)]
    pub(super) except: Option<PatternSpec>,
    #[serde(default)]
    pub(super) review: Option<PatternSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequired {
    pub(super) all: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    #[serde(default)]
    pub(super) any: Option<PatternSpec>,
    #[serde(default)]
    pub(super) field: Option<String>,
    pub(super) label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccuracy {
    pub(super) field: String,
    pub(super) cues_before: PatternSpec,
    #[serde(default)]
    pub(super) cues_after: Option<PatternSpec>,
    #[serde(default)]
    pub(super) gap_words: Option<u32>,
    #[serde(default)]
    pub(super) not_owed: Option<PatternSpec>,
}

/// The eight check kinds, as packs name them.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub(super) enum CheckKind {
    ContactWindow,
    FrequencyCap,
    Consent,
    CommunicationBar,
    ThirdPartyGuard,
    BannedContent,
    RequiredContent,
    Accuracy,
}

/// A phrase list in a rule: `"@lexicon"` (of the pack), `"@file.lexicon"` (shared, in
/// `rules/lexicons/file.toml`), a list of such references (their union), or
/// `{ en = [...], es = [...] }`.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum PatternSpec {
    Lexicon(String),
    Lexicons(Vec<String>),
    Inline(BTreeMap<String, Vec<String>>),
}

/// A file of shared lexicons (`rules/lexicons/*.toml`): named phrase lists and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLexiconFile {
    pub(super) lexicon: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// Phrases of a consent rule that revoke only for the channels they name ("stop calling me").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNamed {
    pub(super) phrases: PatternSpec,
    pub(super) channels: Vec<Channel>,
    /// The phrases name the address they came from ("lose this number").
    #[serde(default)]
    pub(super) own_address: bool,
}
