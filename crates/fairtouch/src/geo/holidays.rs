//! Public-holiday calendars, computed by rule (no per-year lists), and business-day arithmetic.
//!
//! Three calendars (see `regulations.md` §8):
//!
//! - [`Calendar::UsFederal`]: the legal public holidays of 5 U.S.C. 6103(a), on the day federal
//!   employees observe them: a holiday falling on a Saturday is observed on the preceding
//!   Friday, one falling on a Sunday on the following Monday (5 U.S.C. 6103(b), Executive Order
//!   11582). New Year's Day falling on a Saturday is therefore observed on Friday 31 December
//!   of the previous year, and belongs to that year's list.
//! - [`Calendar::France`]: the jours fériés of metropolitan France (Code du travail L3133-1),
//!   without the Alsace-Moselle extras (L3134-13) and the overseas days (L3422-2); no weekend
//!   shifting.
//! - [`Calendar::Peru`]: the feriados nacionales of D. Leg. 713 art. 6 as amended; no weekend
//!   shifting. Días no laborables decreed for the public sector are not feriados.
//!
//! The rules model current law; a holiday created by a later law carries its first year.
//! Dates are proleptic Gregorian; years outside jiff's range (-9999..=9999) have no holidays.

use jiff::civil::{Date, Weekday};

/// A public-holiday calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// United States federal holidays (5 U.S.C. 6103), observed dates.
    UsFederal,
    /// France, metropolitan jours fériés (Code du travail L3133-1).
    France,
    /// Peru, feriados nacionales (D. Leg. 713 art. 6 and later laws).
    Peru,
}

/// First year of Juneteenth National Independence Day: Pub. L. 117-17, signed 17 June 2021,
/// first observed on Friday 18 June 2021.
const US_JUNETEENTH_FROM: i16 = 2021;
/// First year of the Birthday of Martin Luther King, Jr.: Pub. L. 98-144 (1983), first
/// observed on 20 January 1986.
const US_MLK_FROM: i16 = 1986;
/// 8 May (Victoire 1945) is a jour férié again since loi 81-893 of 2 October 1981.
const FR_8_MAY_FROM: i16 = 1982;
/// 6 August (Batalla de Junín) and 9 December (Batalla de Ayacucho): Ley 31530 (2022).
const PE_JUNIN_AYACUCHO_FROM: i16 = 2022;
/// 23 July (Día de la Fuerza Aérea del Perú): Ley 31822, published 8 July 2023.
const PE_FUERZA_AEREA_FROM: i16 = 2023;
/// 7 June (Batalla de Arica y Día de la Bandera): Ley 31788, published 15 June 2023, after
/// that year's 7 June, so first a feriado on 7 June 2024.
const PE_ARICA_FROM: i16 = 2024;

/// A year's holidays, on the stack (no calendar has more than 17 in a year).
struct List {
    items: [(Date, &'static str); 20],
    len: usize,
}

impl List {
    fn new() -> List {
        List { items: [(Date::ZERO, ""); 20], len: 0 }
    }
    fn push(&mut self, date: Option<Date>, name: &'static str) {
        if let Some(date) = date {
            if self.len < self.items.len() {
                self.items[self.len] = (date, name);
                self.len += 1;
            }
        }
    }
    fn as_slice(&self) -> &[(Date, &'static str)] {
        &self.items[..self.len]
    }
}

fn in_range(year: i16) -> bool {
    (-9999..=9999).contains(&year)
}

fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

/// The `nth` (1-based, or -1 for the last) `weekday` of a month.
fn nth(year: i16, month: i8, nth: i8, weekday: Weekday) -> Option<Date> {
    ymd(year, month, 1)?.nth_weekday_of_month(nth, weekday).ok()
}

/// `days` days after (or before, if negative) a date.
fn offset(date: Option<Date>, days: i32) -> Option<Date> {
    date?.checked_add(jiff::Span::new().days(days)).ok()
}

impl Calendar {
    /// Every calendar.
    pub const ALL: [Calendar; 3] = [Calendar::UsFederal, Calendar::France, Calendar::Peru];

    /// The calendar of an id: `"us-federal"`, `"fr"`, `"pe"`.
    pub fn from_id(id: &str) -> Option<Calendar> {
        Calendar::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The calendar's id: `"us-federal"`, `"fr"`, `"pe"`.
    pub fn id(self) -> &'static str {
        match self {
            Calendar::UsFederal => "us-federal",
            Calendar::France => "fr",
            Calendar::Peru => "pe",
        }
    }

    /// The holiday's name if `date` is a public holiday (for US federal: the OBSERVED date,
    /// Sat -> preceding Fri, Sun -> following Mon, incl. Fri Dec 31 for a Saturday Jan 1).
    pub fn holiday(self, date: Date) -> Option<&'static str> {
        self.list(date.year()).as_slice().iter().find(|(d, _)| *d == date).map(|(_, name)| *name)
    }

    /// Whether `date` is a public holiday of the calendar (observed date for US federal).
    pub fn is_holiday(self, date: Date) -> bool {
        self.holiday(date).is_some()
    }

    /// All holidays of a year in date order (for US: observed dates that fall in that year).
    ///
    /// Two holidays falling on the same day are both listed (France 1997: Victoire 1945 and
    /// Ascension on 8 May).
    pub fn holidays_in_year(self, year: i16) -> Vec<(Date, &'static str)> {
        self.list(year).as_slice().to_vec()
    }

    fn list(self, year: i16) -> List {
        let mut list = List::new();
        if !in_range(year) {
            return list;
        }
        match self {
            Calendar::UsFederal => {
                // A Saturday 1 January of next year is observed on 31 December of this year.
                us_federal(&mut list, year, year);
                if in_range(year + 1) {
                    us_federal(&mut list, year + 1, year);
                }
            }
            Calendar::France => france(&mut list, year),
            Calendar::Peru => peru(&mut list, year),
        }
        // Stable: two holidays on one day (Ascension on 8 May, as in 1997) keep rule order.
        list.items[..list.len].sort_by_key(|(d, _)| *d);
        list
    }
}

/// Pushes the observed dates of `year`'s US federal holidays that fall in `keep`.
fn us_federal(list: &mut List, year: i16, keep: i16) {
    use Weekday::{Monday, Thursday};
    // (actual date, name, name when observed on another day)
    let rules: [(Option<Date>, &'static str, &'static str); 11] = [
        (ymd(year, 1, 1), "New Year's Day", "New Year's Day (observed)"),
        (
            if year >= US_MLK_FROM { nth(year, 1, 3, Monday) } else { None },
            "Birthday of Martin Luther King, Jr.",
            "Birthday of Martin Luther King, Jr.",
        ),
        (nth(year, 2, 3, Monday), "Washington's Birthday", "Washington's Birthday"),
        (nth(year, 5, -1, Monday), "Memorial Day", "Memorial Day"),
        (
            if year >= US_JUNETEENTH_FROM { ymd(year, 6, 19) } else { None },
            "Juneteenth National Independence Day",
            "Juneteenth National Independence Day (observed)",
        ),
        (ymd(year, 7, 4), "Independence Day", "Independence Day (observed)"),
        (nth(year, 9, 1, Monday), "Labor Day", "Labor Day"),
        (nth(year, 10, 2, Monday), "Columbus Day", "Columbus Day"),
        (ymd(year, 11, 11), "Veterans Day", "Veterans Day (observed)"),
        (nth(year, 11, 4, Thursday), "Thanksgiving Day", "Thanksgiving Day"),
        (ymd(year, 12, 25), "Christmas Day", "Christmas Day (observed)"),
    ];
    for (actual, name, observed_name) in rules {
        let Some(actual) = actual else { continue };
        let (observed, name) = match actual.weekday() {
            Weekday::Saturday => (offset(Some(actual), -1), observed_name),
            Weekday::Sunday => (offset(Some(actual), 1), observed_name),
            _ => (Some(actual), name),
        };
        list.push(observed.filter(|d| d.year() == keep), name);
    }
}

fn france(list: &mut List, year: i16) {
    let easter = Some(easter_sunday(year));
    list.push(ymd(year, 1, 1), "Jour de l'an");
    list.push(offset(easter, 1), "Lundi de Pâques");
    list.push(ymd(year, 5, 1), "Fête du Travail");
    if year >= FR_8_MAY_FROM {
        list.push(ymd(year, 5, 8), "Victoire 1945");
    }
    list.push(offset(easter, 39), "Ascension");
    // Still a jour férié when worked as the journée de solidarité (L3133-7).
    list.push(offset(easter, 50), "Lundi de Pentecôte");
    list.push(ymd(year, 7, 14), "Fête nationale");
    list.push(ymd(year, 8, 15), "Assomption");
    list.push(ymd(year, 11, 1), "Toussaint");
    list.push(ymd(year, 11, 11), "Armistice 1918");
    list.push(ymd(year, 12, 25), "Noël");
}

fn peru(list: &mut List, year: i16) {
    let easter = Some(easter_sunday(year));
    list.push(ymd(year, 1, 1), "Año Nuevo");
    list.push(offset(easter, -3), "Jueves Santo");
    list.push(offset(easter, -2), "Viernes Santo");
    list.push(ymd(year, 5, 1), "Día del Trabajo");
    if year >= PE_ARICA_FROM {
        list.push(ymd(year, 6, 7), "Batalla de Arica y Día de la Bandera");
    }
    list.push(ymd(year, 6, 29), "San Pedro y San Pablo");
    if year >= PE_FUERZA_AEREA_FROM {
        list.push(ymd(year, 7, 23), "Día de la Fuerza Aérea del Perú");
    }
    list.push(ymd(year, 7, 28), "Fiestas Patrias");
    list.push(ymd(year, 7, 29), "Fiestas Patrias");
    if year >= PE_JUNIN_AYACUCHO_FROM {
        list.push(ymd(year, 8, 6), "Batalla de Junín");
    }
    list.push(ymd(year, 8, 30), "Santa Rosa de Lima");
    list.push(ymd(year, 10, 8), "Combate de Angamos");
    list.push(ymd(year, 11, 1), "Todos los Santos");
    list.push(ymd(year, 12, 8), "Inmaculada Concepción");
    if year >= PE_JUNIN_AYACUCHO_FROM {
        list.push(ymd(year, 12, 9), "Batalla de Ayacucho");
    }
    list.push(ymd(year, 12, 25), "Navidad");
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
    fn ids() {
        for c in Calendar::ALL {
            assert_eq!(Calendar::from_id(c.id()), Some(c));
        }
        assert_eq!(Calendar::from_id("us-federal"), Some(Calendar::UsFederal));
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
        let us = Calendar::UsFederal;
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
        for c in Calendar::ALL {
            for y in 1990..2100 {
                let list = c.holidays_in_year(y);
                assert!(list.windows(2).all(|w| w[0].0 <= w[1].0), "{c:?} {y}: {list:?}");
                assert!(list.iter().all(|(d, _)| d.year() == y), "{c:?} {y}");
                if c == Calendar::UsFederal {
                    assert!(list.iter().all(|(d, _)| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)));
                }
            }
        }
    }

    #[test]
    fn france_and_peru() {
        let fr = Calendar::France;
        assert_eq!(fr.holiday(date(2026, 5, 25)), Some("Lundi de Pentecôte"));
        assert_eq!(fr.holiday(date(2026, 5, 14)), Some("Ascension"));
        assert_eq!(fr.holiday(date(2027, 5, 1)), Some("Fête du Travail"), "no weekend shifting");
        assert_eq!(fr.holiday(date(2026, 4, 3)), None, "Good Friday only in Alsace-Moselle");
        assert_eq!(fr.holidays_in_year(2026).len(), 11);
        let may8: Vec<_> = fr.holidays_in_year(1997).into_iter().filter(|(d, _)| *d == date(1997, 5, 8)).collect();
        assert_eq!(may8, [(date(1997, 5, 8), "Victoire 1945"), (date(1997, 5, 8), "Ascension")]);
        let pe = Calendar::Peru;
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
        let us = Calendar::UsFederal;
        assert_eq!(add_business_days(us, date(2026, 7, 2), 10), date(2026, 7, 17));
        assert_eq!(add_business_days(us, date(2026, 7, 2), 0), date(2026, 7, 2));
        assert_eq!(add_business_days(us, date(2026, 7, 2), 1), date(2026, 7, 6));
        assert_eq!(add_business_days(us, date(2027, 12, 30), 1), date(2028, 1, 3));
        assert_eq!(add_business_days(Calendar::France, date(2026, 7, 2), 1), date(2026, 7, 3));
        assert_eq!(add_business_days(Calendar::Peru, date(2026, 4, 1), 1), date(2026, 4, 6));
        assert_eq!(add_business_days(us, Date::MAX, 5), Date::MAX, "saturates");
        assert_eq!(add_business_days(us, date(9999, 12, 29), u32::MAX), Date::MAX);
    }

    #[test]
    fn out_of_range_years() {
        for c in Calendar::ALL {
            assert!(c.holidays_in_year(i16::MAX).is_empty());
            assert!(c.holidays_in_year(-10000).is_empty());
            assert!(!c.holidays_in_year(9999).is_empty());
            assert!(!c.holidays_in_year(-9999).is_empty());
        }
        assert!(Calendar::France.is_holiday(Date::MIN));
        assert!(Calendar::France.is_holiday(date(9999, 12, 25)));
    }
}
