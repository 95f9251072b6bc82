//! Contact windows: time of day, days of the week and public holidays, in the recipient's local
//! time in every candidate zone; and the recipient's own stated inconvenient times.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::Report;
use crate::context::Context;
use crate::model::{ClockTime, InconvenientTime, Weekday};
use crate::pack::WindowParams;

/// How far ahead the search for an allowed instant looks.
const HORIZON_DAYS: i32 = 400;

enum Verdict {
    Allowed,
    /// Not allowed; the reason, and the earliest local date-time worth trying next.
    Blocked(String, DateTime),
}

fn start_of(date: Date, t: ClockTime) -> DateTime {
    match t.to_time() {
        Some(time) => date.to_datetime(time),
        None => date.tomorrow().unwrap_or(date).to_datetime(jiff::civil::Time::midnight()),
    }
}

fn day_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn window_at(p: &WindowParams, local: DateTime) -> Verdict {
    let date = local.date();
    let weekday = Weekday::from_jiff(date.weekday());
    let holiday = p.holidays.and_then(|c| c.holiday(date).map(|name| (c, name)));
    let clock = ClockTime::from_time(local.time());
    let day_ok = p.days & weekday.bit() != 0 && holiday.is_none();
    if day_ok && clock >= p.start && clock < p.end {
        return Verdict::Allowed;
    }
    let reason = if let Some((cal, name)) = holiday {
        format!("{date} is a public holiday ({name}, {} calendar)", cal.id())
    } else if p.days & weekday.bit() == 0 {
        format!("{} is not a contact day", day_name(weekday))
    } else {
        format!("outside {}-{}", p.start, p.end)
    };
    let next = if day_ok && clock < p.start {
        start_of(date, p.start)
    } else {
        let mut d = date;
        let mut found = start_of(date, p.start);
        for _ in 0..HORIZON_DAYS {
            d = match d.tomorrow() {
                Ok(n) => n,
                Err(_) => break,
            };
            let w = Weekday::from_jiff(d.weekday());
            if p.days & w.bit() != 0 && !p.holidays.is_some_and(|c| c.is_holiday(d)) {
                found = start_of(d, p.start);
                break;
            }
        }
        found
    };
    Verdict::Blocked(reason, next)
}

fn inconvenient_at(times: &[InconvenientTime], local: DateTime) -> Verdict {
    let date = local.date();
    let weekday = Weekday::from_jiff(date.weekday());
    let clock = ClockTime::from_time(local.time());
    for t in times {
        let applies = t.days.is_empty() || t.days.contains(&weekday);
        if applies && clock >= t.start && clock < t.end {
            let days = if t.days.is_empty() {
                String::new()
            } else {
                format!(" on {}", t.days.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(","))
            };
            return Verdict::Blocked(
                format!(
                    "{} falls in the time the recipient said is inconvenient ({}-{}{days})",
                    local.time().strftime("%H:%M"),
                    t.start,
                    t.end
                ),
                start_of(date, t.end),
            );
        }
    }
    Verdict::Allowed
}

/// The first instant whose local time in `tz` is at or after `dt`: for a local time a DST change
/// skips (02:30 on a spring-forward night), the change itself (03:00), not `dt` shifted past it.
fn to_instant(tz: &TimeZone, dt: DateTime) -> Option<Timestamp> {
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    match ambiguous.offset() {
        jiff::tz::AmbiguousOffset::Gap { after, .. } => {
            let before_change = after.to_timestamp(dt).ok()?;
            tz.following(before_change).next().map(|t| t.timestamp())
        }
        _ => ambiguous.compatible().ok(),
    }
}

fn local(tz: &TimeZone, t: Timestamp) -> DateTime {
    tz.to_datetime(t)
}

/// Earliest instant at or after `from` allowed in one zone.
fn next_in_zone(check: &dyn Fn(DateTime) -> Verdict, tz: &TimeZone, from: Timestamp) -> Option<Timestamp> {
    let mut t = from;
    for _ in 0..(HORIZON_DAYS * 2) {
        match check(local(tz, t)) {
            Verdict::Allowed => return Some(t),
            Verdict::Blocked(_, next) => {
                let candidate = to_instant(tz, next)?;
                // A local time skipped by a DST change maps forward; never go backwards.
                t = if candidate > t { candidate } else { t.checked_add(1.hour()).ok()? };
            }
        }
    }
    None
}

/// Earliest instant at or after `from` allowed in every zone.
fn next_in_all(check: &dyn Fn(DateTime) -> Verdict, zones: &[&TimeZone], from: Timestamp) -> Option<Timestamp> {
    let mut t = from;
    for _ in 0..64 {
        let mut latest = t;
        for tz in zones {
            let n = next_in_zone(check, tz, t)?;
            if n > latest {
                latest = n;
            }
        }
        if latest == t {
            return Some(t);
        }
        t = latest;
    }
    None
}

pub fn check(ctx: &Context, p: &WindowParams, report: &mut Report) {
    let times = &ctx.attempt.recipient.inconvenient_times;
    if p.recipient_times && times.is_empty() {
        return;
    }
    // (zone name, zone, the evaluated instant there): the pack's fixed zone, or the recipient's.
    let zones: Vec<(&str, &TimeZone, DateTime)> = match &p.zone {
        Some((name, tz)) => vec![(name.as_str(), tz, local(tz, ctx.at))],
        None => ctx.zones.iter().map(|z| (z.name(), &z.tz, z.local)).collect(),
    };
    let checker = |dt: DateTime| if p.recipient_times { inconvenient_at(times, dt) } else { window_at(p, dt) };
    let mut reasons = Vec::new();
    for &(name, _, dt) in &zones {
        if let Verdict::Blocked(reason, _) = checker(dt) {
            let day = day_name(Weekday::from_jiff(dt.date().weekday()));
            reasons.push(format!("{} {day} {} in {name}: {reason}", dt.date(), dt.time().strftime("%H:%M")));
        }
    }
    if reasons.is_empty() {
        return;
    }
    let tzs: Vec<&TimeZone> = zones.iter().map(|&(_, tz, _)| tz).collect();
    let retry = next_in_all(&checker, &tzs, ctx.at);
    report.push(reasons.join("; "), None, retry);
}

#[cfg(test)]
mod tests {
    //! Contact windows through the engine, with one inline rule: each edge on both sides.

    use serde_json::json;

    use crate::context::tests::{eval, found, one_rule, only, retry};
    use crate::{Decision, Engine};

    fn hours(extra_params: &str) -> Engine {
        one_rule("contact_window", &format!("{{ start = \"08:00\", end = \"21:00\"{extra_params} }}"), "")
    }

    fn at(send_at: &str) -> serde_json::Value {
        json!({ "send_at": send_at })
    }

    #[test]
    fn start_is_inclusive_end_is_exclusive() {
        let e = hours("");
        // Chicago is on CDT (UTC-5) from 2026-03-08.
        let f = only(&eval(&e, at("2026-03-10T12:59:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-10T13:00:00Z"), "07:59 waits for 08:00 the same day");
        assert!(f.message.contains("outside 08:00-21:00"), "{}", f.message);
        assert!(f.span.is_none());
        assert!(found(&eval(&e, at("2026-03-10T13:00:00Z"))).is_empty(), "08:00 is allowed");
        assert!(found(&eval(&e, at("2026-03-11T01:59:59Z"))).is_empty(), "20:59:59 is allowed");
        let f = only(&eval(&e, at("2026-03-11T02:00:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-11T13:00:00Z"), "21:00 waits for 08:00 the next day");
    }

    #[test]
    fn the_verdict_blocks_and_says_when() {
        let v = eval(&hours(""), at("2026-03-10T12:59:00Z"));
        assert_eq!(v.decision, Decision::Block);
        assert_eq!(v.next_allowed_at.map(crate::format_instant).as_deref(), Some("2026-03-10T13:00:00Z"));
        assert_eq!(v.time_zones, vec!["America/Chicago".to_string()]);
    }

    #[test]
    fn spring_forward_next_morning_is_in_the_new_offset() {
        // Sat 2026-03-07 22:00 CST; DST starts Sun 03-08 02:00: 08:00 CDT is 13:00Z, not 14:00Z.
        let f = only(&eval(&hours(""), at("2026-03-08T04:00:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-08T13:00:00Z"));
    }

    #[test]
    fn fall_back_next_morning_is_in_the_new_offset() {
        // Sat 2026-10-31 22:00 CDT; DST ends Sun 11-01 02:00: 08:00 CST is 14:00Z, not 13:00Z.
        let f = only(&eval(&hours(""), at("2026-11-01T03:00:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-11-01T14:00:00Z"));
        assert!(found(&eval(&hours(""), at("2026-11-01T14:00:00Z"))).is_empty());
        assert!(!found(&eval(&hours(""), at("2026-11-01T13:59:00Z"))).is_empty(), "07:59 CST");
    }

    #[test]
    fn a_window_starting_in_the_repeated_hour_opens_at_its_first_occurrence() {
        // 2026-11-01 01:00-02:00 happens twice in Chicago: 06:00Z (CDT) and 07:00Z (CST).
        let e = one_rule("contact_window", "{ start = \"01:30\", end = \"21:00\" }", "");
        let f = only(&eval(&e, at("2026-11-01T05:00:00Z"))); // 00:00 CDT
        assert_eq!(retry(&f).as_deref(), Some("2026-11-01T06:30:00Z"));
    }

    #[test]
    fn a_window_starting_in_the_skipped_hour_opens_after_the_gap() {
        // 2026-03-08 02:00-03:00 does not exist in Chicago.
        let e = one_rule("contact_window", "{ start = \"02:30\", end = \"21:00\" }", "");
        let f = only(&eval(&e, at("2026-03-08T07:00:00Z"))); // 01:00 CST
        let r = f.retry_at.expect("time cures it");
        assert!(r >= "2026-03-08T08:00:00Z".parse().unwrap(), "never inside the gap");
        assert!(r <= "2026-03-08T08:30:00Z".parse().unwrap(), "no later than 03:30 CDT");
        assert!(found(&eval(&e, at("2026-03-08T08:30:00Z"))).is_empty(), "03:30 CDT is inside the window");
        assert!(found(&eval(&e, at("2026-03-08T08:00:00Z"))).is_empty(), "03:00 CDT is past 02:30 already");
    }

    /// At 03:00 CDT (08:00Z) the local time is already past 02:30, so that is the earliest allowed
    /// instant; the search maps the skipped 02:30 forward to 03:30 CDT and answers 08:30Z.
    #[test]
    fn a_window_starting_in_the_skipped_hour_opens_when_the_clock_passes_it() {
        let e = one_rule("contact_window", "{ start = \"02:30\", end = \"21:00\" }", "");
        let f = only(&eval(&e, at("2026-03-08T07:00:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-08T08:00:00Z"));
    }

    #[test]
    fn holidays_and_days() {
        let e = hours(", holidays = \"us-federal\", days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]");
        // Thanksgiving, Thu 2026-11-26, 10:00 CST.
        let f = only(&eval(&e, at("2026-11-26T16:00:00Z")));
        assert!(f.message.contains("public holiday"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-11-27T14:00:00Z"), "Friday 08:00 CST");
        assert!(found(&eval(&e, at("2026-11-25T16:00:00Z"))).is_empty(), "the Wednesday before");
        assert!(found(&eval(&hours(""), at("2026-11-26T16:00:00Z"))).is_empty(), "no calendar, no holiday");
        // Sat 2026-03-14 10:00 CDT: not a contact day; next is Monday 08:00.
        let f = only(&eval(&e, at("2026-03-14T15:00:00Z")));
        assert!(f.message.contains("Saturday is not a contact day"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-16T13:00:00Z"));
        // Fri 21:00 also skips the weekend.
        let f = only(&eval(&e, at("2026-03-14T02:00:00Z")));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-16T13:00:00Z"));
    }

    #[test]
    fn every_candidate_zone_must_allow_it() {
        let e = hours("");
        let two = |send_at: &str| {
            json!({ "send_at": send_at, "recipient": { "locations": [
                { "country": "US", "region": "IL", "time_zone": "America/Chicago" },
                { "country": "US", "region": "CA", "time_zone": "America/Los_Angeles" } ] } })
        };
        // 09:30 in Chicago is 07:30 in Los Angeles: wait for 08:00 there (15:00Z).
        let v = eval(&e, two("2026-03-10T14:30:00Z"));
        let f = only(&v);
        assert!(f.message.contains("America/Los_Angeles"), "{}", f.message);
        assert!(!f.message.contains("in America/Chicago"), "Chicago is fine: {}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-10T15:00:00Z"));
        assert_eq!(v.time_zones.len(), 2);
        assert!(found(&eval(&e, two("2026-03-10T15:00:00Z"))).is_empty());
        // 20:30 in Los Angeles is 22:30 in Chicago: 08:00 in Chicago is still 06:00 in Los
        // Angeles, so wait for 08:00 there.
        let f = only(&eval(&e, two("2026-03-11T03:30:00Z")));
        assert!(f.message.contains("in America/Chicago"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-11T15:00:00Z"));
    }

    #[test]
    fn a_fixed_zone_ignores_the_recipients_zone() {
        let e = hours(", zone = \"America/New_York\"");
        // 07:30 in Chicago is 08:30 in New York.
        assert!(found(&eval(&e, at("2026-03-10T12:30:00Z"))).is_empty());
        let f = only(&eval(&e, at("2026-03-10T11:30:00Z"))); // 07:30 New York
        assert_eq!(retry(&f).as_deref(), Some("2026-03-10T12:00:00Z"));
    }

    #[test]
    fn end_24_00_runs_to_midnight() {
        let e = one_rule("contact_window", "{ start = \"08:00\", end = \"24:00\" }", "");
        assert!(found(&eval(&e, at("2026-03-11T04:59:59Z"))).is_empty(), "23:59:59 CDT");
        assert!(!found(&eval(&e, at("2026-03-11T05:00:00Z"))).is_empty(), "00:00 CDT");
    }

    #[test]
    fn the_recipients_stated_times() {
        let e = one_rule("contact_window", "{ recipient_times = true }", "");
        let times = |send_at: &str, times: serde_json::Value| json!({ "send_at": send_at, "recipient": { "inconvenient_times": times } });
        let lunch = json!([{ "start": "12:00", "end": "14:00" }]);
        assert!(found(&eval(&e, at("2026-03-10T17:30:00Z"))).is_empty(), "no stated times: nothing to apply");
        let f = only(&eval(&e, times("2026-03-10T17:00:00Z", lunch.clone()))); // 12:00 CDT
        assert!(f.message.contains("inconvenient"), "{}", f.message);
        assert_eq!(retry(&f).as_deref(), Some("2026-03-10T19:00:00Z"), "14:00 CDT");
        assert!(found(&eval(&e, times("2026-03-10T16:59:00Z", lunch.clone()))).is_empty(), "11:59");
        assert!(found(&eval(&e, times("2026-03-10T19:00:00Z", lunch))).is_empty(), "14:00");
        let weekends = json!([{ "days": ["sat", "sun"], "start": "00:00", "end": "24:00" }]);
        let f = only(&eval(&e, times("2026-03-14T15:00:00Z", weekends.clone())));
        assert_eq!(retry(&f).as_deref(), Some("2026-03-16T05:00:00Z"), "Monday 00:00 CDT");
        assert!(found(&eval(&e, times("2026-03-13T15:00:00Z", weekends))).is_empty(), "a Friday");
    }
}
