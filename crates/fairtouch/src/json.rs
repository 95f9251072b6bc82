//! JSON in, JSON out: the entry points the CLI and the bindings share.

use crate::engine::Engine;
use crate::error::Error;
use crate::model::{Attempt, Template};

/// Evaluates one attempt given as JSON and returns the verdict as JSON.
pub fn evaluate(engine: &Engine, attempt_json: &str) -> Result<String, Error> {
    let attempt = Attempt::from_json(attempt_json)?;
    Ok(engine.evaluate(&attempt).to_json())
}

/// Lints one template given as JSON and returns the verdict as JSON; `now` is the caller's clock,
/// used when the template gives no `at`.
pub fn lint_template(engine: &Engine, template_json: &str, now: jiff::Timestamp) -> Result<String, Error> {
    let template = Template::from_json(template_json)?;
    Ok(engine.lint_template(&template, now)?.to_json())
}

/// The next allowed window for an attempt given as JSON, as JSON.
pub fn next_window(engine: &Engine, attempt_json: &str) -> Result<String, Error> {
    let attempt = Attempt::from_json(attempt_json)?;
    Ok(serde_json::to_string(&engine.next_window(&attempt)).unwrap_or_default())
}

/// The engine's packs, as JSON.
pub fn packs(engine: &Engine) -> String {
    serde_json::to_string(&engine.packs()).unwrap_or_default()
}
