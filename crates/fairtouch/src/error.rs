//! Errors: every one names the place (JSON path, or pack file, line and rule) and what was expected.

use std::fmt;

/// Everything that can go wrong in fairtouch. Evaluation itself never fails: only reading an
/// attempt, a pack, or building an engine does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The attempt JSON is invalid.
    #[error("{path}: {message}")]
    InvalidAttempt {
        /// JSON path of the offending field, e.g. `recipient.locations[0].time_zone`.
        path: String,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A rule pack is invalid.
    #[error("{}", PackLocation { pack, line: *line, rule: rule.as_deref(), message })]
    InvalidPack {
        /// The pack's file name (or id when loaded from a string).
        pack: String,
        /// 1-based line number in the pack source, when known.
        line: Option<usize>,
        /// The rule id, when the error is inside a rule.
        rule: Option<String>,
        /// What was wrong.
        message: String,
    },
    /// An engine option (override, pack list) is invalid.
    #[error("{0}")]
    InvalidOption(String),
    /// A value of the interchange format is malformed: a phone number, a country code, a time
    /// zone, a currency, a clock time, an instant, a vocabulary word.
    #[error("{0}")]
    InvalidValue(String),
    /// A pack file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The system's message.
        message: String,
    },
}

/// Inside the pack loader, whose messages gain the file, the line and the rule on the way out, an
/// error is its message.
impl From<Error> for String {
    fn from(e: Error) -> String {
        e.to_string()
    }
}

/// The kinds of [`Error`], without their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The attempt or template is invalid (its JSON, a field, a limit, a jurisdiction).
    InvalidAttempt,
    /// A rule pack is invalid.
    InvalidPack,
    /// An engine option (override, pack list) is invalid.
    InvalidOption,
    /// A value of the interchange format is malformed.
    InvalidValue,
    /// A pack file could not be read.
    Io,
}

impl ErrorKind {
    /// The kind's name in the bindings' errors: `invalid_attempt`, `invalid_pack`,
    /// `invalid_option`, `invalid_value`, `io`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidAttempt => "invalid_attempt",
            ErrorKind::InvalidPack => "invalid_pack",
            ErrorKind::InvalidOption => "invalid_option",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::Io => "io",
        }
    }
}

struct PackLocation<'a> {
    pack: &'a str,
    line: Option<usize>,
    rule: Option<&'a str>,
    message: &'a str,
}

impl fmt::Display for PackLocation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.pack)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(rule) = self.rule {
            write!(f, ": rule {rule}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl Error {
    /// The attempt error for `e`, which `serde_json::from_str` returned for `json`: its message,
    /// and the JSON path of the value it is about (see [`crate::json_path`]).
    pub(crate) fn from_json_error(json: &str, e: &serde_json::Error) -> Error {
        let path = match crate::json_path::blame(json, e) {
            crate::json_path::Blame::Path(path) => path,
            crate::json_path::Blame::Trailing => {
                return Error::InvalidAttempt {
                    path: "$".to_string(),
                    message: format!(
                    "invalid JSON: more input after the value at line {}, column {}: expected exactly one JSON value",
                    e.line(),
                    e.column()
                ),
                }
            }
        };
        Error::json_path_error(path, e)
    }

    /// The attempt error for `e` at `path` (`?` where the input ended before a key was read).
    pub(crate) fn json_path_error(path: String, e: &serde_json::Error) -> Error {
        let mut message = e.to_string();
        // serde_json appends " at line L column C"; the path already says where.
        if let Some(idx) = message.rfind(" at line ") {
            message.truncate(idx);
        }
        let path = if path == "." || path == "?" || path.is_empty() { "$".to_string() } else { path };
        let message = if e.is_eof() || e.is_syntax() {
            format!("invalid JSON: {message} (line {}, column {})", e.line(), e.column())
        } else {
            message
        };
        Error::InvalidAttempt { path, message }
    }

    /// Parses exactly one JSON value of type `T` from `json`, failing closed: a syntax error, a
    /// bad field (with its JSON path) or anything but whitespace after the value is an error.
    pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Error> {
        // The path is looked for only when parsing fails, over the text.
        serde_json::from_str::<T>(json).map_err(|e| Error::from_json_error(json, &e))
    }

    /// What kind of error this is, for a caller that maps errors to its own (an exception class,
    /// an exit status, an HTTP status).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidAttempt { .. } => ErrorKind::InvalidAttempt,
            Error::InvalidPack { .. } => ErrorKind::InvalidPack,
            Error::InvalidOption(_) => ErrorKind::InvalidOption,
            Error::InvalidValue(_) => ErrorKind::InvalidValue,
            Error::Io { .. } => ErrorKind::Io,
        }
    }

    /// Reads a `T` from an already-parsed JSON value, failing closed with the JSON path of the
    /// first bad field (the path is looked for only when reading fails).
    pub(crate) fn parse_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
        match T::deserialize(&value) {
            Ok(v) => Ok(v),
            Err(e) => {
                // The value written out, in the order it was read (a map's order), fails at the
                // same place: the text gives the path, the value's error the message.
                let json = serde_json::to_string(&value).unwrap_or_default();
                let path = match serde_json::from_str::<T>(&json) {
                    Err(at) => match crate::json_path::blame(&json, &at) {
                        crate::json_path::Blame::Path(path) => path,
                        crate::json_path::Blame::Trailing => ".".to_string(),
                    },
                    Ok(_) => ".".to_string(),
                };
                Err(Error::json_path_error(path, &e))
            }
        }
    }

    /// The JSON path, for attempt errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::InvalidAttempt { path, .. } => Some(path),
            _ => None,
        }
    }
}
