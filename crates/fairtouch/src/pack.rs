//! Rule packs: the TOML format, its validation, and its compiled form.
//!
//! A pack is data: a header (`[pack]`), named phrase lists (`[lexicon.NAME]`), a base attempt for
//! the rules' examples (`[examples]`), and rules (`[[rule]]`). Each rule parameterises one of the
//! eight check kinds. Loading validates everything and reports errors with the pack file, the
//! line and the rule id; nothing is compiled lazily at evaluation time.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::error::Error;
use crate::geo::holidays::Calendar;
use crate::model::{
    AddressKind, Category, Channel, ClockTime, Language, LineType, Outcome, Purpose, Relation, SenderRole, Severity,
    Weekday,
};
use crate::text::{compile_pattern, Phrase};

/// A language key of a phrase list: a language, or `any` for phrases used whatever the language.
pub type LangTag = Option<Language>;

/// Identifies a compiled phrase group (a lexicon or a rule's pattern list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub u32);

/// Collects the phrases of every pack so they compile into one automaton.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    pub(crate) phrases: Vec<Phrase>,
    /// Phrases already registered, by anchor text and tail identity (a tail is shared by the
    /// phrases of one pattern; comparing it by address avoids hashing whole pattern trees).
    index: HashMap<(String, usize), u32>,
    /// For each phrase: the groups (and language) it belongs to.
    pub(crate) owners: Vec<Vec<(GroupId, LangTag)>>,
    /// For each group: the languages it has phrases for (bit per language, bit 3 = any).
    pub(crate) group_languages: Vec<u8>,
}

fn lang_bit(tag: LangTag) -> u8 {
    match tag {
        Some(l) => 1 << (l as u8),
        None => 1 << 3,
    }
}

impl PhraseRegistry {
    fn add_group(&mut self, spec: &BTreeMap<String, Vec<String>>) -> Result<GroupId, String> {
        let id = GroupId(self.group_languages.len() as u32);
        let mut langs = 0u8;
        for (key, patterns) in spec {
            let tag: LangTag = if key == "any" {
                None
            } else {
                Some(key.parse::<Language>().map_err(|_| format!("unknown language key {key:?} (en, fr, es or any)"))?)
            };
            if patterns.is_empty() {
                return Err(format!("empty phrase list for {key:?}"));
            }
            for pattern in patterns {
                for phrase in compile_pattern(pattern)? {
                    let key =
                        (phrase.text.clone(), phrase.tail.as_ref().map_or(0, |t| std::sync::Arc::as_ptr(t) as usize));
                    let pid = match self.index.get(&key) {
                        Some(&p) => p,
                        None => {
                            let p = self.phrases.len() as u32;
                            self.index.insert(key, p);
                            self.phrases.push(phrase);
                            self.owners.push(Vec::new());
                            p
                        }
                    };
                    let owners = &mut self.owners[pid as usize];
                    if !owners.contains(&(id, tag)) {
                        owners.push((id, tag));
                    }
                }
            }
            langs |= lang_bit(tag);
        }
        self.group_languages.push(langs);
        Ok(id)
    }
}

impl PhraseRegistry {
    /// Compiles every registered phrase into one automaton.
    pub fn compile(self) -> Result<Matcher, String> {
        let phrases = crate::text::PhraseSet::new(&self.phrases)?;
        let groups = self.group_languages.len();
        Ok(Matcher { phrases, owners: self.owners, groups })
    }
}

/// A phrase match attributed to a group.
#[derive(Debug, Clone, Copy)]
pub struct GroupHit {
    /// The group the matched phrase belongs to.
    pub group: GroupId,
    /// The language of the phrase in that group (`None`: every language).
    pub lang: LangTag,
    /// Byte range in the normalised text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
}

/// Every phrase of every pack in one automaton, with the groups each phrase belongs to.
#[derive(Debug, Clone)]
pub struct Matcher {
    phrases: crate::text::PhraseSet,
    owners: Vec<Vec<(GroupId, LangTag)>>,
    /// Number of phrase groups.
    groups: usize,
}

impl Matcher {
    /// Every phrase match of `text`, attributed to its groups, ordered by group (a counting sort:
    /// linear in the number of matches) and, within a group, as the automaton found them.
    pub fn match_groups(&self, text: &str) -> Vec<GroupHit> {
        let mut hits: Vec<crate::text::Hit> = Vec::new();
        self.phrases.find(text, &mut hits);
        let mut counts = vec![0u32; self.groups + 1];
        for h in &hits {
            for &(group, _) in &self.owners[h.phrase as usize] {
                counts[group.0 as usize + 1] += 1;
            }
        }
        for g in 1..counts.len() {
            counts[g] += counts[g - 1];
        }
        let total = counts[self.groups] as usize;
        let mut out = vec![GroupHit { group: GroupId(0), lang: None, start: 0, end: 0 }; total];
        for h in hits {
            for &(group, lang) in &self.owners[h.phrase as usize] {
                let slot = &mut counts[group.0 as usize];
                out[*slot as usize] = GroupHit { group, lang, start: h.start, end: h.end };
                *slot += 1;
            }
        }
        out
    }
}

/// A condition on the attempt, used by `when` and `unless`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// First communication with the recipient about the debt.
    InitialCommunication,
    /// `debt.time_barred`.
    TimeBarred,
    /// `debt.disputed`.
    Disputed,
    /// `debt.bankruptcy`.
    Bankruptcy,
    /// `debt.legal_action_intended` (and the debt is not time-barred).
    LegalActionIntended,
    /// `debt.judgment_obtained`.
    JudgmentObtained,
    /// `debt.consumer`.
    ConsumerDebt,
    /// `debt.financial_system`.
    FinancialSystemCredit,
    /// A marketing consent for this channel is in force.
    MarketingConsent,
    /// `automated`.
    Automated,
    /// `debt.fees_authorized`.
    FeesAuthorized,
    /// The attempt answers a contact the recipient started on the same channel.
    RespondsToInbound,
    /// `recipient.represented_by_attorney`.
    RepresentedByAttorney,
    /// The body names a debt (the pack's `debt_words` lexicon, the amount, creditor or reference).
    MentionsDebt,
    /// The attempt has a body.
    HasBody,
    /// `purpose` equals.
    Purpose(Purpose),
    /// `recipient.relation` equals.
    Relation(Relation),
    /// `recipient.address_kind` equals.
    AddressKind(AddressKind),
    /// `channel` equals.
    Channel(Channel),
    /// `recipient.line_type` equals.
    LineType(LineType),
    /// The text's language equals.
    Language(Language),
    /// `sender.role` equals.
    Role(SenderRole),
}

impl Fact {
    fn parse(s: &str) -> Result<Fact, String> {
        let simple = match s {
            "initial_communication" => Some(Fact::InitialCommunication),
            "time_barred" => Some(Fact::TimeBarred),
            "disputed" => Some(Fact::Disputed),
            "bankruptcy" => Some(Fact::Bankruptcy),
            "legal_action_intended" => Some(Fact::LegalActionIntended),
            "judgment_obtained" => Some(Fact::JudgmentObtained),
            "consumer_debt" => Some(Fact::ConsumerDebt),
            "financial_system_credit" => Some(Fact::FinancialSystemCredit),
            "marketing_consent" => Some(Fact::MarketingConsent),
            "automated" => Some(Fact::Automated),
            "fees_authorized" => Some(Fact::FeesAuthorized),
            "responds_to_inbound" => Some(Fact::RespondsToInbound),
            "represented_by_attorney" => Some(Fact::RepresentedByAttorney),
            "mentions_debt" => Some(Fact::MentionsDebt),
            "has_body" => Some(Fact::HasBody),
            _ => None,
        };
        if let Some(f) = simple {
            return Ok(f);
        }
        let (kind, value) = s.split_once(':').ok_or_else(|| format!("unknown condition {s:?}"))?;
        Ok(match kind {
            "purpose" => Fact::Purpose(value.parse()?),
            "relation" => Fact::Relation(value.parse()?),
            "address_kind" => Fact::AddressKind(value.parse()?),
            "channel" => Fact::Channel(value.parse()?),
            "line_type" => Fact::LineType(value.parse()?),
            "language" => Fact::Language(value.parse()?),
            "role" => Fact::Role(value.parse()?),
            _ => return Err(format!("unknown condition {s:?}")),
        })
    }
}

/// A fact, or its negation (`!fact`).
pub type Literal = (bool, Fact);

/// Conditions: all entries must hold; an entry holds when any of its `|`-separated literals does.
pub type Conditions = Vec<Vec<Literal>>;

fn parse_conditions(list: &[String]) -> Result<Conditions, String> {
    list.iter()
        .map(|entry| {
            entry
                .split('|')
                .map(|f| {
                    let f = f.trim();
                    match f.strip_prefix('!') {
                        Some(rest) => Fact::parse(rest.trim()).map(|x| (true, x)),
                        None => Fact::parse(f).map(|x| (false, x)),
                    }
                })
                .collect()
        })
        .collect()
}

/// Contact-window parameters.
#[derive(Debug, Clone)]
pub struct WindowParams {
    /// Allowed from (inclusive), local time.
    pub start: ClockTime,
    /// Allowed until (exclusive), local time.
    pub end: ClockTime,
    /// Allowed days (bit per weekday).
    pub days: u8,
    /// Public holidays on which contact is not allowed.
    pub holidays: Option<Calendar>,
    /// A fixed zone instead of the recipient's candidate zones.
    pub zone: Option<(String, jiff::tz::TimeZone)>,
    /// Use the recipient's stated inconvenient times instead of a window.
    pub recipient_times: bool,
}

/// Frequency-cap and waiting-period parameters.
#[derive(Debug, Clone)]
pub struct FrequencyParams {
    /// At most this many contacts (including the attempt) in the period; 0 in waiting-period mode.
    pub max: u32,
    /// Length of the period in local calendar days (today and the `days - 1` before it).
    pub days: u32,
    /// Channels that count.
    pub channels: u8,
    /// Count per debt (else per person).
    pub per_debt: bool,
    /// Outcomes that do not count.
    pub exclude_outcomes: Vec<Outcome>,
    /// Calls placed with the person's direct prior consent do not count.
    pub exclude_consented: bool,
    /// Replies to a contact the recipient started do not count.
    pub exclude_responses: bool,
    /// Only contacts to these kinds of address count (and the attempt must be to one).
    pub address_kinds: Option<Vec<AddressKind>>,
    /// Waiting-period mode: no contact within `days` local dates starting on the date of an event
    /// with this outcome (inbound or outbound).
    pub after: Option<Outcome>,
}

/// Consent parameters.
#[derive(Debug, Clone)]
pub struct ConsentParams {
    /// A consent on record is required.
    pub require: bool,
    /// The kind of consent required.
    pub purpose: crate::model::ConsentPurpose,
    /// Inbound replies made only of one of these words revoke.
    pub keywords: Option<GroupId>,
    /// Inbound replies containing one of these phrases revoke.
    pub phrases: Option<GroupId>,
    /// Inbound replies containing one of these phrases need a person's review.
    pub review: Option<GroupId>,
    /// Words that may surround a keyword ("please").
    pub courtesy: Option<GroupId>,
    /// Seconds after a revocation during which one confirmation may be sent.
    pub confirmation_seconds: Option<i64>,
    /// How many confirmations may follow a revocation.
    pub confirmation_max: u32,
    /// Channels whose revocations count (default: the attempt's channel).
    pub revocation_channels: Option<u8>,
}

/// The kinds of communication bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// A written cease or refusal to pay.
    Cease,
    /// Represented by an attorney.
    Attorney,
    /// The recipient refused this medium or address.
    RefusedMedium,
    /// Bankruptcy automatic stay.
    Bankruptcy,
    /// Unverified dispute.
    Dispute,
    /// Objection to processing.
    Objection,
    /// Employer prohibits contact at work.
    EmployerProhibits,
    /// An email address known to be provided by the employer.
    WorkEmail,
}

/// Communication-bar parameters.
#[derive(Debug, Clone)]
pub struct BarParams {
    /// Which bar.
    pub bar: Bar,
    /// Purposes still allowed under the bar.
    pub allow_purposes: Vec<Purpose>,
    /// One reply to a contact the recipient started is allowed.
    pub allow_response: bool,
}

/// Third-party-guard parameters.
#[derive(Debug, Clone)]
pub struct GuardParams {
    /// Relations that may be told about the debt.
    pub allowed_relations: Vec<Relation>,
    /// Address kinds where others may read the message.
    pub guarded_address_kinds: Vec<AddressKind>,
    /// Words that reveal a debt.
    pub reveals: Option<GroupId>,
    /// Fields whose value in the text reveals the debt.
    pub reveal_fields: Vec<Field>,
    /// At most this many location-information contacts per third party.
    pub max_location_contacts: Option<u32>,
    /// When not empty: the only purposes for which a third party may be contacted at all.
    pub third_party_purposes: Vec<Purpose>,
}

/// Banned-content parameters.
#[derive(Debug, Clone)]
pub struct BannedParams {
    /// Phrases that must not appear.
    pub patterns: GroupId,
    /// Phrases inside which a banned phrase is fine ("will not sue").
    pub except: Option<GroupId>,
}

/// A field of the attempt that required content or accuracy checks read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `sender.name`
    SenderName,
    /// `sender.license_number`
    SenderLicense,
    /// `debt.creditor`
    Creditor,
    /// `debt.amount`
    Amount,
    /// `debt.due_date`
    DueDate,
    /// `debt.reference`
    Reference,
    /// `debt.initial_letter.reference`
    LetterReference,
    /// `debt.initial_letter.sent_on`
    LetterDate,
}

impl Field {
    fn parse(s: &str) -> Result<Field, String> {
        Ok(match s {
            "sender.name" => Field::SenderName,
            "sender.license_number" => Field::SenderLicense,
            "debt.creditor" => Field::Creditor,
            "debt.amount" => Field::Amount,
            "debt.due_date" => Field::DueDate,
            "debt.reference" => Field::Reference,
            "debt.initial_letter.reference" => Field::LetterReference,
            "debt.initial_letter.sent_on" => Field::LetterDate,
            _ => return Err(format!("unknown field {s:?}")),
        })
    }
    /// The JSON path of the field.
    pub fn path(self) -> &'static str {
        match self {
            Field::SenderName => "sender.name",
            Field::SenderLicense => "sender.license_number",
            Field::Creditor => "debt.creditor",
            Field::Amount => "debt.amount",
            Field::DueDate => "debt.due_date",
            Field::Reference => "debt.reference",
            Field::LetterReference => "debt.initial_letter.reference",
            Field::LetterDate => "debt.initial_letter.sent_on",
        }
    }
}

/// One item of required content.
#[derive(Debug, Clone)]
pub enum Requirement {
    /// One of these phrases.
    Phrases {
        /// The phrases.
        group: GroupId,
        /// What the item is, for messages.
        label: String,
    },
    /// The value of a field of the attempt.
    Field {
        /// The field.
        field: Field,
        /// What the item is, for messages.
        label: String,
    },
}

/// Required-content parameters.
#[derive(Debug, Clone)]
pub struct RequiredParams {
    /// Every item must be present.
    pub all: Vec<Requirement>,
}

/// Accuracy parameters.
#[derive(Debug, Clone)]
pub struct AccuracyParams {
    /// Which fact is compared: amount, creditor or due date.
    pub field: Field,
    /// Phrases that, before a value, state it as the owed amount / creditor / due date.
    pub cues_before: GroupId,
    /// Phrases that, after a value, state it so.
    pub cues_after: Option<GroupId>,
    /// How many words may stand between the cue and the value.
    pub gap_words: u32,
}

/// A rule's check, with its compiled parameters.
#[derive(Debug, Clone)]
pub enum Check {
    /// Time of day, days of week, public holidays.
    ContactWindow(WindowParams),
    /// N contacts in a period, or a waiting period.
    FrequencyCap(FrequencyParams),
    /// Consent and revocation.
    Consent(ConsentParams),
    /// Cease, attorney, refused medium, ...
    CommunicationBar(BarParams),
    /// Messages others may read must not reveal the debt.
    ThirdPartyGuard(GuardParams),
    /// Phrases that must not appear.
    BannedContent(BannedParams),
    /// Content that must appear.
    RequiredContent(RequiredParams),
    /// Stated amounts, creditors and due dates must match the debt.
    Accuracy(AccuracyParams),
}

impl Check {
    fn default_category(&self) -> Category {
        match self {
            Check::ContactWindow(_) => Category::ContactHours,
            Check::FrequencyCap(_) => Category::Frequency,
            Check::Consent(_) => Category::Consent,
            Check::CommunicationBar(_) => Category::CommunicationBar,
            Check::ThirdPartyGuard(_) => Category::ThirdParty,
            Check::BannedContent(_) => Category::BannedContent,
            Check::RequiredContent(_) => Category::RequiredContent,
            Check::Accuracy(_) => Category::Accuracy,
        }
    }
    /// Whether the check reads the text of the message.
    pub fn reads_text(&self) -> bool {
        matches!(self, Check::BannedContent(_) | Check::RequiredContent(_) | Check::Accuracy(_))
    }
    /// The check kind's name in packs.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::ContactWindow(_) => "contact_window",
            Check::FrequencyCap(_) => "frequency_cap",
            Check::Consent(_) => "consent",
            Check::CommunicationBar(_) => "communication_bar",
            Check::ThirdPartyGuard(_) => "third_party_guard",
            Check::BannedContent(_) => "banned_content",
            Check::RequiredContent(_) => "required_content",
            Check::Accuracy(_) => "accuracy",
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, e.g. `us.regf.inconvenient-time`.
    pub id: String,
    /// Index of the pack in the engine.
    pub pack: usize,
    /// The check and its parameters.
    pub check: Check,
    /// What findings are about.
    pub category: Category,
    /// Channels the rule binds (bit per channel).
    pub channels: u8,
    /// Sender roles the rule binds (bit per role).
    pub binds: u8,
    /// Recipient relations the rule binds (all when empty).
    pub relations: Vec<Relation>,
    /// Purposes the rule binds (all when empty).
    pub purposes: Vec<Purpose>,
    /// Legal citation.
    pub citation: String,
    /// Link to the text of the law.
    pub source: String,
    /// Severity in force (after overrides).
    pub severity: Severity,
    /// Severity the pack gives.
    pub pack_severity: Severity,
    /// In force from this local date.
    pub from: Option<Date>,
    /// No longer in force from this local date.
    pub until: Option<Date>,
    /// Plain-language explanation.
    pub explain: String,
    /// All must hold for the rule to apply.
    pub when: Conditions,
    /// None may hold for the rule to apply.
    pub unless: Conditions,
    /// 1-based line of the rule in its pack.
    pub line: usize,
    /// Disabled by an override.
    pub disabled: bool,
    /// Examples that must fire the rule.
    pub fire: Vec<toml::Value>,
    /// Examples that must not fire the rule.
    pub pass: Vec<toml::Value>,
}

/// A compiled pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Pack id, e.g. `us-federal`.
    pub id: String,
    /// Pack version.
    pub version: String,
    /// `sha256:` digest of the source.
    pub digest: String,
    /// Title.
    pub title: String,
    /// Jurisdictions it applies to (`US`, `US-MA`, `US-NY-NYC`, `EU`, `*`).
    pub jurisdictions: Vec<String>,
    /// Where it was loaded from.
    pub origin: String,
    /// Whether it is one of the embedded default packs.
    pub embedded: bool,
    /// The base attempt (as TOML) that rule examples patch.
    pub example_base: Option<toml::Value>,
    /// The zone in which examples' `send_at_local` is read.
    pub example_zone: Option<String>,
    /// Group of the pack's `debt_words` lexicon, if it has one.
    pub debt_words: Option<GroupId>,
}

// ---------------------------------------------------------------------------------------------
// Raw TOML form.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    pack: RawHeader,
    #[serde(default)]
    lexicon: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    examples: Option<RawExamples>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    version: String,
    jurisdiction: OneOrMany,
    title: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    languages: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    base: toml::Value,
    #[serde(default)]
    zone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    check: String,
    #[serde(default)]
    channels: Option<Vec<Channel>>,
    binds: Vec<SenderRole>,
    citation: String,
    source: String,
    severity: Severity,
    #[serde(default)]
    from: Option<toml::value::Datetime>,
    #[serde(default)]
    until: Option<toml::value::Datetime>,
    explain: String,
    #[serde(default)]
    category: Option<Category>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    purposes: Vec<Purpose>,
    #[serde(default)]
    when: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    params: Option<toml::Value>,
    examples: RawRuleExamples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRuleExamples {
    fire: Vec<toml::Value>,
    pass: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    days: Option<Vec<Weekday>>,
    #[serde(default)]
    holidays: Option<String>,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    recipient_times: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrequency {
    #[serde(default)]
    max: Option<u32>,
    days: u32,
    #[serde(default)]
    channels: Option<Vec<Channel>>,
    per: String,
    #[serde(default)]
    exclude_outcomes: Vec<Outcome>,
    #[serde(default)]
    exclude_consented: bool,
    #[serde(default)]
    exclude_responses: bool,
    #[serde(default)]
    address_kinds: Option<Vec<AddressKind>>,
    #[serde(default)]
    after: Option<Outcome>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsent {
    require: bool,
    #[serde(default)]
    purpose: Option<crate::model::ConsentPurpose>,
    #[serde(default)]
    keywords: Option<PatternSpec>,
    #[serde(default)]
    phrases: Option<PatternSpec>,
    #[serde(default)]
    review: Option<PatternSpec>,
    #[serde(default)]
    courtesy: Option<PatternSpec>,
    #[serde(default)]
    confirmation_seconds: Option<i64>,
    #[serde(default)]
    confirmation_max: Option<u32>,
    #[serde(default)]
    revocation_channels: Option<Vec<Channel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBar {
    bar: String,
    #[serde(default)]
    allow_purposes: Vec<Purpose>,
    #[serde(default)]
    allow_response: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuard {
    allowed_relations: Vec<Relation>,
    #[serde(default)]
    guarded_address_kinds: Vec<AddressKind>,
    #[serde(default)]
    reveals: Option<PatternSpec>,
    #[serde(default)]
    reveal_fields: Vec<String>,
    #[serde(default)]
    max_location_contacts: Option<u32>,
    #[serde(default)]
    third_party_purposes: Vec<Purpose>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBanned {
    patterns: PatternSpec,
    #[serde(default)]
    except: Option<PatternSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequired {
    all: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    #[serde(default)]
    any: Option<PatternSpec>,
    #[serde(default)]
    field: Option<String>,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccuracy {
    field: String,
    cues_before: PatternSpec,
    #[serde(default)]
    cues_after: Option<PatternSpec>,
    #[serde(default)]
    gap_words: Option<u32>,
}

/// A phrase list in a rule: `"@lexicon"` or `{ en = [...], es = [...] }`.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum PatternSpec {
    Lexicon(String),
    Inline(BTreeMap<String, Vec<String>>),
}

// ---------------------------------------------------------------------------------------------
// Loading.

/// The id of the `[[rule]]` that contains byte `offset` of a pack source, for error messages.
fn rule_id_before(source: &str, offset: usize) -> Option<String> {
    let head = &source[..offset.min(source.len())];
    let start = head.rfind("[[rule]]")?;
    let rest = &source[start..];
    let end = rest[8..].find("\n[").map_or(rest.len(), |e| e + 8);
    rest[..end].lines().find_map(|l| {
        let v = l.trim().strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        Some(v.trim_matches('"').to_string())
    })
}

/// Byte offsets of line starts, to turn a span into a line number without rescanning the file.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(source: &str) -> Self {
        LineIndex(std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

pub(crate) struct Loaded {
    pub pack: Pack,
    pub rules: Vec<Rule>,
}

pub(crate) fn load(
    source: &str,
    origin: &str,
    embedded: bool,
    digest: Option<&str>,
    pack_index: usize,
    registry: &mut PhraseRegistry,
) -> Result<Loaded, Error> {
    let err = |line: Option<usize>, rule: Option<&str>, message: String| Error::InvalidPack {
        pack: origin.to_string(),
        line,
        rule: rule.map(str::to_string),
        message,
    };
    let lines = LineIndex::new(source);
    let raw: RawPack = toml::from_str(source).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        let rule = offset.and_then(|o| rule_id_before(source, o));
        let line = offset.map(|o| lines.line(o));
        err(line, rule.as_deref(), e.message().trim().to_string())
    })?;
    let header = raw.pack;
    if header.id.is_empty() || !header.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(err(Some(1), None, format!("pack id {:?} must be lower-case letters, digits and '-'", header.id)));
    }
    let jurisdictions = match header.jurisdiction {
        OneOrMany::One(j) => vec![j],
        OneOrMany::Many(js) => js,
    };
    for j in &jurisdictions {
        let ok = j == "*" || j == "EU" || {
            let parts: Vec<&str> = j.split('-').collect();
            parts.len() <= 3
                && parts[0].len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        };
        if !ok {
            return Err(err(
                None,
                None,
                format!("jurisdiction {j:?}: expected \"*\", \"EU\", \"US\", \"US-MA\" or \"US-NY-NYC\""),
            ));
        }
    }

    let mut lexicons: HashMap<String, GroupId> = HashMap::new();
    for (name, spec) in &raw.lexicon {
        let id = registry.add_group(spec).map_err(|m| {
            let line = source.find(&format!("[lexicon.{name}]")).map(|o| lines.line(o));
            err(line, None, format!("lexicon {name}: {m}"))
        })?;
        lexicons.insert(name.clone(), id);
    }
    let debt_words = lexicons.get("debt_words").copied();

    let (example_base, example_zone) = match raw.examples {
        Some(e) => {
            if let Some(z) = &e.zone {
                if crate::geo::zones::lookup(z).is_none() {
                    return Err(err(None, None, format!("examples.zone: unknown time zone {z:?}")));
                }
            }
            (Some(e.base), e.zone)
        }
        None => (None, None),
    };

    let mut rules = Vec::with_capacity(raw.rule.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for spanned in raw.rule {
        let line = lines.line(spanned.span().start);
        let raw_rule = spanned.into_inner();
        let id = raw_rule.id.clone();
        let rid = Some(id.as_str());
        if !id.contains('.') || id.chars().any(|c| c.is_whitespace() || c.is_ascii_uppercase()) {
            return Err(err(
                Some(line),
                rid,
                "rule id must be lower case and dotted, e.g. \"us.regf.inconvenient-time\"".into(),
            ));
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(err(Some(line), rid, format!("duplicate rule id (first defined on line {first})")));
        }
        let rule =
            compile_rule(raw_rule, pack_index, line, &lexicons, registry).map_err(|m| err(Some(line), rid, m))?;
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(err(None, None, "a pack needs at least one [[rule]]".into()));
    }

    let digest = match digest {
        Some(d) => d.to_string(),
        None => format!("sha256:{:x}", Sha256::digest(source.as_bytes())),
    };
    Ok(Loaded {
        pack: Pack {
            id: header.id,
            version: header.version,
            digest,
            title: header.title,
            jurisdictions,
            origin: origin.to_string(),
            embedded,
            example_base,
            example_zone,
            debt_words,
        },
        rules,
    })
}

fn date_of(d: &toml::value::Datetime, what: &str) -> Result<Date, String> {
    match (&d.date, &d.time) {
        (Some(date), None) => {
            Date::new(date.year as i16, date.month as i8, date.day as i8).map_err(|e| format!("{what}: {e}"))
        }
        _ => Err(format!("{what}: expected a date such as 2021-11-30")),
    }
}

fn channel_bits(channels: &[Channel]) -> u8 {
    channels.iter().fold(0, |acc, c| acc | (1 << (*c as u8)))
}

fn role_bits(roles: &[SenderRole]) -> u8 {
    roles.iter().fold(0, |acc, r| acc | (1 << (*r as u8)))
}

fn params<T: serde::de::DeserializeOwned>(value: Option<toml::Value>, kind: &str) -> Result<T, String> {
    let value = value.unwrap_or_else(|| toml::Value::Table(Default::default()));
    T::deserialize(value).map_err(|e| format!("params of {kind}: {}", e.message().trim()))
}

fn compile_rule(
    raw: RawRule,
    pack: usize,
    line: usize,
    lexicons: &HashMap<String, GroupId>,
    registry: &mut PhraseRegistry,
) -> Result<Rule, String> {
    let mut group = |spec: &PatternSpec, what: &str| -> Result<GroupId, String> {
        match spec {
            PatternSpec::Lexicon(name) => {
                let name = name.strip_prefix('@').ok_or_else(|| {
                    format!("{what}: a lexicon reference starts with '@' (got {name:?}); inline phrases go in a table by language")
                })?;
                lexicons.get(name).copied().ok_or_else(|| format!("{what}: unknown lexicon @{name}"))
            }
            PatternSpec::Inline(map) => registry.add_group(map).map_err(|m| format!("{what}: {m}")),
        }
    };
    let check = match raw.check.as_str() {
        "contact_window" => {
            let p: RawWindow = params(raw.params, "contact_window")?;
            let recipient_times = p.recipient_times;
            let (start, end) = match (p.start, p.end, recipient_times) {
                (Some(s), Some(e), false) => (ClockTime::parse(&s)?, ClockTime::parse(&e)?),
                (None, None, true) => (ClockTime { seconds: 0 }, ClockTime { seconds: 86400 }),
                (_, _, true) => return Err("params: recipient_times takes no start/end".into()),
                _ => return Err("params: contact_window needs start and end (or recipient_times = true)".into()),
            };
            if start >= end {
                return Err(format!("params: end {end} must be after start {start}"));
            }
            let days = match p.days {
                Some(d) if d.is_empty() => return Err("params.days: empty".into()),
                Some(d) => d.iter().fold(0u8, |acc, w| acc | w.bit()),
                None => 0x7f,
            };
            let holidays = match p.holidays {
                Some(h) => Some(Calendar::from_id(&h).ok_or_else(|| {
                    format!("params.holidays: unknown calendar {h:?} (us-federal, fr, pe)")
                })?),
                None => None,
            };
            let zone = match p.zone {
                Some(z) => {
                    let tz = crate::geo::zones::lookup(&z).ok_or_else(|| format!("params.zone: unknown time zone {z:?}"))?;
                    Some((z, tz))
                }
                None => None,
            };
            Check::ContactWindow(WindowParams { start, end, days, holidays, zone, recipient_times })
        }
        "frequency_cap" => {
            let p: RawFrequency = params(raw.params, "frequency_cap")?;
            let per_debt = match p.per.as_str() {
                "debt" => true,
                "person" => false,
                other => return Err(format!("params.per: {other:?}, expected \"debt\" or \"person\"")),
            };
            if p.days == 0 || p.days > 366 {
                return Err("params.days: between 1 and 366".into());
            }
            let max = match (p.max, p.after) {
                (Some(m), None) if m > 0 => m,
                (Some(_), None) => return Err("params.max: must be at least 1".into()),
                (None, Some(_)) => 0,
                (Some(_), Some(_)) => return Err("params: give either max (a cap) or after (a waiting period)".into()),
                (None, None) => return Err("params: frequency_cap needs max (a cap) or after (a waiting period)".into()),
            };
            let channels = match &p.channels {
                Some(c) => channel_bits(c),
                None => raw.channels.as_deref().map(channel_bits).unwrap_or(0x3f),
            };
            Check::FrequencyCap(FrequencyParams {
                max,
                days: p.days,
                channels,
                per_debt,
                exclude_outcomes: p.exclude_outcomes,
                exclude_consented: p.exclude_consented,
                exclude_responses: p.exclude_responses,
                address_kinds: p.address_kinds,
                after: p.after,
            })
        }
        "consent" => {
            let p: RawConsent = params(raw.params, "consent")?;
            let keywords = p.keywords.as_ref().map(|s| group(s, "params.keywords")).transpose()?;
            let phrases = p.phrases.as_ref().map(|s| group(s, "params.phrases")).transpose()?;
            let review = p.review.as_ref().map(|s| group(s, "params.review")).transpose()?;
            let courtesy = p.courtesy.as_ref().map(|s| group(s, "params.courtesy")).transpose()?;
            if !p.require && keywords.is_none() && phrases.is_none() {
                return Err("params: a consent rule either requires consent or reads revocations (keywords/phrases)".into());
            }
            Check::Consent(ConsentParams {
                require: p.require,
                purpose: p.purpose.unwrap_or(crate::model::ConsentPurpose::Collection),
                keywords,
                phrases,
                review,
                courtesy,
                confirmation_seconds: p.confirmation_seconds,
                confirmation_max: p.confirmation_max.unwrap_or(1),
                revocation_channels: p.revocation_channels.as_deref().map(channel_bits),
            })
        }
        "communication_bar" => {
            let p: RawBar = params(raw.params, "communication_bar")?;
            let bar = match p.bar.as_str() {
                "cease" => Bar::Cease,
                "attorney" => Bar::Attorney,
                "refused_medium" => Bar::RefusedMedium,
                "bankruptcy" => Bar::Bankruptcy,
                "dispute" => Bar::Dispute,
                "objection" => Bar::Objection,
                "employer_prohibits" => Bar::EmployerProhibits,
                "work_email" => Bar::WorkEmail,
                other => {
                    return Err(format!(
                        "params.bar: unknown bar {other:?} (cease, attorney, refused_medium, bankruptcy, dispute, objection, employer_prohibits, work_email)"
                    ))
                }
            };
            Check::CommunicationBar(BarParams { bar, allow_purposes: p.allow_purposes, allow_response: p.allow_response })
        }
        "third_party_guard" => {
            let p: RawGuard = params(raw.params, "third_party_guard")?;
            let reveals = p.reveals.as_ref().map(|s| group(s, "params.reveals")).transpose()?;
            let reveal_fields = p.reveal_fields.iter().map(|f| Field::parse(f)).collect::<Result<_, _>>()?;
            Check::ThirdPartyGuard(GuardParams {
                allowed_relations: p.allowed_relations,
                guarded_address_kinds: p.guarded_address_kinds,
                reveals,
                reveal_fields,
                max_location_contacts: p.max_location_contacts,
                third_party_purposes: p.third_party_purposes,
            })
        }
        "banned_content" => {
            let p: RawBanned = params(raw.params, "banned_content")?;
            let patterns = group(&p.patterns, "params.patterns")?;
            let except = p.except.as_ref().map(|s| group(s, "params.except")).transpose()?;
            Check::BannedContent(BannedParams { patterns, except })
        }
        "required_content" => {
            let p: RawRequired = params(raw.params, "required_content")?;
            if p.all.is_empty() {
                return Err("params.all: empty".into());
            }
            let mut all = Vec::new();
            for (i, item) in p.all.iter().enumerate() {
                all.push(match (&item.any, &item.field) {
                    (Some(spec), None) => {
                        Requirement::Phrases { group: group(spec, &format!("params.all[{i}].any"))?, label: item.label.clone() }
                    }
                    (None, Some(f)) => Requirement::Field { field: Field::parse(f)?, label: item.label.clone() },
                    _ => return Err(format!("params.all[{i}]: give exactly one of any or field")),
                });
            }
            Check::RequiredContent(RequiredParams { all })
        }
        "accuracy" => {
            let p: RawAccuracy = params(raw.params, "accuracy")?;
            let field = Field::parse(&p.field)?;
            if !matches!(field, Field::Amount | Field::Creditor | Field::DueDate) {
                return Err("params.field: accuracy compares debt.amount, debt.creditor or debt.due_date".into());
            }
            Check::Accuracy(AccuracyParams {
                field,
                cues_before: group(&p.cues_before, "params.cues_before")?,
                cues_after: p.cues_after.as_ref().map(|s| group(s, "params.cues_after")).transpose()?,
                gap_words: p.gap_words.unwrap_or(4),
            })
        }
        other => {
            return Err(format!(
                "unknown check {other:?} (contact_window, frequency_cap, consent, communication_bar, third_party_guard, banned_content, required_content, accuracy)"
            ))
        }
    };
    if raw.binds.is_empty() {
        return Err("binds: name at least one sender role".into());
    }
    if raw.citation.trim().is_empty() || raw.explain.trim().is_empty() {
        return Err("citation and explain must not be empty".into());
    }
    if !raw.source.starts_with("https://") && !raw.source.starts_with("http://") {
        return Err(format!("source must be a link to the text of the law, got {:?}", raw.source));
    }
    let from = raw.from.as_ref().map(|d| date_of(d, "from")).transpose()?;
    let until = raw.until.as_ref().map(|d| date_of(d, "until")).transpose()?;
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            return Err(format!("until {u} must be after from {f}"));
        }
    }
    if raw.examples.fire.is_empty() || raw.examples.pass.is_empty() {
        return Err("examples: every rule needs at least one fire and one pass example".into());
    }
    let channels = match &raw.channels {
        Some(c) if c.is_empty() => return Err("channels: empty".into()),
        Some(c) => channel_bits(c),
        None => 0x3f,
    };
    let category = raw.category.unwrap_or_else(|| check.default_category());
    Ok(Rule {
        id: raw.id,
        pack,
        category,
        channels,
        binds: role_bits(&raw.binds),
        relations: raw.relations,
        purposes: raw.purposes,
        citation: raw.citation,
        source: raw.source,
        severity: raw.severity,
        pack_severity: raw.severity,
        from,
        until,
        explain: raw.explain.trim().to_string(),
        when: parse_conditions(&raw.when)?,
        unless: parse_conditions(&raw.unless)?,
        line,
        disabled: false,
        fire: raw.examples.fire,
        pass: raw.examples.pass,
        check,
    })
}
