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

fn to_instant(tz: &TimeZone, dt: DateTime) -> Option<Timestamp> {
    tz.to_ambiguous_zoned_datetime(dt).compatible().ok().map(|z| z.timestamp())
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
