//! Consent on record for the channel and address, its revocation by an inbound reply in any
//! supported language, and the single confirmation that may follow a revocation.

use jiff::Timestamp;

use super::Report;
use crate::context::Context;
use crate::model::{Channel, Direction, Purpose, Severity};
use crate::pack::{ConsentParams, GroupHit, GroupId};
use crate::resolve::consent_channel_matches;
use crate::text::Normalized;

/// How an inbound reply reads, for an attempt on one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyReading {
    /// A clear request to stop that covers the attempt's channel.
    Revokes,
    /// Might be a request to stop, or limits contact to some times or places: a person should
    /// read it.
    Review,
    /// Not a request to stop (or one that names other channels only).
    Other,
}

/// Every channel.
const ALL_CHANNELS: u8 = 0xff;

/// Classifies an inbound reply (a text, an email, or the transcript of what the recipient said in
/// a call or voicemail) against the rule's revocation lexicons, for an attempt on `channel`.
///
/// A reply revokes when it contains a revocation phrase (`phrases`: every channel; `named`: the
/// channels the phrase names, "stop calling me"), or when one of its lines, sentences or clauses
/// is made only of keywords and courtesy words ("STOP", "Not interested, stop"), or when it writes a
/// keyword in capitals ("STOP or I'll report you"): a keyword revokes the medium it came through,
/// `from`. A phrase followed
/// by a qualifier ("don't text me before 9", "don't call me at work") limits contact rather than
/// ending it: the reply goes to review, as do the `review` phrases.
pub fn read_reply(
    ctx: &Context,
    p: &ConsentParams,
    event: usize,
    body: &str,
    from: Channel,
    channel: Channel,
) -> ReplyReading {
    let (norm, hits) = ctx.reply(event, body);
    let of = |g: GroupId| hits.iter().filter(move |h| h.group == g);
    // Every revocation phrase found, with the channels it revokes, in the original text.
    let found: Vec<(usize, usize, u8)> = p
        .phrases
        .map(|g| (g, ALL_CHANNELS))
        .into_iter()
        .chain(p.named.iter().copied())
        .flat_map(|(g, bits)| {
            of(g).map(move |h| {
                let (s, e) = norm.original_range(h.start as usize, h.end as usize);
                (s, e, bits)
            })
        })
        .collect();
    // A qualifier right after the phrase (after the longest phrase found there: "stop texting" and
    // "stop texting me" both end before "after 8pm"), in the same clause: only spaces or a comma
    // between.
    let qualified = |s: usize, e: usize| -> bool {
        let Some(q) = p.qualifiers else { return false };
        let end = found.iter().filter(|&&(fs, fe, _)| fs < e && fe > s).map(|&(_, fe, _)| fe).max().unwrap_or(e);
        of(q).any(|x| {
            let (qs, _) = norm.original_range(x.start as usize, x.end as usize);
            qs >= end && body.get(end..qs).is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || c == ','))
        })
    };
    let mut revokes = 0u8;
    let mut review = false;
    for &(s, e, bits) in &found {
        if qualified(s, e) {
            review = true;
        } else {
            revokes |= bits;
        }
    }
    if revokes != ALL_CHANNELS {
        if let Some(keywords) = p.keywords {
            if keyword_clause(norm, hits, keywords, p.courtesy, body) || shouted(norm, hits, keywords, body) {
                revokes |= medium_of(from);
            }
        }
    }
    if revokes & (1 << (channel as u8)) != 0 {
        return ReplyReading::Revokes;
    }
    if review || p.review.is_some_and(|g| of(g).next().is_some()) {
        return ReplyReading::Review;
    }
    ReplyReading::Other
}

/// The channels a bare keyword revokes: those of the medium it came through ("STOP" in reply to a
/// text stops calls and texts to the number, in reply to an email the emails).
fn medium_of(channel: Channel) -> u8 {
    let bit = |c: Channel| 1u8 << (c as u8);
    if channel.uses_phone() {
        bit(Channel::Sms) | bit(Channel::Whatsapp) | bit(Channel::Voice) | bit(Channel::Voicemail)
    } else {
        bit(channel)
    }
}

/// Whether a keyword of four letters or more stands in capitals in a reply that is not all capitals
/// ("STOP or I'll report you", "I said STOP"): written as the keyword it is, wherever it stands.
fn shouted(norm: &Normalized, hits: &[GroupHit], keywords: GroupId, body: &str) -> bool {
    if !body.chars().any(char::is_lowercase) {
        return false;
    }
    hits.iter().filter(|h| h.group == keywords).any(|h| {
        let (s, e) = norm.original_range(h.start as usize, h.end as usize);
        let word = body.get(s..e).unwrap_or("");
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        // The keyword's own word, not a part of a longer one in capitals.
        let whole = !body[..s].ends_with(char::is_alphanumeric) && !body[e..].starts_with(char::is_alphanumeric);
        letters >= 4 && whole && word.chars().all(|c| !c.is_lowercase())
    })
}

/// Whether the reply, or one of its lines, sentences or clauses, is made only of keywords and
/// courtesy words, with at least one keyword ("STOP", "Stop please!", "STOP\nSent from my
/// iPhone", "No thanks, stop"). A keyword read through a disguise ("S.T.O.P", "5T0P") covers the
/// letters it was read from.
fn keyword_clause(
    norm: &Normalized,
    hits: &[GroupHit],
    keywords: GroupId,
    courtesy: Option<GroupId>,
    body: &str,
) -> bool {
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        let is_kw = h.group == keywords;
        if is_kw || Some(h.group) == courtesy {
            let range = norm.original_range(h.start as usize, h.end as usize);
            covered.push(range);
            if is_kw {
                found.push(range);
            }
        }
    }
    if found.is_empty() {
        return false;
    }
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
    let letters: Vec<(usize, usize)> = norm.main_words().collect();
    if letters.iter().all(|&l| is_covered(l)) {
        return true;
    }
    let mut start = 0;
    for (end, _) in body.match_indices(['\n', '\r', '.', '!', '?', ';', ',']).chain(std::iter::once((body.len(), ""))) {
        let (s, e) = (start, end);
        start = end + 1;
        let mut in_clause = letters.iter().filter(|&&(ls, _)| ls >= s && ls < e).peekable();
        if in_clause.peek().is_none() {
            continue;
        }
        if in_clause.all(|&l| is_covered(l)) && found.iter().any(|&(ks, ke)| ks < e && ke > s) {
            return true;
        }
    }
    false
}

/// How a revocation came: "by replying" (a text or an email), "in a call, saying", "in a voicemail,
/// saying".
fn said(channel: Channel) -> &'static str {
    match channel {
        Channel::Voice => "in a call, saying",
        Channel::Voicemail => "in a voicemail, saying",
        _ => "by replying",
    }
}

/// What a person reviews: "the reply", "what was said in a call", "the voicemail".
fn what_was_said(channel: Channel) -> &'static str {
    match channel {
        Channel::Voice => "what was said in a call,",
        Channel::Voicemail => "the voicemail",
        _ => "the reply",
    }
}

fn quote(body: &str) -> String {
    let t: String = body.chars().take(60).collect();
    if body.chars().count() > 60 {
        format!("\"{t}…\"")
    } else {
        format!("\"{t}\"")
    }
}

/// Whether a revocation received at `at` covers an attempt for `purpose`: the message it
/// answered (the latest outbound event to the address before it) was of the same purpose, or its
/// purpose is not known. An opt-out confirmation answers every revocation.
fn same_matter(ctx: &Context, at: Timestamp, purpose: Purpose) -> bool {
    if purpose == Purpose::OptOutConfirmation {
        return true;
    }
    let answered = ctx
        .chronological()
        .iter()
        .rev()
        .map(|&j| &ctx.attempt.history[j])
        .find(|o| o.direction == Direction::Outbound && o.at <= at && ctx.same_address(o.address.as_ref()));
    answered.and_then(|o| o.purpose).is_none_or(|p| p == purpose)
}

pub fn check(ctx: &Context, p: &ConsentParams, report: &mut Report) {
    let a = ctx.attempt;
    let channel_bits = p.revocation_channels.unwrap_or(1 << (a.channel as u8));
    let mut revoked: Option<(Timestamp, &str, Channel)> = None;
    let mut review: Option<(Timestamp, &str, Channel)> = None;
    if p.keywords.is_some() || p.phrases.is_some() || !p.named.is_empty() {
        for (i, e) in a.history.iter().enumerate() {
            if e.direction != Direction::Inbound || e.at > ctx.at || channel_bits & (1 << (e.channel as u8)) == 0 {
                continue;
            }
            if !ctx.same_address(e.address.as_ref()) {
                continue;
            }
            let Some(body) = e.body.as_deref() else { continue };
            match read_reply(ctx, p, i, body, e.channel, a.channel) {
                ReplyReading::Revokes if p.per_matter && !same_matter(ctx, e.at, a.purpose) => {}
                ReplyReading::Revokes => {
                    if revoked.is_none_or(|(t, _, _)| e.at > t) {
                        revoked = Some((e.at, body, e.channel));
                    }
                }
                ReplyReading::Review => {
                    if review.is_none_or(|(t, _, _)| e.at > t) {
                        review = Some((e.at, body, e.channel));
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
    let revocation = revoked.filter(|(t, _, _)| !renewed_after(*t));

    if a.purpose == Purpose::OptOutConfirmation {
        if let Some((t, body, _)) = revocation {
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

    if let Some((t, body, from)) = revocation {
        report.push(
            format!(
                "the recipient revoked consent {} {} on {}",
                said(from),
                quote(body),
                crate::model::format_instant(t)
            ),
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
    if let Some((t, body, from)) = review {
        if !renewed_after(t) {
            report.push_with(
                Severity::Warn,
                format!(
                    "{} {} may ask to stop or limit contact: have a person review it before sending",
                    what_was_said(from),
                    quote(body)
                ),
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
        assert!(!fires(&any_channel, one(json!({ "channel": "email" }))), "a bare STOP by email stops emails only");
        let said = |channel: &str, body: &str| json!({ "history": [{ "channel": channel, "direction": "inbound", "at": "2026-03-09T15:00:00Z", "body": body }] });
        assert!(fires(&any_channel, said("email", "Leave me alone")), "a request that names no medium");
        let orally = revocable(", revocation_channels = [\"sms\", \"voice\", \"voicemail\"]");
        assert!(fires(&orally, said("voicemail", "Hi it's John, stop texting me, I'll pay Friday")), "a voicemail");
        assert!(fires(&orally, said("voice", "STOP")), "a call's transcript: STOP to a phone number");
        assert!(!fires(&orally, said("voice", "I will stop by on Friday")));
    }

    #[test]
    fn a_clause_of_keywords_revokes() {
        let e = revocable("");
        for body in ["Not interested, stop", "Wrong number. STOP", "I paid.\nStop please", "Thanks, QUIT"] {
            assert_eq!(only(&eval(&e, replied(body))).severity, Severity::Block, "{body}");
        }
        for body in ["Stop me if I'm wrong: I paid", "When does the plan end?", "I will stop by, thanks"] {
            assert!(!fires(&e, replied(body)), "{body}");
        }
    }

    #[test]
    fn a_keyword_in_capitals_revokes_wherever_it_stands() {
        let e = revocable("");
        assert!(fires(&e, replied("STOP or I'll report you")));
        assert!(fires(&e, replied("I told you to QUIT, you people")));
        assert!(!fires(&e, replied("I quit my job, I can't pay yet")), "not in capitals");
        assert!(!fires(&e, replied("I WILL STOP BY ON FRIDAY")), "a reply all in capitals");
        assert!(!fires(&e, replied("Please call STOPFORD & Co, my lawyers")), "part of a longer word");
    }

    fn named(extra: &str) -> Engine {
        revocable(&format!(
            ", named = [{{ phrases = {{ en = [\"stop calling me\"] }}, channels = [\"voice\", \"voicemail\"] }}]{extra}"
        ))
    }

    #[test]
    fn a_request_that_names_a_medium_revokes_that_medium() {
        let e = named(", revocation_channels = [\"sms\"]");
        let voice = |body: &str| {
            let mut a = replied(body);
            merge(&mut a, &json!({ "channel": "voice" }));
            a
        };
        assert!(fires(&e, voice("Stop calling me!")), "a call after \"stop calling me\"");
        assert!(!fires(&e, replied("Stop calling me!")), "a text after it");
        assert!(fires(&e, replied("Stop calling me and leave me alone")), "with a request that names nothing");
        assert!(fires(&e, voice("STOP")), "a bare STOP to a text stops calls to the number too");
    }

    #[test]
    fn a_request_limited_to_a_time_or_place_goes_to_review() {
        let e = named(", qualifiers = { en = [\"before\", \"at work\"] }, revocation_channels = [\"sms\"]");
        let f = only(&eval(&e, replied("Stop texting me before 9, I'm asleep")));
        assert_eq!(f.severity, Severity::Warn, "{}", f.message);
        let mut call = replied("stop calling me at work");
        merge(&mut call, &json!({ "channel": "voice" }));
        assert_eq!(only(&eval(&e, call)).severity, Severity::Warn);
        assert_eq!(only(&eval(&e, replied("Stop texting me. Before you ask, I paid."))).severity, Severity::Block);
        assert_eq!(only(&eval(&e, replied("Stop texting me before 9. And leave me alone"))).severity, Severity::Block);
    }

    #[test]
    fn a_revocation_per_matter_covers_the_matter_it_answered() {
        let e = revocable(", per_matter = true");
        let after = |purpose: &str, answered: Option<&str>| {
            let mut history = vec![reply("STOP", "2026-03-09T15:00:00Z")];
            if let Some(p) = answered {
                history.push(
                    json!({ "channel": "sms", "direction": "outbound", "at": "2026-03-09T14:00:00Z", "purpose": p }),
                );
            }
            json!({ "purpose": purpose, "history": history })
        };
        assert!(fires(&e, after("collection", Some("collection"))));
        assert!(!fires(&e, after("informational", Some("collection"))), "another matter");
        assert!(fires(&e, after("informational", None)), "the message it answered is not known");
        assert!(!fires(&revocable(""), json!({})));
        assert!(fires(&revocable(""), after("informational", Some("collection"))), "every matter");
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
