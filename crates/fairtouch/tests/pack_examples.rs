//! Every example of every rule of every default pack behaves as the pack says.

use fairtouch::Engine;

#[test]
fn every_rule_example_behaves_as_its_pack_says() {
    let engine = Engine::new().expect("default packs load");
    let failures = engine.check_examples();
    for f in &failures {
        eprintln!("{} {} examples.{}[{}]: {}", f.pack, f.rule, f.kind, f.index, f.message);
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
