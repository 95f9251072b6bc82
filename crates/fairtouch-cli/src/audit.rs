//! `fairtouch audit LOG --out DIR`: every message of a log of past messages judged as `check`
//! would have judged it when it was sent, with the history the log gives it.
//!
//! The log may be in any order and longer than memory, so the audit runs in two passes:
//!
//! 1. **Partition.** Each line is read once, its recipient and time read off
//!    ([`fairtouch::audit::route`]), and it is appended to one of K partition files by a hash of
//!    the recipient's address. K grows with the log so that a partition stays near
//!    `--partition-mb`, whatever the log's length.
//! 2. **Audit.** Worker threads (one per core) take partitions one at a time: a partition's
//!    lines are sorted by (recipient, time, line) and fed to an [`Auditor`], which keeps only the
//!    history the packs can still look back on. Each partition's verdicts, sorted by line, go to
//!    a results file; the summary is counted as they go.
//!
//! The results files are then merged by line number into `verdicts.jsonl` and `findings.csv`,
//! and `summary.json` and `report.html` are written. Memory is bounded by the partition size and
//! the threads, not by the log.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fairtouch::audit::{route, Audited, Auditor, Entry};
use fairtouch::{Decision, Engine, Severity};
use serde::Serialize;

use crate::{emit, Failure};

/// The exit status of `audit`, printed by `audit --help`.
pub const AUDIT_EXIT_STATUS: &str = "\
Exit status:
  0  every message of the log was allowed (or only warned)
  1  at least one message was blocked
  2  bad usage, an unreadable log or output directory, or invalid lines: each invalid line is
     reported on stderr as LOG:LINE: PATH: MESSAGE and listed in summary.json, the other lines
     are still audited and every output is still written
A progress bar is drawn on stderr when it is a terminal.";

/// How the audit runs.
pub struct Options {
    /// The log file.
    pub log: String,
    /// The output directory.
    pub out: PathBuf,
    /// Worker threads; 0: one per core.
    pub jobs: usize,
    /// The target size of a partition, in bytes.
    pub partition_bytes: u64,
}

/// Counts of messages by decision.
#[derive(Default, Clone, Serialize)]
pub struct Counts {
    pub messages: u64,
    pub allow: u64,
    pub warn: u64,
    pub block: u64,
}

impl Counts {
    fn add(&mut self, d: Decision) {
        self.messages += 1;
        match d {
            Decision::Allow => self.allow += 1,
            Decision::Warn => self.warn += 1,
            Decision::Block => self.block += 1,
        }
    }
    fn merge(&mut self, o: &Counts) {
        self.messages += o.messages;
        self.allow += o.allow;
        self.warn += o.warn;
        self.block += o.block;
    }
}

/// One rule's count.
#[derive(Default, Clone, Serialize)]
pub struct RuleCount {
    pub pack: String,
    pub category: String,
    pub severity: String,
    pub citation: String,
    /// Findings of the rule (a rule may find several things in one message).
    pub findings: u64,
    /// Messages it found something in.
    pub messages: u64,
}

/// One day's counts (UTC date of `send_at`).
#[derive(Default, Clone, Serialize)]
pub struct DayCount {
    #[serde(flatten)]
    pub counts: Counts,
    /// Messages each rule found something in, that day.
    pub rules: BTreeMap<String, u64>,
}

/// A marked span of an example body.
#[derive(Clone, Serialize)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub rule: String,
}

/// One example message of a template: its body with the offending words.
#[derive(Clone, Serialize)]
pub struct Example {
    pub line: u64,
    pub id: String,
    pub body: String,
    pub marks: Vec<Mark>,
    /// The rules that blocked it.
    pub rules: Vec<String>,
}

impl Example {
    /// A template's example is its first blocked message (by line) with words to mark, else its
    /// first blocked message.
    fn better_than(&self, other: &Example) -> bool {
        (!self.marks.is_empty(), Reverse(self.line)) > (!other.marks.is_empty(), Reverse(other.line))
    }
}

/// One template's counts.
#[derive(Default, Clone, Serialize)]
pub struct TemplateCount {
    #[serde(flatten)]
    pub counts: Counts,
    pub rules: BTreeMap<String, u64>,
    /// A blocked message of the template, with the words that blocked it (see [`Example`]).
    pub example: Option<Example>,
}

/// A pack the audit ran under.
#[derive(Clone, Serialize)]
pub struct PackUse {
    pub id: String,
    pub version: String,
    pub digest: String,
    /// Messages it applied to.
    pub messages: u64,
    pub findings: u64,
}

/// An invalid line.
#[derive(Clone, Serialize)]
pub struct LineError {
    pub line: u64,
    pub path: String,
    pub message: String,
}

/// Everything `summary.json` holds (and the report shows).
#[derive(Default, Clone, Serialize)]
pub struct Summary {
    pub log: String,
    pub lines: u64,
    pub events: u64,
    pub recipients: u64,
    pub invalid_lines: u64,
    pub first_send_at: Option<String>,
    pub last_send_at: Option<String>,
    pub decisions: Counts,
    pub rules: BTreeMap<String, RuleCount>,
    pub packs: BTreeMap<String, PackUse>,
    pub campaigns: BTreeMap<String, Counts>,
    pub channels: BTreeMap<String, Counts>,
    pub days: BTreeMap<String, DayCount>,
    /// By the hour of day (0-23) of `send_at` in the recipient's local time (the first candidate
    /// zone of the verdict).
    pub local_hours: Vec<Counts>,
    pub templates: BTreeMap<String, TemplateCount>,
    /// The first 100 invalid lines.
    pub errors: Vec<LineError>,
}

/// Per-worker state: the summary counted so far and the time zones looked up.
struct Tally {
    summary: Summary,
    zones: HashMap<String, jiff::tz::TimeZone>,
    first: Option<jiff::Timestamp>,
    last: Option<jiff::Timestamp>,
}

impl Tally {
    fn new() -> Tally {
        let summary = Summary { local_hours: vec![Counts::default(); 24], ..Summary::default() };
        Tally { summary, zones: HashMap::new(), first: None, last: None }
    }

    fn count(&mut self, a: &Audited) {
        let s = &mut self.summary;
        let v = &a.verdict;
        s.decisions.add(v.decision);
        self.first = Some(self.first.map_or(a.send_at, |f| f.min(a.send_at)));
        self.last = Some(self.last.map_or(a.send_at, |l| l.max(a.send_at)));
        s.campaigns.entry(a.campaign.clone().unwrap_or_else(|| "(none)".into())).or_default().add(v.decision);
        s.channels.entry(a.channel.to_string()).or_default().add(v.decision);
        let day = jiff::tz::TimeZone::UTC.to_datetime(a.send_at).date().to_string();
        let day = s.days.entry(day).or_default();
        day.counts.add(v.decision);
        let zone = v.time_zones.first().map(String::as_str).unwrap_or("UTC");
        let tz = self
            .zones
            .entry(zone.to_string())
            .or_insert_with(|| jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC));
        let hour = tz.to_datetime(a.send_at).hour() as usize;
        s.local_hours[hour.min(23)].add(v.decision);
        for p in &v.packs {
            if let Some(u) = s.packs.get_mut(&p.id) {
                u.messages += 1;
            }
        }
        for f in &v.findings {
            let r = s.rules.entry(f.rule.clone()).or_insert_with(|| RuleCount {
                pack: f.pack.clone(),
                category: f.category.to_string(),
                severity: f.severity.to_string(),
                citation: f.citation.clone(),
                ..RuleCount::default()
            });
            r.findings += 1;
            // A rule may warn (a reply to review) or block (a revocation): the most severe shows.
            if f.severity == Severity::Block {
                r.severity = f.severity.to_string();
            }
            if let Some(u) = s.packs.get_mut(&f.pack) {
                u.findings += 1;
            }
        }
        let rules = v.rule_ids();
        for r in &rules {
            if let Some(c) = s.rules.get_mut(*r) {
                c.messages += 1;
            }
            *day.rules.entry((*r).to_string()).or_default() += 1;
        }
        let key = template_key(a);
        let t = s.templates.entry(key).or_default();
        t.counts.add(v.decision);
        for r in &rules {
            *t.rules.entry((*r).to_string()).or_default() += 1;
        }
        if v.decision == Decision::Block {
            let marks: Vec<Mark> = v
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Block)
                .filter_map(|f| f.span.as_ref().filter(|s| s.field == "body").map(|s| (s, &f.rule)))
                .map(|(s, rule)| Mark { start: s.start, end: s.end, rule: rule.clone() })
                .collect();
            let blocking = v.findings.iter().filter(|f| f.severity == Severity::Block).map(|f| f.rule.clone());
            let mut rules: Vec<String> = blocking.collect();
            rules.dedup();
            let example =
                Example { line: a.line, id: a.id.clone(), body: a.body.clone().unwrap_or_default(), marks, rules };
            if t.example.as_ref().is_none_or(|e| example.better_than(e)) {
                t.example = Some(example);
            }
        }
    }

    fn merge(&mut self, o: Tally) {
        let s = &mut self.summary;
        let o_first = o.first;
        let o_last = o.last;
        let o = o.summary;
        s.events += o.events;
        s.recipients += o.recipients;
        s.decisions.merge(&o.decisions);
        for (k, v) in o.rules {
            match s.rules.get_mut(&k) {
                Some(r) => {
                    if v.severity == "block" {
                        r.severity = v.severity;
                    }
                    r.findings += v.findings;
                    r.messages += v.messages;
                }
                None => {
                    s.rules.insert(k, v);
                }
            }
        }
        for (k, v) in o.packs {
            if let Some(u) = s.packs.get_mut(&k) {
                u.messages += v.messages;
                u.findings += v.findings;
            }
        }
        for (k, v) in o.campaigns {
            s.campaigns.entry(k).or_default().merge(&v);
        }
        for (k, v) in o.channels {
            s.channels.entry(k).or_default().merge(&v);
        }
        for (k, v) in o.days {
            let d = s.days.entry(k).or_default();
            d.counts.merge(&v.counts);
            for (r, n) in v.rules {
                *d.rules.entry(r).or_default() += n;
            }
        }
        for (h, c) in o.local_hours.iter().enumerate() {
            s.local_hours[h].merge(c);
        }
        for (k, v) in o.templates {
            let t = s.templates.entry(k).or_default();
            t.counts.merge(&v.counts);
            for (r, n) in v.rules {
                *t.rules.entry(r).or_default() += n;
            }
            if let Some(e) = v.example {
                if t.example.as_ref().is_none_or(|x| e.better_than(x)) {
                    t.example = Some(e);
                }
            }
        }
        for t in [o_first, o_last].into_iter().flatten() {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }
}

/// The template a message was written from: the log's `template`, else its body with every run
/// of digits written `#` (amounts, dates and references differ from message to message).
fn template_key(a: &Audited) -> String {
    if let Some(t) = &a.template {
        return t.clone();
    }
    let body = a.body.as_deref().unwrap_or("(no body)");
    let mut key = String::with_capacity(body.len().min(120));
    let mut digits = false;
    for c in body.chars().take(120) {
        if c.is_ascii_digit() {
            if !digits {
                key.push('#');
            }
            digits = true;
        } else {
            key.push(c);
            digits = false;
        }
    }
    key
}

/// A CSV field, quoted when it must be.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

const CSV_HEADER: &str =
    "line,id,campaign,send_at,channel,decision,rule,pack,severity,category,citation,words,retry_at,message\n";

fn csv_rows(a: &Audited) -> String {
    let mut out = String::new();
    for f in &a.verdict.findings {
        let fields = [
            a.line.to_string(),
            a.id.clone(),
            a.campaign.clone().unwrap_or_default(),
            fairtouch::format_instant(a.send_at),
            a.channel.to_string(),
            a.verdict.decision.to_string(),
            f.rule.clone(),
            f.pack.clone(),
            f.severity.to_string(),
            f.category.to_string(),
            f.citation.clone(),
            f.span.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
            f.retry_at.map(fairtouch::format_instant).unwrap_or_default(),
            f.message.clone(),
        ];
        let row: Vec<String> = fields.iter().map(|x| csv(x)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn line_error(line: u64, e: fairtouch::Error) -> LineError {
    match e {
        fairtouch::Error::InvalidAttempt { path, message } => LineError { line, path, message },
        e => LineError { line, path: "$".into(), message: e.to_string() },
    }
}

/// FNV-1a: a stable hash of the recipient, for the partition.
fn partition_of(key: &str, parts: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % parts as u64) as usize
}

/// The progress bar: drawn on stderr only when it is a terminal.
struct Progress {
    on: bool,
    last: Instant,
}

impl Progress {
    fn new() -> Progress {
        Progress { on: io::stderr().is_terminal(), last: Instant::now() - Duration::from_secs(1) }
    }
    fn draw(&mut self, stage: &str, done: u64, total: u64, force: bool) {
        if !self.on || (!force && self.last.elapsed() < Duration::from_millis(200)) {
            return;
        }
        self.last = Instant::now();
        let fraction = if total == 0 { 1.0 } else { (done as f64 / total as f64).min(1.0) };
        let width = 30;
        let filled = (fraction * width as f64) as usize;
        let _ = write!(
            io::stderr(),
            "\r{stage:<10} [{}{}] {:>3}%",
            "#".repeat(filled),
            "-".repeat(width - filled),
            (fraction * 100.0) as u32
        );
    }
    fn clear(&mut self) {
        if self.on {
            let _ = write!(io::stderr(), "\r{:60}\r", "");
        }
    }
}

fn io_failure(what: &Path) -> impl FnOnce(io::Error) -> Failure + '_ {
    move |e| Failure::Invalid(format!("{}: {e}", what.display()))
}

/// A line routed to a partition: its number, the recipient and time read off it.
fn write_record(w: &mut impl Write, line: u64, key: &str, at: jiff::Timestamp, json: &[u8]) -> io::Result<()> {
    // `line \t seconds \t nanoseconds \t recipient \t json`; JSON lines hold no raw tab or newline
    // outside strings, and addresses none at all.
    let key = key.replace(['\t', '\n', '\r'], " ");
    write!(w, "{line}\t{}\t{}\t{key}\t", at.as_second(), at.subsec_nanosecond())?;
    w.write_all(json)?;
    w.write_all(b"\n")
}

/// Runs the audit; see the module documentation.
pub fn run(engine: &Engine, o: &Options, out: &mut impl Write) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let log_path = Path::new(&o.log);
    let file = File::open(log_path).map_err(io_failure(log_path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    fs::create_dir_all(&o.out).map_err(io_failure(&o.out))?;
    let tmp = o.out.join(".partitions");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(io_failure(&tmp))?;
    let jobs = if o.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { o.jobs };
    // At most 960 partition files are open at once (the usual limit is 1,024 a process): beyond
    // 960 times the target size (30 GiB at 32 MiB), partitions grow past the target.
    let parts = ((size / o.partition_bytes.max(1)) as usize + 1).max(2 * jobs).min(960);
    let mut progress = Progress::new();

    // Pass 1: partition by recipient.
    let mut writers = Vec::with_capacity(parts);
    for k in 0..parts {
        let path = tmp.join(format!("p{k}"));
        writers.push(BufWriter::with_capacity(64 * 1024, File::create(&path).map_err(io_failure(&path))?));
    }
    let mut errors: Vec<LineError> = Vec::new();
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut number = 0u64;
    let mut read = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(io_failure(log_path))?;
        if n == 0 {
            break;
        }
        number += 1;
        read += n as u64;
        if number.is_multiple_of(4096) {
            progress.draw("reading", read, size, false);
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t,
            Err(e) => {
                errors.push(LineError {
                    line: number,
                    path: "$".into(),
                    message: format!("not UTF-8: invalid byte at offset {}", e.valid_up_to()),
                });
                continue;
            }
        };
        match route(text) {
            Ok(r) => {
                let key = match r.recipient {
                    Some(k) => k,
                    // A message without an address is a recipient of its own.
                    None => format!("#{number}"),
                };
                let w = &mut writers[partition_of(&key, parts)];
                write_record(w, number, &key, r.at, text.as_bytes()).map_err(io_failure(&tmp))?;
            }
            // The full reading names the first bad field in the order of the format.
            Err(e) => errors.push(line_error(number, Entry::parse(number, text).err().unwrap_or(e))),
        }
    }
    for mut w in writers {
        w.flush().map_err(io_failure(&tmp))?;
    }
    let lines = number;
    let partitioned = started.elapsed().as_secs_f64();

    // Pass 2: audit each partition, one worker per core.
    let next = AtomicUsize::new(0);
    // Lines judged so far, for the progress bar.
    let audited = AtomicU64::new(0);
    let tallies: Mutex<Vec<Tally>> = Mutex::new(Vec::new());
    let part_errors: Mutex<Vec<LineError>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<String>> = Mutex::new(None);
    let mut known_packs = BTreeMap::new();
    for p in engine.packs() {
        known_packs
            .insert(p.id.clone(), PackUse { id: p.id, version: p.version, digest: p.digest, messages: 0, findings: 0 });
    }
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for _ in 0..jobs {
            handles.push(scope.spawn(|| {
                let mut tally = Tally::new();
                tally.summary.packs = known_packs.clone();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= parts {
                        break;
                    }
                    if let Err(e) = audit_partition(engine, &tmp, k, &mut tally, &part_errors, &audited) {
                        *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
                        break;
                    }
                }
                tallies.lock().unwrap_or_else(|p| p.into_inner()).push(tally);
            }));
        }
        while handles.iter().any(|h| !h.is_finished()) {
            progress.draw("auditing", audited.load(Ordering::Relaxed), lines, false);
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(Failure::Invalid(format!("{}: {e}", tmp.display())));
    }
    let mut total = Tally::new();
    total.summary.packs = known_packs;
    for t in tallies.into_inner().unwrap_or_else(|p| p.into_inner()) {
        total.merge(t);
    }
    errors.extend(part_errors.into_inner().unwrap_or_else(|p| p.into_inner()));
    errors.sort_by_key(|e| e.line);

    let judged = started.elapsed().as_secs_f64();
    // Merge the partitions' results by line number.
    progress.draw("auditing", lines, lines, true);
    let verdicts_path = o.out.join("verdicts.jsonl");
    let csv_path = o.out.join("findings.csv");
    let mut verdicts = BufWriter::new(File::create(&verdicts_path).map_err(io_failure(&verdicts_path))?);
    let mut findings = BufWriter::new(File::create(&csv_path).map_err(io_failure(&csv_path))?);
    findings.write_all(CSV_HEADER.as_bytes()).map_err(io_failure(&csv_path))?;
    merge_results(&tmp, parts, &mut verdicts, &mut findings).map_err(io_failure(&tmp))?;
    verdicts.flush().map_err(io_failure(&verdicts_path))?;
    findings.flush().map_err(io_failure(&csv_path))?;
    let _ = fs::remove_dir_all(&tmp);

    let mut summary = total.summary;
    summary.log = o.log.clone();
    summary.lines = lines;
    summary.first_send_at = total.first.map(fairtouch::format_instant);
    summary.last_send_at = total.last.map(fairtouch::format_instant);
    summary.invalid_lines = errors.len() as u64;
    let mut stderr = io::stderr().lock();
    progress.clear();
    for e in &errors {
        let _ = writeln!(stderr, "fairtouch: {}:{}: {}: {}", o.log, e.line, e.path, e.message);
    }
    summary.errors = errors.into_iter().take(100).collect();
    let summary_path = o.out.join("summary.json");
    let json = serde_json::to_string_pretty(&summary).unwrap_or_default();
    fs::write(&summary_path, json + "\n").map_err(io_failure(&summary_path))?;
    let report_path = o.out.join("report.html");
    fs::write(&report_path, crate::report::html(&summary)).map_err(io_failure(&report_path))?;

    let d = &summary.decisions;
    let seconds = started.elapsed().as_secs_f64();
    emit(
        out,
        &format!(
            "{} messages to {} recipient addresses audited ({} lines, {} events, {} invalid): {} allowed, {} warned, {} blocked\n\
             wrote {dir}/verdicts.jsonl, {dir}/findings.csv, {dir}/summary.json, {dir}/report.html \
             in {seconds:.1} s ({partitioned:.1} s partitioning, {:.1} s judging on {jobs} threads, {:.1} s writing)\n",
            d.messages,
            summary.recipients,
            summary.lines,
            summary.events,
            summary.invalid_lines,
            d.allow,
            d.warn,
            d.block,
            judged - partitioned,
            seconds - judged,
            dir = o.out.display()
        ),
    )?;
    Ok(if summary.invalid_lines > 0 {
        ExitCode::from(2)
    } else if d.block > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One record of a partition file.
struct Record<'a> {
    line: u64,
    at: (i64, i32),
    key: &'a str,
    json: &'a str,
}

fn parse_record(r: &str) -> Option<Record<'_>> {
    let mut it = r.splitn(5, '\t');
    let line = it.next()?.parse().ok()?;
    let secs = it.next()?.parse().ok()?;
    let nanos = it.next()?.parse().ok()?;
    let key = it.next()?;
    let json = it.next()?;
    Some(Record { line, at: (secs, nanos), key, json })
}

/// Audits partition `k`: sorts it by (recipient, time, line) and judges it, writing the verdicts
/// sorted by line to `r{k}`.
fn audit_partition(
    engine: &Engine,
    tmp: &Path,
    k: usize,
    tally: &mut Tally,
    errors: &Mutex<Vec<LineError>>,
    audited: &AtomicU64,
) -> io::Result<()> {
    let path = tmp.join(format!("p{k}"));
    let mut text = String::new();
    File::open(&path)?.read_to_string(&mut text)?;
    let _ = fs::remove_file(&path);
    let mut records: Vec<Record> = text.lines().filter_map(parse_record).collect();
    records.sort_by(|a, b| (a.key, a.at, a.line).cmp(&(b.key, b.at, b.line)));
    let mut auditor = Auditor::new(engine);
    let mut results: Vec<(u64, String, String)> = Vec::new();
    let mut last_key: Option<&str> = None;
    for r in &records {
        audited.fetch_add(1, Ordering::Relaxed);
        let entry = match Entry::parse(r.line, r.json) {
            Ok(e) => e,
            Err(e) => {
                errors.lock().unwrap_or_else(|p| p.into_inner()).push(line_error(r.line, e));
                continue;
            }
        };
        if last_key != Some(r.key) {
            tally.summary.recipients += 1;
            last_key = Some(r.key);
        }
        match auditor.push(engine, entry) {
            None => tally.summary.events += 1,
            Some(a) => {
                tally.count(&a);
                results.push((a.line, a.to_json(), csv_rows(&a)));
            }
        }
    }
    results.sort_by_key(|r| r.0);
    let mut w = BufWriter::new(File::create(tmp.join(format!("r{k}")))?);
    for (line, json, csv) in results {
        // `line \t verdict json \t csv rows as a JSON string`: no raw tab or newline in either.
        writeln!(w, "{line}\t{json}\t{}", serde_json::to_string(&csv).unwrap_or_default())?;
    }
    w.flush()
}

/// Merges the sorted results files into the outputs, by line number.
fn merge_results(tmp: &Path, parts: usize, verdicts: &mut impl Write, findings: &mut impl Write) -> io::Result<()> {
    let mut readers: Vec<io::Lines<BufReader<File>>> = (0..parts)
        .map(|k| File::open(tmp.join(format!("r{k}"))).map(|f| BufReader::new(f).lines()))
        .collect::<io::Result<_>>()?;
    let mut heads: Vec<Option<String>> = vec![None; parts];
    let mut heap = BinaryHeap::new();
    let mut advance = |k: usize, heads: &mut Vec<Option<String>>, heap: &mut BinaryHeap<Reverse<(u64, usize)>>| {
        if let Some(l) = readers[k].next() {
            let l = l?;
            let line: u64 = l.split('\t').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            heads[k] = Some(l);
            heap.push(Reverse((line, k)));
        }
        Ok::<(), io::Error>(())
    };
    for k in 0..parts {
        advance(k, &mut heads, &mut heap)?;
    }
    while let Some(Reverse((_, k))) = heap.pop() {
        if let Some(l) = heads[k].take() {
            let mut it = l.splitn(3, '\t');
            let _ = it.next();
            verdicts.write_all(it.next().unwrap_or_default().as_bytes())?;
            verdicts.write_all(b"\n")?;
            let rows: String = serde_json::from_str(it.next().unwrap_or("\"\"")).unwrap_or_default();
            findings.write_all(rows.as_bytes())?;
        }
        advance(k, &mut heads, &mut heap)?;
    }
    Ok(())
}
