//! The eight check kinds. Each is one function that reads the [`Context`] and the rule's
//! parameters and reports findings; none knows any particular law.

pub mod accuracy;
pub mod bar;
pub mod consent;
pub mod content;
pub mod fields;
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

/// Runs a rule's check.
pub fn run(ctx: &Context, report: &mut Report) {
    let first = report.findings.len();
    run_check(ctx, report);
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
