//! Licence numbers written in a message, so that a rule needing `sender.license_number` can still
//! be checked when the attempt does not give it: the number the sender wrote is the number it
//! displays.

/// Words after which a licence number is written: "license", "licence", "lic".
const CUES: [&str; 3] = ["license", "licence", "lic"];
/// Words that may stand between the cue and the number: "License No. 10001-99", "licence number:
/// 1000123", "License # 10001-99" (`#`, `:` and `.` are not words and are skipped anyway).
const FILLERS: [&str; 5] = ["no", "number", "nbr", "num", "is"];
/// Registries whose numbers are not state licence numbers: "NMLS License #123456".
const OTHER_REGISTRIES: [&str; 1] = ["nmls"];

/// Where a California debt collection licence number is written in `text`, as a byte range of the
/// number: a cue word ("License", "Licence", "Lic."), up to two filler words ("No.", "number",
/// "#"), then 5 to 8 digits, optionally followed by a hyphen and 1 to 3 digits ("10001-99",
/// "1000123"). A number introduced by another registry's name ("NMLS License #") is not one.
///
/// The Department of Financial Protection and Innovation's numbers are written as digits with an
/// optional hyphenated suffix; a number in any other shape is not taken for one.
pub fn written_license_number(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    // Words: runs of ASCII letters or digits, as byte ranges.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    let word = |k: usize| text[words[k].0..words[k].1].to_ascii_lowercase();
    let digits = |k: usize| text[words[k].0..words[k].1].bytes().all(|b| b.is_ascii_digit());
    for k in 0..words.len() {
        if !CUES.contains(&word(k).as_str()) {
            continue;
        }
        if k > 0 && OTHER_REGISTRIES.contains(&word(k - 1).as_str()) {
            continue;
        }
        let mut n = k + 1;
        while n < words.len() && n <= k + 2 && FILLERS.contains(&word(n).as_str()) {
            n += 1;
        }
        if n >= words.len() || !digits(n) || !(5..=8).contains(&(words[n].1 - words[n].0)) {
            continue;
        }
        let (start, mut end) = words[n];
        // A hyphenated suffix written right after the number: "10001-99".
        if let Some(&(s, e)) = words.get(n + 1) {
            if s == end + 1 && bytes[end] == b'-' && digits(n + 1) && (1..=3).contains(&(e - s)) {
                end = e;
            }
        }
        return Some((start, end));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::written_license_number;

    fn found(text: &str) -> Option<&str> {
        written_license_number(text).map(|(s, e)| &text[s..e])
    }

    #[test]
    fn licence_numbers_as_senders_write_them() {
        assert_eq!(found("Acme Recovery (CA license 10001-99) is a debt collector."), Some("10001-99"));
        assert_eq!(found("CA DFPI License #10001-99. Reply STOP to opt out."), Some("10001-99"));
        assert_eq!(found("California Debt Collection License No. 1000123"), Some("1000123"));
        assert_eq!(found("Licence number: 10045-99"), Some("10045-99"));
        assert_eq!(found("Lic. # 10045"), Some("10045"));
        assert_eq!(found("Señor, CA LICENSE NO 10002-99."), Some("10002-99"), "byte offsets past non-ASCII text");
    }

    #[test]
    fn what_is_not_a_licence_number() {
        assert_eq!(found("Acme Recovery is a debt collector. Call 800-555-0100."), None);
        assert_eq!(found("We are licensed by the DFPI."), None, "no number");
        assert_eq!(found("License pending, call 800 555 0100."), None, "no number right after the cue");
        assert_eq!(found("NMLS License #123456"), None, "another registry");
        assert_eq!(found("license no. 1234"), None, "too short");
        assert_eq!(found("license 123456789"), None, "too long");
    }
}
