//! Consent on record for the channel and address, its revocation by an inbound reply in any
//! supported language, and the single confirmation that may follow a revocation.

use jiff::Timestamp;

use super::Report;
use crate::context::Context;
use crate::model::{Address, AddressKind, Channel, Direction, Event, Purpose, Severity};
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

/// Signs that stand for a stop keyword: a reply, or one of its lines, sentences or clauses, made
/// only of them (with keywords and courtesy words) revokes the medium it came through, as "STOP"
/// does. 47 CFR 64.1200(a)(10): a reply in other words revokes "if a reasonable person would
/// understand those words to have conveyed a request to revoke consent" (FCC 24-24); a stop sign
/// (🛑), a no-entry sign (⛔) or a prohibited sign (🚫) sent back alone says "stop" to a
/// reasonable reader. Beside other words ("🚫 late fee?") a sign is not read; a raised hand (✋)
/// also greets, and is not read alone ("✋ stop" revokes through "stop").
const STOP_SIGNS: &[char] = &['\u{1F6D1}', '\u{26D4}', '\u{1F6AB}'];

/// Where an inbound reply came from, compared with the attempt's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The attempt's address (or one not stated).
    Same,
    /// Another address of the recipient's, in a reply that names the attempt's address ("STOP
    /// texting 312-555-0100"): read as if it came through the attempt's address and medium.
    Named,
    /// Another address of the recipient's (an email when the attempt is a call): what the reply
    /// says of the recipient ("don't contact me", "stop calling me") covers this address too, but a
    /// bare keyword stops only the address it came through, and a request about that address ("lose
    /// this number", from another number) only that address.
    Other {
        /// The other address is of the same medium (another phone number, another email address).
        same_medium: bool,
    },
}

/// Classifies an inbound reply (a text, an email, or the transcript of what the recipient said in
/// a call or voicemail) against the rule's revocation lexicons, for an attempt on `channel`.
///
/// A reply revokes when it contains a revocation phrase (`phrases`: every channel; `named`: the
/// channels the phrase names, "stop calling me"), or when one of its lines, sentences or clauses
/// is made only of keywords and courtesy words ("STOP", "Not interested, stop"), or when it writes a
/// keyword in capitals ("STOP or I'll report you"): a keyword revokes the medium it came through,
/// `from`. A phrase followed
/// by a qualifier ("don't text me before 9", "don't call me at work") limits contact rather than
/// ending it: the reply goes to review, as do the `review` phrases. A phrase or keyword whose first
/// word a clause-initial negation covers ("please don't stop texting me", "no dejen de
/// escribirme", "n'arrêtez pas") asks for the opposite, and is not read.
pub fn read_reply(
    ctx: &Context,
    p: &ConsentParams,
    event: usize,
    body: &str,
    from: Channel,
    channel: Channel,
    address: Origin,
) -> ReplyReading {
    let (norm, hits) = ctx.reply(event, body);
    let of = |g: GroupId| hits.iter().filter(move |h| h.group == g);
    let range = |h: &GroupHit| norm.original_range(h.start as usize, h.end as usize);
    let courtesy: Vec<(usize, usize)> = p.courtesy.map(|g| of(g).map(range).collect()).unwrap_or_default();
    let negations: Vec<(usize, usize)> = p.negations.map(|g| of(g).map(range).collect()).unwrap_or_default();
    // A request whose first word a negation at the start of its clause covers: "Please don't stop
    // texting me" (not "If you don't stop texting me").
    let negated = |s: usize| negations.iter().any(|&(ns, ne)| ns < s && ne > s && clause_start(body, ns, &courtesy));
    let other = matches!(address, Origin::Other { .. });
    let own_address_skipped = matches!(address, Origin::Other { same_medium: true });
    // Every revocation phrase found, with the channels it revokes, in the original text.
    let found: Vec<(usize, usize, u8)> = p
        .phrases
        .map(|g| (g, ALL_CHANNELS))
        .into_iter()
        .chain(p.named.iter().filter(|n| !(n.own_address && own_address_skipped)).map(|n| (n.group, n.channels)))
        .flat_map(|(g, bits)| of(g).map(move |h| (h, bits)))
        .map(|(h, bits)| {
            let (s, e) = range(h);
            (s, e, bits)
        })
        .filter(|&(s, _, _)| !negated(s))
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
    // A bare keyword stops the medium it came through: from another address, that address only.
    if revokes != ALL_CHANNELS && !other {
        if let Some(keywords) = p.keywords {
            if keyword_clause(norm, hits, keywords, p.courtesy, body)
                || shouted(norm, hits, keywords, body, &|s| negated(s))
            {
                revokes |= medium_of(from);
            }
        }
    }
    if revokes & (1 << (channel as u8)) != 0 {
        return ReplyReading::Revokes;
    }
    // What to review ("wrong number", "not interested") is about the address it came from.
    if review || (!other && p.review.is_some_and(|g| of(g).any(|h| !negated(range(h).0)))) {
        return ReplyReading::Review;
    }
    ReplyReading::Other
}

/// Whether `at` begins a clause: nothing before it but the end of a sentence, line or clause, and
/// courtesy words ("Please don't stop", "Oh no, por favor no dejen de escribirme").
fn clause_start(body: &str, at: usize, courtesy: &[(usize, usize)]) -> bool {
    let mut at = at;
    loop {
        let raw = &body[..at];
        let before = raw.trim_end();
        if before.is_empty()
            || raw[before.len()..].contains('\n')
            || before.ends_with(['.', '!', '?', ';', ':', ',', '¡', '¿', '(', '-', '"'])
        {
            return true;
        }
        match courtesy.iter().find(|&&(_, e)| e == before.len()) {
            Some(&(s, _)) if s < at => at = s,
            _ => return false,
        }
    }
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
fn shouted(
    norm: &Normalized,
    hits: &[GroupHit],
    keywords: GroupId,
    body: &str,
    negated: &dyn Fn(usize) -> bool,
) -> bool {
    if !body.chars().any(char::is_lowercase) {
        return false;
    }
    hits.iter().filter(|h| h.group == keywords).any(|h| {
        let (s, e) = norm.original_range(h.start as usize, h.end as usize);
        if negated(s) {
            return false;
        }
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
    found.extend(body.char_indices().filter(|(_, c)| STOP_SIGNS.contains(c)).map(|(i, c)| (i, i + c.len_utf8())));
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
            // A line of signs only ("I paid.\n🛑"); not a sign after a question ("Late fee? 🚫").
            let line_of = |i: usize| {
                let start = body[..i].rfind('\n').map_or(0, |n| n + 1);
                let end = body[i..].find('\n').map_or(body.len(), |n| i + n);
                &body[start..end]
            };
            if found.iter().any(|&(ks, _)| ks >= s && ks < e && !line_of(ks).chars().any(char::is_alphanumeric)) {
                return true;
            }
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

/// Whether a revocation received at `at` from `address` covers an attempt for `purpose`: the
/// message it answered (the latest outbound event to that address before it) was of the same
/// purpose, or its purpose is not known. An opt-out confirmation answers every revocation.
fn same_matter(ctx: &Context, at: Timestamp, address: Option<&Address>, purpose: Purpose) -> bool {
    if purpose == Purpose::OptOutConfirmation {
        return true;
    }
    let recipient = ctx.attempt.recipient.address.as_ref();
    let want = address.or(recipient).map(Address::canonical);
    let answered = ctx.chronological().iter().rev().map(|&j| &ctx.attempt.history[j]).find(|o| {
        o.direction == Direction::Outbound
            && o.at <= at
            && o.address.as_ref().or(recipient).map(Address::canonical) == want
    });
    answered.and_then(|o| o.purpose).is_none_or(|p| p == purpose)
}

/// Where an inbound event came from, or `None` if what it says is not the recipient's to say of
/// this address: an address others read or write from (`shared`, `group`), other than the
/// attempt's. A reply from another of the recipient's own addresses that names the attempt's
/// address ("stop calling 312-555-0100") is read as if it came from it.
fn origin(ctx: &Context, e: &Event, body: &str) -> Option<Origin> {
    let a = ctx.attempt;
    if ctx.same_address(e.address.as_ref()) {
        return Some(Origin::Same);
    }
    let kind = e.address_kind.unwrap_or(a.recipient.address_kind);
    if matches!(kind, AddressKind::Shared | AddressKind::Group) {
        return None;
    }
    if a.recipient.address.as_ref().is_some_and(|x| names_address(body, x)) {
        return Some(Origin::Named);
    }
    Some(Origin::Other { same_medium: e.channel.uses_phone() == a.channel.uses_phone() })
}

/// Whether a text names an address: an email address (in any case), or a phone number's national
/// digits (the last ten of a +1 number, else the last nine), written with or without spaces, dots,
/// dashes or parentheses, a country code or a trunk prefix ("312-555-0100", "06 12 34 56 78").
fn names_address(text: &str, address: &Address) -> bool {
    let canonical = address.canonical();
    if canonical.contains('@') {
        return text.to_lowercase().contains(&canonical.to_lowercase());
    }
    let want: String = canonical.chars().filter(char::is_ascii_digit).collect();
    if want.len() < 7 {
        return false;
    }
    let keep = if want.len() == 11 && want.starts_with('1') { 10 } else { 9.min(want.len()) };
    let national = &want[want.len() - keep..];
    text.split(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '/' | '+')))
        .map(|run| run.chars().filter(char::is_ascii_digit).collect::<String>())
        .any(|digits| digits.contains(national))
}

/// Whether a reply went out to the contact the person started through the attempt's medium
/// after `t` (12 CFR 1006.14(h)(2)(ii): "the debt collector may respond once through the same
/// medium of communication used by the person"): the latest event on the medium since `t` is the
/// person's own.
fn answers_contact_since(ctx: &Context, t: Timestamp) -> bool {
    let a = ctx.attempt;
    let medium = |c: Channel| c == a.channel || (is_call(c) && is_call(a.channel));
    let latest = a
        .history
        .iter()
        .filter(|e| e.at > t && e.at <= ctx.at && medium(e.channel) && ctx.same_address(e.address.as_ref()))
        .max_by_key(|e| (e.at, e.direction == Direction::Outbound));
    latest.is_some_and(|e| e.direction == Direction::Inbound)
}

fn is_call(c: Channel) -> bool {
    matches!(c, Channel::Voice | Channel::Voicemail)
}

/// When the recipient last asked to stop ("STOP", "unsubscribe", "ne m'écrivez plus") in reply to
/// a message that promoted something: the latest outbound message to the address the reply came
/// from, before it, contains a phrase of `marketing`. GDPR Art. 21(2): the data subject may object
/// "at any time" to processing for direct marketing; a reply asking a marketing message to stop is
/// that objection, whatever words it uses (CPCE L34-5: the recipient may oppose further
/// prospection "par un moyen simple"). Replies from shared or group addresses are not read.
pub fn stop_to_marketing(ctx: &Context, p: &ConsentParams, marketing: GroupId) -> Option<Timestamp> {
    let a = ctx.attempt;
    let recipient = a.recipient.address.as_ref();
    let order = ctx.chronological();
    let mut latest: Option<Timestamp> = None;
    for (k, &i) in order.iter().enumerate() {
        let e = &a.history[i];
        if e.direction != Direction::Inbound || e.at > ctx.at {
            continue;
        }
        let Some(body) = e.body.as_deref() else { continue };
        if origin(ctx, e, body).is_none() {
            continue;
        }
        let from = canonical(e.address.as_ref(), recipient);
        let answered = order[..k].iter().rev().find(|&&j| {
            let o = &a.history[j];
            o.direction == Direction::Outbound && o.at <= e.at && canonical(o.address.as_ref(), recipient) == from
        });
        let promoted = answered.is_some_and(|&j| {
            a.history[j].body.as_deref().is_some_and(|ob| ctx.reply(j, ob).1.iter().any(|h| h.group == marketing))
        });
        if promoted && read_reply(ctx, p, i, body, e.channel, e.channel, Origin::Same) == ReplyReading::Revokes {
            latest = latest.max(Some(e.at));
        }
    }
    latest
}

/// An event's address, or the recipient's when it names none, in canonical form.
fn canonical<'x>(address: Option<&'x Address>, recipient: Option<&'x Address>) -> Option<&'x str> {
    address.or(recipient).map(Address::canonical)
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
            let Some(body) = e.body.as_deref() else { continue };
            let Some(address) = origin(ctx, e, body) else { continue };
            let (via, address) = match address {
                Origin::Named => (a.channel, Origin::Same),
                other => (e.channel, other),
            };
            match read_reply(ctx, p, i, body, via, a.channel, address) {
                ReplyReading::Revokes if p.per_matter && !same_matter(ctx, e.at, e.address.as_ref(), a.purpose) => {}
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
    let revocation = revoked
        .filter(|(t, _, _)| !renewed_after(*t))
        .filter(|(t, _, _)| !(p.allow_response && answers_contact_since(ctx, *t)));

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
        let used = p.used_within_days.is_some_and(|days| {
            let since =
                ctx.at.checked_sub(jiff::SignedDuration::from_hours(24 * i64::from(days))).unwrap_or(Timestamp::MIN);
            a.history.iter().any(|e| {
                e.direction == Direction::Inbound
                    && e.channel == a.channel
                    && e.at >= since
                    && e.at <= ctx.at
                    && ctx.same_address(e.address.as_ref())
            })
        });
        let valid = used || consents.iter().any(|c| c.revoked_at.is_none_or(|r| r > ctx.at));
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
    fn a_negated_request_at_the_start_of_a_clause_is_not_read() {
        let e = one_rule(
            "consent",
            "{ require = false, keywords = { any = [\"stop\"] }, courtesy = { any = [\"please\", \"por favor\"] }, \
             negations = { any = [\"(do not|don t) stop\", \"no (dejen|paren) de\", \"n arretez\"] }, \
             review = { any = [\"arretez\"] }, phrases = { any = [\"stop texting me\", \"dejen de escribirme\"] } }",
            "",
        );
        for body in [
            "Please don't stop texting me",
            "Don't stop texting me, I like the reminders",
            "No dejen de escribirme",
            "Por favor no dejen de escribirme",
            "N'arrêtez pas de m'écrire",
            "I paid.\nDon't STOP the reminders",
        ] {
            assert!(found(&eval(&e, replied(body))).is_empty(), "{body}");
        }
        for body in [
            "If you don't stop texting me I'll report you",
            "Ustedes no dejen de escribirme? Dejen de escribirme",
            "Don't stop texting me? Ha. Stop texting me.",
            "Stop texting me",
        ] {
            assert_eq!(only(&eval(&e, replied(body))).severity, Severity::Block, "{body}");
        }
        assert_eq!(only(&eval(&e, replied("Vous n'arrêtez pas de m'écrire"))).severity, Severity::Warn);
    }

    #[test]
    fn a_stop_sign_alone_is_a_keyword() {
        let e = revocable("");
        for body in ["\u{1F6D1}", "\u{26D4}\u{FE0F}", " \u{1F6AB} \u{1F6AB} ", "please \u{1F6D1}", "I paid.\n\u{1F6D1}"]
        {
            assert_eq!(only(&eval(&e, replied(body))).severity, Severity::Block, "{body}");
        }
        for body in ["Late fee? \u{1F6AB}", "\u{1F6AB} late fee", "\u{270B}", "\u{1F642}"] {
            assert!(!fires(&e, replied(body)), "{body}");
        }
        assert!(fires(&e, replied("\u{270B} stop")));
    }

    #[test]
    fn a_request_from_another_address_of_the_recipient() {
        let e = named(", revocation_channels = [\"sms\", \"email\", \"voice\"]");
        let from = |channel: &str, address: &str, kind: Option<&str>, body: &str, attempt: &str| {
            let mut ev = json!({ "channel": channel, "direction": "inbound", "at": "2026-03-09T15:00:00Z",
                                 "address": address, "body": body });
            if let Some(k) = kind {
                ev["address_kind"] = json!(k);
            }
            json!({ "channel": attempt, "history": [ev] })
        };
        let email = "john@mail.example";
        assert!(fires(&e, from("email", email, None, "Stop calling me", "voice")), "a call after it");
        assert!(!fires(&e, from("email", email, None, "Stop calling me", "sms")), "calls only");
        assert!(fires(&e, from("email", email, None, "Leave me alone", "sms")), "every medium");
        assert!(!fires(&e, from("email", email, None, "STOP", "sms")), "a bare STOP stops the emails");
        assert!(fires(&e, from("email", email, None, "STOP texting 312-555-0100", "sms")), "names this number");
        assert!(fires(&e, from("email", email, None, "STOP\n(312) 555 0100", "sms")), "names this number");
        assert!(!fires(&e, from("email", email, None, "STOP 312-555-0199", "sms")), "names another number");
        assert!(!fires(&e, from("sms", "+13125550199", Some("shared"), "Leave me alone", "sms")), "a shared phone");
        assert!(!fires(&e, from("sms", "+13125550199", None, "Wrong number", "sms")), "reviewed there");
        let phone = revocable(
            ", revocation_channels = [\"sms\", \"email\", \"voice\"], named = [{ phrases = { en = [\"lose this number\"] }, \
             channels = [\"sms\", \"voice\"], own_address = true }]",
        );
        assert!(!fires(&phone, from("sms", "+13125550199", None, "lose this number", "sms")), "that other number");
        assert!(fires(&phone, from("email", email, None, "lose this number", "sms")), "by email: the phone");
    }

    #[test]
    fn one_response_to_a_contact_the_person_starts_after_a_revocation() {
        let e = revocable(", allow_response = true");
        let history = |extra: Vec<Value>| {
            let mut h = vec![reply("STOP", "2026-03-05T15:00:00Z")];
            h.extend(extra);
            json!({ "history": h })
        };
        assert!(fires(&e, history(vec![])));
        assert!(!fires(&e, history(vec![reply("How much do I owe?", "2026-03-09T15:00:00Z")])), "one reply");
        let sent = json!({ "channel": "sms", "direction": "outbound", "at": "2026-03-09T15:10:00Z" });
        assert!(fires(&e, history(vec![reply("How much do I owe?", "2026-03-09T15:00:00Z"), sent])), "only one");
        let by_email =
            json!({ "channel": "email", "direction": "inbound", "at": "2026-03-09T15:00:00Z", "body": "hi" });
        assert!(fires(&e, history(vec![by_email])), "through another medium");
        assert!(fires(&revocable(""), history(vec![reply("How much do I owe?", "2026-03-09T15:00:00Z")])));
    }

    #[test]
    fn a_medium_the_recipient_used_lately_stands_for_a_consent() {
        let e = one_rule("consent", "{ require = true, used_within_days = 60 }", "");
        let wrote = |at: &str, channel: &str| json!({ "history": [{ "channel": channel, "direction": "inbound", "at": at, "body": "Can I pay later?" }] });
        assert!(!fires(&e, wrote("2026-01-09T15:00:00Z", "sms")), "60 days before");
        assert!(fires(&e, wrote("2026-01-09T14:59:59Z", "sms")), "more than 60 days before");
        assert!(fires(&e, wrote("2026-03-09T15:00:00Z", "email")), "through another medium");
        assert!(fires(&one_rule("consent", "{ require = true }", ""), wrote("2026-03-09T15:00:00Z", "sms")));
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
