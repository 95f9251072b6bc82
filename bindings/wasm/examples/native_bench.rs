//! Native per-call cost of `evaluate`, for `benches/wasm_bench.mjs` to compare with the
//! WebAssembly build in the same run, in CPU time (see `now_ns`). Prints one JSON line.
//!
//! cargo run --release -p fairtouch-wasm --example native_bench -- benches/fixtures/sms_attempt.json [iterations]

use std::hint::black_box;

use fairtouch::{Attempt, Engine};

/// The CPU time this thread has used, in nanoseconds (Linux): on a machine shared with other
/// work, time spent waiting for a core is not counted, as `process.cpuUsage()` does not count it
/// in `wasm_bench.mjs`. Elsewhere, wall time.
#[cfg(target_os = "linux")]
fn now_ns() -> u128 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec; the clock id is Linux's.
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.sec as u128 * 1_000_000_000 + t.nsec as u128
}

#[cfg(not(target_os = "linux"))]
fn now_ns() -> u128 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos()
}

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
