//! `report.html`: the audit on one self-contained page (inline CSS and SVG, no script, no external
//! asset) for a compliance officer: the headline figures, the rules by day, the hours of day in
//! the recipients' local time, the most-blocked templates with the offending words marked, the
//! campaigns, and the packs (ids, versions, digests) the audit ran under.

use std::fmt::Write;

use crate::audit::{Counts, Example, Summary};

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pct(n: u64, of: u64) -> String {
    if of == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// The example body with the offending words in `<mark>`, overlapping spans merged.
fn marked(e: &Example) -> String {
    let mut spans: Vec<(usize, usize, String)> = e
        .marks
        .iter()
        .filter(|m| m.start < m.end && m.end <= e.body.len())
        .filter(|m| e.body.is_char_boundary(m.start) && e.body.is_char_boundary(m.end))
        .map(|m| (m.start, m.end, m.rule.clone()))
        .collect();
    spans.sort();
    let mut merged: Vec<(usize, usize, String)> = Vec::new();
    for (s, en, r) in spans {
        match merged.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(en);
                if !last.2.split(", ").any(|x| x == r) {
                    last.2 = format!("{}, {r}", last.2);
                }
            }
            _ => merged.push((s, en, r)),
        }
    }
    let mut out = String::new();
    let mut at = 0;
    for (s, en, r) in merged {
        out.push_str(&esc(&e.body[at..s]));
        let _ = write!(out, "<mark title=\"{}\">{}</mark>", esc(&r), esc(&e.body[s..en]));
        at = en;
    }
    out.push_str(&esc(&e.body[at..]));
    out
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid #d9dde5;padding-bottom:4px}
.sub{color:#5b6475;margin:0 0 18px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:26px}.card span{color:#5b6475;font-size:13px}
.block b{color:#b3261e}.warn b{color:#a15c00}.allow b{color:#1b7a3d}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8;font-size:13.5px}
th,td{text-align:left;padding:6px 9px;border-bottom:1px solid #eceef2;vertical-align:top}th{background:#f0f2f5}
td.n{text-align:right;font-variant-numeric:tabular-nums}
table.rules td:nth-child(2),table.rules td:nth-child(3){white-space:nowrap}
code{font-size:12px;color:#3c4558;word-break:break-all}
mark{background:#ffd7d4;color:#8c1d15;border-bottom:2px solid #b3261e;padding:0 1px}
.body{background:#fbfbfc;border:1px solid #e4e7ec;border-radius:6px;padding:8px 10px;margin-top:6px}
svg text{font:11px system-ui,sans-serif;fill:#3c4558}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
.note{color:#5b6475;font-size:13px}
";

fn hours_chart(hours: &[Counts]) -> String {
    let max = hours.iter().map(|c| c.messages).max().unwrap_or(0).max(1) as f64;
    let (w, h, left, bottom) = (1000.0, 200.0, 40.0, 22.0);
    let bar = (w - left) / 24.0;
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {}\" width=\"100%\" role=\"img\" aria-label=\"messages by local hour\">",
        h + bottom
    );
    for (i, c) in hours.iter().enumerate() {
        let x = left + i as f64 * bar;
        let mut y = h;
        for (n, color) in [(c.allow, "#3f9b5f"), (c.warn, "#e0a030"), (c.block, "#c8443a")] {
            let bh = n as f64 / max * (h - 10.0);
            y -= bh;
            let _ = write!(s, "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{color}\"><title>{i:02}:00 {n}</title></rect>", x + 2.0, bar - 4.0);
        }
        let _ = write!(s, "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{i:02}</text>", x + bar / 2.0, h + 15.0);
    }
    let _ = write!(s, "<text x=\"0\" y=\"12\">{}</text><line x1=\"{left}\" y1=\"{h}\" x2=\"{w}\" y2=\"{h}\" stroke=\"#9aa3b2\"/></svg>", max as u64);
    s
}

fn rules_by_day(summary: &Summary, rules: &[&String]) -> String {
    let days: Vec<&String> = summary.days.keys().collect();
    if days.is_empty() || rules.is_empty() {
        return "<p class=\"note\">No findings.</p>".into();
    }
    let max = summary.days.values().flat_map(|d| d.rules.values()).copied().max().unwrap_or(1).max(1) as f64;
    let (left, top, cell_h) = (250.0, 40.0, 20.0);
    let cell_w = ((1000.0 - left) / days.len() as f64).clamp(6.0, 40.0);
    let w = left + cell_w * days.len() as f64 + 10.0;
    let h = top + cell_h * rules.len() as f64 + 10.0;
    let mut s = format!("<svg viewBox=\"0 0 {w:.0} {h:.0}\" width=\"100%\" role=\"img\" aria-label=\"rules by day\">");
    let every = (days.len() / 12).max(1);
    for (j, d) in days.iter().enumerate() {
        if j % every == 0 {
            let x = left + j as f64 * cell_w;
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{}\" transform=\"rotate(-35 {x:.1} {})\">{}</text>",
                top - 6.0,
                top - 6.0,
                &d[5..]
            );
        }
    }
    for (i, r) in rules.iter().enumerate() {
        let y = top + i as f64 * cell_h;
        let _ = write!(s, "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>", left - 6.0, y + 14.0, esc(r));
        for (j, d) in days.iter().enumerate() {
            let n = summary.days[*d].rules.get(*r).copied().unwrap_or(0);
            let x = left + j as f64 * cell_w;
            let alpha = if n == 0 { 0.0 } else { 0.15 + 0.85 * (n as f64 / max) };
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#c8443a\" fill-opacity=\"{alpha:.2}\" stroke=\"#eceef2\"><title>{} {d}: {n}</title></rect>",
                cell_w,
                cell_h,
                esc(r)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The report page.
pub fn html(summary: &Summary) -> String {
    let d = &summary.decisions;
    let mut h = String::new();
    let period = match (&summary.first_send_at, &summary.last_send_at) {
        (Some(a), Some(b)) => format!("messages sent from {a} to {b}"),
        _ => "no messages".into(),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>fairtouch audit: {log}</title><style>{STYLE}</style></head><body><main>\
         <h1>Compliance audit</h1><p class=\"sub\"><code>{log}</code> · {period} · fairtouch {version}</p>\
         <div class=\"cards\">\
         <div class=\"card\"><b>{}</b><span>messages</span></div>\
         <div class=\"card\"><b>{}</b><span>recipient addresses</span></div>\
         <div class=\"card block\"><b>{}</b><span>blocked ({})</span></div>\
         <div class=\"card warn\"><b>{}</b><span>warned ({})</span></div>\
         <div class=\"card allow\"><b>{}</b><span>allowed ({})</span></div>\
         <div class=\"card\"><b>{}</b><span>invalid lines</span></div></div>",
        d.messages,
        summary.recipients,
        d.block,
        pct(d.block, d.messages),
        d.warn,
        pct(d.warn, d.messages),
        d.allow,
        pct(d.allow, d.messages),
        summary.invalid_lines,
        log = esc(&summary.log),
        version = env!("CARGO_PKG_VERSION"),
    );

    let mut rules: Vec<(&String, &crate::audit::RuleCount)> = summary.rules.iter().collect();
    rules.sort_by(|a, b| b.1.messages.cmp(&a.1.messages).then(a.0.cmp(b.0)));
    let top: Vec<&String> = rules.iter().take(15).map(|(r, _)| *r).collect();
    let _ = write!(
        h,
        "<h2>Rules by day</h2><p class=\"note\">Messages each rule found something in, by UTC date of sending (the {} rules that fired most).</p>{}",
        top.len(),
        rules_by_day(summary, &top)
    );
    let _ = write!(
        h,
        "<h2>Hour of day, in the recipients' local time</h2>{}<p class=\"legend note\"><span style=\"background:#3f9b5f\"></span>allowed<span style=\"background:#e0a030\"></span>warned<span style=\"background:#c8443a\"></span>blocked</p>",
        hours_chart(&summary.local_hours)
    );

    let mut templates: Vec<_> = summary.templates.iter().filter(|(_, t)| t.counts.block > 0).collect();
    templates.sort_by(|a, b| b.1.counts.block.cmp(&a.1.counts.block).then(a.0.cmp(b.0)));
    h.push_str("<h2>Most-blocked templates</h2>");
    if templates.is_empty() {
        h.push_str("<p class=\"note\">No template was blocked.</p>");
    }
    h.push_str("<table><tr><th>template</th><th>sent</th><th>blocked</th><th>rules and an example (offending words marked)</th></tr>");
    for (key, t) in templates.iter().take(10) {
        let mut rs: Vec<(&String, &u64)> = t.rules.iter().collect();
        rs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rule_list: Vec<String> = rs.iter().take(6).map(|(r, n)| format!("<code>{}</code> ({n})", esc(r))).collect();
        let example = t
            .example
            .as_ref()
            .map(|e| {
                format!(
                    "<div class=\"body\">{}</div><span class=\"note\">message {} (line {}), blocked by {}</span>",
                    marked(e),
                    esc(&e.id),
                    e.line,
                    esc(&e.rules.join(", "))
                )
            })
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td><td>{}{example}</td></tr>",
            esc(key),
            t.counts.messages,
            t.counts.block,
            pct(t.counts.block, t.counts.messages),
            rule_list.join(", ")
        );
    }
    h.push_str("</table>");

    h.push_str("<h2>Rules</h2><table class=\"rules\"><tr><th>rule</th><th>pack</th><th>severity</th><th>citation</th><th>messages</th><th>share</th></tr>");
    for (id, r) in &rules {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(id),
            esc(&r.pack),
            esc(&r.severity),
            esc(&r.citation),
            r.messages,
            pct(r.messages, d.messages)
        );
    }
    h.push_str("</table>");
    h.push_str("<h2>Campaigns</h2><table><tr><th>campaign</th><th>messages</th><th>blocked</th><th>warned</th><th>allowed</th></tr>");
    for (c, n) in &summary.campaigns {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(c),
            n.messages,
            n.block,
            pct(n.block, n.messages),
            n.warn,
            n.allow
        );
    }
    h.push_str("</table>");

    h.push_str("<h2>Packs the audit ran under</h2><p class=\"note\">Replay: the same log with packs of these versions and digests gives the same verdicts.</p><table><tr><th>pack</th><th>version</th><th>digest</th><th>messages</th><th>findings</th></tr>");
    for p in summary.packs.values() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&p.id),
            esc(&p.version),
            esc(&p.digest),
            p.messages,
            p.findings
        );
    }
    h.push_str("</table>");
    if !summary.errors.is_empty() {
        h.push_str("<h2>Invalid lines</h2><table><tr><th>line</th><th>field</th><th>problem</th></tr>");
        for e in &summary.errors {
            let _ = write!(
                h,
                "<tr><td class=\"n\">{}</td><td><code>{}</code></td><td>{}</td></tr>",
                e.line,
                esc(&e.path),
                esc(&e.message)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</main></body></html>\n");
    h
}
