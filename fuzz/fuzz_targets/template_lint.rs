//! Arbitrary template JSON → `Template::from_json` → `lint_template(&t, fixed_now)`: no panic,
//! exact spans in body and subject, deterministic lint, JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(template) = fairtouch::Template::from_json(text) else { return };
    fairtouch_fuzz::check_template(fairtouch_fuzz::engine(), &template, Some(text));
});
