//! Third-party guard: a message that someone other than the debtor may read must not reveal the
//! debt, and location-information contacts are limited.

use super::Report;
use crate::context::Context;
use crate::model::{Direction, Purpose};
use crate::pack::GuardParams;

pub fn check(ctx: &Context, p: &GuardParams, report: &mut Report) {
    let a = ctx.attempt;
    let r = &a.recipient;
    let third_party = !p.allowed_relations.contains(&r.relation);
    let shared = p.guarded_address_kinds.contains(&r.address_kind);
    if !third_party && !shared {
        return;
    }
    let who = if third_party {
        format!("the recipient is not the debtor ({})", r.relation.as_str().replace('_', " "))
    } else {
        format!("others may read a {} address", r.address_kind)
    };
    if third_party && !p.third_party_purposes.is_empty() && !p.third_party_purposes.contains(&a.purpose) {
        report.push(
            format!(
                "{who}: a third party may be contacted only for {}",
                p.third_party_purposes.iter().map(|x| x.as_str().replace('_', " ")).collect::<Vec<_>>().join(" or ")
            ),
            None,
            None,
        );
    }
    if third_party && a.purpose == Purpose::LocationInformation {
        if let Some(max) = p.max_location_contacts {
            let earlier = a
                .history
                .iter()
                .filter(|e| {
                    e.direction == Direction::Outbound
                        && e.at <= ctx.at
                        && e.purpose == Some(Purpose::LocationInformation)
                        && ctx.same_address(e.address.as_ref())
                })
                .count() as u32;
            if earlier >= max {
                report.push(
                    format!("{earlier} location-information contact(s) with this person already; at most {max} unless they ask for more"),
                    None,
                    None,
                );
            }
        }
    }
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for (i, view) in ctx.texts.iter().enumerate() {
        let Some(reveals) = p.reveals else { break };
        for h in view.hits_any(reveals) {
            let end = h.end as usize;
            let (s, e) = view.norm.original_range(h.start as usize, end);
            spans.push((i, s, e));
        }
    }
    for &(i, s, e, field) in ctx.debt_fields() {
        if p.reveal_fields.contains(&field) {
            spans.push((i, s, e));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    let mut last: Option<(usize, usize)> = None;
    for (i, s, e) in spans {
        if last.is_some_and(|(li, le)| li == i && s < le) {
            continue;
        }
        last = Some((i, e));
        let view = &ctx.texts[i];
        let span = view.span(s, e);
        report.push(format!("\"{}\" reveals the debt, and {who}", span.text), Some(span), None);
    }
}

#[cfg(test)]
mod tests {
    //! The third-party guard through the engine, with one inline rule.

    use serde_json::json;

    use crate::context::tests::{eval, fires, found, one_rule, only};
    use crate::Engine;

    fn guard(extra: &str) -> Engine {
        one_rule(
            "third_party_guard",
            &format!(
                "{{ allowed_relations = [\"debtor\", \"spouse\"], guarded_address_kinds = [\"shared\", \"group\"], \
                 reveals = {{ en = [\"debt\", \"past due\"] }}, reveal_fields = [\"debt.amount\", \"debt.creditor\"]{extra} }}"
            ),
            "",
        )
    }

    #[test]
    fn relations_allowed_to_hear_of_the_debt() {
        let e = guard("");
        let body = "Hello, about your debt.";
        assert!(!fires(&e, json!({ "body": body })), "the debtor");
        assert!(!fires(&e, json!({ "body": body, "recipient": { "relation": "spouse" } })), "an allowed relation");
        for relation in ["third_party", "guarantor", "parent_of_minor", "unknown"] {
            let f = only(&eval(&e, json!({ "body": body, "recipient": { "relation": relation } })));
            assert_eq!(f.span.as_ref().map(|s| s.text.as_str()), Some("debt"), "{relation}");
            assert!(f.message.contains("not the debtor"), "{}", f.message);
        }
        assert!(!fires(
            &e,
            json!({ "body": "Hello, please call Acme Recovery.", "recipient": { "relation": "third_party" } })
        ));
    }

    #[test]
    fn guarded_address_kinds() {
        let e = guard("");
        let f =
            only(&eval(&e, json!({ "body": "Your account is past due.", "recipient": { "address_kind": "shared" } })));
        let span = f.span.expect("a span");
        assert_eq!((span.text.as_str(), span.start, span.end), ("past due", 16, 24));
        assert!(f.message.contains("shared"), "{}", f.message);
        assert!(fires(&e, json!({ "body": "A debt.", "recipient": { "address_kind": "group" } })));
        assert!(
            !fires(&e, json!({ "body": "A debt.", "recipient": { "address_kind": "work" } })),
            "work is not guarded here"
        );
        assert!(!fires(&e, json!({ "body": "Please call us.", "recipient": { "address_kind": "shared" } })));
    }

    #[test]
    fn reveal_fields() {
        let e = guard("");
        let v =
            eval(&e, json!({ "body": "Please pay $250.00 to Acme Bank.", "recipient": { "relation": "third_party" } }));
        let texts: Vec<String> = found(&v).iter().filter_map(|f| f.span.as_ref().map(|s| s.text.clone())).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(texts[0].contains("250.00"), "{texts:?}");
        assert_eq!(texts[1], "Acme Bank");
        // The reference is not a reveal field of this rule.
        assert!(!fires(
            &e,
            json!({ "body": "Please call about 2023-45.", "recipient": { "relation": "third_party" } })
        ));
    }

    #[test]
    fn overlapping_reveals_are_one_finding() {
        let e = one_rule(
            "third_party_guard",
            "{ allowed_relations = [\"debtor\"], reveals = { en = [\"past due\", \"due\", \"past due debt\"] } }",
            "",
        );
        let v = eval(
            &e,
            json!({ "body": "It is a past due debt. Pay what is due.", "recipient": { "relation": "third_party" } }),
        );
        let spans: Vec<(String, usize)> =
            found(&v).iter().filter_map(|f| f.span.as_ref().map(|s| (s.text.clone(), s.start))).collect();
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert_eq!(spans[0].1, 8);
        assert!(spans[0].0.starts_with("past due"), "{spans:?}");
        assert_eq!(spans[1], ("due".to_string(), 35));
    }

    #[test]
    fn purposes_for_third_parties_and_the_location_contact_limit() {
        let e = guard(", third_party_purposes = [\"location_information\"], max_location_contacts = 1");
        let third = |extra: serde_json::Value| {
            let mut a = json!({ "body": "Hello, please ask Jane to call Acme Recovery.", "recipient": { "relation": "third_party" } });
            crate::context::tests::merge(&mut a, &extra);
            a
        };
        let f = only(&eval(&e, third(json!({}))));
        assert!(f.message.contains("only for location information"), "{}", f.message);
        assert!(!fires(&e, third(json!({ "purpose": "location_information" }))));
        assert!(!fires(&e, json!({ "body": "Hello" })), "the debtor may be contacted for any purpose");
        let earlier = |address: &str| {
            third(json!({ "purpose": "location_information", "history": [
                { "channel": "sms", "direction": "outbound", "at": "2026-03-01T15:00:00Z", "address": address, "purpose": "location_information" } ] }))
        };
        let f = only(&eval(&e, earlier("+13125550100")));
        assert!(f.message.contains("at most 1"), "{}", f.message);
        assert!(!fires(&e, earlier("+13125550199")), "that was another person");
        let twice = guard(", max_location_contacts = 2");
        assert!(!fires(&twice, earlier("+13125550100")));
    }
}
