//! The disguise classes, shared by `disguises.rs` (each class on the packs' threats) and
//! `reading_measure.rs` (each class on every threat the engine catches in plain form): how a
//! sender hides a banned word from a reader that matches letters.

pub const CYRILLIC: &[(char, char)] =
    &[('a', 'а'), ('e', 'е'), ('o', 'о'), ('p', 'р'), ('c', 'с'), ('i', 'і'), ('x', 'х'), ('y', 'у')];
pub const GREEK: &[(char, char)] = &[('o', 'ο'), ('i', 'ι'), ('a', 'α'), ('p', 'ρ')];
pub const SMALL_CAPS: &[(char, char)] = &[
    ('a', 'ᴀ'),
    ('c', 'ᴄ'),
    ('d', 'ᴅ'),
    ('e', 'ᴇ'),
    ('i', 'ɪ'),
    ('j', 'ᴊ'),
    ('l', 'ʟ'),
    ('n', 'ɴ'),
    ('o', 'ᴏ'),
    ('p', 'ᴘ'),
    ('q', 'ꞯ'),
    ('r', 'ʀ'),
    ('s', 'ꜱ'),
    ('t', 'ᴛ'),
    ('u', 'ᴜ'),
];
pub const LEET: &[(char, char)] = &[('e', '3'), ('a', '4'), ('o', '0'), ('s', '$'), ('i', '1'), ('t', '7')];

pub fn insert_mid(word: &str, piece: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mid = chars.len() / 2;
    let mut out: String = chars[..mid].iter().collect();
    out.push_str(piece);
    out.extend(&chars[mid..]);
    out
}

pub fn replace_first(word: &str, table: &[(char, char)]) -> Option<String> {
    let (i, c) = word.char_indices().find(|(_, c)| table.iter().any(|(l, _)| l == c))?;
    let to = table.iter().find(|(l, _)| *l == c)?.1;
    Some(format!("{}{}{}", &word[..i], to, &word[i + c.len_utf8()..]))
}

/// Replaces the `n`th character of `word` by what `f` makes of it.
pub fn replace_nth(word: &str, n: usize, f: impl Fn(char) -> String) -> Option<String> {
    let (i, c) = word.char_indices().nth(n)?;
    Some(format!("{}{}{}", &word[..i], f(c), &word[i + c.len_utf8()..]))
}

pub type Disguise = Box<dyn Fn(&str) -> Option<String>>;

pub fn disguises() -> Vec<(&'static str, Disguise)> {
    let spaced = |sep: &'static str| -> Disguise {
        Box::new(move |w: &str| Some(w.chars().map(String::from).collect::<Vec<_>>().join(sep)))
    };
    let mid = |piece: &'static str| -> Disguise { Box::new(move |w: &str| Some(insert_mid(w, piece))) };
    vec![
        ("cyrillic", Box::new(|w: &str| replace_first(w, CYRILLIC))),
        ("greek", Box::new(|w: &str| replace_first(w, GREEK))),
        (
            "small-caps",
            Box::new(|w: &str| {
                Some(w.chars().map(|c| SMALL_CAPS.iter().find(|(l, _)| *l == c).map_or(c, |(_, s)| *s)).collect())
            }),
        ),
        (
            "letterlike-fullwidth",
            Box::new(|w: &str| {
                Some(
                    w.chars()
                        .map(|c| match c {
                            'a'..='z' => char::from_u32(c as u32 - 0x61 + 0xFF41).unwrap_or(c),
                            'A'..='Z' => char::from_u32(c as u32 - 0x41 + 0xFF21).unwrap_or(c),
                            _ => c,
                        })
                        .collect(),
                )
            }),
        ),
        ("spaces", spaced(" ")),
        ("dots", spaced(".")),
        ("hyphens", spaced("-")),
        ("underscores", spaced("_")),
        ("slashes", spaced("/")),
        ("nbsp-spelt", spaced("\u{a0}")),
        ("leet", Box::new(|w: &str| replace_first(w, LEET))),
        ("leet-at", Box::new(|w: &str| replace_first(w, &[('a', '@')]))),
        ("entity-decimal", Box::new(|w: &str| replace_nth(w, 2, |c| format!("&#{};", c as u32)))),
        ("entity-hex", Box::new(|w: &str| replace_nth(w, 1, |c| format!("&#x{:x};", c as u32)))),
        ("tag", mid("<b></b>")),
        ("span-tag", mid("<span style=\"color:red\">")),
        ("comment", mid("<!-- x -->")),
        ("emoji-inside", mid("😀")),
        ("emoji-zwj-inside", mid("👨\u{200d}👩\u{200d}👧")),
        ("line-break", mid("\n")),
        ("crlf", mid("\r\n")),
        ("br", mid("<br>")),
        ("nbsp", mid("\u{a0}")),
        ("word-joiner", mid("\u{2060}")),
        ("variation-selector", mid("\u{fe0f}")),
        ("tag-character", mid("\u{e0041}")),
        ("soft-hyphen", mid("\u{ad}")),
        ("emoji-between-words", Box::new(|w: &str| Some(format!("🚔 {w}")))),
    ]
}
