//! `fairtouch`: check collection messages against the law before they are sent.
//!
//! Exit status: 0 when every message is allowed (or only warned), 1 when one is blocked, 2 on bad
//! input or usage, with the reason on stderr.

use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use fairtouch::{Attempt, Decision, Engine, EngineBuilder, Error, Severity, Template, Verdict};

#[derive(Parser)]
#[command(
    name = "fairtouch",
    version,
    about = "May this collection message be sent to this person, on this channel, at this moment?"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check attempts (JSON, or JSON Lines with --jsonl) and print verdicts.
    Check {
        /// The attempt file, or `-` for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// One attempt per line.
        #[arg(long)]
        jsonl: bool,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Lint a message template: banned and required content, placeholders like {{debt.amount}}.
    LintTemplate {
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

struct Failure(String);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(e.to_string())
    }
}

fn build(args: &EngineArgs) -> Result<Engine, Failure> {
    let mut b = EngineBuilder::new().default_packs(!args.no_default_packs);
    for p in &args.packs {
        b = b.pack_file(p)?;
    }
    for s in &args.severities {
        let (rule, sev) =
            s.split_once('=').ok_or_else(|| Failure(format!("--set-severity {s:?}: expected RULE=info|warn|block")))?;
        let sev: Severity = sev.parse().map_err(|e| Failure(format!("--set-severity {s:?}: {e}")))?;
        b = b.set_severity(rule, sev);
    }
    for d in &args.disabled {
        b = b.disable_rule(d);
    }
    Ok(b.build()?)
}

fn read_input(file: &str) -> Result<String, Failure> {
    if file == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map_err(|e| Failure(format!("stdin: {e}")))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| Failure(format!("{file}: {e}")))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("fairtouch: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    match cli.command {
        Command::Check { file, jsonl, output, engine } => {
            let engine = build(&engine)?;
            let input = read_input(&file)?;
            let format = output.format();
            let color = format == Format::Text && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut worst = Decision::Allow;
            let attempts: Vec<(String, String)> = if jsonl {
                input
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                    .map(|(i, l)| (format!("{file}:{}", i + 1), l.to_string()))
                    .collect()
            } else {
                vec![(file.clone(), input)]
            };
            let mut verdicts = Vec::with_capacity(attempts.len());
            for (origin, json) in &attempts {
                let attempt = Attempt::from_json(json).map_err(|e| Failure(format!("{origin}: {e}")))?;
                verdicts.push((attempt.clone(), engine.evaluate(&attempt)));
            }
            for (attempt, verdict) in &verdicts {
                worst = worst.max(verdict.decision);
                match format {
                    Format::Json => writeln!(out, "{}", verdict.to_json()),
                    Format::Text => write!(out, "{}", render(attempt, verdict, color)),
                }
                .map_err(|e| Failure(e.to_string()))?;
            }
            Ok(exit_for(worst))
        }
        Command::LintTemplate { file, text, channel, jurisdictions, role, language, output, engine } => {
            let engine = build(&engine)?;
            let template = match text {
                Some(body) => {
                    let json = serde_json::json!({
                        "channel": channel, "body": body, "jurisdictions": jurisdictions,
                        "sender": { "role": role }, "language": language,
                    });
                    let mut json = json;
                    if language.is_none() {
                        json.as_object_mut().map(|o| o.remove("language"));
                    }
                    Template::from_json(&json.to_string())?
                }
                None => Template::from_json(&read_input(&file)?)?,
            };
            let verdict = engine.lint_template(&template, jiff::Timestamp::now())?;
            match output.format() {
                Format::Json => writeln!(out, "{}", verdict.to_json()),
                Format::Text => {
                    let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                    write!(out, "{}", render_findings(&template.body, &verdict, color, true))
                }
            }
            .map_err(|e| Failure(e.to_string()))?;
            Ok(exit_for(verdict.decision))
        }
        Command::NextWindow { file, output, engine } => {
            let engine = build(&engine)?;
            let attempt = Attempt::from_json(&read_input(&file)?)?;
            let next = engine.next_window(&attempt);
            match output.format() {
                Format::Json => writeln!(out, "{}", serde_json::to_string(&next).unwrap_or_default()),
                Format::Text => {
                    let mut s = String::new();
                    match next.next_allowed_at {
                        Some(t) => {
                            s.push_str(&format!("next allowed at {}\n", fairtouch::model::format_instant(t)));
                            for l in &next.local {
                                s.push_str(&format!("  {:<24} {}\n", l.time_zone, l.local));
                            }
                        }
                        None => s.push_str("never: time alone will not cure the block\n"),
                    }
                    if !next.blocking.is_empty() {
                        s.push_str(&format!("blocked now by: {}\n", next.blocking.join(", ")));
                    }
                    write!(out, "{s}")
                }
            }
            .map_err(|e| Failure(e.to_string()))?;
            Ok(if next.next_allowed_at.is_some() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Packs { action } => match action {
            PacksAction::List { output, engine } => {
                let engine = build(&engine)?;
                let packs = engine.packs();
                match output.format() {
                    Format::Json => writeln!(out, "{}", serde_json::to_string(&packs).unwrap_or_default()),
                    Format::Text => {
                        let mut s = format!(
                            "{:<12} {:<12} {:<22} {:>5}  {}\n",
                            "PACK", "VERSION", "JURISDICTION", "RULES", "TITLE"
                        );
                        for p in &packs {
                            s.push_str(&format!(
                                "{:<12} {:<12} {:<22} {:>5}  {}\n",
                                p.id,
                                p.version,
                                p.jurisdictions.join(","),
                                p.rules,
                                p.title
                            ));
                        }
                        write!(out, "{s}")
                    }
                }
                .map_err(|e| Failure(e.to_string()))?;
                Ok(ExitCode::SUCCESS)
            }
            PacksAction::Show { id, output, engine } => {
                let engine = build(&engine)?;
                let pack = engine
                    .packs()
                    .into_iter()
                    .find(|p| p.id == id)
                    .ok_or_else(|| Failure(format!("no pack {id:?}")))?;
                let rules = engine.rules(Some(&id));
                match output.format() {
                    Format::Json => {
                        writeln!(out, "{}", serde_json::json!({ "pack": pack, "rules": rules }))
                    }
                    Format::Text => {
                        let mut s = format!(
                            "{} {} ({})\n{}\njurisdiction: {}\ndigest: {}\n\n",
                            pack.id,
                            pack.version,
                            pack.origin,
                            pack.title,
                            pack.jurisdictions.join(", "),
                            pack.digest
                        );
                        for r in &rules {
                            let dates = match (&r.from, &r.until) {
                                (Some(f), Some(u)) => format!(" [{f} .. {u})"),
                                (Some(f), None) => format!(" [from {f}]"),
                                (None, Some(u)) => format!(" [until {u}]"),
                                (None, None) => String::new(),
                            };
                            s.push_str(&format!(
                                "{} ({}, {}{}){}\n  {}\n  {}\n  {}\n\n",
                                r.id,
                                r.check,
                                r.severity,
                                if r.disabled { ", disabled" } else { "" },
                                dates,
                                r.citation,
                                r.explain,
                                r.source
                            ));
                        }
                        write!(out, "{s}")
                    }
                }
                .map_err(|e| Failure(e.to_string()))?;
                Ok(ExitCode::SUCCESS)
            }
            PacksAction::Validate { files, no_default_packs } => {
                let mut b = EngineBuilder::new().default_packs(!no_default_packs);
                for f in &files {
                    b = b.pack_file(f)?;
                }
                let engine = b.build()?;
                let failures = engine.check_examples();
                for f in &failures {
                    eprintln!("{} {} examples.{}[{}]: {}", f.pack, f.rule, f.kind, f.index, f.message);
                }
                let packs = engine.packs();
                let rules: usize = packs.iter().map(|p| p.rules).sum();
                if failures.is_empty() {
                    writeln!(
                        out,
                        "{} packs, {rules} rules: every pack is valid and every rule example behaves",
                        packs.len()
                    )
                    .map_err(|e| Failure(e.to_string()))?;
                    Ok(ExitCode::SUCCESS)
                } else {
                    Err(Failure(format!("{} rule examples misbehave", failures.len())))
                }
            }
        },
    }
}

fn exit_for(decision: Decision) -> ExitCode {
    if decision == Decision::Block {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn render(attempt: &Attempt, verdict: &Verdict, color: bool) -> String {
    let to =
        attempt.recipient.address.as_ref().map(|a| a.canonical().to_string()).unwrap_or_else(|| "recipient".into());
    let mut s = format!(
        "{} {} to {} at {}\n",
        decision_label(verdict.decision, color),
        attempt.channel,
        to,
        fairtouch::model::format_instant(attempt.send_at)
    );
    s.push_str(&format!(
        "  zones: {}; jurisdictions: {}; packs: {}\n",
        if verdict.time_zones.is_empty() { "-".into() } else { verdict.time_zones.join(", ") },
        if verdict.jurisdictions.is_empty() { "-".into() } else { verdict.jurisdictions.join(", ") },
        verdict.packs.iter().map(|p| format!("{}@{}", p.id, p.version)).collect::<Vec<_>>().join(", ")
    ));
    s.push_str(&render_findings(attempt.body.as_deref().unwrap_or(""), verdict, color, false));
    match (verdict.decision, verdict.next_allowed_at) {
        (Decision::Allow, _) => {}
        (_, Some(t)) => s.push_str(&format!("  next allowed at {}\n", fairtouch::model::format_instant(t))),
        (_, None) => s.push_str("  next allowed: never (time alone will not cure the block)\n"),
    }
    for o in &verdict.overrides {
        s.push_str(&format!(
            "  override: {} {} (pack says {})\n",
            o.rule,
            o.to.map(|t| t.to_string()).unwrap_or_else(|| o.action.clone()),
            o.from
        ));
    }
    s
}

fn decision_label(d: Decision, color: bool) -> String {
    match d {
        Decision::Allow => paint("ALLOW", "1;32", color),
        Decision::Warn => paint("WARN ", "1;33", color),
        Decision::Block => paint("BLOCK", "1;31", color),
    }
}

fn render_findings(body: &str, verdict: &Verdict, color: bool, with_decision: bool) -> String {
    let mut s = String::new();
    if with_decision {
        s.push_str(&format!("{}\n", decision_label(verdict.decision, color)));
    }
    for f in &verdict.findings {
        let (mark, code) = match f.severity {
            Severity::Block => ("✗", "31"),
            Severity::Warn => ("!", "33"),
            Severity::Info => ("i", "36"),
        };
        s.push_str(&format!(
            "  {} {} [{}] {}\n",
            paint(mark, code, color),
            paint(&f.rule, "1", color),
            f.severity,
            f.citation
        ));
        s.push_str(&format!("      {}\n", f.message));
        if let Some(t) = f.retry_at {
            s.push_str(&format!("      allowed again at {}\n", fairtouch::model::format_instant(t)));
        }
    }
    let mut spans: Vec<(usize, usize)> = verdict
        .findings
        .iter()
        .filter_map(|f| f.span.as_ref())
        .filter(|sp| sp.field == "body")
        .map(|sp| (sp.start, sp.end))
        .collect();
    if !spans.is_empty() && !body.is_empty() {
        spans.sort_unstable();
        let mut marked = String::new();
        let mut pos = 0;
        for (a, b) in spans {
            if a < pos || b > body.len() || !body.is_char_boundary(a) || !body.is_char_boundary(b) {
                continue;
            }
            marked.push_str(&body[pos..a]);
            if color {
                marked.push_str(&paint(&body[a..b], "4;31", true));
            } else {
                marked.push_str(&format!("[[{}]]", &body[a..b]));
            }
            pos = b;
        }
        marked.push_str(&body[pos..]);
        s.push_str(&format!("  text: {marked}\n"));
    }
    s
}
