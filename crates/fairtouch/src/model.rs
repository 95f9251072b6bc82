//! The JSON interchange format: an [`Attempt`] goes in, a [`Verdict`] comes out.
//!
//! The same types serve Rust, Python, WebAssembly and the CLI, so the format is defined once,
//! here. Parsing is strict: unknown fields, unknown enum values, bad timestamps, unknown time
//! zones, malformed phone numbers and amounts are errors that name the JSON path (see
//! [`Attempt::from_json`]).

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::Error;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] #[doc = concat!("`", $text, "`")] $variant),+
        }

        impl $name {
            /// Every value of the vocabulary, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name of the value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} {:?}, expected one of: {}",
                        stringify!($name).to_lowercase(),
                        s,
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

vocabulary! {
    /// The medium of a contact.
    Channel { Sms => "sms", Whatsapp => "whatsapp", Email => "email", Voice => "voice", Voicemail => "voicemail", Letter => "letter" }
}

impl Channel {
    /// Electronic written messages (Reg F 1006.6(e) "electronic communications").
    pub fn is_electronic(self) -> bool {
        matches!(self, Channel::Sms | Channel::Whatsapp | Channel::Email)
    }
    /// Channels whose address is a telephone number.
    pub fn uses_phone(self) -> bool {
        matches!(self, Channel::Sms | Channel::Whatsapp | Channel::Voice | Channel::Voicemail)
    }
}

vocabulary! {
    /// Who sends: a third-party debt collector, the creditor itself, or an attorney.
    SenderRole { Collector => "collector", Creditor => "creditor", Attorney => "attorney" }
}

vocabulary! {
    /// The recipient's relation to the debt.
    Relation {
        Debtor => "debtor", CoObligor => "co_obligor", Guarantor => "guarantor", Spouse => "spouse",
        ParentOfMinor => "parent_of_minor", Guardian => "guardian", Executor => "executor",
        Attorney => "attorney", ThirdParty => "third_party", Unknown => "unknown",
    }
}

vocabulary! {
    /// What kind of address the message goes to.
    AddressKind { Personal => "personal", Work => "work", Shared => "shared", Group => "group" }
}

vocabulary! {
    /// The kind of telephone line, when known.
    LineType { Mobile => "mobile", Landline => "landline" }
}

vocabulary! {
    /// Why the message is sent.
    Purpose {
        Collection => "collection", LocationInformation => "location_information",
        OptOutConfirmation => "opt_out_confirmation", Informational => "informational",
        CeaseAcknowledgement => "cease_acknowledgement",
    }
}

vocabulary! {
    /// Direction of a history event.
    Direction { Outbound => "outbound", Inbound => "inbound" }
}

vocabulary! {
    /// Outcome of a history event.
    Outcome {
        Delivered => "delivered", Failed => "failed", NoAnswer => "no_answer",
        Voicemail => "voicemail", Conversation => "conversation",
    }
}

vocabulary! {
    /// Languages whose patterns the packs carry.
    Language { En => "en", Fr => "fr", Es => "es" }
}

vocabulary! {
    /// Days of the week, as used in contact windows and stated inconvenient times.
    Weekday { Mon => "mon", Tue => "tue", Wed => "wed", Thu => "thu", Fri => "fri", Sat => "sat", Sun => "sun" }
}

vocabulary! {
    /// Purpose of a consent record.
    ConsentPurpose { Collection => "collection", Marketing => "marketing" }
}

vocabulary! {
    /// How severe a finding is. Ordered: `info` < `warn` < `block`.
    Severity { Info => "info", Warn => "warn", Block => "block" }
}

vocabulary! {
    /// The final decision.
    Decision { Allow => "allow", Warn => "warn", Block => "block" }
}

vocabulary! {
    /// What a finding is about.
    Category {
        ContactHours => "contact_hours", Frequency => "frequency", Consent => "consent",
        CommunicationBar => "communication_bar", ThirdParty => "third_party",
        BannedContent => "banned_content", RequiredContent => "required_content", Accuracy => "accuracy",
    }
}

impl Weekday {
    /// From jiff's weekday.
    pub fn from_jiff(w: jiff::civil::Weekday) -> Weekday {
        use jiff::civil::Weekday as J;
        match w {
            J::Monday => Weekday::Mon,
            J::Tuesday => Weekday::Tue,
            J::Wednesday => Weekday::Wed,
            J::Thursday => Weekday::Thu,
            J::Friday => Weekday::Fri,
            J::Saturday => Weekday::Sat,
            J::Sunday => Weekday::Sun,
        }
    }
    /// A bit for sets of weekdays.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl Language {
    /// Reads a BCP 47 tag such as `es-PE` by its primary subtag.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        primary.parse().ok()
    }
}

/// An instant, written as RFC 3339 with an offset (`2026-03-10T14:05:00Z`).
pub type Instant = Timestamp;

/// An IANA time zone, checked against the bundled time-zone database when parsed.
#[derive(Clone)]
pub struct TimeZoneName {
    name: String,
    zone: TimeZone,
}

impl TimeZoneName {
    /// Looks the zone up in the bundled database.
    pub fn new(name: &str) -> Result<Self, String> {
        let zone = crate::zones::lookup(name).ok_or_else(|| format!("unknown time zone {name:?}"))?;
        Ok(TimeZoneName { name: name.to_string(), zone })
    }
    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The zone's rules.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }
}

impl fmt::Debug for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.name)
    }
}
impl PartialEq for TimeZoneName {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Serialize for TimeZoneName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}
impl<'de> Deserialize<'de> for TimeZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeZoneName::new(&s).map_err(de::Error::custom)
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Parses `US`, `fr`, ... (two ASCII letters, known to the time-zone table).
    pub fn new(code: &str) -> Result<Self, String> {
        let b = code.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(format!("invalid country code {code:?}, expected ISO 3166-1 alpha-2 such as \"US\""));
        }
        let c = Country([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]);
        if crate::zones::country_zones(c).is_empty() {
            return Err(format!("unknown country code {code:?}"));
        }
        Ok(c)
    }
    /// Builds a country from a code known to be valid (used by tables).
    pub(crate) const fn from_bytes(b: [u8; 2]) -> Self {
        Country(b)
    }
    /// The code, e.g. `"US"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}
impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Country::new(&s).map_err(de::Error::custom)
    }
}

/// A recipient address: an E.164 phone number, an email address, or a postal address.
#[derive(Debug, Clone, PartialEq)]
pub enum Address {
    /// `+13125550100`: validated, with its country and, for +1 numbers, its area code.
    Phone(PhoneNumber),
    /// `someone@example.com`, lower-cased.
    Email(String),
    /// Anything else: a postal address for letters.
    Postal(String),
}

/// A parsed E.164 telephone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    e164: String,
    country_code: u16,
    region: Option<Country>,
}

impl PhoneNumber {
    /// Parses an international number (`+` and the country calling code).
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if !trimmed.starts_with('+') {
            return Err(format!("malformed phone number {text:?}: expected E.164 such as \"+13125550100\""));
        }
        let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
        let stray = trimmed[1..].chars().any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')));
        if stray || digits.len() < 7 || digits.len() > 15 {
            return Err(format!("malformed phone number {text:?}: expected E.164 such as \"+13125550100\""));
        }
        if digits.starts_with('1') {
            // North American numbers have a fixed shape (NANP): checked directly, which is exact
            // and a hundred times cheaper than the general parser.
            let e164 = format!("+{digits}");
            let area = &digits[1..digits.len().min(4)];
            let valid_nanp = digits.len() == 11
                && area.as_bytes().first().is_some_and(|b| (b'2'..=b'9').contains(b))
                && digits.as_bytes().get(4).is_some_and(|b| (b'2'..=b'9').contains(b));
            if !valid_nanp {
                return Err(format!(
                    "malformed phone number {text:?}: a +1 number has a 3-digit area code and a 7-digit number, neither starting with 0 or 1"
                ));
            }
            return Ok(PhoneNumber { e164, country_code: 1, region: None });
        }
        // Country calling codes are prefix-free: at most one of the first 1-3 digits is assigned.
        let (country_code, national) = (1..=3)
            .filter_map(|n| {
                let code: u16 = digits.get(..n)?.parse().ok()?;
                crate::zones::national_lengths(code).map(|lengths| (code, &digits[n..], lengths))
            })
            .next()
            .map(|(code, national, lengths)| {
                if lengths.contains(&(national.len() as u8)) {
                    Ok((code, national))
                } else {
                    Err(format!(
                        "malformed phone number {text:?}: a +{code} number has {} digits after the country code, not {}",
                        lengths.iter().map(u8::to_string).collect::<Vec<_>>().join(" or "),
                        national.len()
                    ))
                }
            })
            .unwrap_or_else(|| Err(format!("malformed phone number {text:?}: no such country calling code")))?;
        let e164 = format!("+{country_code}{national}");
        let region = crate::zones::country_for_calling_code(country_code);
        Ok(PhoneNumber { e164, country_code, region })
    }
    /// The number in E.164 form, without separators.
    pub fn e164(&self) -> &str {
        &self.e164
    }
    /// The country calling code (1 for North America).
    pub fn country_code(&self) -> u16 {
        self.country_code
    }
    /// The country the number belongs to, when the calling code (or, for +1, the area code) says.
    pub fn region(&self) -> Option<Country> {
        self.region.or_else(|| self.nanp_area_code().and_then(crate::zones::nanp_area_code).map(|a| a.country))
    }
    /// The three-digit area code of a North American number.
    pub fn nanp_area_code(&self) -> Option<&str> {
        (self.country_code == 1).then(|| &self.e164[2..5])
    }
}

impl Address {
    /// Parses an address: `+…` is a phone number, `…@…` an email, anything else postal.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty address".to_string());
        }
        if t.starts_with('+') {
            return PhoneNumber::parse(t).map(Address::Phone);
        }
        if let Some((local, domain)) = t.split_once('@') {
            let ok = !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                && !domain.contains('@');
            if !ok {
                return Err(format!("malformed email address {text:?}"));
            }
            return Ok(Address::Email(t.to_lowercase()));
        }
        if t.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.')) {
            return Err(format!(
                "malformed phone number {text:?}: expected E.164 with the country code, such as \"+13125550100\""
            ));
        }
        Ok(Address::Postal(t.to_string()))
    }
    /// The canonical text of the address, used to compare addresses.
    pub fn canonical(&self) -> &str {
        match self {
            Address::Phone(p) => p.e164(),
            Address::Email(e) | Address::Postal(e) => e,
        }
    }
    /// The phone number, if the address is one.
    pub fn phone(&self) -> Option<&PhoneNumber> {
        match self {
            Address::Phone(p) => Some(p),
            _ => None,
        }
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.canonical())
    }
}
impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Address::parse(&s).map_err(de::Error::custom)
    }
}

/// A money amount written as a decimal string (`"250.00"`), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal amount as a string such as \"250.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                let well_formed = !v.is_empty()
                    && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && v.bytes().filter(|&b| b == b'.').count() <= 1
                    && !v.starts_with('.')
                    && !v.ends_with('.')
                    && v.split('.').nth(1).is_none_or(|f| f.len() <= 4)
                    && v.split('.').next().is_some_and(|i| i.len() <= 15);
                if !well_formed {
                    return Err(E::custom(format!(
                        "malformed amount {v:?}: expected a non-negative decimal string such as \"250.00\" (at most 4 decimals)"
                    )));
                }
                Decimal::from_str(v).map(Amount).map_err(|e| E::custom(format!("malformed amount {v:?}: {e}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                Err(E::custom(format!("amount {v} must be a string such as \"{v}.00\", not a JSON number")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Err(E::custom(format!("amount {v} must be a string, not a JSON number")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                Err(E::custom(format!("amount {v} must be a string such as \"250.00\", not a JSON number")))
            }
        }
        d.deserialize_any(V)
    }
}

/// An ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

/// ISO 4217 active codes.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

impl Currency {
    /// Parses an ISO 4217 code such as `USD`.
    pub fn new(code: &str) -> Result<Self, String> {
        let b = code.as_bytes();
        // The list is sorted, three letters and a space per code.
        let known = ISO_4217.len().div_ceil(4);
        let found = b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) && {
            let (mut lo, mut hi) = (0, known);
            let mut hit = false;
            while lo < hi {
                let mid = (lo + hi) / 2;
                let cand = &ISO_4217.as_bytes()[mid * 4..mid * 4 + 3];
                match cand.cmp(b) {
                    std::cmp::Ordering::Equal => {
                        hit = true;
                        break;
                    }
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                }
            }
            hit
        };
        if found {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(format!("unknown currency {code:?}, expected an ISO 4217 code such as \"USD\""))
        }
    }
    /// The code, e.g. `"USD"`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}
impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::new(&s).map_err(de::Error::custom)
    }
}

/// A local time of day `HH:MM` (or `HH:MM:SS`); `24:00` means the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime {
    /// Seconds since local midnight, 0..=86400.
    pub seconds: u32,
}

impl ClockTime {
    /// Parses `HH:MM`, `HH:MM:SS` or `24:00`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid local time {s:?}, expected \"HH:MM\" (00:00 to 24:00)");
        let parts: Vec<&str> = s.split(':').collect();
        if !(2..=3).contains(&parts.len())
            || parts.iter().any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let h: u32 = parts[0].parse().map_err(|_| bad())?;
        let m: u32 = parts[1].parse().map_err(|_| bad())?;
        let sec: u32 = if parts.len() == 3 { parts[2].parse().map_err(|_| bad())? } else { 0 };
        if m > 59 || sec > 59 || h > 24 || (h == 24 && (m > 0 || sec > 0)) {
            return Err(bad());
        }
        Ok(ClockTime { seconds: h * 3600 + m * 60 + sec })
    }
    /// From a civil time.
    pub fn from_time(t: Time) -> Self {
        ClockTime { seconds: t.hour() as u32 * 3600 + t.minute() as u32 * 60 + t.second() as u32 }
    }
    /// As a civil time; `24:00` has none.
    pub fn to_time(self) -> Option<Time> {
        if self.seconds >= 86400 {
            return None;
        }
        Time::new((self.seconds / 3600) as i8, ((self.seconds / 60) % 60) as i8, (self.seconds % 60) as i8, 0).ok()
    }
}
impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.seconds / 3600, (self.seconds / 60) % 60, self.seconds % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}
impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ClockTime::parse(&s).map_err(de::Error::custom)
    }
}

fn deserialize_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let s = String::deserialize(d)?;
    parse_instant(&s).map_err(de::Error::custom)
}

fn deserialize_opt_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    s.map(|s| parse_instant(&s).map_err(de::Error::custom)).transpose()
}

/// Parses an RFC 3339 instant; the offset (`Z` or `±HH:MM`) is required.
pub fn parse_instant(s: &str) -> Result<Timestamp, String> {
    let has_offset = s.ends_with('Z') || s.ends_with('z') || {
        let tail = s.rsplit('T').next().unwrap_or("");
        tail.contains('+') || tail.contains('-')
    };
    if !s.contains('T') || !has_offset {
        return Err(format!(
            "invalid timestamp {s:?}: expected RFC 3339 with an offset, such as \"2026-03-10T14:05:00Z\""
        ));
    }
    s.parse::<Timestamp>().map_err(|e| format!("invalid timestamp {s:?}: {e}"))
}

fn deserialize_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    s.map(|s| {
        if s.len() != 10 {
            return Err(de::Error::custom(format!("invalid date {s:?}: expected \"YYYY-MM-DD\"")));
        }
        s.parse::<Date>().map_err(|e| de::Error::custom(format!("invalid date {s:?}: {e}")))
    })
    .transpose()
}

fn serialize_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn default_true() -> bool {
    true
}

fn deserialize_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Language>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    s.map(|s| {
        Language::from_tag(&s)
            .ok_or_else(|| de::Error::custom(format!("unsupported language {s:?}, expected one of: en, fr, es")))
    })
    .transpose()
}

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
                if crate::zones::region_known(country) && crate::zones::region_zones(country, region).is_none() {
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
    t.strftime("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_checked_against_libphonenumber_lengths() {
        let fr = PhoneNumber::parse("+33 6 12 34 56 78").unwrap();
        assert_eq!(
            (fr.e164(), fr.country_code(), fr.region().map(|c| c.to_string())),
            ("+33612345678", 33, Some("FR".into()))
        );
        let pe = PhoneNumber::parse("+51987654321").unwrap();
        assert_eq!(pe.region().map(|c| c.to_string()), Some("PE".into()));
        let us = PhoneNumber::parse("+1 (312) 555-0100").unwrap();
        assert_eq!((us.nanp_area_code(), us.region().map(|c| c.to_string())), (Some("312"), Some("US".into())));
        assert!(PhoneNumber::parse("+3361234567").unwrap_err().contains("+33 number has 9 digits"));
        assert!(PhoneNumber::parse("+13125550").is_err());
        assert!(PhoneNumber::parse("+10125550100").is_err());
        assert!(PhoneNumber::parse("+999123456789").unwrap_err().contains("no such country calling code"));
        assert!(PhoneNumber::parse("3125550100").is_err());
        assert!(PhoneNumber::parse("+33 6 12 34 56 7x").is_err());
    }
}
