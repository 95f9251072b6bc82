//! Outside data: the engine against words and names nobody on this project wrote.
//!
//! `tests/outside-data/` holds the 40,000 most frequent words of English, Spanish and French
//! (wordfreq) and the most common first and last names of the US, Spain, Mexico, Peru and France
//! (names-dataset), written by `tests/outside-data/generate.py`. Each word is put into a lawful
//! message of its language (`templates.json`: a US English and a US Spanish SMS, a French and a
//! Peruvian collector's message, each allowed as it is), each name into the greeting of all four.
//! A word or name that turns the verdict from `allow` into `warn` or `block` is a line of the
//! checked-in lists `blocking-words-{en,es,fr}.tsv` and `blocking-names.tsv`, each line reviewed
//! (its last column says whether the block is right or a false positive).
//!
//! The test recomputes the lists and fails when one changes, printing the difference, so every
//! change in what blocks is reviewed. After reviewing, `OUTSIDE_DATA_BLESS=1 cargo test -p
//! fairtouch --test outside_data` rewrites the lists (the notes of unchanged lines are kept, new
//! lines get `UNREVIEWED`, and the test fails until each such line has a note). Without the word
//! lists the test skips.
//!
//! By default several words go into one message, which is bisected when it is not allowed (about
//! 12,000 evaluations, a few seconds in debug); `OUTSIDE_DATA_FULL=1` evaluates every word and
//! name on its own (about 196,000 evaluations: run it with `--release`) and must give the same
//! lists.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use fairtouch::{Attempt, Decision, Engine, Severity, Verdict};
use serde_json::Value;

/// The columns of a line, without its note: what the engine decides.
type Key = String;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/outside-data")
}

struct Template {
    id: String,
    words: String,
    words_body: String,
    words_joiner: String,
    names_body: String,
    default_first: String,
    default_last: String,
    attempt: Attempt,
}

fn load_templates(dir: &Path) -> Vec<Template> {
    let text = fs::read_to_string(dir.join("templates.json")).expect("templates.json");
    let doc: Value = serde_json::from_str(&text).expect("templates.json is JSON");
    let s = |t: &Value, k: &str| t[k].as_str().unwrap_or_else(|| panic!("template member {k}")).to_string();
    doc["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .map(|t| Template {
            id: s(t, "id"),
            words: s(t, "words"),
            words_body: s(t, "words_body"),
            words_joiner: s(t, "words_joiner"),
            names_body: s(t, "names_body"),
            default_first: s(t, "default_first"),
            default_last: s(t, "default_last"),
            attempt: Attempt::from_json(&t["attempt"].to_string()).expect("template attempt"),
        })
        .collect()
}

/// The verdict's `warn` and `block` findings as `decision<TAB>rules<TAB>spans`, or `None` when the
/// message is allowed.
fn outcome(v: &Verdict) -> Option<String> {
    if v.decision == Decision::Allow {
        return None;
    }
    let mut rules = BTreeSet::new();
    let mut spans = BTreeSet::new();
    for f in v.findings.iter().filter(|f| f.severity != Severity::Info) {
        rules.insert(f.rule.as_str());
        if let Some(s) = &f.span {
            spans.insert(s.text.as_str());
        }
    }
    let rules = rules.into_iter().collect::<Vec<_>>().join(",");
    let spans = if spans.is_empty() { "-".to_string() } else { spans.into_iter().collect::<Vec<_>>().join(" | ") };
    Some(format!("{}\t{rules}\t{spans}", v.decision.as_str()))
}

struct Run<'a> {
    engine: &'a Engine,
    /// How many words or names go into one message before bisecting; 1 in the full run.
    chunk: usize,
    evaluations: usize,
}

impl Run<'_> {
    fn eval(&mut self, template: &Template, body: String) -> Option<String> {
        let mut attempt = template.attempt.clone();
        attempt.body = Some(body);
        self.evaluations += 1;
        outcome(&self.engine.evaluate(&attempt))
    }

    /// The outcome of each item that is not allowed on its own. `render` puts one item, or several
    /// joined, into the template. Several items are tried in one message first: when it is
    /// allowed, so is each of them (no word in these lists lifts another's finding; the full run,
    /// `OUTSIDE_DATA_FULL=1`, evaluates one by one and gives the same lists); when it is not, the
    /// items are bisected down to single items, each judged on its own.
    fn scan<'i>(
        &mut self,
        template: &Template,
        items: &'i [String],
        render: &dyn Fn(&[String]) -> String,
        out: &mut Vec<(&'i str, String)>,
    ) {
        for chunk in items.chunks(self.chunk.max(1)) {
            self.bisect(template, chunk, render, out);
        }
    }

    fn bisect<'i>(
        &mut self,
        template: &Template,
        items: &'i [String],
        render: &dyn Fn(&[String]) -> String,
        out: &mut Vec<(&'i str, String)>,
    ) {
        let verdict = self.eval(template, render(items));
        match (verdict, items) {
            (None, _) => {}
            (Some(o), [one]) => out.push((one.as_str(), o)),
            (Some(_), _) => {
                let (a, b) = items.split_at(items.len() / 2);
                self.bisect(template, a, render, out);
                self.bisect(template, b, render, out);
            }
        }
    }
}

fn read_list(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .map(|t| t.lines().map(str::to_string).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default()
}

/// A checked-in result list: key (every column but the note) to note.
fn read_results(path: &Path) -> BTreeMap<Key, String> {
    read_list(path)
        .into_iter()
        .filter(|l| !l.starts_with('#'))
        .map(|l| match l.rsplit_once('\t') {
            Some((k, note)) => (k.to_string(), note.to_string()),
            None => (l, String::new()),
        })
        .collect()
}

/// Words or names per message in the quick run (the default).
const CHUNK: usize = 24;

const HEADER_WORDS: &str = "# word\tdecision\trules\tspans\ttemplate\tnote";
const HEADER_NAMES: &str = "# name\tdecision\trules\tspans\tslot:template\tnote";

/// Compares a recomputed list with the checked-in one; returns the difference (empty when equal)
/// and writes the new list (notes kept) to `target/outside-data/`, or over the checked-in one when
/// blessing.
fn compare(file: &str, header: &str, got: &BTreeSet<Key>, bless: bool) -> String {
    let path = data_dir().join(file);
    let old = read_results(&path);
    let mut diff = String::new();
    for (k, note) in old.iter().filter(|(_, n)| n.is_empty() || n.starts_with("UNREVIEWED")) {
        writeln!(diff, "  ? {file}: {}  has no review note ({note:?})", k.replace('\t', "  ")).unwrap();
    }
    for k in old.keys().filter(|k| !got.contains(*k)) {
        writeln!(diff, "  - {file}: {}", k.replace('\t', "  ")).unwrap();
    }
    for k in got.iter().filter(|k| !old.contains_key(*k)) {
        writeln!(diff, "  + {file}: {}", k.replace('\t', "  ")).unwrap();
    }
    let mut text = format!("{header}\n");
    for k in got {
        let note = old.get(k).map(String::as_str).unwrap_or("UNREVIEWED");
        writeln!(text, "{k}\t{note}").unwrap();
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/outside-data");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(file), &text).unwrap();
    if bless && !diff.is_empty() {
        fs::write(&path, &text).unwrap();
    }
    diff
}

/// Counts by decision and by rule, for the printout.
fn summary(name: &str, total: usize, lines: &BTreeSet<Key>) -> String {
    let mut subjects: BTreeMap<&str, &str> = BTreeMap::new(); // word or name -> worst decision
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        let subject = cols[0];
        let worst = subjects.entry(subject).or_insert(cols[1]);
        if cols[1] == "block" {
            *worst = "block";
        }
        for r in cols[2].split(',') {
            *rules.entry(r).or_default() += 1;
        }
    }
    let block = subjects.values().filter(|d| **d == "block").count();
    let warn = subjects.len() - block;
    let mut top: Vec<_> = rules.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = top.iter().take(8).map(|(r, n)| format!("{r} {n}")).collect();
    format!(
        "{name}: {} of {total} not allowed ({block} block, {warn} warn only); rules: {}",
        subjects.len(),
        top.join(", ")
    )
}

#[test]
fn outside_words_and_names() {
    let dir = data_dir();
    if !dir.join("words-en.txt").exists() {
        eprintln!(
            "SKIPPED outside_data: tests/outside-data/words-*.txt are missing; run `python3.11 \
             tests/outside-data/generate.py` (needs PyPI) to write them"
        );
        return;
    }
    let bless = std::env::var_os("OUTSIDE_DATA_BLESS").is_some_and(|v| v != "0");
    let started = Instant::now();
    let engine = Engine::new().expect("default packs load");
    let templates = load_templates(&dir);
    let full = std::env::var_os("OUTSIDE_DATA_FULL").is_some_and(|v| v != "0");
    let chunk = std::env::var("OUTSIDE_DATA_CHUNK").ok().and_then(|c| c.parse().ok()).unwrap_or(CHUNK);
    let mut run = Run { engine: &engine, chunk: if full { 1 } else { chunk }, evaluations: 0 };

    // Every template is lawful as it is.
    for t in &templates {
        let body = t.names_body.replace("{FIRST}", &t.default_first).replace("{LAST}", &t.default_last);
        assert_eq!(run.eval(t, body), None, "template {} with its default names is not allowed", t.id);
    }

    let mut diffs = String::new();
    let mut report = Vec::new();

    for lang in ["en", "es", "fr"] {
        let words = read_list(&dir.join(format!("words-{lang}.txt")));
        let mut got = BTreeSet::new();
        // A template names the languages whose words go into it (its own first).
        for t in templates.iter().filter(|t| t.words.split(' ').any(|w| w == lang)) {
            let render = |ws: &[String]| t.words_body.replace("{WORD}", &ws.join(&t.words_joiner));
            let mut found = Vec::new();
            run.scan(t, &words, &render, &mut found);
            for (w, o) in found {
                got.insert(format!("{w}\t{o}\t{}", t.id));
            }
        }
        let file = format!("blocking-words-{lang}.tsv");
        report.push(summary(&file, words.len(), &got));
        diffs.push_str(&compare(&file, HEADER_WORDS, &got, bless));
    }

    let mut got = BTreeSet::new();
    let mut total = 0;
    for slot in ["first", "last"] {
        let names: Vec<String> = read_list(&dir.join(format!("names-{slot}.txt")))
            .into_iter()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect();
        total += names.len();
        for t in &templates {
            // Several names are greeted at once: "Hello Ann Smith, Bob Smith, ..." or "Hello John
            // Lee, John Park, ...".
            let render = |ns: &[String]| {
                if slot == "first" {
                    let joined = ns.join(&format!(" {}, ", t.default_last));
                    t.names_body.replace("{FIRST}", &joined).replace("{LAST}", &t.default_last)
                } else {
                    let joined = ns.join(&format!(", {} ", t.default_first));
                    t.names_body.replace("{FIRST}", &t.default_first).replace("{LAST}", &joined)
                }
            };
            let mut found = Vec::new();
            run.scan(t, &names, &render, &mut found);
            for (n, o) in found {
                got.insert(format!("{n}\t{o}\t{slot}:{}", t.id));
            }
        }
    }
    report.push(summary("blocking-names.tsv", total, &got));
    diffs.push_str(&compare("blocking-names.tsv", HEADER_NAMES, &got, bless));

    for line in &report {
        println!("{line}");
    }
    println!("{} evaluations ({} per message at first) in {:.1?}", run.evaluations, run.chunk, started.elapsed());
    if !diffs.is_empty() {
        if bless {
            println!("outside data lists rewritten (OUTSIDE_DATA_BLESS):\n{diffs}");
        } else {
            panic!(
                "what blocks in outside data changed (+ -) or a line has no review note (?); review the lines below, then \
                 rewrite the lists with \
                 OUTSIDE_DATA_BLESS=1 and write a note on each new line (new lists in target/outside-data/):\n{diffs}"
            );
        }
    }
}
