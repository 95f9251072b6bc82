//! The JSON interchange format: an [`Attempt`] goes in, a [`Verdict`] comes out.
//!
//! The same types serve Rust, Python, WebAssembly and the CLI, so the format is defined once,
//! here. Parsing is strict: unknown fields, unknown enum values, bad timestamps, unknown time
//! zones, malformed phone numbers and amounts are errors that name the JSON path (see
//! [`Attempt::from_json`]).

mod attempt;
#[cfg(feature = "schema")]
mod schema;
mod values;
mod verdict;

pub use attempt::*;
pub use values::*;
pub use verdict::*;
