//! The reading of a text: a normalised copy (compatibility forms, case and accents folded,
//! invisible characters removed, separators read as spaces) in which every byte remembers the
//! original character it came from, so that a match is reported on the original text, in bytes
//! and in UTF-16 code units.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::confusables::LATIN_CONFUSABLES;
use crate::model::Span;

/// A normalised copy of a text, with the way back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each byte of `text`: the original byte range of the character it came from.
    pub(super) origin: Vec<(u32, u32)>,
}

/// Characters that are not read: default-ignorable code points (zero-width, joiners, bidi
/// controls, variation selectors, tag characters, fillers), every format character (general
/// category Cf), private-use characters (an unknown glyph, and the reading's own encoding of
/// the joined reading) and controls other than whitespace.
pub(super) fn is_removed(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}' | '\u{0891}' | '\u{08E2}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{E000}'..='\u{F8FF}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' | '\u{F0000}'..='\u{10FFFF}')
        || (c.is_control() && !c.is_whitespace())
}

/// Emoji and pictographic symbols (read as a space; inside a word, a soft joint).
pub(super) fn is_pictographic(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1F0FF}' | '\u{1F1E6}'..='\u{1F1FF}' | '\u{1F200}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{231A}' | '\u{231B}' | '\u{2328}'
        | '\u{23CF}' | '\u{23E9}'..='\u{23F3}' | '\u{23F8}'..='\u{23FA}' | '\u{2190}'..='\u{21FF}'
        | '\u{25A0}'..='\u{25FF}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}')
        && confusable_letter(c).is_none()
}

/// The Latin letter a character of another script (or a small capital, or a letter-like
/// symbol) looks like: UTS #39 confusables, see `confusables.rs`.
pub(super) fn confusable_letter(c: char) -> Option<u8> {
    if c.is_ascii() {
        return None;
    }
    LATIN_CONFUSABLES.binary_search_by(|&(k, _)| k.cmp(&c)).ok().map(|i| LATIN_CONFUSABLES[i].1)
}

pub(super) fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '-' | '\'' | '`' | '\u{00B4}' | '\u{02BC}' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201B}'
            | '\u{2032}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' | '\u{FF07}' | '_')
}

impl Normalized {
    /// The main reading, without the joined reading of disguised letters that may follow it.
    pub fn main_reading(&self) -> &str {
        &self.text[..super::disguise::joined_start(&self.text)]
    }

    /// Normalises `original` into a fresh value: the reading, and where the text carries
    /// disguises, the joined reading after it (see [`super::disguise`]).
    pub fn new(original: &str) -> Normalized {
        let mut n = Normalized::default();
        n.reset(original);
        n
    }

    /// Normalises `original`, reusing this value's buffers.
    pub fn reset(&mut self, original: &str) {
        let confusables = self.read(original);
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        super::disguise::append_joined(&mut bytes, &mut self.origin, original, &confusables);
        self.text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// The main reading only; returns the confusable letters met (byte offset in the reading,
    /// letter).
    fn read(&mut self, original: &str) -> Vec<(u32, u8)> {
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        bytes.clear();
        self.origin.clear();
        bytes.reserve(original.len());
        self.origin.reserve(original.len());
        let mut confusables = Vec::new();
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
                    MARKUP => match super::html::markup_at(original, pos) {
                        Some((end, markup)) => {
                            let range = (pos as u32, end as u32);
                            pos = end;
                            match markup {
                                super::html::Markup::Char(c) => {
                                    push_char(c, range, &mut bytes, &mut self.origin, &mut confusables);
                                }
                                super::html::Markup::Space => push_space(&mut bytes, &mut self.origin, range),
                                super::html::Markup::Nothing => {}
                            }
                            continue;
                        }
                        None => {
                            bytes.push(b);
                            self.origin.push(range);
                        }
                    },
                    _ => {}
                }
                pos += 1;
                continue;
            }
            let c = original[pos..].chars().next().unwrap_or('\u{FFFD}');
            let range = (pos as u32, (pos + c.len_utf8()) as u32);
            pos += c.len_utf8();
            push_char(c, range, &mut bytes, &mut self.origin, &mut confusables);
        }
        if bytes.last() == Some(&b' ') {
            bytes.pop();
            self.origin.pop();
        }
        // Only whole UTF-8 sequences were pushed.
        self.text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        confusables
    }

    /// The words of the main reading (not its joined reading), each with the original byte range
    /// it was read from: what a person reads, letter by letter.
    pub fn main_words(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let main = &self.text[..super::disguise::joined_start(&self.text)];
        main.char_indices().filter(|(_, c)| c.is_alphanumeric()).map(|(i, _)| {
            let (s, e) = self.origin[i];
            (s as usize, e as usize)
        })
    }

    /// The range of the main reading read from the same original characters as `[start, end)` of
    /// the joined reading: where a disguised word stands in its sentence.
    pub fn main_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = self.original_range(start, end);
        let main = super::disguise::joined_start(&self.text);
        let origin = &self.origin[..main.min(self.origin.len())];
        let from = origin.partition_point(|&(_, oe)| (oe as usize) <= s);
        let to = origin.partition_point(|&(os, _)| (os as usize) < e);
        let (from, to) = (from.min(to), to);
        (from < to && self.text.is_char_boundary(from) && self.text.is_char_boundary(to)).then_some((from, to))
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

/// Reads one character (not an ASCII one from the text, but possibly one an HTML entity stood
/// for) into the reading.
fn push_char(
    c: char,
    range: (u32, u32),
    bytes: &mut Vec<u8>,
    origin: &mut Vec<(u32, u32)>,
    confusables: &mut Vec<(u32, u8)>,
) {
    if c.is_ascii() {
        match ASCII_CLASS[c as usize] {
            KEEP | MARKUP => {
                bytes.push(c.to_ascii_lowercase() as u8);
                origin.push(range);
            }
            SPACE => push_space(bytes, origin, range),
            _ => {}
        }
        return;
    }
    if is_removed(c) {
        return;
    }
    if is_separator(c) || is_pictographic(c) {
        push_space(bytes, origin, range);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || is_removed(d) {
            return;
        }
        if is_separator(d) {
            push_space(bytes, origin, range);
            return;
        }
        if let Some(letter) = confusable_letter(d) {
            confusables.push((bytes.len() as u32, letter));
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
                        origin.push(range);
                    }
                    continue;
                }
            };
            bytes.extend_from_slice(folded.as_bytes());
            for _ in 0..folded.len() {
                origin.push(range);
            }
        }
    });
}

const KEEP: u8 = 0;
const SPACE: u8 = 1;
const DROP: u8 = 2;
/// `&` and `<`: an HTML entity, tag or comment may start here.
const MARKUP: u8 = 3;

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
        } else if b == b'&' || b == b'<' {
            MARKUP
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
    let mut n = Normalized::default();
    n.read(s);
    n.text
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn folds_case_accents_and_spaces() {
        assert_eq!(normalize("  Vous   DEVEZ\u{00A0}250 €, arrêtez   d’écrire "), "vous devez 250 €, arretez d ecrire");
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

    /// The main reading of a text, and its joined reading decoded (marked bytes upper case).
    fn readings(original: &str) -> (String, Vec<String>) {
        let n = Normalized::new(original);
        let start = super::super::disguise::joined_start(&n.text);
        let joined = super::super::disguise::decode_sections(&n.text, start)
            .into_iter()
            .map(|s| {
                s.text
                    .bytes()
                    .zip(&s.marks)
                    .map(|(b, &m)| if m != 0 { b.to_ascii_uppercase() as char } else { b as char })
                    .collect()
            })
            .collect();
        (n.text[..start].to_string(), joined)
    }

    #[test]
    fn reads_disguises() {
        assert_eq!(
            readings("arr&#101;sted arr<b></b>ested a<!-- x -->b &amp; <3 AT&T"),
            ("arrested arrested ab & <3 at&t".into(), vec![])
        );
        assert_eq!(readings("you will be 🚔 arrested"), ("you will be arrested".into(), vec![]));
        assert_eq!(readings("x\u{2060}y\u{FE0F}z\u{E0041}w"), ("xyzw".into(), vec![]));
        assert_eq!(readings("а"), ("а".into(), vec!["A".into()]));
        assert_eq!(readings("ᴀʀʀᴇsᴛᴇᴅ"), ("ᴀʀʀᴇsᴛᴇᴅ".into(), vec!["ARREsTED".into()]));
        assert_eq!(
            readings("be a r r e s t e d now"),
            ("be a r r e s t e d now".into(), vec!["be aRRESTED now".into(), "be a RRESTED now".into()])
        );
        // A word of one letter before the spelt-out word is read both ways, or apart when another
        // separator joins it; punctuation may stand around the first and last letters.
        assert_eq!(
            readings("a w a r r a n t, (t h e f t)"),
            ("a w a r r a n t, (t h e f t)".into(), vec!["aWARRANT, (tHEFT)".into(), "a WARRANT, (tHEFT)".into()])
        );
        assert_eq!(
            readings("a d e p u t y will"),
            (
                "a d e p u t y will".into(),
                vec!["aDEPUTY will".into(), "a DEPUTY will".into(), "aDEPUT Y will".into(), "a DEPUT Y will".into()]
            )
        );
        assert_eq!(
            readings("un m a n d a t d'arrêt"),
            ("un m a n d a t d arret".into(), vec!["un mANDAT d arret".into()])
        );
        assert_eq!(readings("A w.a.r.r.a.n.t."), ("a w.a.r.r.a.n.t.".into(), vec!["a wARRANT.".into()]));
        assert_eq!(readings("a.r.r-e_s/t"), ("a.r.r e s/t".into(), vec!["aRREST".into()]));
        assert_eq!(
            readings("arr\nested arr\u{a0}ested arr😀ested arr<br>ested"),
            ("arr ested arr ested arr ested arr ested".into(), vec!["arrEsted arrEsted arrEsted arrEsted".into()])
        );
        assert_eq!(readings("pr1son"), ("pr1son".into(), vec!["prIson".into(), "prLson".into()]));
        assert_eq!(
            readings("@rr3sted $250.00 2023-45 4pm"),
            ("@rr3sted $250.00 2023 45 4pm".into(), vec!["ArrEsted $250.00 2023 45 Apm".into()])
        );
        // Ordinary text has no joined reading.
        for plain in [
            "the ft",
            "pay now",
            "the cost is $250.00, ref 2023-45, call 800-555-0100",
            "e-mail follow-up opt-out",
            "a b",
            "U.S. citizen",
            "line\n\nbreaks",
        ] {
            assert_eq!(readings(plain).1, Vec::<String>::new(), "{plain}");
        }
    }

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(normalize("ＡＲＲＥＳＴ ﬁne"), "arrest fine");
        assert_eq!(normalize("Straße ŒUVRE"), "strasse oeuvre");
    }
}
