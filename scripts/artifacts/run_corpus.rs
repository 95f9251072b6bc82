//! The corpus through the `fairtouch` crate as a dependency: one verdict (`Verdict::to_json()`)
//! a line, or `{"error": {"path": ..., "message": ...}}` for an attempt the engine refuses.
//! Usage: cargo run -- corpus.jsonl > answers.jsonl

use std::io::{BufRead, BufReader, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = std::env::args().nth(1).ok_or("usage: run_corpus corpus.jsonl")?;
    let engine = fairtouch::Engine::new()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in BufReader::new(std::fs::File::open(corpus)?).lines() {
        let line = line?;
        match fairtouch::Attempt::from_json(&line) {
            Ok(attempt) => writeln!(out, "{}", engine.evaluate(&attempt).to_json())?,
            Err(e) => {
                let error = serde_json::json!({ "error": { "path": e.path(), "message": e.to_string() } });
                writeln!(out, "{error}")?
            }
        }
    }
    out.flush()?;
    Ok(())
}
