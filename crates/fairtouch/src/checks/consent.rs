//! Consent on record for the channel and address, its revocation by an inbound reply in any
//! supported language, and the single confirmation that may follow a revocation.

use jiff::Timestamp;

use super::Report;
use crate::context::Context;
use crate::model::{Direction, Purpose, Severity};
use crate::pack::ConsentParams;
use crate::resolve::consent_channel_matches;
use crate::text::Normalized;

/// How an inbound reply reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyReading {
    /// A clear request to stop.
    Revokes,
    /// Might be a request to stop: a person should read it.
    Review,
    /// Not a request to stop.
    Other,
}

/// Classifies an inbound reply against the rule's revocation lexicons.
pub fn read_reply(ctx: &Context, p: &ConsentParams, event: usize, body: &str) -> ReplyReading {
    let (norm, hits) = ctx.reply(event, body);
    if let Some(phrases) = p.phrases {
        if hits.iter().any(|h| h.group == phrases) {
            return ReplyReading::Revokes;
        }
    }
    if let Some(keywords) = p.keywords {
        // Where the keywords (and courtesy words) stand in the original text: a keyword read through
        // a disguise ("S.T.O.P", "5T0P") covers the letters it was read from.
        let mut covered: Vec<(usize, usize)> = Vec::new();
        let mut any_keyword = false;
        for h in hits {
            let is_kw = h.group == keywords;
            if is_kw || Some(h.group) == p.courtesy {
                any_keyword |= is_kw;
                covered.push(norm.original_range(h.start as usize, h.end as usize));
            }
        }
        if any_keyword {
            // Merged into disjoint ranges, so that each letter is looked up in logarithmic time.
            covered.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(covered.len());
            for (s, e) in covered {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            let is_covered = |(s, e): (usize, usize)| {
                let k = merged.partition_point(|&(ms, _)| ms <= s);
                k > 0 && e <= merged[k - 1].1
            };
            // A reply made only of keywords; or whose first line or sentence is (a signature, a
            // sign-off or a phone's footer may follow: "STOP\nSent from my iPhone", "Stop. John").
            let first_end = first_segment_end(body);
            if norm.main_words().all(is_covered)
                || (keyword_in(hits, keywords, norm, first_end)
                    && norm.main_words().filter(|&(s, _)| s < first_end).all(is_covered))
            {
                return ReplyReading::Revokes;
            }
        }
    }
    if let Some(review) = p.review {
        if hits.iter().any(|h| h.group == review) {
            return ReplyReading::Review;
        }
    }
    ReplyReading::Other
}

/// Where the first line or sentence of a reply ends (the whole reply when it has one).
fn first_segment_end(body: &str) -> usize {
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    match trimmed.find(['\n', '\r', '.', '!', '?', ';']) {
        Some(i) => lead + i,
        None => body.len(),
    }
}

/// Whether a keyword (not only a courtesy word) stands before `end` of the original text.
fn keyword_in(hits: &[crate::pack::GroupHit], keywords: crate::pack::GroupId, norm: &Normalized, end: usize) -> bool {
    hits.iter().any(|h| h.group == keywords && norm.original_range(h.start as usize, h.end as usize).0 < end)
}

fn quote(body: &str) -> String {
    let t: String = body.chars().take(60).collect();
    if body.chars().count() > 60 {
        format!("\"{t}…\"")
    } else {
        format!("\"{t}\"")
    }
}

pub fn check(ctx: &Context, p: &ConsentParams, report: &mut Report) {
    let a = ctx.attempt;
    let channel_bits = p.revocation_channels.unwrap_or(1 << (a.channel as u8));
    let mut revoked: Option<(Timestamp, &str)> = None;
    let mut review: Option<(Timestamp, &str)> = None;
    if p.keywords.is_some() || p.phrases.is_some() {
        for (i, e) in a.history.iter().enumerate() {
            if e.direction != Direction::Inbound || e.at > ctx.at || channel_bits & (1 << (e.channel as u8)) == 0 {
                continue;
            }
            if !ctx.same_address(e.address.as_ref()) {
                continue;
            }
            let Some(body) = e.body.as_deref() else { continue };
            match read_reply(ctx, p, i, body) {
                ReplyReading::Revokes => {
                    if revoked.is_none_or(|(t, _)| e.at > t) {
                        revoked = Some((e.at, body));
                    }
                }
                ReplyReading::Review => {
                    if review.is_none_or(|(t, _)| e.at > t) {
                        review = Some((e.at, body));
                    }
                }
                ReplyReading::Other => {}
            }
        }
    }
    let consents: Vec<_> = a
        .recipient
        .consents
        .iter()
        .filter(|c| {
            c.purpose == p.purpose
                && (c.written || !p.written)
                && consent_channel_matches(c.channel, a.channel)
                && ctx.same_address(c.address.as_ref())
                && c.given_at.is_none_or(|g| g <= ctx.at)
        })
        .collect();
    // A consent given after the latest revocation renews it.
    let renewed_after = |t: Timestamp| {
        consents.iter().any(|c| c.given_at.is_some_and(|g| g > t) && c.revoked_at.is_none_or(|r| r > ctx.at))
    };
    let revocation = revoked.filter(|(t, _)| !renewed_after(*t));

    if a.purpose == Purpose::OptOutConfirmation {
        if let Some((t, body)) = revocation {
            let sent = a
                .history
                .iter()
                .filter(|e| {
                    e.direction == Direction::Outbound
                        && e.at >= t
                        && e.at <= ctx.at
                        && e.purpose == Some(Purpose::OptOutConfirmation)
                })
                .count() as u32;
            if sent >= p.confirmation_max {
                report.push(
                    format!("a confirmation of the opt-out {} already went out; nothing more may be sent", quote(body)),
                    None,
                    None,
                );
            } else if let Some(limit) = p.confirmation_seconds {
                let elapsed = ctx.at.duration_since(t).as_secs();
                if elapsed > limit {
                    report.push(
                        format!(
                            "the opt-out confirmation comes {} s after the reply {}; it must go within {limit} s",
                            elapsed,
                            quote(body)
                        ),
                        None,
                        None,
                    );
                }
            }
            return;
        }
    }

    if let Some((t, body)) = revocation {
        report.push(
            format!("the recipient revoked consent by replying {} on {}", quote(body), crate::model::format_instant(t)),
            None,
            None,
        );
        return;
    }
    if p.require {
        let valid = consents.iter().any(|c| c.revoked_at.is_none_or(|r| r > ctx.at));
        if !valid {
            let revoked_record = consents.iter().any(|c| c.revoked_at.is_some());
            let address = a.recipient.address.as_ref().map(|x| x.canonical()).unwrap_or("the recipient");
            let kind = if p.written { "written " } else { "" };
            report.push(
                if revoked_record {
                    format!("the {kind}{} consent for {} to {address} was revoked", p.purpose.as_str(), a.channel)
                } else {
                    format!("no {kind}{} consent on record for {} to {address}", p.purpose.as_str(), a.channel)
                },
                None,
                None,
            );
            return;
        }
    }
    if let Some((t, body)) = review {
        if !renewed_after(t) {
            report.push_with(
                Severity::Warn,
                format!("the reply {} may ask to stop: have a person review it before sending", quote(body)),
                None,
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    //! Consent and its revocation through the engine, with one inline rule.

    use serde_json::{json, Value};

    use crate::context::tests::{eval, fires, found, merge, one_rule, only};
    use crate::{Engine, Severity};

    const LEXICONS: &str = "require = false, keywords = { any = [\"stop\", \"quit\", \"opt out\"] }, courtesy = { any = [\"please\", \"thanks\", \"now\"] }, \
         phrases = { en = [\"stop texting me\", \"leave me alone\"] }, review = { en = [\"wrong number\", \"not interested\"] }";

    fn revocable(extra: &str) -> Engine {
        one_rule("consent", &format!("{{ {LEXICONS}{extra} }}"), "")
    }

    fn reply(body: &str, at: &str) -> Value {
        json!({ "channel": "sms", "direction": "inbound", "at": at, "body": body })
    }

    fn replied(body: &str) -> Value {
        json!({ "history": [reply(body, "2026-03-09T15:00:00Z")] })
    }

    #[test]
    fn a_reply_of_keywords_and_courtesy_words_revokes() {
        let e = revocable("");
        for body in ["STOP", "stop.", "Stop please!", "QUIT now, thanks", "opt-out", "  Stop  "] {
            let f = only(&eval(&e, replied(body)));
            assert_eq!(f.severity, Severity::Block, "{body}");
            assert!(f.message.contains("revoked consent"), "{body}: {}", f.message);
            assert!(f.retry_at.is_none(), "time does not cure a revocation");
        }
    }

    #[test]
    fn a_sentence_that_contains_a_keyword_does_not() {
        let e = revocable("");
        for body in
            ["Please don't stop the payment plan", "I will stop by on Friday", "Stop me if I'm wrong: I paid", "stops"]
        {
            assert!(!fires(&e, replied(body)), "{body}");
        }
    }

    #[test]
    fn revocation_phrases_anywhere_in_a_reply() {
        let e = revocable("");
        assert!(fires(&e, replied("I paid last week, so stop texting me.")));
        assert!(fires(&e, replied("Just leave me alone")));
        assert!(!fires(&e, replied("I paid last week, text me the receipt.")));
    }

    #[test]
    fn review_phrases_warn() {
        let e = revocable("");
        let f = only(&eval(&e, replied("Wrong number")));
        assert_eq!(f.severity, Severity::Warn);
        assert!(f.message.contains("review"), "{}", f.message);
        assert!(!fires(&e, replied("Right number, I will pay")));
        // A revocation outweighs a review.
        let both = json!({ "history": [reply("not interested", "2026-03-08T15:00:00Z"), reply("STOP", "2026-03-09T15:00:00Z")] });
        assert_eq!(only(&eval(&e, both)).severity, Severity::Block);
    }

    #[test]
    fn which_replies_count() {
        let e = revocable("");
        let one = |extra: Value| {
            let mut r = reply("STOP", "2026-03-09T15:00:00Z");
            merge(&mut r, &extra);
            json!({ "history": [r] })
        };
        assert!(fires(&e, one(json!({}))));
        assert!(!fires(&e, one(json!({ "at": "2026-03-10T15:00:01Z" }))), "after send_at");
        assert!(!fires(&e, one(json!({ "direction": "outbound" }))), "our own text");
        assert!(!fires(&e, one(json!({ "channel": "email" }))), "on another channel");
        assert!(!fires(&e, one(json!({ "address": "+13125550199" }))), "from another number");
        assert!(fires(&e, one(json!({ "address": "+13125550100" }))), "from this number");
        let any_channel = revocable(", revocation_channels = [\"sms\", \"email\"]");
        assert!(fires(&any_channel, one(json!({ "channel": "email" }))));
    }

    fn consent(given_at: &str, extra: Value) -> Value {
        let mut c = json!({ "channel": "sms", "purpose": "collection", "given_at": given_at });
        merge(&mut c, &extra);
        c
    }

    #[test]
    fn a_consent_given_after_the_revocation_renews_it() {
        let e = revocable("");
        let with =
            |c: Value| json!({ "history": [reply("STOP", "2026-03-05T15:00:00Z")], "recipient": { "consents": [c] } });
        assert!(!fires(&e, with(consent("2026-03-06T15:00:00Z", json!({})))), "renewed");
        assert!(fires(&e, with(consent("2026-03-01T15:00:00Z", json!({})))), "the consent was before the STOP");
        assert!(
            fires(&e, with(consent("2026-03-11T15:00:00Z", json!({})))),
            "a consent after send_at is not given yet"
        );
        assert!(
            fires(&e, with(consent("2026-03-06T15:00:00Z", json!({ "revoked_at": "2026-03-07T15:00:00Z" })))),
            "the renewal itself was revoked"
        );
        assert!(fires(&e, with(consent("2026-03-06T15:00:00Z", json!({ "channel": "email" })))), "for another channel");
        assert!(
            fires(&e, with(consent("2026-03-06T15:00:00Z", json!({ "purpose": "marketing" })))),
            "for another purpose"
        );
    }

    #[test]
    fn the_one_confirmation_within_the_limit() {
        let e = revocable(", confirmation_seconds = 300");
        let confirm = |send_at: &str, earlier: Vec<Value>| {
            let mut history = vec![reply("STOP", "2026-03-10T15:00:00Z")];
            history.extend(earlier);
            json!({ "purpose": "opt_out_confirmation", "send_at": send_at, "history": history })
        };
        assert!(!fires(&e, confirm("2026-03-10T15:05:00Z", vec![])), "300 s after");
        let f = only(&eval(&e, confirm("2026-03-10T15:05:01Z", vec![])));
        assert!(f.message.contains("301 s"), "{}", f.message);
        let sent = json!({ "channel": "sms", "direction": "outbound", "at": "2026-03-10T15:00:30Z", "purpose": "opt_out_confirmation" });
        let f = only(&eval(&e, confirm("2026-03-10T15:01:00Z", vec![sent])));
        assert!(f.message.contains("already went out"), "{}", f.message);
        // Without a revocation, an "opt-out confirmation" is a message like any other.
        assert!(!fires(&e, json!({ "purpose": "opt_out_confirmation" })));
        // Any other message after the STOP is blocked, however soon.
        let f = only(&eval(
            &e,
            json!({ "send_at": "2026-03-10T15:01:00Z", "history": [reply("STOP", "2026-03-10T15:00:00Z")] }),
        ));
        assert!(f.message.contains("revoked consent"), "{}", f.message);
        let twice = revocable(", confirmation_max = 2");
        let sent = json!({ "channel": "sms", "direction": "outbound", "at": "2026-03-10T15:00:30Z", "purpose": "opt_out_confirmation" });
        assert!(!fires(&twice, confirm("2026-03-10T15:01:00Z", vec![sent])), "the second of two allowed");
    }

    #[test]
    fn a_required_consent_must_be_on_record_and_in_force() {
        let e = one_rule("consent", "{ require = true }", "");
        let f = only(&eval(&e, json!({})));
        assert!(f.message.contains("no collection consent on record"), "{}", f.message);
        let with = |c: Value| json!({ "recipient": { "consents": [c] } });
        assert!(!fires(&e, with(consent("2026-01-01T00:00:00Z", json!({})))));
        assert!(!fires(&e, with(json!({ "channel": "sms" }))), "a consent with no date counts");
        let f = only(&eval(&e, with(consent("2026-01-01T00:00:00Z", json!({ "revoked_at": "2026-03-01T00:00:00Z" })))));
        assert!(f.message.contains("was revoked"), "{}", f.message);
        assert!(fires(&e, with(consent("2026-01-01T00:00:00Z", json!({ "channel": "email" })))));
        assert!(fires(&e, with(consent("2026-01-01T00:00:00Z", json!({ "address": "+13125550199" })))));
        assert!(fires(&e, with(consent("2026-03-11T00:00:00Z", json!({})))), "given after send_at");
        let marketing = one_rule("consent", "{ require = true, purpose = \"marketing\" }", "");
        assert!(fires(&marketing, with(consent("2026-01-01T00:00:00Z", json!({})))), "a collection consent");
        assert!(!fires(&marketing, with(consent("2026-01-01T00:00:00Z", json!({ "purpose": "marketing" })))));
        assert!(found(&eval(&e, with(consent("2026-01-01T00:00:00Z", json!({}))))).is_empty());
    }

    #[test]
    fn a_written_consent_when_the_rule_asks_for_one() {
        let e = one_rule("consent", "{ require = true, purpose = \"marketing\", written = true }", "");
        let with = |c: Value| json!({ "recipient": { "consents": [c] } });
        let oral = consent("2026-01-01T00:00:00Z", json!({ "purpose": "marketing" }));
        let f = only(&eval(&e, with(oral)));
        assert!(f.message.contains("no written marketing consent"), "{}", f.message);
        let written = consent("2026-01-01T00:00:00Z", json!({ "purpose": "marketing", "written": true }));
        assert!(!fires(&e, with(written)));
        let collection = consent("2026-01-01T00:00:00Z", json!({ "written": true }));
        assert!(fires(&e, with(collection)), "a written consent to collection messages is not one to advertising");
        // A rule that does not ask for writing takes a written consent as well as any other.
        let any = one_rule("consent", "{ require = true, purpose = \"marketing\" }", "");
        assert!(!fires(
            &any,
            with(consent("2026-01-01T00:00:00Z", json!({ "purpose": "marketing", "written": true })))
        ));
    }
}
