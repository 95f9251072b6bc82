//! How to build an engine: one set of options, read the same way by the CLI, Python and
//! JavaScript (whose wrappers only translate their own spelling into it).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use crate::engine::{Engine, EngineBuilder};
use crate::error::Error;
use crate::model::Severity;

/// What an override does to a rule: set its severity, or turn it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    /// Findings of the rule get this severity.
    Severity(Severity),
    /// The rule does not run.
    Off,
}

impl Override {
    /// The settings an override accepts, for messages.
    pub const SETTINGS: &'static str = "\"info\", \"warn\", \"block\" or \"off\"";
}

impl FromStr for Override {
    type Err = String;
    fn from_str(s: &str) -> Result<Override, String> {
        match s {
            "off" => Ok(Override::Off),
            _ => s
                .parse::<Severity>()
                .map(Override::Severity)
                .map_err(|_| format!("unknown setting {s:?}, expected {}", Override::SETTINGS)),
        }
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Override::Severity(s) => write!(f, "{s}"),
            Override::Off => f.write_str("off"),
        }
    }
}

impl<'de> Deserialize<'de> for Override {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

/// A pack to add: a file, or TOML source with a name for error messages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum PackSource {
    /// `{"path": "policy.toml"}`: a file to read.
    File {
        /// The file.
        path: PathBuf,
    },
    /// `{"origin": "acme.toml", "source": "[pack] ..."}`: the TOML itself.
    Text {
        /// How error messages name the pack (default: `packs[i]`).
        #[serde(default)]
        origin: Option<String>,
        /// The TOML source.
        source: String,
    },
}

/// How to build an engine. In JSON (the form the WebAssembly binding reads):
/// `{"defaultPacks": true, "onlyPacks": ["us-federal"], "packs": [{"origin": "acme.toml",
/// "source": "..."}], "overrides": [["us.regf.opt-out-notice", "warn"], ["acme.rule", "off"]]}`;
/// every member is optional and an unknown one is an error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawOptions")]
pub struct EngineOptions {
    /// Load the embedded default packs (default `true`).
    pub default_packs: bool,
    /// Of the default packs, keep only these ids.
    pub only_packs: Option<Vec<String>>,
    /// Packs to add.
    pub packs: Vec<PackSource>,
    /// Overrides by rule id, applied in order (reported in every verdict).
    pub overrides: Vec<(String, Override)>,
}

/// The JSON form, before the overrides' settings are read (so that a bad one names its rule).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawOptions {
    #[serde(default = "yes")]
    default_packs: bool,
    #[serde(default)]
    only_packs: Option<Vec<String>>,
    #[serde(default)]
    packs: Vec<PackSource>,
    #[serde(default)]
    overrides: Vec<(String, String)>,
}

impl TryFrom<RawOptions> for EngineOptions {
    type Error = String;
    fn try_from(raw: RawOptions) -> Result<EngineOptions, String> {
        let mut options = EngineOptions {
            default_packs: raw.default_packs,
            only_packs: raw.only_packs,
            packs: raw.packs,
            overrides: Vec::with_capacity(raw.overrides.len()),
        };
        for (rule, setting) in raw.overrides {
            options.add_override(rule, &setting).map_err(|e| e.to_string())?;
        }
        Ok(options)
    }
}

fn yes() -> bool {
    true
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions { default_packs: true, only_packs: None, packs: Vec::new(), overrides: Vec::new() }
    }
}

impl EngineOptions {
    /// Reads options from JSON (camelCase members); an empty text means the defaults.
    pub fn from_json(json: &str) -> Result<EngineOptions, Error> {
        if json.trim().is_empty() {
            return Ok(EngineOptions::default());
        }
        serde_json::from_str(json).map_err(|e| {
            Error::InvalidOption(match crate::json_path::blame(json, &e) {
                crate::json_path::Blame::Path(path) if path != "." && path != "?" => {
                    format!("engine options, {path}: {e}")
                }
                _ => format!("engine options: {e}"),
            })
        })
    }

    /// Adds an override, parsed from its setting (`"info"`, `"warn"`, `"block"` or `"off"`).
    pub fn add_override(&mut self, rule: impl Into<String>, setting: &str) -> Result<(), Error> {
        let rule = rule.into();
        let action =
            setting.parse::<Override>().map_err(|m| Error::InvalidOption(format!("override of {rule:?}: {m}")))?;
        self.overrides.push((rule, action));
        Ok(())
    }

    /// The builder these options describe (files are read here).
    pub fn builder(&self) -> Result<EngineBuilder, Error> {
        let mut b = Engine::builder().default_packs(self.default_packs);
        if let Some(only) = &self.only_packs {
            b = b.only_packs(only.iter().cloned());
        }
        for (i, pack) in self.packs.iter().enumerate() {
            b = match pack {
                PackSource::File { path } => b.pack_file(path)?,
                PackSource::Text { origin, source } => {
                    b.pack_str(origin.clone().unwrap_or_else(|| format!("packs[{i}]")), source.clone())
                }
            };
        }
        for (rule, action) in &self.overrides {
            b = match action {
                Override::Severity(s) => b.set_severity(rule.clone(), *s),
                Override::Off => b.disable_rule(rule.clone()),
            };
        }
        Ok(b)
    }

    /// Builds the engine: loads and validates every pack and compiles every pattern.
    pub fn build(&self) -> Result<Engine, Error> {
        self.builder()?.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_options() {
        let o = EngineOptions::from_json(
            r#"{"defaultPacks": true, "onlyPacks": ["us-federal"], "packs": [{"origin": "a.toml", "source": "x"}, {"path": "b.toml"}],
               "overrides": [["r.one", "warn"], ["r.two", "off"]]}"#,
        )
        .unwrap();
        assert_eq!(o.only_packs.as_deref(), Some(&["us-federal".to_string()][..]));
        assert_eq!(o.packs[1], PackSource::File { path: "b.toml".into() });
        assert_eq!(
            o.overrides,
            [("r.one".to_string(), Override::Severity(Severity::Warn)), ("r.two".to_string(), Override::Off)]
        );
        assert_eq!(EngineOptions::from_json("  ").unwrap(), EngineOptions::default());
    }

    #[test]
    fn bad_options_are_errors_naming_the_member() {
        let e = EngineOptions::from_json(r#"{"overrides": [["r.one", "loud"]]}"#).unwrap_err().to_string();
        assert!(e.contains("override of \"r.one\": unknown setting \"loud\""), "{e}");
        let e = EngineOptions::from_json(r#"{"overides": []}"#).unwrap_err().to_string();
        assert!(e.contains("unknown field `overides`"), "{e}");
        let e = EngineOptions::from_json(r#"{"overrides": [["r.one", true]]}"#).unwrap_err().to_string();
        assert!(e.contains("overrides[0][1]"), "{e}");
        let e = EngineOptions::from_json(r#"{} {}"#).unwrap_err().to_string();
        assert!(e.contains("trailing"), "{e}");
        let mut o = EngineOptions::default();
        let e = o.add_override("r.one", "severe").unwrap_err().to_string();
        assert_eq!(
            e,
            "override of \"r.one\": unknown setting \"severe\", expected \"info\", \"warn\", \"block\" or \"off\""
        );
    }

    #[test]
    fn builds_with_overrides() {
        let mut o = EngineOptions::default();
        o.add_override("us.fdcpa.threat-arrest", "warn").unwrap();
        o.add_override("us.regf.opt-out-notice", "off").unwrap();
        let engine = o.build().unwrap();
        assert_eq!(engine.overrides().len(), 2);
        let err = EngineOptions { overrides: vec![("no.such".into(), Override::Off)], ..Default::default() }.build();
        assert!(err.unwrap_err().to_string().contains("no rule \"no.such\""));
    }
}
