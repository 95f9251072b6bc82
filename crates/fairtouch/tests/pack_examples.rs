//! Every example of every rule of every default pack behaves as the pack says.

use fairtouch::Engine;

#[test]
fn every_rule_example_behaves_as_its_pack_says() {
    let engine = Engine::new().expect("default packs load");
    let failures = engine.check_examples();
    for f in &failures {
        eprintln!("{} {} {}[{}]: {}", f.pack, f.rule, f.kind, f.index, f.message);
    }
    assert!(failures.is_empty(), "{} rule examples misbehave (see above)", failures.len());
}

#[test]
fn every_rule_has_examples_citation_and_source() {
    let engine = Engine::new().expect("default packs load");
    for rule in engine.rules(None) {
        assert!(!rule.citation.is_empty(), "{}", rule.id);
        assert!(rule.source.starts_with("http"), "{}", rule.id);
    }
}

const HEADER: &str = "[pack]\nid = \"mine\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n";

fn pack_error(body: &str) -> fairtouch::Error {
    Engine::builder()
        .default_packs(false)
        .pack_str("mine.toml", format!("{HEADER}{body}"))
        .build()
        .expect_err("must fail")
}

#[test]
fn pack_errors_name_the_file_the_line_and_the_rule() {
    let rule = "[[rule]]\nid = \"my.rule\"\ncheck = \"banned_content\"\nbinds = [\"collector\"]\ncitation = \"c\"\nsource = \"https://x\"\nseverity = \"block\"\nexplain = \"e\"\nparams = { patterns = { en = [\"x y\"] } }\n\n[[rule.fire]]\nbody = \"a\"\n\n[[rule.pass]]\nbody = \"b\"\n";
    match pack_error(&rule.replace("\"x y\"", "\"x (y\"")) {
        fairtouch::Error::InvalidPack { pack, line, rule, message } => {
            assert_eq!((pack.as_str(), line, rule.as_deref()), ("mine.toml", Some(7), Some("my.rule")));
            assert!(message.contains("unclosed"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let unknown_key = rule.replace("explain = \"e\"\n", "explain = \"e\"\nbogus = 1\n");
    match pack_error(&unknown_key) {
        fairtouch::Error::InvalidPack { line, rule, message, .. } => {
            assert_eq!(rule.as_deref(), Some("my.rule"));
            assert!(line.is_some_and(|l| l >= 7), "{line:?}");
            assert!(message.contains("bogus"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let duplicate = format!("{rule}\n{rule}");
    match pack_error(&duplicate) {
        fairtouch::Error::InvalidPack { rule, message, .. } => {
            assert_eq!(rule.as_deref(), Some("my.rule"));
            assert!(message.contains("duplicate rule id"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let bad_check = rule.replace("banned_content", "banned_contnet");
    let message = pack_error(&bad_check).to_string();
    assert!(
        message.contains("unknown variant `banned_contnet`") && message.contains("`banned_content`"),
        "an unknown check kind lists the known ones: {message}"
    );
    assert!(message.contains(":3") || message.contains("my.rule"), "names the place: {message}");
}

#[test]
fn shared_lexicons_are_referred_to_by_file_and_name() {
    let rule = "[[rule]]\nid = \"my.rule\"\ncheck = \"banned_content\"\nbinds = [\"collector\"]\ncitation = \"c\"\nsource = \"https://x\"\nseverity = \"block\"\nexplain = \"e\"\nparams = { patterns = PATTERNS }\n\n[[rule.fire]]\nbody = \"STOP\"\n\n[[rule.pass]]\nbody = \"b\"\n";
    let header = "[pack]\nid = \"mine\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n";
    let with = |patterns: &str| format!("{header}{}", rule.replace("PATTERNS", patterns));
    let build = |source: String| Engine::builder().default_packs(false).pack_str("mine.toml", source).build();
    let engine = build(with("\"@revocation.stop_keywords\"")).expect("a shared lexicon");
    let packs = engine.packs();
    assert!(packs[0].digest.starts_with("sha256:"));
    build(with("[\"@revocation.stop_keywords\", \"@revocation.cancel_keywords\"]")).expect("a union of lexicons");
    let message = build(with("\"@revocation.no_such_list\"")).expect_err("unknown").to_string();
    assert!(message.contains("no_such_list") && message.contains("revocation.stop_phrases"), "{message}");
    assert!(message.contains("my.rule"), "{message}");
    let dotted = format!("{header}[lexicon.\"a.b\"]\nen = [\"x\"]\n\n{}", rule.replace("PATTERNS", "\"@x\""));
    let message = build(dotted).expect_err("a dotted name").to_string();
    assert!(message.contains("no '.'"), "{message}");
}

#[test]
fn overrides_must_name_loaded_rules() {
    let err = Engine::builder().disable_rule("no.such.rule").build().expect_err("unknown rule");
    assert!(err.to_string().contains("no.such.rule"));
    let engine =
        Engine::builder().set_severity("us.regf.opt-out-notice", fairtouch::Severity::Warn).build().expect("builds");
    assert_eq!(engine.overrides().len(), 1);
}
