//! Rule packs: the TOML format, its validation, and its compiled form.
//!
//! A pack is data: a header (`[pack]`), named phrase lists (`[lexicon.NAME]`), a base attempt for
//! the rules' examples (`[examples]`), and rules (`[[rule]]`). Each rule parameterises one of the
//! eight check kinds. Loading validates everything and reports errors with the pack file, the
//! line and the rule id; only the automaton of the phrases, which cannot fail, is built on the
//! first evaluation.

mod conditions;
mod format;
mod load;
mod phrases;

use jiff::civil::Date;

use crate::geo::holidays::Calendar;
use crate::model::{AddressKind, Category, ClockTime, Outcome, Purpose, Relation, Severity};

pub use conditions::{Conditions, Fact};
pub(crate) use load::{load, load_shared};
pub use phrases::{GroupHit, GroupId, Matcher, PhraseRegistry};

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
    /// Only a consent in writing counts (`consents[].written`).
    pub written: bool,
    /// Phrases that revoke only for the channels they name: "stop calling me".
    pub named: Vec<Named>,
    /// Words right after a revocation phrase that limit it to a time, a place or a frequency
    /// ("don't text me before 9", "don't call me at work"): the reply goes to a person's review.
    pub qualifiers: Option<GroupId>,
    /// A revocation covers messages of the same matter (the purpose of the message it answered)
    /// only; a reply to nothing known covers every matter.
    pub per_matter: bool,
    /// Negated requests that begin a clause ("don't stop texting me", "no dejen de escribirme",
    /// "n'arrêtez pas"): a revocation or review phrase whose first word they cover is not read.
    pub negations: Option<GroupId>,
    /// After a revocation, one reply through the same medium to a contact the person then started
    /// through it is allowed (12 CFR 1006.14(h)(2)(ii)).
    pub allow_response: bool,
    /// A required consent also stands when the recipient wrote through the attempt's channel and
    /// address within this many days (6 RCNY 5-77 as amended: the consumer used the medium "to
    /// communicate with the debt collector about a debt within the past 60 days").
    pub used_within_days: Option<u32>,
}

/// Phrases of a consent rule that revoke only the channels they name.
#[derive(Debug, Clone, Copy)]
pub struct Named {
    /// The phrases.
    pub group: GroupId,
    /// The channels they revoke (bit per channel).
    pub channels: u8,
    /// They name the address they came from ("lose this number", "borren este número"): sent from
    /// another of the recipient's addresses of the same medium, they do not reach this one.
    pub own_address: bool,
}

/// The kinds of communication bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// Risky words that only warn, unless their sentence makes them a threat ("lawsuit").
    pub review: Option<GroupId>,
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
    /// `text.phone_number`: a telephone number written in the text (no attempt field).
    WrittenPhone,
    /// `text.street_address`: a street address written in the text (no attempt field).
    WrittenStreetAddress,
    /// `text.mailing_address`: a street address or a post office box written in the text.
    WrittenMailingAddress,
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
            "text.phone_number" => Field::WrittenPhone,
            "text.street_address" => Field::WrittenStreetAddress,
            "text.mailing_address" => Field::WrittenMailingAddress,
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
            Field::WrittenPhone => "text.phone_number",
            Field::WrittenStreetAddress => "text.street_address",
            Field::WrittenMailingAddress => "text.mailing_address",
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
    /// Phrases that introduce another quantity than the debt (an instalment, a settlement offer,
    /// a payment asked now): an amount whose nearest cue before it is one of these is not stated
    /// as owed, even when a debt cue stands further before it.
    pub not_owed: Option<GroupId>,
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
    /// Group of the pack's `demand_words` lexicon (words asking for money), if it has one.
    pub demand_words: Option<GroupId>,
    /// For a pack with a `marketing` lexicon: its group, and how a reply asking to stop is read
    /// (the shared revocation lexicons), so that a request to stop in reply to a message that
    /// promoted something counts as an objection to direct marketing (GDPR Art. 21(2)-(3)).
    pub marketing_stop: Option<(GroupId, ConsentParams)>,
}
