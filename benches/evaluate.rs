//! Criterion benchmarks of the engine: evaluation of a 160-character SMS with 20 history events,
//! a 2,000-character email, a 500-event history, all against every default pack; engine build;
//! and attempt parsing. Run with `cargo bench -p fairtouch --bench evaluate`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use fairtouch::{Attempt, Engine};

mod text_shapes;

fn fixture(name: &str) -> String {
    let path = format!("{}/../../benches/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new().expect("default packs");
    for (name, file) in [
        ("evaluate/sms_160_chars_20_events", "sms_attempt.json"),
        ("evaluate/email_2000_chars", "email_attempt.json"),
        ("evaluate/history_500_events", "history_500_attempt.json"),
    ] {
        let attempt = Attempt::from_json(&fixture(file)).expect("fixture parses");
        c.bench_function(name, |b| b.iter(|| engine.evaluate(black_box(&attempt))));
    }
    let sms = fixture("sms_attempt.json");
    c.bench_function("parse/sms_attempt_json", |b| b.iter(|| Attempt::from_json(black_box(&sms)).expect("parses")));
    c.bench_function("json/evaluate_sms_string_to_string", |b| {
        b.iter(|| fairtouch::json::evaluate(&engine, black_box(&sms)).expect("evaluates"))
    });
    c.bench_function("engine/build_default_packs", |b| b.iter(|| Engine::new().expect("builds")));
    // Cost is linear in the text whatever it says: 1 MB of each shape, compared per byte.
    let mut large = c.benchmark_group("text_1mb");
    large.sample_size(10);
    for (name, attempt) in text_shapes::shapes(1_000_000) {
        large.bench_function(name, |b| b.iter(|| engine.evaluate(black_box(&attempt))));
    }
    large.finish();
}

criterion_group! {
    name = evaluate;
    config = Criterion::default().sample_size(60).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(evaluate);
