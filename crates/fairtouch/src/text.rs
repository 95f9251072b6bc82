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

/// UTF-16 offsets of byte offsets of one text, in time independent of the offset: a checkpoint
/// every [`Utf16Index::STRIDE`] bytes, then a count of at most that many bytes. Many spans into a
/// large text would otherwise cost a scan of the text each.
#[derive(Debug, Clone)]
pub struct Utf16Index {
    /// `None` for ASCII text, where the offsets are the byte offsets.
    checkpoints: Option<Vec<(u32, u32)>>,
}

impl Utf16Index {
    const STRIDE: usize = 256;

    /// Indexes `text`.
    pub fn new(text: &str) -> Utf16Index {
        if text.is_ascii() {
            return Utf16Index { checkpoints: None };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let (mut units, mut next) = (0u32, 0usize);
        for (i, c) in text.char_indices() {
            if i >= next {
                checkpoints.push((i as u32, units));
                next = i + Self::STRIDE;
            }
            units += c.len_utf16() as u32;
        }
        Utf16Index { checkpoints: Some(checkpoints) }
    }

    /// The UTF-16 offset of byte offset `byte` (a char boundary) of `text`.
    pub fn offset(&self, text: &str, byte: usize) -> usize {
        match &self.checkpoints {
            None => byte,
            Some(cps) => {
                let k = cps.partition_point(|&(b, _)| b as usize <= byte).saturating_sub(1);
                let (b, units) = cps.get(k).copied().unwrap_or((0, 0));
                units as usize + utf16_len(&text[b as usize..byte])
            }
        }
    }
}

/// Builds a [`Span`] for a byte range of `original`, with a UTF-16 index of it.
pub fn indexed_span(original: &str, index: &Utf16Index, start: usize, end: usize, field: &str) -> Span {
    let start = floor_char_boundary(original, start);
    let end = floor_char_boundary(original, end.max(start));
    let start_utf16 = index.offset(original, start);
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

/// A parsed pattern element: literal text, or a group of alternatives (optional or not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// Normalised text; a leading or trailing space stands for a word break.
    Lit(String),
    /// `*` after a word: the word may continue.
    Star,
    /// One of the alternatives, or (when optional) none.
    Group {
        /// Each alternative is a sequence.
        options: Vec<Vec<Node>>,
        /// `[...]` or `(...)?`.
        optional: bool,
    },
}

fn parse_seq(chars: &[char], pos: &mut usize, close: Option<char>, pattern: &str) -> Result<Vec<Vec<Node>>, String> {
    let mut alternatives: Vec<Vec<Node>> = Vec::new();
    let mut current: Vec<Node> = Vec::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, current: &mut Vec<Node>| {
        if !literal.is_empty() {
            current.push(Node::Lit(normalize_fragment(literal)));
            literal.clear();
        }
    };
    while *pos < chars.len() {
        let c = chars[*pos];
        if Some(c) == close {
            break;
        }
        match c {
            '(' | '[' => {
                flush(&mut literal, &mut current);
                let inner_close = if c == '(' { ')' } else { ']' };
                *pos += 1;
                let options = parse_seq(chars, pos, Some(inner_close), pattern)?;
                if chars.get(*pos) != Some(&inner_close) {
                    return Err(format!("pattern {pattern:?}: unclosed {c:?}"));
                }
                *pos += 1;
                let mut optional = c == '[';
                if c == '(' && chars.get(*pos) == Some(&'?') {
                    optional = true;
                    *pos += 1;
                }
                let empty = options.iter().any(|o| o.iter().all(|n| matches!(n, Node::Lit(l) if l.trim().is_empty())));
                if empty && !optional {
                    return Err(format!("pattern {pattern:?}: empty alternative"));
                }
                current.push(Node::Group { options, optional });
            }
            '|' if close.is_some() => {
                flush(&mut literal, &mut current);
                alternatives.push(std::mem::take(&mut current));
                *pos += 1;
            }
            ')' | ']' | '|' | '?' => return Err(format!("pattern {pattern:?}: unexpected {c:?}")),
            '*' => {
                let after_group = literal.is_empty() && matches!(current.last(), Some(Node::Group { .. }));
                if !after_group && literal.chars().next_back().is_none_or(|c| !c.is_alphanumeric()) {
                    return Err(format!("pattern {pattern:?}: '*' must follow a letter"));
                }
                flush(&mut literal, &mut current);
                current.push(Node::Star);
                *pos += 1;
            }
            _ => {
                literal.push(c);
                *pos += 1;
            }
        }
    }
    flush(&mut literal, &mut current);
    alternatives.push(current);
    Ok(alternatives)
}

/// Normalises a literal piece of a pattern, keeping one space where it starts or ends on a break.
fn normalize_fragment(raw: &str) -> String {
    let inner = normalize(raw);
    let lead = raw.chars().next().is_some_and(is_separator);
    let trail = raw.chars().next_back().is_some_and(is_separator);
    if inner.is_empty() {
        return if lead || trail { " ".to_string() } else { String::new() };
    }
    let mut out = String::with_capacity(inner.len() + 2);
    if lead {
        out.push(' ');
    }
    out.push_str(&inner);
    if trail {
        out.push(' ');
    }
    out
}

/// Appends `piece` to `acc`, reading a space next to a space as one.
fn join(acc: &mut String, piece: &str) {
    if acc.ends_with(' ') && piece.starts_with(' ') {
        acc.push_str(&piece[1..]);
    } else {
        acc.push_str(piece);
    }
}

fn count(nodes: &[Node]) -> usize {
    nodes.iter().fold(1usize, |acc, n| {
        acc.saturating_mul(match n {
            Node::Lit(_) | Node::Star => 1,
            Node::Group { options, optional } => {
                options.iter().map(|o| count(o)).fold(0usize, usize::saturating_add) + usize::from(*optional)
            }
        })
    })
}

fn expand(nodes: &[Node], prefix: String, out: &mut Vec<String>) {
    match nodes.split_first() {
        None => out.push(prefix),
        Some((Node::Lit(l), rest)) => {
            let mut p = prefix;
            join(&mut p, l);
            expand(rest, p, out);
        }
        Some((Node::Star, rest)) => {
            let mut p = prefix;
            p.push(STAR);
            expand(rest, p, out);
        }
        Some((Node::Group { options, optional }, rest)) => {
            for o in options {
                let mut head = Vec::new();
                expand(o, prefix.clone(), &mut head);
                for h in head {
                    expand(rest, h, out);
                }
            }
            if *optional {
                expand(rest, prefix, out);
            }
        }
    }
}

/// Stands for `*` in expanded text.
const STAR: char = '\0';

/// The rest of a pattern after its anchor, matched by walking the text from the anchor's end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tail {
    /// The anchor ended on a word break: the text must continue with a space.
    pub space_first: bool,
    /// What must follow.
    pub nodes: Vec<Node>,
}

/// A compiled phrase: the normalised anchor text the automaton looks for, and what must follow it
/// (a `*` continuing a word, or the rest of a pattern with many alternatives).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase {
    /// Normalised anchor text.
    pub text: String,
    /// The rest of the pattern, for patterns whose full expansion would be large.
    pub tail: Option<std::sync::Arc<Tail>>,
}

/// Expansions up to this many become plain phrases; larger patterns get an anchor and a tail.
const MAX_EXPANSION: usize = 24;

/// Compiles one pattern of a pack into its phrases.
pub fn compile_pattern(pattern: &str) -> Result<Vec<Phrase>, String> {
    let body = pattern.trim();
    let chars: Vec<char> = body.chars().collect();
    let mut pos = 0;
    let mut alts = parse_seq(&chars, &mut pos, None, pattern)?;
    if pos != chars.len() || alts.len() != 1 {
        return Err(format!("pattern {pattern:?}: unbalanced groups"));
    }
    let nodes = alts.pop().unwrap_or_default();
    if count(&nodes) > 100_000 {
        return Err(format!("pattern {pattern:?} has more than 100,000 expansions"));
    }
    // The anchor: the longest prefix of nodes with few expansions, all of them long enough.
    let mut k = 1;
    while k < nodes.len() && count(&nodes[..k + 1]) <= MAX_EXPANSION {
        k += 1;
    }
    loop {
        let k_now = k.min(nodes.len());
        let mut heads = Vec::new();
        expand(&nodes[..k_now], String::new(), &mut heads);
        let anchor_of = |h: &str| h.split(STAR).next().unwrap_or("").trim().chars().count();
        if heads.iter().any(|h| anchor_of(h) < 2) && k < nodes.len() && !heads.iter().any(|h| h.contains(STAR)) {
            k += 1;
            continue;
        }
        let rest_nodes = &nodes[k_now..];
        let mut phrases = Vec::with_capacity(heads.len());
        for head in heads {
            // A `*` inside the anchor ends the anchor: the rest is matched by walking the text.
            let (anchor, tail) = match head.split_once(STAR) {
                Some((before, after)) => {
                    let mut tail_nodes = vec![Node::Star];
                    if !after.is_empty() {
                        tail_nodes.push(Node::Lit(after.replace(STAR, "")));
                        if after.contains(STAR) {
                            return Err(format!("pattern {pattern:?}: at most one '*' before the last group"));
                        }
                    }
                    tail_nodes.extend_from_slice(rest_nodes);
                    (before.to_string(), Some(Tail { space_first: false, nodes: tail_nodes }))
                }
                None if rest_nodes.is_empty() => (head.clone(), None),
                None => (head.clone(), Some(Tail { space_first: head.ends_with(' '), nodes: rest_nodes.to_vec() })),
            };
            let text = anchor.trim().to_string();
            if text.chars().count() < 2
                || (text.chars().count() < 3 && tail.as_ref().is_some_and(|t| t.nodes[0] == Node::Star))
            {
                return Err(format!("pattern {pattern:?}: each phrase needs at least 2 characters (3 before a '*')"));
            }
            let space_first = tail.as_ref().is_some_and(|t| t.space_first) && anchor.ends_with(' ');
            let tail = tail.map(|t| std::sync::Arc::new(Tail { space_first, nodes: t.nodes }));
            phrases.push(Phrase { text, tail });
        }
        return Ok(phrases);
    }
}

/// Every end position at which `nodes` (then `rest`) match `text` from `pos`.
fn tail_ends(nodes: &[Node], rest: &[&[Node]], text: &str, pos: usize, out: &mut Vec<usize>) {
    match nodes.split_first() {
        None => match rest.split_first() {
            None => out.push(pos),
            Some((next, more)) => tail_ends(next, more, text, pos, out),
        },
        Some((Node::Star, after)) => {
            let run: usize = text[pos..].chars().take_while(|c| is_word_char(*c)).map(char::len_utf8).sum();
            tail_ends(after, rest, text, pos + run, out);
        }
        Some((Node::Lit(l), after)) => {
            let l =
                if l.starts_with(' ') && pos > 0 && text.as_bytes()[pos - 1] == b' ' { &l[1..] } else { l.as_str() };
            let l = if pos == text.len() && l == " " { "" } else { l };
            if text[pos..].starts_with(l) {
                tail_ends(after, rest, text, pos + l.len(), out);
            }
        }
        Some((Node::Group { options, optional }, after)) => {
            let mut stack: Vec<&[Node]> = Vec::with_capacity(rest.len() + 1);
            stack.push(after);
            stack.extend_from_slice(rest);
            for o in options {
                tail_ends(o, &stack, text, pos, out);
            }
            if *optional {
                tail_ends(after, rest, text, pos, out);
            }
        }
    }
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

/// Every phrase of every pack, compiled once into one automaton over the distinct anchors.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    automaton: AhoCorasick,
    /// For each anchor of the automaton: the phrases that start with it.
    anchors: Vec<Vec<u32>>,
    phrases: Vec<Phrase>,
}

impl PhraseSet {
    /// Compiles the phrases; index `i` of the slice is phrase id `i`.
    pub fn new(phrases: &[Phrase]) -> Result<PhraseSet, String> {
        let mut texts: Vec<&str> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut anchors: Vec<Vec<u32>> = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            let a = *index.entry(p.text.as_str()).or_insert_with(|| {
                texts.push(p.text.as_str());
                anchors.push(Vec::new());
                texts.len() - 1
            });
            anchors[a].push(i as u32);
        }
        // A DFA would halve scan time but costs tens of milliseconds at build: the default
        // (contiguous NFA) keeps engine build within a few milliseconds.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .map_err(|e| format!("cannot compile phrases: {e}"))?;
        Ok(PhraseSet { automaton, anchors, phrases: phrases.to_vec() })
    }

    /// Appends every word-bounded match in `text` to `hits`.
    pub fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let mut ends = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !boundary_before(text, s) {
                continue;
            }
            for &id in &self.anchors[m.pattern().as_usize()] {
                let phrase = &self.phrases[id as usize];
                let end = match &phrase.tail {
                    None => Some(e),
                    Some(tail) => {
                        let start = if tail.space_first {
                            if text.as_bytes().get(e) != Some(&b' ') {
                                continue;
                            }
                            e + 1
                        } else {
                            e
                        };
                        ends.clear();
                        tail_ends(&tail.nodes, &[], text, start, &mut ends);
                        ends.sort_unstable_by(|a, b| b.cmp(a));
                        ends.iter().copied().find(|&x| boundary_after(text, x))
                    }
                };
                let Some(end) = end else { continue };
                if !boundary_after(text, end) {
                    continue;
                }
                hits.push(Hit { phrase: id, start: s as u32, end: end as u32 });
            }
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

    /// Expands a pattern's `(a|b)` alternatives, `[optional words]` and `(optional)?` groups (which
    /// may nest) into plain normalised phrases.
    fn expand_pattern(pattern: &str) -> Result<Vec<String>, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let mut alts = parse_seq(&chars, &mut pos, None, pattern)?;
        let nodes = alts.pop().unwrap_or_default();
        let mut out = Vec::new();
        expand(&nodes, String::new(), &mut out);
        Ok(out.into_iter().map(|s| s.replace(STAR, "*").trim().to_string()).collect())
    }

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
        let (s, e) = n.original_range(start, start + "arrested".len());
        let span = indexed_span(original, &Utf16Index::new(original), s, e, "body");
        assert_eq!(span.text, "arr\u{200B}ested");
        assert_eq!(span.start, 12);
        assert_eq!(span.end, original.len() - 1);
    }

    #[test]
    fn utf16_offsets_count_surrogates() {
        let original = "😀 arrest";
        let n = Normalized::new(original);
        let start = n.text.find("arrest").unwrap();
        let (s, e) = n.original_range(start, start + 6);
        let span = indexed_span(original, &Utf16Index::new(original), s, e, "body");
        assert_eq!((span.start, span.start_utf16), (5, 3));
        assert_eq!(span.end_utf16, 9);
    }

    #[test]
    fn utf16_index_agrees_with_a_scan() {
        let text = "é😀a".repeat(300) + "arrest";
        let index = Utf16Index::new(&text);
        for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            assert_eq!(index.offset(&text, i), utf16_len(&text[..i]), "at byte {i}");
        }
        assert_eq!(Utf16Index::new("plain").offset("plain", 3), 3);
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
        assert_eq!(p, ["we will seize all you", "we will seize you", "we will sue all you", "we will sue you"]);
        assert!(expand_pattern("a (b").is_err());
        let mut nested = expand_pattern("file (a )?(suit|claim) (x|(y|z) w)").unwrap();
        nested.sort();
        assert_eq!(nested.len(), 12);
        assert!(nested.contains(&"file a claim z w".to_string()));
        assert!(nested.contains(&"file suit y w".to_string()));
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
        assert_eq!(found, ["embargaremos", "opt out", "end"]);
    }

    #[test]
    fn large_patterns_match_through_their_tail() {
        let pattern = "(nunca|jamas) (mas )?(podra|tendra|obtendra) (un|ningun) (credito|prestamo|tarjeta) [de credito] (en|con) (ningun|ninguna) (banco|entidad)";
        let phrases = compile_pattern(pattern).unwrap();
        assert!(phrases.len() <= 24 && phrases.iter().all(|p| p.tail.is_some()), "{}", phrases.len());
        let set = PhraseSet::new(&phrases).unwrap();
        let mut hits = Vec::new();
        let n = Normalized::new(
            "Usted NUNCA más podrá obtener... jamás tendrá ningún préstamo con ninguna entidad, nunca.",
        );
        set.find(&n.text, &mut hits);
        assert_eq!(hits.len(), 1);
        let h = hits[0];
        assert_eq!(&n.text[h.start as usize..h.end as usize], "jamas tendra ningun prestamo con ninguna entidad");
        let mut hits = Vec::new();
        set.find("jamas tendra ningun prestamo con ninguna entidades", &mut hits);
        assert!(hits.is_empty(), "word boundary at the end");
        let prefix: Vec<Phrase> =
            compile_pattern("(we|they) (will|shall) (garnish|seize|levy) (your|the) (wage|salar)*").unwrap();
        let set = PhraseSet::new(&prefix).unwrap();
        let mut hits = Vec::new();
        set.find("they shall levy your salary now", &mut hits);
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("Pay {{ debt.amount }} to {{debt.creditor}} {{x"), ["debt.amount", "debt.creditor"]);
    }
}
