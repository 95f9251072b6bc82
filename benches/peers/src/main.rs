//! The Rust side of the peers benchmark (benches/peers/README.md): per-call CPU time of
//! fairtouch (`Engine::evaluate` on a parsed attempt, `json::evaluate` on JSON text) and of the
//! same six core US checks in Rego run by regorus (input already a regorus `Value`, and from JSON
//! text), on benches/fixtures/sms_attempt.json; and the decisions of fairtouch and of the Rego
//! policy on every case of `cases()`, for run.sh to compare.
//!
//!   fairtouch-peers [--cases-out cases.jsonl] [--target-ms 40]   # prints one JSON object
//!   fairtouch-peers --rule-costs past,fired,verdict              # µs of each Rego rule alone
//!
//! Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), best of 7 rounds, the rounds of the
//! four paths interleaved: the machine is shared, and time spent waiting for a core is not counted.

use std::hint::black_box;
use std::io::Write;

use fairtouch::{Attempt, Engine};
use serde_json::{json, Value};

/// The fairtouch rules the peers implement (six checks; frequency, consent and the mini-Miranda
/// have two rules each in the pack).
pub const PEER_RULES: [&str; 9] = [
    "us.regf.inconvenient-time",
    "us.regf.call-frequency",
    "us.regf.electronic-frequency",
    "us.tcpa.prior-express-consent",
    "us.tcpa.revocation",
    "us.fdcpa.cease-communication",
    "us.fdcpa.threat-arrest",
    "us.fdcpa.mini-miranda-initial",
    "us.fdcpa.mini-miranda-subsequent",
];

const QUERY: &str = "data.fairtouch.us_core.verdict";

#[path = "../../../bindings/wasm/examples/support/cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::now_ns;

/// Best-of-7 CPU nanoseconds per call; each round runs about `target_ms` of CPU time.
fn per_call_ns(target_ms: u64, f: impl FnMut()) -> f64 {
    interleaved(target_ms, &mut [&mut { f }])[0]
}

/// Best-of-7 CPU nanoseconds per call of each function, their rounds interleaved (1, 2, 3, 1, 2,
/// 3, ...) so that a busier spell of the machine does not fall on one of them only.
fn interleaved(target_ms: u64, fs: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let iterations: Vec<u64> = fs
        .iter_mut()
        .map(|f| {
            let start = now_ns();
            let mut warm = 0u64;
            while now_ns() - start < u128::from(target_ms) * 1_000_000 / 4 || warm < 3 {
                f();
                warm += 1;
            }
            let once = (now_ns() - start) as f64 / warm as f64;
            ((target_ms as f64 * 1e6 / once) as u64).max(3)
        })
        .collect();
    let mut best = vec![f64::INFINITY; fs.len()];
    for _ in 0..7 {
        for (k, f) in fs.iter_mut().enumerate() {
            let t = now_ns();
            for _ in 0..iterations[k] {
                f();
            }
            best[k] = best[k].min((now_ns() - t) as f64 / iterations[k] as f64);
        }
    }
    best
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> Value {
    let path = root().join("benches/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The attempts on which the peers' decisions are compared with fairtouch's: the three fixtures
/// and variants of the SMS fixture that each trip one of the six checks.
fn cases() -> Vec<(&'static str, Value)> {
    let sms = fixture("sms_attempt.json");
    let with = |f: &dyn Fn(&mut Value)| {
        let mut a = sms.clone();
        f(&mut a);
        a
    };
    let outbound = |at: &str, channel: &str, outcome: &str| {
        json!({ "channel": channel, "direction": "outbound", "at": at, "debt_id": "D-1",
                "address": "+13125550100", "outcome": outcome })
    };
    vec![
        ("sms_attempt (fixture)", sms.clone()),
        ("email_attempt (fixture)", fixture("email_attempt.json")),
        ("history_500_attempt (fixture)", fixture("history_500_attempt.json")),
        ("sms at 21:30 Chicago", with(&|a| a["send_at"] = json!("2026-03-11T02:30:00Z"))),
        ("sms at 07:30 Chicago", with(&|a| a["send_at"] = json!("2026-03-10T12:30:00Z"))),
        (
            "sms threatening arrest",
            with(&|a| a["body"] = json!(format!("{} Pay today or you will be arrested.", a["body"].as_str().unwrap()))),
        ),
        (
            "sms after a STOP reply",
            with(&|a| {
                a["history"].as_array_mut().unwrap().push(json!({ "channel": "sms", "direction": "inbound",
                "at": "2026-03-09T16:00:00Z", "debt_id": "D-1", "address": "+13125550100", "body": "STOP" }))
            }),
        ),
        ("sms with no consent on record", with(&|a| a["recipient"]["consents"] = json!([]))),
        ("sms after a cease request", with(&|a| a["recipient"]["cease_requested_at"] = json!("2026-03-05T12:00:00Z"))),
        (
            "sms without 'debt collector'",
            with(&|a| {
                a["body"] = json!(
                    "Acme Recovery: your balance of $250.00 with Acme Bank is past due. Pay at \
                               acme.example/pay or call 800-555-0100. Reply STOP to opt out."
                )
            }),
        ),
        ("first sms without the full mini-Miranda", with(&|a| a["history"] = json!([]))),
        (
            "ninth text in 7 days",
            with(&|a| {
                let h = a["history"].as_array_mut().unwrap();
                for at in ["2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z", "2026-03-09T16:00:00Z"] {
                    h.push(outbound(at, "sms", "delivered"));
                }
            }),
        ),
        (
            "eighth call in 7 days",
            with(&|a| {
                a["channel"] = json!("voice");
                a["automated"] = json!(false);
                a["body"] = json!("This is Acme Recovery, a debt collector. Please call us back at 800-555-0100.");
                let h = a["history"].as_array_mut().unwrap();
                for at in ["2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z", "2026-03-09T16:00:00Z"] {
                    h.push(outbound(at, "voice", "no_answer"));
                }
            }),
        ),
    ]
}

/// fairtouch's decision, and which of the peers' rules fired.
fn fairtouch_outcome(engine: &Engine, attempt: &Attempt) -> Value {
    let v = engine.evaluate(attempt);
    let mut rules: Vec<&str> = v.findings.iter().map(|f| f.rule.as_str()).filter(|r| PEER_RULES.contains(r)).collect();
    rules.sort_unstable();
    rules.dedup();
    let others: Vec<String> = v
        .findings
        .iter()
        .filter(|f| !PEER_RULES.contains(&f.rule.as_str()))
        .map(|f| format!("{} ({})", f.rule, f.severity.as_str()))
        .collect();
    json!({ "decision": v.decision.as_str(), "rules": rules, "other_findings": others })
}

fn rego_outcome(rego: &mut regorus::Engine, input: regorus::Value) -> Value {
    rego.set_input(input);
    let out = rego.eval_rule(QUERY.to_string()).expect("the policy evaluates");
    serde_json::from_str(&out.to_json_str().expect("verdict as JSON")).expect("JSON")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut cases_out = None;
    let mut target_ms = 40u64;
    let mut rule_costs: Option<String> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cases-out" => cases_out = args.next(),
            "--target-ms" => target_ms = args.next().and_then(|s| s.parse().ok()).expect("--target-ms N"),
            "--rule-costs" => rule_costs = args.next(),
            other => panic!("unknown argument {other}"),
        }
    }

    let engine = Engine::new().expect("default packs");
    let policy_path = root().join("benches/peers/policy/us_core.rego");
    let policy = std::fs::read_to_string(&policy_path).expect("policy");
    let mut rego = regorus::Engine::new();
    rego.add_policy("us_core.rego".to_string(), policy).expect("the policy compiles");

    if let Some(rules) = rule_costs {
        // Where the Rego time goes: each rule of the policy alone (with what it depends on).
        let text = fixture("sms_attempt.json").to_string();
        let value = regorus::Value::from_json_str(&text).expect("JSON");
        for rule in rules.split(',') {
            let path = format!("data.fairtouch.us_core.{rule}");
            let ns = per_call_ns(target_ms, || {
                rego.set_input(value.clone());
                black_box(rego.eval_rule(path.clone()).expect("evaluates"));
            });
            eprintln!("{rule:>20}: {:8.1} µs", ns / 1000.0);
        }
        return;
    }

    // Decisions on every case.
    let mut results = Vec::new();
    let mut out = cases_out.map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("cases file")));
    for (name, attempt_json) in cases() {
        let text = attempt_json.to_string();
        let attempt = Attempt::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let fairtouch = fairtouch_outcome(&engine, &attempt);
        let rego_value = rego_outcome(&mut rego, regorus::Value::from_json_str(&text).expect("JSON"));
        if let Some(w) = out.as_mut() {
            writeln!(w, "{}", json!({ "name": name, "attempt": attempt_json, "fairtouch": fairtouch })).unwrap();
        }
        results.push(json!({ "name": name, "fairtouch": fairtouch, "rego": rego_value }));
    }
    drop(out);

    // Per-call CPU time on the SMS fixture.
    let text = fixture("sms_attempt.json").to_string();
    let attempt = Attempt::from_json(&text).expect("fixture");
    let value = regorus::Value::from_json_str(&text).expect("JSON");
    let rego = std::cell::RefCell::new(rego);
    let ns = interleaved(
        target_ms,
        &mut [
            &mut || {
                black_box(engine.evaluate(black_box(&attempt)));
            },
            &mut || {
                black_box(fairtouch::json::evaluate(&engine, black_box(&text)).expect("evaluates"));
            },
            &mut || {
                let mut rego = rego.borrow_mut();
                rego.set_input(black_box(value.clone()));
                black_box(rego.eval_rule(QUERY.to_string()).expect("evaluates"));
            },
            &mut || {
                let mut rego = rego.borrow_mut();
                rego.set_input_json(black_box(&text)).expect("JSON");
                black_box(rego.eval_rule(QUERY.to_string()).expect("evaluates"));
            },
        ],
    );
    let [evaluate, json_evaluate, rego_value, rego_json] = ns[..] else { unreachable!() };
    let report = json!({
        "clock": "thread CPU time, best of 7 interleaved rounds",
        "ns": {
            "evaluate": evaluate,
            "json_evaluate": json_evaluate,
            "regorus_value": rego_value,
            "regorus_json": rego_json,
        },
        "cases": results,
    });
    println!("{report}");
}
