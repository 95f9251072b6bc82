//! The packs (and the shared lexicons of rules/lexicons/) read as rules/README.md says: no line over 120 characters but a comment (the law
//! quoted) or a single string that cannot be broken (a link), one table per example, and one way
//! to scope a rule; and the loader turns the retired forms away with a pointer to the new ones.

use std::path::{Path, PathBuf};

use fairtouch::Engine;

const WIDTH: usize = 120;

fn packs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .expect("rules/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "Cargo.toml"))
        .collect();
    let lexicons = std::fs::read_dir(root.join("rules/lexicons")).expect("rules/lexicons/");
    files.extend(lexicons.map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|x| x == "toml")));
    files.sort();
    files.push(root.join("examples/policy-acme.toml"));
    assert!(files.len() > 5, "{files:?}");
    files
}

/// `key = "..."` whose string has no space: a link, which no line break can make readable.
fn unbreakable_string(line: &str) -> bool {
    line.split_once(" = ").is_some_and(|(key, value)| {
        !key.contains(char::is_whitespace)
            && value.len() > 2
            && value.starts_with('"')
            && value.ends_with('"')
            && !value[1..value.len() - 1].contains(|c: char| c.is_whitespace() || c == '"')
    })
}

#[test]
fn pack_lines_are_short_and_use_the_current_forms() {
    let mut problems = Vec::new();
    for file in packs() {
        let text = std::fs::read_to_string(&file).expect("pack");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (i, line) in text.lines().enumerate() {
            let at = format!("{name}:{}", i + 1);
            let trimmed = line.trim_start();
            if trimmed.starts_with('#') {
                continue;
            }
            let chars = line.chars().count();
            if chars > WIDTH && !unbreakable_string(line) {
                problems.push(format!("{at}: {chars} characters (at most {WIDTH}, comments aside)"));
            }
            for retired in ["examples.fire", "examples.pass", "allow_purposes"] {
                if trimmed.starts_with(retired) || line.contains(&format!("{retired} =")) {
                    problems.push(format!("{at}: `{retired}` is no longer part of the format"));
                }
            }
            if trimmed.starts_with("when") || trimmed.starts_with("unless") {
                for fact in ["purpose:", "relation:", "role:"] {
                    if line.contains(fact) {
                        problems.push(format!("{at}: `{fact}` in a condition (use the rule's list)"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "packs/README format:\n{}", problems.join("\n"));
}

const RULE: &str = "[pack]\nid = \"mine\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n\
[examples]\nbase = { channel = \"sms\", send_at = \"2026-03-10T15:00:00Z\", body = \"hello\", \
sender = { role = \"collector\" }, recipient = { relation = \"debtor\", \
locations = [{ country = \"US\", region = \"IL\" }] } }\n\n\
[[rule]]\nid = \"my.rule\"\ncheck = \"banned_content\"\nbinds = [\"collector\"]\n\
citation = \"c\"\nsource = \"https://x\"\nseverity = \"block\"\nexplain = \"e\"\nKEYS\n\n\
[rule.params]\npatterns = { en = [\"x y\"] }\n\n\
[[rule.fire]]\nnote = \"the phrase\"\nbody = \"x y\"\n\n\
[[rule.pass]]\nbody = \"nothing\"\n";

fn build(keys: &str) -> Result<Engine, fairtouch::Error> {
    Engine::builder().default_packs(false).pack_str("mine.toml", RULE.replace("KEYS", keys)).build()
}

fn error(keys: &str) -> String {
    match build(keys) {
        Ok(_) => panic!("{keys}: must not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_current_form_loads_and_its_examples_run() {
    let engine = build("").expect("loads");
    assert!(engine.check_examples().is_empty(), "{:?}", engine.check_examples());
    // A note is shown with the failure of its example.
    let failing = Engine::builder()
        .default_packs(false)
        .pack_str("mine.toml", RULE.replace("x y\"\n\n[[rule.pass]]", "x\"\n\n[[rule.pass]]").replace("KEYS", ""));
    let failures = failing.build().expect("loads").check_examples();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].message.starts_with("the phrase: expected the rule to fire"), "{}", failures[0].message);
    // `channel:` as one alternative of a `when` entry is the one scope written as a condition.
    build("when = [\"!channel:voicemail|has_body\"]").expect("a channel alternative");
}

#[test]
fn retired_forms_are_rejected_with_the_form_to_use() {
    let old_examples = RULE
        .replace("[[rule.fire]]\nnote = \"the phrase\"\nbody = \"x y\"\n\n[[rule.pass]]\nbody = \"nothing\"\n", "")
        .replace("KEYS", "examples.fire = [\"x y\"]\nexamples.pass = [\"nothing\"]");
    let e = Engine::builder().default_packs(false).pack_str("mine.toml", old_examples).build().expect_err("old");
    let e = e.to_string();
    assert!(e.contains("my.rule") && e.contains("[[rule.fire]]") && e.contains("no longer"), "{e}");

    let e = error("when = [\"purpose:collection\"]");
    assert!(e.contains("purposes = [...]"), "{e}");
    let e = error("unless = [\"relation:spouse\"]");
    assert!(e.contains("relations = [...]"), "{e}");
    let e = error("when = [\"role:collector|has_body\"]");
    assert!(e.contains("binds = [...]"), "{e}");
    for channel in
        ["when = [\"channel:sms\"]", "when = [\"channel:sms|!channel:email\"]", "unless = [\"channel:sms|has_body\"]"]
    {
        let e = error(channel);
        assert!(e.contains("channels = [...]"), "{channel}: {e}");
    }

    let bar = RULE
        .replace("banned_content", "communication_bar")
        .replace("patterns = { en = [\"x y\"] }", "bar = \"cease\"\nallow_purposes = [\"cease_acknowledgement\"]")
        .replace("KEYS", "");
    let e = Engine::builder().default_packs(false).pack_str("mine.toml", bar).build().expect_err("allow_purposes");
    let e = e.to_string();
    assert!(e.contains("allow_purposes") && e.contains("`purposes`"), "{e}");
}
