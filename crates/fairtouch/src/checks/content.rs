//! Banned content (phrases that must not appear) and required content (phrases or facts that must).

use super::Report;
use crate::context::Context;
use crate::pack::{BannedParams, RequiredParams, Requirement};
use crate::resolve::{find_field, Presence};
use crate::text::placeholders;

pub fn check_banned(ctx: &Context, p: &BannedParams, report: &mut Report) {
    for view in &ctx.texts {
        let mut excepts: Vec<(u32, u32)> = match p.except {
            Some(g) => view.hits_of(g, ctx.language).map(|h| (h.start, h.end)).collect(),
            None => Vec::new(),
        };
        excepts.sort_unstable();
        // The longest except ending before a point, for an overlap test in logarithmic time.
        let mut reach: Vec<u32> = Vec::with_capacity(excepts.len());
        for &(_, e) in &excepts {
            reach.push(reach.last().map_or(e, |&r| r.max(e)));
        }
        let excepted = |s: u32, e: u32| {
            let k = excepts.partition_point(|&(xs, _)| xs < e);
            k > 0 && reach[k - 1] > s
        };
        let mut hits: Vec<(u32, u32)> = view
            .hits_of(p.patterns, ctx.language)
            .map(|h| (h.start, h.end))
            .filter(|&(s, e)| !excepted(s, e))
            .collect();
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        // Overlapping matches of one rule are one finding: keep the longest of each chain.
        let mut kept: Vec<(u32, u32)> = Vec::new();
        let mut chain_end = 0u32;
        for (s, e) in hits {
            match kept.last_mut() {
                Some(k) if s < chain_end => {
                    if e - s > k.1 - k.0 {
                        *k = (s, e);
                    }
                    chain_end = chain_end.max(e);
                }
                _ => {
                    kept.push((s, e));
                    chain_end = e;
                }
            }
        }
        for (s, e) in kept {
            let span = view.span_of_normalized(s as usize, e as usize);
            let message = format!("\"{}\": {}", span.text, report.rule.explain);
            report.push(message, Some(span), None);
        }
    }
}

pub fn check_required(ctx: &Context, p: &RequiredParams, report: &mut Report) {
    let mut missing: Vec<&str> = Vec::new();
    let mut unknown: Vec<&'static str> = Vec::new();
    for item in &p.all {
        match item {
            Requirement::Phrases { group, label } => {
                if !ctx.texts.iter().any(|v| v.hits_of(*group, ctx.language).next().is_some()) {
                    missing.push(label);
                }
            }
            Requirement::Field { field, label } => {
                if ctx.lint
                    && ctx.texts.iter().any(|v| {
                        placeholders(v.original)
                            .iter()
                            .any(|ph| *ph == field.path() || field.path().ends_with(&format!(".{ph}")))
                    })
                {
                    continue;
                }
                let mut found = false;
                let mut any_unknown = false;
                for view in &ctx.texts {
                    match find_field(ctx, view, *field) {
                        Presence::Found(..) => found = true,
                        Presence::Unknown => any_unknown = true,
                        Presence::Missing => {}
                    }
                }
                if found {
                    continue;
                }
                if any_unknown || ctx.texts.is_empty() {
                    if ctx.lint {
                        missing.push(label);
                    } else {
                        unknown.push(field.path());
                    }
                } else {
                    missing.push(label);
                }
            }
        }
    }
    if !missing.is_empty() {
        report.push(format!("missing: {}", missing.join("; ")), None, None);
    }
    if !unknown.is_empty() {
        report.push(
            format!("cannot check the required content: the attempt does not give {}", unknown.join(", ")),
            None,
            None,
        );
    }
}
