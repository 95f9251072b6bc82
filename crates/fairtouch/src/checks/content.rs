//! Banned content (phrases that must not appear) and required content (phrases or facts that must).

use super::Report;
use crate::context::Context;
use crate::model::Severity;
use crate::pack::{BannedParams, RequiredParams, Requirement};
use crate::resolve::{find_field, Presence};
use crate::scope::{Phrase, Reader, Reading};
use crate::text::placeholders;

pub fn check_banned(ctx: &Context, p: &BannedParams, report: &mut Report) {
    for view in &ctx.texts {
        // Most texts match none of a rule's phrases: nothing to read.
        if view.hits_any(p.patterns).next().is_none() {
            continue;
        }
        let mut excepts: Vec<(u32, u32)> = match p.except {
            Some(g) => view.hits_any(g).map(|h| (h.start, h.end)).collect(),
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
        // Threats, abuse and accusations are read in every language of the rule's phrase lists,
        // whatever language the attempt declares.
        let all: Vec<(u32, u32, Option<crate::model::Language>)> =
            view.hits_any(p.patterns).map(|h| (h.start, h.end, h.lang)).collect();
        let raw: Vec<(u32, u32, Option<crate::model::Language>)> =
            all.iter().copied().filter(|&(s, e, _)| !excepted(s, e)).collect();
        if raw.is_empty() {
            continue;
        }
        let siblings: Vec<(u32, u32)> = all.iter().map(|&(s, e, _)| (s, e)).collect();
        // The same words matched in the message's own language are read in that language.
        let own =
            |s: u32, e: u32| all.iter().any(|&(xs, xe, l)| xs == s && xe == e && l.is_none_or(|l| l == ctx.language));
        let reviews: Vec<(u32, u32)> = match p.review {
            Some(g) => view.hits_any(g).map(|h| (h.start, h.end)).collect(),
            None => Vec::new(),
        };
        let reader = ctx.matcher.cues().map(|c| Reader::new(view, c));
        // (start, end, whether it blocks)
        let mut hits: Vec<(u32, u32, bool)> = Vec::with_capacity(raw.len());
        let readings: Vec<Reading> = raw
            .iter()
            .map(|&(s, e, lang)| {
                let phrase = Phrase { start: s, end: e, lang };
                reader.as_ref().map_or(Reading::Meant, |r| r.read(phrase, ctx.language, &siblings))
            })
            .collect();
        // A match inside a longer one that is denied or stated as a right is read with it: "there
        // is no warrant for your arrest" denies the arrest too.
        let read_with = |s: u32, e: u32| {
            raw.iter().zip(&readings).any(|(&(xs, xe, _), r)| {
                xs <= s && xe >= e && xe - xs > e - s && matches!(r, Reading::Denied | Reading::Right | Reading::Name)
            })
        };
        for (&(s, e, lang), &reading) in raw.iter().zip(&readings) {
            if read_with(s, e) {
                continue;
            }
            let phrase = Phrase { start: s, end: e, lang };
            let reviewed = reviews.iter().any(|&(rs, re)| rs <= s && re >= e);
            let risky = match reading {
                Reading::Denied | Reading::Right | Reading::Name => continue,
                // The word of another language: "embargo" in English, "con" in Spanish.
                Reading::Foreign if own(s, e) || reviewed => continue,
                Reading::Foreign => true,
                Reading::Meant => reviewed,
            };
            // A risky word blocks in a threatening construction, and otherwise asks for review.
            let blocks = !risky || reader.as_ref().is_none_or(|r| r.has_construction(phrase));
            hits.push((s, e, blocks));
        }
        hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        // Overlapping matches of one rule are one finding: the longest of each chain, blocking if
        // any match of the chain blocks.
        let mut kept: Vec<(u32, u32, bool)> = Vec::new();
        let mut chain_end = 0u32;
        for (s, e, blocks) in hits {
            match kept.last_mut() {
                Some(k) if s < chain_end => {
                    if e - s > k.1 - k.0 {
                        (k.0, k.1) = (s, e);
                    }
                    k.2 |= blocks;
                    chain_end = chain_end.max(e);
                }
                _ => {
                    kept.push((s, e, blocks));
                    chain_end = e;
                }
            }
        }
        for (s, e, blocks) in kept {
            let span = view.span_of_normalized(s as usize, e as usize);
            if blocks {
                let message = format!("\"{}\": {}", span.text, report.rule.explain);
                report.push(message, Some(span), None);
            } else {
                let message = format!(
                    "\"{}\" may be read as forbidden here; a person should review it: {}",
                    span.text, report.rule.explain
                );
                report.push_with(Severity::Warn, message, Some(span), None);
            }
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

#[cfg(test)]
mod tests {
    //! Banned and required content through the engine, with one inline rule.

    use serde_json::json;

    use crate::context::tests::{eval, fires, found, lint, one_rule, only};
    use crate::Engine;

    fn banned() -> Engine {
        one_rule(
            "banned_content",
            "{ patterns = { en = [\"arrest*\", \"sue\", \"go to jail\", \"jail\", \"to jail today\"] }, except = { en = [\"not sue\", \"never sue\"] } }",
            "",
        )
    }

    fn spans(v: &crate::Verdict) -> Vec<(String, usize)> {
        found(v).iter().filter_map(|f| f.span.as_ref().map(|s| (s.text.clone(), s.start))).collect()
    }

    #[test]
    fn a_banned_phrase_is_reported_where_it_stands() {
        let e = banned();
        let f = only(&eval(&e, json!({ "body": "Pay now or you will be ARRESTED." })));
        let span = f.span.expect("a span");
        assert_eq!((span.text.as_str(), span.start, span.end), ("ARRESTED", 23, 31));
        assert!(f.message.contains("test rule"), "the rule's explanation: {}", f.message);
        assert!(!fires(&e, json!({ "body": "Pay now, or call us." })));
        assert!(!fires(&e, json!({ "body": "We pursue every account." })), "whole words only");
    }

    #[test]
    fn except_phrases_cover_the_banned_words_inside_them() {
        let e = banned();
        assert!(!fires(&e, json!({ "body": "We will not sue you." })));
        assert!(!fires(&e, json!({ "body": "We never sue." })));
        assert_eq!(spans(&eval(&e, json!({ "body": "We will sue you." }))), vec![("sue".to_string(), 8)]);
        // An except elsewhere in the text does not cover another occurrence.
        assert_eq!(
            spans(&eval(&e, json!({ "body": "We will not sue you. We will sue him." }))),
            vec![("sue".to_string(), 29)]
        );
    }

    #[test]
    fn overlapping_matches_are_one_finding_the_longest() {
        let e = banned();
        let v = eval(&e, json!({ "body": "You will go to jail today." }));
        assert_eq!(spans(&v), vec![("to jail today".to_string(), 12)]);
        let v = eval(&e, json!({ "body": "Jail. You will go to jail." }));
        assert_eq!(spans(&v), vec![("Jail".to_string(), 0), ("go to jail".to_string(), 15)]);
    }

    #[test]
    fn spans_in_the_subject_and_in_utf16() {
        let e = banned();
        let v = eval(
            &e,
            json!({ "channel": "email", "recipient": { "address": "jane@example.com" },
            "subject": "Señor, we will sue", "body": "Hello." }),
        );
        let f = only(&v);
        let span = f.span.expect("a span");
        assert_eq!(span.field, "subject");
        assert_eq!((span.start, span.end), (16, 19), "bytes: ñ takes two");
        assert_eq!((span.start_utf16, span.end_utf16), (15, 18));
    }

    #[test]
    fn many_passages_are_capped() {
        let e = banned();
        let v = eval(&e, json!({ "body": "jail. jail. jail. jail. jail. jail. jail." }));
        let f = found(&v);
        assert_eq!(f.len(), crate::checks::MAX_SPANS_PER_RULE + 1);
        assert_eq!(f.iter().filter(|f| f.span.is_some()).count(), crate::checks::MAX_SPANS_PER_RULE);
        assert!(f.last().unwrap().message.starts_with("2 more passages"), "{}", f.last().unwrap().message);
    }

    fn required() -> Engine {
        one_rule(
            "required_content",
            "{ all = [{ any = { en = [\"debt collector\"] }, label = \"the collector notice\" }, { field = \"sender.name\", label = \"the sender's name\" }] }",
            "",
        )
    }

    #[test]
    fn required_phrases_and_fields() {
        let e = required();
        assert!(!fires(&e, json!({ "body": "Acme Recovery is a debt collector." })));
        let f = only(&eval(&e, json!({ "body": "Acme Recovery here." })));
        assert_eq!(f.message, "missing: the collector notice");
        let f = only(&eval(&e, json!({ "body": "We are a debt collector." })));
        assert_eq!(f.message, "missing: the sender's name");
        let f = only(&eval(&e, json!({ "body": "Hello." })));
        assert_eq!(f.message, "missing: the collector notice; the sender's name");
        let f = only(&eval(&e, json!({ "body": "We are a debt collector.", "sender": { "name": null } })));
        assert!(f.message.contains("does not give sender.name"), "{}", f.message);
        assert!(f.span.is_none());
    }

    #[test]
    fn required_content_in_lint_accepts_placeholders() {
        let e = required();
        let template = |body: &str| json!({ "channel": "sms", "body": body, "sender": { "role": "collector" }, "jurisdictions": ["US"] });
        assert!(found(&lint(&e, template("{{sender.name}} is a debt collector."))).is_empty());
        assert!(found(&lint(&e, template("{{name}} is a debt collector."))).is_empty(), "the last part of the path");
        let v = lint(&e, template("{{debt.amount}} is owed to a debt collector."));
        assert_eq!(only(&v).message, "missing: the sender's name");
        let v = lint(&e, template("{{sender.name}} is here."));
        assert_eq!(only(&v).message, "missing: the collector notice");
    }
}
