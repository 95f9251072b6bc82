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
