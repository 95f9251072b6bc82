//! The pack examples: every rule carries attempts that must fire it (`[[rule.fire]]`) and attempts
//! that must not (`[[rule.pass]]`); this runs them all (`fairtouch packs validate`, and a test).

use crate::engine::Engine;
use crate::model::{format_instant, Attempt};
use crate::pack::Pack;

/// A rule example that did not behave as its pack says.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    /// Pack id.
    pub pack: String,
    /// Rule id.
    pub rule: String,
    /// `fire` or `pass`.
    pub kind: &'static str,
    /// Index of the example in its list.
    pub index: usize,
    /// What happened, after the example's `note` if it has one.
    pub message: String,
}

impl Engine {
    /// Runs every example of every rule of every pack; returns those that misbehave.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            let pack = &self.packs[rule.pack];
            for (kind, list) in [("fire", &rule.fire), ("pass", &rule.pass)] {
                for (index, example) in list.iter().enumerate() {
                    let fail = |message: String| ExampleFailure {
                        pack: pack.id.clone(),
                        rule: rule.id.clone(),
                        kind,
                        index,
                        message,
                    };
                    let note = example.get("note").and_then(|n| n.as_str());
                    let fail = |message: String| match note {
                        Some(note) => fail(format!("{note}: {message}")),
                        None => fail(message),
                    };
                    let attempt = match example_attempt(pack, example) {
                        Ok(a) => a,
                        Err(m) => {
                            failures.push(fail(m));
                            continue;
                        }
                    };
                    let verdict = self.evaluate(&attempt);
                    let fired = verdict.findings.iter().any(|f| f.rule == rule.id);
                    if fired != (kind == "fire") {
                        let seen: Vec<String> =
                            verdict.findings.iter().map(|f| format!("{} ({})", f.rule, f.message)).collect();
                        failures.push(fail(format!(
                            "expected the rule {}; findings: [{}]",
                            if kind == "fire" { "to fire" } else { "not to fire" },
                            seen.join("; ")
                        )));
                    }
                }
            }
        }
        failures
    }
}

fn merge(base: &mut toml::Value, patch: &toml::Value) {
    match (base, patch) {
        (toml::Value::Table(b), toml::Value::Table(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(existing) if existing.is_table() && v.is_table() => merge(existing, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// Builds the attempt of a rule example: the pack's base attempt patched by the example (a
/// `[[rule.fire]]` or `[[rule.pass]]` table; its `note` is for readers, `send_at_local` sets the time).
pub(crate) fn example_attempt(pack: &Pack, example: &toml::Value) -> Result<Attempt, String> {
    let mut base = pack.example_base.clone().ok_or("the pack has no [examples] base attempt")?;
    let mut patch = example.clone();
    let toml::Value::Table(t) = &mut patch else {
        return Err("an example is a table patching the base attempt".into());
    };
    t.remove("note");
    let local = match t.remove("send_at_local") {
        Some(v) => Some(v.as_str().ok_or("send_at_local must be a string")?.to_string()),
        None => None,
    };
    merge(&mut base, &patch);
    let mut json = serde_json::to_value(&base).map_err(|e| format!("example: {e}"))?;
    if let Some(local) = local {
        let zone_name = pack.example_zone.clone().ok_or("send_at_local needs [examples] zone")?;
        let tz = crate::geo::zones::lookup(&zone_name).ok_or("unknown examples.zone")?;
        let send_at = json.get("send_at").and_then(|v| v.as_str()).ok_or("the base attempt needs send_at")?;
        let base_ts = crate::model::parse_instant(send_at).map_err(|e| e.to_string())?;
        let base_date = base_ts.to_zoned_datetime(tz.clone()).date();
        let dt: jiff::civil::DateTime = if local.len() <= 8 {
            let time: jiff::civil::Time = local.parse().map_err(|e| format!("send_at_local {local:?}: {e}"))?;
            base_date.to_datetime(time)
        } else {
            local.replace(' ', "T").parse().map_err(|e| format!("send_at_local {local:?}: {e}"))?
        };
        let ts = tz.to_ambiguous_zoned_datetime(dt).compatible().map_err(|e| e.to_string())?.timestamp();
        json["send_at"] = serde_json::Value::String(format_instant(ts));
    }
    Attempt::from_value(json).map_err(|e| format!("example attempt: {e}"))
}
