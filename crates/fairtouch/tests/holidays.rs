//! The holiday calendars against an independent reference (`tests/data/holidays-reference.json`,
//! written by `tests/data/holidays_reference.py` from the PyPI package `holidays`), plus the
//! spot checks of the published calendars.

use std::collections::BTreeSet;

use fairtouch::unstable::{add_business_days, easter_sunday, Calendar};
use jiff::civil::{date, Date};
use serde_json::Value;

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/holidays-reference.json");

/// Deliberate differences with the reference: (calendar id, date, why). Every one is a date the
/// reference lists and the engine does not. Keep in sync with the "differences" of the JSON
/// (documented in tests/data/holidays_reference.py).
const REFERENCE_ONLY: &[(&str, &str, &str)] = &[
    // python-holidays lists Easter Sunday for Peru; D. Leg. 713 art. 6 makes only Jueves Santo
    // and Viernes Santo feriados (and the Sunday is a rest day anyway).
    ("pe", "2020-04-12", "Easter Sunday"),
    ("pe", "2021-04-04", "Easter Sunday"),
    ("pe", "2022-04-17", "Easter Sunday"),
    ("pe", "2023-04-09", "Easter Sunday"),
    ("pe", "2024-03-31", "Easter Sunday"),
    ("pe", "2025-04-20", "Easter Sunday"),
    ("pe", "2026-04-05", "Easter Sunday"),
    ("pe", "2027-03-28", "Easter Sunday"),
    ("pe", "2028-04-16", "Easter Sunday"),
    ("pe", "2029-04-01", "Easter Sunday"),
    ("pe", "2030-04-21", "Easter Sunday"),
    ("pe", "2031-04-13", "Easter Sunday"),
    ("pe", "2032-03-28", "Easter Sunday"),
    ("pe", "2033-04-17", "Easter Sunday"),
    ("pe", "2034-04-09", "Easter Sunday"),
    ("pe", "2035-03-25", "Easter Sunday"),
    ("pe", "2036-04-13", "Easter Sunday"),
    ("pe", "2037-04-05", "Easter Sunday"),
    ("pe", "2038-04-25", "Easter Sunday"),
    ("pe", "2039-04-10", "Easter Sunday"),
    ("pe", "2040-04-01", "Easter Sunday"),
];

fn reference() -> Value {
    let text = std::fs::read_to_string(REFERENCE).unwrap_or_else(|e| panic!("reading {REFERENCE}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {REFERENCE}: {e}"))
}

fn parse_date(text: &str) -> Date {
    text.parse().unwrap_or_else(|e| panic!("bad date {text:?} in the reference: {e}"))
}

#[test]
fn calendars_match_the_reference() {
    let reference = reference();
    let mut failures = Vec::new();
    let mut checked = 0;
    for calendar in
        [Calendar::from_id("us-federal").unwrap(), Calendar::from_id("fr").unwrap(), Calendar::from_id("pe").unwrap()]
    {
        let years = reference[calendar.id()]
            .as_object()
            .unwrap_or_else(|| panic!("reference has no calendar {:?}", calendar.id()));
        for year in 2020..=2040i16 {
            let dates = years
                .get(&year.to_string())
                .and_then(Value::as_array)
                .unwrap_or_else(|| panic!("reference has no year {year} for {}", calendar.id()));
            let expected: BTreeSet<Date> = dates
                .iter()
                .map(|d| parse_date(d.as_str().unwrap_or_else(|| panic!("not a date string: {d}"))))
                .filter(|d| !REFERENCE_ONLY.iter().any(|(c, x, _)| *c == calendar.id() && parse_date(x) == *d))
                .collect();
            let ours = calendar.holidays_in_year(year);
            let actual: BTreeSet<Date> = ours.iter().map(|(d, _)| *d).collect();
            checked += 1;
            if expected != actual {
                let missing: Vec<String> =
                    expected.difference(&actual).map(|d| format!("{d} ({:?})", d.weekday())).collect();
                let extra: Vec<String> = actual
                    .difference(&expected)
                    .map(|d| {
                        let name = ours.iter().find(|(x, _)| x == d).map_or("", |(_, n)| *n);
                        format!("{d} ({:?}) {name}", d.weekday())
                    })
                    .collect();
                failures.push(format!(
                    "{} {year}:\n    in the reference, not in the engine: {missing:?}\n    in the engine, not in the reference: {extra:?}",
                    calendar.id()
                ));
            }
        }
    }
    assert_eq!(checked, 3 * 21);
    assert!(failures.is_empty(), "{} calendar-years differ from {REFERENCE}:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn exceptions_are_documented_in_the_reference() {
    let reference = reference();
    let documented: BTreeSet<(String, String)> = reference["differences"]
        .as_array()
        .expect("reference has a \"differences\" array")
        .iter()
        .map(|d| (d["calendar"].as_str().unwrap_or("").to_string(), d["date"].as_str().unwrap_or("").to_string()))
        .collect();
    let ours: BTreeSet<(String, String)> =
        REFERENCE_ONLY.iter().map(|(c, d, _)| (c.to_string(), d.to_string())).collect();
    assert_eq!(ours, documented);
    for (id, d, _) in REFERENCE_ONLY {
        let calendar = Calendar::from_id(id).expect("known calendar");
        let d = parse_date(d);
        assert!(!calendar.is_holiday(d), "{id} {d} is an exception but the engine lists it");
        if *id == "pe" {
            assert_eq!(easter_sunday(d.year()), d, "the Peruvian exceptions are Easter Sundays");
        }
    }
}

#[test]
fn regulations_spot_checks() {
    let us = Calendar::from_id("us-federal").unwrap();
    // §8.1: Independence Day 2026 falls on a Saturday, observed Friday 3 July.
    assert!(us.is_holiday(date(2026, 7, 3)));
    assert!(!us.is_holiday(date(2026, 7, 4)));
    // New Year's Day 2028 falls on a Saturday, observed Friday 31 December 2027.
    assert!(us.is_holiday(date(2027, 12, 31)));
    assert!(us.holidays_in_year(2027).iter().any(|(d, _)| *d == date(2027, 12, 31)));
    assert!(!us.holidays_in_year(2028).iter().any(|(d, _)| d.year() != 2028));
    // Juneteenth 2027 and Christmas 2027 fall on Saturdays.
    assert!(us.is_holiday(date(2027, 6, 18)));
    assert!(us.is_holiday(date(2027, 12, 24)));
    // §8.3: Jueves Santo 2026.
    assert_eq!(Calendar::from_id("pe").unwrap().holiday(date(2026, 4, 2)), Some("Jueves Santo"));
    // Easter.
    assert_eq!(easter_sunday(2025), date(2025, 4, 20));
    assert_eq!(easter_sunday(2026), date(2026, 4, 5));
    assert_eq!(easter_sunday(2027), date(2027, 3, 28));
    // §8.1 business-day vector: received Thu 2026-07-02, 10 business days => Fri 2026-07-17.
    assert_eq!(add_business_days(us, date(2026, 7, 2), 10), date(2026, 7, 17));
}

#[test]
fn regulations_tables_2025_to_2027() {
    // The public holidays of France and Peru, as (month, day) per year.
    let fr: [(i16, [(i8, i8); 11]); 3] = [
        (2025, [(1, 1), (4, 21), (5, 1), (5, 8), (5, 29), (6, 9), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]),
        (2026, [(1, 1), (4, 6), (5, 1), (5, 8), (5, 14), (5, 25), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]),
        (2027, [(1, 1), (3, 29), (5, 1), (5, 8), (5, 6), (5, 17), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]),
    ];
    for (year, days) in fr {
        let expected: BTreeSet<Date> = days.iter().map(|&(m, d)| date(year, m, d)).collect();
        let actual: BTreeSet<Date> =
            Calendar::from_id("fr").unwrap().holidays_in_year(year).into_iter().map(|(d, _)| d).collect();
        assert_eq!(actual, expected, "fr {year}");
    }
    let pe_movable = [(2025, [(4, 17), (4, 18)]), (2026, [(4, 2), (4, 3)]), (2027, [(3, 25), (3, 26)])];
    let pe_fixed = [
        (1, 1),
        (5, 1),
        (6, 7),
        (6, 29),
        (7, 23),
        (7, 28),
        (7, 29),
        (8, 6),
        (8, 30),
        (10, 8),
        (11, 1),
        (12, 8),
        (12, 9),
        (12, 25),
    ];
    for (year, movable) in pe_movable {
        let expected: BTreeSet<Date> = movable.iter().chain(pe_fixed.iter()).map(|&(m, d)| date(year, m, d)).collect();
        let actual: BTreeSet<Date> =
            Calendar::from_id("pe").unwrap().holidays_in_year(year).into_iter().map(|(d, _)| d).collect();
        assert_eq!(actual, expected, "pe {year}");
        assert_eq!(actual.len(), 16, "16 feriados nacionales in {year}");
    }
}
