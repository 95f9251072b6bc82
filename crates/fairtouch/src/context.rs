//! The second stage of an evaluation: a [`Resolved`] attempt at one instant — the local time in
//! each candidate zone, whether the message is the first communication, whether it answers the
//! recipient, and the facts that rules' `when` and `unless` test.

use std::ops::Deref;

use jiff::Timestamp;

use crate::locate::Zone;
use crate::model::{Channel, ConsentPurpose, Direction, Outcome};
use crate::pack::{Conditions, Fact, Pack};
use crate::resolve::{consent_channel_matches, Resolved};

/// A resolved attempt at one instant.
pub struct Context<'r, 'a> {
    pub resolved: &'r Resolved<'a>,
    /// The instant evaluated (the attempt's `send_at`, or a later one when searching for the
    /// next allowed time).
    pub at: Timestamp,
    /// The candidate zones, with the evaluated instant in each.
    pub zones: Vec<Zone>,
    pub initial: bool,
    pub responds_to_inbound: bool,
}

impl<'a> Deref for Context<'_, 'a> {
    type Target = Resolved<'a>;
    fn deref(&self) -> &Resolved<'a> {
        self.resolved
    }
}

impl<'r, 'a> Context<'r, 'a> {
    pub fn new(resolved: &'r Resolved<'a>, at: Timestamp) -> Context<'r, 'a> {
        let attempt = resolved.attempt;
        let zones = resolved.zones.iter().map(|tz| Zone { tz: tz.clone(), local: tz.to_datetime(at) }).collect();
        let initial = attempt.initial_communication.unwrap_or_else(|| {
            !attempt.history.iter().any(|e| {
                e.at <= at
                    && e.concerns(attempt.debt.as_ref().and_then(|d| d.id.as_deref()))
                    && match e.direction {
                        Direction::Outbound => !matches!(e.outcome, Some(Outcome::Failed) | Some(Outcome::NoAnswer)),
                        Direction::Inbound => e.outcome == Some(Outcome::Conversation),
                    }
            })
        });
        let responds_to_inbound = latest_on_channel_is_inbound(resolved, attempt.channel, at);
        Context { resolved, at, zones, initial, responds_to_inbound }
    }

    /// Whether a marketing consent for the attempt's channel is in force.
    pub fn marketing_consent(&self) -> bool {
        self.attempt.recipient.consents.iter().any(|c| {
            c.purpose == ConsentPurpose::Marketing
                && consent_channel_matches(c.channel, self.attempt.channel)
                && self.same_address(c.address.as_ref())
                && c.given_at.is_none_or(|g| g <= self.at)
                && c.revoked_at.is_none_or(|r| r > self.at)
        })
    }

    pub fn fact(&self, fact: Fact, pack: &Pack) -> bool {
        let a = self.attempt;
        let debt = a.debt.as_ref();
        match fact {
            Fact::InitialCommunication => self.initial,
            Fact::TimeBarred => debt.is_some_and(|d| d.time_barred),
            Fact::Disputed => debt.is_some_and(|d| d.disputed),
            Fact::Bankruptcy => debt.is_some_and(|d| d.bankruptcy),
            Fact::LegalActionIntended => debt.is_some_and(|d| d.legal_action_intended && !d.time_barred),
            Fact::JudgmentObtained => debt.is_some_and(|d| d.judgment_obtained),
            Fact::ConsumerDebt => debt.is_none_or(|d| d.consumer),
            Fact::FinancialSystemCredit => debt.is_some_and(|d| d.financial_system),
            Fact::MarketingConsent => self.marketing_consent(),
            Fact::Automated => a.automated,
            Fact::FeesAuthorized => debt.is_some_and(|d| d.fees_authorized),
            Fact::RespondsToInbound => self.responds_to_inbound,
            Fact::RepresentedByAttorney => a.recipient.represented_by_attorney,
            Fact::MentionsDebt => self.mentions_debt(pack),
            Fact::HasBody => a.body.is_some(),
            Fact::Purpose(p) => a.purpose == p,
            Fact::Relation(r) => a.recipient.relation == r,
            Fact::AddressKind(k) => a.recipient.address_kind == k,
            Fact::Channel(c) => a.channel == c,
            Fact::LineType(l) => a.recipient.line_type == Some(l),
            Fact::Language(l) => self.language == l,
            Fact::Role(r) => a.sender.role == r,
        }
    }

    /// `when` holds: every entry has a literal that holds.
    pub fn all_hold(&self, conditions: &Conditions, pack: &Pack) -> bool {
        conditions.iter().all(|entry| entry.iter().any(|&(neg, f)| self.fact(f, pack) != neg))
    }

    /// `unless` holds: some entry has a literal that holds.
    pub fn any_holds(&self, conditions: &Conditions, pack: &Pack) -> bool {
        conditions.iter().any(|entry| entry.iter().any(|&(neg, f)| self.fact(f, pack) != neg))
    }
}

/// The latest contact, on any channel, came from the recipient on this channel: nothing was sent
/// since, so a message now answers it.
fn latest_on_channel_is_inbound(resolved: &Resolved, channel: Channel, before: Timestamp) -> bool {
    let mut latest: Option<(Timestamp, Direction, Channel)> = None;
    for e in &resolved.attempt.history {
        if e.at <= before && latest.is_none_or(|(t, _, _)| e.at >= t) {
            latest = Some((e.at, e.direction, e.channel));
        }
    }
    matches!(latest, Some((_, Direction::Inbound, c)) if c == channel)
}
