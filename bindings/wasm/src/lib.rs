//! WebAssembly bindings of the fairtouch engine (wasm-bindgen).
//!
//! This crate is thin on purpose: it converts and delegates to `fairtouch`; no rule logic lives
//! here. Values cross the boundary as JSON strings (the JavaScript wrapper in `js/` checks that
//! JSON can carry the value as is, naming the path of what it cannot, then does `JSON.stringify`
//! on the way in, and `JSON.parse` on the way out): the engine's own strict parser
//! (`Attempt::from_json`, with JSON-path errors) reads them, and the verdict JSON is the very
//! text the Rust runner writes, so every binding gives byte-identical answers. It is also faster
//! and smaller than walking JavaScript objects from Rust (see `BENCH.md`).
//!
//! Errors are thrown as a JSON string `{"kind", "message", "path"?, "pack"?, "line"?, "rule"?}`
//! that the wrapper turns into a JavaScript `Error` with those properties. Every entry point
//! runs under `catch_unwind`; on `wasm32-unknown-unknown` (built with `panic=abort`) a panic
//! still traps, so a panic hook records its message first and the wrapper reports it through
//! [`take_panic_message`] as an `Error` of kind `panic`, never as an opaque `unreachable`.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once};

use fairtouch::{Attempt, Engine, EngineOptions, Error};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;

static PANIC_MESSAGE: Mutex<Option<String>> = Mutex::new(None);
static HOOK: Once = Once::new();

/// Records the message of a panic before the module traps, for [`take_panic_message`].
fn install_panic_hook() {
    HOOK.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_string());
            let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
            if let Ok(mut slot) = PANIC_MESSAGE.lock() {
                *slot = Some(format!("{message}{location}"));
            }
        }));
    });
}

/// The message of the last panic, once (the wrapper calls it after a trap).
#[wasm_bindgen(js_name = takePanicMessage)]
pub fn take_panic_message() -> Option<String> {
    PANIC_MESSAGE.lock().ok().and_then(|mut slot| slot.take())
}

/// The version of the fairtouch-wasm package.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose: lets the tests prove that a panic surfaces as a JavaScript `Error`.
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() -> Result<String, JsValue> {
    guard(|| -> Result<String, Error> { panic!("panic requested by the test suite") })
}

fn str_field(out: &mut String, key: &str, value: &str) {
    out.push(',');
    out.push_str(&serde_json::to_string(key).unwrap_or_default());
    out.push(':');
    out.push_str(&serde_json::to_string(value).unwrap_or_default());
}

/// The thrown value: a JSON object the wrapper turns into an `Error` with properties.
fn error_value(e: &Error, index: Option<usize>) -> JsValue {
    let mut out = String::from("{");
    out.push_str(&format!("\"kind\":{}", serde_json::to_string(e.kind().as_str()).unwrap_or_default()));
    str_field(&mut out, "message", &e.to_string());
    match e {
        Error::InvalidAttempt { path, .. } => str_field(&mut out, "path", path),
        Error::InvalidPack { pack, line, rule, .. } => {
            str_field(&mut out, "pack", pack);
            if let Some(line) = line {
                out.push_str(&format!(",\"line\":{line}"));
            }
            if let Some(rule) = rule {
                str_field(&mut out, "rule", rule);
            }
        }
        Error::Io { path, .. } => str_field(&mut out, "path", path),
        _ => {}
    }
    if let Some(i) = index {
        out.push_str(&format!(",\"index\":{i}"));
    }
    out.push('}');
    JsValue::from_str(&out)
}

fn to_js(e: Error) -> JsValue {
    error_value(&e, None)
}

/// Runs `f`, turning an error into a thrown value and a caught panic into an error of kind
/// `panic` (effective when the module is built with `panic=unwind`; with `panic=abort` the
/// hook and the wrapper take over).
fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, JsValue> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_js(e)),
        Err(_) => {
            let message = take_panic_message().unwrap_or_else(|| "panic".to_string());
            let message = serde_json::to_string(&format!("fairtouch panicked: {message}")).unwrap_or_default();
            Err(JsValue::from_str(&format!("{{\"kind\":\"panic\",\"message\":{message}}}")))
        }
    }
}

/// The engine, built once; every method takes and returns JSON text.
#[wasm_bindgen(js_name = RawEngine)]
pub struct RawEngine {
    engine: Engine,
}

#[wasm_bindgen(js_class = RawEngine)]
impl RawEngine {
    /// Builds an engine from options given as JSON: the engine's own `EngineOptions` format
    /// (`{"defaultPacks", "onlyPacks", "packs": [{"origin", "source"}], "overrides": [[rule, setting]]}`).
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<RawEngine, JsValue> {
        install_panic_hook();
        guard(|| Ok(RawEngine { engine: EngineOptions::from_json(options_json)?.build()? }))
    }

    /// Evaluates one attempt (JSON) and returns the verdict (JSON).
    pub fn evaluate(&self, attempt_json: &str) -> Result<String, JsValue> {
        guard(|| fairtouch::json::evaluate(&self.engine, attempt_json))
    }

    /// Evaluates a JSON array of attempts and returns a JSON array of verdicts. The first
    /// invalid attempt is an error that carries its `index`.
    #[wasm_bindgen(js_name = evaluateMany)]
    pub fn evaluate_many(&self, attempts_json: &str) -> Result<String, JsValue> {
        install_panic_hook();
        let items: Vec<&RawValue> = match serde_json::from_str(attempts_json) {
            Ok(items) => items,
            Err(e) => {
                let e =
                    Error::InvalidAttempt { path: "$".into(), message: format!("expected an array of attempts: {e}") };
                return Err(to_js(e));
            }
        };
        let mut out = String::with_capacity(items.len() * 1024 + 2);
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            let attempt = match Attempt::from_json(item.get()) {
                Ok(a) => a,
                Err(e) => return Err(error_value(&e, Some(i))),
            };
            let verdict = guard(|| Ok(self.engine.evaluate(&attempt).to_json()))?;
            if i > 0 {
                out.push(',');
            }
            out.push_str(&verdict);
        }
        out.push(']');
        Ok(out)
    }

    /// Lints a template (JSON); `now_ms` is the JavaScript clock (`Date.now()`), used when the
    /// template gives no `at`: the engine reads no clock of its own.
    #[wasm_bindgen(js_name = lintTemplate)]
    pub fn lint_template(&self, template_json: &str, now_ms: f64) -> Result<String, JsValue> {
        guard(|| {
            let now = jiff::Timestamp::from_millisecond(now_ms as i64).map_err(|e| {
                Error::InvalidOption(format!("now: {now_ms} is not a valid instant in milliseconds: {e}"))
            })?;
            fairtouch::json::lint_template(&self.engine, template_json, now)
        })
    }

    /// The next allowed window of an attempt (JSON), as JSON.
    #[wasm_bindgen(js_name = nextWindow)]
    pub fn next_window(&self, attempt_json: &str) -> Result<String, JsValue> {
        guard(|| fairtouch::json::next_window(&self.engine, attempt_json))
    }

    /// The loaded packs, as JSON.
    pub fn packs(&self) -> Result<String, JsValue> {
        guard(|| Ok(fairtouch::json::packs(&self.engine)))
    }

    /// The loaded rules (optionally of one pack), as JSON.
    pub fn rules(&self, pack: Option<String>) -> Result<String, JsValue> {
        guard(|| Ok(serde_json::to_string(&self.engine.rules(pack.as_deref())).unwrap_or_default()))
    }
}
