//! The conditions of a rule's `when` and `unless`: facts of the attempt, negated with `!`,
//! alternatives joined with `|`.

use std::collections::HashMap;

use super::load::PhraseSpec;
use super::GroupId;
use crate::model::{AddressKind, Channel, Language, LineType};

/// A condition on the attempt, used by `when` and `unless`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// First communication with the recipient about the debt.
    InitialCommunication,
    /// `debt.time_barred`.
    TimeBarred,
    /// `debt.disputed`.
    Disputed,
    /// `debt.bankruptcy`.
    Bankruptcy,
    /// `debt.legal_action_intended` (and the debt is not time-barred).
    LegalActionIntended,
    /// `debt.judgment_obtained`.
    JudgmentObtained,
    /// `debt.consumer`.
    ConsumerDebt,
    /// `debt.financial_system`.
    FinancialSystemCredit,
    /// A marketing consent for this channel is in force.
    MarketingConsent,
    /// The recipient objected to direct marketing (or to processing) and gave no marketing
    /// consent for this channel since.
    MarketingObjection,
    /// `automated`.
    Automated,
    /// `debt.fees_authorized`.
    FeesAuthorized,
    /// The attempt answers a contact the recipient started on the same channel.
    RespondsToInbound,
    /// `recipient.represented_by_attorney`.
    RepresentedByAttorney,
    /// The body names a debt (the pack's `debt_words` lexicon, the amount, creditor or reference).
    MentionsDebt,
    /// The attempt has a body.
    HasBody,
    /// The body or subject contains a phrase of the pack's named lexicon, in the text's language
    /// (`mentions:@advertising`).
    Mentions(GroupId),
    /// The text asks for money: it contains the pack's `demand_words` lexicon.
    DemandsPayment,
    /// `sender.license_number` is given (not empty).
    Licensed,
    /// `sender.debt_buyer`.
    DebtBuyer,
    /// No written message (letter, email, SMS, WhatsApp) about the debt went out before: none in
    /// the history; with no history about the debt, the attempt's `initial_communication`.
    FirstWrittenCommunication,
    /// `recipient.address_kind` equals.
    AddressKind(AddressKind),
    /// `channel` equals; only as an alternative in a `when` entry (otherwise a rule lists its `channels`).
    Channel(Channel),
    /// `recipient.line_type` equals.
    LineType(LineType),
    /// The text's language equals.
    Language(Language),
}

impl Fact {
    fn parse(s: &str, lexicons: &HashMap<String, (GroupId, PhraseSpec)>) -> Result<Fact, String> {
        let simple = match s {
            "initial_communication" => Some(Fact::InitialCommunication),
            "time_barred" => Some(Fact::TimeBarred),
            "disputed" => Some(Fact::Disputed),
            "bankruptcy" => Some(Fact::Bankruptcy),
            "legal_action_intended" => Some(Fact::LegalActionIntended),
            "judgment_obtained" => Some(Fact::JudgmentObtained),
            "consumer_debt" => Some(Fact::ConsumerDebt),
            "financial_system_credit" => Some(Fact::FinancialSystemCredit),
            "marketing_consent" => Some(Fact::MarketingConsent),
            "marketing_objection" => Some(Fact::MarketingObjection),
            "automated" => Some(Fact::Automated),
            "fees_authorized" => Some(Fact::FeesAuthorized),
            "responds_to_inbound" => Some(Fact::RespondsToInbound),
            "represented_by_attorney" => Some(Fact::RepresentedByAttorney),
            "mentions_debt" => Some(Fact::MentionsDebt),
            "has_body" => Some(Fact::HasBody),
            "demands_payment" => Some(Fact::DemandsPayment),
            "licensed" => Some(Fact::Licensed),
            "debt_buyer" => Some(Fact::DebtBuyer),
            "first_written_communication" => Some(Fact::FirstWrittenCommunication),
            _ => None,
        };
        if let Some(f) = simple {
            return Ok(f);
        }
        let (kind, value) = s.split_once(':').ok_or_else(|| format!("unknown condition {s:?}"))?;
        // A rule is scoped by purpose, recipient relation and sender role with its lists, not here.
        let list = match kind {
            "purpose" => Some("purposes"),
            "relation" => Some("relations"),
            "role" => Some("binds"),
            _ => None,
        };
        if let Some(list) = list {
            return Err(format!(
                "condition {s:?}: {kind}s are not conditions; list the {kind}s the rule applies to in `{list} = [...]`"
            ));
        }
        Ok(match kind {
            "address_kind" => Fact::AddressKind(value.parse()?),
            "channel" => Fact::Channel(value.parse()?),
            "line_type" => Fact::LineType(value.parse()?),
            "language" => Fact::Language(value.parse()?),
            "mentions" => {
                let name = value.strip_prefix('@').ok_or_else(|| {
                    format!("condition {s:?}: `mentions:` takes a lexicon of the pack, written `mentions:@name`")
                })?;
                Fact::Mentions(
                    lexicons
                        .get(name)
                        .map(|(id, _)| *id)
                        .ok_or_else(|| format!("condition {s:?}: unknown lexicon @{name}"))?,
                )
            }
            _ => return Err(format!("unknown condition {s:?}")),
        })
    }
}

/// A fact, or its negation (`!fact`).
pub type Literal = (bool, Fact);

/// Conditions: all entries must hold; an entry holds when any of its `|`-separated literals does.
pub type Conditions = Vec<Vec<Literal>>;

pub(super) fn parse_conditions(
    list: &[String],
    field: &str,
    lexicons: &HashMap<String, (GroupId, PhraseSpec)>,
) -> Result<Conditions, String> {
    list.iter()
        .map(|entry| {
            let literals = entry
                .split('|')
                .map(|f| {
                    let f = f.trim();
                    match f.strip_prefix('!') {
                        Some(rest) => Fact::parse(rest.trim(), lexicons).map(|x| (true, x)),
                        None => Fact::parse(f, lexicons).map(|x| (false, x)),
                    }
                })
                .collect::<Result<Vec<Literal>, String>>()
                .map_err(|m| format!("{field}: {m}"))?;
            // `channel:` is the one scope also written as a condition, and only where `channels`
            // cannot say it: as an alternative of a `when` entry ("!channel:voicemail|mentions_debt").
            // An `unless` entry, or a `when` entry of channels alone, is a `channels` list.
            let channel_only = literals.iter().all(|(_, f)| matches!(f, Fact::Channel(_)));
            if literals.iter().any(|(_, f)| matches!(f, Fact::Channel(_))) && (field == "unless" || channel_only) {
                return Err(format!(
                    "{field}: {entry:?}: scope the rule by channel with `channels = [...]`; `channel:` is only read as \
                     one alternative of a `when` entry, e.g. \"!channel:voicemail|mentions_debt\""
                ));
            }
            Ok(literals)
        })
        .collect()
}
