//! The JSON path of a `serde_json` error, read back over the text from the error's line and
//! column.
//!
//! A failed parse used to be run a second time through `serde_path_to_error`, which tracks the
//! path as it goes: a second copy of every deserializer in the binary (about 120 KB of
//! WebAssembly). Here the first failure is kept, and a small scanner walks the JSON text up to the
//! place `serde_json` stopped, to name the value that failed there, in the same form
//! `serde_path_to_error` gives (`history[3].at`, `recipient.?` for a broken key, `.` for the
//! root).
//!
//! Where `serde_json` puts the position, by kind of error, and which value `serde_path_to_error`
//! blames (`at` is the number of bytes consumed before the error, `line` and `column` give it):
//!
//! - a syntax error or the end of the input: the byte at `at - 1` is the one that failed (or the
//!   input ran out). Inside a value, or where a value is expected, the value is blamed; where a
//!   key (or `,` or `}`) is expected, or inside a key, the object and an unknown key (`obj.?`);
//!   where `:` is expected, or `,` or `]` in an array, the container. After the root value, it is
//!   the "more input" error of the root.
//! - `missing field`, `invalid length`: raised once the container was read, its closing bracket
//!   eaten: the container that ends at `at`.
//! - `unknown field` (blamed on the key itself, `obj.key`) and `duplicate field` (on the object):
//!   right after the key.
//! - `invalid type: map`, `invalid type: sequence`: raised before the container is read, at its
//!   opening bracket.
//! - anything else (a wrong type, a bad value, an unknown variant, a message of our own): right
//!   after the value, or, for a message raised after `serde_json` handed the value over, after the
//!   whitespace, the `,` (in an array) or the closing bracket its container went on to read.
//!
//! The position alone cannot tell a few inputs apart, which are then blamed differently than
//! `serde_path_to_error` would: `[[` where a type that takes any value (an amount) refuses the
//! outer array (blamed here on its first element, as for an array of strings given an array); an
//! object given where an enum's string is expected, with a number for a key; an array read as a
//! struct (`"sender": [...]`) with elements missing; a syntax error deep inside a member that a
//! struct without `deny_unknown_fields` skips (blamed here where it is, there on the member).
//! The tests compare the two over tens of thousands of broken attempts, templates and options.

/// What a failed parse blames.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Blame {
    /// The value at this path (`serde_path_to_error` form: `a.b[2].c`; `.` for the root).
    Path(String),
    /// The input after a complete root value (`serde_json`'s "trailing characters").
    Trailing,
}

/// What `e` (from `serde_json::from_str` over `json`) blames.
pub(crate) fn blame(json: &str, e: &serde_json::Error) -> Blame {
    if e.line() == 0 {
        // No position: raised outside every container, by the root's own type.
        return Blame::Path(".".to_string());
    }
    let b = json.as_bytes();
    let at = offset(json, e.line(), e.column());
    if e.is_syntax() || e.is_eof() {
        // The byte that failed is at `at - 1` (`serde_json` reports a peeked byte one past it, a
        // consumed one at it); at the end of the input, everything before it was read.
        let stop = if e.is_eof() { b.len() } else { at.saturating_sub(1) };
        return Scan::run(b, stop).syntax_blame(json, e.to_string().starts_with("trailing characters"));
    }
    // Up to the first value after the position (a container refused before it is read).
    let mut next = at;
    while next < b.len() && is_ws(b[next]) {
        next += 1;
    }
    let scan = Scan::run(b, (next + 1).min(b.len()));
    Blame::Path(scan.data_blame(json, at, &e.to_string()))
}

/// The byte offset of `serde_json`'s `line` (1-based) and `column` (bytes since the line's start).
fn offset(json: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match json[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column).min(json.len())
}

/// Where a value sits in its container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    /// A member: the index of its key in [`Scan::keys`].
    Key(usize),
    /// An element: its index.
    Index(usize),
    /// A key that could not be read (`?`).
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Scalar,
}

const OPEN: usize = usize::MAX;

/// A value of the text, at bytes `start..end` (`end` is `OPEN` until the value is complete).
#[derive(Debug, Clone)]
struct Node {
    start: usize,
    end: usize,
    kind: Kind,
    parent: Option<usize>,
    place: Place,
    /// For a container: how many children it has begun, and its last complete one.
    children: usize,
    last_child: Option<usize>,
    /// The number of keys read before it opened (its members' keys come after).
    keys_before: usize,
}

/// An object's key: the quoted string at `start..end`.
#[derive(Debug, Clone)]
struct Key {
    start: usize,
    end: usize,
    object: usize,
}

/// What the scanner expected when it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A value: the root, or a member's after its `:`.
    Value,
    /// After `[`: an element or `]`.
    ArrayFirst,
    /// After `,` in an array: an element.
    ArrayNext,
    /// After an element: `,` or `]`.
    ArrayAfter,
    /// After `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key.
    ObjectNext,
    /// After a key: `:`.
    Colon,
    /// After a member's value: `,` or `}`.
    ObjectAfter,
    /// After the root value.
    Done,
}

/// Where the scanner stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stopped {
    /// Before the byte at this offset (or the end of the input), in its mode.
    Before(usize),
    /// Inside a value token, or at its malformed byte.
    InValue,
    /// Inside a key, or at its malformed byte.
    InKey,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t')
}

/// The end of the string starting with the `"` at `i`; `None` if it is not closed or holds a raw
/// control character.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'"' => return Some(i + 1),
            // `serde_json` reads the four bytes of a `\u` escape before it looks at them.
            b'\\' if b.get(i + 1) == Some(&b'u') => i += 6,
            b'\\' => i += 2,
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
    None
}

/// The end of the number starting at `i`, by JSON's grammar (where `serde_json` stops reading
/// it); `None` where a digit is missing.
fn number_end(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (i > start).then_some(i)
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => {
            i += 1;
            if b.get(i).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        Some(b'1'..=b'9') => i = digits(i)?,
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i)?;
    }
    Some(i)
}

/// The values and keys of a JSON text up to a stop, and what was expected there.
struct Scan {
    nodes: Vec<Node>,
    keys: Vec<Key>,
    /// The open containers, innermost last.
    stack: Vec<usize>,
    mode: Mode,
    stopped: Stopped,
}

impl Scan {
    /// Scans `b` up to the byte at `stop` (not included), the first malformed token, or the end.
    fn run(b: &[u8], stop: usize) -> Scan {
        let mut s = Scan {
            nodes: Vec::new(),
            keys: Vec::new(),
            stack: Vec::new(),
            mode: Mode::Value,
            stopped: Stopped::Before(0),
        };
        let mut i = 0;
        loop {
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            if i >= stop || i >= b.len() {
                s.stopped = Stopped::Before(i);
                return s;
            }
            let c = b[i];
            match s.mode {
                Mode::ArrayFirst | Mode::ObjectFirst if c == if s.mode == Mode::ArrayFirst { b']' } else { b'}' } => {
                    i += 1;
                    s.close(i);
                }
                Mode::Value | Mode::ArrayFirst | Mode::ArrayNext => {
                    let parent = s.stack.last().copied();
                    if let (Some(p), Mode::ArrayFirst | Mode::ArrayNext) = (parent, s.mode) {
                        s.keep_last(p);
                    }
                    let place = s.next_place();
                    if let Some(p) = parent {
                        s.nodes[p].children += 1;
                    }
                    let node = s.nodes.len();
                    let kind = match c {
                        b'{' => Kind::Object,
                        b'[' => Kind::Array,
                        _ => Kind::Scalar,
                    };
                    let keys_before = s.keys.len();
                    s.nodes.push(Node {
                        start: i,
                        end: OPEN,
                        kind,
                        parent,
                        place,
                        children: 0,
                        last_child: None,
                        keys_before,
                    });
                    if kind != Kind::Scalar {
                        s.stack.push(node);
                        s.mode = if kind == Kind::Object { Mode::ObjectFirst } else { Mode::ArrayFirst };
                        i += 1;
                        continue;
                    }
                    let end = match c {
                        b'"' => string_end(b, i),
                        b't' => b[i..].starts_with(b"true").then_some(i + 4),
                        b'f' => b[i..].starts_with(b"false").then_some(i + 5),
                        b'n' => b[i..].starts_with(b"null").then_some(i + 4),
                        b'-' | b'0'..=b'9' => number_end(b, i),
                        _ => None,
                    };
                    match end {
                        Some(end) if end <= stop => {
                            s.nodes[node].end = end;
                            i = end;
                            s.completed(node);
                        }
                        _ => {
                            s.stopped = Stopped::InValue;
                            return s;
                        }
                    }
                }
                Mode::ObjectFirst | Mode::ObjectNext => {
                    if c != b'"' {
                        s.stopped = Stopped::Before(i);
                        return s;
                    }
                    match string_end(b, i) {
                        Some(end) if end <= stop => {
                            let object = *s.stack.last().expect("in an object");
                            s.keep_last(object);
                            s.keys.push(Key { start: i, end, object });
                            s.mode = Mode::Colon;
                            i = end;
                        }
                        _ => {
                            s.stopped = Stopped::InKey;
                            return s;
                        }
                    }
                }
                Mode::Colon if c == b':' => {
                    s.mode = Mode::Value;
                    i += 1;
                }
                Mode::ArrayAfter | Mode::ObjectAfter if c == b',' => {
                    s.mode = if s.mode == Mode::ArrayAfter { Mode::ArrayNext } else { Mode::ObjectNext };
                    i += 1;
                }
                Mode::ArrayAfter | Mode::ObjectAfter if c == if s.mode == Mode::ArrayAfter { b']' } else { b'}' } => {
                    i += 1;
                    s.close(i);
                }
                _ => {
                    s.stopped = Stopped::Before(i);
                    return s;
                }
            }
        }
    }

    /// The place of the value expected next.
    fn next_place(&self) -> Place {
        match self.stack.last() {
            None => Place::Root,
            Some(&top) if self.nodes[top].kind == Kind::Object => Place::Key(self.keys.len() - 1),
            Some(&top) => Place::Index(self.nodes[top].children),
        }
    }

    /// The innermost open container ends at `end`.
    /// The innermost open container ends at `end`.
    fn close(&mut self, end: usize) {
        let node = self.stack.pop().expect("a container to close");
        self.nodes[node].end = end;
        self.keep_last(node);
        self.completed(node);
    }

    /// Forgets the values and keys under `node` (the innermost open container, or the one just
    /// closed) but its last child and that child's last child: an error further on is blamed on
    /// nothing deeper, and memory stays in proportion to the depth of the text, not its length.
    fn keep_last(&mut self, node: usize) {
        let keys_before = self.nodes[node].keys_before;
        let Some(last) = self.nodes[node].last_child else {
            self.nodes.truncate(node + 1);
            self.keys.truncate(keys_before);
            return;
        };
        let key_of = |s: &Scan, n: &Node| match n.place {
            Place::Key(k) => Some(s.keys[k].clone()),
            _ => None,
        };
        let mut child = self.nodes[last].clone();
        let grandchild = child.last_child.map(|g| self.nodes[g].clone());
        let child_key = key_of(self, &child);
        let grandchild_key = grandchild.as_ref().and_then(|g| key_of(self, g));
        self.nodes.truncate(node + 1);
        self.keys.truncate(keys_before);
        if let Some(key) = child_key {
            child.place = Place::Key(self.keys.len());
            self.keys.push(key);
        }
        child.last_child = None;
        self.nodes.push(child);
        if let Some(mut g) = grandchild {
            if let Some(key) = grandchild_key {
                g.place = Place::Key(self.keys.len());
                self.keys.push(key);
            }
            g.parent = Some(node + 1);
            g.last_child = None;
            self.nodes.push(g);
            self.nodes[node + 1].last_child = Some(node + 2);
        }
        self.nodes[node].last_child = Some(node + 1);
    }

    /// `node` is complete: what follows is what follows a value in its container.
    fn completed(&mut self, node: usize) {
        self.mode = match self.stack.last() {
            None => Mode::Done,
            Some(&top) => {
                self.nodes[top].last_child = Some(node);
                if self.nodes[top].kind == Kind::Object {
                    Mode::ObjectAfter
                } else {
                    Mode::ArrayAfter
                }
            }
        };
    }

    /// What a syntax error (or the end of the input) at the stop blames.
    /// `trailing` is `serde_json`'s "trailing characters", which inside the text means an array
    /// read as a tuple or struct had more elements than it takes.
    fn syntax_blame(&self, json: &str, trailing: bool) -> Blame {
        let top = self.stack.last().copied();
        let unknown_key = |object: usize| self.path_and(json, object, Place::Unknown);
        let path = match self.stopped {
            Stopped::InValue => self.path(json, self.nodes.len() - 1),
            Stopped::InKey => unknown_key(top.expect("in an object")),
            Stopped::Before(i) => {
                let c = json.as_bytes().get(i).copied();
                match (self.mode, top) {
                    (Mode::Done, _) => return Blame::Trailing,
                    (Mode::Value, None) => ".".to_string(),
                    // A member's value, after its `:`.
                    (Mode::Value, Some(t)) => self.path_and(json, t, self.next_place()),
                    // The end of the input or a `]` after `,`: the array; anything else is
                    // read as its next element.
                    (Mode::ArrayFirst, Some(t)) if c.is_none() => self.path(json, t),
                    (Mode::ArrayNext, Some(t)) if c.is_none() || c == Some(b']') || trailing => self.path(json, t),
                    (Mode::ArrayFirst | Mode::ArrayNext, Some(t)) => self.path_and(json, t, self.next_place()),
                    (Mode::ArrayAfter | Mode::Colon, Some(t)) => self.path(json, t),
                    // `{}` is a valid map: only an enum fails there, wanting a variant's key.
                    (Mode::ObjectFirst, Some(t)) if c == Some(b'}') => self.path(json, t),
                    (_, Some(t)) => unknown_key(t),
                    (_, None) => ".".to_string(),
                }
            }
        };
        Blame::Path(path)
    }

    /// The path of the value a data error at `at` (bytes consumed) with `message` is about.
    fn data_blame(&self, json: &str, at: usize, message: &str) -> String {
        let b = json.as_bytes();
        let ends_at = |end: usize| self.nodes.iter().rposition(|n| n.end == end);
        let starts_at = |start: usize| self.nodes.iter().position(|n| n.start == start);
        let back = |mut i: usize| {
            while i > 0 && is_ws(b[i - 1]) {
                i -= 1;
            }
            i
        };
        // Raised once a container was read, its closing bracket eaten.
        if message.starts_with("missing field") || message.starts_with("invalid length") {
            if let Some(n) = ends_at(at) {
                return self.path(json, n);
            }
        }
        // Raised right after a key: an unknown one is blamed itself, a repeated one on its object.
        if message.starts_with("unknown field") || message.starts_with("duplicate field") {
            let end = back(at);
            if let Some(k) = self.keys.iter().rposition(|k| k.end == end) {
                let object = self.keys[k].object;
                return if message.starts_with("unknown field") {
                    self.path_and(json, object, Place::Key(k))
                } else {
                    self.path(json, object)
                };
            }
        }
        // Raised at a container's opening bracket: before it (a type that wants something else), or
        // after it and the whitespace after it (a type that takes anything, then refuses the
        // container), or after an empty container.
        let kind = if message.starts_with("invalid type: map") {
            Some(Kind::Object)
        } else if message.starts_with("invalid type: sequence") {
            Some(Kind::Array)
        } else {
            None
        };
        if let Some(kind) = kind {
            let mut j = at;
            while j < b.len() && is_ws(b[j]) {
                j += 1;
            }
            let of_kind = |n: &usize| self.nodes[*n].kind == kind;
            let n = starts_at(j)
                .filter(of_kind)
                .or_else(|| back(at).checked_sub(1).and_then(starts_at).filter(of_kind))
                .or_else(|| ends_at(at));
            if let Some(n) = n {
                return self.path(json, n);
            }
        }
        // Raised after the value: right after it, or after the whitespace, `,` and whitespace
        // (in an array) or closing bracket its container went on to read.
        let mut i = back(at);
        let mut comma = false;
        if i > 0 && b[i - 1] == b',' {
            comma = true;
            i = back(i - 1);
        }
        if let Some(n) = ends_at(i) {
            // A closing bracket read last is the container's, eaten after its child failed (where
            // whitespace or a comma was read after it, the container's container did that, after
            // the container failed).
            let n = match self.nodes[n].last_child {
                Some(child) if !comma && i == at && self.nodes[n].kind != Kind::Scalar => child,
                _ => n,
            };
            return self.path(json, n);
        }
        // Inside a value (an enum written as an object): the innermost value around the position.
        let pos = at.saturating_sub(1);
        let inner = self.nodes.iter().rposition(|n| n.start <= pos && (n.end == OPEN || pos < n.end));
        inner.map_or_else(|| ".".to_string(), |n| self.path(json, n))
    }

    /// The path of `node`.
    fn path(&self, json: &str, node: usize) -> String {
        self.path_from(json, Some(node), None)
    }

    /// The path of `node`'s child at `place`.
    fn path_and(&self, json: &str, node: usize, place: Place) -> String {
        self.path_from(json, Some(node), Some(place))
    }

    fn path_from(&self, json: &str, mut node: Option<usize>, last: Option<Place>) -> String {
        let mut places: Vec<Place> = last.into_iter().collect();
        while let Some(n) = node {
            places.push(self.nodes[n].place);
            node = self.nodes[n].parent;
        }
        // As `serde_path_to_error` writes it: `.` between segments, none before `[i]`.
        let mut out = String::new();
        let mut first = true;
        for place in places.iter().rev() {
            match *place {
                Place::Root => continue,
                Place::Index(i) => out.push_str(&format!("[{i}]")),
                Place::Unknown => out.push_str(if first { "?" } else { ".?" }),
                Place::Key(k) => {
                    if !first {
                        out.push('.');
                    }
                    let key = &self.keys[k];
                    // The key as read, escapes decoded.
                    match serde_json::from_str::<String>(&json[key.start..key.end]) {
                        Ok(s) => out.push_str(&s),
                        Err(_) => out.push('?'),
                    }
                }
            }
            first = false;
        }
        if first {
            out.push('.');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attempt, Template};
    use crate::options::EngineOptions;
    use crate::Error;
    use serde::de::DeserializeOwned;

    /// An attempt with every kind of member: nested objects, arrays of objects, enums, dates,
    /// instants, amounts, numbers, booleans.
    const ATTEMPT: &str = r#"{"channel":"sms","send_at":"2026-03-10T15:05:00Z","body":"Pay now. \"Quoted\" \u00e9 caf\u00e9","language":"en","automated":true,"purpose":"collection","initial_communication":false,"sender":{"name":"Acme","role":"collector","license_number":"10001-99","debt_buyer":false},"recipient":{"relation":"debtor","address":"+13125550100","address_kind":"personal","line_type":"mobile","locations":[{"country":"US","region":"IL","postal_code":"60601","time_zone":"America/Chicago"},{"country":"FR"}],"inconvenient_times":[{"days":["mon","tue"],"start":"09:00","end":"10:30"}],"consents":[{"channel":"sms","given_at":"2025-01-02T10:00:00Z","purpose":"collection","written":true}],"refused_channels":["voice"],"cease_requested_at":null},"debt":{"id":"D-1","creditor":"Acme Bank","amount":"250.00","currency":"USD","due_date":"2026-01-10","reference":"2023-45","initial_letter":{"reference":"L-1","sent_on":"2025-12-01"}},"history":[{"channel":"voice","direction":"outbound","at":"2026-03-09T15:00:00Z","outcome":"no_answer","debt_ids":["D-1","D-2"]},{"channel":"sms","direction":"inbound","at":"2026-03-09T16:00:00Z","body":"STOP"}]}"#;

    const TEMPLATE: &str = r#"{"channel":"email","body":"Hello {{debt.amount}}","subject":"Re","language":"fr","sender":{"role":"creditor"},"jurisdictions":["US","US-CA"],"purpose":"collection","at":"2026-01-01T00:00:00Z"}"#;

    const OPTIONS: &str = r#"{"defaultPacks":false,"onlyPacks":["us-federal"],"packs":[{"origin":"a.toml","source":"[pack]"},{"path":"b.toml"}],"overrides":[["us.rule","warn"],["x","off"]]}"#;

    /// What parsing gave before this module: the failure parsed again through
    /// `serde_path_to_error`.
    fn reference<T: DeserializeOwned>(json: &str) -> Option<Error> {
        if serde_json::from_str::<T>(json).is_ok() {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(json);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => Some(reference_error(e)),
            Ok(_) => {
                let e = de.end().expect_err("the fast path failed");
                Some(Error::InvalidAttempt {
                    path: "$".to_string(),
                    message: format!(
                        "invalid JSON: more input after the value at line {}, column {}: expected exactly one JSON value",
                        e.line(),
                        e.column()
                    ),
                })
            }
        }
    }

    fn reference_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
        Error::json_path_error(e.path().to_string(), e.inner())
    }

    fn reference_options(json: &str) -> Option<Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let r: Result<EngineOptions, _> = serde_path_to_error::deserialize(&mut de);
        match r {
            Err(e) => {
                let path = e.path().to_string();
                let message = e.into_inner().to_string();
                Some(Error::InvalidOption(if path == "." || path == "?" {
                    format!("engine options: {message}")
                } else {
                    format!("engine options, {path}: {message}")
                }))
            }
            Ok(_) => de.end().err().map(|e| Error::InvalidOption(format!("engine options: {e}"))),
        }
    }

    fn reference_value<T: DeserializeOwned>(value: serde_json::Value) -> Option<Error> {
        if T::deserialize(&value).is_ok() {
            return None;
        }
        serde_path_to_error::deserialize::<_, T>(value).err().map(reference_error)
    }

    fn path_of<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        match Error::parse_json::<T>(json).expect_err(json) {
            Error::InvalidAttempt { path, .. } => path,
            e => panic!("{e}"),
        }
    }

    /// Broken forms of `json`: each byte deleted, a byte inserted before it, the text cut there;
    /// each value replaced by values of other types; each member renamed, repeated, removed.
    fn mutations(json: &str) -> Vec<String> {
        let mut out = Vec::new();
        let cuts: Vec<usize> = (0..=json.len()).filter(|&i| json.is_char_boundary(i)).collect();
        for w in cuts.windows(2) {
            let (i, j) = (w[0], w[1]);
            out.push(format!("{}{}", &json[..i], &json[j..]));
            out.push(json[..i].to_string());
            for ins in ["\"", ",", "}", "]", "{", "[", ":", "1", "x", " ", "\\", "-", "n", "\u{1}", "é"] {
                out.push(format!("{}{ins}{}", &json[..i], &json[i..]));
            }
        }
        // Tokens: strings (keys or values) and bare scalars.
        let b = json.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let end = if c == b'"' {
                string_end(b, i)
            } else if c == b'-' || c.is_ascii_digit() {
                number_end(b, i)
            } else if c.is_ascii_alphabetic() {
                Some(i + b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count())
            } else {
                None
            };
            let Some(end) = end else {
                i += 1;
                continue;
            };
            let rest = json[end..].trim_start();
            if c == b'"' && rest.starts_with(':') {
                // A key: renamed, its member repeated or removed.
                out.push(format!("{}\"zz\\\"z\"{}", &json[..i], &json[end..]));
                out.push(format!("{}\"caf\\u00e9\"{}", &json[..i], &json[end..]));
                let value_start = json.len() - rest.len() + 1;
                let mut values =
                    serde_json::Deserializer::from_str(&json[value_start..]).into_iter::<serde_json::Value>();
                if let Some(Ok(_)) = values.next() {
                    let value_end = value_start + values.byte_offset();
                    let member = &json[i..value_end];
                    out.push(format!("{}{member},{}", &json[..i], &json[i..]));
                    match json[value_end..].strip_prefix(',') {
                        Some(_) => out.push(format!("{}{}", &json[..i], &json[value_end + 1..])),
                        None => out.push(format!("{}{}", json[..i].trim_end_matches(','), &json[value_end..])),
                    }
                }
            } else {
                for v in [
                    "5",
                    "-1.5",
                    "1e400",
                    "{}",
                    "[]",
                    "null",
                    "true",
                    "\"bogus\"",
                    "{\"a\":1}",
                    "[1,2]",
                    "\"\"",
                    "{\"sms\":null}",
                    "{\"voice\":1}",
                    "{\"x\":1,\"y\":2}",
                    "[[]]",
                    "{\"a\" 1}",
                ] {
                    out.push(format!("{}{v}{}", &json[..i], &json[end..]));
                }
            }
            i = end;
        }
        out
    }

    fn pretty(json: &str) -> String {
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(json).unwrap()).unwrap()
    }

    /// Every broken form of `json` fails as it did through `serde_path_to_error`: same path, same
    /// message. Returns the differences.
    fn compare<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> Vec<String> {
        let mut diffs = Vec::new();
        for m in mutations(json) {
            let old = reference::<T>(&m);
            let new = Error::parse_json::<T>(&m).err();
            if old != new && !known(&old, &new) {
                diffs.push(format!("{m}\n  serde_path_to_error: {old:?}\n  json_path:           {new:?}"));
            }
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&m) {
                let old = reference_value::<T>(value.clone());
                let new = Error::parse_value::<T>(value).err();
                if old != new && !known(&old, &new) {
                    diffs.push(format!("(value) {m}\n  serde_path_to_error: {old:?}\n  json_path:           {new:?}"));
                }
            }
        }
        diffs
    }

    /// The difference the module's documentation owns to: an array whose first element is an array,
    /// where a type that takes any value (an amount) refuses the outer one.
    fn known(old: &Option<Error>, new: &Option<Error>) -> bool {
        match (old, new) {
            (
                Some(Error::InvalidAttempt { path: a, message: m }),
                Some(Error::InvalidAttempt { path: b, message: n }),
            ) => m == n && m.starts_with("invalid type: sequence") && *b == format!("{a}[0]"),
            _ => false,
        }
    }

    fn assert_same(diffs: Vec<String>) {
        let n = diffs.len();
        for d in diffs.iter().take(40) {
            eprintln!("{d}");
        }
        assert_eq!(n, 0, "{n} differences from serde_path_to_error");
    }

    #[test]
    fn attempts_fail_as_through_serde_path_to_error() {
        assert_same(compare::<Attempt>(ATTEMPT));
    }

    #[test]
    fn pretty_attempts_fail_as_through_serde_path_to_error() {
        assert_same(compare::<Attempt>(&pretty(ATTEMPT)));
    }

    #[test]
    fn templates_fail_as_through_serde_path_to_error() {
        let mut diffs = compare::<Template>(TEMPLATE);
        diffs.extend(compare::<Template>(&pretty(TEMPLATE)));
        assert_same(diffs);
    }

    #[test]
    fn options_fail_as_through_serde_path_to_error() {
        let mut diffs = Vec::new();
        for json in [OPTIONS.to_string(), pretty(OPTIONS)] {
            for m in mutations(&json) {
                if m.trim().is_empty() {
                    continue;
                }
                let old = reference_options(&m);
                let new = EngineOptions::from_json(&m).err();
                if old != new {
                    diffs.push(format!("{m}\n  serde_path_to_error: {old:?}\n  json_path:           {new:?}"));
                }
            }
        }
        assert_same(diffs);
    }

    #[test]
    fn paths_by_kind_of_error() {
        let history = |event: &str| {
            ATTEMPT.replace(
                r#""body":"STOP"}]"#,
                &format!(
                    r#""body":"STOP"}},{},{{"channel":"sms","direction":"inbound","at":"2026-03-09T16:00:00Z"}}]"#,
                    event
                ),
            )
        };
        let event = r#"{"channel":"sms","direction":"inbound","at":"2026-03-09T16:00:00Z""#;
        // An unknown member of the fourth event, and one with escapes in its name.
        assert_eq!(path_of::<Attempt>(&history(&format!("{event},\"foo\":1}}"))), "history[2].foo");
        assert_eq!(path_of::<Attempt>(&history(&format!("{event},\"a\\\"b\":1}}"))), "history[2].a\"b");
        assert_eq!(path_of::<Attempt>(&history(&format!("{event},\"caf\\u00e9\":1}}"))), "history[2].café");
        assert_eq!(path_of::<Attempt>(&history(&format!("{event},\"café\":1}}"))), "history[2].café");
        // A missing member: the object that lacks it.
        assert_eq!(path_of::<Attempt>(&history(r#"{"channel":"sms","direction":"inbound"}"#)), "history[2]");
        // A wrong type, a bad enum, a bad date, a bad instant.
        assert_eq!(path_of::<Attempt>(&history(&format!("{event},\"consented\":\"yes\"}}"))), "history[2].consented");
        assert_eq!(
            path_of::<Attempt>(&history(r#"{"channel":"fax","direction":"inbound","at":"2026-03-09T16:00:00Z"}"#)),
            "history[2].channel"
        );
        assert_eq!(path_of::<Attempt>(&ATTEMPT.replace("2026-01-10", "2026-02-30")), "debt.due_date");
        assert_eq!(path_of::<Attempt>(&ATTEMPT.replace("2025-12-01", "soon")), "debt.initial_letter.sent_on");
        assert_eq!(
            path_of::<Attempt>(&history(r#"{"channel":"sms","direction":"inbound","at":"yesterday"}"#)),
            "history[2].at"
        );
        // A value of its own type read after serde_json handed it over (the last of its object).
        assert_eq!(path_of::<Attempt>(&ATTEMPT.replace("\"FR\"", "\"XX\"")), "recipient.locations[1].country");
        assert_eq!(
            path_of::<Attempt>(&ATTEMPT.replace("\"10:30\"", "\"25:00\"")),
            "recipient.inconvenient_times[0].end"
        );
        // A broken text: cut short, a broken key, a missing colon, a bad literal.
        assert_eq!(path_of::<Attempt>(&ATTEMPT[..ATTEMPT.find("D-2").unwrap()]), "history[0].debt_ids[1]");
        assert_eq!(path_of::<Attempt>(&ATTEMPT[..ATTEMPT.find("\"relation\"").unwrap() + 4]), "recipient.?");
        assert_eq!(path_of::<Attempt>(&ATTEMPT.replace("\"role\":\"collector\"", "\"role\" \"collector\"")), "sender");
        assert_eq!(path_of::<Attempt>(&ATTEMPT.replace("\"automated\":true", "\"automated\":tru")), "automated");
        assert_eq!(path_of::<Attempt>(""), "$");
        assert_eq!(path_of::<Attempt>(&format!("{ATTEMPT} {{}}")), "$");
    }

    #[test]
    fn the_scan_keeps_the_open_containers_and_the_last_values_only() {
        let event = r#"{"channel":"sms","direction":"inbound","at":"2026-03-09T16:00:00Z","debt_ids":["a","b"]}"#;
        let events = vec![event; 5_000].join(",");
        let json = ATTEMPT.replace(r#""history":["#, &format!(r#""history":[{events},"#));
        let scan = Scan::run(json.as_bytes(), json.len());
        assert!(scan.nodes.len() < 40 && scan.keys.len() < 40, "{} values, {} keys", scan.nodes.len(), scan.keys.len());
        let broken = json.replace(r#""body":"STOP"}]"#, r#""body":"STOP","foo":1}]"#);
        assert_eq!(path_of::<Attempt>(&broken), "history[5001].foo");
        let broken = json.replace(r#""body":"STOP"}]"#, r#""body":"STOP"},{"channel":"sms"}]"#);
        assert_eq!(path_of::<Attempt>(&broken), "history[5002]");
    }

    #[test]
    fn offsets_count_lines_and_bytes() {
        let json = "{\n  \"a\": 1,\n  \"é\": x\n}";
        let e = serde_json::from_str::<serde_json::Value>(json).unwrap_err();
        assert_eq!(&json[offset(json, e.line(), e.column()) - 1..][..1], "x");
    }
}
