//! Contact details written in a message: a telephone number, a street address, a post office box.
//! Laws that require a written notice to show the sender's address or telephone number are checked
//! on the text itself; the attempt has no field for them.

/// Words of ASCII letters or digits, as byte ranges of `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Where a North American telephone number is written: ten digits grouped 3-3-4 ("800-555-0100",
/// "(800) 555-0100", "800.555.0100", "800 555 0100"), optionally after a country code 1 ("+1",
/// "1-"), or written as one run of ten digits. Groups are joined by one space, hyphen, dot, or a
/// closing parenthesis and a space. Longer runs of digits (account numbers) are not numbers.
pub fn written_phone_number(text: &str) -> Option<(usize, usize)> {
    let w = words(text);
    let b = text.as_bytes();
    let joined = |a: (usize, usize), c: (usize, usize)| {
        let gap = &b[a.1..c.0];
        matches!(gap, b" " | b"-" | b"." | b") " | b")" | b")-")
    };
    for k in 0..w.len() {
        let s = &text[w[k].0..w[k].1];
        if !all_digits(s) {
            continue;
        }
        // A digit word glued to the one before it (as in 2023-45-800) is not a start.
        if k > 0 && w[k - 1].1 + 1 == w[k].0 && b[w[k - 1].1] == b'-' && all_digits(&text[w[k - 1].0..w[k - 1].1]) {
            continue;
        }
        if s.len() == 10 && (k + 1 >= w.len() || !(joined(w[k], w[k + 1]) && all_digits(&text[w[k + 1].0..w[k + 1].1])))
        {
            return Some(w[k]);
        }
        // 3-3-4, after an optional country code "1".
        let first = if s == "1" && k + 1 < w.len() && joined(w[k], w[k + 1]) { k + 1 } else { k };
        if first + 2 >= w.len() {
            continue;
        }
        let g = |i: usize| &text[w[i].0..w[i].1];
        let shape = g(first).len() == 3
            && all_digits(g(first))
            && g(first + 1).len() == 3
            && all_digits(g(first + 1))
            && g(first + 2).len() == 4
            && all_digits(g(first + 2))
            && joined(w[first], w[first + 1])
            && joined(w[first + 1], w[first + 2]);
        // Not followed by more digits joined the same way (a longer number).
        let longer = first + 3 < w.len() && joined(w[first + 2], w[first + 3]) && all_digits(g(first + 3));
        if shape && !longer {
            let start = if first > k { w[k].0 } else { w[first].0 };
            // "(800) 555-0100": take the opening parenthesis in.
            let start = if start > 0 && b[start - 1] == b'(' { start - 1 } else { start };
            return Some((start, w[first + 2].1));
        }
    }
    None
}

/// Street words that end the street part of an address ("100 Pine St", "1 Main Street, Suite 2").
const STREET_WORDS: [&str; 40] = [
    "st",
    "street",
    "ave",
    "av",
    "avenue",
    "blvd",
    "boulevard",
    "rd",
    "road",
    "dr",
    "drive",
    "ln",
    "lane",
    "way",
    "ct",
    "court",
    "pl",
    "place",
    "pkwy",
    "parkway",
    "hwy",
    "highway",
    "plaza",
    "cir",
    "circle",
    "trail",
    "trl",
    "terrace",
    "ter",
    "sq",
    "square",
    "fwy",
    "freeway",
    "loop",
    "expy",
    "expressway",
    "row",
    "pike",
    "suite",
    "ste",
];

/// Where a street address is written: a house number (1 to 6 digits, not an amount) followed,
/// within four words, by a street word ("100 Pine St", "2101 Arena Boulevard", "1 N. Main
/// Street").
pub fn written_street_address(text: &str) -> Option<(usize, usize)> {
    let w = words(text);
    let b = text.as_bytes();
    for k in 0..w.len() {
        let number = &text[w[k].0..w[k].1];
        if !all_digits(number) || number.len() > 6 {
            continue;
        }
        if w[k].0 > 0 && matches!(b[w[k].0 - 1], b'$' | b'.' | b',' | b'-' | b'/' | b':') {
            continue;
        }
        for n in k + 1..(k + 6).min(w.len()) {
            let word = text[w[n].0..w[n].1].to_ascii_lowercase();
            if all_digits(&word) {
                break;
            }
            if n > k + 1 && STREET_WORDS.contains(&word.as_str()) {
                return Some((w[k].0, w[n].1));
            }
        }
    }
    None
}

/// Where a post office box is written: "PO Box 1234", "P.O. Box 1234", "Post Office Box 1234".
pub fn written_po_box(text: &str) -> Option<(usize, usize)> {
    let w = words(text);
    let word = |i: usize| text[w[i].0..w[i].1].to_ascii_lowercase();
    for k in 0..w.len() {
        let (box_at, start) = match word(k).as_str() {
            "po" => (k + 1, w[k].0),
            "p" if k + 2 < w.len() && word(k + 1) == "o" => (k + 2, w[k].0),
            "post" if k + 2 < w.len() && word(k + 1) == "office" => (k + 2, w[k].0),
            _ => continue,
        };
        if box_at + 1 < w.len() && word(box_at) == "box" && all_digits(&text[w[box_at + 1].0..w[box_at + 1].1]) {
            return Some((start, w[box_at + 1].1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(t: &str) -> Option<&str> {
        written_phone_number(t).map(|(s, e)| &t[s..e])
    }
    fn street(t: &str) -> Option<&str> {
        written_street_address(t).map(|(s, e)| &t[s..e])
    }
    fn po_box(t: &str) -> Option<&str> {
        written_po_box(t).map(|(s, e)| &t[s..e])
    }

    #[test]
    fn telephone_numbers() {
        assert_eq!(phone("Call 800-555-0100 today."), Some("800-555-0100"));
        assert_eq!(phone("Call (800) 555-0100."), Some("(800) 555-0100"));
        assert_eq!(phone("Call 1-800-555-0100."), Some("1-800-555-0100"));
        assert_eq!(phone("Call +1 713 555 0100."), Some("1 713 555 0100"));
        assert_eq!(phone("Call 713.555.0100."), Some("713.555.0100"));
        assert_eq!(phone("Call 7135550100."), Some("7135550100"));
        assert_eq!(phone("You owe $250.00 on account 2023-45, due 2026-01-10."), None);
        assert_eq!(phone("Account 4111-111-1111-1111."), None, "a longer number");
        assert_eq!(phone("Reference 12345678901234."), None);
    }

    #[test]
    fn street_addresses_and_boxes() {
        assert_eq!(street("Acme Bank, 1 Main St, Houston TX 77002"), Some("1 Main St"));
        assert_eq!(street("at 2101 Arena Boulevard, Sacramento"), Some("2101 Arena Boulevard"));
        assert_eq!(street("100 N. Pine Street"), Some("100 N. Pine Street"));
        assert_eq!(street("Pay $100 today."), None);
        assert_eq!(street("within 30 days of this notice."), None);
        assert_eq!(street("Your payment of $250.00 is past due."), None);
        assert_eq!(po_box("Write to PO Box 1234, Houston TX."), Some("PO Box 1234"));
        assert_eq!(po_box("Write to P.O. Box 1234."), Some("P.O. Box 1234"));
        assert_eq!(po_box("Post Office Box 9"), Some("Post Office Box 9"));
        assert_eq!(po_box("Your inbox has 3 messages."), None);
    }
}
