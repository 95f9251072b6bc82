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
