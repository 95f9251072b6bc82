//! Communication bars: cease requests, attorney representation, refused media, bankruptcy,
//! disputes, objections, and contact at work.

use super::Report;
use crate::context::Context;
use crate::model::{AddressKind, Channel, ConsentPurpose, Direction, Relation};
use crate::pack::{Bar, BarParams};

pub fn check(ctx: &Context, p: &BarParams, report: &mut Report) {
    let a = ctx.attempt;
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

#[cfg(test)]
mod tests {
    //! Each communication bar and its allowances, through the engine, with one inline rule.

    use serde_json::json;

    use crate::context::tests::{eval, fires, one_rule, only};
    use crate::Engine;

    fn bar(kind: &str, extra: &str) -> Engine {
        one_rule("communication_bar", &format!("{{ bar = \"{kind}\"{extra} }}"), "")
    }

    /// A bar that allows some purposes: the rule's `purposes` leave them out.
    fn bar_for(kind: &str, purposes: &str) -> Engine {
        one_rule("communication_bar", &format!("{{ bar = \"{kind}\" }}"), &format!("purposes = {purposes}"))
    }

    #[test]
    fn cease() {
        let e =
            bar_for("cease", "[\"collection\", \"location_information\", \"opt_out_confirmation\", \"informational\"]");
        let f = only(&eval(&e, json!({ "recipient": { "cease_requested_at": "2026-03-01T12:00:00Z" } })));
        assert!(f.message.contains("cease"), "{}", f.message);
        assert!(f.retry_at.is_none() && f.span.is_none());
        assert!(
            !fires(&e, json!({ "recipient": { "cease_requested_at": "2026-03-10T15:00:01Z" } })),
            "asked only later"
        );
        assert!(
            fires(&e, json!({ "recipient": { "cease_requested_at": "2026-03-10T15:00:00Z" } })),
            "asked at that instant"
        );
        assert!(
            !fires(
                &e,
                json!({ "purpose": "cease_acknowledgement", "recipient": { "cease_requested_at": "2026-03-01T12:00:00Z" } })
            ),
            "the allowed purpose"
        );
        assert!(!fires(&e, json!({})));
    }

    #[test]
    fn attorney() {
        let e = bar("attorney", "");
        assert!(fires(&e, json!({ "recipient": { "represented_by_attorney": true } })));
        assert!(!fires(
            &e,
            json!({ "recipient": { "represented_by_attorney": true, "attorney_permits_contact": true } })
        ));
        assert!(
            !fires(&e, json!({ "recipient": { "represented_by_attorney": true, "relation": "attorney" } })),
            "the attorney"
        );
        assert!(!fires(&e, json!({})));
    }

    #[test]
    fn refused_medium() {
        let e = bar("refused_medium", "");
        assert!(fires(&e, json!({ "recipient": { "refused_channels": ["sms"] } })));
        assert!(!fires(&e, json!({ "recipient": { "refused_channels": ["email"] } })), "another medium");
        assert!(!fires(&e, json!({ "recipient": { "refused_channels": ["voice"] } })), "calls refused, a text is fine");
        assert!(
            fires(&e, json!({ "channel": "voicemail", "recipient": { "refused_channels": ["voice"] } })),
            "a voicemail is left by calling"
        );
        assert!(!fires(&e, json!({ "channel": "voice", "recipient": { "refused_channels": ["voicemail"] } })));
        let f = only(&eval(&e, json!({ "recipient": { "refused_addresses": ["+1 312 555 0100"] } })));
        assert!(f.message.contains("+13125550100"), "{}", f.message);
        assert!(!fires(&e, json!({ "recipient": { "refused_addresses": ["+13125550199"] } })));
        // One reply to a message the recipient sent through that medium.
        let answering = bar("refused_medium", ", allow_response = true");
        let inbound = json!([{ "channel": "sms", "direction": "inbound", "at": "2026-03-10T14:00:00Z", "body": "what do I owe" }]);
        assert!(!fires(&answering, json!({ "recipient": { "refused_channels": ["sms"] }, "history": inbound })));
        assert!(
            fires(&e, json!({ "recipient": { "refused_channels": ["sms"] }, "history": inbound })),
            "without allow_response"
        );
        assert!(fires(&answering, json!({ "recipient": { "refused_channels": ["sms"] } })), "nothing to answer");
    }

    #[test]
    fn bankruptcy_and_dispute() {
        let e = bar("bankruptcy", "");
        assert!(fires(&e, json!({ "debt": { "bankruptcy": true } })));
        assert!(!fires(&e, json!({ "debt": { "disputed": true } })));
        assert!(!fires(&e, json!({ "debt": null })));
        let d = bar_for("dispute", "[\"collection\"]");
        assert!(fires(&d, json!({ "debt": { "disputed": true } })));
        assert!(!fires(&d, json!({ "debt": { "disputed": true }, "purpose": "informational" })));
        assert!(!fires(&d, json!({})));
    }

    #[test]
    fn objection() {
        let e = bar("objection", "");
        assert!(fires(&e, json!({ "recipient": { "objected_at": "2026-03-09T00:00:00Z" } })));
        assert!(!fires(&e, json!({ "recipient": { "objected_at": "2026-03-11T00:00:00Z" } })));
        assert!(!fires(&e, json!({})));
    }

    #[test]
    fn employer_prohibits() {
        let e = bar("employer_prohibits", "");
        assert!(fires(&e, json!({ "recipient": { "employer_prohibits_contact": true, "address_kind": "work" } })));
        assert!(!fires(&e, json!({ "recipient": { "employer_prohibits_contact": true } })), "a personal number");
        assert!(!fires(&e, json!({ "recipient": { "address_kind": "work" } })), "the employer does not prohibit it");
    }

    #[test]
    fn work_email() {
        let e = bar("work_email", "");
        let mail = |extra: serde_json::Value| {
            let mut a =
                json!({ "channel": "email", "recipient": { "address": "jane@corp.example", "address_kind": "work" } });
            crate::context::tests::merge(&mut a, &extra);
            a
        };
        assert!(fires(&e, mail(json!({}))));
        assert!(!fires(&e, mail(json!({ "recipient": { "address_kind": "personal" } }))));
        assert!(
            !fires(&e, mail(json!({ "channel": "sms", "recipient": { "address": "+13125550100" } }))),
            "not an email"
        );
        let consent = |c: serde_json::Value| mail(json!({ "recipient": { "consents": [c] } }));
        assert!(!fires(&e, consent(json!({ "channel": "email", "given_at": "2026-01-01T00:00:00Z" }))));
        assert!(fires(
            &e,
            consent(
                json!({ "channel": "email", "given_at": "2026-01-01T00:00:00Z", "revoked_at": "2026-02-01T00:00:00Z" })
            )
        ));
        assert!(fires(&e, consent(json!({ "channel": "email", "purpose": "marketing" }))), "a marketing consent");
        assert!(
            fires(&e, consent(json!({ "channel": "email", "address": "jane@home.example" }))),
            "for another address"
        );
        let wrote = |address: &str, at: &str| {
            mail(
                json!({ "history": [{ "channel": "email", "direction": "inbound", "at": at, "address": address, "body": "hi" }] }),
            )
        };
        assert!(!fires(&e, wrote("jane@corp.example", "2026-03-01T00:00:00Z")), "she wrote from it");
        assert!(fires(&e, wrote("jane@home.example", "2026-03-01T00:00:00Z")), "from another address");
        assert!(fires(&e, wrote("jane@corp.example", "2026-03-11T00:00:00Z")), "only after send_at");
    }
}
