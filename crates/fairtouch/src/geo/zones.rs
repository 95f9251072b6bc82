//! Geography tables: the time zones of countries, US states and Canadian provinces, North
//! American area codes, country calling codes, New York City ZIP codes and EU membership.
//!
//! The tables are data files in `rules/data/` (see `rules/data/generate.py` for their sources),
//! embedded at build time and parsed once on first use. Zone names are slices of the embedded
//! text, so every name handed out is `&'static str`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jiff::tz::TimeZone;

use super::Country;

const COUNTRY_ZONES: &str = fairtouch_rules::data::COUNTRY_ZONES;
const REGIONS: &str = fairtouch_rules::data::REGIONS;
const NANP_AREA_CODES: &str = fairtouch_rules::data::NANP_AREA_CODES;
const CALLING_CODES: &str = fairtouch_rules::data::CALLING_CODES;
const NYC_ZIP_CODES: &str = fairtouch_rules::data::NYC_ZIP_CODES;
const PHONE_LENGTHS: &str = fairtouch_rules::data::PHONE_LENGTHS;

/// The possible lengths of the national significant number for a country calling code, from
/// libphonenumber's metadata (`rules/data/phone-lengths.tsv`); None for an unassigned code.
pub fn national_lengths(code: u16) -> Option<&'static [u8]> {
    static LENGTHS: OnceLock<HashMap<u16, Vec<u8>>> = OnceLock::new();
    let table = LENGTHS.get_or_init(|| {
        PHONE_LENGTHS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (code, lengths) = l.split_once('\t')?;
                let lengths = lengths.split(',').filter_map(|n| n.trim().parse().ok()).collect();
                Some((code.trim().parse().ok()?, lengths))
            })
            .collect()
    });
    table.get(&code).map(Vec::as_slice)
}

/// Area codes lying wholly inside New York City: 212, 646 and 332 (Manhattan), 718, 347 and
/// 929 (the Bronx, Brooklyn, Queens and Staten Island) and 917 (a citywide overlay).
const NYC_AREA_CODES: [&str; 7] = ["212", "332", "646", "718", "347", "929", "917"];

/// The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is `GR`).
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// Looks a zone up in jiff's bundled tz database (`jiff::tz::db().get(name)`), None if unknown.
pub fn lookup(name: &str) -> Option<TimeZone> {
    jiff::tz::db().get(name).ok()
}

/// Every zone of a country (from country-zones.tsv), empty slice if the country is unknown.
pub fn country_zones(country: Country) -> &'static [&'static str] {
    tables().countries.get(&country).map_or(&[], Vec::as_slice)
}

/// The country of a calling code that belongs to exactly one country (33 -> FR, 51 -> PE,
/// 44 -> GB); None for 1 (NANP) and shared codes.
///
/// A code shared with dependent territories that keep the same clock counts as the main
/// country's (44: GB with GG, IM and JE); see `rules/data/calling-codes.tsv`.
pub fn country_for_calling_code(code: u16) -> Option<Country> {
    tables().calling_codes.get(&code).copied()
}

/// Whether we hold a region table for this country (US and CA).
pub fn region_known(country: Country) -> bool {
    tables().regions.contains_key(&country)
}

/// The zones of a region (state/province code, case-insensitive) of a country with a region
/// table.
pub fn region_zones(country: Country, region: &str) -> Option<&'static [&'static str]> {
    let regions = tables().regions.get(&country)?;
    if region.len() != 2 {
        return None;
    }
    regions.get(region.to_ascii_uppercase().as_str()).map(Vec::as_slice)
}

/// What the area code of a NANP number tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCode {
    /// The country libphonenumber assigns to the area code (US, CA, PR, JM, ...).
    pub country: Country,
    /// The US state/DC or Canadian province/territory code (`IL`, `ON`); None outside the US
    /// and Canada and for area codes spanning several provinces (782, 867, 902).
    pub region: Option<&'static str>,
    /// Every zone of the area code (several where it straddles a zone boundary).
    pub zones: &'static [&'static str],
}

/// What the area code (three digits, e.g. `"312"`) of a NANP number tells; None for
/// non-geographic codes (toll free, 5XX, 900, ...) and unassigned ones.
pub fn nanp_area_code(area: &str) -> Option<&'static AreaCode> {
    tables().area_codes.get(area)
}

/// Whether a US ZIP code (first 5 digits of the postal code) is in New York City.
///
/// Accepts `10001`, `10001-1234` and `10001 1234` (surrounding white space ignored); anything
/// else is not a New York City ZIP code.
pub fn is_nyc_zip(postal_code: &str) -> bool {
    let code = postal_code.trim();
    let (zip, rest) = match (code.get(..5), code.get(5..)) {
        (Some(zip), Some(rest)) => (zip, rest),
        _ => return false,
    };
    let plus4 = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let rest_ok = rest.is_empty() || rest.strip_prefix(['-', ' ']).is_some_and(plus4);
    zip.bytes().all(|b| b.is_ascii_digit()) && rest_ok && tables().nyc_zips.contains(zip)
}

/// Whether an area code lies wholly inside New York City (212, 332, 646, 718, 347, 929, 917).
pub fn is_nyc_area_code(area: &str) -> bool {
    NYC_AREA_CODES.contains(&area)
}

/// Whether the country is one of the 27 member states of the European Union.
pub fn is_eu_member(country: Country) -> bool {
    EU_MEMBERS.contains(&country.as_str())
}

/// The country a zone belongs to, when exactly one country lists it (`Europe/Paris` -> FR).
pub fn country_of_zone(zone: &str) -> Option<Country> {
    let mut found = tables().countries.iter().filter(|(_, zs)| zs.contains(&zone)).map(|(c, _)| *c);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

struct Tables {
    countries: HashMap<Country, Vec<&'static str>>,
    regions: HashMap<Country, HashMap<&'static str, Vec<&'static str>>>,
    area_codes: HashMap<&'static str, AreaCode>,
    calling_codes: HashMap<u16, Country>,
    nyc_zips: HashSet<&'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(parse_tables)
}

/// The data lines of an embedded table, split at tabs (comments and blank lines skipped).
fn rows(file: &'static str, text: &'static str, columns: usize) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(move |line| {
        let cols: Vec<&'static str> = line.split('\t').collect();
        assert_eq!(cols.len(), columns, "rules/data/{file}: expected {columns} columns in {line:?}");
        cols
    })
}

/// A two-letter upper-case code from an embedded table.
fn code(file: &str, text: &str) -> Country {
    let b = text.as_bytes();
    assert!(b.len() == 2 && b.iter().all(u8::is_ascii_uppercase), "rules/data/{file}: bad country code {text:?}");
    Country::from_bytes([b[0], b[1]])
}

fn zone_list(file: &str, text: &'static str) -> Vec<&'static str> {
    let zones: Vec<&'static str> = text.split(' ').filter(|z| !z.is_empty()).collect();
    assert!(!zones.is_empty(), "rules/data/{file}: empty zone list");
    zones
}

fn parse_tables() -> Tables {
    let mut countries = HashMap::new();
    for cols in rows("country-zones.tsv", COUNTRY_ZONES, 2) {
        let previous = countries.insert(code("country-zones.tsv", cols[0]), zone_list("country-zones.tsv", cols[1]));
        assert!(previous.is_none(), "rules/data/country-zones.tsv: {} listed twice", cols[0]);
    }

    let mut regions: HashMap<Country, HashMap<&'static str, Vec<&'static str>>> = HashMap::new();
    for cols in rows("us-regions.tsv", REGIONS, 3) {
        let country = code("us-regions.tsv", cols[0]);
        code("us-regions.tsv", cols[1]);
        let previous = regions.entry(country).or_default().insert(cols[1], zone_list("us-regions.tsv", cols[2]));
        assert!(previous.is_none(), "rules/data/us-regions.tsv: {} {} listed twice", cols[0], cols[1]);
    }

    let mut area_codes = HashMap::new();
    for cols in rows("nanp-area-codes.tsv", NANP_AREA_CODES, 4) {
        let area = cols[0];
        assert!(
            area.len() == 3 && area.bytes().all(|b| b.is_ascii_digit()),
            "rules/data/nanp-area-codes.tsv: bad area code {area:?}"
        );
        let region = match cols[2] {
            "-" => None,
            r => {
                code("nanp-area-codes.tsv", r);
                Some(r)
            }
        };
        // Leaked once: the area-code table lives for the whole program.
        let zones: &'static [&'static str] = Vec::leak(zone_list("nanp-area-codes.tsv", cols[3]));
        let entry = AreaCode { country: code("nanp-area-codes.tsv", cols[1]), region, zones };
        assert!(area_codes.insert(area, entry).is_none(), "rules/data/nanp-area-codes.tsv: {area} listed twice");
    }

    let mut calling_codes = HashMap::new();
    for cols in rows("calling-codes.tsv", CALLING_CODES, 2) {
        let number: u16 = cols[0]
            .parse()
            .unwrap_or_else(|e| panic!("rules/data/calling-codes.tsv: bad calling code {:?}: {e}", cols[0]));
        let previous = calling_codes.insert(number, code("calling-codes.tsv", cols[1]));
        assert!(previous.is_none(), "rules/data/calling-codes.tsv: {number} listed twice");
    }

    let mut nyc_zips = HashSet::new();
    for line in NYC_ZIP_CODES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        assert!(
            line.len() == 5 && line.bytes().all(|b| b.is_ascii_digit()),
            "rules/data/nyc-zip-codes.txt: bad ZIP code {line:?}"
        );
        nyc_zips.insert(line);
    }

    Tables { countries, regions, area_codes, calling_codes, nyc_zips }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Country {
        let b = s.as_bytes();
        Country::from_bytes([b[0], b[1]])
    }

    #[test]
    fn every_zone_of_every_table_resolves() {
        let t = tables();
        let mut names: Vec<&str> = Vec::new();
        names.extend(t.countries.values().flatten());
        names.extend(t.regions.values().flat_map(|r| r.values().flatten()));
        names.extend(t.area_codes.values().flat_map(|a| a.zones.iter()));
        let unknown: Vec<&str> = names.iter().copied().filter(|n| lookup(n).is_none()).collect();
        assert!(unknown.is_empty(), "zones unknown to jiff's bundled tz database: {unknown:?}");
        assert!(names.len() > 900, "suspiciously few zones: {}", names.len());
    }

    #[test]
    fn tables_have_the_expected_size() {
        let t = tables();
        assert!(t.countries.len() >= 240, "{} countries", t.countries.len());
        assert_eq!(t.regions[&c("US")].len(), 56, "50 states, DC and 5 territories");
        assert_eq!(t.regions[&c("CA")].len(), 13, "10 provinces and 3 territories");
        assert!(t.area_codes.len() > 400, "{} area codes", t.area_codes.len());
        assert!(t.nyc_zips.len() > 250, "{} NYC ZIP codes", t.nyc_zips.len());
    }

    #[test]
    fn countries() {
        assert_eq!(country_zones(c("FR")), ["Europe/Paris"]);
        assert_eq!(country_zones(c("PE")), ["America/Lima"]);
        assert!(country_zones(c("US")).contains(&"America/New_York"));
        assert!(country_zones(c("US")).contains(&"Pacific/Honolulu"));
        assert!(country_zones(c("XX")).is_empty());
        assert!(country_zones(c("us")).is_empty(), "codes are upper case");
    }

    #[test]
    fn calling_codes() {
        assert_eq!(country_for_calling_code(33), Some(c("FR")));
        assert_eq!(country_for_calling_code(51), Some(c("PE")));
        assert_eq!(country_for_calling_code(44), Some(c("GB")));
        assert_eq!(country_for_calling_code(49), Some(c("DE")));
        assert_eq!(country_for_calling_code(1), None, "NANP");
        assert_eq!(country_for_calling_code(7), None, "RU and KZ");
        assert_eq!(country_for_calling_code(262), None, "RE and YT");
        assert_eq!(country_for_calling_code(800), None, "international freephone");
        assert_eq!(country_for_calling_code(0), None);
        assert_eq!(country_for_calling_code(u16::MAX), None);
    }

    #[test]
    fn regions() {
        assert!(region_known(c("US")));
        assert!(region_known(c("CA")));
        assert!(!region_known(c("FR")));
        assert_eq!(region_zones(c("US"), "TN"), Some(&["America/New_York", "America/Chicago"][..]));
        assert_eq!(region_zones(c("US"), "tn"), region_zones(c("US"), "TN"));
        assert_eq!(region_zones(c("US"), "IL"), Some(&["America/Chicago"][..]));
        assert_eq!(region_zones(c("US"), "DC"), Some(&["America/New_York"][..]));
        assert_eq!(region_zones(c("CA"), "on").map(|z| z[0]), Some("America/Toronto"));
        assert!(region_zones(c("US"), "AZ").is_some_and(|z| z.contains(&"America/Denver")));
        assert!(region_zones(c("US"), "AK").is_some_and(|z| z.contains(&"America/Adak")));
        assert_eq!(region_zones(c("US"), "ON"), None);
        assert_eq!(region_zones(c("US"), "XX"), None);
        assert_eq!(region_zones(c("US"), ""), None);
        assert_eq!(region_zones(c("US"), "TNX"), None);
        assert_eq!(region_zones(c("US"), "é"), None);
        assert_eq!(region_zones(c("FR"), "IL"), None);
        // Every state split between zones lists more than one.
        for state in ["TN", "FL", "TX", "ID", "OR", "KY", "IN", "MI", "ND", "SD", "NE", "KS", "AK", "AZ", "NV"] {
            assert!(region_zones(c("US"), state).is_some_and(|z| z.len() > 1), "{state}");
        }
    }

    #[test]
    fn area_codes() {
        let chicago = nanp_area_code("312").expect("312");
        assert_eq!((chicago.country, chicago.region, chicago.zones), (c("US"), Some("IL"), &["America/Chicago"][..]));
        let toronto = nanp_area_code("416").expect("416");
        assert_eq!((toronto.country, toronto.region), (c("CA"), Some("ON")));
        let jamaica = nanp_area_code("876").expect("876");
        assert_eq!((jamaica.country, jamaica.region, jamaica.zones), (c("JM"), None, &["America/Jamaica"][..]));
        assert_eq!(nanp_area_code("787").map(|a| a.country), Some(c("PR")));
        // Area codes straddling a zone boundary carry every zone.
        let tn = nanp_area_code("423").expect("423");
        assert!(tn.zones.contains(&"America/New_York") && tn.zones.contains(&"America/Chicago"));
        // Non-geographic and malformed codes are not listed.
        for area in
            ["800", "833", "844", "855", "866", "877", "888", "500", "533", "600", "900", "000", "", "31", "3125"]
        {
            assert!(nanp_area_code(area).is_none(), "{area}");
        }
        // Every US or Canadian area code names a region known to the region table, except
        // those spanning several provinces.
        for (area, a) in &tables().area_codes {
            if let Some(region) = a.region {
                assert!(region_zones(a.country, region).is_some(), "{area}: {region}");
            } else if a.country == c("US") {
                panic!("{area}: US area code without a state");
            }
        }
    }

    #[test]
    fn new_york_city() {
        assert!(is_nyc_zip("10001"));
        assert!(is_nyc_zip(" 10001-1234 "));
        assert!(is_nyc_zip("10001 1234"));
        assert!(is_nyc_zip("11201"), "Brooklyn");
        assert!(is_nyc_zip("10451"), "Bronx");
        assert!(is_nyc_zip("10301"), "Staten Island");
        assert!(is_nyc_zip("11101"), "Long Island City");
        assert!(is_nyc_zip("11004"), "Glen Oaks, Queens");
        assert!(is_nyc_zip("11691"), "Far Rockaway");
        assert!(!is_nyc_zip("11550"), "Hempstead, Nassau County");
        assert!(!is_nyc_zip("11030"), "Manhasset, Nassau County");
        assert!(!is_nyc_zip("10601"), "White Plains");
        assert!(!is_nyc_zip("07302"), "Jersey City");
        assert!(!is_nyc_zip("1000"));
        assert!(!is_nyc_zip("100011"));
        assert!(!is_nyc_zip("10001-12"));
        assert!(!is_nyc_zip("1000é"));
        assert!(!is_nyc_zip(""));
        for area in NYC_AREA_CODES {
            assert!(is_nyc_area_code(area), "{area}");
            let a = nanp_area_code(area).expect("NYC area code in the NANP table");
            assert_eq!((a.country, a.region), (c("US"), Some("NY")), "{area}");
        }
        assert!(!is_nyc_area_code("516"), "Nassau County");
        assert!(!is_nyc_area_code("914"), "Westchester");
        assert!(!is_nyc_area_code("201"));
    }

    #[test]
    fn eu() {
        assert_eq!(EU_MEMBERS.iter().collect::<HashSet<_>>().len(), 27);
        for m in EU_MEMBERS {
            assert!(!country_zones(c(m)).is_empty(), "{m}");
        }
        assert!(is_eu_member(c("FR")));
        assert!(is_eu_member(c("GR")));
        assert!(!is_eu_member(c("GB")));
        assert!(!is_eu_member(c("CH")));
        assert!(!is_eu_member(c("US")));
    }
}
