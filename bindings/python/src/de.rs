//! Python objects -> engine types, through serde, with no intermediate JSON value.
//!
//! [`PyDe`] is a `serde::Deserializer` over a `&Bound<PyAny>`: a dict deserializes straight into
//! `fairtouch::Attempt` or `fairtouch::Template`, which descends only as deep as their schema
//! (unknown keys are rejected by `deny_unknown_fields` before their value is looked at, and a
//! value of the wrong type is rejected without being walked). Anything that does walk a value
//! generically (`deserialize_any` into a container) is bounded anyway: at most [`MAX_DEPTH`]
//! containers deep, and a container that contains itself is an error, not an endless recursion.
//!
//! Accepted Python types: `dict` (and any `collections.abc.Mapping`) with `str` keys, `list` and
//! `tuple`, `str`, `int` (64-bit), `float` (finite), `bool`, `None`, aware `datetime.datetime`
//! (an RFC 3339 string in UTC), `datetime.date` (`YYYY-MM-DD`) and finite `decimal.Decimal` (its
//! decimal string). Anything else is an error; [`from_py`] names its JSON path.

use std::fmt;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::iter::BoundDictIterator;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};

/// The deepest nesting of containers (dicts, lists, tuples) a value may have. An attempt needs 4.
pub const MAX_DEPTH: usize = 64;

/// A conversion error: only the message; the path is added by `serde_path_to_error`.
#[derive(Debug)]
pub struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for DeError {}
impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

fn err(message: impl Into<String>) -> DeError {
    DeError(message.into())
}

fn py_err(e: PyErr) -> DeError {
    err(format!("the Python value could not be read: {e}"))
}

/// Deserializes `obj` into `T`. On failure: `(path, message)`, the path in the engine's
/// notation (`history[3].at`, `$` for the whole value).
pub fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, (String, String)> {
    let mut stack = Vec::new();
    // Valid input takes the fast path; only a failure is converted again to find its path.
    if let Ok(v) = T::deserialize(PyDe { obj, stack: &mut stack }) {
        return Ok(v);
    }
    stack.clear();
    serde_path_to_error::deserialize(PyDe { obj, stack: &mut stack }).map_err(|e| {
        let path = e.path().to_string();
        // A key that is not a str is an unknown segment (`recipient.?`): name its mapping.
        let path = path.strip_suffix("?").map(|p| p.trim_end_matches('.')).unwrap_or(&path);
        let path = if path.is_empty() || path == "." { "$".to_string() } else { path.to_string() };
        (path, e.into_inner().0)
    })
}

pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string())
}

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

pub fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

pub fn utc(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    UTC.get_or_try_init(py, || Ok::<_, PyErr>(py.import("datetime")?.getattr("timezone")?.getattr("utc")?.unbind()))
        .map(|u| u.bind(py))
}

/// `dict`, or an instance of `collections.abc.Mapping`.
pub fn is_mapping(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if obj.is_instance_of::<PyDict>() {
        return Ok(true);
    }
    obj.is_instance(MAPPING.import(obj.py(), "collections.abc", "Mapping")?)
}

/// Runs `f` on the UTF-8 text of a `str`, borrowed from the string object itself where CPython
/// allows (see [`utf8_of`]), else read from a `bytes` copy.
fn with_str<R>(s: &Bound<'_, PyString>, f: impl FnOnce(&str) -> Result<R, DeError>) -> Result<R, DeError> {
    if let Some(text) = utf8_of(s) {
        return f(text);
    }
    with_str_copied(s, f)
}

/// The UTF-8 text of a `str` without a copy: `PyUnicode_AsUTF8AndSize` returns the string's own
/// UTF-8 (an ASCII string's characters, or a UTF-8 form CPython caches in the object), valid as
/// long as the object lives. The function is in every CPython 3 and in the stable ABI from 3.10;
/// the abi3-py39 build of PyO3 does not declare it, so it is declared here. Not on Windows, where
/// an abi3 module links to `python3.dll`, which exports it from 3.10 only. `None` (the Python
/// error cleared) when the text is not valid Unicode (lone surrogates): the caller then takes
/// the copying path, which reports it.
#[cfg(not(windows))]
pub fn utf8_of<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
    extern "C" {
        fn PyUnicode_AsUTF8AndSize(
            unicode: *mut pyo3::ffi::PyObject,
            size: *mut pyo3::ffi::Py_ssize_t,
        ) -> *const std::os::raw::c_char;
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` and the GIL is held (a `Bound`); the buffer belongs to the
    // object, which outlives the returned borrow ('a), and is never changed (strings are immutable).
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        drop(PyErr::take(s.py()));
        return None;
    }
    // SAFETY: CPython returns `size` bytes of valid UTF-8 at `data`.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), usize::try_from(size).ok()?) };
    std::str::from_utf8(bytes).ok()
}

#[cfg(windows)]
pub fn utf8_of<'a>(_: &'a Bound<'_, PyString>) -> Option<&'a str> {
    None
}

/// [`with_str`] through a `bytes` copy (the limited API of Python 3.9), borrowed here rather than
/// copied again.
fn with_str_copied<R>(s: &Bound<'_, PyString>, f: impl FnOnce(&str) -> Result<R, DeError>) -> Result<R, DeError> {
    let bytes = s.encode_utf8().map_err(|e| err(format!("string is not valid Unicode: {e}")))?;
    let text = std::str::from_utf8(bytes.as_bytes()).map_err(|e| err(format!("string is not valid UTF-8: {e}")))?;
    f(text)
}

/// An aware datetime as RFC 3339 in UTC: `2026-03-10T14:05:00Z`.
fn datetime_string(obj: &Bound<'_, PyAny>) -> Result<String, DeError> {
    let offset = obj.call_method0("utcoffset").map_err(py_err)?;
    if offset.is_none() {
        return Err(err(format!(
            "naive datetime {} has no time zone: pass an aware datetime, e.g. with tzinfo=datetime.timezone.utc",
            obj.str().map(|s| s.to_string()).unwrap_or_default()
        )));
    }
    let in_utc = utc(obj.py())
        .and_then(|u| obj.call_method1("astimezone", (u,)))
        .and_then(|d| d.call_method0("isoformat"))
        .and_then(|s| s.extract::<String>())
        .map_err(py_err)?;
    // `2026-03-10T14:05:00+00:00` -> `2026-03-10T14:05:00Z`
    Ok(match in_utc.strip_suffix("+00:00") {
        Some(head) => format!("{head}Z"),
        None => in_utc,
    })
}

/// A finite Decimal as a plain decimal string (`250.00`, never an exponent).
fn decimal_string(obj: &Bound<'_, PyAny>) -> Result<String, DeError> {
    let finite = obj.call_method0("is_finite").and_then(|b| b.is_truthy()).map_err(py_err)?;
    let text = obj.str().map(|s| s.to_string()).unwrap_or_default();
    if !finite {
        return Err(err(format!("Decimal('{text}') is not a number: NaN and infinities are not allowed")));
    }
    obj.call_method1("__format__", ("f",)).and_then(|s| s.extract::<String>()).map_err(py_err)
}

fn float_value<'de, V: Visitor<'de>>(v: f64, visitor: V) -> Result<V::Value, DeError> {
    if !v.is_finite() {
        return Err(err(format!("float {v} is not a JSON number: NaN and infinities are not allowed")));
    }
    visitor.visit_f64(v)
}

fn int_value<'de, V: Visitor<'de>>(obj: &Bound<'_, PyAny>, visitor: V) -> Result<V::Value, DeError> {
    // As serde_json does: u64 when not negative, else i64 (the messages of visitors differ).
    if let Ok(u) = obj.extract::<u64>() {
        return visitor.visit_u64(u);
    }
    if let Ok(i) = obj.extract::<i64>() {
        return visitor.visit_i64(i);
    }
    Err(err("integer out of range: a JSON number here must fit in 64 bits"))
}

/// A deserializer over one Python value. `stack` holds the addresses of the containers being
/// converted around it (outermost first): its length is the depth, and a container already on
/// it is a cycle. Every container on it is kept alive by its parent, so no address is reused.
pub struct PyDe<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
    stack: &'a mut Vec<usize>,
}

impl<'a, 'py> PyDe<'a, 'py> {
    /// Runs `f` with `self.obj` pushed on the stack of containers.
    fn nested<T>(self, f: impl FnOnce(&mut Vec<usize>) -> Result<T, DeError>) -> Result<T, DeError> {
        let id = self.obj.as_ptr() as usize;
        if self.stack.len() >= MAX_DEPTH {
            return Err(err(format!("nested more than {MAX_DEPTH} containers deep")));
        }
        if self.stack.contains(&id) {
            return Err(err(format!("this {} contains itself (a reference cycle)", type_name(self.obj))));
        }
        self.stack.push(id);
        let out = f(self.stack);
        self.stack.pop();
        out
    }

    fn visit_dict<'de, V: Visitor<'de>>(self, d: &Bound<'py, PyDict>, visitor: V) -> Result<V::Value, DeError> {
        let iter = d.iter();
        self.nested(|stack| visitor.visit_map(MapDe::<'_, 'py, BoundDictIterator<'py>> { iter, value: None, stack }))
    }

    /// A `Mapping` that is not a dict: its `items()`, taken once.
    fn visit_mapping<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let items = self.obj.call_method0("items").map_err(py_err)?;
        let mut pairs = Vec::new();
        for item in items.try_iter().map_err(py_err)? {
            let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.and_then(|i| i.extract()).map_err(py_err)?;
            pairs.push((k, v));
        }
        let iter = pairs.into_iter();
        self.nested(|stack| visitor.visit_map(MapDe { iter, value: None, stack }))
    }

    fn visit_seq<'de, V: Visitor<'de>>(self, seq: Seq<'py>, visitor: V) -> Result<V::Value, DeError> {
        self.nested(|stack| visitor.visit_seq(SeqDe { seq, index: 0, stack }))
    }

    /// The types `deserialize_any` meets less often: subclasses, datetimes, decimals, mappings.
    fn deserialize_other<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        let py = obj.py();
        let is = |t: PyResult<&Bound<'_, PyType>>| -> Result<bool, DeError> {
            obj.is_instance(t.map_err(py_err)?).map_err(py_err)
        };
        if is(datetime_type(py))? {
            return visitor.visit_string(datetime_string(obj)?);
        }
        if is(DATE.import(py, "datetime", "date"))? {
            let s = obj.call_method0("isoformat").and_then(|s| s.extract::<String>()).map_err(py_err)?;
            return visitor.visit_string(s);
        }
        if is(DECIMAL.import(py, "decimal", "Decimal"))? {
            return visitor.visit_string(decimal_string(obj)?);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return with_str(s, |t| visitor.visit_str(t));
        }
        if obj.is_instance_of::<PyInt>() {
            return int_value(obj, visitor);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return float_value(f.value(), visitor);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            return self.visit_dict(d, visitor);
        }
        if let Ok(l) = obj.cast::<PyList>() {
            return self.visit_seq(Seq::List(l.clone()), visitor);
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            return self.visit_seq(Seq::Tuple(t.clone()), visitor);
        }
        if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
            return Err(err(format!("a Python {} is not accepted here: decode it to str", type_name(obj))));
        }
        if is_mapping(obj).map_err(py_err)? {
            return self.visit_mapping(visitor);
        }
        Err(err(format!(
            "cannot convert a Python {} (expected dict, list, tuple, str, int, float, bool, None, datetime, date or Decimal)",
            type_name(obj)
        )))
    }
}

impl<'de> de::Deserializer<'de> for PyDe<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let obj = self.obj;
        if let Ok(s) = obj.cast_exact::<PyString>() {
            return with_str(s, |t| visitor.visit_str(t));
        }
        if let Ok(d) = obj.cast_exact::<PyDict>() {
            return self.visit_dict(d, visitor);
        }
        if let Ok(l) = obj.cast_exact::<PyList>() {
            return self.visit_seq(Seq::List(l.clone()), visitor);
        }
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(b) = obj.cast_exact::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if obj.is_exact_instance_of::<PyInt>() {
            return int_value(obj, visitor);
        }
        if let Ok(f) = obj.cast_exact::<PyFloat>() {
            return float_value(f.value(), visitor);
        }
        self.deserialize_other(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.obj.cast_exact::<PyString>() {
            Ok(s) => with_str(s, |t| visitor.visit_str(t)),
            Err(_) => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.obj.cast_exact::<PyBool>() {
            Ok(b) => visitor.visit_bool(b.is_true()),
            Err(_) => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.obj.cast_exact::<PyList>() {
            Ok(l) => {
                let l = l.clone();
                self.visit_seq(Seq::List(l), visitor)
            }
            Err(_) => self.deserialize_any(visitor),
        }
    }

    /// A struct is a mapping: a list is not taken for its fields in order.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Ok(d) = self.obj.cast_exact::<PyDict>() {
            let d = d.clone();
            return self.visit_dict(&d, visitor);
        }
        if self.obj.is_instance_of::<PyList>() || self.obj.is_instance_of::<PyTuple>() {
            return Err(de::Error::invalid_type(Unexpected::Seq, &visitor));
        }
        self.deserialize_any(visitor)
    }

    /// Enums of the interchange format are strings (`"sms"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.obj.cast::<PyString>() {
            Ok(s) => with_str(s, |t| visitor.visit_enum(t.into_deserializer())),
            Err(_) => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    /// An ignored value is not looked at, however deep it is.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct tuple
        tuple_struct
    }
}

struct MapDe<'a, 'py, I> {
    iter: I,
    value: Option<Bound<'py, PyAny>>,
    stack: &'a mut Vec<usize>,
}

impl<'de, 'py, I> MapAccess<'de> for MapDe<'_, 'py, I>
where
    I: Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
{
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((k, v)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(v);
        match k.cast::<PyString>() {
            Ok(s) => with_str(s, |key| seed.deserialize(key.into_deserializer()).map(Some)),
            Err(_) => Err(err(format!("dictionary keys must be str, not {}", type_name(&k)))),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self.value.take().ok_or_else(|| err("a value was asked for before its key"))?;
        seed.deserialize(PyDe { obj: &value, stack: self.stack })
    }

    fn size_hint(&self) -> Option<usize> {
        self.iter.size_hint().1
    }
}

enum Seq<'py> {
    List(Bound<'py, PyList>),
    Tuple(Bound<'py, PyTuple>),
}

struct SeqDe<'a, 'py> {
    seq: Seq<'py>,
    index: usize,
    stack: &'a mut Vec<usize>,
}

impl<'de> SeqAccess<'de> for SeqDe<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        // By index, so that a list changed meanwhile (by a callback) ends early instead of failing.
        let item = match &self.seq {
            Seq::List(l) if self.index < l.len() => l.get_item(self.index).ok(),
            Seq::Tuple(t) if self.index < t.len() => t.get_item(self.index).ok(),
            _ => None,
        };
        let Some(item) = item else {
            return Ok(None);
        };
        self.index += 1;
        seed.deserialize(PyDe { obj: &item, stack: self.stack }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        let len = match &self.seq {
            Seq::List(l) => l.len(),
            Seq::Tuple(t) => t.len(),
        };
        Some(len.saturating_sub(self.index))
    }
}
