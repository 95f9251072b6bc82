//! What goes in: an attempt (and a template to lint), with their limits.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::values::*;
use crate::error::Error;

/// The size limit of a message text (`body`, `subject`, each history `body`), in UTF-8 bytes.
pub const MAX_TEXT_BYTES: usize = 1_000_000;
/// The size limit of all history bodies together, in UTF-8 bytes.
pub const MAX_HISTORY_TEXT_BYTES: usize = 4_000_000;
/// The most history events an attempt may carry.
pub const MAX_HISTORY_EVENTS: usize = 100_000;
/// The size limit of a name, reference, identifier, region or postal code, in UTF-8 bytes.
pub const MAX_SHORT_TEXT_BYTES: usize = 1_000;

/// `path` is formatted only for an error (it is often `format_args!`).
fn check_text_size(path: impl std::fmt::Display, text: Option<&String>, limit: usize) -> Result<(), Error> {
    match text {
        Some(t) if t.len() > limit => Err(Error::InvalidAttempt {
            path: path.to_string(),
            message: format!("{} bytes, more than the limit of {limit} bytes", t.len()),
        }),
        _ => Ok(()),
    }
}

/// The candidate contact: everything the engine knows about it. The engine keeps no state, so
/// the attempt carries the recipient, the debt and the contact history. Unknown members are
/// rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend("allOf" = [
    {
        "if": { "properties": { "channel": { "enum": ["sms", "whatsapp", "voice", "voicemail"] } } },
        "then": { "properties": { "recipient": { "properties": { "address": {
            "anyOf": [{ "$ref": "#/$defs/PhoneNumber" }, { "type": "null" }]
        } } } } }
    },
    {
        "if": { "properties": { "channel": { "const": "email" } } },
        "then": { "properties": { "recipient": { "properties": { "address": {
            "anyOf": [{ "$ref": "#/$defs/EmailAddress" }, { "type": "null" }]
        } } } } }
    }
])))]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// The medium of the contact. It selects the rules that apply (each rule names its channels)
    /// and the kind of address the recipient must have: a phone number for `sms`, `whatsapp`,
    /// `voice` and `voicemail`, an email address for `email`.
    pub channel: Channel,
    /// When the message would be sent (or the call placed), as an RFC 3339 instant with its
    /// offset. Contact windows are checked at this instant in every candidate time zone of the
    /// recipient; history windows are counted back from it.
    #[serde(deserialize_with = "deserialize_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::model::schema::Instant"))]
    pub send_at: Timestamp,
    /// The text of the message, call script or voicemail, as the recipient will read or hear it
    /// (at most 1,000,000 UTF-8 bytes). Banned and required content and accuracy rules read it;
    /// absent means there is no text to check (e.g. a call whose script is not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000_000)))]
    pub body: Option<String>,
    /// The email subject line (at most 1,000,000 UTF-8 bytes), checked like the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000_000)))]
    pub subject: Option<String>,
    /// The language of the body and subject: `en`, `fr`, `es`, or a BCP 47 tag such as `es-PE`
    /// (only its primary subtag is read). Default: the language of the first location's country
    /// that has one (`en` in the US, `fr` in France, `es` in Peru), else of the phone number's
    /// country, else `en`.
    #[serde(default, deserialize_with = "deserialize_language", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::LanguageTag>"))]
    pub language: Option<Language>,
    /// Sent by an autodialer, a prerecorded or artificial voice, or an automated texting
    /// platform (TCPA, 47 U.S.C. 227). Such calls and texts need prior express consent.
    /// Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub automated: bool,
    /// Why the message is sent. Some rules apply only to some purposes (a location-information
    /// contact with a third party, an opt-out confirmation). Default: `collection`.
    #[serde(default = "default_purpose")]
    pub purpose: Purpose,
    /// Whether this is the first communication with the recipient about the debt (it must carry
    /// the initial disclosures). When absent it is derived from the history: true unless an
    /// earlier outbound contact about the debt reached the recipient (any outcome but `failed` and
    /// `no_answer`) or an inbound contact was a `conversation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_communication: Option<bool>,
    /// Who sends the message.
    pub sender: Sender,
    /// Who the message goes to, where they are, and what they asked for.
    pub recipient: Recipient,
    /// The debt the message is about. Absent: rules about the debt's state (disputed, time-barred,
    /// in bankruptcy) and its amounts do not apply, and contacts are counted per person only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<Debt>,
    /// Earlier contacts with the recipient, inbound and outbound, in any order (at most 100,000
    /// events, their bodies at most 4,000,000 UTF-8 bytes together). Frequency caps count them,
    /// consent rules read revocations in inbound replies, and they decide whether this is the
    /// initial communication. Default: none.
    #[serde(default, deserialize_with = "deserialize_history", skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(length(max = 100_000)))]
    pub history: Vec<Event>,
}

/// The history as `Vec<Event>` does, but room for 32 events first: JSON gives no length ahead,
/// and growing a vector of events one doubling at a time copies them over and over.
fn deserialize_history<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Event>, D::Error> {
    struct V;
    impl<'de> de::Visitor<'de> for V {
        type Value = Vec<Event>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Event>, A::Error> {
            let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(32).min(4096));
            while let Some(e) = seq.next_element()? {
                events.push(e);
            }
            Ok(events)
        }
    }
    d.deserialize_seq(V)
}

fn default_purpose() -> Purpose {
    Purpose::Collection
}

/// Who sends the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The sender's true business name (at most 1,000 UTF-8 bytes), which some laws require the
    /// message to state; rules that require the name check that the body contains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub name: Option<String>,
    /// Whether the sender is a third-party collector, the creditor collecting its own debt, or an
    /// attorney. Each rule binds some roles only (the FDCPA binds collectors, not creditors).
    pub role: SenderRole,
    /// A licence number the sender must display (at most 1,000 UTF-8 bytes), e.g. under
    /// California's Debt Collection Licensing Act; rules that require it check that the body
    /// contains it. When it is absent (or empty), a licence number written in the body ("CA DFPI
    /// License #10001-99") is taken as the one displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub license_number: Option<String>,
    /// The sender bought (or otherwise acquired) the debt from its creditor or a later owner and
    /// collects it, or has it collected, for itself: a debt buyer, whatever its role. Some laws
    /// add duties for debt buyers (Tex. Fin. Code 392.307). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub debt_buyer: bool,
}

/// The person the message goes to: their relation to the debt, address, whereabouts, and what
/// they asked for or consented to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// The recipient's relation to the debt: the debtor, someone the law treats as the debtor
    /// (spouse, co-obligor, guarantor, executor, ...), or a third party. Third-party rules limit
    /// what may be said to anyone who is not the debtor.
    pub relation: Relation,
    /// Where the message goes: a phone number in E.164 form for `sms`, `whatsapp`, `voice` and
    /// `voicemail`, an email address for `email`, a postal address for `letter`. A +1 number's area
    /// code is a candidate location; consents and refusals are matched against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Whose address it is: the recipient's own (`personal`), their workplace's (`work`), one
    /// others can read (`shared`), or a group (`group`). Default: `personal`.
    #[serde(default = "default_address_kind")]
    pub address_kind: AddressKind,
    /// Mobile or landline, when known (some consent rules differ by line type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_type: Option<LineType>,
    /// Where the recipient lives or is known to be. Each location brings its jurisdictions
    /// (country, state) and candidate time zones, as does a phone number's country or +1 area
    /// code; contact windows must hold in every candidate zone. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The recipient is known to be represented by an attorney about this debt, so the collector
    /// must contact the attorney instead (FDCPA 1692c(a)(2)). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub represented_by_attorney: bool,
    /// The recipient's attorney consented to direct contact, or failed to respond within a
    /// reasonable time; lifts the attorney bar. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub attorney_permits_contact: bool,
    /// When a written refusal to pay or a request to cease communication was received (RFC 3339
    /// instant). From then on only the communications the law still allows (e.g. acknowledging
    /// the request) may be sent.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub cease_requested_at: Option<Timestamp>,
    /// Media the recipient asked not to be contacted through (e.g. `["voice"]`). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_channels: Vec<Channel>,
    /// Specific addresses the recipient asked not to be contacted at (phone numbers, email or
    /// postal addresses, compared in canonical form). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_addresses: Vec<Address>,
    /// Times of day the recipient said are inconvenient, in their local time; a contact inside
    /// one is at an inconvenient time (Reg F 1006.6(b)(1)(i)). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inconvenient_times: Vec<InconvenientTime>,
    /// Consents on record (prior express consent for automated calls and texts, marketing
    /// consent, consent to a medium). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// The recipient's employer prohibits such communications at work, so contacts at a `work`
    /// address are barred (FDCPA 1692c(a)(3)). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub employer_prohibits_contact: bool,
    /// When the recipient objected to the processing of their data (GDPR Art. 21), as an RFC 3339
    /// instant; later contacts based on legitimate interest are barred.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub objected_at: Option<Timestamp>,
    /// When the recipient objected to the processing of their data for direct marketing (GDPR
    /// Art. 21(2)), as an RFC 3339 instant. From then on their data "shall no longer be processed
    /// for such purposes" (Art. 21(3)): a marketing consent given before it no longer counts, and
    /// only a consent given after it does. An objection in `objected_at` counts as one too.
    /// Collection messages are not barred by it.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub marketing_objected_at: Option<Timestamp>,
}

fn default_address_kind() -> AddressKind {
    AddressKind::Personal
}

/// A place the recipient lives or is known to be. A region needs its country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend(
    "if" = { "properties": { "region": { "type": "string" } }, "required": ["region"] },
    "then" = { "properties": { "country": { "type": "string" } }, "required": ["country"] }
)))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The country, ISO 3166-1 alpha-2 (`US`, `FR`, `PE`): brings its jurisdiction (and `EU` for a
    /// member state) and, without a region or zone, all its time zones as candidates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The state, province or region within the country, as its ISO 3166-2 code without the
    /// country prefix (`IL`, `MA`, `CA`; at most 1,000 UTF-8 bytes). It must be a region of the
    /// country, and brings its jurisdiction (`US-CA`) and its time zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub region: Option<String>,
    /// The postal code (at most 1,000 UTF-8 bytes); a New York City ZIP code brings `US-NY-NYC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub postal_code: Option<String>,
    /// The IANA time zone, when known (`America/Chicago`): it replaces the zones the country or
    /// region would give, and without a country it gives the zone's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<TimeZoneName>,
}

/// A period of the day the recipient said is inconvenient, in the recipient's local time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InconvenientTime {
    /// The days of the week it applies to. Default: empty, meaning every day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Weekday>,
    /// Local start time `HH:MM` (inclusive).
    pub start: ClockTime,
    /// Local end time `HH:MM` (exclusive), after `start`; `24:00` for the end of the day.
    pub end: ClockTime,
}

/// A consent on record: the recipient agreed to be contacted on a channel (and address), for
/// collection or for marketing, from `given_at` until `revoked_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The channel consented to (consent to `voice` also covers `voicemail`).
    pub channel: Channel,
    /// The address consented to. Default: absent, meaning the recipient's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// When it was given (RFC 3339 instant). Absent: in force since before any contact.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub given_at: Option<Timestamp>,
    /// When it was revoked (RFC 3339 instant). Absent: not revoked. A revocation in an inbound
    /// reply of the history is read from its text as well.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub revoked_at: Option<Timestamp>,
    /// What the consent is for: `collection` or `marketing`. Default: `collection`.
    #[serde(default = "default_consent_purpose")]
    pub purpose: ConsentPurpose,
    /// The consent is in writing and signed by the person (an electronic signature counts): the
    /// TCPA's prior express written consent for advertising or telemarketing by robocall or
    /// robotext (47 CFR 64.1200(a)(2), (f)(9)), New York's written consent to e-mail (23 NYCRR
    /// 1.6). Rules that require a written consent ignore the others. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub written: bool,
}

fn default_consent_purpose() -> ConsentPurpose {
    ConsentPurpose::Collection
}

/// The debt a message is about: what it is, what is owed, and its legal state. An amount needs
/// its currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend(
    "if" = { "properties": { "amount": { "type": "string" } }, "required": ["amount"] },
    "then" = { "properties": { "currency": { "type": "string" } }, "required": ["currency"] }
)))]
#[serde(deny_unknown_fields)]
pub struct Debt {
    /// The debt's identifier (at most 1,000 UTF-8 bytes), used to count contacts per debt: a
    /// history event concerns this debt when it names it in `debt_id` or `debt_ids`, or names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub id: Option<String>,
    /// The name of the creditor to whom the debt is owed (at most 1,000 UTF-8 bytes). Rules may
    /// require the message to name it, and accuracy rules compare a creditor the body names to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub creditor: Option<String>,
    /// The amount owed, as a decimal string in units of `currency` (`"250.00"`). Rules may require
    /// the message to state it, and accuracy rules compare an amount the body states to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The ISO 4217 currency of `amount` (`USD`, `EUR`, `PEN`); required with an amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// When the debt was due, `YYYY-MM-DD`. Rules may require the message to state it, and
    /// accuracy rules compare a due date the body states to it.
    #[serde(
        default,
        deserialize_with = "deserialize_date",
        serialize_with = "serialize_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::DateString>"))]
    pub due_date: Option<Date>,
    /// The account or invoice reference (at most 1,000 UTF-8 bytes), which some laws require the
    /// message to state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub reference: Option<String>,
    /// The statute of limitations has run: threatening suit, or implying the debt can be sued on,
    /// is deceptive, and some states require a disclosure. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub time_barred: bool,
    /// The consumer disputed the debt (or asked for the original creditor's name and address) in
    /// writing within the validation period, and the verification (or judgment, or name and
    /// address) has not yet been sent, so collection must pause (FDCPA 1692g(b); Reg F
    /// 1006.38(d)(2)). A dispute made orally or after the validation period does not set it, and
    /// sending the verification clears it. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disputed: bool,
    /// The debtor is in bankruptcy: the automatic stay bars collection (11 U.S.C. 362).
    /// Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub bankruptcy: bool,
    /// Legal action is lawful, authorised by the creditor and intended, so a message may mention
    /// it; without this, threats of suit are banned. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub legal_action_intended: bool,
    /// The fees or charges the message states are authorised by the agreement or by law; without
    /// this, stating fees is banned where the law says so. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fees_authorized: bool,
    /// A judgment or other enforceable title exists for the debt, so a message may mention
    /// enforcement (seizure, garnishment). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub judgment_obtained: bool,
    /// A consumer debt (personal, family or household purposes), to which consumer-collection
    /// law applies; false for a business debt. Default: true.
    #[serde(default = "default_true")]
    pub consumer: bool,
    /// Credit from an entity of the supervised financial system (Peru, Ley 31143 and SBS rules).
    /// Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub financial_system: bool,
    /// The amicable collector's first written demand, whose reference and date later messages
    /// must recall (France, Code des procédures civiles d'exécution R124-4). Default: absent,
    /// meaning the earliest outbound `letter` event of the history about this debt (its date, and
    /// its `reference` or else the debt's `reference`), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_letter: Option<InitialLetter>,
}

/// The first written demand sent by an amicable collector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InitialLetter {
    /// The letter's reference (at most 1,000 UTF-8 bytes).
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub reference: String,
    /// The date the letter was sent, `YYYY-MM-DD`.
    #[serde(deserialize_with = "deserialize_required_date", serialize_with = "serialize_required_date")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::model::schema::DateString"))]
    pub sent_on: Date,
}

fn deserialize_required_date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    deserialize_date(d)?.ok_or_else(|| de::Error::custom("expected a date \"YYYY-MM-DD\""))
}
fn serialize_required_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// An earlier contact with the recipient, inbound or outbound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The medium of the contact.
    pub channel: Channel,
    /// `outbound` (sent by the collector or creditor) or `inbound` (from the recipient).
    pub direction: Direction,
    /// When it happened (RFC 3339 instant). Events after `send_at` are ignored.
    #[serde(deserialize_with = "deserialize_instant")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::model::schema::Instant"))]
    pub at: Timestamp,
    /// What happened: whether it was delivered, reached voicemail, or became a conversation.
    /// Frequency caps may leave out some outcomes (e.g. `failed`). Absent: unknown, counted as an
    /// attempt that may have reached the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The debt it concerned (at most 1,000 UTF-8 bytes). An event naming no debt concerns every
    /// debt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub debt_id: Option<String>,
    /// Further debts it concerned (each at most 1,000 UTF-8 bytes): a conversation about several
    /// debts counts for each. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub debt_ids: Vec<String>,
    /// The recipient's address it used (phone number, email or postal address), to tell which
    /// consents and refusals it concerns. Absent: the recipient's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// The kind of that address, when it differs from the recipient's `address_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_kind: Option<AddressKind>,
    /// The text of the message (at most 1,000,000 UTF-8 bytes): for a text or an email its text,
    /// for a call or a voicemail the transcript of what was said. Inbound events are read for
    /// revocations of consent (`STOP`, "don't text me", "no me llamen más"), so the body of an
    /// inbound call or voicemail is the transcript of the recipient's own words, not the caller's
    /// (a revocation said during an outbound call is recorded as an inbound `voice` event at the
    /// time it was said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000_000)))]
    pub body: Option<String>,
    /// Why it was sent (an outbound event). A revocation in reply to it may cover only messages
    /// of the same purpose (the TCPA, until its revoke-all provision applies on 2027-01-31).
    /// Absent: unknown, and a reply to it covers every purpose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// The reference the message carried (at most 1,000 UTF-8 bytes), e.g. a letter's own
    /// reference. In France (CPCE R124-4) later steps recall the first letter's reference and
    /// date: when `debt.initial_letter` is absent, they are those of the earliest outbound
    /// `letter` event about the debt, with this reference, or else `debt.reference`. Default:
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000)))]
    pub reference: Option<String>,
    /// Placed with the person's prior consent given directly to the sender, which Reg F leaves
    /// out of its call counts (1006.14(b)(3)); frequency caps that say so skip it. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub consented: bool,
}

impl Event {
    /// Whether the event concerned the given debt. Events that name no debt are assumed to.
    pub fn concerns(&self, debt_id: Option<&str>) -> bool {
        match debt_id {
            None => true,
            Some(id) => {
                (self.debt_id.is_none() && self.debt_ids.is_empty())
                    || self.debt_id.as_deref() == Some(id)
                    || self.debt_ids.iter().any(|d| d == id)
            }
        }
    }
}

impl Attempt {
    /// Parses an attempt from JSON, failing closed with the JSON path of the first bad field.
    pub fn from_json(json: &str) -> Result<Attempt, Error> {
        let attempt: Attempt = Error::parse_json(json)?;
        attempt.validate()?;
        Ok(attempt)
    }

    /// Parses an attempt from an already-parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Attempt, Error> {
        let attempt: Attempt = Error::parse_value(value)?;
        attempt.validate()?;
        Ok(attempt)
    }

    /// Checks what serde cannot: relations between fields.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |path: &str, message: String| Err(Error::InvalidAttempt { path: path.to_string(), message });
        if let Some(addr) = &self.recipient.address {
            match (self.channel.uses_phone(), self.channel == Channel::Email, addr) {
                (true, _, Address::Phone(_)) | (_, true, Address::Email(_)) => {}
                (true, _, _) => {
                    return bad(
                        "recipient.address",
                        format!("a {} goes to a phone number in E.164 form, not {:?}", self.channel, addr.canonical()),
                    )
                }
                (_, true, _) => {
                    return bad(
                        "recipient.address",
                        format!("an email goes to an email address, not {:?}", addr.canonical()),
                    )
                }
                _ => {}
            }
        }
        self.validate_sizes()?;
        for (i, loc) in self.recipient.locations.iter().enumerate() {
            if let (Some(country), Some(region)) = (loc.country, &loc.region) {
                if crate::geo::zones::region_known(country)
                    && crate::geo::zones::region_zones(country, region).is_none()
                {
                    return bad(
                        &format!("recipient.locations[{i}].region"),
                        format!("unknown region {region:?} of {country}"),
                    );
                }
            }
            if loc.region.is_some() && loc.country.is_none() {
                return bad(&format!("recipient.locations[{i}].country"), "a region needs its country".to_string());
            }
        }
        for (i, t) in self.recipient.inconvenient_times.iter().enumerate() {
            if t.start >= t.end {
                return bad(
                    &format!("recipient.inconvenient_times[{i}].end"),
                    format!("end {} is not after start {}", t.end, t.start),
                );
            }
        }
        if let Some(debt) = &self.debt {
            if debt.amount.is_some() && debt.currency.is_none() {
                return bad("debt.currency", "an amount needs its currency".to_string());
            }
        }
        Ok(())
    }

    /// Every text has a size limit, so that the work an attempt costs is bounded.
    fn validate_sizes(&self) -> Result<(), Error> {
        check_text_size("body", self.body.as_ref(), MAX_TEXT_BYTES)?;
        check_text_size("subject", self.subject.as_ref(), MAX_TEXT_BYTES)?;
        check_text_size("sender.name", self.sender.name.as_ref(), MAX_SHORT_TEXT_BYTES)?;
        check_text_size("sender.license_number", self.sender.license_number.as_ref(), MAX_SHORT_TEXT_BYTES)?;
        for (i, loc) in self.recipient.locations.iter().enumerate() {
            check_text_size(
                format_args!("recipient.locations[{i}].region"),
                loc.region.as_ref(),
                MAX_SHORT_TEXT_BYTES,
            )?;
            check_text_size(
                format_args!("recipient.locations[{i}].postal_code"),
                loc.postal_code.as_ref(),
                MAX_SHORT_TEXT_BYTES,
            )?;
        }
        if let Some(debt) = &self.debt {
            check_text_size("debt.id", debt.id.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            check_text_size("debt.creditor", debt.creditor.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            check_text_size("debt.reference", debt.reference.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            if let Some(letter) = &debt.initial_letter {
                check_text_size("debt.initial_letter.reference", Some(&letter.reference), MAX_SHORT_TEXT_BYTES)?;
            }
        }
        if self.history.len() > MAX_HISTORY_EVENTS {
            return Err(Error::InvalidAttempt {
                path: "history".to_string(),
                message: format!("{} events, more than the limit of {MAX_HISTORY_EVENTS}", self.history.len()),
            });
        }
        let mut total = 0usize;
        for (i, e) in self.history.iter().enumerate() {
            check_text_size(format_args!("history[{i}].body"), e.body.as_ref(), MAX_TEXT_BYTES)?;
            check_text_size(format_args!("history[{i}].debt_id"), e.debt_id.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            check_text_size(format_args!("history[{i}].reference"), e.reference.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            for (j, d) in e.debt_ids.iter().enumerate() {
                check_text_size(format_args!("history[{i}].debt_ids[{j}]"), Some(d), MAX_SHORT_TEXT_BYTES)?;
            }
            total += e.body.as_ref().map_or(0, String::len);
            if total > MAX_HISTORY_TEXT_BYTES {
                return Err(Error::InvalidAttempt {
                    path: format!("history[{i}].body"),
                    message: format!(
                        "the bodies of the history add up to more than the limit of {MAX_HISTORY_TEXT_BYTES} bytes"
                    ),
                });
            }
        }
        Ok(())
    }

    /// The attempt as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A message template to lint: the content rules that would apply to it, with `{{placeholders}}`
/// standing for the attempt's fields (`{{debt.amount}}` satisfies a required amount). Unknown
/// members are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The medium the template is for; content rules that name other channels do not apply.
    pub channel: Channel,
    /// The template text (at most 1,000,000 UTF-8 bytes), with `{{placeholders}}` such as
    /// `{{debt.amount}}` or `{{sender.name}}` for the attempt's fields.
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000_000)))]
    pub body: String,
    /// The email subject template (at most 1,000,000 UTF-8 bytes), checked like the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1_000_000)))]
    pub subject: Option<String>,
    /// The language of the text: `en`, `fr`, `es` or a BCP 47 tag such as `es-PE`. Default: the
    /// language of the first jurisdiction.
    #[serde(default, deserialize_with = "deserialize_language", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::LanguageTag>"))]
    pub language: Option<Language>,
    /// Who will send it (rules bind some sender roles only).
    pub sender: Sender,
    /// Where it will be sent, at least one: `["US"]`, `["US", "US-CA"]`, `["FR", "EU"]`, `["PE"]`.
    /// A state brings its country, a member state brings `EU`.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::model::schema::Jurisdiction>", length(min = 1)))]
    pub jurisdictions: Vec<String>,
    /// Whether it is used as a first communication, which must carry the initial disclosures.
    /// Default: true (the strictest requirements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_communication: Option<bool>,
    /// Why it is sent. Default: `collection`.
    #[serde(default = "default_purpose")]
    pub purpose: Purpose,
    /// The instant whose rules apply (RFC 3339), since packs date their rules. Default: now, by
    /// the caller's clock.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::model::schema::Instant>"))]
    pub at: Option<Timestamp>,
}

impl Template {
    /// Parses a template from JSON, failing closed with the JSON path of the first bad field.
    pub fn from_json(json: &str) -> Result<Template, Error> {
        let template: Template = Error::parse_json(json)?;
        template.validate()?;
        Ok(template)
    }

    /// Parses a template from an already-parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Template, Error> {
        let template: Template = Error::parse_value(value)?;
        template.validate()?;
        Ok(template)
    }

    /// Checks what serde cannot: the sizes of the texts.
    pub fn validate(&self) -> Result<(), Error> {
        check_text_size("body", Some(&self.body), MAX_TEXT_BYTES)?;
        check_text_size("subject", self.subject.as_ref(), MAX_TEXT_BYTES)
    }
}
