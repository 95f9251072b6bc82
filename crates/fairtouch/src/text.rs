//! Text normalisation and phrase matching.
//!
//! Matching runs on a normalised copy of the text: Unicode compatibility decomposition (NFKD,
//! which also covers NFKC's compatibility mappings), case folded, accents folded (combining
//! marks dropped), zero-width and control characters removed, hyphens and apostrophes read as
//! spaces, whitespace collapsed. Every byte of the copy remembers the original character it came
//! from, so matches are reported on the original text, in bytes and in UTF-16 code units.
//!
//! All phrases of all packs are compiled into one Aho-Corasick automaton at engine build; a match
//! counts only on word boundaries (a phrase ending in `*` matches any word that starts with it).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::model::Span;

/// A normalised copy of a text, with the way back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`: the original byte range of the character it came from.
    origin: Vec<(u32, u32)>,
}

fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
        || (c.is_control() && !c.is_whitespace())
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '-' | '\'' | '`' | '\u{00B4}' | '\u{02BC}' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201B}'
            | '\u{2032}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' | '\u{FF07}' | '_')
}

impl Normalized {
    /// Normalises `original` into a fresh value.
    pub fn new(original: &str) -> Normalized {
        let mut n = Normalized::default();
        n.reset(original);
        n
    }

    /// Normalises `original`, reusing this value's buffers.
    pub fn reset(&mut self, original: &str) {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        self.origin.clear();
        bytes.reserve(original.len());
        self.origin.reserve(original.len());
        let src = original.as_bytes();
        let mut pos = 0;
        while pos < src.len() {
            let b = src[pos];
            if b < 0x80 {
                // ASCII: one table look-up per byte.
                let range = (pos as u32, pos as u32 + 1);
                match ASCII_CLASS[b as usize] {
                    KEEP => {
                        bytes.push(b.to_ascii_lowercase());
                        self.origin.push(range);
                    }
                    SPACE => push_space(&mut bytes, &mut self.origin, range),
                    _ => {}
                }
                pos += 1;
                continue;
            }
            let c = original[pos..].chars().next().unwrap_or('\u{FFFD}');
            let range = (pos as u32, (pos + c.len_utf8()) as u32);
            pos += c.len_utf8();
            if is_removed(c) {
                continue;
            }
            if is_separator(c) {
                push_space(&mut bytes, &mut self.origin, range);
                continue;
            }
            decompose_compatible(c, |d| {
                if is_combining_mark(d) || is_removed(d) {
                    return;
                }
                if is_separator(d) {
                    push_space(&mut bytes, &mut self.origin, range);
                    return;
                }
                for l in d.to_lowercase() {
                    let folded: &str = match l {
                        'ß' => "ss",
                        'œ' => "oe",
                        'æ' => "ae",
                        'ø' => "o",
                        'ł' => "l",
                        'đ' => "d",
                        'ı' => "i",
                        _ => {
                            let mut buf = [0u8; 4];
                            let enc = l.encode_utf8(&mut buf);
                            bytes.extend_from_slice(enc.as_bytes());
                            for _ in 0..enc.len() {
                                self.origin.push(range);
                            }
                            continue;
                        }
                    };
                    bytes.extend_from_slice(folded.as_bytes());
                    for _ in 0..folded.len() {
                        self.origin.push(range);
                    }
                }
            });
        }
        if bytes.last() == Some(&b' ') {
            bytes.pop();
            self.origin.pop();
        }
        // Only whole UTF-8 sequences were pushed.
        self.text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// The original byte range of a range of the normalised text.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.origin.is_empty() || start >= end {
            return (0, 0);
        }
        let s = self.origin[start.min(self.origin.len() - 1)].0 as usize;
        let e = self.origin[(end - 1).min(self.origin.len() - 1)].1 as usize;
        (s, e.max(s))
    }

    /// Builds the span of the original text for a range of the normalised text.
    pub fn span(&self, original: &str, start: usize, end: usize, field: &str) -> Span {
        let (s, e) = self.original_range(start, end);
        span_of(original, s, e, field)
    }
}

const KEEP: u8 = 0;
const SPACE: u8 = 1;
const DROP: u8 = 2;

/// What normalisation does with each ASCII byte.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [KEEP; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0b || b == 0x0c {
            SPACE
        } else if b < 0x20 || b == 0x7f {
            DROP
        } else if b == b'-' || b == b'\'' || b == b'`' || b == b'_' {
            SPACE
        } else {
            KEEP
        };
        i += 1;
    }
    t
};

fn push_space(bytes: &mut Vec<u8>, origin: &mut Vec<(u32, u32)>, range: (u32, u32)) {
    if bytes.last().is_some_and(|&l| l != b' ') {
        bytes.push(b' ');
        origin.push(range);
    }
}

/// Builds a [`Span`] for a byte range of `original`.
pub fn span_of(original: &str, start: usize, end: usize, field: &str) -> Span {
    let start = floor_char_boundary(original, start);
    let end = floor_char_boundary(original, end.max(start));
    let start_utf16 = utf16_len(&original[..start]);
    let text = &original[start..end];
    Span {
        start,
        end,
        start_utf16,
        end_utf16: start_utf16 + utf16_len(text),
        text: text.to_string(),
        field: field.to_string(),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char::len_utf16).sum()
}

/// Normalises a phrase from a pack (same rules as for message text).
pub fn normalize(s: &str) -> String {
    Normalized::new(s).text
}

/// Expands a pattern's `(a|b)` alternatives, `[optional words]` and `(optional)?` groups (which
/// may nest) into plain phrases.
pub fn expand_pattern(pattern: &str) -> Result<Vec<String>, String> {
    const LIMIT: usize = 4096;
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    let out = expand_seq(&chars, &mut pos, None, pattern, LIMIT)?;
    if pos != chars.len() {
        return Err(format!("pattern {pattern:?}: unexpected {:?}", chars[pos]));
    }
    Ok(out)
}

/// Expands a sequence up to `close` (or the end); returns its alternatives when inside a group.
fn expand_seq(
    chars: &[char],
    pos: &mut usize,
    close: Option<char>,
    pattern: &str,
    limit: usize,
) -> Result<Vec<String>, String> {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    let mut current = vec![String::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        if Some(c) == close {
            break;
        }
        match c {
            '(' | '[' => {
                let inner_close = if c == '(' { ')' } else { ']' };
                *pos += 1;
                let mut options = expand_seq(chars, pos, Some(inner_close), pattern, limit)?;
                if chars.get(*pos) != Some(&inner_close) {
                    return Err(format!("pattern {pattern:?}: unclosed {c:?}"));
                }
                *pos += 1;
                let optional = c == '[' || chars.get(*pos) == Some(&'?');
                if c == '(' && chars.get(*pos) == Some(&'?') {
                    *pos += 1;
                }
                if options.iter().any(|o| o.trim().is_empty()) && !optional {
                    return Err(format!("pattern {pattern:?}: empty alternative"));
                }
                if optional {
                    options.push(String::new());
                }
                let mut next = Vec::with_capacity(current.len() * options.len());
                for prefix in &current {
                    for o in &options {
                        next.push(format!("{prefix}{o}"));
                    }
                }
                if next.len() > limit {
                    return Err(format!("pattern {pattern:?} expands to more than {limit} phrases"));
                }
                current = next;
            }
            '|' if close.is_some() => {
                alternatives.push(std::mem::replace(&mut current, vec![String::new()]));
                *pos += 1;
            }
            ')' | ']' | '|' | '?' => return Err(format!("pattern {pattern:?}: unexpected {c:?}")),
            _ => {
                for o in &mut current {
                    o.push(c);
                }
                *pos += 1;
            }
        }
    }
    alternatives.push(current);
    Ok(alternatives.into_iter().flatten().collect())
}

/// A compiled phrase: normalised text and whether it is a word prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    /// Normalised phrase text.
    pub text: String,
    /// The phrase ends in `*`: the last word may continue.
    pub prefix: bool,
}

/// Compiles one pattern of a pack into its phrases.
pub fn compile_pattern(pattern: &str) -> Result<Vec<Phrase>, String> {
    let mut phrases = Vec::new();
    for raw in expand_pattern(pattern)? {
        let trimmed = raw.trim();
        let (body, prefix) = match trimmed.strip_suffix('*') {
            Some(b) => (b, true),
            None => (trimmed, false),
        };
        if body.contains('*') {
            return Err(format!("pattern {pattern:?}: '*' is only allowed at the end"));
        }
        let text = normalize(body);
        if text.is_empty() {
            return Err(format!("pattern {pattern:?} is empty once normalised"));
        }
        if prefix && text.chars().count() < 3 {
            return Err(format!("pattern {pattern:?}: a prefix needs at least 3 characters"));
        }
        phrases.push(Phrase { text, prefix });
    }
    Ok(phrases)
}

/// A match of a phrase in a normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index of the phrase in the [`PhraseSet`].
    pub phrase: u32,
    /// Byte range in the normalised text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
}

/// Every phrase of every pack, compiled once.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    automaton: AhoCorasick,
    prefix: Vec<bool>,
}

impl PhraseSet {
    /// Compiles the phrases; index `i` of the slice is phrase id `i`.
    pub fn new(phrases: &[Phrase]) -> Result<PhraseSet, String> {
        // A DFA would halve scan time but costs tens of milliseconds at build: the default
        // (contiguous NFA) keeps engine build within a few milliseconds.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(phrases.iter().map(|p| p.text.as_bytes()))
            .map_err(|e| format!("cannot compile phrases: {e}"))?;
        Ok(PhraseSet { automaton, prefix: phrases.iter().map(|p| p.prefix).collect() })
    }

    /// Appends every word-bounded match in `text` to `hits`.
    pub fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for m in self.automaton.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !boundary_before(text, s) {
                continue;
            }
            if !self.prefix[m.pattern().as_usize()] && !boundary_after(text, e) {
                continue;
            }
            let _ = bytes;
            hits.push(Hit { phrase: m.pattern().as_u32(), start: s as u32, end: e as u32 });
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn boundary_before(text: &str, start: usize) -> bool {
    let starts_word = text[start..].chars().next().is_some_and(is_word_char);
    !starts_word || text[..start].chars().next_back().is_none_or(|c| !is_word_char(c))
}

fn boundary_after(text: &str, end: usize) -> bool {
    let ends_word = text[..end].chars().next_back().is_some_and(is_word_char);
    !ends_word || text[end..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// Extends a prefix match to the end of its word (for reporting the whole word).
pub fn word_end(text: &str, end: usize) -> usize {
    let mut e = end;
    for c in text[end..].chars() {
        if !is_word_char(c) {
            break;
        }
        e += c.len_utf8();
    }
    e
}

/// Finds `{{placeholder}}` names in a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                out.push(after[..close].trim());
                rest = &after[close + 2..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_spaces() {
        let n = Normalized::new("  Vous   DEVEZ\u{00A0}250 €, arrêtez   d’écrire ");
        assert_eq!(n.text, "vous devez 250 €, arretez d ecrire");
    }

    #[test]
    fn removes_zero_width_and_maps_back() {
        let original = "You will be arr\u{200B}ested!";
        let n = Normalized::new(original);
        assert_eq!(n.text, "you will be arrested!");
        let start = n.text.find("arrested").unwrap();
        let span = n.span(original, start, start + "arrested".len(), "body");
        assert_eq!(span.text, "arr\u{200B}ested");
        assert_eq!(span.start, 12);
        assert_eq!(span.end, original.len() - 1);
    }

    #[test]
    fn utf16_offsets_count_surrogates() {
        let original = "😀 arrest";
        let n = Normalized::new(original);
        let start = n.text.find("arrest").unwrap();
        let span = n.span(original, start, start + 6, "body");
        assert_eq!((span.start, span.start_utf16), (5, 3));
        assert_eq!(span.end_utf16, 9);
    }

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(normalize("ＡＲＲＥＳＴ ﬁne"), "arrest fine");
        assert_eq!(normalize("Straße ŒUVRE"), "strasse oeuvre");
    }

    #[test]
    fn expands_alternatives_and_options() {
        let mut p = expand_pattern("we will (sue|seize) [all] you").unwrap();
        p.sort();
        assert_eq!(p, ["we will seize  you", "we will seize all you", "we will sue  you", "we will sue all you"]);
        assert!(expand_pattern("a (b").is_err());
        let mut nested = expand_pattern("file (a )?(suit|claim) (x|(y|z) w)").unwrap();
        nested.sort();
        assert_eq!(nested.len(), 12);
        assert!(nested.contains(&"file a claim z w".to_string()));
        assert!(nested.contains(&"file suit x".to_string()));
    }

    #[test]
    fn matches_on_word_boundaries_only() {
        let phrases: Vec<Phrase> =
            ["end", "embarg*", "opt out"].iter().flat_map(|p| compile_pattern(p).unwrap()).collect();
        let set = PhraseSet::new(&phrases).unwrap();
        let mut hits = Vec::new();
        let n = Normalized::new("Weekend: we ENDED; embargaremos. Opt-out now. end");
        set.find(&n.text, &mut hits);
        let found: Vec<&str> = hits.iter().map(|h| &n.text[h.start as usize..h.end as usize]).collect();
        assert_eq!(found, ["embarg", "opt out", "end"]);
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("Pay {{ debt.amount }} to {{debt.creditor}} {{x"), ["debt.amount", "debt.creditor"]);
    }
}
