//! Reading attempts and templates: a whole file (or standard input), or JSON Lines one line at a
//! time. Every read is bounded, so an absurd input is refused instead of exhausting memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

/// The largest attempt or template read, in bytes: a whole file, standard input or one JSON Lines
/// line. The engine's own limits (1 MB each for body and subject, 4 MB of history bodies, 100,000
/// history events) keep a real attempt well under this; the rest is room for JSON escapes and
/// structure.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// How an input is named in messages: its path, or `stdin` for `-`.
pub fn display_name(file: &str) -> &str {
    if file == "-" {
        "stdin"
    } else {
        file
    }
}

/// Opens a file, or standard input for `-`, with the system's message on failure.
pub fn open(file: &str) -> Result<Box<dyn BufRead>, String> {
    if file == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        let f = File::open(file).map_err(|e| format!("{file}: {e}"))?;
        Ok(Box::new(BufReader::new(f)))
    }
}

/// Reads a whole file, or standard input for `-`, as UTF-8 text of at most [`MAX_INPUT_BYTES`].
pub fn read_whole(file: &str) -> Result<String, String> {
    let name = display_name(file);
    let mut bytes = Vec::new();
    open(file)?.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!("{name}: more than the limit of {MAX_INPUT_BYTES} bytes"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("{name}: not UTF-8: invalid byte at offset {}", e.utf8_error().valid_up_to()))
}

/// Reads JSON Lines one line at a time, holding at most one line in memory, so a batch of any
/// length is read in constant memory.
pub struct LineReader<R> {
    reader: R,
    number: usize,
    line: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    /// Reads lines from `reader`, numbered from 1.
    pub fn new(reader: R) -> Self {
        LineReader { reader, number: 0, line: Vec::new() }
    }

    /// The next line with its 1-based number, without its line ending; `Err` in the inner result
    /// when that line alone cannot be read (too long, not UTF-8), the outer `Err` when the input
    /// itself fails. `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<(usize, Result<&str, String>)>> {
        self.line.clear();
        // One byte over the limit tells a line of exactly the limit from a longer one.
        let read = (&mut self.reader).take(MAX_INPUT_BYTES as u64 + 1).read_until(b'\n', &mut self.line)?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        if self.line.len() > MAX_INPUT_BYTES && !self.line.ends_with(b"\n") {
            self.skip_rest_of_line()?;
            return Ok(Some((self.number, Err(format!("line longer than the limit of {MAX_INPUT_BYTES} bytes")))));
        }
        let text = strip_line_ending(&self.line);
        let text = std::str::from_utf8(text)
            .map_err(|e| format!("not UTF-8: invalid byte at offset {} of the line", e.valid_up_to()));
        Ok(Some((self.number, text)))
    }

    /// Discards input up to and including the next newline without buffering it, so an overlong
    /// line costs no memory and the next line keeps its number.
    fn skip_rest_of_line(&mut self) -> io::Result<()> {
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(());
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(newline) => {
                    self.reader.consume(newline + 1);
                    return Ok(());
                }
                None => {
                    let len = available.len();
                    self.reader.consume(len);
                }
            }
        }
    }
}

/// The line without its `\n` or `\r\n`.
fn strip_line_ending(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<(usize, Result<String, String>)> {
        let mut reader = LineReader::new(input);
        let mut out = Vec::new();
        while let Some((n, text)) = reader.next_line().unwrap() {
            out.push((n, text.map(str::to_string)));
        }
        out
    }

    #[test]
    fn lines_are_numbered_and_lose_their_endings() {
        assert_eq!(
            lines(b"a\r\n\nb"),
            vec![(1, Ok("a".to_string())), (2, Ok(String::new())), (3, Ok("b".to_string()))]
        );
    }

    #[test]
    fn an_overlong_line_is_refused_alone_and_skipped() {
        let mut input = vec![b'x'; MAX_INPUT_BYTES + 10];
        input.extend_from_slice(b"\nnext\n");
        let got = lines(&input);
        assert_eq!(got.len(), 2);
        assert!(got[0].1.as_ref().unwrap_err().contains("longer than the limit"));
        assert_eq!(got[1], (2, Ok("next".to_string())));
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read() {
        let mut input = vec![b'x'; MAX_INPUT_BYTES];
        input.push(b'\n');
        let got = lines(&input);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1.as_ref().map(|l| l.len()), Ok(MAX_INPUT_BYTES));
    }

    #[test]
    fn invalid_utf8_fails_only_its_line() {
        let got = lines(b"ok\n\xff\nok\n");
        assert!(got[1].1.as_ref().unwrap_err().contains("not UTF-8"));
        assert_eq!(got[2], (3, Ok("ok".to_string())));
    }
}
