//! Accuracy: an amount stated as owed, a creditor named as such and a date stated as the due date
//! must match the debt. Other amounts and dates in the text are not compared.

use super::Report;
use crate::context::Context;
use crate::pack::{AccuracyParams, Field};
use crate::resolve::TextView;
use crate::text::core_name;
use crate::text::normalize;

/// Bytes a word may take on average between a cue and its value: beyond `gap` such words the
/// value is not near, without scanning further (the scan stays bounded on any text).
const BYTES_PER_WORD: usize = 40;

/// Whether `to` follows `from` within `gap` words and in the same sentence.
fn near(text: &str, from: usize, to: usize, gap: u32) -> bool {
    if to < from || to - from > (gap as usize + 1) * BYTES_PER_WORD {
        return false;
    }
    let between = &text[from..to];
    !between.contains(['.', '!', '?', '\n', ';'])
        && between.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count() as u32 <= gap
}

/// Original byte ranges of cue matches (before-cues end, after-cues start, not-owed cues end),
/// sorted.
fn cues(ctx: &Context, view: &TextView, p: &AccuracyParams) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let ends = |g| -> Vec<usize> {
        let mut v: Vec<usize> = view
            .hits_of(g, ctx.language)
            .map(|h| view.norm.original_range(h.start as usize, h.end as usize).1)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let before = ends(p.cues_before);
    let mut after: Vec<usize> = match p.cues_after {
        Some(g) => view
            .hits_of(g, ctx.language)
            .map(|h| view.norm.original_range(h.start as usize, h.end as usize).0)
            .collect(),
        None => Vec::new(),
    };
    after.sort_unstable();
    after.dedup();
    let other = p.not_owed.map(ends).unwrap_or_default();
    (before, after, other)
}

/// Words that may stand between a not-owed cue ("su cuota de", "pay only") and the amount it
/// introduces.
const NOT_OWED_GAP: u32 = 3;

/// Whether the amount starting at `start` is introduced by a not-owed cue: the nearest cue ending
/// before it, in the same sentence, is a not-owed cue rather than a debt cue (on a tie, the
/// not-owed cue wins: "cancele su deuda por S/ 300" is an offer, though "deuda por" is a debt
/// cue). An instalment or an offer is not a statement of the amount owed.
fn not_owed(text: &str, before: &[usize], other: &[usize], start: usize, gap: u32) -> bool {
    let k = other.partition_point(|&o| o <= start);
    let Some(&o) = k.checked_sub(1).map(|k| &other[k]) else {
        return false;
    };
    if !near(text, o, start, gap.max(NOT_OWED_GAP)) {
        return false;
    }
    // A debt cue ending after the not-owed cue is nearer the amount: it states it.
    let j = before.partition_point(|&c| c <= o);
    before.get(j).is_none_or(|&c| c > start)
}

/// Whether a before-cue ends near enough in front of `start`: only the cues in the byte window
/// that [`near`] allows are looked at.
fn cue_before(text: &str, before: &[usize], start: usize, gap: u32) -> bool {
    let window = (gap as usize + 1) * BYTES_PER_WORD;
    let k = before.partition_point(|&c| c <= start);
    before[..k].iter().rev().take_while(|&&c| start - c <= window).any(|&c| near(text, c, start, gap))
}

pub fn check(ctx: &Context, p: &AccuracyParams, report: &mut Report) {
    let debt = ctx.attempt.debt.as_ref();
    for view in &ctx.texts {
        let (before, after, other) = cues(ctx, view, p);
        if before.is_empty() && after.is_empty() {
            continue;
        }
        match p.field {
            Field::Amount => {
                // A cue states the amount nearest to it (after a before-cue, before an after-cue).
                let amounts = view.amounts();
                let t = view.original;
                let mut stated_idx: Vec<usize> = Vec::new();
                for &c in &before {
                    let i = amounts.partition_point(|m| m.start < c);
                    if i < amounts.len() && near(t, c, amounts[i].start, p.gap_words) {
                        stated_idx.push(i);
                    }
                }
                for &c in &after {
                    let i = amounts.partition_point(|m| m.end <= c);
                    if i > 0 && near(t, amounts[i - 1].end, c, p.gap_words) {
                        stated_idx.push(i - 1);
                    }
                }
                stated_idx.retain(|&i| !not_owed(t, &before, &other, amounts[i].start, p.gap_words));
                stated_idx.sort_unstable();
                stated_idx.dedup();
                for m in stated_idx.into_iter().map(|i| &amounts[i]) {
                    let span = view.span(m.start, m.end);
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
                    if !cue_before(view.original, &before, d.start, p.gap_words) {
                        continue;
                    }
                    let span = view.span(d.start, d.end);
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
                        let span = view.span(c, c);
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
                    // The name stands in the few words after the cue: look no further than that.
                    let mut limit = (c + 200).min(view.original.len());
                    while !view.original.is_char_boundary(limit) {
                        limit -= 1;
                    }
                    // A colon may introduce the name ("the original creditor: Acme Bank").
                    let colon = view.original[c..limit]
                        .trim_start()
                        .strip_prefix(':')
                        .map_or(0, |after| view.original[c..limit].len() - after.len());
                    let c = c + colon;
                    let rest = &view.original[c..limit];
                    let stop = rest.find(['.', ',', ';', '!', '?', '\n', '(', ')']).unwrap_or(rest.len());
                    let named = rest[..stop].trim();
                    if named.is_empty() {
                        continue;
                    }
                    let named_norm = normalize(named);
                    // A name does not start with a possessive: "we never share your debt with your
                    // employer" names no creditor.
                    let first = named_norm.split(' ').next().unwrap_or("");
                    if matches!(
                        first,
                        "your"
                            | "our"
                            | "their"
                            | "his"
                            | "her"
                            | "my"
                            | "su"
                            | "sus"
                            | "tu"
                            | "tus"
                            | "votre"
                            | "vos"
                            | "notre"
                            | "nos"
                            | "leur"
                            | "leurs"
                    ) {
                        continue;
                    }
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
                        let span = view.span(c + lead, end.max(c + lead));
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
}

#[cfg(test)]
mod tests {
    //! Accuracy through the engine, with one inline rule per field.

    use serde_json::json;

    use crate::context::tests::{eval, fires, found, lint, one_rule, only};
    use crate::Engine;

    fn amount() -> Engine {
        one_rule(
            "accuracy",
            "{ field = \"debt.amount\", cues_before = { en = [\"you owe\", \"balance of\"] }, cues_after = { en = [\"is due\"] }, gap_words = 3 }",
            "",
        )
    }

    #[test]
    fn an_amount_stated_as_owed_must_be_the_debt() {
        let e = amount();
        assert!(!fires(&e, json!({ "body": "You owe $250.00 today." })));
        assert!(!fires(&e, json!({ "body": "You owe USD 250 today." })), "the same value written otherwise");
        let f = only(&eval(&e, json!({ "body": "You owe $300.00 today." })));
        let span = f.span.expect("a span");
        assert!(span.text.contains("300.00") && span.start <= 8, "{span:?}");
        assert!(f.message.contains("250"), "{}", f.message);
        let f = only(&eval(&e, json!({ "body": "A total of $310.00 is due." })));
        assert!(f.span.expect("a span").text.contains("310.00"));
    }

    #[test]
    fn only_an_amount_near_its_cue_is_stated_as_owed() {
        let e = amount();
        assert!(fires(&e, json!({ "body": "You owe us only $300.00." })), "two words between");
        assert!(!fires(&e, json!({ "body": "You owe us, as our letters said, $300.00." })), "five words between");
        assert!(!fires(&e, json!({ "body": "You owe us. $300.00 is our fee." })), "another sentence");
        assert!(!fires(&e, json!({ "body": "A $300.00 discount is offered." })), "no cue");
    }

    fn amount_with_offers() -> Engine {
        one_rule(
            "accuracy",
            "{ field = \"debt.amount\", cues_before = { en = [\"you owe\", \"balance of\", \"balance\"] }, cues_after = { en = [\"is due\"] }, not_owed = { en = [\"payment of\", \"installment\", \"settle (it|your balance) for\", \"pay only\"] }, gap_words = 4 }",
            "",
        )
    }

    #[test]
    fn an_instalment_or_an_offer_is_not_the_amount_owed() {
        let e = amount_with_offers();
        assert!(!fires(&e, json!({ "body": "Your installment of $50.00 is due." })), "after-cue, but an instalment");
        assert!(!fires(&e, json!({ "body": "Your balance: a payment of $50.00 keeps the plan." })), "nearer cue wins");
        assert!(!fires(&e, json!({ "body": "You can settle your balance for $150.00 today." })), "a tie: the offer");
        assert!(!fires(&e, json!({ "body": "Pay only $100.00 today." })));
        assert!(fires(&e, json!({ "body": "Your balance of $300.00 can be paid in installments." })), "offer after it");
        assert!(
            fires(&e, json!({ "body": "After your payment of $50.00 you owe $300.00." })),
            "a debt cue nearer than the offer states the amount"
        );
        assert!(fires(&e, json!({ "body": "You owe $300.00. Pay only $100.00 today." })), "each amount by its cue");
        assert!(!fires(&e, json!({ "body": "You owe $250.00. Pay only $100.00 today." })));
    }

    #[test]
    fn the_currency_must_match() {
        let e = amount();
        let f = only(&eval(&e, json!({ "body": "You owe €250.00 today." })));
        assert!(f.message.contains("USD"), "{}", f.message);
        assert!(!fires(&e, json!({ "body": "You owe 250.00 today." })), "no currency written: the value decides");
    }

    #[test]
    fn without_the_debt_amount_the_statement_cannot_be_checked() {
        let e = amount();
        let f = only(&eval(&e, json!({ "body": "You owe $250.00 today.", "debt": { "amount": null } })));
        assert!(f.message.contains("gives no debt.amount"), "{}", f.message);
    }

    #[test]
    fn the_due_date() {
        let e = one_rule(
            "accuracy",
            "{ field = \"debt.due_date\", cues_before = { en = [\"due on\", \"due date\"] } }",
            "",
        );
        assert!(!fires(&e, json!({ "body": "Your payment was due on January 10, 2026." })));
        assert!(!fires(&e, json!({ "body": "Your payment was due on 01/10/2026." })), "month first in English");
        assert!(!fires(&e, json!({ "body": "Due date: 2026-01-10." })));
        let f = only(&eval(&e, json!({ "body": "Your payment was due on February 10, 2026." })));
        assert_eq!(f.span.expect("a span").text, "February 10, 2026");
        assert!(f.message.contains("2026-01-10"), "{}", f.message);
        assert!(
            !fires(&e, json!({ "body": "Your payment was due. We wrote on February 10, 2026." })),
            "not stated as the due date"
        );
        let f = only(&eval(&e, json!({ "body": "It was due on January 10, 2026.", "debt": { "due_date": null } })));
        assert!(f.message.contains("no debt.due_date"), "{}", f.message);
    }

    #[test]
    fn the_creditor_named() {
        let e = one_rule("accuracy", "{ field = \"debt.creditor\", cues_before = { en = [\"on behalf of\"] } }", "");
        assert!(!fires(&e, json!({ "body": "We write on behalf of Acme Bank." })));
        assert!(!fires(&e, json!({ "body": "We write on behalf of ACME BANK, N.A." })), "case and suffixes");
        let f = only(&eval(&e, json!({ "body": "We write on behalf of Best Bank, about your account." })));
        assert_eq!(f.span.expect("a span").text, "Best Bank");
        assert!(f.message.contains("Acme Bank"), "{}", f.message);
        assert!(!fires(&e, json!({ "body": "We write about Best Bank." })), "no cue");
        // A colon may introduce the name; what starts with a possessive is no name.
        assert!(!fires(&e, json!({ "body": "We write on behalf of: Acme Bank." })));
        let f = only(&eval(&e, json!({ "body": "We write on behalf of: Best Bank." })));
        assert_eq!(f.span.expect("a span").text, "Best Bank");
        assert!(!fires(&e, json!({ "body": "We never act on behalf of your employer." })));
        let f = only(&eval(&e, json!({ "body": "We write on behalf of Acme Bank.", "debt": { "creditor": null } })));
        assert!(f.message.contains("no debt.creditor"), "{}", f.message);
    }

    #[test]
    fn accuracy_is_not_checked_in_template_lint() {
        let e = amount();
        let v = lint(
            &e,
            json!({ "channel": "sms", "body": "You owe $300.00 today.", "sender": { "role": "collector" }, "jurisdictions": ["US"] }),
        );
        assert!(found(&v).is_empty());
    }
}
