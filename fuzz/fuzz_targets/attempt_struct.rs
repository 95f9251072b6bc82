//! Structure-aware attempts (see `fairtouch_fuzz::shapes`): valid in shape, so they must parse;
//! their adversarial texts exercise the content rules, spans and the time rules.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(value) = fairtouch_fuzz::attempt(&mut u) else { return };
    let text = serde_json::to_string(&value).expect("serialises");
    let attempt = fairtouch::Attempt::from_json(&text)
        .unwrap_or_else(|e| panic!("a valid-shaped attempt is rejected: {e}\n{text}"));
    let from_value = fairtouch::Attempt::from_value(value).expect("from_value agrees with from_json");
    assert_eq!(from_value, attempt, "from_value and from_json disagree");
    fairtouch_fuzz::check_attempt(fairtouch_fuzz::engine(), &attempt, Some(&text));
});
