//! Evaluates the benchmark SMS in a loop, for profilers: `cargo run --release --example profile_sms [n]`.
//! `PROFILE_PARSE=1`: only `Attempt::from_json`; `PROFILE_JSON=1`: `json::evaluate` (text in and out).
fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../benches/fixtures/sms_attempt.json");
    let json = std::fs::read_to_string(path).expect("fixture");
    let attempt = fairtouch::Attempt::from_json(&json).expect("parses");
    let engine = match std::env::var("FAIRTOUCH_PACK") {
        Ok(p) => fairtouch::Engine::builder().default_packs(false).pack_file(p).expect("pack").build().expect("engine"),
        Err(_) => fairtouch::Engine::new().expect("engine"),
    };
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    if std::env::var_os("PROFILE_PARSE").is_some() {
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(fairtouch::Attempt::from_json(std::hint::black_box(&json)).expect("parses"));
        }
        println!("{n} parses, {:.0} ns each", start.elapsed().as_nanos() as f64 / n as f64);
        return;
    }
    if std::env::var_os("PROFILE_JSON").is_some() {
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(fairtouch::json::evaluate(&engine, std::hint::black_box(&json)).expect("evaluates"));
        }
        println!(
            "{n} JSON evaluations (text in, text out), {:.0} ns each",
            start.elapsed().as_nanos() as f64 / n as f64
        );
        return;
    }
    let start = std::time::Instant::now();
    let mut blocks = 0;
    for _ in 0..n {
        blocks += (engine.evaluate(std::hint::black_box(&attempt)).decision == fairtouch::Decision::Block) as usize;
    }
    let per = start.elapsed().as_nanos() as f64 / n as f64;
    println!("{n} evaluations, {per:.0} ns each ({blocks} blocked)");
}
