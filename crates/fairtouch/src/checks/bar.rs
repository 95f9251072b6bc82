//! Communication bars: cease requests, attorney representation, refused media, bankruptcy,
//! disputes, objections, and contact at work.

use super::Report;
use crate::context::Context;
use crate::model::{AddressKind, Channel, ConsentPurpose, Direction, Relation};
use crate::pack::{Bar, BarParams};

pub fn check(ctx: &Context, p: &BarParams, report: &mut Report) {
    let a = ctx.attempt;
    if p.allow_purposes.contains(&a.purpose) {
        return;
    }
    if p.allow_response && ctx.responds_to_inbound {
        return;
    }
    let debt = a.debt.as_ref();
    let r = &a.recipient;
    let message = match p.bar {
        Bar::Cease => r.cease_requested_at.filter(|t| *t <= ctx.at).map(|t| {
            format!("the recipient asked in writing on {} that communication cease", crate::model::format_instant(t))
        }),
        Bar::Attorney => (r.represented_by_attorney && r.relation != Relation::Attorney && !r.attorney_permits_contact)
            .then(|| "the recipient is represented by an attorney about this debt: contact the attorney".to_string()),
        Bar::RefusedMedium => {
            let refused = |c: Channel| r.refused_channels.contains(&c);
            // "Stop calling" covers voicemails left by calling (comment 14(h)(1)-3).
            if refused(a.channel) || (a.channel == Channel::Voicemail && refused(Channel::Voice)) {
                Some(format!("the recipient asked not to be contacted by {}", a.channel))
            } else {
                r.address
                    .as_ref()
                    .filter(|addr| r.refused_addresses.iter().any(|x| x.canonical() == addr.canonical()))
                    .map(|addr| format!("the recipient asked not to be contacted at {}", addr.canonical()))
            }
        }
        Bar::Bankruptcy => {
            debt.is_some_and(|d| d.bankruptcy).then(|| "the debtor is in bankruptcy (automatic stay)".to_string())
        }
        Bar::Dispute => debt
            .is_some_and(|d| d.disputed)
            .then(|| "the debt is disputed and verification has not been provided".to_string()),
        Bar::Objection => r.objected_at.filter(|t| *t <= ctx.at).map(|t| {
            format!("the recipient objected to the processing of their data on {}", crate::model::format_instant(t))
        }),
        Bar::EmployerProhibits => (r.employer_prohibits_contact && r.address_kind == AddressKind::Work)
            .then(|| "the recipient's employer prohibits such communication at work".to_string()),
        Bar::WorkEmail => {
            let work_email = a.channel == Channel::Email && r.address_kind == AddressKind::Work;
            let consented = r.consents.iter().any(|c| {
                c.channel == Channel::Email
                    && c.purpose == ConsentPurpose::Collection
                    && ctx.same_address(c.address.as_ref())
                    && c.given_at.is_none_or(|g| g <= ctx.at)
                    && c.revoked_at.is_none_or(|x| x > ctx.at)
            });
            let used_by_recipient = a.history.iter().any(|e| {
                e.direction == Direction::Inbound
                    && e.channel == Channel::Email
                    && e.at <= ctx.at
                    && e.address.as_ref().is_some_and(|x| ctx.same_address(Some(x)))
            });
            (work_email && !consented && !used_by_recipient).then(|| {
                "the email address is provided by the recipient's employer, and the recipient has neither used it to write to the sender nor consented to it".to_string()
            })
        }
    };
    if let Some(m) = message {
        report.push(m, None, None);
    }
}
