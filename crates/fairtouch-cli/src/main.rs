//! `fairtouch`: check collection messages against the law before they are sent.
//!
//! Exit status: see [`EXIT_STATUS`], which `--help` prints.

mod audit;
mod input;
mod jsonl;
mod loggen;
mod render;
mod report;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use fairtouch::{Attempt, Decision, Engine, EngineOptions, Error, PackSource, Template};

/// The exit status contract, printed by `--help`.
const EXIT_STATUS: &str = "\
Exit status:
  0  every message is allowed (or only warned); next-window: a time is found
  1  a message is blocked; next-window: time alone will not cure the block
  2  bad input or usage, with the reason on stderr
A closed standard output (e.g. `| head -1`) ends any command quietly with status 0.";

/// The exit status of `check`, with JSON Lines, printed by `check --help`.
const CHECK_EXIT_STATUS: &str = "\
Exit status:
  0  every attempt is allowed (or only warned)
  1  an attempt is blocked
  2  bad input or usage, with the reason on stderr
With --jsonl, each line is judged on its own, in input order: an invalid line gets an error in
its place and on stderr (file:line), and the lines after it are still judged. The batch exits 2
if any line was invalid (it was not wholly judged), else 1 if any verdict blocks, else 0.
With --format json, each non-blank line gives one output line: the engine's verdict JSON, or
{\"line\": N, \"error\": {\"path\": \"...\", \"message\": \"...\"}} for an invalid line. Blank lines
are skipped but counted. Every output line is flushed as soon as it is known.
A closed standard output (e.g. `| head -1`) ends the batch quietly with status 0.";

#[derive(Parser)]
#[command(
    name = "fairtouch",
    version,
    about = "May this collection message be sent to this person, on this channel, at this moment?",
    after_help = EXIT_STATUS
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check attempts (JSON, or JSON Lines with --jsonl) and print verdicts.
    #[command(after_help = CHECK_EXIT_STATUS)]
    Check {
        /// The attempt file, or `-` for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// One attempt per line, read and judged one line at a time.
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Lint a message template: banned and required content, placeholders like {{debt.amount}}.
    LintTemplate {
        #[command(flatten)]
        template: TemplateArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// List, show or validate rule packs.
    Packs {
        #[command(subcommand)]
        action: PacksAction,
    },
    /// Audit a log of past messages (JSON Lines, any order): every message judged with the
    /// history the log gives it; writes verdicts.jsonl, summary.json, findings.csv, report.html.
    #[command(after_help = audit::AUDIT_EXIT_STATUS)]
    Audit {
        /// The log: one `{"kind": "message", ...}` or `{"kind": "event", ...}` object a line
        /// (docs/audit.md).
        log: String,
        /// The directory to write the results to (created if missing).
        #[arg(long)]
        out: String,
        /// Worker threads; default: one per core.
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// The target size of a partition of the log, in MiB: memory use is about this times
        /// the worker threads, whatever the length of the log.
        #[arg(long, default_value_t = 32)]
        partition_mb: u64,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Generate a synthetic campaign log to try `audit` on (deterministic for a seed).
    AuditGen {
        /// How many recipients (about six messages each over four weeks).
        #[arg(long, default_value_t = 1000)]
        recipients: u64,
        /// How many weeks of campaigns.
        #[arg(long, default_value_t = 4)]
        weeks: u32,
        /// The Monday the first campaign starts (YYYY-MM-DD).
        #[arg(long, default_value = "2026-03-02")]
        start: String,
        /// The seed of the pseudo-random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Shuffle the lines (otherwise recipient by recipient, each in time order).
        #[arg(long)]
        shuffle: bool,
        /// Write the log to this file and a one-line summary to standard output (default: the
        /// log to standard output).
        #[arg(long, short)]
        output: Option<String>,
    },
    /// When may this attempt be sent? Prints the next allowed instant in UTC and local time.
    NextWindow {
        /// The attempt file, or `-`.
        #[arg(default_value = "-")]
        file: String,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
}

#[derive(Subcommand)]
enum PacksAction {
    /// Every loaded pack with its version, jurisdiction and number of rules.
    List {
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The rules of one pack.
    Show {
        /// Pack id, e.g. us-federal.
        id: String,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Load packs (the defaults and any given) and run every rule's examples.
    Validate {
        /// Extra pack files to validate.
        files: Vec<String>,
        /// Validate only the given files, without the default packs.
        #[arg(long)]
        no_default_packs: bool,
    },
}

#[derive(Args)]
struct TemplateArgs {
    /// A template JSON file ({channel, body, sender, jurisdictions, ...}), or `-`. With --text, unused.
    #[arg(default_value = "-")]
    file: String,
    /// The template text, instead of a JSON file.
    #[arg(long)]
    text: Option<String>,
    /// Channel for --text.
    #[arg(long, default_value = "sms")]
    channel: String,
    /// Jurisdictions for --text (repeatable), e.g. --jurisdiction US --jurisdiction US-CA.
    #[arg(long = "jurisdiction", default_values_t = vec!["US".to_string()])]
    jurisdictions: Vec<String>,
    /// Sender role for --text.
    #[arg(long, default_value = "collector")]
    role: String,
    /// Language for --text (en, fr, es).
    #[arg(long)]
    language: Option<String>,
}

#[derive(Args, Clone)]
struct EngineArgs {
    /// Add a pack file (repeatable).
    #[arg(long = "pack")]
    packs: Vec<String>,
    /// Do not load the embedded default packs.
    #[arg(long)]
    no_default_packs: bool,
    /// Override a rule's severity: RULE=info|warn|block (repeatable).
    #[arg(long = "set-severity")]
    severities: Vec<String>,
    /// Disable a rule (repeatable).
    #[arg(long = "disable")]
    disabled: Vec<String>,
}

#[derive(Args, Clone)]
struct OutputArgs {
    /// Output format; default: text on a terminal, json otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

impl OutputArgs {
    fn format(&self) -> Format {
        self.format.unwrap_or(if io::stdout().is_terminal() { Format::Text } else { Format::Json })
    }
}

/// Why a command stopped early.
enum Failure {
    /// Bad input or usage: reported on stderr, exit status 2.
    Invalid(String),
    /// Whoever read standard output has gone (EPIPE, e.g. `| head -1`). Like `cat` and ripgrep,
    /// stop quietly with status 0: nobody is left to read the rest, and it is not an input error.
    OutputClosed,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Invalid(e.to_string())
    }
}

impl Failure {
    /// Prefixes the message with where the input came from, e.g. `stdin: $: invalid JSON ...`.
    fn in_input(file: &str) -> impl FnOnce(Error) -> Failure + '_ {
        move |e| Failure::Invalid(format!("{}: {e}", input::display_name(file)))
    }

    fn from_output_error(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::OutputClosed
        } else {
            Failure::Invalid(format!("standard output: {e}"))
        }
    }
}

/// Writes one record (a verdict, a list, an error line) and flushes it, so that whoever reads
/// the output gets each record as soon as it is known.
fn emit(out: &mut impl Write, record: &str) -> Result<(), Failure> {
    out.write_all(record.as_bytes()).and_then(|()| out.flush()).map_err(Failure::from_output_error)
}

/// Reports a problem on stderr. A failure to write it is ignored: with stderr gone there is
/// nowhere left to report to, and the exit status still tells.
fn report(message: &str) {
    let _ = writeln!(io::stderr().lock(), "fairtouch: {message}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Invalid(message)) => {
            report(&message);
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    match cli.command {
        Command::Check { file, jsonl: true, output, engine } => {
            jsonl::check_lines(&build(&engine)?, &file, output.format(), &mut out)
        }
        Command::Check { file, jsonl: false, output, engine } => {
            check_one(&build(&engine)?, &file, output.format(), &mut out)
        }
        Command::LintTemplate { template, output, engine } => {
            lint_template(&build(&engine)?, &template, output.format(), &mut out)
        }
        Command::Audit { log, out: dir, jobs, partition_mb, engine } => {
            let options = audit::Options { log, out: dir.into(), jobs, partition_bytes: partition_mb.max(1) << 20 };
            audit::run(&build(&engine)?, &options, &mut out)
        }
        Command::AuditGen { recipients, weeks, start, seed, shuffle, output } => {
            let start: jiff::civil::Date =
                start.parse().map_err(|e| Failure::Invalid(format!("--start {start:?}: {e}")))?;
            let options = loggen::Options { recipients, weeks, start, seed, shuffle };
            match output {
                None => {
                    loggen::generate(&options, &mut io::BufWriter::new(&mut out))
                        .map_err(Failure::from_output_error)?;
                }
                Some(path) => {
                    let file = std::fs::File::create(&path).map_err(|e| Failure::Invalid(format!("{path}: {e}")))?;
                    let (lines, messages) = loggen::generate(&options, &mut io::BufWriter::new(file))
                        .map_err(|e| Failure::Invalid(format!("{path}: {e}")))?;
                    emit(
                        &mut out,
                        &format!("wrote {path}: {lines} lines, {messages} messages to {recipients} recipients\n"),
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::NextWindow { file, output, engine } => next_window(&build(&engine)?, &file, output.format(), &mut out),
        Command::Packs { action: PacksAction::List { output, engine } } => {
            packs_list(&build(&engine)?, output.format(), &mut out)
        }
        Command::Packs { action: PacksAction::Show { id, output, engine } } => {
            packs_show(&build(&engine)?, &id, output.format(), &mut out)
        }
        Command::Packs { action: PacksAction::Validate { files, no_default_packs } } => {
            packs_validate(&files, no_default_packs, &mut out)
        }
    }
}

/// The engine the flags describe, through the engine's own options (as the bindings build theirs).
fn build(args: &EngineArgs) -> Result<Engine, Failure> {
    let mut options = EngineOptions {
        default_packs: !args.no_default_packs,
        packs: args.packs.iter().map(|p| PackSource::File { path: p.into() }).collect(),
        ..EngineOptions::default()
    };
    for s in &args.severities {
        let (rule, setting) = s
            .split_once('=')
            .ok_or_else(|| Failure::Invalid(format!("--set-severity {s:?}: expected RULE=info|warn|block")))?;
        options.add_override(rule, setting)?;
    }
    for rule in &args.disabled {
        options.add_override(rule.as_str(), "off")?;
    }
    Ok(options.build()?)
}

/// Reads exactly one attempt from a file, or standard input for `-`.
fn read_attempt(file: &str) -> Result<Attempt, Failure> {
    let json = input::read_whole(file).map_err(Failure::Invalid)?;
    Attempt::from_json(&json).map_err(Failure::in_input(file))
}

fn check_one(engine: &Engine, file: &str, format: Format, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let attempt = read_attempt(file)?;
    let verdict = engine.evaluate(&attempt);
    let record = match format {
        Format::Json => format!("{}\n", verdict.to_json()),
        Format::Text => render::render(&attempt, &verdict, render::use_color(format)),
    };
    emit(out, &record)?;
    Ok(exit_for(verdict.decision))
}

impl TemplateArgs {
    /// The template: from --text and its options, or else exactly one JSON value from the file.
    fn load(&self) -> Result<Template, Failure> {
        let Some(body) = &self.text else {
            let json = input::read_whole(&self.file).map_err(Failure::Invalid)?;
            return Template::from_json(&json).map_err(Failure::in_input(&self.file));
        };
        let mut json = serde_json::json!({
            "channel": self.channel, "body": body, "jurisdictions": self.jurisdictions,
            "sender": { "role": self.role },
        });
        if let Some(language) = &self.language {
            json["language"] = language.as_str().into();
        }
        Ok(Template::from_value(json)?)
    }
}

fn lint_template(
    engine: &Engine,
    args: &TemplateArgs,
    format: Format,
    out: &mut impl Write,
) -> Result<ExitCode, Failure> {
    let template = args.load()?;
    let verdict = engine.lint_template(&template, jiff::Timestamp::now())?;
    let record = match format {
        Format::Json => format!("{}\n", verdict.to_json()),
        Format::Text => render::render_findings(&template.body, &verdict, render::use_color(format), true),
    };
    emit(out, &record)?;
    Ok(exit_for(verdict.decision))
}

fn next_window(engine: &Engine, file: &str, format: Format, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let attempt = read_attempt(file)?;
    let next = engine.next_window(&attempt);
    let record = match format {
        Format::Json => format!("{}\n", serde_json::to_string(&next).unwrap_or_default()),
        Format::Text => render::render_next_window(&next),
    };
    emit(out, &record)?;
    Ok(if next.next_allowed_at.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn packs_list(engine: &Engine, format: Format, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let packs = engine.packs();
    let record = match format {
        Format::Json => format!("{}\n", serde_json::to_string(&packs).unwrap_or_default()),
        Format::Text => render::render_pack_list(&packs),
    };
    emit(out, &record)?;
    Ok(ExitCode::SUCCESS)
}

fn packs_show(engine: &Engine, id: &str, format: Format, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let packs = engine.packs();
    let Some(pack) = packs.iter().find(|p| p.id == id).cloned() else {
        let known: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        return Err(Failure::Invalid(unknown_pack_message(id, &known)));
    };
    let rules = engine.rules(Some(id));
    let record = match format {
        Format::Json => format!("{}\n", serde_json::json!({ "pack": pack, "rules": rules })),
        Format::Text => render::render_pack(&pack, &rules),
    };
    emit(out, &record)?;
    Ok(ExitCode::SUCCESS)
}

/// `no pack "us-fed"; did you mean "us-federal"? known packs: eu-gdpr, fr, ...`: the closest ids
/// (by edit distance, ignoring case, or those the name is a part of), then every known id.
fn unknown_pack_message(id: &str, known: &[&str]) -> String {
    let wanted = id.to_lowercase();
    let distance = |k: &str| edit_distance(&wanted, &k.to_lowercase());
    let best = known.iter().map(|k| distance(k)).min().unwrap_or(usize::MAX);
    // Close enough to be a typo: a third of the name's length, at least 2 edits.
    let limit = (wanted.chars().count() / 3).max(2);
    let mut close: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| {
            let d = distance(k);
            // A distance as long as the name replaces all of it ("us" -> "fr"): not a typo.
            (d == best && d <= limit && d < wanted.chars().count())
                || (!wanted.is_empty() && k.to_lowercase().contains(&wanted))
        })
        .collect();
    close.sort_unstable();
    close.dedup();
    let mut all = known.to_vec();
    all.sort_unstable();
    let known = format!("known packs: {} (see `fairtouch packs list`)", all.join(", "));
    if close.is_empty() {
        return format!("no pack {id:?}; {known}");
    }
    let quoted: Vec<String> = close.iter().map(|k| format!("{k:?}")).collect();
    let one_of = if quoted.len() > 1 { "one of " } else { "" };
    format!("no pack {id:?}; did you mean {one_of}{}? {known}", quoted.join(", "))
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

fn packs_validate(files: &[String], no_default_packs: bool, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let options = EngineOptions {
        default_packs: !no_default_packs,
        packs: files.iter().map(|f| PackSource::File { path: f.into() }).collect(),
        ..EngineOptions::default()
    };
    let engine = options.build()?;
    let failures = engine.check_examples();
    let mut stderr = io::stderr().lock();
    for f in &failures {
        // As `report`: with stderr gone, the exit status still tells.
        let _ = writeln!(stderr, "{} {} {}[{}]: {}", f.pack, f.rule, f.kind, f.index, f.message);
    }
    if !failures.is_empty() {
        return Err(Failure::Invalid(format!("{} rule examples misbehave", failures.len())));
    }
    let packs = engine.packs();
    let rules: usize = packs.iter().map(|p| p.rules).sum();
    emit(out, &format!("{} packs, {rules} rules: every pack is valid and every rule example behaves\n", packs.len()))?;
    Ok(ExitCode::SUCCESS)
}

fn exit_for(decision: Decision) -> ExitCode {
    if decision == Decision::Block {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, unknown_pack_message};

    const KNOWN: &[&str] =
        &["us-federal", "us-ma", "us-wa", "us-fl", "us-nyc", "us-ca", "us-tx", "eu-gdpr", "fr", "pe"];

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("", "fr"), 2);
        assert_eq!(edit_distance("us-federl", "us-federal"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn an_unknown_pack_suggests_the_closest_and_lists_the_known() {
        let m = unknown_pack_message("us-federl", KNOWN);
        assert!(
            m.starts_with("no pack \"us-federl\"; did you mean \"us-federal\"? known packs: eu-gdpr, fr, pe, us-ca"),
            "{m}"
        );
        assert!(unknown_pack_message("US-FEDERAL", KNOWN).contains("did you mean \"us-federal\"?"));
        assert!(unknown_pack_message("federal", KNOWN).contains("did you mean \"us-federal\"?"));
        assert!(unknown_pack_message("gdpr", KNOWN).contains("did you mean \"eu-gdpr\"?"));
        assert!(unknown_pack_message("us-ny", KNOWN).contains("did you mean \"us-nyc\"?"));
        let us = unknown_pack_message("us", KNOWN);
        assert!(us.contains("did you mean one of \"us-ca\", \"us-federal\", "), "{us}");
        assert!(!us.contains("\"fr\","), "{us}");
        let far = unknown_pack_message("zzzzzzzzzz", KNOWN);
        assert!(far.starts_with("no pack \"zzzzzzzzzz\"; known packs: "), "{far}");
        assert!(
            far.contains("known packs: eu-gdpr, fr, pe, us-ca, us-federal, us-fl, us-ma, us-nyc, us-tx, us-wa"),
            "{far}"
        );
    }
}
