//! Frequency caps ("at most N contacts in D days") and waiting periods ("no call within D days
//! of a conversation"), counted on the recipient's local calendar dates in every candidate zone.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::Report;
use crate::context::Context;
use crate::model::{Direction, Event};
use crate::pack::FrequencyParams;

fn channel_bit(c: crate::model::Channel) -> u8 {
    1 << (c as u8)
}

fn start_of_day(tz: &TimeZone, d: Date) -> Option<Timestamp> {
    tz.to_ambiguous_zoned_datetime(d.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

fn days_between(a: Date, b: Date) -> i64 {
    // b - a in days.
    (b.since(a).map(|s| s.get_days() as i64)).unwrap_or(i64::MAX)
}

pub fn check(ctx: &Context, p: &FrequencyParams, report: &mut Report) {
    let a = ctx.attempt;
    if p.channels & channel_bit(a.channel) == 0 {
        return;
    }
    if let Some(kinds) = &p.address_kinds {
        if !kinds.contains(&ctx.address_kind()) {
            return;
        }
    }
    if p.after.is_none() && p.exclude_responses && ctx.responds_to_inbound {
        return;
    }
    let debt_id = if p.per_debt { a.debt.as_ref().and_then(|d| d.id.as_deref()) } else { None };
    let counts = |i: usize, e: &Event| -> bool {
        if e.at > ctx.at || p.channels & channel_bit(e.channel) == 0 {
            return false;
        }
        if p.per_debt && !e.concerns(debt_id) {
            return false;
        }
        if let Some(outcome) = p.after {
            return e.outcome == Some(outcome);
        }
        if e.direction != Direction::Outbound {
            return false;
        }
        if e.outcome.is_some_and(|o| p.exclude_outcomes.contains(&o)) {
            return false;
        }
        if p.exclude_consented && e.consented {
            return false;
        }
        if let Some(kinds) = &p.address_kinds {
            let kind = e.address_kind.unwrap_or(if ctx.same_address(e.address.as_ref()) {
                ctx.address_kind()
            } else {
                crate::model::AddressKind::Personal
            });
            if !kinds.contains(&kind) {
                return false;
            }
        }
        if p.exclude_responses && ctx.event_is_response(i) {
            return false;
        }
        true
    };
    let relevant: Vec<usize> = a.history.iter().enumerate().filter(|(i, e)| counts(*i, e)).map(|(i, _)| i).collect();
    if relevant.is_empty() && p.after.is_some() {
        return;
    }

    let mut worst: Option<(String, Option<Timestamp>)> = None;
    let span_days = p.days as i64;
    for (zi, zone) in ctx.zones.iter().enumerate() {
        let tz = &zone.tz;
        let today = zone.local.date();
        let event_dates = ctx.event_dates(zi);
        let mut dates: Vec<Date> = relevant.iter().map(|&i| event_dates[i]).collect();
        dates.sort_unstable_by(|x, y| y.cmp(x));
        let failure = match p.after {
            Some(outcome) => {
                // The event's date is day 1 of the period: blocked while today <= date + days - 1.
                dates
                    .iter()
                    .find(|&&d| {
                        let since = days_between(d, today);
                        (0..span_days).contains(&since)
                    })
                    .map(|&d| {
                        let until = add_days(d, span_days);
                        (
                            format!(
                                "a {} on {d} ({}) starts {} days without contact; today is day {}",
                                outcome.as_str().replace('_', " "),
                                zone.name(),
                                p.days,
                                days_between(d, today) + 1
                            ),
                            start_of_day(tz, until),
                        )
                    })
            }
            None => {
                let first_day = add_days(today, 1 - span_days);
                let in_window: Vec<Date> = dates.iter().copied().filter(|d| *d >= first_day && *d <= today).collect();
                if in_window.len() as u32 + 1 > p.max {
                    // Allowed again once the max-th most recent counted contact leaves the period.
                    let kth = in_window[(p.max - 1) as usize];
                    let until = add_days(kth, span_days);
                    Some((
                        format!(
                            "{} earlier contacts in the {} days {first_day}..{today} ({}); this would be number {}, the limit is {}",
                            in_window.len(),
                            p.days,
                            zone.name(),
                            in_window.len() + 1,
                            p.max
                        ),
                        start_of_day(tz, until),
                    ))
                } else {
                    None
                }
            }
        };
        if let Some((msg, retry)) = failure {
            let later = match (&worst, retry) {
                (None, _) => true,
                (Some((_, Some(w))), Some(r)) => r > *w,
                _ => false,
            };
            if later {
                worst = Some((msg, retry));
            }
        }
    }
    if let Some((msg, retry)) = worst {
        let retry = retry.map(|r| r.max(ctx.at));
        report.push(msg, None, retry);
    }
}

#[cfg(test)]
mod tests {
    //! Frequency caps and waiting periods through the engine, with one inline rule.

    use serde_json::{json, Value};

    use crate::context::tests::{eval, fires, merge, one_rule, only, retry};
    use crate::Engine;

    fn cap(extra: &str) -> Engine {
        one_rule("frequency_cap", &format!("{{ max = 3, days = 7, per = \"debt\"{extra} }}"), "")
    }

    /// An outbound text on a local date (08:30 CST or 09:30 CDT in Chicago, before send_at on 03-10).
    fn sent(date: &str, extra: Value) -> Value {
        let mut e = json!({ "channel": "sms", "direction": "outbound", "at": format!("{date}T14:30:00Z"), "outcome": "delivered" });
        merge(&mut e, &extra);
        e
    }

    fn history(events: Vec<Value>) -> Value {
        json!({ "history": events })
    }

    fn three(extra: Value) -> Value {
        history(vec![sent("2026-03-04", extra.clone()), sent("2026-03-06", extra.clone()), sent("2026-03-09", extra)])
    }

    #[test]
    fn the_nth_contact_passes_the_next_is_blocked() {
        let e = cap("");
        assert!(!fires(&e, history(vec![sent("2026-03-06", json!({})), sent("2026-03-09", json!({}))])), "third of 3");
        let f = only(&eval(&e, three(json!({}))));
        assert!(f.message.contains("this would be number 4, the limit is 3"), "{}", f.message);
        // Allowed again when 03-04 leaves the 7 days: on 03-11 (midnight CDT = 05:00Z).
        assert_eq!(retry(&f).as_deref(), Some("2026-03-11T05:00:00Z"));
    }

    #[test]
    fn the_period_is_today_and_the_days_before() {
        let e = cap("");
        // 03-04 is day 7 counting back from 03-10; 03-03 is day 8.
        let day8 =
            history(vec![sent("2026-03-03", json!({})), sent("2026-03-06", json!({})), sent("2026-03-09", json!({}))]);
        assert!(!fires(&e, day8));
        assert!(fires(&e, three(json!({}))));
        // Local dates: 2026-03-04 05:30Z is still 03-03 in Chicago (23:30 CST).
        let late = history(vec![
            json!({ "channel": "sms", "direction": "outbound", "at": "2026-03-04T05:30:00Z" }),
            sent("2026-03-06", json!({})),
            sent("2026-03-09", json!({})),
        ]);
        assert!(!fires(&e, late));
    }

    #[test]
    fn per_debt_or_per_person() {
        let other = three(json!({ "debt_id": "D-2" }));
        assert!(!fires(&cap(""), other.clone()), "other debt, counted per debt");
        let person = one_rule("frequency_cap", "{ max = 3, days = 7, per = \"person\" }", "");
        assert!(fires(&person, other), "other debt, counted per person");
        assert!(
            fires(&cap(""), three(json!({ "debt_ids": ["D-2", "D-1"] }))),
            "events about several debts count for each"
        );
        assert!(fires(&cap(""), three(json!({}))), "events that name no debt count for every debt");
    }

    #[test]
    fn what_counts() {
        let e = cap(", exclude_outcomes = [\"failed\"], exclude_consented = true");
        assert!(fires(&e, three(json!({}))));
        assert!(!fires(&e, three(json!({ "outcome": "failed" }))), "excluded outcome");
        assert!(fires(&e, three(json!({ "outcome": "no_answer" }))), "an outcome not excluded counts");
        assert!(!fires(&e, three(json!({ "consented": true }))), "contacts the person consented to");
        assert!(!fires(&e, three(json!({ "direction": "inbound" }))), "the recipient's own messages");
        assert!(fires(&cap(""), three(json!({ "outcome": "failed" }))), "without exclusions, failed attempts count");
        assert!(
            !fires(
                &e,
                history(vec![
                    sent("2026-03-06", json!({})),
                    sent("2026-03-09", json!({})),
                    sent("2026-03-11", json!({}))
                ])
            ),
            "a contact after send_at"
        );
    }

    #[test]
    fn channels_that_count() {
        let e = cap(", channels = [\"voice\", \"voicemail\"]");
        assert!(!fires(&e, three(json!({}))), "a text is not a call");
        assert!(!fires(&e, json!({ "channel": "voice" })));
        assert!(fires(&e, merge_into(three(json!({ "channel": "voice" })), json!({ "channel": "voice" }))));
        assert!(
            !fires(&e, merge_into(three(json!({})), json!({ "channel": "voice" }))),
            "texts do not count toward calls"
        );
    }

    fn merge_into(mut a: Value, patch: Value) -> Value {
        merge(&mut a, &patch);
        a
    }

    #[test]
    fn responses_do_not_count() {
        let e = cap(", exclude_responses = true");
        let inbound = |at: &str| json!({ "channel": "sms", "direction": "inbound", "at": at, "body": "ok" });
        // Each earlier text answered a message from the debtor.
        let answered = history(vec![
            inbound("2026-03-04T15:00:00Z"),
            sent("2026-03-04", json!({})),
            inbound("2026-03-06T15:00:00Z"),
            sent("2026-03-06", json!({})),
            sent("2026-03-09", json!({})),
        ]);
        assert!(!fires(&e, answered.clone()));
        assert!(fires(&cap(""), answered));
        // The attempt itself answers the debtor: it is not capped.
        let mut replying = three(json!({}));
        replying["history"].as_array_mut().unwrap().push(inbound("2026-03-10T14:00:00Z"));
        assert!(!fires(&e, replying.clone()));
        assert!(fires(&cap(""), replying));
    }

    #[test]
    fn address_kinds() {
        let e = cap(", address_kinds = [\"work\"]");
        assert!(!fires(&e, three(json!({}))), "the attempt goes to a personal number");
        let work = merge_into(three(json!({})), json!({ "recipient": { "address_kind": "work" } }));
        assert!(fires(&e, work), "earlier texts to the same number inherit its kind");
        let work_personal_history = merge_into(
            three(json!({ "address_kind": "personal" })),
            json!({ "recipient": { "address_kind": "work" } }),
        );
        assert!(!fires(&e, work_personal_history));
    }

    #[test]
    fn a_waiting_period_after_a_conversation() {
        let e = one_rule("frequency_cap", "{ after = \"conversation\", days = 7, per = \"debt\" }", "");
        let talk = |date: &str| history(vec![sent(date, json!({ "channel": "voice", "outcome": "conversation" }))]);
        let f = only(&eval(&e, talk("2026-03-10")));
        assert!(f.message.contains("today is day 1"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-17T05:00:00Z"));
        let f = only(&eval(&e, talk("2026-03-04")));
        assert!(f.message.contains("today is day 7"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-11T05:00:00Z"));
        assert!(!fires(&e, talk("2026-03-03")), "day 8");
        assert!(!fires(&e, history(vec![sent("2026-03-09", json!({}))])), "no conversation");
        assert!(
            !fires(
                &e,
                history(vec![sent(
                    "2026-03-09",
                    json!({ "channel": "voice", "outcome": "conversation", "debt_id": "D-2" })
                )])
            ),
            "a conversation about another debt"
        );
    }
}
