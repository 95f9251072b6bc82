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

fn check_text_size(path: &str, text: Option<&String>, limit: usize) -> Result<(), Error> {
    match text {
        Some(t) if t.len() > limit => Err(Error::InvalidAttempt {
            path: path.to_string(),
            message: format!("{} bytes, more than the limit of {limit} bytes", t.len()),
        }),
        _ => Ok(()),
    }
}

/// The candidate contact: everything the engine knows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    /// The medium.
    pub channel: Channel,
    /// When the message would be sent (or the call placed).
    #[serde(deserialize_with = "deserialize_instant")]
    pub send_at: Timestamp,
    /// The text of the message, call script or voicemail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The email subject line, checked like the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The language of the body (`en`, `fr`, `es`, or a tag such as `es-PE`).
    #[serde(default, deserialize_with = "deserialize_language", skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Sent by an autodialer, prerecorded voice or automated texting platform (TCPA).
    #[serde(default, skip_serializing_if = "is_false")]
    pub automated: bool,
    /// Why the message is sent.
    #[serde(default = "default_purpose")]
    pub purpose: Purpose,
    /// Whether this is the first communication with the recipient about the debt. When absent
    /// it is derived from the history: no earlier outbound contact that reached the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_communication: Option<bool>,
    /// The sender.
    pub sender: Sender,
    /// The recipient.
    pub recipient: Recipient,
    /// The debt the message is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<Debt>,
    /// Earlier contacts with the recipient, inbound and outbound.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Event>,
}

fn default_purpose() -> Purpose {
    Purpose::Collection
}

/// Who sends the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The sender's true business name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Collector, creditor or attorney.
    pub role: SenderRole,
    /// A licence number the sender must display (e.g. California's Debt Collection Licensing Act).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_number: Option<String>,
}

/// The person the message goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Relation to the debt.
    pub relation: Relation,
    /// Phone number (E.164), email address, or postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Personal, work, shared or group address. Default: personal.
    #[serde(default = "default_address_kind")]
    pub address_kind: AddressKind,
    /// Mobile or landline, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_type: Option<LineType>,
    /// Where the recipient lives or is known to be.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The recipient is known to be represented by an attorney about this debt.
    #[serde(default, skip_serializing_if = "is_false")]
    pub represented_by_attorney: bool,
    /// The attorney consented to direct contact, or failed to respond within a reasonable time.
    #[serde(default, skip_serializing_if = "is_false")]
    pub attorney_permits_contact: bool,
    /// When a written refusal to pay or request to cease communication was received.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    pub cease_requested_at: Option<Timestamp>,
    /// Media the recipient asked not to be contacted through.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_channels: Vec<Channel>,
    /// Specific addresses the recipient asked not to be contacted at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_addresses: Vec<Address>,
    /// Times the recipient said are inconvenient.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inconvenient_times: Vec<InconvenientTime>,
    /// Consents on record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// The recipient's employer prohibits such communication at work.
    #[serde(default, skip_serializing_if = "is_false")]
    pub employer_prohibits_contact: bool,
    /// When the recipient objected to the processing of their data (GDPR Art. 21).
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    pub objected_at: Option<Timestamp>,
}

fn default_address_kind() -> AddressKind {
    AddressKind::Personal
}

/// A place the recipient lives or is known to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// ISO 3166-1 alpha-2 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// State, province or region code (`IL`, `MA`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<TimeZoneName>,
}

/// A period the recipient said is inconvenient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InconvenientTime {
    /// Days it applies to; empty means every day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Weekday>,
    /// Local start time.
    pub start: ClockTime,
    /// Local end time (exclusive); `24:00` for the end of the day.
    pub end: ClockTime,
}

/// A consent on record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The channel consented to.
    pub channel: Channel,
    /// The address consented to; absent means the recipient's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// When it was given.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    pub given_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<Timestamp>,
    /// Collection (default) or marketing.
    #[serde(default = "default_consent_purpose")]
    pub purpose: ConsentPurpose,
}

fn default_consent_purpose() -> ConsentPurpose {
    ConsentPurpose::Collection
}

/// The debt a message is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debt {
    /// The debt's identifier, used to count contacts per debt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The creditor to whom the debt is owed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor: Option<String>,
    /// The amount owed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// ISO 4217 currency of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// When the debt was due.
    #[serde(
        default,
        deserialize_with = "deserialize_date",
        serialize_with = "serialize_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub due_date: Option<Date>,
    /// The account or invoice reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The statute of limitations has run.
    #[serde(default, skip_serializing_if = "is_false")]
    pub time_barred: bool,
    /// The consumer disputed the debt and verification has not been provided.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disputed: bool,
    /// The debtor is in bankruptcy (automatic stay).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bankruptcy: bool,
    /// Legal action is lawful, authorised by the creditor and intended.
    #[serde(default, skip_serializing_if = "is_false")]
    pub legal_action_intended: bool,
    /// The fees or charges the message states are authorised by the agreement or by law.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fees_authorized: bool,
    /// A judgment or other enforceable title exists for the debt.
    #[serde(default, skip_serializing_if = "is_false")]
    pub judgment_obtained: bool,
    /// A consumer (personal, family, household) debt. Default: true.
    #[serde(default = "default_true")]
    pub consumer: bool,
    /// Credit from a supervised financial-system entity (Peru, Ley 31143).
    #[serde(default, skip_serializing_if = "is_false")]
    pub financial_system: bool,
    /// The amicable collector's first letter, recalled in later messages (France, R124-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_letter: Option<InitialLetter>,
}

/// The first written demand sent by an amicable collector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialLetter {
    /// The letter's reference.
    pub reference: String,
    /// The date it was sent.
    #[serde(deserialize_with = "deserialize_required_date", serialize_with = "serialize_required_date")]
    pub sent_on: Date,
}

fn deserialize_required_date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    deserialize_date(d)?.ok_or_else(|| de::Error::custom("expected a date \"YYYY-MM-DD\""))
}
fn serialize_required_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// An earlier contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The medium.
    pub channel: Channel,
    /// Outbound (sent by the collector or creditor) or inbound (from the recipient).
    pub direction: Direction,
    /// When it happened.
    #[serde(deserialize_with = "deserialize_instant")]
    pub at: Timestamp,
    /// What happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The debt it concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt_id: Option<String>,
    /// Further debts it concerned (a conversation about several debts counts for each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub debt_ids: Vec<String>,
    /// The recipient's address used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Kind of that address, when it differs from the recipient's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_kind: Option<AddressKind>,
    /// Text of the message (inbound replies are read for revocations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Why it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// Placed with the person's direct prior consent (excluded from Reg F call counts).
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
        let attempt: Attempt = match Attempt::deserialize(&value) {
            Ok(a) => a,
            Err(_) => serde_path_to_error::deserialize(value).map_err(Error::from_json_path)?,
        };
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
            check_text_size(&format!("recipient.locations[{i}].region"), loc.region.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            check_text_size(
                &format!("recipient.locations[{i}].postal_code"),
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
            check_text_size(&format!("history[{i}].body"), e.body.as_ref(), MAX_TEXT_BYTES)?;
            check_text_size(&format!("history[{i}].debt_id"), e.debt_id.as_ref(), MAX_SHORT_TEXT_BYTES)?;
            for (j, d) in e.debt_ids.iter().enumerate() {
                check_text_size(&format!("history[{i}].debt_ids[{j}]"), Some(d), MAX_SHORT_TEXT_BYTES)?;
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
/// standing for the attempt's fields (`{{debt.amount}}` satisfies a required amount).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The medium.
    pub channel: Channel,
    /// The template text.
    pub body: String,
    /// Email subject template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Language of the text; default: the first jurisdiction's.
    #[serde(default, deserialize_with = "deserialize_language", skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Who will send it.
    pub sender: Sender,
    /// Where it will be sent: `["US"]`, `["US", "US-CA"]`, `["FR", "EU"]`, `["PE"]`.
    pub jurisdictions: Vec<String>,
    /// Whether it is used as a first communication (default true: the strictest requirements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_communication: Option<bool>,
    /// Why it is sent.
    #[serde(default = "default_purpose")]
    pub purpose: Purpose,
    /// The date whose rules apply (default: now).
    #[serde(default, deserialize_with = "deserialize_opt_instant", skip_serializing_if = "Option::is_none")]
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
        let template: Template = match Template::deserialize(&value) {
            Ok(t) => t,
            Err(_) => serde_path_to_error::deserialize(value).map_err(Error::from_json_path)?,
        };
        template.validate()?;
        Ok(template)
    }

    /// Checks what serde cannot: the sizes of the texts.
    pub fn validate(&self) -> Result<(), Error> {
        check_text_size("body", Some(&self.body), MAX_TEXT_BYTES)?;
        check_text_size("subject", self.subject.as_ref(), MAX_TEXT_BYTES)
    }
}
