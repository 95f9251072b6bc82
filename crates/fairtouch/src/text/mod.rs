//! Text normalisation and phrase matching.
//!
//! Matching runs on a normalised copy of the text: Unicode compatibility decomposition (NFKD,
//! which also covers NFKC's compatibility mappings), case folded, accents folded (combining
//! marks dropped), zero-width and control characters removed, hyphens and apostrophes read as
//! spaces, whitespace collapsed. Every byte of the copy remembers the original character it came
//! from, so matches are reported on the original text, in bytes and in UTF-16 code units.
//!
//! All phrases of all packs are compiled at engine build into one list of anchors, whose one
//! Aho-Corasick automaton is built on the first evaluation; a match counts only on word
//! boundaries (a phrase ending in `*` matches any word that starts with it).

mod confusables;
mod contact;
mod disguise;
mod extract;
mod html;
mod license;
mod pattern;
mod reading;

pub use contact::{written_phone_number, written_po_box, written_street_address};
pub use extract::*;
pub use license::written_license_number;
pub use pattern::{compile_pattern_min, FastMap, Hit, Inflections, Phrase, PhraseSet};
pub use reading::{indexed_span, normalize, Normalized, Utf16Index};

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
    fn finds_placeholders() {
        assert_eq!(placeholders("Pay {{ debt.amount }} to {{debt.creditor}} {{x"), ["debt.amount", "debt.creditor"]);
    }
}
