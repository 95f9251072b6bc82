//! Consent on record for the channel and address, its revocation by an inbound reply in any
//! supported language, and the single confirmation that may follow a revocation.

use jiff::Timestamp;

use super::Report;
use crate::context::Context;
use crate::model::{Direction, Purpose, Severity};
use crate::pack::ConsentParams;
use crate::resolve::consent_channel_matches;

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
        // The reply is made only of keywords (and courtesy words): every letter or digit of it
        // lies inside one of those matches.
        let mut covered = vec![false; norm.text.len()];
        let mut any_keyword = false;
        for h in hits {
            let is_kw = h.group == keywords;
            if is_kw || Some(h.group) == p.courtesy {
                any_keyword |= is_kw;
                for c in &mut covered[h.start as usize..h.end as usize] {
                    *c = true;
                }
            }
        }
        if any_keyword && norm.text.char_indices().all(|(i, c)| !c.is_alphanumeric() || covered[i]) {
            return ReplyReading::Revokes;
        }
    }
    if let Some(review) = p.review {
        if hits.iter().any(|h| h.group == review) {
            return ReplyReading::Review;
        }
    }
    ReplyReading::Other
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
            report.push(
                if revoked_record {
                    format!("the {} consent for {} to {address} was revoked", p.purpose.as_str(), a.channel)
                } else {
                    format!("no {} consent on record for {} to {address}", p.purpose.as_str(), a.channel)
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
