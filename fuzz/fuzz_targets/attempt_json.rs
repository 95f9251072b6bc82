//! Arbitrary bytes as attempt JSON: parsing never panics; what parses is evaluated and checked
//! (exact spans, JSON text in == parsed attempt in, round trip, next_allowed_at allowed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let engine = fairtouch_fuzz::engine();
    match fairtouch::Attempt::from_json(text) {
        Ok(attempt) => {
            fairtouch_fuzz::check_attempt(engine, &attempt, Some(text));
        }
        Err(e) => {
            assert!(e.path().is_some(), "an attempt error names a path: {e:?}");
            assert!(engine.evaluate_json(text).is_err());
        }
    }
});
