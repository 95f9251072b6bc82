//! HTML as the recipient reads it: entities decoded, tags and comments not read (a tag inside a
//! word joins the word), tags that break a line or a block read as a space.

/// What a piece of markup reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    /// An entity: the character it stands for.
    Char(char),
    /// A tag that breaks the line or block (`<br>`, `<p>`, `</div>`, ...).
    Space,
    /// An inline tag or a comment: nothing.
    Nothing,
}

/// The markup starting at byte `pos` of `text` (an `&` or a `<`): where it ends, and what it
/// reads as. `None` when it is not markup (`AT&T`, `<3`, `a < b`, `<STOP>`).
pub(super) fn markup_at(text: &str, pos: usize) -> Option<(usize, Markup)> {
    let rest = &text.as_bytes()[pos..];
    match rest.first()? {
        b'&' => entity(rest).map(|(len, c)| (pos + len, Markup::Char(c))),
        b'<' => tag(rest).map(|(len, m)| (pos + len, m)),
        _ => None,
    }
}

fn entity(rest: &[u8]) -> Option<(usize, char)> {
    let semi = rest.iter().take(12).position(|&b| b == b';')?;
    let body = std::str::from_utf8(&rest[1..semi]).ok()?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok()?,
            _ => return None,
        };
        char::from_u32(code).unwrap_or('\u{FFFD}')
    } else {
        let i = NAMED.binary_search_by(|&(n, _)| n.cmp(body)).ok()?;
        NAMED[i].1
    };
    Some((semi + 1, c))
}

/// Named entities common in text, sorted by name.
const NAMED: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Agrave", 'À'),
    ("Ccedil", 'Ç'),
    ("Eacute", 'É'),
    ("Egrave", 'È'),
    ("Iacute", 'Í'),
    ("Ntilde", 'Ñ'),
    ("Oacute", 'Ó'),
    ("Uacute", 'Ú'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("auml", 'ä'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cent", '¢'),
    ("copy", '©'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("middot", '·'),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("ouml", 'ö'),
    ("pound", '£'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rsquo", '’'),
    ("shy", '\u{AD}'),
    ("thinsp", '\u{2009}'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uuml", 'ü'),
    ("yen", '¥'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// Tags read as a space (they break a line or a block), sorted.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Tags read as nothing, sorted.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "img", "ins", "kbd", "label", "mark", "meta",
    "q", "s", "samp", "small", "span", "strike", "strong", "style", "sub", "sup", "tt", "u", "var", "wbr",
];

fn tag(rest: &[u8]) -> Option<(usize, Markup)> {
    if rest.starts_with(b"<!--") {
        let end = find(&rest[4..], b"-->")?;
        return Some((4 + end + 3, Markup::Nothing));
    }
    let mut i = 1;
    if rest.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    while rest.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
        i += 1;
    }
    if i == name_start || i - name_start > 10 {
        return None;
    }
    let mut name = [0u8; 10];
    for (k, b) in rest[name_start..i].iter().enumerate() {
        name[k] = b.to_ascii_lowercase();
    }
    let name = std::str::from_utf8(&name[..i - name_start]).ok()?;
    let markup = if BLOCK.binary_search(&name).is_ok() {
        Markup::Space
    } else if INLINE.binary_search(&name).is_ok() {
        Markup::Nothing
    } else {
        return None;
    };
    match rest.get(i)? {
        b'>' => Some((i + 1, markup)),
        b' ' | b'\t' | b'\n' | b'\r' | b'/' => {
            // Attributes, up to the closing `>` (quoted values may hold one).
            let mut quote = None;
            for (k, &b) in rest.iter().enumerate().skip(i).take(4096) {
                match (quote, b) {
                    (None, b'"' | b'\'') => quote = Some(b),
                    (Some(q), _) if b == q => quote = None,
                    (None, b'>') => return Some((k + 1, markup)),
                    (None, b'<') => return None,
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(BLOCK.windows(2).all(|w| w[0] < w[1]));
        assert!(INLINE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reads_markup() {
        assert_eq!(markup_at("&#101;x", 0), Some((6, Markup::Char('e'))));
        assert_eq!(markup_at("&#x65;", 0), Some((6, Markup::Char('e'))));
        assert_eq!(markup_at("&amp;", 0), Some((5, Markup::Char('&'))));
        assert_eq!(markup_at("<b>", 0), Some((3, Markup::Nothing)));
        assert_eq!(markup_at("<br/>", 0), Some((5, Markup::Space)));
        assert_eq!(markup_at("<span style=\"a>b\">", 0), Some((18, Markup::Nothing)));
        assert_eq!(markup_at("<!-- x -->", 0), Some((10, Markup::Nothing)));
        for not in ["AT&T", "&T;", "<3", "< b>", "<STOP>", "&;", "&#;", "<b", "<a href=x <b>"] {
            let pos = not.find(['&', '<']).unwrap();
            assert_eq!(markup_at(not, pos), None, "{not}");
        }
    }
}
