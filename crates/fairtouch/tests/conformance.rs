//! The conformance corpus: every case in `tests/cases/` gives the expected decision, rule ids and
//! next allowed time. The full verdicts are written to `target/conformance/rust.jsonl` so the
//! Python and WebAssembly runners can prove they give the very same answers.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fairtouch::{Attempt, Engine};
use serde_json::Value;

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
        lines.push(
            serde_json::json!({"case": name, "verdict": serde_json::from_str::<Value>(&verdict.to_json()).unwrap()})
                .to_string(),
        );
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
            let got = serde_json::to_value(&verdict).unwrap()["next_allowed_at"].clone();
            if *next != got {
                diff.push(format!("  next_allowed_at: expected {next}, got {got}"));
            }
        }
        if !diff.is_empty() {
            let findings: Vec<String> =
                verdict.findings.iter().map(|f| format!("    {} [{}] {}", f.rule, f.severity, f.message)).collect();
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
