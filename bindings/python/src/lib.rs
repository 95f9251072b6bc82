//! The Python module `fairtouch._fairtouch`: a thin layer over the `fairtouch` engine crate.
//!
//! It converts Python objects to the JSON interchange format (and back) and delegates every
//! decision to the engine. No rule logic lives here. Every entry point runs inside
//! [`guard`], so a Rust panic reaches Python as `fairtouch.InternalError` (a `FairtouchError`),
//! never as pyo3's `PanicException`.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use fairtouch::{Attempt, Severity, Template};
use jiff::Timestamp;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};

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
// Python -> JSON value

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || Ok::<_, PyErr>(py.import("datetime")?.getattr("timezone")?.getattr("utc")?.unbind()))
        .map(|u| u.bind(py))
}

/// A conversion failure: the message and the path, built innermost-first on the way out.
struct ConvError {
    segments: Vec<Seg>,
    message: String,
}

enum Seg {
    Key(String),
    Index(usize),
}

impl ConvError {
    fn new(message: impl Into<String>) -> Self {
        ConvError { segments: Vec::new(), message: message.into() }
    }
    fn at(mut self, seg: Seg) -> Self {
        self.segments.push(seg);
        self
    }
    /// The path in the engine's notation: `history[3].at`, `$` for the whole document.
    fn path(&self) -> String {
        if self.segments.is_empty() {
            return "$".to_string();
        }
        let mut out = String::new();
        for seg in self.segments.iter().rev() {
            match seg {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        invalid_attempt(py, &self.path(), &self.message)
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string())
}

fn py_str<'a>(s: &'a Bound<'_, PyString>) -> Result<Cow<'a, str>, ConvError> {
    s.to_cow().map_err(|e| ConvError::new(format!("string is not valid Unicode: {e}")))
}

/// Converts a Python object (dict, list, str, int, float, bool, None, aware datetime, date,
/// Decimal) to a JSON value. Aware datetimes become RFC 3339 strings in UTC; naive ones are an
/// error naming their path.
fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, ConvError> {
    let py = obj.py();
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Value::String(py_str(s)?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => py_str(s)?.into_owned(),
                Err(_) => return Err(ConvError::new(format!("dictionary keys must be str, not {}", type_name(&k)))),
            };
            match to_value(&v) {
                Ok(v) => {
                    map.insert(key, v);
                }
                Err(e) => return Err(e.at(Seg::Key(key))),
            }
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast_exact::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for (i, item) in l.iter().enumerate() {
            out.push(to_value(&item).map_err(|e| e.at(Seg::Index(i)))?);
        }
        return Ok(Value::Array(out));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast_exact::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_exact_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(ConvError::new("integer out of range"));
    }
    if let Ok(f) = obj.cast_exact::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| ConvError::new(format!("{} is not a JSON number", f.value())));
    }
    // Less common types.
    let datetime = DATETIME.import(py, "datetime", "datetime").map_err(|e| ConvError::new(e.to_string()))?;
    if obj.is_instance(datetime).unwrap_or(false) {
        return datetime_to_value(obj);
    }
    let date = DATE.import(py, "datetime", "date").map_err(|e| ConvError::new(e.to_string()))?;
    if obj.is_instance(date).unwrap_or(false) {
        let s = obj.call_method0("isoformat").and_then(|s| s.extract::<String>());
        return s.map(Value::String).map_err(|e| ConvError::new(e.to_string()));
    }
    let decimal = DECIMAL.import(py, "decimal", "Decimal").map_err(|e| ConvError::new(e.to_string()))?;
    if obj.is_instance(decimal).unwrap_or(false) {
        // Amounts are decimal strings in the interchange format.
        let s = obj.str().and_then(|s| s.extract::<String>());
        return s.map(Value::String).map_err(|e| ConvError::new(e.to_string()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(py_str(s)?.into_owned()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(i) => Ok(Value::Number(i.into())),
            Err(_) => Err(ConvError::new("integer out of range")),
        };
    }
    if let Ok(l) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for (i, item) in l.iter().enumerate() {
            out.push(to_value(&item).map_err(|e| e.at(Seg::Index(i)))?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for (i, item) in t.iter().enumerate() {
            out.push(to_value(&item).map_err(|e| e.at(Seg::Index(i)))?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| ConvError::new(format!("{} is not a JSON number", f.value())));
    }
    Err(ConvError::new(format!("cannot convert a Python {} to JSON", type_name(obj))))
}

fn datetime_to_value(obj: &Bound<'_, PyAny>) -> Result<Value, ConvError> {
    let py = obj.py();
    let offset = obj.call_method0("utcoffset").map_err(|e| ConvError::new(e.to_string()))?;
    if offset.is_none() {
        return Err(ConvError::new(format!(
            "naive datetime {} has no time zone: pass an aware datetime, e.g. with tzinfo=datetime.timezone.utc",
            obj.str().map(|s| s.to_string()).unwrap_or_default()
        )));
    }
    let in_utc = utc(py)
        .and_then(|u| obj.call_method1("astimezone", (u,)))
        .and_then(|d| d.call_method0("isoformat"))
        .and_then(|s| s.extract::<String>())
        .map_err(|e| ConvError::new(e.to_string()))?;
    // `2026-03-10T14:05:00+00:00` -> `2026-03-10T14:05:00Z`
    let s = match in_utc.strip_suffix("+00:00") {
        Some(head) => format!("{head}Z"),
        None => in_utc,
    };
    Ok(Value::String(s))
}

/// A JSON document, given as `str`/`bytes` (parsed by the engine) or as Python objects.
enum Doc {
    Json(String),
    Value(Value),
}

fn to_doc(obj: &Bound<'_, PyAny>) -> PyResult<Doc> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Doc::Json(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(s) => Ok(Doc::Json(s.to_string())),
            Err(e) => Err(invalid_attempt(py, "$", &format!("invalid JSON: not UTF-8: {e}"))),
        };
    }
    if !obj.is_instance_of::<PyDict>() {
        return Err(invalid_attempt(
            py,
            "$",
            &format!("expected a dict or a JSON str, not a Python {}", type_name(obj)),
        ));
    }
    to_value(obj).map(Doc::Value).map_err(|e| e.into_pyerr(py))
}

fn parse_attempt(doc: Doc) -> Result<Attempt, fairtouch::Error> {
    match doc {
        Doc::Json(s) => Attempt::from_json(&s),
        Doc::Value(v) => Attempt::from_value(v),
    }
}

fn to_attempt(obj: &Bound<'_, PyAny>) -> PyResult<Attempt> {
    let doc = to_doc(obj)?;
    parse_attempt(doc).map_err(|e| engine_error(obj.py(), e))
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
    let datetime = DATETIME.import(py, "datetime", "datetime")?;
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
    #[getter]
    fn start_utf16(&self) -> usize {
        self.inner.start_utf16
    }
    #[getter]
    fn end_utf16(&self) -> usize {
        self.inner.end_utf16
    }
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }
    /// `body` or `subject`.
    #[getter]
    fn field(&self) -> &str {
        &self.inner.field
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
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
    #[getter]
    fn rule(&self) -> &str {
        &self.inner.rule
    }
    #[getter]
    fn pack(&self) -> &str {
        &self.inner.pack
    }
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.as_str()
    }
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    #[getter]
    fn citation(&self) -> &str {
        &self.inner.citation
    }
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    #[getter]
    fn span(&self) -> Option<PySpan> {
        self.inner.span.clone().map(|inner| PySpan { inner })
    }
    #[getter]
    fn retry_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.retry_at)
    }
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
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
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    #[getter]
    fn version(&self) -> &str {
        &self.inner.version
    }
    #[getter]
    fn digest(&self) -> &str {
        &self.inner.digest
    }
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
    inner: fairtouch::model::OverrideRecord,
}

#[pymethods]
impl PyOverride {
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
    #[getter]
    fn decision<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        match self.inner.decision {
            fairtouch::Decision::Allow => pyo3::intern!(py, "allow").clone(),
            fairtouch::Decision::Warn => pyo3::intern!(py, "warn").clone(),
            fairtouch::Decision::Block => pyo3::intern!(py, "block").clone(),
        }
    }
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
    #[getter]
    fn next_allowed_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.next_allowed_at)
    }
    #[getter]
    fn time_zones(&self) -> Vec<String> {
        self.inner.time_zones.clone()
    }
    #[getter]
    fn jurisdictions(&self) -> Vec<String> {
        self.inner.jurisdictions.clone()
    }
    #[getter]
    fn packs(&self) -> Vec<PyPackRef> {
        self.inner.packs.iter().map(|p| PyPackRef { inner: p.clone() }).collect()
    }
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
                fairtouch::model::format_instant(t)
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
    #[getter]
    fn next_allowed_at<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        opt_timestamp_to_py(py, self.inner.next_allowed_at)
    }
    /// That instant in each candidate zone: `{zone: aware datetime with the zone's offset}`.
    #[getter]
    fn local<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let datetime = DATETIME.import(py, "datetime", "datetime")?;
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
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serialize_to_py(py, &self.inner)
    }
    #[pyo3(signature = (*, indent=None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        json_of(&self.inner, indent)
    }
    fn __repr__(&self) -> String {
        match self.inner.next_allowed_at {
            Some(t) => format!("<NextWindow {}>", fairtouch::model::format_instant(t)),
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
            let mut builder = fairtouch::Engine::builder().default_packs(default_packs);
            let mut added = 0usize;
            if let Some(only) = only_packs {
                builder = builder.only_packs(only);
            }
            if let Some(packs) = packs {
                if packs.is_instance_of::<PyString>() {
                    return Err(raise(py, "InvalidOption", |c| {
                        c.call1(("packs must be a list of paths or TOML sources, not a single str",))
                    }));
                }
                for (i, item) in packs.try_iter()?.enumerate() {
                    let item = item?;
                    added += 1;
                    if let Ok(s) = item.cast::<PyString>() {
                        let s = s.to_cow()?;
                        // A string with a line break is TOML source; otherwise it is a path.
                        if s.contains('\n') {
                            builder = builder.pack_str(pack_origin(i), s.into_owned());
                            continue;
                        }
                        builder = builder.pack_file(s.as_ref()).map_err(|e| engine_error(py, e))?;
                    } else if item.hasattr("__fspath__")? {
                        let path: std::path::PathBuf = item.extract()?;
                        builder = builder.pack_file(path).map_err(|e| engine_error(py, e))?;
                    } else {
                        return Err(raise(py, "InvalidOption", |c| {
                            c.call1((format!(
                                "packs[{i}]: expected a path (str or os.PathLike) or TOML source (str), not a Python {}",
                                type_name(&item)
                            ),))
                        }));
                    }
                }
            }
            let mut n_overrides = 0usize;
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
                    n_overrides += 1;
                    let setting: Option<String> = if v.is_none() {
                        None
                    } else if let Ok(b) = v.cast::<PyBool>() {
                        if b.is_true() {
                            continue;
                        }
                        None
                    } else {
                        Some(v.extract().map_err(|_| {
                            raise(py, "InvalidOption", |c| {
                                c.call1((format!(
                                    "overrides[{rule:?}]: expected \"info\", \"warn\", \"block\" or \"off\", not a Python {}",
                                    type_name(&v)
                                ),))
                            })
                        })?)
                    };
                    match setting.as_deref() {
                        None | Some("off") | Some("disabled") => builder = builder.disable_rule(rule),
                        Some(s) => match s.parse::<Severity>() {
                            Ok(sev) => builder = builder.set_severity(rule, sev),
                            Err(_) => {
                                return Err(raise(py, "InvalidOption", |c| {
                                    c.call1((format!(
                                        "overrides[{rule:?}]: unknown setting {s:?}, expected \"info\", \"warn\", \"block\" or \"off\""
                                    ),))
                                }))
                            }
                        },
                    }
                }
            }
            let inner = py.detach(|| builder.build()).map_err(|e| engine_error(py, e))?;
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
            // Convert the Python objects while holding the GIL ...
            let mut docs: Vec<Result<Doc, PyErr>> = Vec::new();
            for (i, item) in attempts.try_iter()?.enumerate() {
                let doc = to_doc(&item?);
                if doc.is_err() && !return_exceptions {
                    return Err(with_index(py, doc.err().unwrap(), i));
                }
                docs.push(doc);
            }
            // ... then parse and evaluate without it.
            let engine = &self.inner;
            type Outcome = Option<Result<Result<fairtouch::Verdict, fairtouch::Error>, String>>;
            let results: Vec<Outcome> = py.detach(|| {
                docs.iter_mut()
                    .map(|d| match d {
                        Ok(doc) => {
                            let doc = std::mem::replace(doc, Doc::Value(Value::Null));
                            Some(
                                catch_unwind(AssertUnwindSafe(|| parse_attempt(doc).map(|a| engine.evaluate(&a))))
                                    .map_err(|p| panic_message(&*p)),
                            )
                        }
                        Err(_) => None,
                    })
                    .collect()
            });
            let out = PyList::empty(py);
            for (i, (r, d)) in results.into_iter().zip(docs).enumerate() {
                let item: Bound<'py, PyAny> = match (d, r) {
                    (Err(e), _) => e.into_value(py).into_bound(py).into_any(),
                    (Ok(_), None) => unreachable!("a converted attempt always has an outcome"),
                    (Ok(_), Some(Ok(Ok(inner)))) => Bound::new(py, PyVerdict { inner })?.into_any(),
                    (Ok(_), Some(Ok(Err(e)))) => {
                        let err = engine_error(py, e);
                        if !return_exceptions {
                            return Err(with_index(py, err, i));
                        }
                        err.into_value(py).into_bound(py).into_any()
                    }
                    (Ok(_), Some(Err(panic))) => {
                        let err = raise(py, "InternalError", |c| {
                            c.call1((format!("internal error in fairtouch (please report it): {panic}"),))
                        });
                        if !return_exceptions {
                            return Err(err);
                        }
                        err.into_value(py).into_bound(py).into_any()
                    }
                };
                out.append(item)?;
            }
            Ok(out)
        })
    }

    /// Lints a message template (dict or JSON str): the content rules that would apply to it.
    fn lint_template(&self, py: Python<'_>, template: &Bound<'_, PyAny>) -> PyResult<PyVerdict> {
        guard(py, || {
            let json = match to_doc(template)? {
                Doc::Json(s) => s,
                Doc::Value(v) => v.to_string(),
            };
            let template = Template::from_json(&json).map_err(|e| engine_error(py, e))?;
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

/// Converts a Python attempt to JSON exactly as `Engine.evaluate` does (for tests and the
/// benchmark of the conversion alone).
#[pyfunction]
fn _to_json(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    guard(py, || match to_doc(obj)? {
        Doc::Json(s) => Ok(s),
        Doc::Value(v) => Ok(v.to_string()),
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
    m.add_function(wrap_pyfunction!(_bench_native, m)?)?;
    m.add_function(wrap_pyfunction!(_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("ENGINE_VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
