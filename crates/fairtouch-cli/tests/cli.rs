//! The CLI contract: exit codes 0/1/2, JSON and JSON Lines, text output with marked words,
//! packs list/show/validate, next-window and lint-template.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fairtouch"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fairtouch")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = spawn(args);
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.unwrap_or_default().to_string();
    // Fed from a thread: a large input must not wait on output nobody is reading yet.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().expect("wait");
    feeder.join().expect("feed stdin");
    output
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An example attempt or template as one line of compact JSON.
fn one_line(example: &str) -> String {
    let text = std::fs::read_to_string(root().join("examples").join(example)).expect("example");
    serde_json::from_str::<serde_json::Value>(&text).expect("example json").to_string()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fairtouch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
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
    let path = temp_file(
        "bad.toml",
        "[pack]\nid = \"bad\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n[[rule]]\nid = \"bad.rule\"\ncheck = \"contact_window\"\nbinds = [\"collector\"]\ncitation = \"x\"\nsource = \"https://x\"\nseverity = \"block\"\nparams = { start = \"25:00\", end = \"21:00\" }\nexplain = \"x\"\n\n[[rule.fire]]\nbody = \"a\"\n\n[[rule.pass]]\nbody = \"b\"\n",
    );
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

// Exactly one JSON value per input: whatever follows it is refused, with its position.

/// The engine's message for input after the value; `column` is where the tail starts.
fn trailing_input_message(column: usize) -> String {
    format!("$: invalid JSON: more input after the value at line 1, column {column}: expected exactly one JSON value")
}

fn assert_refused(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
    assert!(o.stdout.is_empty(), "{}", stdout(o));
}

#[test]
fn check_file_refuses_garbage_after_the_attempt() {
    let attempt = one_line("us-sms-compliant.json");
    let path = temp_file("trailing-garbage.json", &format!("{attempt} garbage\n"));
    let o = run(&["check", path.to_str().unwrap(), "--format", "json"], None);
    assert_refused(&o, &format!("trailing-garbage.json: {}", trailing_input_message(attempt.len() + 2)));
}

#[test]
fn check_stdin_refuses_brackets_after_the_attempt() {
    let attempt = one_line("us-sms-compliant.json");
    let o = run(&["check", "-", "--format", "json"], Some(&format!("{attempt}]]]")));
    assert_refused(&o, &format!("stdin: {}", trailing_input_message(attempt.len() + 1)));
}

#[test]
fn check_stdin_refuses_a_second_attempt_that_threatens_jail() {
    let allowed = one_line("us-sms-compliant.json");
    let threat = one_line("us-sms-threat-late.json");
    let o = run(&["check", "-", "--format", "json"], Some(&format!("{allowed}\n{threat}\n")));
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("more input after the value at line 2, column 1"), "{}", stderr(&o));
}

#[test]
fn next_window_refuses_a_second_attempt_after_the_first() {
    let first = one_line("us-call-after-conversation.json");
    let threat = one_line("us-sms-threat-late.json");
    let path = temp_file("two-attempts.json", &format!("{first}{threat}"));
    let o = run(&["next-window", path.to_str().unwrap(), "--format", "json"], None);
    assert_refused(&o, &format!("two-attempts.json: {}", trailing_input_message(first.len() + 1)));
}

#[test]
fn lint_template_refuses_garbage_after_the_template() {
    let template = one_line("template-us-sms.json");
    let path = temp_file("template-garbage.json", &format!("{template}\ngarbage"));
    let o = run(&["lint-template", path.to_str().unwrap(), "--format", "json"], None);
    assert_refused(&o, "template-garbage.json: $: invalid JSON: more input after the value at line 2, column 1");
}

#[test]
fn jsonl_refuses_a_line_holding_a_second_attempt_that_threatens_jail() {
    let allowed = one_line("us-sms-compliant.json");
    let threat = one_line("us-sms-threat-late.json");
    let input = format!("{allowed}\n{allowed} {threat}\n{allowed}]]]\n");
    let o = run(&["check", "--jsonl", "-", "--format", "json"], Some(&input));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&o));
    assert_eq!(lines[0]["decision"], "allow");
    let expected = [(2, allowed.len() + 2), (3, allowed.len() + 1)];
    for (record, (line, column)) in lines[1..].iter().zip(expected) {
        assert_eq!(record["line"], line);
        assert_eq!(record["error"]["path"], "$");
        let message = trailing_input_message(column);
        assert_eq!(record["error"]["message"], message.trim_start_matches("$: "));
        assert!(stderr(&o).contains(&format!("stdin:{line}: {message}")), "{}", stderr(&o));
    }
}

// JSON Lines: one line at a time, in order, each line judged on its own.

#[test]
fn jsonl_judges_the_lines_before_and_after_a_bad_line() {
    let allowed = one_line("us-sms-compliant.json");
    let threat = one_line("us-sms-threat-late.json");
    let input = format!("{allowed}\n\n   \ngarbage\n{threat}\r\n{allowed}");
    let o = run(&["check", "--jsonl", "-", "--format", "json"], Some(&input));
    // A bad line makes the batch exit 2, even though a later line blocks.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0]["decision"], "allow");
    // Blank lines are skipped but counted.
    assert_eq!(lines[1]["line"], 4);
    assert_eq!(lines[1]["error"]["path"], "$");
    assert!(lines[1]["error"]["message"].as_str().unwrap().starts_with("invalid JSON"), "{out}");
    assert_eq!(lines[2]["decision"], "block");
    assert_eq!(lines[3]["decision"], "allow");
    assert!(stderr(&o).contains("fairtouch: stdin:4: $: invalid JSON"), "{}", stderr(&o));
}

#[test]
fn jsonl_verdicts_are_the_engines_json_byte_for_byte() {
    let single = run(&["check", "examples/us-sms-threat-late.json", "--format", "json"], None);
    let batch = run(&["check", "--jsonl", "-", "--format", "json"], Some(&one_line("us-sms-threat-late.json")));
    assert_eq!(batch.status.code(), Some(1));
    assert_eq!(stdout(&batch), stdout(&single));
}

#[test]
fn jsonl_text_gives_each_verdict_or_error_with_its_line() {
    let allowed = one_line("us-sms-compliant.json");
    let o = run(&["check", "--jsonl", "-", "--format", "text"], Some(&format!("{allowed}\ngarbage\n{allowed}\n")));
    assert_eq!(o.status.code(), Some(2));
    let text = stdout(&o);
    let records: Vec<&str> = text.lines().filter(|l| l.starts_with("stdin:")).collect();
    assert_eq!(records.len(), 3, "{text}");
    assert!(records[0].starts_with("stdin:1: ALLOW sms"), "{text}");
    assert!(records[1].starts_with("stdin:2: INVALID $: invalid JSON"), "{text}");
    assert!(records[2].starts_with("stdin:3: ALLOW sms"), "{text}");
}

#[test]
fn jsonl_all_good_lines_exit_by_the_worst_verdict() {
    let allowed = one_line("us-sms-compliant.json");
    let o = run(&["check", "--jsonl", "-", "--format", "json"], Some(&format!("{allowed}\n{allowed}\n")));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn jsonl_refuses_an_overlong_line_alone() {
    let allowed = one_line("us-sms-compliant.json");
    let overlong = "x".repeat(16 * 1024 * 1024 + 1);
    let o = run(&["check", "--jsonl", "-", "--format", "json"], Some(&format!("{allowed}\n{overlong}\n{allowed}\n")));
    assert_eq!(o.status.code(), Some(2));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["decision"], "allow");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"]["message"].as_str().unwrap().contains("longer than the limit"), "{}", lines[1]);
    assert_eq!(lines[2]["decision"], "allow");
}

#[test]
fn jsonl_prints_each_verdict_before_the_next_line_arrives() {
    let allowed = one_line("us-sms-compliant.json");
    let mut child = spawn(&["check", "--jsonl", "-", "--format", "json"]);
    let mut input = child.stdin.take().expect("stdin");
    let (lines, received) = mpsc::channel();
    let output = BufReader::new(child.stdout.take().expect("stdout"));
    std::thread::spawn(move || {
        for line in output.lines() {
            if lines.send(line.expect("output line")).is_err() {
                return;
            }
        }
    });
    for _ in 0..2 {
        writeln!(input, "{allowed}").expect("write a line");
        input.flush().expect("flush");
        // The input stays open: a verdict that waits for the end of the input never comes.
        match received.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => assert!(line.contains(r#""decision":"allow""#), "{line}"),
            Err(_) => {
                let _ = child.kill();
                panic!("no verdict while the input is still open");
            }
        }
    }
    drop(input);
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}

// A closed standard output ends the command quietly, with status 0.

/// Runs fairtouch with its standard output closed before it writes anything.
fn run_with_closed_output(args: &[&str], stdin: &str) -> Output {
    let mut child = spawn(args);
    drop(child.stdout.take());
    let mut pipe = child.stdin.take().expect("stdin");
    // fairtouch may stop reading once its output is gone; that is fine.
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().expect("wait")
}

#[test]
fn a_closed_output_ends_every_command_quietly() {
    let allowed = one_line("us-sms-compliant.json");
    let threat = one_line("us-sms-threat-late.json");
    let batch = format!("{allowed}\n{threat}\n").repeat(50);
    let cases: [(&[&str], String); 6] = [
        (&["check", "--jsonl", "-", "--format", "json"], batch.clone()),
        (&["check", "--jsonl", "-", "--format", "text"], batch),
        (&["check", "-", "--format", "text"], threat),
        (&["next-window", "-", "--format", "text"], one_line("us-call-after-conversation.json")),
        (&["lint-template", "-", "--format", "json"], one_line("template-us-sms.json")),
        (&["packs", "show", "us-federal", "--format", "text"], String::new()),
    ];
    for (args, stdin) in cases {
        let o = run_with_closed_output(args, &stdin);
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
        assert_eq!(o.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn help_documents_the_exit_status_of_a_batch() {
    let o = run(&["check", "--help"], None);
    // Compared word by word: how the help is wrapped is not the point.
    let help = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("The batch exits 2 if any line was invalid"), "{help}");
    assert!(help.contains("else 1 if any verdict blocks, else 0"), "{help}");
}
