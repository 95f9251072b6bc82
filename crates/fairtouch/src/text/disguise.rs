//! The joined reading: the text as a recipient reads a disguised word. Where the reading of a
//! text shows a disguise — a letter of another script or a small capital that looks like a Latin
//! letter, a digit or symbol used as a letter inside a word (`arr3sted`, `@rrest`, `j4il`), letters
//! spelt out one by one (`a r r e s t`, `a.r.r.e.s.t`, `a-r-r-e-s-t`), a word broken by a line
//! break, a no-break space, an emoji or a `<br>` (`arr\nested`) — a second reading follows the
//! main one, in which the letters are put back and the soft joints removed. Every character of
//! it that differs from the main reading is *marked*; the matcher accepts from it only the
//! matches that hold a mark, so an ordinary text reads as before ("the ft" stays two words,
//! "pay\nnow" is still matched as "pay now" by the main reading), and a match is never found
//! twice.
//!
//! So that what reads the main reading (field look-ups, dates, the reading of replies) is not
//! disturbed, the joined reading is appended in an encoding that no word is made of: each byte
//! `b` of it, with its mark `m`, is the private-use character U+E000 + 256·m + b, and each
//! section starts with [`SECTION`]. The main reading never holds a private-use character (they
//! are removed), so the first byte 0xEE of the text is where the joined reading starts.
//! [`decode_sections`] gives the sections back to the matcher.

use super::html::{markup_at, Markup};
use super::reading::{is_pictographic, is_removed};

/// Starts each section of the joined reading.
pub(super) const SECTION: char = '\u{E300}';
const BASE: u32 = 0xE000;
/// Mark of a character changed by the joined reading.
pub(super) const MARK: u8 = 1;
/// Mark of a `1` read as `l` (the second section, which exists only when a `1` was read as a
/// letter: the first reads it as `i`).
pub(super) const MARK_ONE_AS_L: u8 = 2;

#[derive(Debug, Clone, Copy)]
struct J {
    c: char,
    mark: u8,
    /// Byte offset of the character in the main reading.
    at: u32,
    /// A digit `1` read as a letter.
    one: bool,
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => return None,
    })
}

fn is_leet_byte(b: u8) -> bool {
    matches!(b, b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'8' | b'@' | b'$' | b'!' | b'|')
}

/// A gap of the original text between two letters that the recipient may read as nothing: one
/// line break, one no-break space, one `<br>`, or emoji only (with what is removed anyway).
fn soft_gap(gap: &str) -> bool {
    let mut pict = 0;
    let mut other: Option<&str> = None;
    let mut pos = 0;
    while pos < gap.len() {
        let c = gap[pos..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if is_removed(c) || (pict > 0 && unicode_normalization::char::is_combining_mark(c)) {
            pos += len;
            continue;
        }
        if is_pictographic(c) {
            pict += 1;
            pos += len;
            continue;
        }
        if other.is_some() {
            return false;
        }
        if c == '\r' && gap[pos + 1..].starts_with('\n') {
            other = Some("\n");
            pos += 2;
            continue;
        }
        if c == '&' || c == '<' {
            match markup_at(gap, pos) {
                Some((end, Markup::Char('\u{A0}'))) => {
                    other = Some("\u{A0}");
                    pos = end;
                    continue;
                }
                Some((end, Markup::Space))
                    if gap[pos + 1..].len() >= 2 && gap[pos + 1..pos + 3].eq_ignore_ascii_case("br") =>
                {
                    other = Some("<br>");
                    pos = end;
                    continue;
                }
                Some((end, Markup::Nothing)) => {
                    pos = end;
                    continue;
                }
                _ => return false,
            }
        }
        if !matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{A0}' | '\u{2007}' | '\u{202F}') {
            return false;
        }
        other = Some("\n");
        pos += len;
    }
    (pict > 0) != other.is_some()
}

/// One separator between letters spelt out one by one.
fn is_letter_separator(gap: &str) -> bool {
    matches!(gap, " " | "." | "-" | "_" | "/" | "\u{A0}" | "\u{202F}" | "\u{2010}" | "\u{2011}" | "·" | "•")
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Whether a main reading may hold a disguise: a cheap scan, so that a plain text does not pay
/// for the joined reading.
fn may_be_disguised(main: &[u8], origin: &[(u32, u32)], original: &str, confusables: &[(u32, u8)]) -> bool {
    if !confusables.is_empty() {
        return true;
    }
    let sep = |b: u8| matches!(b, b' ' | b'.' | b'/');
    let n = main.len();
    for i in 0..n {
        let b = main[i];
        if b == b' ' {
            if i > 0 && i + 1 < n && is_word(main[i - 1]) && is_word(main[i + 1]) {
                let from = origin[i].0 as usize;
                if original.as_bytes()[from] != b' ' {
                    let gap = &original[origin[i - 1].1 as usize..origin[i + 1].0 as usize];
                    if soft_gap(gap) {
                        return true;
                    }
                }
            }
        } else if is_leet_byte(b)
            && ((i > 0 && main[i - 1].is_ascii_alphabetic()) || (i + 1 < n && main[i + 1].is_ascii_alphabetic()))
        {
            return true;
        }
        if is_word(b)
            && (i == 0 || !is_word(main[i - 1]))
            && i + 4 < n
            && sep(main[i + 1])
            && is_word(main[i + 2])
            && sep(main[i + 3])
            && is_word(main[i + 4])
            && (i + 5 == n || !is_word(main[i + 5]))
        {
            return true;
        }
    }
    false
}

/// Appends the joined reading of `original` to its main reading (`bytes`, `origin`), when the
/// text shows a disguise. `confusables` are the confusable letters of the main reading (byte
/// offset, letter).
pub(super) fn append_joined(
    bytes: &mut Vec<u8>,
    origin: &mut Vec<(u32, u32)>,
    original: &str,
    confusables: &[(u32, u8)],
) {
    if !may_be_disguised(bytes, origin, original, confusables) {
        return;
    }
    let Ok(main) = std::str::from_utf8(bytes) else { return };
    // The characters of the main reading, confusables read as the letters they look like.
    let mut seq: Vec<J> = Vec::with_capacity(main.len());
    let mut conf = confusables.iter().peekable();
    for (i, c) in main.char_indices() {
        let mut j = J { c, mark: 0, at: i as u32, one: false };
        while conf.peek().is_some_and(|&&(at, _)| (at as usize) < i) {
            conf.next();
        }
        if let Some(&&(at, letter)) = conf.peek() {
            if at as usize == i {
                j.c = letter as char;
                j.mark = MARK;
            }
        }
        seq.push(j);
    }
    let n = seq.len();
    let mut keep = vec![true; n];
    let span = |j: &J| origin[j.at as usize];
    // Soft joints: a space between two word characters that stands for a soft gap.
    for k in 1..n.saturating_sub(1) {
        if seq[k].c == ' ' && seq[k - 1].c.is_alphanumeric() && seq[k + 1].c.is_alphanumeric() {
            let (from, to) = (span(&seq[k - 1]).1 as usize, span(&seq[k + 1]).0 as usize);
            if from < to && soft_gap(&original[from..to]) {
                keep[k] = false;
                seq[k + 1].mark = MARK;
            }
        }
    }
    // Letters spelt out one by one: tokens split on spaces, dots and slashes, each one letter
    // with, at most, punctuation before or after it ("(t h e f t)", "t h e f t,").
    let is_sep = |c: char| matches!(c, ' ' | '.' | '/');
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if is_sep(seq[k].c) && keep[k] {
            k += 1;
            continue;
        }
        let s = k;
        while k < n && !(is_sep(seq[k].c) && keep[k]) {
            k += 1;
        }
        tokens.push((s, k));
    }
    let lettered = |c: char| c.is_alphanumeric() || leet(c).is_some();
    // The letter of a token that is one letter (with punctuation around it).
    let letter_of = |t: (usize, usize)| {
        let mut letters = (t.0..t.1).filter(|&k| lettered(seq[k].c));
        match (letters.next(), letters.next()) {
            (Some(k), None) if seq[k].c.is_alphabetic() || leet(seq[k].c).is_some() => Some(k),
            _ => None,
        }
    };
    // The separator between the letters of two tokens, in the original text: the run goes on
    // only when punctuation stands before its first letter or after its last.
    let gap = |a: (usize, usize), b: (usize, usize)| -> Option<&str> {
        let (la, lb) = (letter_of(a)?, letter_of(b)?);
        if b.0 != a.1 + 1 || la + 1 != a.1 || lb != b.0 {
            return None;
        }
        let (from, to) = (span(&seq[la]).1 as usize, span(&seq[lb]).0 as usize);
        (from <= to && is_letter_separator(&original[from..to])).then(|| &original[from..to])
    };
    let is_letter = |x: usize| letter_of(tokens[x]).is_some_and(|k| seq[k].c.is_alphabetic());
    // Runs of at least three tokens with two letters; a word of one letter at either end of a
    // run ("a w a r r a n t", "y d e n u n c i a r") is kept apart when another separator joins
    // it
    // ("a w.a.r.r.a.n.t": a space, then dots), and otherwise read both ways: `edges` are the runs without it.
    // Each run: its tokens, and how many words of one letter may stand apart at its start and
    // at its end.
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    let long_enough = |t: usize, u: usize| u + 1 >= t + 3 && (t..=u).filter(|&x| is_letter(x)).count() >= 2;
    let one_letter_word =
        |x: usize| letter_of(tokens[x]).is_some_and(|k| matches!(seq[k].c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à'));
    // A letter before an apostrophe is an elided word ("m a n d a t d'arrêt").
    let elided = |x: usize| {
        letter_of(tokens[x]).is_some_and(|k| original[span(&seq[k]).1 as usize..].starts_with(['\'', '\u{2019}']))
    };
    let space = |x: Option<&str>| x.is_some_and(|g| g.chars().all(char::is_whitespace));
    let mut t = 0;
    while t < tokens.len() {
        if letter_of(tokens[t]).is_none() {
            t += 1;
            continue;
        }
        let mut u = t;
        while u + 1 < tokens.len() && gap(tokens[u], tokens[u + 1]).is_some() {
            u += 1;
        }
        let next = u + 1;
        let (mut a, mut b) = (t, u);
        if b >= a + 3 && space(gap(tokens[a], tokens[a + 1])) && !space(gap(tokens[a + 1], tokens[a + 2])) {
            a += 1;
        }
        if b >= a + 3
            && space(gap(tokens[b - 1], tokens[b]))
            && (elided(b) || !space(gap(tokens[b - 2], tokens[b - 1])))
        {
            b -= 1;
        }
        if long_enough(a, b) {
            let lead = usize::from(one_letter_word(a) && space(gap(tokens[a], tokens[a + 1])));
            let trail = usize::from(b > a && one_letter_word(b) && space(gap(tokens[b - 1], tokens[b])));
            let lead = if long_enough(a + lead, b) { lead } else { 0 };
            let trail = if long_enough(a, b - trail) { trail } else { 0 };
            runs.push((a, b, lead, trail));
        }
        t = next;
    }
    // The readings: every run joined whole, and (when a run has words of one letter at its
    // edges) with the word at its start, at its end, or at both kept apart.
    let mut keeps: Vec<Vec<(usize, usize)>> = Vec::new();
    for variant in 0..4usize {
        let (drop_lead, drop_trail) = (variant & 1 == 1, variant & 2 == 2);
        let differs = runs.iter().any(|&(_, _, lead, trail)| (!drop_lead || lead > 0) && (!drop_trail || trail > 0));
        if variant > 0 && !differs {
            continue;
        }
        let joined: Vec<(usize, usize)> = runs
            .iter()
            .map(|&(a, b, lead, trail)| {
                let (from, to) = (a + lead * usize::from(drop_lead), b - trail * usize::from(drop_trail));
                if long_enough(from, to) {
                    (from, to)
                } else {
                    (a, b)
                }
            })
            .collect();
        keeps.push(joined);
    }
    let keeps: Vec<Vec<bool>> = keeps
        .into_iter()
        .map(|joined| {
            let mut k = keep.clone();
            for (from, to) in joined {
                for x in from + 1..=to {
                    k[tokens[x].0 - 1] = false;
                    seq[tokens[x].0].mark = MARK;
                }
            }
            k
        })
        .collect();
    let keep = keeps[0].clone();
    // Digits and symbols used as letters inside a word.
    let kept: Vec<usize> = (0..n).filter(|&k| keep[k]).collect();
    let wordish = |c: char| c.is_alphanumeric() || matches!(c, '@' | '$' | '!' | '|');
    let mut any_one = false;
    let mut a = 0;
    while a < kept.len() {
        if !wordish(seq[kept[a]].c) {
            a += 1;
            continue;
        }
        let mut b = a;
        while b < kept.len() && wordish(seq[kept[b]].c) {
            b += 1;
        }
        let (mut s, mut e) = (a, b);
        while s < e && seq[kept[s]].c == '!' {
            s += 1;
        }
        while e > s && matches!(seq[kept[e - 1]].c, '!' | '|') {
            e -= 1;
        }
        let tok = &kept[s..e];
        let other_digit = tok.iter().any(|&k| seq[k].c.is_numeric() && leet(seq[k].c).is_none());
        let amount = tok.windows(2).any(|w| seq[w[0]].c == '$' && seq[w[1]].c.is_ascii_digit());
        let letters = tok.iter().filter(|&&k| seq[k].c.is_alphabetic()).count();
        if !other_digit && !amount && letters >= 1 && tok.iter().any(|&k| leet(seq[k].c).is_some()) {
            for &k in tok {
                if let Some(l) = leet(seq[k].c) {
                    seq[k].one = seq[k].c == '1';
                    any_one |= seq[k].one;
                    seq[k].c = l;
                    seq[k].mark = MARK;
                }
            }
        }
        a = b;
    }
    if !kept.iter().any(|&k| seq[k].mark != 0) {
        return;
    }
    let end = original.len() as u32;
    // The sections: the joined reading, with its `1`s read as `l`, and with the words of one
    // letter at the edges of a run kept apart.
    let edge_kept: Vec<Vec<usize>> = keeps[1..].iter().map(|keep| (0..n).filter(|&k| keep[k]).collect()).collect();
    let mut sections: Vec<(usize, &[usize])> = vec![(0, &kept)];
    if any_one {
        sections.push((1, &kept));
    }
    sections.extend(edge_kept.iter().map(|kept| (0, kept.as_slice())));
    for (variant, kept) in sections {
        push_encoded(bytes, origin, SECTION, (end, end));
        for &k in kept {
            let j = seq[k];
            let (c, mark) = if variant == 1 && j.one { ('l', MARK_ONE_AS_L) } else { (j.c, j.mark) };
            let range = origin[j.at as usize];
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                let enc = char::from_u32(BASE + 256 * u32::from(mark) + u32::from(b)).unwrap_or(SECTION);
                push_encoded(bytes, origin, enc, range);
            }
        }
    }
}

fn push_encoded(bytes: &mut Vec<u8>, origin: &mut Vec<(u32, u32)>, c: char, range: (u32, u32)) {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        bytes.push(b);
        origin.push(range);
    }
}

/// A section of the joined reading, decoded: its text, the mark of each byte, and the offset in
/// the whole reading of the character that encodes each byte.
#[derive(Debug, Default)]
pub(super) struct Section {
    pub text: String,
    pub marks: Vec<u8>,
    pub at: Vec<u32>,
}

/// Where the joined reading starts in a reading (its length when there is none).
pub(super) fn joined_start(text: &str) -> usize {
    text.as_bytes().iter().position(|&b| b == 0xEE).unwrap_or(text.len())
}

/// The sections of the joined reading that starts at `from`.
pub(super) fn decode_sections(text: &str, from: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    for (i, c) in text[from..].char_indices() {
        if c == SECTION {
            if let Some(last) = out.last_mut() {
                last.text = String::from_utf8(std::mem::take(&mut bytes)).unwrap_or_default();
            }
            out.push(Section::default());
            continue;
        }
        let Some(section) = out.last_mut() else { continue };
        let v = (c as u32).wrapping_sub(BASE);
        bytes.push((v & 0xFF) as u8);
        section.marks.push((v >> 8) as u8);
        section.at.push((from + i) as u32);
    }
    if let Some(last) = out.last_mut() {
        last.text = String::from_utf8(bytes).unwrap_or_default();
    }
    out.retain(|s| s.text.len() == s.marks.len());
    out
}
