//! `fairtouch audit` gives every message of a log exactly the verdict `fairtouch check` gives it
//! with its history written out: every earlier line (by time, then line number) of the same
//! recipient address, earlier messages as delivered outbound events, then the attempt's own
//! history. The history is built here the naive way, from the whole log, as the contract says.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jiff::Timestamp;
use serde_json::{json, Value};

fn fairtouch(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairtouch")).args(args).current_dir(dir).output().expect("run fairtouch")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fairtouch-audit-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn ts(v: &Value) -> Timestamp {
    v.as_str().expect("an instant").parse().expect("RFC 3339")
}

/// The attempts with their histories written out, from the whole log, in log order of messages.
fn written_out(log: &str) -> Vec<(String, Value)> {
    struct Line {
        number: usize,
        at: Timestamp,
        value: Value,
    }
    let mut by_address: HashMap<String, Vec<Line>> = HashMap::new();
    let mut messages = Vec::new();
    for (i, text) in log.lines().enumerate() {
        let value: Value = serde_json::from_str(text).expect("a generated line is JSON");
        let (address, at) = if value["kind"] == "message" {
            messages.push(i + 1);
            (value["attempt"]["recipient"]["address"].clone(), ts(&value["attempt"]["send_at"]))
        } else {
            (value["event"]["address"].clone(), ts(&value["event"]["at"]))
        };
        let address = address.as_str().expect("an address").to_string();
        by_address.entry(address).or_default().push(Line { number: i + 1, at, value });
    }
    let mut out = Vec::new();
    for lines in by_address.values_mut() {
        lines.sort_by_key(|l| (l.at, l.number));
        for (k, l) in lines.iter().enumerate() {
            if l.value["kind"] != "message" {
                continue;
            }
            let mut history: Vec<Value> = lines[..k]
                .iter()
                .map(|e| {
                    if e.value["kind"] == "event" {
                        return e.value["event"].clone();
                    }
                    let a = &e.value["attempt"];
                    let mut event = json!({
                        "channel": a["channel"], "direction": "outbound", "at": a["send_at"], "outcome": "delivered",
                        "purpose": a.get("purpose").cloned().unwrap_or(json!("collection")),
                        "address": a["recipient"]["address"],
                    });
                    if let Some(id) = a["debt"].get("id") {
                        event["debt_id"] = id.clone();
                    }
                    event
                })
                .collect();
            let mut attempt = l.value["attempt"].clone();
            if let Some(own) = attempt.get("history").and_then(Value::as_array) {
                history.extend(own.iter().cloned());
            }
            attempt["history"] = Value::Array(history);
            out.push((l.number, l.value["id"].as_str().unwrap_or_default().to_string(), attempt));
        }
    }
    out.sort_by_key(|(n, _, _)| *n);
    assert_eq!(out.len(), messages.len());
    out.into_iter().map(|(_, id, a)| (id, a)).collect()
}

#[test]
fn every_verdict_of_the_audit_is_the_verdict_of_check_with_the_history_written_out() {
    let dir = scratch("equal");
    // Shuffled: the audit takes the lines in any order. Ten weeks (the default packs look back 30 days at most), so the history the audit
    // holds is cut to the packs' horizon many times over.
    let gen = fairtouch(
        &["audit-gen", "--recipients", "100", "--weeks", "10", "--seed", "11", "--shuffle", "-o", "log.jsonl"],
        &dir,
    );
    assert!(gen.status.success(), "{}", String::from_utf8_lossy(&gen.stderr));
    // Small partitions, two workers: several partitions per worker.
    let audit = fairtouch(&["audit", "log.jsonl", "--out", "out", "--jobs", "2", "--partition-mb", "1"], &dir);
    assert_eq!(audit.status.code(), Some(1), "something is blocked: {}", String::from_utf8_lossy(&audit.stderr));
    assert!(audit.stderr.is_empty(), "{}", String::from_utf8_lossy(&audit.stderr));

    let log = std::fs::read_to_string(dir.join("log.jsonl")).expect("log");
    let attempts = written_out(&log);
    let batch: String = attempts.iter().map(|(_, a)| format!("{a}\n")).collect();
    std::fs::write(dir.join("attempts.jsonl"), batch).expect("write attempts");
    let check = fairtouch(&["check", "--jsonl", "--format", "json", "attempts.jsonl"], &dir);
    assert!(matches!(check.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&check.stderr));
    let expected: Vec<Value> =
        String::from_utf8_lossy(&check.stdout).lines().map(|l| serde_json::from_str(l).expect("verdict")).collect();

    let verdicts = std::fs::read_to_string(dir.join("out/verdicts.jsonl")).expect("verdicts.jsonl");
    let got: Vec<Value> = verdicts.lines().map(|l| serde_json::from_str(l).expect("verdict line")).collect();
    assert_eq!(got.len(), attempts.len(), "one verdict a message");
    let mut with_history = 0;
    for ((id, attempt), (want, have)) in attempts.iter().zip(expected.iter().zip(&got)) {
        assert_eq!(&have["id"], id, "verdicts.jsonl is in log order");
        for field in ["decision", "findings", "next_allowed_at"] {
            assert_eq!(have[field], want[field], "message {id}, {field}");
        }
        with_history += usize::from(attempt["history"].as_array().is_some_and(|h| h.len() > 8));
    }
    assert!(with_history > 30, "long histories were exercised ({with_history})");
    let decisions: Vec<&str> = got.iter().filter_map(|v| v["decision"].as_str()).collect();
    for d in ["allow", "warn", "block"] {
        assert!(decisions.contains(&d), "the log gives some {d}");
    }

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).expect("summary")).expect("json");
    assert_eq!(summary["decisions"]["messages"], got.len());
    let blocked = decisions.iter().filter(|d| **d == "block").count();
    assert_eq!(summary["decisions"]["block"], blocked);
    let hours: u64 =
        summary["local_hours"].as_array().expect("hours").iter().map(|h| h["messages"].as_u64().unwrap_or(0)).sum();
    assert_eq!(hours, got.len() as u64);
    let csv = std::fs::read_to_string(dir.join("out/findings.csv")).expect("csv");
    let findings: usize = got.iter().map(|v| v["findings"].as_array().map_or(0, Vec::len)).sum();
    assert!(csv.starts_with("line,id,campaign,"));
    assert!(csv.lines().count() > findings, "a row per finding (some messages span lines)");
    // The outputs do not depend on the threads or the partitions.
    let again = fairtouch(&["audit", "log.jsonl", "--out", "again", "--jobs", "1", "--partition-mb", "64"], &dir);
    assert_eq!(again.status.code(), Some(1));
    for file in ["verdicts.jsonl", "summary.json", "findings.csv", "report.html"] {
        let a = std::fs::read(dir.join("out").join(file)).expect("first run");
        let b = std::fs::read(dir.join("again").join(file)).expect("second run");
        assert!(a == b, "{file} differs between --jobs 2 --partition-mb 1 and --jobs 1 --partition-mb 64");
    }
    let report = std::fs::read_to_string(dir.join("out/report.html")).expect("report");
    assert!(report.contains("<mark"), "offending words are marked");
    assert!(!report.contains("src=") && !report.contains("href=\"http") && !report.contains("<link"), "self-contained");
    assert!(report.contains("sha256:"), "pack digests");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_lines_are_reported_with_their_number_and_the_rest_is_audited() {
    let dir = scratch("bad");
    let good =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/us-sms-compliant.json"))
            .expect("example");
    let good: Value = serde_json::from_str(&good).expect("json");
    let log = format!(
        "{}\nnot json\n\n{}\n{}\n",
        json!({ "kind": "message", "id": "ok-1", "attempt": good }),
        json!({ "kind": "message", "id": "bad-1", "attempt": { "channel": "fax" } }),
        json!({ "kind": "event", "event": { "channel": "sms", "direction": "inbound", "at": "2026-03-01T00:00:00Z" } }),
    );
    std::fs::write(dir.join("log.jsonl"), log).expect("log");
    let out = fairtouch(&["audit", "log.jsonl", "--out", "out"], &dir);
    assert_eq!(out.status.code(), Some(2), "invalid lines: status 2");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("log.jsonl:2: $: invalid JSON"), "{err}");
    assert!(err.contains("log.jsonl:4: attempt.channel: "), "{err}");
    assert!(err.contains("log.jsonl:5: event.address: "), "{err}");
    let verdicts = std::fs::read_to_string(dir.join("out/verdicts.jsonl")).expect("verdicts");
    assert_eq!(verdicts.lines().count(), 1);
    assert!(verdicts.contains("\"id\":\"ok-1\"") && verdicts.contains("\"decision\":\"allow\""), "{verdicts}");

    // The good line alone: status 0.
    std::fs::write(dir.join("good.jsonl"), json!({ "kind": "message", "id": "ok-1", "attempt": good }).to_string())
        .expect("log");
    let out = fairtouch(&["audit", "good.jsonl", "--out", "out2"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 messages to 1 recipient addresses audited"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_generator_is_deterministic() {
    let dir = scratch("gen");
    let a = fairtouch(&["audit-gen", "--recipients", "20", "--seed", "5"], &dir);
    let b = fairtouch(&["audit-gen", "--recipients", "20", "--seed", "5"], &dir);
    let c = fairtouch(&["audit-gen", "--recipients", "20", "--seed", "6"], &dir);
    assert!(a.status.success() && !a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    let text = String::from_utf8_lossy(&a.stdout);
    for needle in ["\"+1212", "\"+336", "\"+519", "\"STOP\"", "conversation", "\"letter\"", "\"whatsapp\""] {
        assert!(text.contains(needle), "the log has {needle}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
