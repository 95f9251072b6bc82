//! What a text states: money amounts and dates in each language's formats, names without their
//! legal form, and a phrase on word boundaries — read on the original text or its reading.

use std::str::FromStr;

use jiff::civil::Date;
use rust_decimal::Decimal;

use std::sync::OnceLock;

use super::reading::{normalize, Normalized};
use crate::model::{Currency, Language};

/// The language tables of `rules/data/`, read once.
struct Tables {
    currency_before: Vec<(&'static str, &'static str)>,
    currency_after: Vec<(&'static str, &'static str)>,
    months: Vec<(&'static str, i8)>,
    legal_forms: Vec<&'static str>,
}

/// The lines of a table that are not comments, split on tabs.
fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let signs: Vec<Vec<&str>> = rows(fairtouch_rules::data::CURRENCY_SIGNS).filter(|r| r.len() == 3).collect();
        let side = |s: &str| signs.iter().filter(|r| r[0] == s).map(|r| (r[1], r[2])).collect();
        Tables {
            currency_before: side("before"),
            currency_after: side("after"),
            months: rows(fairtouch_rules::data::MONTH_NAMES)
                .filter_map(|r| Some((*r.get(1)?, r.get(2)?.parse().ok()?)))
                .collect(),
            legal_forms: rows(fairtouch_rules::data::LEGAL_FORMS).filter_map(|r| r.first().copied()).collect(),
        }
    })
}

/// A money amount written in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    pub currency: Option<Currency>,
}

fn currency_before(text: &str, start: usize) -> Option<(usize, &'static str)> {
    let head = text[..start].trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    for &(sym, code) in &tables().currency_before {
        if head.len() >= sym.len() && head.is_char_boundary(head.len() - sym.len()) {
            let cand = &head[head.len() - sym.len()..];
            if cand.eq_ignore_ascii_case(sym) {
                let before = &head[..head.len() - sym.len()];
                let alpha_before = sym.chars().next().is_some_and(char::is_alphabetic)
                    && before.chars().next_back().is_some_and(char::is_alphanumeric);
                if !alpha_before {
                    return Some((head.len() - sym.len(), code));
                }
            }
        }
    }
    None
}

fn currency_after(text: &str, end: usize) -> Option<(usize, &'static str)> {
    let tail = &text[end..];
    let trimmed = tail.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let offset = end + (tail.len() - trimmed.len());
    for &(sym, code) in &tables().currency_after {
        if trimmed.len() >= sym.len()
            && trimmed.is_char_boundary(sym.len())
            && trimmed[..sym.len()].eq_ignore_ascii_case(sym)
        {
            let alpha = sym.chars().next().is_some_and(char::is_alphabetic);
            if alpha && trimmed[sym.len()..].chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            return Some((offset + sym.len(), code));
        }
    }
    None
}

/// Reads a written number such as `1,234.56`, `1 234,56`, `1.234,56` or `250`.
fn parse_number(raw: &str) -> Option<Decimal> {
    let cleaned: String = raw.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect();
    let last_dot = cleaned.rfind('.');
    let last_comma = cleaned.rfind(',');
    let decimal_sep = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(p), None) | (None, Some(p)) => {
            let sep = cleaned.as_bytes()[p] as char;
            let digits_after = cleaned.len() - p - 1;
            let count = cleaned.matches(sep).count();
            if count == 1 && digits_after != 3 {
                Some(sep)
            } else {
                None
            }
        }
        (None, None) => None,
    };
    let mut normal = String::with_capacity(cleaned.len());
    for c in cleaned.chars() {
        match c {
            '0'..='9' => normal.push(c),
            c if Some(c) == decimal_sep => normal.push('.'),
            _ => {}
        }
    }
    Decimal::from_str(&normal).ok()
}

/// Every money amount in a text: numbers with a currency sign or code next to them, or with two
/// decimals.
pub fn amounts(text: &str) -> Vec<Money> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // "S/350" and "S/.350": the Peruvian sol sign touches the number.
        let sol_sign = (i >= 2 && bytes[i - 1] == b'/' && matches!(bytes[i - 2], b'S' | b's'))
            || (i >= 3 && bytes[i - 1] == b'.' && bytes[i - 2] == b'/' && matches!(bytes[i - 3], b'S' | b's'));
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && !sol_sign
                && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'.' | b',' | b'-' | b'/' | b'#')))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                j += 1;
                end = j;
                continue;
            }
            // A separator counts only when digits follow it.
            let sep_len = if matches!(bytes[j], b'.' | b',' | b' ' | b'\'') {
                1
            } else if text[j..].starts_with('\u{a0}') {
                2
            } else if text[j..].starts_with('\u{202f}') {
                3
            } else {
                0
            };
            if sep_len == 0 || !bytes.get(j + sep_len).is_some_and(u8::is_ascii_digit) {
                break;
            }
            if bytes[j] != b'.' && bytes[j] != b',' {
                // A space groups thousands only before exactly three digits.
                let run = bytes[j + sep_len..].iter().take_while(|b| b.is_ascii_digit()).count();
                if run != 3 {
                    break;
                }
            }
            j += sep_len;
        }
        i = end.max(i + 1);
        let raw = &text[start..end];
        if bytes.get(end).is_some_and(|b| {
            b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E' | b'u' | b'U' | b'd' | b'D' | b's' | b'S' | b'p' | b'P')
        }) {
            continue;
        }
        let Some(value) = parse_number(raw) else { continue };
        let before = currency_before(text, start);
        let after = currency_after(text, end);
        let two_decimals = raw.len() > 3 && matches!(raw.as_bytes()[raw.len() - 3], b'.' | b',');
        let (s, e, code) = match (before, after) {
            (Some((s, c)), _) => (s, end, Some(c)),
            (None, Some((e, c))) => (start, e, Some(c)),
            (None, None) if two_decimals => (start, end, None),
            _ => continue,
        };
        out.push(Money { start: s, end: e, value, currency: code.and_then(|c| Currency::new(c).ok()) });
    }
    out.sort_by_key(|m| (m.start, m.end));
    out
}

/// A date written in a text; the year may be missing.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenDate {
    pub start: usize,
    pub end: usize,
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
}

impl WrittenDate {
    /// Whether it names `d` (a missing year matches any).
    pub fn is(&self, d: Date) -> bool {
        self.month == d.month() && self.day == d.day() && self.year.is_none_or(|y| y == d.year())
    }
}

fn month_of(word: &str) -> Option<i8> {
    tables().months.iter().find(|(m, _)| *m == word).map(|(_, n)| *n)
}

fn valid(year: Option<i16>, month: i8, day: i8) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day) && Date::new(year.unwrap_or(2024), month, day).is_ok()
}

/// Every date in a text: ISO, numeric (month first in English, day first in French and Spanish)
/// and written out ("January 10, 2026", "10 janvier 2026", "10 de enero de 2026").
pub fn dates(text: &str, normalized: &Normalized, language: Language) -> Vec<WrittenDate> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // Numeric forms, on the original text.
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut j = i;
        let mut sep = 0u8;
        loop {
            let s = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            parts.push((s, j));
            if parts.len() == 3 || j >= b.len() || !matches!(b[j], b'/' | b'-' | b'.') {
                break;
            }
            if sep != 0 && b[j] != sep {
                break;
            }
            sep = b[j];
            if !b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                break;
            }
            j += 1;
        }
        let nums: Vec<i32> = parts.iter().map(|&(s, e)| text[s..e].parse().unwrap_or(-1)).collect();
        let lens: Vec<usize> = parts.iter().map(|&(s, e)| e - s).collect();
        let end = parts.last().map(|p| p.1).unwrap_or(j);
        let found = match (nums.len(), lens.as_slice()) {
            (3, [4, 1..=2, 1..=2]) => Some((Some(nums[0] as i16), nums[1] as i8, nums[2] as i8)),
            (3, [1..=2, 1..=2, 2 | 4]) | (2, [1..=2, 1..=2]) if sep != b'.' || language != Language::En => {
                let year = nums.get(2).map(|&y| if y < 100 { 2000 + y as i16 } else { y as i16 });
                let (m, d) = if language == Language::En { (nums[0], nums[1]) } else { (nums[1], nums[0]) };
                Some((year, m as i8, d as i8))
            }
            _ => None,
        };
        if let Some((y, m, d)) = found {
            if valid(y, m, d) && (nums.len() == 3 || sep == b'/') {
                out.push(WrittenDate { start: i, end, year: y, month: m, day: d });
            }
        }
        i = end.max(i + 1);
    }
    // Written-out forms, on the normalised text.
    let norm = &normalized.text;
    let words: Vec<(usize, usize)> = word_ranges(norm);
    for (k, &(ws, we)) in words.iter().enumerate() {
        let Some(month) = month_of(&norm[ws..we]) else { continue };
        let num = |idx: usize| -> Option<(usize, usize, i32)> {
            let &(s, e) = words.get(idx)?;
            let w = &norm[s..e];
            let digits = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h', 'o', 'e']);
            let digits = if digits.is_empty() { w } else { digits };
            digits.parse().ok().map(|n| (s, e, n))
        };
        // "January 10[, 2026]"
        if let Some((_, de, day)) = num(k + 1) {
            if (1..=31).contains(&day) {
                let year = num(k + 2).filter(|&(_, _, y)| (1900..=2200).contains(&y));
                let end = year.map(|y| y.1).unwrap_or(de);
                if valid(year.map(|y| y.2 as i16), month, day as i8) {
                    let (s, e) = normalized.original_range(ws, end);
                    out.push(WrittenDate { start: s, end: e, year: year.map(|y| y.2 as i16), month, day: day as i8 });
                    continue;
                }
            }
        }
        // "10 janvier [2026]" / "10 de enero [de 2026]"
        let mut before = k.checked_sub(1);
        if before.is_some_and(|b| &norm[words[b].0..words[b].1] == "de") {
            before = k.checked_sub(2);
        }
        if let Some((ds, _, day)) = before.and_then(num) {
            let mut after = k + 1;
            if words.get(after).is_some_and(|&(s, e)| &norm[s..e] == "de") {
                after += 1;
            }
            let year = num(after).filter(|&(_, _, y)| (1900..=2200).contains(&y));
            let end = year.map(|y| y.1).unwrap_or(we);
            if valid(year.map(|y| y.2 as i16), month, day as i8) {
                let (s, e) = normalized.original_range(ds, end);
                out.push(WrittenDate { start: s, end: e, year: year.map(|y| y.2 as i16), month, day: day as i8 });
            }
        }
    }
    out
}

fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A name in normalised form without its legal-form suffix ("Acme Recovery LLC" -> "acme recovery").
pub fn core_name(name: &str) -> String {
    let mut n = normalize(name).replace([',', '.'], " ");
    n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = n.len();
        for suffix in &tables().legal_forms {
            if let Some(stripped) = n.strip_suffix(suffix) {
                if stripped.ends_with(' ') {
                    n = stripped.trim_end().to_string();
                    break;
                }
            }
        }
        if n.len() == before {
            return n;
        }
    }
}

/// Finds a normalised phrase in a text view, on word boundaries; returns original byte ranges.
pub fn find_phrase(normalized: &Normalized, phrase: &str) -> Option<(usize, usize)> {
    if phrase.is_empty() {
        return None;
    }
    let text = &normalized.text;
    let mut from = 0;
    while let Some(pos) = text[from..].find(phrase) {
        let s = from + pos;
        let e = s + phrase.len();
        let before_ok = text[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(normalized.original_range(s, e));
        }
        from = s + phrase.chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        amounts(text)
            .iter()
            .map(|m| format!("{} {}", m.value, m.currency.map(|c| c.as_str().to_string()).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn reads_amounts_in_three_locales() {
        assert_eq!(values("balance of $1,234.56 due"), ["1234.56 USD"]);
        assert_eq!(values("Montant : 1 234,56 € à régler"), ["1234.56 EUR"]);
        assert_eq!(values("cuota S/ 1,234.50 vencida"), ["1234.50 PEN"]);
        assert_eq!(values("S/. 350 y 250,00 €"), ["350 PEN", "250.00 EUR"]);
        assert_eq!(values("account 2023-45, call 555-0100"), Vec::<String>::new());
        assert_eq!(values("you owe 250.00 today"), ["250.00 "]);
        assert_eq!(values("1.234,56 EUR"), ["1234.56 EUR"]);
        assert_eq!(values("S/350.00 y S/.1,200"), ["350.00 PEN", "1200 PEN"]);
    }

    #[test]
    fn every_row_of_the_language_tables_is_read() {
        let count = |t: &'static str| rows(t).count();
        let t = tables();
        assert_eq!(t.currency_before.len() + t.currency_after.len(), count(fairtouch_rules::data::CURRENCY_SIGNS));
        assert_eq!(t.months.len(), count(fairtouch_rules::data::MONTH_NAMES));
        assert!(t.months.iter().all(|&(_, m)| (1..=12).contains(&m)));
        assert_eq!(t.legal_forms.len(), count(fairtouch_rules::data::LEGAL_FORMS));
        assert_eq!(crate::locate::language_of_country(crate::model::Country::new("PE").unwrap()), Some(Language::Es));
        assert_eq!(crate::locate::language_of_country(crate::model::Country::new("DE").unwrap()), None);
    }

    #[test]
    fn strips_legal_suffixes() {
        assert_eq!(core_name("Acme Recovery, LLC"), "acme recovery");
        assert_eq!(core_name("Caja Piura S.A.C."), "caja piura");
        assert_eq!(core_name("Banque Y SAS"), "banque y");
    }
}
