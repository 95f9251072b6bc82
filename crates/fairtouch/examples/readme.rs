// The README's Rust example; from the repository root: cargo run -p fairtouch --example readme
use fairtouch::{Attempt, Decision, Engine, Severity, Template};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::builder() // the embedded default packs
        .pack_file("examples/policy-acme.toml")? // plus a company policy pack
        .set_severity("acme.quiet-hours", Severity::Block) // its warning made blocking
        .build()?; // compiles every pattern once; Engine is Send + Sync

    let json = std::fs::read_to_string("examples/us-sms-threat-late.json")?;
    let attempt = Attempt::from_json(&json)?; // errors carry the JSON path
    let verdict = engine.evaluate(&attempt); // no I/O, no clock, no compilation
    assert_eq!(verdict.decision, Decision::Block);
    for f in &verdict.findings {
        let words = f.span.as_ref().map_or("", |s| s.text.as_str());
        println!("{} [{}] {} {words}", f.rule, f.severity, f.citation);
    }
    let next = verdict.next_allowed_at.map(fairtouch::format_instant);
    println!("next allowed: {}", next.as_deref().unwrap_or("never")); // a threat: time will not cure it
    let _evidence: String = verdict.to_json(); // the interchange JSON, as the CLI and the bindings give it

    // A template is judged at its `at`, else at the instant the caller passes.
    let template = Template::from_json(&std::fs::read_to_string("examples/template-us-sms.json")?)?;
    let lint = engine.lint_template(&template, jiff::Timestamp::now())?;
    println!("template: {}", lint.decision);
    Ok(())
}
