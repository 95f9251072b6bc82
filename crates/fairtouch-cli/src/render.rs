//! Text output for people: the decision, each finding with its citation, the offending words
//! marked in the message, and when the message may be sent.

use std::io::{self, IsTerminal};

use fairtouch::{Attempt, Decision, NextWindow, PackInfo, RuleInfo, Severity, Verdict};

use crate::Format;

/// Colors only for text on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn use_color(format: Format) -> bool {
    format == Format::Text && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `s` in the ANSI style `code` when `color` is on.
pub fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// A checked attempt: decision, channel, recipient and time, the zones, jurisdictions and packs
/// applied, the findings, when it may be sent, and the overrides in force.
pub fn render(attempt: &Attempt, verdict: &Verdict, color: bool) -> String {
    let to =
        attempt.recipient.address.as_ref().map(|a| a.canonical().to_string()).unwrap_or_else(|| "recipient".into());
    let mut s = format!(
        "{} {} to {} at {}\n",
        decision_label(verdict.decision, color),
        attempt.channel,
        to,
        fairtouch::format_instant(attempt.send_at)
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
        (_, Some(t)) => s.push_str(&format!("  next allowed at {}\n", fairtouch::format_instant(t))),
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

/// ALLOW, WARN or BLOCK, padded to one width so the columns line up.
pub fn decision_label(d: Decision, color: bool) -> String {
    match d {
        Decision::Allow => paint("ALLOW", "1;32", color),
        Decision::Warn => paint("WARN ", "1;33", color),
        Decision::Block => paint("BLOCK", "1;31", color),
    }
}

/// Each finding with its citation and message, then the body with the offending words marked
/// (underlined in color, `[[like this]]` without).
pub fn render_findings(body: &str, verdict: &Verdict, color: bool, with_decision: bool) -> String {
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
            s.push_str(&format!("      allowed again at {}\n", fairtouch::format_instant(t)));
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

/// The next allowed instant in UTC and in each local zone, or why there is none, and the rules
/// blocking now.
pub fn render_next_window(next: &NextWindow) -> String {
    let mut s = String::new();
    match next.next_allowed_at {
        Some(t) => {
            s.push_str(&format!("next allowed at {}\n", fairtouch::format_instant(t)));
            for l in &next.local {
                s.push_str(&format!("  {:<24} {}\n", l.time_zone, l.local));
            }
        }
        None => s.push_str("never: time alone will not cure the block\n"),
    }
    if !next.blocking.is_empty() {
        s.push_str(&format!("blocked now by: {}\n", next.blocking.join(", ")));
    }
    s
}

/// One row per pack: id, version, jurisdictions, number of rules, title.
pub fn render_pack_list(packs: &[PackInfo]) -> String {
    let mut s = format!("{:<12} {:<12} {:<22} {:>5}  {}\n", "PACK", "VERSION", "JURISDICTION", "RULES", "TITLE");
    for p in packs {
        s.push_str(&format!(
            "{:<12} {:<12} {:<22} {:>5}  {}\n",
            p.id,
            p.version,
            p.jurisdictions.join(","),
            p.rules,
            p.title
        ));
    }
    s
}

/// A pack's header, then each rule with its check, severity, dates, citation, explanation and
/// source.
pub fn render_pack(pack: &PackInfo, rules: &[RuleInfo]) -> String {
    let mut s = format!(
        "{} {} ({})\n{}\njurisdiction: {}\ndigest: {}\n\n",
        pack.id,
        pack.version,
        pack.origin,
        pack.title,
        pack.jurisdictions.join(", "),
        pack.digest
    );
    for r in rules {
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
    s
}
