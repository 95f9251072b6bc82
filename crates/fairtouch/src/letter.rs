//! The amicable collector's first letter (France, CPCE R124-4): every later step must recall its
//! reference and sending date. The attempt may give them (`debt.initial_letter`); when it does
//! not, they are derived from the history before a rule fails closed: the earliest outbound
//! `letter` about this debt that was not `failed`, sent on its date, under its own `reference`
//! or else the debt's `reference`.

use jiff::civil::Date;

use crate::model::{Channel, Direction, Outcome, Purpose};
use crate::pack::Field;
use crate::resolve::{Presence, Resolved, TextView};
use crate::text::{find_phrase, normalize};

/// The first letter as the engine knows it: its reference (normalised, when known) and the dates
/// it may bear (its local sending date in each candidate zone of the recipient).
pub struct FirstLetter {
    pub reference: Option<String>,
    pub dates: Vec<Date>,
}

/// The first letter: given by `debt.initial_letter`, else derived from the history; `None` when
/// neither says anything.
pub fn first_letter(ctx: &Resolved) -> Option<FirstLetter> {
    let a = ctx.attempt;
    let debt = a.debt.as_ref();
    if let Some(given) = debt.and_then(|d| d.initial_letter.as_ref()) {
        let reference = Some(normalize(&given.reference)).filter(|r| !r.is_empty());
        return Some(FirstLetter { reference, dates: vec![given.sent_on] });
    }
    let debt_id = debt.and_then(|d| d.id.as_deref());
    let i = ctx.chronological().iter().copied().find(|&i| {
        let e = &a.history[i];
        e.channel == Channel::Letter
            && e.direction == Direction::Outbound
            && e.at <= a.send_at
            && e.outcome != Some(Outcome::Failed)
            && e.purpose.is_none_or(|p| p == Purpose::Collection)
            && e.concerns(debt_id)
    })?;
    let event = &a.history[i];
    let reference = event
        .reference
        .as_deref()
        .or(debt.and_then(|d| d.reference.as_deref()))
        .map(normalize)
        .filter(|r| !r.is_empty());
    let mut dates: Vec<Date> = (0..ctx.zones.len()).filter_map(|z| ctx.event_dates(z).get(i).copied()).collect();
    if dates.is_empty() {
        dates.push(jiff::tz::TimeZone::UTC.to_datetime(event.at).date());
    }
    dates.sort_unstable();
    dates.dedup();
    Some(FirstLetter { reference, dates })
}

/// Where the first letter's reference or date stands in a text (R124-4 `required_content`
/// fields `debt.initial_letter.reference` and `debt.initial_letter.sent_on`).
pub fn find_in(ctx: &Resolved, view: &TextView, field: Field) -> Presence {
    let Some(letter) = first_letter(ctx) else {
        return Presence::Unknown;
    };
    match field {
        Field::LetterReference => match &letter.reference {
            None => Presence::Unknown,
            Some(r) => find_phrase(&view.norm, r).map_or(Presence::Missing, |(s, e)| Presence::Found(s, e)),
        },
        _ => view
            .dates(ctx.language)
            .iter()
            .find(|w| letter.dates.iter().any(|&d| w.is(d)))
            .map_or(Presence::Missing, |w| Presence::Found(w.start, w.end)),
    }
}

#[cfg(test)]
mod tests {
    //! The first letter's reference and date, given or derived, through a `required_content` rule.

    use serde_json::{json, Value};

    use crate::context::tests::{eval, fires, one_rule, only};
    use crate::Engine;

    fn recall() -> Engine {
        one_rule(
            "required_content",
            "{ all = [{ field = \"debt.initial_letter.reference\", label = \"the reference\" }, { field = \"debt.initial_letter.sent_on\", label = \"the date\" }] }",
            "",
        )
    }

    fn letter(at: &str, extra: Value) -> Value {
        let mut e = json!({ "channel": "letter", "direction": "outbound", "at": at, "debt_id": "D-1" });
        crate::context::tests::merge(&mut e, &extra);
        e
    }

    #[test]
    fn given_letter() {
        let e = recall();
        let debt = json!({ "initial_letter": { "reference": "RC-42", "sent_on": "2026-03-03" } });
        assert!(!fires(&e, json!({ "body": "Our letter RC-42 of 03/03/2026.", "debt": debt })));
        let f = only(&eval(&e, json!({ "body": "Our letter RC-42.", "debt": debt })));
        assert_eq!(f.message, "missing: the date");
    }

    #[test]
    fn derived_from_the_earliest_outbound_letter_about_the_debt() {
        let e = recall();
        let history = json!([
            letter("2026-03-05T15:00:00Z", json!({ "reference": "RC-99" })),
            letter("2026-03-03T15:00:00Z", json!({})),
            letter("2026-03-01T15:00:00Z", json!({ "outcome": "failed" })),
            letter("2026-02-20T15:00:00Z", json!({ "debt_id": "D-2" })),
            { "channel": "email", "direction": "outbound", "at": "2026-02-25T15:00:00Z", "debt_id": "D-1" },
        ]);
        // The debt's reference, and the date of the letter of 3 March.
        assert!(!fires(&e, json!({ "body": "Our letter 2023-45 of March 3, 2026.", "history": history })));
        let f = only(&eval(&e, json!({ "body": "Our letter 2023-45 of March 5, 2026.", "history": history })));
        assert_eq!(f.message, "missing: the date");
        // The letter's own reference wins over the debt's.
        let own = json!([letter("2026-03-03T15:00:00Z", json!({ "reference": "RC-7" }))]);
        assert!(!fires(&e, json!({ "body": "Our letter RC-7 of 03/03/2026.", "history": own })));
        let f = only(&eval(&e, json!({ "body": "Our letter 2023-45 of 03/03/2026.", "history": own })));
        assert_eq!(f.message, "missing: the reference");
    }

    #[test]
    fn the_letter_date_is_local_to_the_recipient() {
        let e = recall();
        // 02:00 UTC on 4 March is still 3 March in Chicago.
        let history = json!([letter("2026-03-04T02:00:00Z", json!({}))]);
        assert!(!fires(&e, json!({ "body": "Our letter 2023-45 of 03/03/2026.", "history": history })));
    }

    #[test]
    fn nothing_to_derive_names_the_fields_to_give() {
        let e = recall();
        let f = only(&eval(&e, json!({ "body": "Our letter 2023-45 of 03/03/2026." })));
        assert!(
            f.message.contains("debt.initial_letter.reference") && f.message.contains("debt.initial_letter.sent_on"),
            "{}",
            f.message
        );
        // A letter on record but no reference anywhere: only the reference is unknown.
        let history = json!([letter("2026-03-03T15:00:00Z", json!({}))]);
        let f = only(&eval(
            &e,
            json!({ "body": "Our letter of 03/03/2026.", "history": history, "debt": { "reference": null } }),
        ));
        assert!(
            f.message.contains("does not give debt.initial_letter.reference") && !f.message.contains("sent_on"),
            "{}",
            f.message
        );
        // A letter sent after send_at is not known yet.
        let later = json!([letter("2026-03-11T15:00:00Z", json!({}))]);
        let f = only(&eval(&e, json!({ "body": "Our letter 2023-45 of 03/11/2026.", "history": later })));
        assert!(f.message.contains("cannot check"), "{}", f.message);
    }
}
