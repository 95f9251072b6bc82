//! The pattern language of the packs (`(a|b)` alternatives, `[optional]` words, `*` after a word)
//! and its compiler: every phrase of every pack in one Aho-Corasick automaton over the distinct
//! anchors, the rest of a long pattern walked at match time, matches only on word boundaries.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::disguise::{decode_sections, joined_start, MARK_ONE_AS_L, SECTION};
use super::reading::{is_separator, normalize};
use crate::model::Language;

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
    let inner = if raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'\'')) {
        ascii_reading(raw)
    } else {
        normalize(raw)
    };
    let lead = raw.chars().next().is_some_and(is_separator);
    let trail = raw.chars().next_back().is_some_and(is_separator);
    if inner.is_empty() {
        return if lead || trail { " ".to_string() } else { String::new() };
    }
    if !lead && !trail {
        return inner;
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

/// The reading of ASCII letters, digits and breaks (space, `-`, `'`), as [`normalize`] reads them
/// (letters lower-cased, a run of breaks as one space, none at either end), without the buffers of
/// a full reading: most pieces of most patterns are such words.
fn ascii_reading(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
        } else if out.as_bytes().last().is_some_and(|&l| l != b' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
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

/// What follows the nodes being expanded: the rest of each enclosing sequence, innermost first.
struct Then<'a> {
    nodes: &'a [Node],
    next: Option<&'a Then<'a>>,
}

/// Appends to `out` every expansion of `nodes` (then of `next`) after the text in `buf`, in order:
/// each alternative of a group, and for each, every expansion of what follows it. `buf` is
/// extended and cut back as the expansions branch, so only finished expansions are allocated.
fn expand(nodes: &[Node], next: Option<&Then>, buf: &mut String, out: &mut Vec<String>) {
    match nodes.split_first() {
        None => match next {
            None => out.push(buf.clone()),
            Some(then) => expand(then.nodes, then.next, buf, out),
        },
        Some((Node::Lit(l), rest)) => {
            let len = buf.len();
            join(buf, l);
            expand(rest, next, buf, out);
            buf.truncate(len);
        }
        Some((Node::Star, rest)) => {
            let len = buf.len();
            buf.push(STAR);
            expand(rest, next, buf, out);
            buf.truncate(len);
        }
        Some((Node::Group { options, optional }, rest)) => {
            let after = Then { nodes: rest, next };
            for o in options {
                expand(o, Some(&after), buf, out);
            }
            if *optional {
                expand(rest, next, buf, out);
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
    /// The language whose endings a `*` of the tail stands for (`None`: any of them).
    pub lang: Option<Language>,
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

/// Compiles one pattern of a pack, in a language (`None`: every language), into its phrases.
#[cfg(test)]
pub fn compile_pattern(pattern: &str, lang: Option<Language>) -> Result<Vec<Phrase>, String> {
    compile_pattern_min(pattern, lang, 2)
}

/// Compiles one pattern whose phrases may be as short as `min` characters (one-letter words of
/// the reading cues: Spanish "y", "o", French "n", "l").
pub fn compile_pattern_min(pattern: &str, lang: Option<Language>, min: usize) -> Result<Vec<Phrase>, String> {
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
        expand(&nodes[..k_now], None, &mut String::new(), &mut heads);
        let anchor_of = |h: &str| h.split(STAR).next().unwrap_or("").trim().chars().count();
        if heads.iter().any(|h| anchor_of(h) < min) && k < nodes.len() && !heads.iter().any(|h| h.contains(STAR)) {
            k += 1;
            continue;
        }
        let rest_nodes = &nodes[k_now..];
        // The heads share their tails: one per word after the `*` (none: ""), and one for each of
        // the two ways a head without `*` may end (on a word break or not).
        let mut starred: Vec<(String, std::sync::Arc<Tail>)> = Vec::new();
        let mut plain: [Option<std::sync::Arc<Tail>>; 2] = [None, None];
        let mut phrases = Vec::with_capacity(heads.len());
        for head in heads {
            // A `*` inside the anchor ends the anchor: the rest is matched by walking the text.
            let (anchor, tail) = match head.split_once(STAR) {
                Some((before, after)) => {
                    if !after.is_empty() && after.contains(STAR) {
                        return Err(format!("pattern {pattern:?}: at most one '*' before the last group"));
                    }
                    let tail = match starred.iter().find(|(a, _)| a == after) {
                        Some((_, t)) => t.clone(),
                        None => {
                            let mut nodes = Vec::with_capacity(2 + rest_nodes.len());
                            nodes.push(Node::Star);
                            if !after.is_empty() {
                                nodes.push(Node::Lit(after.to_string()));
                            }
                            nodes.extend_from_slice(rest_nodes);
                            let t = std::sync::Arc::new(Tail { space_first: false, nodes, lang });
                            starred.push((after.to_string(), t.clone()));
                            t
                        }
                    };
                    (before, Some(tail))
                }
                None if rest_nodes.is_empty() => (head.as_str(), None),
                None => {
                    let space_first = head.ends_with(' ');
                    let tail = plain[usize::from(space_first)].get_or_insert_with(|| {
                        std::sync::Arc::new(Tail { space_first, nodes: rest_nodes.to_vec(), lang })
                    });
                    (head.as_str(), Some(tail.clone()))
                }
            };
            let text = anchor.trim();
            let chars = text.chars().count();
            if chars < min || (chars < 3 && tail.as_ref().is_some_and(|t| t.nodes[0] == Node::Star)) {
                return Err(format!("pattern {pattern:?}: each phrase needs at least 2 characters (3 before a '*')"));
            }
            phrases.push(Phrase { text: text.to_string(), tail });
        }
        return Ok(phrases);
    }
}

/// Every end position at which `nodes` (then `rest`) match `text` from `pos`; a `*` stands for
/// the endings `endings` allows.
fn tail_ends(nodes: &[Node], rest: &[&[Node]], text: &str, pos: usize, endings: &Endings, out: &mut Vec<usize>) {
    match nodes.split_first() {
        None => match rest.split_first() {
            None => out.push(pos),
            Some((next, more)) => tail_ends(next, more, text, pos, endings, out),
        },
        Some((Node::Star, after)) => {
            let run: usize = text[pos..].chars().take_while(|c| is_word_char(*c)).map(char::len_utf8).sum();
            let start =
                pos - text[..pos].chars().rev().take_while(|c| is_word_char(*c)).map(char::len_utf8).sum::<usize>();
            if endings.allows(&text[start..pos + run], run) {
                tail_ends(after, rest, text, pos + run, endings, out);
            }
        }
        Some((Node::Lit(l), after)) => {
            let l =
                if l.starts_with(' ') && pos > 0 && text.as_bytes()[pos - 1] == b' ' { &l[1..] } else { l.as_str() };
            let l = if pos == text.len() && l == " " { "" } else { l };
            if text[pos..].starts_with(l) {
                tail_ends(after, rest, text, pos + l.len(), endings, out);
            }
        }
        Some((Node::Group { options, optional }, after)) => {
            // What follows each option: on the stack when it is short (it nearly always is).
            let mut small: [&[Node]; 8] = [&[]; 8];
            let heap: Vec<&[Node]>;
            let stack: &[&[Node]] = if rest.len() < small.len() {
                small[0] = after;
                small[1..=rest.len()].copy_from_slice(rest);
                &small[..=rest.len()]
            } else {
                heap = std::iter::once(after).chain(rest.iter().copied()).collect();
                &heap
            };
            for o in options {
                tail_ends(o, stack, text, pos, endings, out);
            }
            if *optional {
                tail_ends(after, rest, text, pos, endings, out);
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

/// A hasher for the maps of engine build (phrase texts written by the packs' authors, not by the
/// senders of messages): FxHash's multiply-rotate, several times cheaper than SipHash on the
/// tens of thousands of short phrases of the default packs.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Every phrase of every pack, compiled into one automaton over the distinct anchors.
///
/// The automaton is built on the first search, not with the set: an engine that is built and
/// never (or not yet) used does not pay for it, and a program that builds an engine to list or
/// check packs never does. Its build cannot fail then: [`PhraseSet::new`] checks that the
/// anchors are few and short enough for the automaton's ids, and builds it at once (reporting its
/// error) when they are not.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    automaton: std::sync::OnceLock<AhoCorasick>,
    /// For each anchor of the automaton: the phrases that start with it.
    anchors: Vec<Vec<u32>>,
    phrases: Vec<Phrase>,
    /// What a `*` stands for, by language.
    inflections: Inflections,
}

impl PhraseSet {
    /// Groups the phrases by anchor; index `i` of the list is phrase id `i`. The automaton is
    /// built on the first search (see [`PhraseSet`]).
    pub fn new(phrases: Vec<Phrase>, inflections: Inflections) -> Result<PhraseSet, String> {
        let mut anchors: Vec<Vec<u32>> = Vec::new();
        let (mut bytes, mut longest) = (0usize, 0usize);
        {
            let mut index: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(phrases.len(), Default::default());
            for (i, p) in phrases.iter().enumerate() {
                let a = *index.entry(p.text.as_str()).or_insert_with(|| {
                    bytes += p.text.len();
                    longest = longest.max(p.text.len());
                    anchors.push(Vec::new());
                    anchors.len() - 1
                });
                anchors[a].push(i as u32);
            }
        }
        let set = PhraseSet { automaton: std::sync::OnceLock::new(), anchors, phrases, inflections };
        // The automaton's build fails only when its states, transitions or matches outnumber its
        // ids (`i32::MAX - 1`) or its patterns do. Each byte of an anchor adds at most one state
        // and one transition, a dense row (up to 256) near the start, and a match per shorter
        // anchor ending there (at most the longest anchor's length): within that bound the build
        // cannot fail and can wait for the first search; beyond it, it is done now.
        let bound = (bytes + 4).saturating_mul(longest + 262).saturating_add(4096);
        if bound >= i32::MAX as usize - 1 || set.anchors.len() >= aho_corasick::PatternID::LIMIT {
            let automaton = set.build_automaton().map_err(|e| format!("cannot compile phrases: {e}"))?;
            let _ = set.automaton.set(automaton);
        }
        Ok(set)
    }

    /// The automaton of the anchors, built on first use.
    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            self.build_automaton().expect("an automaton within the ids' bound checked by PhraseSet::new builds")
        })
    }

    /// Builds the automaton of the anchors (anchor `a` is pattern `a`).
    fn build_automaton(&self) -> Result<AhoCorasick, aho_corasick::BuildError> {
        // A DFA would halve scan time but costs tens of milliseconds to build: the default
        // (contiguous NFA) is built in a few milliseconds, on the first search.
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(self.anchors.iter().map(|ids| self.phrases[ids[0] as usize].text.as_str()))
    }

    /// The phrases, by id.
    #[cfg(test)]
    pub(crate) fn phrases(&self) -> &[Phrase] {
        &self.phrases
    }

    /// Appends every word-bounded match in `text` (a reading) to `hits`: in the main reading, and
    /// in the joined reading that may follow it, the matches that read through a disguise.
    pub fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let main_end = joined_start(text);
        self.scan(&text[..main_end], |id, s, e| hits.push(Hit { phrase: id, start: s as u32, end: e as u32 }));
        if main_end == text.len() {
            return;
        }
        for section in decode_sections(text, main_end) {
            // The first section marks every change; the second only its `1`s read as `l`.
            let wanted = |m: u8| if section.marks.contains(&MARK_ONE_AS_L) { m == MARK_ONE_AS_L } else { m != 0 };
            self.scan(&section.text, |id, s, e| {
                if section.marks[s..e].iter().any(|&m| wanted(m)) {
                    let start = section.at[s];
                    let end = section.at[e - 1] + SECTION.len_utf8() as u32;
                    hits.push(Hit { phrase: id, start, end });
                }
            });
        }
    }

    /// Calls `found` with every word-bounded match in `text` (phrase, start, end).
    fn scan(&self, text: &str, mut found: impl FnMut(u32, usize, usize)) {
        let mut ends = Vec::new();
        for m in self.automaton().find_overlapping_iter(text) {
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
                        let endings = self.inflections.of(tail.lang);
                        tail_ends(&tail.nodes, &[], text, start, endings, &mut ends);
                        ends.sort_unstable_by(|a, b| b.cmp(a));
                        ends.iter().copied().find(|&x| boundary_after(text, x))
                    }
                };
                let Some(end) = end else { continue };
                if !boundary_after(text, end) {
                    continue;
                }
                found(id, s, end);
            }
        }
    }
}

/// The endings a `*` may stand for in one language (or in any, for `any` phrase lists).
#[derive(Debug, Clone, Default)]
pub struct Endings {
    /// Endings (normalised), longest first; empty: any continuation.
    endings: Vec<String>,
    /// Pronouns that may follow an ending (Spanish "embargarle").
    clitics: Vec<String>,
}

impl Endings {
    /// Endings from lists of words; an empty list allows any continuation.
    pub fn new(endings: &[String], clitics: &[String]) -> Endings {
        let mut endings: Vec<String> = endings.iter().map(|e| normalize(e)).filter(|e| !e.is_empty()).collect();
        endings.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        endings.dedup();
        Endings { endings, clitics: clitics.iter().map(|c| normalize(c)).collect() }
    }

    /// Whether `word`, whose last `run` bytes a `*` stands for, is the pattern's word with one of
    /// the endings: the run is empty, or is the end of an ending the word ends with (after up to
    /// two clitics), with at least two letters of stem before the ending. After a digit, `*`
    /// takes any continuation (reference numbers, phone prefixes).
    pub fn allows(&self, word: &str, run: usize) -> bool {
        if run == 0 || self.endings.is_empty() {
            return true;
        }
        if word[..word.len() - run].chars().next_back().is_some_and(|c| c.is_ascii_digit()) {
            return true;
        }
        self.allows_from(word, run, 2)
    }

    fn allows_from(&self, word: &str, run: usize, clitics: u8) -> bool {
        let stem_ok = |e: &str| word.len() >= e.len() + 2 && word.is_char_boundary(word.len() - e.len());
        if self.endings.iter().any(|e| e.len() >= run && word.ends_with(e.as_str()) && stem_ok(e)) {
            return true;
        }
        // A doubled consonant ("shit" + "ting"): the ending after it.
        let stem_end = word.len() - run;
        let doubled = word[..stem_end].chars().next_back().filter(|c| c.is_ascii_alphabetic() && !"aeiou".contains(*c));
        if run >= 2 && doubled.is_some_and(|c| word[stem_end..].starts_with(c)) {
            let single = format!("{}{}", &word[..stem_end], &word[stem_end + 1..]);
            if self
                .endings
                .iter()
                .any(|e| e.len() >= run - 1 && single.ends_with(e.as_str()) && single.len() >= e.len() + 2)
            {
                return true;
            }
        }
        clitics > 0
            && self.clitics.iter().any(|c| {
                c.len() <= run
                    && word.ends_with(c.as_str())
                    && (c.len() == run || self.allows_from(&word[..word.len() - c.len()], run - c.len(), clitics - 1))
            })
    }
}

/// What a `*` stands for in each language: `en`, `fr`, `es`, and any (the union).
#[derive(Debug, Clone, Default)]
pub struct Inflections {
    by_language: [Endings; 3],
    any: Endings,
}

impl Inflections {
    /// The endings of each language, with their clitics.
    pub fn new(lists: &[(Language, Vec<String>, Vec<String>)]) -> Inflections {
        let mut out = Inflections::default();
        let (mut all, mut all_clitics) = (Vec::new(), Vec::new());
        for (lang, endings, clitics) in lists {
            out.by_language[*lang as usize] = Endings::new(endings, clitics);
            all.extend(endings.iter().cloned());
            all_clitics.extend(clitics.iter().cloned());
        }
        out.any = Endings::new(&all, &all_clitics);
        out
    }

    /// The endings of a language (`None`: of every language).
    pub fn of(&self, lang: Option<Language>) -> &Endings {
        match lang {
            Some(l) => &self.by_language[l as usize],
            None => &self.any,
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

#[cfg(test)]
mod tests {
    use super::super::reading::Normalized;
    use super::*;

    /// Expands a pattern's `(a|b)` alternatives, `[optional words]` and `(optional)?` groups (which
    /// may nest) into plain normalised phrases.
    fn expand_pattern(pattern: &str) -> Result<Vec<String>, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let mut alts = parse_seq(&chars, &mut pos, None, pattern)?;
        let nodes = alts.pop().unwrap_or_default();
        let mut out = Vec::new();
        expand(&nodes, None, &mut String::new(), &mut out);
        Ok(out.into_iter().map(|s| s.replace(STAR, "*").trim().to_string()).collect())
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
            ["end", "embarg*", "opt out"].iter().flat_map(|p| compile_pattern(p, None).unwrap()).collect();
        let set = PhraseSet::new(phrases.clone(), Inflections::default()).unwrap();
        let mut hits = Vec::new();
        let n = Normalized::new("Weekend: we ENDED; embargaremos. Opt-out now. end");
        set.find(&n.text, &mut hits);
        let found: Vec<&str> = hits.iter().map(|h| &n.text[h.start as usize..h.end as usize]).collect();
        assert_eq!(found, ["embargaremos", "opt out", "end"]);
    }

    /// The words of `text` that `pattern` (in `lang`) matches, with the engine's endings.
    fn star_matches(pattern: &str, lang: Language, text: &str) -> Vec<String> {
        let reading: toml::Value = toml::from_str(fairtouch_rules::data::READING).unwrap();
        let list = |table: &str, key: &str| -> Vec<String> {
            reading[table]
                .get(key)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let lists: Vec<(Language, Vec<String>, Vec<String>)> = [Language::En, Language::Es, Language::Fr]
            .into_iter()
            .map(|l| (l, list("inflections", l.as_str()), list("clitics", l.as_str())))
            .collect();
        let set = PhraseSet::new(compile_pattern(pattern, Some(lang)).unwrap(), Inflections::new(&lists)).unwrap();
        let n = Normalized::new(text);
        let mut hits = Vec::new();
        set.find(&n.text, &mut hits);
        hits.iter().map(|h| n.text[h.start as usize..h.end as usize].to_string()).collect()
    }

    #[test]
    fn a_star_stands_for_the_endings_of_its_language() {
        assert_eq!(
            star_matches("seiz*", Language::En, "seize seized seizes seizing seizure seizures seizex"),
            ["seize", "seized", "seizes", "seizing", "seizure", "seizures"]
        );
        assert_eq!(star_matches("moron*", Language::En, "morons moronic Moroni"), ["morons", "moronic"]);
        assert_eq!(star_matches("shit*", Language::En, "shitting shitty shits"), ["shitting", "shitty", "shits"]);
        assert_eq!(
            star_matches("embarg*", Language::Es, "embargo embargaremos embarguen embargarle embargárselo embargatz"),
            ["embargo", "embargaremos", "embarguen", "embargarle", "embargarselo"]
        );
        assert_eq!(star_matches("remat*", Language::Es, "rematar remate rematch"), ["rematar", "remate"]);
        assert_eq!(
            star_matches("saisi*", Language::Fr, "saisir saisirons saisie saisissons"),
            ["saisir", "saisirons", "saisie", "saisissons"]
        );
        // After a digit, anything: a phone prefix.
        assert_eq!(star_matches("al 01*", Language::Es, "al 016195000"), ["al 016195000"]);
    }

    #[test]
    fn large_patterns_match_through_their_tail() {
        let pattern = "(nunca|jamas) (mas )?(podra|tendra|obtendra) (un|ningun) (credito|prestamo|tarjeta) [de credito] (en|con) (ningun|ninguna) (banco|entidad)";
        let phrases = compile_pattern(pattern, None).unwrap();
        assert!(phrases.len() <= 24 && phrases.iter().all(|p| p.tail.is_some()), "{}", phrases.len());
        let set = PhraseSet::new(phrases.clone(), Inflections::default()).unwrap();
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
            compile_pattern("(we|they) (will|shall) (garnish|seize|levy) (your|the) (wage|salar)*", None).unwrap();
        let set = PhraseSet::new(prefix, Inflections::default()).unwrap();
        let mut hits = Vec::new();
        set.find("they shall levy your salary now", &mut hits);
        assert_eq!(hits.len(), 1);
    }
}
