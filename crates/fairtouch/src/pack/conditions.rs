//! The conditions of a rule's `when` and `unless`: facts of the attempt, negated with `!`,
//! alternatives joined with `|`.

use crate::model::{AddressKind, Channel, Language, LineType, Purpose, Relation, SenderRole};

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
    /// `purpose` equals.
    Purpose(Purpose),
    /// `recipient.relation` equals.
    Relation(Relation),
    /// `recipient.address_kind` equals.
    AddressKind(AddressKind),
    /// `channel` equals.
    Channel(Channel),
    /// `recipient.line_type` equals.
    LineType(LineType),
    /// The text's language equals.
    Language(Language),
    /// `sender.role` equals.
    Role(SenderRole),
}

impl Fact {
    fn parse(s: &str) -> Result<Fact, String> {
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
            "automated" => Some(Fact::Automated),
            "fees_authorized" => Some(Fact::FeesAuthorized),
            "responds_to_inbound" => Some(Fact::RespondsToInbound),
            "represented_by_attorney" => Some(Fact::RepresentedByAttorney),
            "mentions_debt" => Some(Fact::MentionsDebt),
            "has_body" => Some(Fact::HasBody),
            _ => None,
        };
        if let Some(f) = simple {
            return Ok(f);
        }
        let (kind, value) = s.split_once(':').ok_or_else(|| format!("unknown condition {s:?}"))?;
        Ok(match kind {
            "purpose" => Fact::Purpose(value.parse()?),
            "relation" => Fact::Relation(value.parse()?),
            "address_kind" => Fact::AddressKind(value.parse()?),
            "channel" => Fact::Channel(value.parse()?),
            "line_type" => Fact::LineType(value.parse()?),
            "language" => Fact::Language(value.parse()?),
            "role" => Fact::Role(value.parse()?),
            _ => return Err(format!("unknown condition {s:?}")),
        })
    }
}

/// A fact, or its negation (`!fact`).
pub type Literal = (bool, Fact);

/// Conditions: all entries must hold; an entry holds when any of its `|`-separated literals does.
pub type Conditions = Vec<Vec<Literal>>;

pub(super) fn parse_conditions(list: &[String]) -> Result<Conditions, String> {
    list.iter()
        .map(|entry| {
            entry
                .split('|')
                .map(|f| {
                    let f = f.trim();
                    match f.strip_prefix('!') {
                        Some(rest) => Fact::parse(rest.trim()).map(|x| (true, x)),
                        None => Fact::parse(f).map(|x| (false, x)),
                    }
                })
                .collect()
        })
        .collect()
}
