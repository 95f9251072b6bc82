//! Public-holiday calendars, computed from the rules of `rules/data/holidays.toml` (no per-year
//! lists), and business-day arithmetic.
//!
//! Three calendars:
//!
//! - [`Calendar::from_id("us-federal").unwrap()`]: the legal public holidays of 5 U.S.C. 6103(a), on the day federal
//!   employees observe them: a holiday falling on a Saturday is observed on the preceding
//!   Friday, one falling on a Sunday on the following Monday (5 U.S.C. 6103(b), Executive Order
//!   11582). New Year's Day falling on a Saturday is therefore observed on Friday 31 December
//!   of the previous year, and belongs to that year's list.
//! - [`Calendar::from_id("fr").unwrap()`]: the jours fériés of metropolitan France (Code du travail L3133-1),
//!   without the Alsace-Moselle extras (L3134-13) and the overseas days (L3422-2); no weekend
//!   shifting.
//! - [`Calendar::from_id("pe").unwrap()`]: the feriados nacionales of D. Leg. 713 art. 6 as amended; no weekend
//!   shifting. Días no laborables decreed for the public sector are not feriados.
//!
//! The rules model current law; a holiday created by a later law carries its first year.
//! Dates are proleptic Gregorian; years outside jiff's range (-9999..=9999) have no holidays.

use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};
use serde::Deserialize;

/// A public-holiday calendar of `rules/data/holidays.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Calendar(u8);

/// One holiday's rule, as the data file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayRule {
    name: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    month: Option<i8>,
    #[serde(default)]
    weekday: Option<String>,
    #[serde(default)]
    nth: Option<i8>,
    #[serde(default)]
    easter: Option<i32>,
    #[serde(default)]
    from: Option<i16>,
}

/// How a holiday on a weekend day is observed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Observed {
    saturday: i32,
    sunday: i32,
    suffix: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarData {
    #[allow(dead_code)]
    title: String,
    #[allow(dead_code)]
    source: String,
    #[serde(default)]
    observed: Option<Observed>,
    holidays: Vec<HolidayRule>,
}

/// A holiday's date rule, checked once.
#[derive(Debug)]
enum When {
    Fixed(i8, i8),
    NthWeekday { month: i8, nth: i8, weekday: Weekday },
    Easter(i32),
}

#[derive(Debug)]
struct Holiday {
    name: String,
    observed_name: String,
    when: When,
    from: Option<i16>,
}

#[derive(Debug)]
struct CalendarDef {
    id: String,
    observed: Option<(i32, i32)>,
    holidays: Vec<Holiday>,
}

fn weekday_of(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn when_of(rule: &HolidayRule) -> Result<When, String> {
    let bad = || format!("holiday {:?}: give date = \"MM-DD\", or month, weekday and nth, or easter", rule.name);
    match (&rule.date, rule.month, &rule.weekday, rule.nth, rule.easter) {
        (Some(d), None, None, None, None) => {
            let (m, day) = d.split_once('-').ok_or_else(bad)?;
            let (m, day) = (m.parse().map_err(|_| bad())?, day.parse().map_err(|_| bad())?);
            Date::new(2024, m, day).map_err(|e| format!("holiday {:?}: {e}", rule.name))?;
            Ok(When::Fixed(m, day))
        }
        (None, Some(month), Some(w), Some(nth), None) => {
            let weekday = weekday_of(w).ok_or_else(bad)?;
            if !(1..=12).contains(&month) || !(nth == -1 || (1..=5).contains(&nth)) {
                return Err(bad());
            }
            Ok(When::NthWeekday { month, nth, weekday })
        }
        (None, None, None, None, Some(days)) => Ok(When::Easter(days)),
        _ => Err(bad()),
    }
}

/// Reads the calendars of `rules/data/holidays.toml`. A bad file is a bug of the embedded data,
/// caught by this module's tests; should it happen, no calendar is known and every pack naming
/// one fails to load, closed.
fn parse(source: &str) -> Result<Vec<CalendarDef>, String> {
    let raw: std::collections::BTreeMap<String, CalendarData> = toml::from_str(source).map_err(|e| e.to_string())?;
    raw.into_iter()
        .map(|(id, data)| {
            let suffix = data.observed.as_ref().map(|o| o.suffix.clone()).unwrap_or_default();
            let holidays = data
                .holidays
                .iter()
                .map(|h| {
                    Ok(Holiday {
                        name: h.name.clone(),
                        observed_name: format!("{}{suffix}", h.name),
                        when: when_of(h)?,
                        from: h.from,
                    })
                })
                .collect::<Result<_, String>>()?;
            Ok(CalendarDef { id, observed: data.observed.map(|o| (o.saturday, o.sunday)), holidays })
        })
        .collect()
}

fn calendars() -> &'static [CalendarDef] {
    static CALENDARS: OnceLock<Vec<CalendarDef>> = OnceLock::new();
    CALENDARS.get_or_init(|| parse(fairtouch_rules::data::HOLIDAYS).unwrap_or_default())
}

fn in_range(year: i16) -> bool {
    (-9999..=9999).contains(&year)
}

fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

/// `days` days after (or before, if negative) a date.
fn offset(date: Option<Date>, days: i32) -> Option<Date> {
    date?.checked_add(jiff::Span::new().days(days)).ok()
}

impl Holiday {
    /// The date of the holiday in `year`, before any weekend observance.
    fn date_in(&self, year: i16) -> Option<Date> {
        if self.from.is_some_and(|f| year < f) {
            return None;
        }
        match self.when {
            When::Fixed(m, d) => ymd(year, m, d),
            When::NthWeekday { month, nth, weekday } => ymd(year, month, 1)?.nth_weekday_of_month(nth, weekday).ok(),
            When::Easter(days) => offset(Some(easter_sunday(year)), days),
        }
    }
}

impl Calendar {
    fn def(self) -> &'static CalendarDef {
        &calendars()[self.0 as usize]
    }

    /// Every calendar of the data file.
    pub fn all() -> impl Iterator<Item = Calendar> {
        (0..calendars().len()).map(|i| Calendar(i as u8))
    }

    /// The calendar of an id: `"us-federal"`, `"fr"`, `"pe"`.
    pub fn from_id(id: &str) -> Option<Calendar> {
        calendars().iter().position(|c| c.id == id).map(|i| Calendar(i as u8))
    }

    /// The calendar's id.
    pub fn id(self) -> &'static str {
        &self.def().id
    }

    /// The holiday's name if `date` is a public holiday (the observed date where the calendar
    /// moves weekend holidays: for US federal, Saturday to the preceding Friday, Sunday to the
    /// following Monday, so Friday 31 December for a Saturday 1 January).
    pub fn holiday(self, date: Date) -> Option<&'static str> {
        // Asked for every candidate instant of a window search: no list is built.
        self.observed(date.year()).find(|(d, _)| *d == date).map(|(_, name)| name)
    }

    /// Whether `date` is a public holiday of the calendar (the observed date, where it moves).
    pub fn is_holiday(self, date: Date) -> bool {
        self.holiday(date).is_some()
    }

    /// All holidays of a year in date order (observed dates that fall in that year).
    ///
    /// Two holidays falling on the same day are both listed (France 1997: Victoire 1945 and
    /// Ascension on 8 May).
    pub fn holidays_in_year(self, year: i16) -> Vec<(Date, &'static str)> {
        self.list(year)
    }

    fn list(self, year: i16) -> Vec<(Date, &'static str)> {
        let mut list: Vec<(Date, &'static str)> = self.observed(year).collect();
        // Stable: two holidays on one day (Ascension on 8 May, as in 1997) keep rule order.
        list.sort_by_key(|(d, _)| *d);
        list
    }

    /// The holidays observed in `year`, in rule order (a holiday of a neighbouring year may be
    /// observed in this one: a Saturday 1 January on Friday 31 December).
    fn observed(self, year: i16) -> impl Iterator<Item = (Date, &'static str)> {
        let def = self.def();
        let years = if !in_range(year) {
            0..0
        } else if def.observed.is_some() {
            (year - 1)..(year + 2)
        } else {
            year..(year + 1)
        };
        years.filter(|y| in_range(*y)).flat_map(move |y| {
            def.holidays.iter().filter_map(move |h| {
                let actual = h.date_in(y)?;
                let (date, name) = match (def.observed, actual.weekday()) {
                    (Some((sat, _)), Weekday::Saturday) => (offset(Some(actual), sat), h.observed_name.as_str()),
                    (Some((_, sun)), Weekday::Sunday) => (offset(Some(actual), sun), h.observed_name.as_str()),
                    _ => (Some(actual), h.name.as_str()),
                };
                date.filter(|d| d.year() == year).map(|d| (d, name))
            })
        })
    }
}

/// Easter Sunday (Anonymous Gregorian algorithm).
///
/// Years outside jiff's range are clamped to -9999..=9999.
pub fn easter_sunday(year: i16) -> Date {
    let year = year.clamp(-9999, 9999);
    let y = i32::from(year);
    let a = y.rem_euclid(19);
    let (b, c) = (y.div_euclid(100), y.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c.div_euclid(4), c.rem_euclid(4));
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // month is 3 or 4 and day 1..=31 of a valid March/April date, for every year.
    jiff::civil::date(year, month as i8, day as i8)
}

/// The date `n` business days after `date` (skipping Saturdays, Sundays and the calendar's
/// holidays), n >= 0. `n == 0` gives `date` itself; saturates at the last representable date.
pub fn add_business_days(calendar: Calendar, date: Date, n: u32) -> Date {
    let mut current = date;
    let mut left = n;
    while left > 0 {
        let Ok(next) = current.tomorrow() else { return current };
        current = next;
        if is_business_day(calendar, current) {
            left -= 1;
        }
    }
    current
}

fn is_business_day(calendar: Calendar, date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !calendar.is_holiday(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_data_file_reads_whole() {
        let parsed = parse(fairtouch_rules::data::HOLIDAYS).expect("rules/data/holidays.toml");
        assert_eq!(parsed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["fr", "pe", "us-federal"]);
        assert_eq!(calendars().len(), 3);
        let bad = parse("[x]\ntitle = \"t\"\nsource = \"s\"\nholidays = [{ name = \"n\", date = \"13-01\" }]\n");
        assert!(bad.unwrap_err().contains("holiday \"n\""));
    }

    #[test]
    fn ids() {
        for c in Calendar::all() {
            assert_eq!(Calendar::from_id(c.id()), Some(c));
        }
        assert_eq!(Calendar::from_id("us-federal").map(Calendar::id), Some("us-federal"));
        assert_eq!(Calendar::from_id("FR"), None);
        assert_eq!(Calendar::from_id(""), None);
    }

    #[test]
    fn easter() {
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2000), date(2000, 4, 23));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25), "latest possible");
        assert_eq!(easter_sunday(2285), date(2285, 3, 22), "earliest possible");
        for y in [i16::MIN, -9999, -1, 0, 1, 1583, 9999, i16::MAX] {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sunday, "{y}");
            assert!((date(e.year(), 3, 22)..=date(e.year(), 4, 25)).contains(&e), "{y}: {e}");
        }
    }

    #[test]
    fn us_observed() {
        let us = Calendar::from_id("us-federal").unwrap();
        assert_eq!(us.holiday(date(2026, 7, 3)), Some("Independence Day (observed)"));
        assert_eq!(us.holiday(date(2026, 7, 4)), None, "Saturday: observed on Friday");
        assert_eq!(us.holiday(date(2027, 7, 5)), Some("Independence Day (observed)"));
        assert_eq!(us.holiday(date(2027, 12, 31)), Some("New Year's Day (observed)"));
        assert_eq!(us.holiday(date(2028, 1, 1)), None);
        assert_eq!(us.holiday(date(2023, 1, 2)), Some("New Year's Day (observed)"));
        assert_eq!(us.holiday(date(2027, 6, 18)), Some("Juneteenth National Independence Day (observed)"));
        assert_eq!(us.holiday(date(2020, 6, 19)), None, "before Juneteenth became a holiday");
        assert_eq!(us.holiday(date(2025, 1, 20)), Some("Birthday of Martin Luther King, Jr."));
        assert!(us.holidays_in_year(2027).iter().any(|(d, _)| *d == date(2027, 12, 31)));
        assert!(us.holidays_in_year(2028).iter().all(|(d, _)| d.year() == 2028));
        assert_eq!(us.holidays_in_year(2027).len(), 12);
        assert_eq!(us.holidays_in_year(2028).len(), 10);
    }

    #[test]
    fn sorted_and_weekday_only_for_us() {
        for c in Calendar::all() {
            for y in 1990..2100 {
                let list = c.holidays_in_year(y);
                assert!(list.windows(2).all(|w| w[0].0 <= w[1].0), "{c:?} {y}: {list:?}");
                assert!(list.iter().all(|(d, _)| d.year() == y), "{c:?} {y}");
                if c == Calendar::from_id("us-federal").unwrap() {
                    assert!(list.iter().all(|(d, _)| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)));
                }
            }
        }
    }

    #[test]
    fn france_and_peru() {
        let fr = Calendar::from_id("fr").unwrap();
        assert_eq!(fr.holiday(date(2026, 5, 25)), Some("Lundi de Pentecôte"));
        assert_eq!(fr.holiday(date(2026, 5, 14)), Some("Ascension"));
        assert_eq!(fr.holiday(date(2027, 5, 1)), Some("Fête du Travail"), "no weekend shifting");
        assert_eq!(fr.holiday(date(2026, 4, 3)), None, "Good Friday only in Alsace-Moselle");
        assert_eq!(fr.holidays_in_year(2026).len(), 11);
        let may8: Vec<_> = fr.holidays_in_year(1997).into_iter().filter(|(d, _)| *d == date(1997, 5, 8)).collect();
        assert_eq!(may8, [(date(1997, 5, 8), "Victoire 1945"), (date(1997, 5, 8), "Ascension")]);
        let pe = Calendar::from_id("pe").unwrap();
        assert_eq!(pe.holiday(date(2026, 4, 2)), Some("Jueves Santo"));
        assert_eq!(pe.holiday(date(2026, 4, 3)), Some("Viernes Santo"));
        assert_eq!(pe.holiday(date(2026, 4, 5)), None, "Easter Sunday is not a feriado");
        assert_eq!(pe.holiday(date(2023, 6, 7)), None, "Ley 31788: from 2024");
        assert_eq!(pe.holiday(date(2024, 6, 7)), Some("Batalla de Arica y Día de la Bandera"));
        assert_eq!(pe.holiday(date(2022, 7, 23)), None, "Ley 31822: from 2023");
        assert_eq!(pe.holiday(date(2023, 7, 23)), Some("Día de la Fuerza Aérea del Perú"));
        assert_eq!(pe.holidays_in_year(2026).len(), 16);
    }

    #[test]
    fn business_days() {
        let us = Calendar::from_id("us-federal").unwrap();
        assert_eq!(add_business_days(us, date(2026, 7, 2), 10), date(2026, 7, 17));
        assert_eq!(add_business_days(us, date(2026, 7, 2), 0), date(2026, 7, 2));
        assert_eq!(add_business_days(us, date(2026, 7, 2), 1), date(2026, 7, 6));
        assert_eq!(add_business_days(us, date(2027, 12, 30), 1), date(2028, 1, 3));
        assert_eq!(add_business_days(Calendar::from_id("fr").unwrap(), date(2026, 7, 2), 1), date(2026, 7, 3));
        assert_eq!(add_business_days(Calendar::from_id("pe").unwrap(), date(2026, 4, 1), 1), date(2026, 4, 6));
        assert_eq!(add_business_days(us, Date::MAX, 5), Date::MAX, "saturates");
        assert_eq!(add_business_days(us, date(9999, 12, 29), u32::MAX), Date::MAX);
    }

    #[test]
    fn out_of_range_years() {
        for c in Calendar::all() {
            assert!(c.holidays_in_year(i16::MAX).is_empty());
            assert!(c.holidays_in_year(-10000).is_empty());
            assert!(!c.holidays_in_year(9999).is_empty());
            assert!(!c.holidays_in_year(-9999).is_empty());
        }
        assert!(Calendar::from_id("fr").unwrap().is_holiday(Date::MIN));
        assert!(Calendar::from_id("fr").unwrap().is_holiday(date(9999, 12, 25)));
    }
}
