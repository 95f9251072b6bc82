//! The eight check kinds. Each is one function that reads the [`Context`] and the rule's
//! parameters and reports findings; none knows any particular law.

pub mod accuracy;
pub mod bar;
pub mod consent;
pub mod content;
pub mod frequency;
pub mod third_party;
pub mod window;

use jiff::Timestamp;

use crate::context::Context;
use crate::model::{Finding, Severity, Span};
use crate::pack::{Check, Pack, Rule};

/// Where a check reports its findings.
pub struct Report<'r> {
    pub rule: &'r Rule,
    pub pack: &'r Pack,
    pub findings: &'r mut Vec<Finding>,
}

impl Report<'_> {
    /// Reports a finding at the rule's severity.
    pub fn push(&mut self, message: String, span: Option<Span>, retry_at: Option<Timestamp>) {
        self.push_with(self.rule.severity, message, span, retry_at);
    }

    /// Reports a finding at a given severity (never above the rule's own).
    pub fn push_with(&mut self, severity: Severity, message: String, span: Option<Span>, retry_at: Option<Timestamp>) {
        self.findings.push(Finding {
            rule: self.rule.id.clone(),
            pack: self.pack.id.clone(),
            category: self.rule.category,
            severity: severity.min(self.rule.severity),
            citation: self.rule.citation.clone(),
            message,
            span,
            retry_at,
        });
    }
}

/// A rule reports at most this many findings that point into the text; the rest are counted in
/// one more finding, so that a verdict stays small whatever the text.
pub const MAX_SPANS_PER_RULE: usize = 5;

/// Runs a rule's check.
pub fn run(ctx: &Context, report: &mut Report) {
    let first = report.findings.len();
    run_check(ctx, report);
    cap_spans(report, first);
    // A rule that goes out of force cures its findings on that date: retry no later than the
    // local midnight that starts it, where every rule is evaluated afresh.
    if let Some(until) = report.rule.until {
        let cutoff = ctx
            .zones
            .iter()
            .filter_map(|z| {
                z.tz.to_ambiguous_zoned_datetime(until.to_datetime(jiff::civil::Time::midnight())).compatible().ok()
            })
            .map(|z| z.timestamp())
            .min();
        if let Some(cutoff) = cutoff {
            for f in &mut report.findings[first..] {
                if let Some(r) = f.retry_at {
                    f.retry_at = Some(r.min(cutoff.max(ctx.at)));
                }
            }
        }
    }
}

fn cap_spans(report: &mut Report, first: usize) {
    let with_span = report.findings[first..].iter().filter(|f| f.span.is_some()).count();
    if with_span <= MAX_SPANS_PER_RULE {
        return;
    }
    let mut seen = 0;
    let mut severity = Severity::Info;
    report.findings.retain_mut_from(first, |f| {
        if f.span.is_none() {
            return true;
        }
        seen += 1;
        severity = severity.max(f.severity);
        seen <= MAX_SPANS_PER_RULE
    });
    let more = with_span - MAX_SPANS_PER_RULE;
    report.push_with(
        severity,
        format!("{more} more passages of the text break this rule (the first {MAX_SPANS_PER_RULE} are shown)"),
        None,
        None,
    );
}

/// `Vec::retain_mut` on the elements from an index on.
trait RetainFrom<T> {
    fn retain_mut_from(&mut self, from: usize, keep: impl FnMut(&mut T) -> bool);
}

impl<T> RetainFrom<T> for Vec<T> {
    fn retain_mut_from(&mut self, from: usize, mut keep: impl FnMut(&mut T) -> bool) {
        let mut tail = self.split_off(from);
        tail.retain_mut(|x| keep(x));
        self.append(&mut tail);
    }
}

fn run_check(ctx: &Context, report: &mut Report) {
    match &report.rule.check {
        Check::ContactWindow(p) => window::check(ctx, p, report),
        Check::FrequencyCap(p) => frequency::check(ctx, p, report),
        Check::Consent(p) => consent::check(ctx, p, report),
        Check::CommunicationBar(p) => bar::check(ctx, p, report),
        Check::ThirdPartyGuard(p) => third_party::check(ctx, p, report),
        Check::BannedContent(p) => content::check_banned(ctx, p, report),
        Check::RequiredContent(p) => content::check_required(ctx, p, report),
        Check::Accuracy(p) => accuracy::check(ctx, p, report),
    }
}
