//! # fairtouch
//!
//! fairtouch answers one question before a collection message leaves the building: **may this
//! message be sent to this person, on this channel, at this moment — and if not, why, and when?**
//!
//! ```
//! use fairtouch::{Attempt, Decision, Engine};
//!
//! let engine = Engine::new()?; // the embedded default packs, every pattern compiled once
//! let attempt = Attempt::from_json(r#"{
//!     "channel": "sms",
//!     "send_at": "2026-03-11T03:30:00Z",
//!     "body": "Acme Recovery is a debt collector. Pay now or you will be arrested. Reply STOP to opt out.",
//!     "sender": { "name": "Acme Recovery", "role": "collector" },
//!     "recipient": { "relation": "debtor", "address": "+13125550100",
//!                    "locations": [{ "country": "US", "region": "IL" }] }
//! }"#)?;
//! let verdict = engine.evaluate(&attempt);
//! assert_eq!(verdict.decision, Decision::Block);
//! assert!(verdict.rule_ids().contains(&"us.fdcpa.threat-arrest"));      // "arrested"
//! assert!(verdict.rule_ids().contains(&"us.regf.inconvenient-time"));   // 21:30 in Chicago
//! # Ok::<(), fairtouch::Error>(())
//! ```
//!
//! ## Concepts
//!
//! - An [`Attempt`] is the candidate contact: channel, send time, body, sender, recipient, debt and
//!   contact history. The engine keeps no state; everything it knows comes in the attempt.
//! - A **pack** is a versioned set of rules for one jurisdiction or company policy, written in
//!   TOML (see `rules/`). Each rule parameterises one of eight check kinds: contact window,
//!   frequency cap, consent, communication bar, third-party guard, banned content, required
//!   content, accuracy. No law is written in Rust.
//! - The [`Engine`] is built once from packs and overrides; it is immutable and `Send + Sync`.
//! - A [`Verdict`] gives the decision, the findings (rule, pack, citation, the offending words as
//!   byte and UTF-16 spans), the next allowed instant, the time zones, jurisdictions and packs
//!   applied, so it can be stored as evidence and replayed.

//! ## The pipeline
//!
//! An evaluation has two stages, and the modules follow them (each uses only those above it):
//!
//! | step | module | what it owns |
//! |---|---|---|
//! | tables | `geo` | zones of countries, regions and area codes; calling codes; NYC ZIP codes; public holidays |
//! | format | `model` | the JSON interchange format: the values, the attempt and template in, the verdict out, with their limits |
//! | text | `text` | the reading of a text (normalisation, with a map back to the original), the pattern compiler and matcher |
//! | law | `pack` | the pack format, its loader, the `when`/`unless` conditions and the phrase groups of every pack |
//! | resolve | `locate`, `resolve`, `letter` | once per attempt: candidate zones, jurisdictions, language, every text read and matched, the first letter found in the history |
//! | at an instant | `context` | a resolved attempt at one instant: local times, first communication, the facts rules test |
//! | checks | `checks`, `scope` | the eight check kinds, each a function of a context and a rule's parameters; how a banned phrase reads in its sentence (denied, a right, another language, a threat) |
//! | engine | `engine`, `options`, `examples` | building the engine, evaluating, the next allowed instant, template lint, pack examples |
//! | entry points | [`json`] | JSON in, JSON out, for the CLI and the bindings |
//! | logs | [`audit`] | a log of past messages judged one recipient at a time, with bounded history |
//!
//! ## The public API
//!
//! [`Engine`] (built with [`Engine::new`], [`Engine::builder`] or [`EngineOptions`]),
//! [`Attempt`] and [`Template`] in, [`Verdict`] out ([`Finding`], [`Span`], [`PackRef`],
//! [`OverrideRecord`]), [`NextWindow`], [`PackInfo`] and [`RuleInfo`] for listings, one [`Error`]
//! type with an [`ErrorKind`], the vocabularies of the format ([`Channel`], [`SenderRole`],
//! [`Relation`], [`Purpose`], [`Severity`], [`Decision`], [`Category`], ...), the size limits
//! ([`MAX_TEXT_BYTES`], ...) and the [`json`] entry points. Everything else is private.

#![warn(missing_docs)]

pub mod audit;
mod checks;
mod context;
mod engine;
mod error;
mod examples;
mod geo;
pub mod json;
mod json_path;
mod letter;
mod locate;
mod model;
mod options;
mod pack;
mod resolve;
mod scope;
mod text;

pub use engine::{Engine, EngineBuilder, LocalTime, NextWindow, PackInfo, RuleInfo};
pub use error::{Error, ErrorKind};
pub use examples::ExampleFailure;
pub use model::{
    format_instant, Address, AddressKind, Amount, Attempt, Category, Channel, ClockTime, Consent, ConsentPurpose,
    Country, Currency, Debt, Decision, Direction, Event, Finding, InconvenientTime, InitialLetter, Language, LineType,
    Location, OverrideRecord, PackRef, PhoneNumber, Purpose, Recipient, Relation, Sender, SenderRole, Severity, Span,
    Template, TimeZoneName, Verdict, Weekday, MAX_HISTORY_EVENTS, MAX_HISTORY_TEXT_BYTES, MAX_SHORT_TEXT_BYTES,
    MAX_TEXT_BYTES,
};
pub use options::{EngineOptions, Override, PackSource};

/// Internals exposed for the project's own tests and tools only: no stability promise.
#[doc(hidden)]
pub mod unstable {
    pub use crate::geo::holidays::{add_business_days, easter_sunday, Calendar};
}
