//! The values of the interchange format: vocabularies, countries, addresses, money, times.

use crate::error::Error;
use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

pub use crate::geo::Country;

macro_rules! vocabulary {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
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

        /// A string with one of the vocabulary's values (`enum`), described by its doc comment.
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn schema_id() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(concat!("fairtouch::", stringify!($name)))
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "enum": [$($text),+],
                    "description": crate::model::schema::doc_text(&[$($doc),*]),
                })
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(Error::InvalidValue(format!(
                        "unknown {} {:?}, expected one of: {}",
                        stringify!($name).to_lowercase(),
                        s,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

vocabulary! {
    /// The medium of a contact: `sms` (text message), `whatsapp`, `email`, `voice` (a live or
    /// automated call), `voicemail` (a message left on an answering machine), `letter` (post).
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
    /// Who sends: `collector` (a third-party debt collector), `creditor` (the creditor collecting
    /// its own debt in its own name), or `attorney` (a lawyer collecting debts).
    SenderRole { Collector => "collector", Creditor => "creditor", Attorney => "attorney" }
}

vocabulary! {
    /// The recipient's relation to the debt: `debtor`; `co_obligor`, `guarantor`, `spouse`,
    /// `parent_of_minor` (of a minor debtor), `guardian`, `executor` (or administrator of the
    /// debtor's estate), `attorney` (the debtor's) — people the law may treat as the debtor for
    /// some purposes; `third_party` (anyone else); `unknown` (not established, treated as a third
    /// party).
    Relation {
        Debtor => "debtor", CoObligor => "co_obligor", Guarantor => "guarantor", Spouse => "spouse",
        ParentOfMinor => "parent_of_minor", Guardian => "guardian", Executor => "executor",
        Attorney => "attorney", ThirdParty => "third_party", Unknown => "unknown",
    }
}

vocabulary! {
    /// Whose address the message goes to: `personal` (the recipient's own), `work` (provided by
    /// an employer), `shared` (others may read or hear it, e.g. a family phone), `group` (a
    /// group chat or mailing list).
    AddressKind { Personal => "personal", Work => "work", Shared => "shared", Group => "group" }
}

vocabulary! {
    /// The kind of telephone line, when known: `mobile` or `landline`.
    LineType { Mobile => "mobile", Landline => "landline" }
}

vocabulary! {
    /// Why a message is sent: `collection` (to collect the debt), `location_information` (to a
    /// third party, to learn the debtor's whereabouts), `opt_out_confirmation` (confirming an
    /// opt-out), `informational` (no collection content), `cease_acknowledgement` (acknowledging
    /// a request to cease communication, which the law still allows).
    Purpose {
        Collection => "collection", LocationInformation => "location_information",
        OptOutConfirmation => "opt_out_confirmation", Informational => "informational",
        CeaseAcknowledgement => "cease_acknowledgement",
    }
}

vocabulary! {
    /// Direction of a history event: `outbound` (from the collector or creditor) or `inbound`
    /// (from the recipient).
    Direction { Outbound => "outbound", Inbound => "inbound" }
}

vocabulary! {
    /// Outcome of a history event: `delivered` (a message reached the recipient's address),
    /// `failed` (not delivered, or the call did not connect), `no_answer` (a call nobody
    /// answered), `voicemail` (a message was left), `conversation` (the person was reached and
    /// spoken or written with).
    Outcome {
        Delivered => "delivered", Failed => "failed", NoAnswer => "no_answer",
        Voicemail => "voicemail", Conversation => "conversation",
    }
}

vocabulary! {
    /// Languages whose patterns the packs carry: `en`, `fr`, `es`.
    Language { En => "en", Fr => "fr", Es => "es" }
}

vocabulary! {
    /// Days of the week, as used in contact windows and stated inconvenient times: `mon` to `sun`.
    Weekday { Mon => "mon", Tue => "tue", Wed => "wed", Thu => "thu", Fri => "fri", Sat => "sat", Sun => "sun" }
}

vocabulary! {
    /// Purpose of a consent record: `collection` (contacts about the debt) or `marketing`.
    ConsentPurpose { Collection => "collection", Marketing => "marketing" }
}

vocabulary! {
    /// How severe a finding is. Ordered: `info` (only informs) < `warn` (needs a review) <
    /// `block` (must not be sent).
    Severity { Info => "info", Warn => "warn", Block => "block" }
}

vocabulary! {
    /// The final decision: `allow` (nothing found that warns or blocks), `warn` (may be sent after
    /// a review), `block` (must not be sent as it is).
    Decision { Allow => "allow", Warn => "warn", Block => "block" }
}

vocabulary! {
    /// What a finding is about, one category per check kind: `contact_hours`, `frequency`,
    /// `consent`, `communication_bar` (a cease request, an attorney, a refusal, bankruptcy, a
    /// dispute, an objection), `third_party` (disclosure to someone other than the debtor),
    /// `banned_content`, `required_content`, `accuracy` (an amount, creditor or date that
    /// contradicts the debt).
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

/// An IANA time zone, checked against the bundled time-zone database when parsed.
#[derive(Clone)]
pub struct TimeZoneName {
    name: String,
    zone: TimeZone,
}

impl TimeZoneName {
    /// Looks the zone up in the bundled database.
    pub fn new(name: &str) -> Result<Self, Error> {
        let zone = crate::geo::zones::lookup(name)
            .ok_or_else(|| Error::InvalidValue(format!("unknown time zone {name:?}")))?;
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
        deserialize_str_with(d, TimeZoneName::new)
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
    pub fn parse(text: &str) -> Result<Self, Error> {
        let trimmed = text.trim();
        if !trimmed.starts_with('+') {
            return Err(Error::InvalidValue(format!(
                "malformed phone number {text:?}: expected E.164 such as \"+13125550100\""
            )));
        }
        // `+` and the digits, the separators dropped: the E.164 form of a +1 number.
        let mut plus_digits = String::with_capacity(trimmed.len());
        plus_digits.push('+');
        let mut stray = false;
        for c in trimmed[1..].chars() {
            if c.is_ascii_digit() {
                plus_digits.push(c);
            } else {
                stray |= !matches!(c, ' ' | '-' | '.' | '(' | ')');
            }
        }
        let digits = &plus_digits[1..];
        if stray || digits.len() < 7 || digits.len() > 15 {
            return Err(Error::InvalidValue(format!(
                "malformed phone number {text:?}: expected E.164 such as \"+13125550100\""
            )));
        }
        if digits.starts_with('1') {
            // North American numbers have a fixed shape (NANP): checked directly, which is exact
            // and a hundred times cheaper than the general parser.
            let area = &digits[1..digits.len().min(4)];
            let valid_nanp = digits.len() == 11
                && area.as_bytes().first().is_some_and(|b| (b'2'..=b'9').contains(b))
                && digits.as_bytes().get(4).is_some_and(|b| (b'2'..=b'9').contains(b));
            if !valid_nanp {
                return Err(Error::InvalidValue(format!(
                    "malformed phone number {text:?}: a +1 number has a 3-digit area code and a 7-digit number, neither starting with 0 or 1"
                )));
            }
            return Ok(PhoneNumber { e164: plus_digits, country_code: 1, region: None });
        }
        // Country calling codes are prefix-free: at most one of the first 1-3 digits is assigned.
        let (country_code, national) = (1..=3)
            .filter_map(|n| {
                let code: u16 = digits.get(..n)?.parse().ok()?;
                crate::geo::zones::national_lengths(code).map(|lengths| (code, &digits[n..], lengths))
            })
            .next()
            .map(|(code, national, lengths)| {
                if lengths.contains(&(national.len() as u8)) {
                    Ok((code, national))
                } else {
                    Err(Error::InvalidValue(format!(
                        "malformed phone number {text:?}: a +{code} number has {} digits after the country code, not {}",
                        lengths.iter().map(u8::to_string).collect::<Vec<_>>().join(" or "),
                        national.len()
                    )))
                }
            })
            .unwrap_or_else(|| Err(Error::InvalidValue(format!("malformed phone number {text:?}: no such country calling code"))))?;
        let e164 = format!("+{country_code}{national}");
        let region = crate::geo::zones::country_for_calling_code(country_code);
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
        self.region.or_else(|| self.nanp_area_code().and_then(crate::geo::zones::nanp_area_code).map(|a| a.country))
    }
    /// The three-digit area code of a North American number.
    pub fn nanp_area_code(&self) -> Option<&str> {
        (self.country_code == 1).then(|| &self.e164[2..5])
    }
}

impl Address {
    /// Parses an address: `+…` is a phone number, `…@…` an email, anything else postal.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let t = text.trim();
        if t.is_empty() {
            return Err(Error::InvalidValue("empty address".to_string()));
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
                return Err(Error::InvalidValue(format!("malformed email address {text:?}")));
            }
            let lower = if t.is_ascii() { t.to_ascii_lowercase() } else { t.to_lowercase() };
            return Ok(Address::Email(lower));
        }
        if t.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.')) {
            return Err(Error::InvalidValue(format!(
                "malformed phone number {text:?}: expected E.164 with the country code, such as \"+13125550100\""
            )));
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
        deserialize_str_with(d, Address::parse)
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
pub(crate) const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

impl Currency {
    /// Parses an ISO 4217 code such as `USD`.
    pub fn new(code: &str) -> Result<Self, Error> {
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
            Err(Error::InvalidValue(format!("unknown currency {code:?}, expected an ISO 4217 code such as \"USD\"")))
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
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidValue(format!("invalid local time {s:?}, expected \"HH:MM\" (00:00 to 24:00)"));
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

/// Reads a string and converts it, borrowing the string from the input where the input allows
/// (no copy for JSON text without escapes). A value of another type is an error that expects "a
/// string", as `String::deserialize` says.
pub(crate) fn deserialize_str_with<'de, D: Deserializer<'de>, T, M: fmt::Display>(
    d: D,
    parse: fn(&str) -> Result<T, M>,
) -> Result<T, D::Error> {
    struct V<T, M>(fn(&str) -> Result<T, M>);
    impl<T, M: fmt::Display> de::Visitor<'_> for V<T, M> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(V(parse))
}

/// [`deserialize_str_with`] for an optional value: `null` (or an absent member) is `None`.
pub(crate) fn deserialize_opt_str_with<'de, D: Deserializer<'de>, T, M: fmt::Display>(
    d: D,
    parse: fn(&str) -> Result<T, M>,
) -> Result<Option<T>, D::Error> {
    struct V<T, M>(fn(&str) -> Result<T, M>);
    impl<'de, T, M: fmt::Display> de::Visitor<'de> for V<T, M> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("option")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            deserialize_str_with(d, self.0).map(Some)
        }
    }
    d.deserialize_option(V(parse))
}

pub(crate) fn deserialize_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    deserialize_str_with(d, parse_instant)
}

pub(crate) fn deserialize_opt_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    deserialize_opt_str_with(d, parse_instant)
}

/// The common shape `YYYY-MM-DDTHH:MM:SSZ`, read directly: the same instant jiff's parser gives
/// (seconds 60 and anything out of range are left to it, as is every other shape).
fn parse_utc_seconds(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i16> {
        b[range].iter().try_fold(0i16, |n, &d| d.is_ascii_digit().then(|| n * 10 + i16::from(d - b'0')))
    };
    let second = num(17..19)?;
    if second > 59 {
        return None;
    }
    let dt = jiff::civil::DateTime::new(
        num(0..4)?,
        i8::try_from(num(5..7)?).ok()?,
        i8::try_from(num(8..10)?).ok()?,
        i8::try_from(num(11..13)?).ok()?,
        i8::try_from(num(14..16)?).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    jiff::tz::Offset::UTC.to_timestamp(dt).ok()
}

/// Parses an RFC 3339 instant; the offset (`Z` or `±HH:MM`) is required.
pub fn parse_instant(s: &str) -> Result<Timestamp, Error> {
    if let Some(t) = parse_utc_seconds(s) {
        return Ok(t);
    }
    let has_offset = s.ends_with('Z') || s.ends_with('z') || {
        let tail = s.rsplit('T').next().unwrap_or("");
        tail.contains('+') || tail.contains('-')
    };
    if !s.contains('T') || !has_offset {
        return Err(Error::InvalidValue(format!(
            "invalid timestamp {s:?}: expected RFC 3339 with an offset, such as \"2026-03-10T14:05:00Z\""
        )));
    }
    s.parse::<Timestamp>().map_err(|e| Error::InvalidValue(format!("invalid timestamp {s:?}: {e}")))
}

pub(crate) fn deserialize_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    deserialize_opt_str_with(d, |s| {
        if s.len() != 10 {
            return Err(format!("invalid date {s:?}: expected \"YYYY-MM-DD\""));
        }
        s.parse::<Date>().map_err(|e| format!("invalid date {s:?}: {e}"))
    })
}

pub(crate) fn serialize_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

pub(crate) fn default_true() -> bool {
    true
}

pub(crate) fn deserialize_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Language>, D::Error> {
    deserialize_opt_str_with(d, |s| {
        Language::from_tag(s).ok_or_else(|| format!("unsupported language {s:?}, expected one of: en, fr, es"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_seconds_read_directly_are_jiffs_instants() {
        for s in [
            "2026-03-10T15:05:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "9999-12-30T00:00:00Z",
        ] {
            assert_eq!(parse_utc_seconds(s), Some(s.parse::<Timestamp>().unwrap()), "{s}");
        }
        for s in ["2026-02-29T10:00:00Z", "2026-03-10T24:00:00Z", "2026-03-10T15:05:60Z", "2026-03-10T15:05:00+00:00"] {
            assert_eq!(parse_utc_seconds(s), None, "{s}");
        }
        assert!(parse_instant("2026-02-29T10:00:00Z").is_err());
        assert!(parse_instant("2026-03-10T15:05:60Z").is_ok() == "2026-03-10T15:05:60Z".parse::<Timestamp>().is_ok());
    }

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
        assert!(PhoneNumber::parse("+3361234567").unwrap_err().to_string().contains("+33 number has 9 digits"));
        assert!(PhoneNumber::parse("+13125550").is_err());
        assert!(PhoneNumber::parse("+10125550100").is_err());
        assert!(PhoneNumber::parse("+999123456789").unwrap_err().to_string().contains("no such country calling code"));
        assert!(PhoneNumber::parse("3125550100").is_err());
        assert!(PhoneNumber::parse("+33 6 12 34 56 7x").is_err());
    }
}
