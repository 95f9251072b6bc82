//! Banned content (phrases that must not appear) and required content (phrases or facts that must).

use super::fields::{find_field, Presence};
use super::Report;
use crate::context::Context;
use crate::pack::{BannedParams, RequiredParams, Requirement};
use crate::text::placeholders;

pub fn check_banned(ctx: &Context, p: &BannedParams, report: &mut Report) {
    for view in &ctx.texts {
        let mut kept: Vec<(u32, u32)> = Vec::new();
        let excepts: Vec<(u32, u32)> = match p.except {
            Some(g) => view.hits_of(g, ctx.language).map(|h| (h.start, h.end)).collect(),
            None => Vec::new(),
        };
        for h in view.hits_of(p.patterns, ctx.language) {
            if excepts.iter().any(|&(s, e)| h.start < e && s < h.end) {
                continue;
            }
            let end = h.end;
            // Overlapping matches of one rule are one finding: keep the longest.
            if let Some(k) = kept.iter_mut().find(|(s, e)| h.start < *e && *s < end) {
                if end - h.start > k.1 - k.0 {
                    *k = (h.start, end);
                }
                continue;
            }
            kept.push((h.start, end));
        }
        kept.sort_unstable();
        for (s, e) in kept {
            let span = view.norm.span(view.original, s as usize, e as usize, view.field);
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
