//! The CLI contract: exit codes 0/1/2, JSON and JSON Lines, text output with marked words,
//! packs list/show/validate, next-window and lint-template.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fairtouch"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fairtouch");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn allowed_attempt_exits_0_with_a_json_verdict() {
    let o = run(&["check", "examples/us-sms-compliant.json", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(v["decision"], "allow");
    assert_eq!(v["packs"][0]["id"], "us-federal");
}

#[test]
fn blocked_attempt_exits_1_and_text_marks_the_words() {
    let o = run(&["check", "examples/us-sms-threat-late.json", "--format", "text"], None);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.starts_with("BLOCK"), "{text}");
    assert!(text.contains("[[arrested]]"), "{text}");
    assert!(text.contains("us.fdcpa.threat-arrest"), "{text}");
    assert!(text.contains("us.tcpa.revocation"), "{text}");
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let o = run(
        &["check", "-"],
        Some(
            r#"{"channel":"sms","send_at":"2026-03-10T14:05:00Z","sender":{"role":"collector"},"recipient":{"relation":"debtor","locations":[{"time_zone":"America/Chicgo"}]}}"#,
        ),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(r#"recipient.locations[0].time_zone: unknown time zone "America/Chicgo""#), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn jsonl_gives_one_verdict_per_line_and_the_worst_exit_code() {
    let o = run(&["check", "--jsonl", "examples/batch.jsonl", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["decision"], "allow");
    assert_eq!(lines[1]["decision"], "block");
}

#[test]
fn overrides_are_applied_and_reported() {
    let o = run(
        &[
            "check",
            "examples/us-sms-threat-late.json",
            "--format",
            "json",
            "--disable",
            "us.fdcpa.threat-arrest",
            "--set-severity",
            "us.regf.inconvenient-time=warn",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"us.fdcpa.threat-arrest"));
    assert_eq!(v["overrides"].as_array().unwrap().len(), 2);
    let o = run(&["check", "examples/us-sms-compliant.json", "--disable", "no.such.rule"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn packs_list_show_and_validate() {
    let o = run(&["packs", "list", "--format", "text"], None);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("us-federal") && text.contains("2026.11.0"), "{text}");
    let o = run(&["packs", "show", "us-federal", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert!(v["rules"].as_array().unwrap().iter().any(|r| r["id"] == "us.regf.inconvenient-time"));
    let o = run(&["packs", "validate", "examples/policy-acme.toml"], None);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_broken_pack_is_reported_with_file_line_and_rule() {
    let dir = std::env::temp_dir().join(format!("fairtouch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"bad\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n[[rule]]\nid = \"bad.rule\"\ncheck = \"contact_window\"\nbinds = [\"collector\"]\ncitation = \"x\"\nsource = \"https://x\"\nseverity = \"block\"\nparams = { start = \"25:00\", end = \"21:00\" }\nexplain = \"x\"\nexamples.fire = [\"a\"]\nexamples.pass = [\"b\"]\n",
    )
    .unwrap();
    let o = run(&["packs", "validate", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.toml:7: rule bad.rule:") && err.contains("25:00"), "{err}");
}

#[test]
fn next_window_gives_the_local_time() {
    let o = run(&["next-window", "examples/us-call-after-conversation.json", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    // Conversation on Mon 2026-03-09 (day 1): calls again from Mon 2026-03-16 00:00 New York.
    assert_eq!(v["next_allowed_at"], "2026-03-16T12:00:00Z");
    assert_eq!(v["local"][0]["local"], "2026-03-16T08:00:00-04:00");
}

#[test]
fn lint_template_accepts_placeholders_and_finds_banned_words() {
    let o = run(&["lint-template", "examples/template-us-sms.json", "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(
        &[
            "lint-template",
            "--text",
            "Pay {{debt.amount}} now or you will be arrested. Reply STOP to opt out.",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"us.fdcpa.threat-arrest"), "{rules:?}");
    assert!(rules.contains(&"us.fdcpa.mini-miranda-initial"), "{rules:?}");
}
