//! The Python module `fairtouch._fairtouch`: a thin layer over the `fairtouch` engine crate.
//!
//! It converts Python objects to the engine's types (a dict is deserialized straight into an
//! `Attempt` or a `Template`: see [`de`]), engine results back to Python, and delegates every
//! decision to the engine. No rule logic lives here. Every entry point runs inside
//! [`guard`], so a Rust panic reaches Python as `fairtouch.InternalError` (a `FairtouchError`),
//! never as pyo3's `PanicException`.

mod de;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use fairtouch::{Attempt, Severity, Template};
use jiff::Timestamp;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use crate::de::{datetime_type, type_name, utc};

// ---------------------------------------------------------------------------------------------
// Errors

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let m = ERRORS.get_or_try_init(py, || py.import("fairtouch._errors").map(Bound::unbind))?;
    m.bind(py).getattr(name)
}

fn raise(
    py: Python<'_>,
    class: &str,
    args: impl for<'a> FnOnce(&Bound<'a, PyAny>) -> PyResult<Bound<'a, PyAny>>,
) -> PyErr {
    match error_class(py, class).and_then(|c| args(&c)) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// Maps an engine error to the matching `fairtouch` exception.
fn engine_error(py: Python<'_>, e: fairtouch::Error) -> PyErr {
    use fairtouch::Error as E;
    match e {
        E::InvalidAttempt { path, message } => invalid_attempt(py, &path, &message),
        E::InvalidPack { pack, line, rule, message } => {
            raise(py, "InvalidPack", |c| c.call1((pack, message, line, rule)))
        }
        E::InvalidOption(message) => raise(py, "InvalidOption", |c| c.call1((message,))),
        E::Io { path, message } => raise(py, "PackFileError", |c| c.call1((path, message))),
        #[allow(unreachable_patterns)]
        other => raise(py, "FairtouchError", |c| c.call1((other.to_string(),))),
    }
}

fn invalid_attempt(py: Python<'_>, path: &str, message: &str) -> PyErr {
    raise(py, "InvalidAttempt", |c| c.call1((path, message)))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

fn internal_error(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let msg = format!("internal error in fairtouch (please report it): {}", panic_message(payload));
    raise(py, "InternalError", |c| c.call1((msg,)))
}

/// Runs `f`, turning a Rust panic into `fairtouch.InternalError`.
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(internal_error(py, &*payload)),
    }
}

// ---------------------------------------------------------------------------------------------
// Python -> engine types (see `de`: no intermediate JSON value, bounded depth, no cycles)

/// JSON text given as `str` or `bytes`, parsed by the engine; `None` for anything else.
fn json_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(s) = obj.cast::<PyString>() {
        if let Some(text) = de::utf8_of(s) {
            return Ok(Some(text.to_string()));
        }
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(s) => Ok(Some(s.to_string())),
            Err(e) => Err(invalid_attempt(obj.py(), "$", &format!("invalid JSON: not UTF-8: {e}"))),
        };
    }
    Ok(None)
}

/// Deserializes a dict (or other mapping) straight into an engine type, failing with the JSON
/// path of the first bad value.
fn from_mapping<T: serde::de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> PyResult<T> {
    let py = obj.py();
    if !de::is_mapping(obj)? {
        return Err(invalid_attempt(
            py,
            "$",
            &format!("expected a dict or a JSON str, not a Python {}", de::type_name(obj)),
        ));
    }
    de::from_py(obj).map_err(|(path, message)| invalid_attempt(py, &path, &message))
}

/// An attempt to evaluate: JSON text still to parse (which needs no GIL), or already converted.
enum Pending {
    Json(String),
    Ready(Box<Attempt>),
}

impl Pending {
    fn new(obj: &Bound<'_, PyAny>) -> PyResult<Pending> {
        if let Some(json) = json_text(obj)? {
            return Ok(Pending::Json(json));
        }
        let attempt: Attempt = from_mapping(obj)?;
        // What serde cannot check (sizes, relations between fields), as `Attempt::from_json` does.
        attempt.validate().map_err(|e| engine_error(obj.py(), e))?;
        Ok(Pending::Ready(Box::new(attempt)))
    }

    fn attempt(self) -> Result<Attempt, fairtouch::Error> {
        match self {
            Pending::Json(json) => Attempt::from_json(&json),
            Pending::Ready(attempt) => Ok(*attempt),
        }
    }
}

/// What `evaluate_many` gets for one item: nothing (it failed to convert), a panic's message, or
/// the engine's answer.
type Outcome = Option<Result<Result<fairtouch::Verdict, fairtouch::Error>, String>>;

/// The fewest items worth a thread of their own (a thread costs tens of microseconds to start,
/// an attempt about ten).
const MIN_ITEMS_PER_THREAD: usize = 64;

/// Parses and evaluates `pending` (without the GIL), on as many threads as the machine has cores
/// and there are runs of [`MIN_ITEMS_PER_THREAD`] items: each thread takes one contiguous run, so
/// the outcomes come back in the order of the items.
fn evaluate_all(engine: &fairtouch::Engine, pending: Vec<Option<Pending>>) -> Vec<Outcome> {
    let one = |p: Option<Pending>| -> Outcome {
        p.map(|p| {
            catch_unwind(AssertUnwindSafe(|| p.attempt().map(|a| engine.evaluate(&a))))
                .map_err(|payload| panic_message(&*payload))
        })
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(pending.len() / MIN_ITEMS_PER_THREAD).max(1);
    if threads == 1 {
        return pending.into_iter().map(one).collect();
    }
    let run = pending.len().div_ceil(threads);
    let mut items = pending.into_iter();
    let runs: Vec<Vec<Option<Pending>>> = (0..threads).map(|_| items.by_ref().take(run).collect()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|run| scope.spawn(move || run.into_iter().map(one).collect::<Vec<Outcome>>()))
            .collect();
        // Every item's panic is caught above; a thread that still failed re-raises here (and
        // `guard` turns it into an InternalError).
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload)))
            .collect()
    })
}

fn to_attempt(obj: &Bound<'_, PyAny>) -> PyResult<Attempt> {
    Pending::new(obj)?.attempt().map_err(|e| engine_error(obj.py(), e))
}

fn to_template(obj: &Bound<'_, PyAny>) -> PyResult<Template> {
    let py = obj.py();
    if let Some(json) = json_text(obj)? {
        return Template::from_json(&json).map_err(|e| engine_error(py, e));
    }
    let template: Template = from_mapping(obj)?;
    template.validate().map_err(|e| engine_error(py, e))?;
    Ok(template)
}

// ---------------------------------------------------------------------------------------------
// JSON value / engine types -> Python

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A serialisable engine value as plain Python objects, keys in the JSON's order.
fn serialize_to_py<'py, T: serde::Serialize>(py: Python<'py>, t: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(t).map_err(|e| raise(py, "FairtouchError", |c| c.call1((e.to_string(),))))?;
    let loads = JSON_LOADS.get_or_try_init(py, || Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind()))?;
    loads.bind(py).call1((json,))
}

/// An aware `datetime` in UTC.
fn timestamp_to_py<'py>(py: Python<'py>, t: Timestamp) -> PyResult<Bound<'py, PyAny>> {
    let dt = jiff::tz::Offset::UTC.to_datetime(t);
    let datetime = datetime_type(py)?;
    datetime.call1((
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.subsec_nanosecond() / 1000,
        utc(py)?,
    ))
}

fn opt_timestamp_to_py<'py>(py: Python<'py>, t: Option<Timestamp>) -> PyResult<Option<Bound<'py, PyAny>>> {
    t.map(|t| timestamp_to_py(py, t)).transpose()
}

fn json_of<T: serde::Serialize>(t: &T, indent: Option<usize>) -> String {
    match indent {
        None => serde_json::to_string(t).unwrap_or_default(),
        Some(n) => {
            let pad = " ".repeat(n);
            let mut out = Vec::new();
            let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            if t.serialize(&mut ser).is_err() {
                return String::new();
            }
            String::from_utf8(out).unwrap_or_default()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Result classes

/// The offending words of a finding, in the original text.
#[pyclass(frozen, module = "fairtouch", name = "Span", eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
struct PySpan {
    inner: fairtouch::Span,
}

#[pymethods]
impl PySpan {
    /// Byte offset (UTF-8) of the first byte.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }
    /// Byte offset (UTF-8) after the last byte.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }
    /// UTF-16 offset of the first code unit (for JavaScript strings).
    #[getter]
    fn start_utf16(&self) -> usize {
        self.inner.start_utf16
    }
    /// UTF-16 offset after the last code unit.
    #[getter]
    fn end_utf16(&self) -> usize {
        self.inner.end_utf16
    }
    /// The original text of the span: `body.encode()[start:end].decode()`.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }
    /// `body` or `subject`.
    #[getter]
    fn field(&self) -> &str {
        &self.inner.field
    }
    /// The span as a dict of the JSON interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    /// The span as JSON (`indent`: pretty-print with that many spaces).
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        json_of(&self.inner, indent)
    }
    fn __repr__(&self) -> String {
        format!(
            "Span(start={}, end={}, text={:?}, field={:?})",
            self.inner.start, self.inner.end, self.inner.text, self.inner.field
        )
    }
}

/// One rule's finding.
#[pyclass(frozen, module = "fairtouch", name = "Finding", eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
struct PyFinding {
    inner: fairtouch::Finding,
}

#[pymethods]
impl PyFinding {
    /// The id of the rule that fired, e.g. `us.fdcpa.threat-arrest`.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }
    /// The id of the pack the rule is in, e.g. `us-federal`.
    #[getter]
    fn pack(&self) -> &str {
        &self.inner.pack
    }
    /// What the finding is about, e.g. `contact_window`, `banned_content`, `consent`.
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.as_str()
    }
    /// `info`, `warn` or `block`, after overrides.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    /// The legal citation, e.g. `15 USC 1692e(4)`.
    #[getter]
    fn citation(&self) -> &str {
        &self.inner.citation
    }
    /// What is wrong, in plain language.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// The offending words (`Span`), when the finding is about the text; else `None`.
    #[getter]
    fn span(&self) -> Option<PySpan> {
        self.inner.span.clone().map(|inner| PySpan { inner })
    }
    /// When time alone would cure this finding (aware UTC `datetime`), else `None`.
    #[getter]
    fn retry_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.retry_at)
    }
    /// The finding as a dict of the JSON interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    /// The finding as JSON (`indent`: pretty-print with that many spaces).
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        json_of(&self.inner, indent)
    }
    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, severity={:?}, category={:?}, message={:?})",
            self.inner.rule,
            self.inner.severity.as_str(),
            self.inner.category.as_str(),
            self.inner.message
        )
    }
}

/// A pack's identity, as recorded in a verdict.
#[pyclass(frozen, module = "fairtouch", name = "PackRef", eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
struct PyPackRef {
    inner: fairtouch::PackRef,
}

#[pymethods]
impl PyPackRef {
    /// The pack id, e.g. `us-federal`.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// The pack version, e.g. `2026.11.0`.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }
    /// `sha256:` digest of the pack source, so a verdict names exactly the law it applied.
    #[getter]
    fn digest(&self) -> &str {
        &self.inner.digest
    }
    /// The pack reference as a dict of the JSON interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("PackRef(id={:?}, version={:?}, digest={:?})", self.inner.id, self.inner.version, self.inner.digest)
    }
}

/// An override in force in the engine, as recorded in a verdict.
#[pyclass(frozen, module = "fairtouch", name = "Override", eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
struct PyOverride {
    inner: fairtouch::OverrideRecord,
}

#[pymethods]
impl PyOverride {
    /// The id of the rule overridden.
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }
    /// `severity` or `disabled`.
    #[getter]
    fn action(&self) -> &str {
        &self.inner.action
    }
    /// The pack's own severity (`from` in JSON).
    #[getter]
    #[allow(clippy::wrong_self_convention)] // a Python attribute name, not a conversion
    fn from_severity(&self) -> &'static str {
        self.inner.from.as_str()
    }
    /// The severity in force (`to` in JSON); `None` for a disabled rule.
    #[getter]
    fn to_severity(&self) -> Option<&'static str> {
        self.inner.to.map(Severity::as_str)
    }
    /// The override as a dict of the JSON interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!("Override(rule={:?}, action={:?})", self.inner.rule, self.inner.action)
    }
}

/// The engine's answer.
#[pyclass(frozen, module = "fairtouch", name = "Verdict", eq, skip_from_py_object)]
#[derive(PartialEq)]
struct PyVerdict {
    inner: fairtouch::Verdict,
}

#[pymethods]
impl PyVerdict {
    /// Reads a verdict stored as JSON (for replaying evidence).
    #[staticmethod]
    fn from_json(py: Python<'_>, json: &str) -> PyResult<PyVerdict> {
        guard(py, || match serde_json::from_str::<fairtouch::Verdict>(json) {
            Ok(inner) => Ok(PyVerdict { inner }),
            Err(e) => Err(raise(py, "FairtouchError", |c| c.call1((format!("not a verdict: {e}"),)))),
        })
    }
    /// `allow`, `warn` or `block`: `block` if any finding blocks, else `warn` if any warns.
    #[getter]
    fn decision<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        match self.inner.decision {
            fairtouch::Decision::Allow => pyo3::intern!(py, "allow").clone(),
            fairtouch::Decision::Warn => pyo3::intern!(py, "warn").clone(),
            fairtouch::Decision::Block => pyo3::intern!(py, "block").clone(),
        }
    }
    /// What the rules found: a list of `Finding`, in order.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .findings
            .iter()
            .map(|f| Bound::new(py, PyFinding { inner: f.clone() }))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    /// The earliest instant at or after `send_at` at which the message may go (aware UTC
    /// `datetime`); `send_at` itself when it may go now, `None` when time alone will not
    /// cure the block.
    #[getter]
    fn next_allowed_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.next_allowed_at)
    }
    /// The recipient's candidate time zones the contact windows were checked in (IANA names).
    #[getter]
    fn time_zones(&self) -> Vec<String> {
        self.inner.time_zones.clone()
    }
    /// The jurisdictions that applied, e.g. `["US", "US-IL"]`.
    #[getter]
    fn jurisdictions(&self) -> Vec<String> {
        self.inner.jurisdictions.clone()
    }
    /// The packs that applied: a list of `PackRef` (id, version, digest).
    #[getter]
    fn packs(&self) -> Vec<PyPackRef> {
        self.inner.packs.iter().map(|p| PyPackRef { inner: p.clone() }).collect()
    }
    /// The overrides in force in the engine: a list of `Override`.
    #[getter]
    fn overrides(&self) -> Vec<PyOverride> {
        self.inner.overrides.iter().map(|o| PyOverride { inner: o.clone() }).collect()
    }
    /// The ids of the rules that produced findings, in order, without repeats.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner.rule_ids().into_iter().map(str::to_string).collect()
    }
    /// The verdict in the JSON interchange form (timestamps as RFC 3339 strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    /// The verdict as JSON, byte for byte what the Rust engine gives.
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        match indent {
            None => self.inner.to_json(),
            Some(_) => json_of(&self.inner, indent),
        }
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = slf.get_type().getattr("from_json")?;
        Ok((from_json, (slf.get().inner.to_json(),)))
    }
    fn __repr__(&self) -> String {
        let rules = self.inner.rule_ids().join(", ");
        match self.inner.next_allowed_at {
            Some(t) => format!(
                "<Verdict {} [{}] next_allowed_at={}>",
                self.inner.decision.as_str(),
                rules,
                fairtouch::format_instant(t)
            ),
            None => format!("<Verdict {} [{}]>", self.inner.decision.as_str(), rules),
        }
    }
}

/// The answer of `Engine.next_window`.
#[pyclass(frozen, module = "fairtouch", name = "NextWindow", skip_from_py_object)]
struct PyNextWindow {
    inner: fairtouch::NextWindow,
}

#[pymethods]
impl PyNextWindow {
    /// The earliest instant at or after `send_at` at which nothing blocks (aware UTC
    /// `datetime`), or `None` when time alone will not cure the block.
    #[getter]
    fn next_allowed_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.next_allowed_at)
    }
    /// That instant in each candidate zone: `{zone: aware datetime with the zone's offset}`.
    #[getter]
    fn local<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let datetime = datetime_type(py)?;
        let out = PyDict::new(py);
        for l in &self.inner.local {
            out.set_item(&l.time_zone, datetime.call_method1("fromisoformat", (&l.local,))?)?;
        }
        Ok(out)
    }
    /// The rules that block at `send_at`.
    #[getter]
    fn blocking(&self) -> Vec<String> {
        self.inner.blocking.clone()
    }
    /// The answer as a dict of the JSON interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    /// The answer as JSON (`indent`: pretty-print with that many spaces).
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        json_of(&self.inner, indent)
    }
    fn __repr__(&self) -> String {
        match self.inner.next_allowed_at {
            Some(t) => format!("<NextWindow {}>", fairtouch::format_instant(t)),
            None => format!("<NextWindow never; blocking: {}>", self.inner.blocking.join(", ")),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The engine

/// The compliance engine: built once from packs and overrides, immutable, safe to share
/// between threads.
#[pyclass(frozen, module = "fairtouch", name = "Engine", skip_from_py_object)]
struct PyEngine {
    inner: fairtouch::Engine,
    description: String,
}

fn pack_origin(i: usize) -> String {
    format!("packs[{i}]")
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (packs=None, *, default_packs=true, overrides=None, only_packs=None))]
    fn new(
        py: Python<'_>,
        packs: Option<&Bound<'_, PyAny>>,
        default_packs: bool,
        overrides: Option<&Bound<'_, PyAny>>,
        only_packs: Option<Vec<String>>,
    ) -> PyResult<PyEngine> {
        guard(py, || {
            // The engine's own options: this only translates Python's spelling into them.
            let mut options = fairtouch::EngineOptions { default_packs, only_packs, ..Default::default() };
            let mut added = 0usize;
            if let Some(packs) = packs {
                if packs.is_instance_of::<PyString>() {
                    return Err(raise(py, "InvalidOption", |c| {
                        c.call1(("packs must be a list of paths or TOML sources, not a single str",))
                    }));
                }
                for (i, item) in packs.try_iter()?.enumerate() {
                    let item = item?;
                    added += 1;
                    let source = if let Ok(s) = item.cast::<PyString>() {
                        let s = s.to_cow()?;
                        // A string with a line break is TOML source; otherwise it is a path.
                        if s.contains('\n') {
                            fairtouch::PackSource::Text { origin: Some(pack_origin(i)), source: s.into_owned() }
                        } else {
                            fairtouch::PackSource::File { path: s.as_ref().into() }
                        }
                    } else if item.hasattr("__fspath__")? {
                        fairtouch::PackSource::File { path: item.extract()? }
                    } else {
                        return Err(raise(py, "InvalidOption", |c| {
                            c.call1((format!(
                                "packs[{i}]: expected a path (str or os.PathLike) or TOML source (str), not a Python {}",
                                type_name(&item)
                            ),))
                        }));
                    };
                    options.packs.push(source);
                }
            }
            if let Some(ov) = overrides {
                let ov = ov.cast::<PyDict>().map_err(|_| {
                    raise(py, "InvalidOption", |c| {
                        c.call1(("overrides must be a dict {rule id: severity or \"off\"}",))
                    })
                })?;
                for (k, v) in ov.iter() {
                    let rule: String = k
                        .extract()
                        .map_err(|_| raise(py, "InvalidOption", |c| c.call1(("overrides: rule ids must be str",))))?;
                    // Only a str names a setting: True, False and None are errors, never skipped.
                    let setting = v.cast::<PyString>().map_err(|_| {
                        raise(py, "InvalidOption", |c| {
                            c.call1((format!(
                                "override of {rule:?}: expected {}, not a Python {}",
                                fairtouch::Override::SETTINGS,
                                type_name(&v)
                            ),))
                        })
                    })?;
                    options.add_override(rule, &setting.to_cow()?).map_err(|e| engine_error(py, e))?;
                }
            }
            let n_overrides = options.overrides.len();
            let inner = py.detach(|| options.build()).map_err(|e| engine_error(py, e))?;
            let n_packs = inner.packs().len();
            let description = format!(
                "<Engine {} packs ({}{} added), {} overrides>",
                n_packs,
                if default_packs { "defaults + " } else { "" },
                added,
                n_overrides
            );
            Ok(PyEngine { inner, description })
        })
    }

    /// Evaluates one attempt (a dict in the JSON interchange format, or a JSON str).
    fn evaluate(&self, py: Python<'_>, attempt: &Bound<'_, PyAny>) -> PyResult<PyVerdict> {
        guard(py, || {
            let attempt = to_attempt(attempt)?;
            let inner = self.inner.evaluate(&attempt);
            Ok(PyVerdict { inner })
        })
    }

    /// Evaluates many attempts in one call, with the GIL released while the engine runs.
    #[pyo3(signature = (attempts, *, return_exceptions=false))]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        attempts: &Bound<'py, PyAny>,
        return_exceptions: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            // Convert the Python objects while holding the GIL (a panic fails only its item) ...
            let mut pending: Vec<Option<Pending>> = Vec::new();
            let mut errors: Vec<Option<PyErr>> = Vec::new();
            for (i, item) in attempts.try_iter()?.enumerate() {
                let item = item?;
                match guard(py, || Pending::new(&item)) {
                    Ok(p) => {
                        pending.push(Some(p));
                        errors.push(None);
                    }
                    Err(e) => {
                        let e = with_index(py, e, i);
                        if !return_exceptions {
                            return Err(e);
                        }
                        pending.push(None);
                        errors.push(Some(e));
                    }
                }
            }
            // ... then parse the JSON ones and evaluate them all without it, on every core.
            let engine = &self.inner;
            let results: Vec<Outcome> = py.detach(|| evaluate_all(engine, pending));
            let out = PyList::empty(py);
            for (i, (r, e)) in results.into_iter().zip(errors).enumerate() {
                let err = match (r, e) {
                    (Some(Ok(Ok(inner))), _) => {
                        out.append(Bound::new(py, PyVerdict { inner })?)?;
                        continue;
                    }
                    (Some(Ok(Err(e))), _) => with_index(py, engine_error(py, e), i),
                    (Some(Err(panic)), _) => with_index(
                        py,
                        raise(py, "InternalError", |c| {
                            c.call1((format!("internal error in fairtouch (please report it): {panic}"),))
                        }),
                        i,
                    ),
                    (None, Some(e)) => e,
                    (None, None) => unreachable!("an attempt not converted has its error"),
                };
                if !return_exceptions {
                    return Err(err);
                }
                let item = err.into_value(py).into_bound(py).into_any();
                out.append(item)?;
            }
            Ok(out)
        })
    }

    /// Lints a message template (dict or JSON str): the content rules that would apply to it.
    fn lint_template(&self, py: Python<'_>, template: &Bound<'_, PyAny>) -> PyResult<PyVerdict> {
        guard(py, || {
            let template = to_template(template)?;
            // The engine reads no clock: the host's clock stands for a missing `at`.
            let verdict = self.inner.lint_template(&template, Timestamp::now()).map_err(|e| engine_error(py, e))?;
            Ok(PyVerdict { inner: verdict })
        })
    }

    /// The next instant the attempt would be allowed, in UTC and in each candidate zone.
    fn next_window(&self, py: Python<'_>, attempt: &Bound<'_, PyAny>) -> PyResult<PyNextWindow> {
        guard(py, || {
            let attempt = to_attempt(attempt)?;
            Ok(PyNextWindow { inner: self.inner.next_window(&attempt) })
        })
    }

    /// The packs loaded, as dicts.
    fn packs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize_to_py(py, &self.inner.packs()))
    }

    /// The rules loaded (of one pack, or all), as dicts.
    #[pyo3(signature = (pack=None))]
    fn rules<'py>(&self, py: Python<'py>, pack: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || serialize_to_py(py, &self.inner.rules(pack)))
    }

    fn __repr__(&self) -> String {
        self.description.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Audit of a log, for Arrow batches and Spark (the engine's `audit` module does the work)

/// Judges the lines of a log given in (recipient, time, line) order, batch after batch: a
/// recipient's lines may span batches. The history of each recipient is built by the engine's
/// `fairtouch::audit::Auditor`, exactly as `fairtouch audit` builds it.
#[pyclass(module = "fairtouch", name = "Auditor")]
struct PyAuditor {
    engine: Py<PyEngine>,
    inner: fairtouch::audit::Auditor,
}

#[pymethods]
impl PyAuditor {
    #[new]
    fn new(engine: Py<PyEngine>) -> PyAuditor {
        let inner = fairtouch::audit::Auditor::new(&engine.get().inner);
        PyAuditor { engine, inner }
    }

    /// Takes the next log lines (JSON text) with their line numbers, in (recipient, time, line)
    /// order, and returns the messages' verdicts as columns: `line`, `id`, `campaign`,
    /// `decision`, `verdict` (the verdict line of `fairtouch audit`, JSON), and the invalid lines
    /// as `error_line`, `error_path`, `error_message`. Blank lines are skipped. The GIL is released
    /// while it judges.
    fn push<'py>(&mut self, py: Python<'py>, lines: Vec<String>, numbers: Vec<u64>) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            if lines.len() != numbers.len() {
                return Err(raise(py, "InvalidOption", |c| c.call1(("lines and numbers differ in length",))));
            }
            let engine = self.engine.get();
            let auditor = &mut self.inner;
            type Row = (u64, String, Option<String>, &'static str, String);
            let (rows, errors): (Vec<Row>, Vec<(u64, String, String)>) = py.detach(|| {
                let mut rows = Vec::new();
                let mut errors = Vec::new();
                for (text, n) in lines.iter().zip(&numbers) {
                    // Blank lines are skipped, as `fairtouch audit` skips them.
                    if text.bytes().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    match fairtouch::audit::Entry::parse(*n, text) {
                        Ok(entry) => {
                            if let Some(a) = auditor.push(&engine.inner, entry) {
                                let json = a.to_json();
                                rows.push((a.line, a.id, a.campaign, a.verdict.decision.as_str(), json));
                            }
                        }
                        Err(fairtouch::Error::InvalidAttempt { path, message }) => errors.push((*n, path, message)),
                        Err(e) => errors.push((*n, "$".to_string(), e.to_string())),
                    }
                }
                (rows, errors)
            });
            let out = PyDict::new(py);
            out.set_item("line", rows.iter().map(|r| r.0).collect::<Vec<_>>())?;
            out.set_item("id", rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>())?;
            out.set_item("campaign", rows.iter().map(|r| r.2.as_deref()).collect::<Vec<_>>())?;
            out.set_item("decision", rows.iter().map(|r| r.3).collect::<Vec<_>>())?;
            out.set_item("verdict", rows.iter().map(|r| r.4.as_str()).collect::<Vec<_>>())?;
            out.set_item("error_line", errors.iter().map(|e| e.0).collect::<Vec<_>>())?;
            out.set_item("error_path", errors.iter().map(|e| e.1.as_str()).collect::<Vec<_>>())?;
            out.set_item("error_message", errors.iter().map(|e| e.2.as_str()).collect::<Vec<_>>())?;
            Ok(out)
        })
    }
}

/// The recipient and instant of each log line, for partitioning and sorting a log: a list of
/// (canonical recipient address or None, nanoseconds since the epoch or None). A line that cannot
/// be routed gets (None, None); `Auditor.push` then reports why.
#[pyfunction]
fn _route_lines(py: Python<'_>, lines: Vec<String>) -> PyResult<Vec<(Option<String>, Option<i64>)>> {
    guard(py, || {
        Ok(py.detach(|| {
            lines
                .iter()
                .map(|l| match fairtouch::audit::route(l) {
                    Ok(r) => (r.recipient, i64::try_from(r.at.as_nanosecond()).ok()),
                    Err(_) => (None, None),
                })
                .collect()
        }))
    })
}

/// Evaluates attempts given as JSON texts, with the GIL released: for each, (decision, verdict
/// JSON) or (None, error JSON `{"path": ..., "message": ...}`). For Arrow string columns.
#[pyfunction]
fn _evaluate_json_lines(
    py: Python<'_>,
    engine: &PyEngine,
    lines: Vec<String>,
) -> PyResult<Vec<(Option<&'static str>, String)>> {
    guard(py, || {
        let e = &engine.inner;
        Ok(py.detach(|| {
            lines
                .iter()
                .map(|l| match Attempt::from_json(l) {
                    Ok(a) => {
                        let v = e.evaluate(&a);
                        (Some(v.decision.as_str()), v.to_json())
                    }
                    Err(err) => {
                        let path = err.path().unwrap_or("$").to_string();
                        let message = match &err {
                            fairtouch::Error::InvalidAttempt { message, .. } => message.clone(),
                            other => other.to_string(),
                        };
                        (None, serde_json::json!({ "path": path, "message": message }).to_string())
                    }
                })
                .collect()
        }))
    })
}

fn with_index(py: Python<'_>, err: PyErr, index: usize) -> PyErr {
    let value = err.value(py);
    let _ = value.setattr("index", index);
    err
}

// ---------------------------------------------------------------------------------------------
// Helpers for the benchmark and the tests

/// Native timings, measured in Rust on one attempt JSON: nanoseconds per call of
/// `Engine::evaluate` (attempt already parsed), of `Attempt::from_json` + `evaluate`, and of
/// the whole JSON round trip (`fairtouch::json::evaluate`).
#[pyfunction]
fn _bench_native<'py>(
    py: Python<'py>,
    engine: &PyEngine,
    attempt_json: &str,
    n: usize,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let attempt = Attempt::from_json(attempt_json).map_err(|e| engine_error(py, e))?;
        let e = &engine.inner;
        let (eval, parse_eval, roundtrip) = py.detach(|| {
            let n = n.max(1);
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(e.evaluate(std::hint::black_box(&attempt)));
            }
            let eval = t.elapsed().as_nanos() as f64 / n as f64;
            let t = Instant::now();
            for _ in 0..n {
                let a = Attempt::from_json(std::hint::black_box(attempt_json)).unwrap();
                std::hint::black_box(e.evaluate(&a));
            }
            let parse_eval = t.elapsed().as_nanos() as f64 / n as f64;
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(fairtouch::json::evaluate(e, std::hint::black_box(attempt_json)).unwrap());
            }
            let roundtrip = t.elapsed().as_nanos() as f64 / n as f64;
            (eval, parse_eval, roundtrip)
        });
        let out = PyDict::new(py);
        out.set_item("evaluate_ns", eval)?;
        out.set_item("from_json_evaluate_ns", parse_eval)?;
        out.set_item("json_roundtrip_ns", roundtrip)?;
        Ok(out)
    })
}

/// Converts any Python value to JSON with the conversion rules of `Engine.evaluate` (aware
/// datetimes, dates and Decimals become strings; at most `de::MAX_DEPTH` containers deep; no
/// cycles), but generically, into a `serde_json::Value` rather than into an `Attempt`: for the
/// tests of those rules. A `str` is returned as is.
#[pyfunction]
fn _to_json(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(py, || {
        if let Some(json) = json_text(obj)? {
            return Ok(json);
        }
        let value: serde_json::Value =
            de::from_py(obj).map_err(|(path, message)| invalid_attempt(py, &path, &message))?;
        Ok(value.to_string())
    })
}

/// Panics inside the guard, to test that panics surface as `fairtouch.InternalError`.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    guard(py, || panic!("deliberate panic for the test suite"))
}

#[pymodule]
fn _fairtouch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEngine>()?;
    m.add_class::<PyVerdict>()?;
    m.add_class::<PyFinding>()?;
    m.add_class::<PySpan>()?;
    m.add_class::<PyPackRef>()?;
    m.add_class::<PyOverride>()?;
    m.add_class::<PyNextWindow>()?;
    m.add_class::<PyAuditor>()?;
    m.add_function(wrap_pyfunction!(_route_lines, m)?)?;
    m.add_function(wrap_pyfunction!(_evaluate_json_lines, m)?)?;
    m.add_function(wrap_pyfunction!(_bench_native, m)?)?;
    m.add_function(wrap_pyfunction!(_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("ENGINE_VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
