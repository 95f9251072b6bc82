//! `check --jsonl`: a batch of attempts, one per line, read, judged and printed one line at a
//! time, so memory stays constant however long the batch and each verdict is out as soon as it is
//! known.

use std::io::Write;
use std::process::ExitCode;

use fairtouch::{Attempt, Decision, Engine, Error};
use serde::Serialize;

use crate::input::{self, LineReader};
use crate::render::{paint, render, use_color};
use crate::{emit, exit_for, report, Failure, Format};

/// Why one line was not judged: the JSON path of the offending field (`$` for the whole line) and
/// what was wrong.
#[derive(Serialize)]
struct LineError {
    path: String,
    message: String,
}

impl LineError {
    fn whole_line(message: String) -> Self {
        LineError { path: "$".to_string(), message }
    }
}

impl From<Error> for LineError {
    fn from(e: Error) -> Self {
        match e {
            Error::InvalidAttempt { path, message } => LineError { path, message },
            other => LineError::whole_line(other.to_string()),
        }
    }
}

/// The JSON record printed in place of a verdict for a line that was not judged:
/// `{"line":3,"error":{"path":"...","message":"..."}}`.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    line: usize,
    error: &'a LineError,
}

/// How the batch went so far, for its exit status.
struct Tally {
    worst: Decision,
    any_invalid: bool,
}

impl Tally {
    /// 2 if any line was invalid (the batch was not wholly judged), else 1 if any verdict blocks,
    /// else 0.
    fn exit_code(&self) -> ExitCode {
        if self.any_invalid {
            ExitCode::from(2)
        } else {
            exit_for(self.worst)
        }
    }
}

/// Judges every non-blank line of `file` (or standard input for `-`) as one attempt and prints,
/// in input order, its verdict or, for a line that is not a valid attempt, its error (also on
/// stderr as `file:line: path: message`). Blank lines are skipped but keep the line numbers.
pub fn check_lines(engine: &Engine, file: &str, format: Format, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let name = input::display_name(file);
    let color = use_color(format);
    let mut lines = LineReader::new(input::open(file).map_err(Failure::Invalid)?);
    let mut tally = Tally { worst: Decision::Allow, any_invalid: false };
    while let Some((number, line)) = lines.next_line().map_err(|e| Failure::Invalid(format!("{name}: {e}")))? {
        let attempt = match line {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => Attempt::from_json(text).map_err(LineError::from),
            Err(message) => Err(LineError::whole_line(message)),
        };
        match attempt {
            Ok(attempt) => {
                let verdict = engine.evaluate(&attempt);
                tally.worst = tally.worst.max(verdict.decision);
                let record = match format {
                    // Byte for byte the engine's verdict JSON: other tools compare it.
                    Format::Json => format!("{}\n", verdict.to_json()),
                    Format::Text => format!("{name}:{number}: {}", render(&attempt, &verdict, color)),
                };
                emit(out, &record)?;
            }
            Err(error) => {
                tally.any_invalid = true;
                let record = match format {
                    Format::Json => error_json(number, &error),
                    Format::Text => {
                        format!(
                            "{name}:{number}: {} {}: {}\n",
                            paint("INVALID", "1;31", color),
                            error.path,
                            error.message
                        )
                    }
                };
                emit(out, &record)?;
                report(&format!("{name}:{number}: {}: {}", error.path, error.message));
            }
        }
    }
    Ok(tally.exit_code())
}

fn error_json(line: usize, error: &LineError) -> String {
    let record = ErrorRecord { line, error };
    // Serializing two strings and a number cannot fail.
    format!("{}\n", serde_json::to_string(&record).unwrap_or_default())
}
