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

#![warn(missing_docs)]

mod checks;
mod context;
pub mod engine;
pub mod error;
pub mod holidays;
pub mod json;
mod locate;
pub mod model;
pub mod pack;
mod resolve;
pub mod text;
pub mod zones;

pub use engine::{Engine, EngineBuilder, ExampleFailure, NextWindow, PackInfo, RuleInfo};
pub use error::Error;
pub use model::{
    Attempt, Category, Channel, Decision, Finding, Language, PackRef, Purpose, Relation, SenderRole, Severity, Span,
    Template, Verdict,
};

/// The embedded default packs.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));
}
