//! The benchmark SMS grown along one dimension, evaluated `n` times, for instruction counts of
//! `Engine::evaluate` alone (callgrind, stable on a busy machine):
//!
//! ```sh
//! cargo build --release --example scaling
//! valgrind --tool=callgrind --toggle-collect='fairtouch::engine::Engine::evaluate' \
//!     target/release/examples/scaling body 10 100     # dimension, factor, evaluations
//! ```
//!
//! Dimensions, each at a factor `k`:
//! - `body`: the body repeated `k` times (155 bytes each);
//! - `history`: the 20 history events repeated `k` times, each copy a week earlier than the last
//!   (so the windows of the caps see as many events as in the original);
//! - `packs`: the recipient also located in `k - 1` more states that have a pack (MA, WA, CA, FL,
//!   TX, NY), every location in the original time zone, so that only the number of applicable
//!   packs grows (not the candidate zones).

use fairtouch::{Attempt, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let dimension = args.next().unwrap_or_else(|| "body".to_string());
    let k: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../benches/fixtures/sms_attempt.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("JSON");
    match dimension.as_str() {
        "body" => {
            let body = json["body"].as_str().expect("body").to_string();
            json["body"] = vec![body; k].join(" ").into();
        }
        "history" => {
            let events = json["history"].as_array().expect("history").clone();
            let mut all = Vec::new();
            for week in 0..k {
                for e in &events {
                    let mut e = e.clone();
                    let at: jiff::Timestamp = e["at"].as_str().expect("at").parse().expect("instant");
                    let at = at - jiff::SignedDuration::from_hours(24 * 7 * week as i64);
                    e["at"] = at.to_string().into();
                    all.push(e);
                }
            }
            json["history"] = all.into();
        }
        "packs" => {
            let locations = json["recipient"]["locations"].as_array_mut().expect("locations");
            for region in ["MA", "WA", "CA", "FL", "TX", "NY"].iter().take(k - 1) {
                locations
                    .push(serde_json::json!({ "country": "US", "region": region, "time_zone": "America/Chicago" }));
            }
        }
        other => panic!("unknown dimension {other:?}: body, history or packs"),
    }
    let attempt = Attempt::from_json(&json.to_string()).expect("attempt");
    let engine = Engine::new().expect("engine");
    let mut verdict = engine.evaluate(&attempt);
    for _ in 1..n {
        verdict = engine.evaluate(std::hint::black_box(&attempt));
    }
    println!(
        "{dimension} x{k}: body {} bytes, {} history events, packs applied: {}; {:?}, {} findings; {n} evaluations",
        attempt.body.as_deref().map_or(0, str::len),
        attempt.history.len(),
        verdict.packs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(" "),
        verdict.decision,
        verdict.findings.len(),
    );
}
