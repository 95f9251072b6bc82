//! Native per-call cost of `evaluate`, for `benches/wasm_bench.mjs` to compare with the
//! WebAssembly build in the same run, in CPU time (see `now_ns`). Prints one JSON line.
//!
//! cargo run --release -p fairtouch-wasm --example native_bench -- benches/fixtures/sms_attempt.json [iterations]

use std::hint::black_box;

use fairtouch::{Attempt, Engine};

#[path = "support/cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::now_ns;

fn per_call_ns(iterations: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..iterations / 10 + 1 {
        f();
    }
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = now_ns();
        for _ in 0..iterations {
            f();
        }
        best = best.min((now_ns() - start) as f64 / iterations as f64);
    }
    best
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "benches/fixtures/sms_attempt.json".to_string());
    let iterations: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let engine = Engine::new().expect("default packs");
    let attempt = Attempt::from_json(&json).expect("valid attempt");
    let evaluate = per_call_ns(iterations, || {
        black_box(engine.evaluate(black_box(&attempt)));
    });
    let json_in_out = per_call_ns(iterations, || {
        black_box(fairtouch::json::evaluate(&engine, black_box(&json)).unwrap());
    });
    let from_json = per_call_ns(iterations, || {
        black_box(Attempt::from_json(black_box(&json)).unwrap());
    });
    let decision = engine.evaluate(&attempt).decision;
    println!(
        "{{\"evaluate_ns\":{evaluate:.1},\"json_in_out_ns\":{json_in_out:.1},\"from_json_ns\":{from_json:.1},\"iterations\":{iterations},\"decision\":\"{decision}\"}}"
    );
}
