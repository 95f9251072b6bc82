//! Accuracy: an amount stated as owed, a creditor named as such and a date stated as the due date
//! must match the debt. Other amounts and dates in the text are not compared.

use super::fields::core_name;
use super::Report;
use crate::context::{Context, TextView};
use crate::model::format_instant;
use crate::pack::{AccuracyParams, Field};
use crate::text::{normalize, span_of};

/// Number of words between two byte offsets of the original text.
fn words_between(text: &str, from: usize, to: usize) -> u32 {
    if to <= from {
        return 0;
    }
    text[from..to].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count() as u32
}

fn crosses_sentence(text: &str, from: usize, to: usize) -> bool {
    to > from && text[from..to].contains(['.', '!', '?', '\n', ';'])
}

/// Original byte ranges of cue matches (before-cues end, after-cues start).
fn cues(ctx: &Context, view: &TextView, p: &AccuracyParams) -> (Vec<usize>, Vec<usize>) {
    let before = view
        .hits_of(p.cues_before, ctx.language)
        .map(|h| view.norm.original_range(h.start as usize, h.end as usize).1)
        .collect();
    let after = match p.cues_after {
        Some(g) => view
            .hits_of(g, ctx.language)
            .map(|h| view.norm.original_range(h.start as usize, h.end as usize).0)
            .collect(),
        None => Vec::new(),
    };
    (before, after)
}

fn stated(view: &TextView, before: &[usize], after: &[usize], start: usize, end: usize, gap: u32) -> bool {
    let t = view.original;
    before.iter().any(|&c| c <= start && words_between(t, c, start) <= gap && !crosses_sentence(t, c, start))
        || after.iter().any(|&c| c >= end && words_between(t, end, c) <= gap && !crosses_sentence(t, end, c))
}

pub fn check(ctx: &Context, p: &AccuracyParams, report: &mut Report) {
    let debt = ctx.attempt.debt.as_ref();
    for view in &ctx.texts {
        let (before, after) = cues(ctx, view, p);
        if before.is_empty() && after.is_empty() {
            continue;
        }
        match p.field {
            Field::Amount => {
                // A cue states the amount nearest to it (after a before-cue, before an after-cue).
                let amounts = view.amounts();
                let mut stated_idx: Vec<usize> = Vec::new();
                for &c in &before {
                    if let Some(i) = amounts.iter().position(|m| m.start >= c) {
                        if stated(view, &[c], &[], amounts[i].start, amounts[i].end, p.gap_words) {
                            stated_idx.push(i);
                        }
                    }
                }
                for &c in &after {
                    if let Some(i) = amounts.iter().rposition(|m| m.end <= c) {
                        if stated(view, &[], &[c], amounts[i].start, amounts[i].end, p.gap_words) {
                            stated_idx.push(i);
                        }
                    }
                }
                stated_idx.sort_unstable();
                stated_idx.dedup();
                for m in stated_idx.into_iter().map(|i| &amounts[i]) {
                    let span = span_of(view.original, m.start, m.end, view.field);
                    match debt.and_then(|d| d.amount.map(|a| (a, d.currency))) {
                        None => report.push(
                            format!(
                                "\"{}\" is stated as owed, but the attempt gives no debt.amount to check it against",
                                span.text
                            ),
                            Some(span),
                            None,
                        ),
                        Some((amount, currency)) => {
                            let wrong_currency = matches!((m.currency, currency), (Some(x), Some(y)) if x != y);
                            if m.value != amount.0 || wrong_currency {
                                let cur = currency.map(|c| c.as_str().to_string()).unwrap_or_default();
                                report.push(
                                    format!("\"{}\" is stated as owed, but the debt is {} {cur}", span.text, amount.0),
                                    Some(span),
                                    None,
                                );
                            }
                        }
                    }
                }
            }
            Field::DueDate => {
                for d in view.dates(ctx.language) {
                    if !before.iter().any(|&c| {
                        c <= d.start
                            && words_between(view.original, c, d.start) <= p.gap_words
                            && !crosses_sentence(view.original, c, d.start)
                    }) {
                        continue;
                    }
                    let span = span_of(view.original, d.start, d.end, view.field);
                    match debt.and_then(|x| x.due_date) {
                        None => report.push(
                            format!(
                                "\"{}\" is stated as the due date, but the attempt gives no debt.due_date",
                                span.text
                            ),
                            Some(span),
                            None,
                        ),
                        Some(due) if !d.is(due) => report.push(
                            format!("\"{}\" is stated as the due date, but the debt was due {due}", span.text),
                            Some(span),
                            None,
                        ),
                        _ => {}
                    }
                }
            }
            Field::Creditor => {
                let Some(creditor) = debt.and_then(|d| d.creditor.as_deref()) else {
                    if let Some(&c) = before.first() {
                        let span = span_of(view.original, c, c, view.field);
                        report.push(
                            "a creditor is named, but the attempt gives no debt.creditor".into(),
                            Some(span),
                            None,
                        );
                    }
                    continue;
                };
                let expected = core_name(creditor);
                for &c in &before {
                    let rest = &view.original[c..];
                    let stop = rest.find(['.', ',', ';', '!', '?', '\n', '(', ')']).unwrap_or(rest.len());
                    let named = rest[..stop].trim();
                    if named.is_empty() {
                        continue;
                    }
                    let named_norm = normalize(named);
                    // The creditor's name must start the phrase after the cue.
                    let ok = named_norm.starts_with(&expected)
                        && named_norm[expected.len()..].chars().next().is_none_or(|ch| !ch.is_alphanumeric());
                    if !ok {
                        // Report the name as written: as many words as the creditor's name has.
                        let lead = rest.len() - rest.trim_start().len();
                        let take = expected.split(' ').count().max(1);
                        let mut end = c + lead;
                        let mut offset = c + lead;
                        for w in view.original[c + lead..c + stop].split_inclusive(char::is_whitespace).take(take) {
                            end = offset + w.trim_end().len();
                            offset += w.len();
                        }
                        let span = span_of(view.original, c + lead, end.max(c + lead), view.field);
                        report.push(
                            format!("\"{}\" is named as the creditor, but the creditor is {creditor}", span.text),
                            Some(span),
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    let _ = format_instant;
}
