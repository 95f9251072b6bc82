//! ISO 3166-1 country codes, checked against the time-zone table.

use crate::error::Error;
use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Parses `US`, `fr`, ... (two ASCII letters, known to the time-zone table).
    pub fn new(code: &str) -> Result<Self, Error> {
        let b = code.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(Error::InvalidValue(format!(
                "invalid country code {code:?}, expected ISO 3166-1 alpha-2 such as \"US\""
            )));
        }
        let c = Country([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]);
        if super::zones::country_zones(c).is_empty() {
            return Err(Error::InvalidValue(format!("unknown country code {code:?}")));
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
