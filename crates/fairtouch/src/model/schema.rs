//! JSON Schema (draft 2020-12) of the interchange format, with the `schema` feature: the
//! hand-written schemas of the values whose serde is custom (strings with a grammar), and the
//! stand-in types that `#[schemars(with = ...)]` names for fields of foreign types (instants,
//! dates, language tags) or plain strings with a closed set of values.
//!
//! Each value is a named definition (`$defs`) so that generated bindings can give it a type name.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::values::{Address, Amount, ClockTime, Country, Currency, TimeZoneName, ISO_4217};

/// Separators the engine accepts between the digits of a phone number.
const SEP: &str = "[ ().-]*";

/// The pattern of an RFC 3339 instant with a required offset.
pub(crate) const INSTANT_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

/// Joins the lines of a doc comment as rustdoc reads them: lines into paragraphs, paragraphs
/// separated by a blank line.
pub(crate) fn doc_text(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines.iter().flat_map(|l| l.split('\n')).map(str::trim) {
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push_str("\n\n");
            }
        } else {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            out.push_str(line);
        }
    }
    out.trim_end().to_string()
}

macro_rules! named {
    ($ty:ty, $name:literal, $body:expr) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn schema_id() -> Cow<'static, str> {
                Cow::Borrowed(concat!("fairtouch::", $name))
            }
            fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                #[allow(clippy::redundant_closure_call)]
                ($body)(generator)
            }
        }
    };
}

/// An RFC 3339 instant with its offset (`send_at`, `history[].at`, ...).
pub(crate) struct Instant;
named!(Instant, "Instant", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "format": "date-time",
    "pattern": INSTANT_PATTERN,
    "description": "An instant in RFC 3339 form with its UTC offset, e.g. `2026-03-10T14:05:00Z` or \
        `2026-03-10T09:05:00-05:00`. The offset (`Z` or `±HH:MM`) is required: a local time without \
        one is rejected. Up to nanosecond precision. Verdicts always write instants in UTC (`Z`).",
    "examples": ["2026-03-10T14:05:00Z"]
}));

/// A calendar date `YYYY-MM-DD`.
pub(crate) struct DateString;
named!(DateString, "Date", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "A calendar date `YYYY-MM-DD` (ISO 8601), without a time or zone.",
    "examples": ["2026-01-10"]
}));

/// A BCP 47 language tag whose primary subtag is one the packs carry.
pub(crate) struct LanguageTag;
named!(LanguageTag, "LanguageTag", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": "^([Ee][Nn]|[Ff][Rr]|[Ee][Ss])([-_][A-Za-z0-9_-]*)?$",
    "description": "A language: `en`, `fr` or `es`, or a BCP 47 tag whose primary subtag is one of them \
        (`es-PE`, `fr-FR`, `en_US`; case-insensitive). Only the primary subtag is read.",
    "examples": ["en", "es-PE"]
}));

/// The text a span is in.
pub(crate) struct SpanField;
named!(SpanField, "SpanField", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "enum": ["body", "subject"],
    "description": "Which text of the attempt a span is in. Absent means `body`."
}));

/// What an override did.
pub(crate) struct OverrideAction;
named!(OverrideAction, "OverrideAction", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "enum": ["severity", "disabled"],
    "description": "`severity`: the rule's severity was changed to `to`; `disabled`: the rule was switched off."
}));

/// A jurisdiction code of a template.
pub(crate) struct Jurisdiction;
named!(Jurisdiction, "Jurisdiction", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": r"^\s*[A-Za-z]{2}(-[A-Za-z0-9]{1,3}){0,2}\s*$",
    "description": "A jurisdiction: an ISO 3166-1 alpha-2 country (`US`, `FR`, `PE`), `EU`, an \
        ISO 3166-2 subdivision (`US-CA`, `US-MA`) or `US-NY-NYC` (New York City); case-insensitive. \
        A country must be known, a subdivision known or covered by a loaded pack, and at least one \
        of the jurisdictions must be covered by a loaded pack.",
    "examples": ["US", "US-CA", "FR", "EU", "PE"]
}));

named!(Amount, "Amount", |_: &mut SchemaGenerator| {
    json_schema!({
        "type": "string",
        "pattern": r"^[0-9]{1,15}(\.[0-9]{1,4})?$",
        "description": "A non-negative money amount as a decimal string (`\"250.00\"`), never a JSON number, \
            in the units of `currency` (not cents): at most 15 integer digits and 4 decimals, `.` as \
            the decimal separator, no sign, exponent or thousands separator.",
        "examples": ["250.00", "1200"]
    })
});

named!(Currency, "Currency", |_: &mut SchemaGenerator| {
    let codes: Vec<&str> = ISO_4217.split(' ').collect();
    json_schema!({
        "type": "string",
        "enum": codes,
        "description": "An active ISO 4217 currency code, upper case (`USD`, `EUR`, `PEN`)."
    })
});

named!(Country, "Country", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": "^[A-Za-z]{2}$",
    "description": "An ISO 3166-1 alpha-2 country code (`US`, `FR`, `PE`; case-insensitive). It must be \
        a country the bundled time-zone table knows (every assigned code is).",
    "examples": ["US"]
}));

named!(TimeZoneName, "TimeZoneName", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
    "description": "An IANA time-zone name (`America/Chicago`, `Europe/Paris`, `America/Lima`, `UTC`), \
        which must exist in the time-zone database bundled with the engine.",
    "examples": ["America/Chicago"]
}));

named!(ClockTime, "ClockTime", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$",
    "description": "A local time of day `HH:MM` (or `HH:MM:SS`), 24-hour clock, from `00:00` to `24:00`; \
        `24:00` means the end of the day.",
    "examples": ["08:00", "21:00", "24:00"]
}));

/// An E.164 telephone number.
pub(crate) struct PhoneNumberSchema;
named!(PhoneNumberSchema, "PhoneNumber", |_: &mut SchemaGenerator| {
    let nanp = format!(r"^\s*\+{SEP}1{SEP}[2-9]({SEP}[0-9]){{2}}{SEP}[2-9]({SEP}[0-9]){{6}}{SEP}\s*$");
    let other = format!(r"^\s*\+{SEP}[2-9]({SEP}[0-9]){{6,14}}{SEP}\s*$");
    json_schema!({
        "type": "string",
        "anyOf": [{ "pattern": nanp }, { "pattern": other }],
        "description": "A telephone number in international (E.164) form: `+`, the country calling code \
            and the national number, 7 to 15 digits in all (`+13125550100`, `+33612345678`). Spaces, \
            `-`, `.`, `(` and `)` between digits are ignored. A `+1` number has a 3-digit area code and \
            a 7-digit number, neither starting with 0 or 1; other numbers must have a length that \
            their country assigns.",
        "examples": ["+13125550100", "+51987654321"]
    })
});

/// An email address.
pub(crate) struct EmailSchema;
named!(EmailSchema, "EmailAddress", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "pattern": r"^\s*[^@\s,;+][^@\s,;]*@[^@\s,;.][^@\s,;]*\.[^@\s,;]*[^@\s,;.]\s*$",
    "description": "An email address `local@domain.tld` (compared case-insensitively).",
    "examples": ["someone@example.com"]
}));

/// A postal address.
pub(crate) struct PostalSchema;
named!(PostalSchema, "PostalAddress", |_: &mut SchemaGenerator| json_schema!({
    "type": "string",
    "allOf": [{ "pattern": r"^\s*[^+@\s][^@]*$" }, { "pattern": r"[^0-9\s().-]" }],
    "description": "A postal address for letters, in one string: any text that is neither a phone \
        number (it does not start with `+`) nor an email address (it has no `@`), and is not made \
        only of digits and separators (a phone number without its `+` country code is an error).",
    "examples": ["221B Baker Street, London NW1 6XE"]
}));

named!(Address, "Address", |generator: &mut SchemaGenerator| {
    let phone = generator.subschema_for::<PhoneNumberSchema>();
    let email = generator.subschema_for::<EmailSchema>();
    let postal = generator.subschema_for::<PostalSchema>();
    json_schema!({
        "anyOf": [phone, email, postal],
        "description": "An address: a phone number (E.164, for `sms`, `whatsapp`, `voice` and \
            `voicemail`), an email address (for `email`), or a postal address (for `letter`). \
            A text starting with `+` is read as a phone number, one with `@` as an email address."
    })
});
