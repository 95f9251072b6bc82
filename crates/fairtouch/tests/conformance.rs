//! The conformance corpus: every case in `tests/cases/` gives the expected decision, rule ids and
//! next allowed time, and may state more: the findings of a rule (severity, span, retry time, ...),
//! the time zones, the jurisdictions and the packs (see `tests/cases/README.md`). The full verdicts
//! are written to `target/conformance/rust.jsonl` so the Python and WebAssembly runners can prove
//! they give the very same answers.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fairtouch::{Attempt, Engine};
use serde_json::{Map, Value};

/// The members `expected` may have.
const EXPECTED_MEMBERS: &[&str] =
    &["decision", "rules", "next_allowed_at", "error", "findings", "time_zones", "jurisdictions", "packs"];
/// The members an entry of `expected.findings` may have (`rule` is required).
const FINDING_MEMBERS: &[&str] =
    &["rule", "severity", "category", "pack", "citation", "message_contains", "span", "retry_at"];
/// The members an entry's `span` may have.
const SPAN_MEMBERS: &[&str] = &["text", "start", "end", "start_utf16", "end_utf16", "field"];

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            case_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Mistakes in the expectation itself: unknown members, wrong types.
fn shape_errors(expected: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(obj) = expected.as_object() else { return vec!["expected is not an object".into()] };
    for k in obj.keys() {
        if !EXPECTED_MEMBERS.contains(&k.as_str()) {
            errors.push(format!("expected.{k} is not part of the case format"));
        }
    }
    for k in ["rules", "time_zones", "jurisdictions", "packs"] {
        if let Some(v) = obj.get(k) {
            if !v.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                errors.push(format!("expected.{k} must be an array of strings"));
            }
        }
    }
    if let Some(v) = obj.get("findings") {
        let Some(list) = v.as_array() else {
            errors.push("expected.findings must be an array".into());
            return errors;
        };
        let rules: BTreeSet<&str> = obj
            .get("rules")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (i, f) in list.iter().enumerate() {
            let Some(f) = f.as_object() else {
                errors.push(format!("expected.findings[{i}] must be an object"));
                continue;
            };
            for k in f.keys() {
                if !FINDING_MEMBERS.contains(&k.as_str()) {
                    errors.push(format!("expected.findings[{i}].{k} is not part of the case format"));
                }
            }
            match f.get("rule").and_then(Value::as_str) {
                None => errors.push(format!("expected.findings[{i}] has no rule")),
                Some(r) if !rules.contains(r) => {
                    errors.push(format!("expected.findings[{i}].rule {r} is not in expected.rules"))
                }
                Some(_) => {}
            }
            if let Some(span) = f.get("span").and_then(Value::as_object) {
                for k in span.keys() {
                    if !SPAN_MEMBERS.contains(&k.as_str()) {
                        errors.push(format!("expected.findings[{i}].span.{k} is not part of the case format"));
                    }
                }
            } else if f.get("span").is_some_and(|s| !s.is_null()) {
                errors.push(format!("expected.findings[{i}].span must be an object or null"));
            }
        }
    }
    errors
}

/// Why a finding (as verdict JSON) does not match a stated entry; `None` when it matches.
fn mismatch(want: &Map<String, Value>, got: &Value) -> Option<String> {
    let mut why = Vec::new();
    for (k, w) in want {
        match k.as_str() {
            "rule" => {}
            "message_contains" => {
                let msg = got["message"].as_str().unwrap_or("");
                if !w.as_str().is_some_and(|s| msg.contains(s)) {
                    why.push(format!("message {msg:?} lacks {w}"));
                }
            }
            "span" => match (w.as_object(), got.get("span").filter(|s| !s.is_null())) {
                (None, None) => {}
                (None, Some(g)) => why.push(format!("span: expected none, got {g}")),
                (Some(_), None) => why.push("span: expected one, got none".into()),
                (Some(ws), Some(g)) => {
                    for (sk, sv) in ws {
                        // `field` is left out of the verdict when it is `body`.
                        let gv = match (sk.as_str(), g.get(sk)) {
                            ("field", None) => Value::from("body"),
                            (_, v) => v.cloned().unwrap_or(Value::Null),
                        };
                        if *sv != gv {
                            why.push(format!("span.{sk}: expected {sv}, got {gv}"));
                        }
                    }
                }
            },
            // `retry_at` is left out of the verdict when there is none.
            _ => {
                let g = got.get(k).cloned().unwrap_or(Value::Null);
                if *w != g {
                    why.push(format!("{k}: expected {w}, got {g}"));
                }
            }
        }
    }
    if why.is_empty() {
        None
    } else {
        Some(why.join(", "))
    }
}

/// Pairs the stated entries of one rule with its findings one to one (backtracking: entries are few).
fn pair(wants: &[&Map<String, Value>], gots: &[&Value], used: &mut Vec<bool>) -> bool {
    let Some((first, rest)) = wants.split_first() else { return true };
    for (j, g) in gots.iter().enumerate() {
        if !used[j] && mismatch(first, g).is_none() {
            used[j] = true;
            if pair(rest, gots, used) {
                return true;
            }
            used[j] = false;
        }
    }
    false
}

/// Differences between what the case states beyond decision, rules and next_allowed_at and the
/// verdict (as JSON).
fn richer_diff(expected: &Value, verdict: &Value) -> Vec<String> {
    let mut diff = Vec::new();
    let strings = |v: &Value| -> BTreeSet<String> {
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    for k in ["time_zones", "jurisdictions"] {
        if let Some(want) = expected.get(k) {
            let (want, got) = (strings(want), strings(&verdict[k]));
            if want != got {
                diff.push(format!("  {k}: expected {want:?}, got {got:?}"));
            }
        }
    }
    if let Some(want) = expected.get("packs") {
        let want = strings(want);
        let got: BTreeSet<String> = verdict["packs"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["id"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if want != got {
            diff.push(format!("  packs: expected {want:?}, got {got:?}"));
        }
    }
    if let Some(list) = expected.get("findings").and_then(Value::as_array) {
        let entries: Vec<&Map<String, Value>> = list.iter().filter_map(Value::as_object).collect();
        let rules: BTreeSet<&str> = entries.iter().filter_map(|e| e["rule"].as_str()).collect();
        let findings = verdict["findings"].as_array().cloned().unwrap_or_default();
        for rule in rules {
            let wants: Vec<&Map<String, Value>> =
                entries.iter().copied().filter(|e| e["rule"].as_str() == Some(rule)).collect();
            let gots: Vec<&Value> = findings.iter().filter(|f| f["rule"].as_str() == Some(rule)).collect();
            if wants.len() != gots.len() {
                diff.push(format!("  findings of {rule}: expected {}, got {}", wants.len(), gots.len()));
                continue;
            }
            if !pair(&wants, &gots, &mut vec![false; gots.len()]) {
                for w in &wants {
                    if gots.iter().all(|g| mismatch(w, g).is_some()) {
                        let closest: Vec<String> = gots.iter().filter_map(|g| mismatch(w, g)).collect();
                        diff.push(format!(
                            "  findings of {rule}: no finding matches {}: {}",
                            Value::Object((*w).clone()),
                            closest.join(" | ")
                        ));
                    }
                }
                if !diff.iter().any(|d| d.contains(rule)) {
                    diff.push(format!("  findings of {rule}: the entries do not pair up one to one with the findings"));
                }
            }
        }
    }
    diff
}

#[test]
fn conformance_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases");
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no cases under {}", root.display());
    let engine = Engine::new().expect("default packs load");
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        let text = fs::read_to_string(file).expect("read case");
        let case: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{name}: not JSON: {e}"));
                continue;
            }
        };
        let attempt_json = case["attempt"].to_string();
        let expected = &case["expected"];
        let shape = shape_errors(expected);
        if !shape.is_empty() {
            failures.push(format!("{name}: malformed expectation: {}", shape.join("; ")));
            continue;
        }
        let verdict = match Attempt::from_json(&attempt_json) {
            Ok(a) => engine.evaluate(&a),
            Err(e) => {
                if expected.get("error").is_some() {
                    let want = expected["error"].as_str().unwrap_or("");
                    if !e.to_string().contains(want) {
                        failures.push(format!("{name}: error {:?} does not contain {:?}", e.to_string(), want));
                    }
                    lines.push(serde_json::json!({"case": name, "error": e.to_string()}).to_string());
                } else {
                    failures.push(format!("{name}: attempt rejected: {e}"));
                }
                continue;
            }
        };
        if expected.get("error").is_some() {
            failures.push(format!("{name}: expected an error, got a verdict"));
            continue;
        }
        let verdict_json = serde_json::from_str::<Value>(&verdict.to_json()).unwrap();
        lines.push(serde_json::json!({"case": name, "verdict": verdict_json}).to_string());
        let mut diff = Vec::new();
        let decision = verdict.decision.as_str();
        if expected["decision"].as_str() != Some(decision) {
            diff.push(format!("  decision: expected {}, got {decision}", expected["decision"]));
        }
        let want: BTreeSet<&str> =
            expected["rules"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let got: BTreeSet<&str> = verdict.findings.iter().map(|f| f.rule.as_str()).collect();
        if want != got {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            diff.push(format!("  rules: missing {missing:?}, unexpected {extra:?}"));
        }
        if let Some(next) = expected.get("next_allowed_at") {
            let got = verdict_json["next_allowed_at"].clone();
            if *next != got {
                diff.push(format!("  next_allowed_at: expected {next}, got {got}"));
            }
        }
        diff.extend(richer_diff(expected, &verdict_json));
        if !diff.is_empty() {
            let findings: Vec<String> = verdict
                .findings
                .iter()
                .map(|f| {
                    let span = f.span.as_ref().map(|s| format!(" span {:?}@{}", s.text, s.start)).unwrap_or_default();
                    let retry =
                        f.retry_at.map(|t| format!(" retry_at {}", fairtouch::format_instant(t))).unwrap_or_default();
                    format!("    {} [{}]{span}{retry} {}", f.rule, f.severity, f.message)
                })
                .collect();
            failures.push(format!("{name}\n{}\n  findings:\n{}", diff.join("\n"), findings.join("\n")));
        }
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/conformance");
    fs::create_dir_all(&out).expect("create target/conformance");
    fs::write(out.join("rust.jsonl"), lines.join("\n") + "\n").expect("write rust.jsonl");
    for f in &failures {
        eprintln!("FAIL {f}\n");
    }
    println!("conformance: {} passed, {} failed", files.len() - failures.len(), failures.len());
    assert!(failures.is_empty(), "{} of {} conformance cases failed (see above)", failures.len(), files.len());
}

/// The comparison itself can fail: each stated member is checked.
#[test]
fn richer_expectations_are_compared() {
    let verdict = serde_json::json!({
        "findings": [
            {"rule": "a", "severity": "block", "category": "threat", "message": "\"jail\": no",
             "span": {"start": 3, "end": 7, "start_utf16": 3, "end_utf16": 7, "text": "jail"}},
            {"rule": "a", "severity": "warn", "message": "m", "span": null, "retry_at": "2026-03-11T13:00:00Z"},
            {"rule": "b", "severity": "info", "message": "x", "span": null}
        ],
        "time_zones": ["America/Chicago"], "jurisdictions": ["US", "US-IL"],
        "packs": [{"id": "us-federal", "version": "1", "digest": "d"}]
    });
    let ok = serde_json::json!({
        "rules": ["a", "b"],
        "findings": [
            {"rule": "a", "severity": "warn", "span": null, "retry_at": "2026-03-11T13:00:00Z"},
            {"rule": "a", "severity": "block", "span": {"text": "jail", "start": 3, "field": "body"}, "message_contains": "jail"}
        ],
        "time_zones": ["America/Chicago"], "jurisdictions": ["US-IL", "US"], "packs": ["us-federal"]
    });
    assert!(shape_errors(&ok).is_empty(), "{:?}", shape_errors(&ok));
    assert_eq!(richer_diff(&ok, &verdict), Vec::<String>::new());
    let wrong = [
        serde_json::json!({"findings": [{"rule": "b", "severity": "warn"}]}),
        serde_json::json!({"findings": [{"rule": "b", "span": {"text": "x"}}]}),
        serde_json::json!({"findings": [{"rule": "b", "retry_at": "2026-03-11T13:00:00Z"}]}),
        serde_json::json!({"findings": [{"rule": "a", "span": {"start": 4}}, {"rule": "a"}]}),
        serde_json::json!({"findings": [{"rule": "a", "span": {"field": "subject"}}, {"rule": "a"}]}),
        serde_json::json!({"findings": [{"rule": "a", "retry_at": null}]}),
        serde_json::json!({"findings": [{"rule": "a", "severity": "block"}, {"rule": "a", "severity": "block"}]}),
        serde_json::json!({"findings": [{"rule": "b", "message_contains": "y"}]}),
        serde_json::json!({"time_zones": ["America/New_York"]}),
        serde_json::json!({"jurisdictions": ["US"]}),
        serde_json::json!({"packs": ["us-federal", "us-ca"]}),
    ];
    for w in wrong {
        assert!(!richer_diff(&w, &verdict).is_empty(), "{w} should not match");
    }
    assert!(!shape_errors(&serde_json::json!({"rules": [], "findngs": []})).is_empty());
    assert!(
        !shape_errors(&serde_json::json!({"rules": ["a"], "findings": [{"rule": "a", "sevrity": "warn"}]})).is_empty()
    );
    assert!(!shape_errors(&serde_json::json!({"rules": ["a"], "findings": [{"rule": "c"}]})).is_empty());
    assert!(!shape_errors(&serde_json::json!({"rules": ["a"], "findings": [{"rule": "a", "span": {"txt": "x"}}]}))
        .is_empty());
}
