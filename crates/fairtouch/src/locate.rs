//! Where the recipient is: candidate time zones and jurisdictions, from stated locations, the
//! phone number (country calling code; for North America the area code) and postal codes.

use jiff::tz::TimeZone;

use crate::geo::zones;
use crate::model::{Address, Attempt, Country, Language};

/// A candidate time zone of the recipient.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Rules of the zone.
    pub tz: TimeZone,
    /// The evaluated instant in this zone (set by the context).
    pub local: jiff::civil::DateTime,
}

impl Zone {
    /// IANA name.
    pub fn name(&self) -> &str {
        zone_name(&self.tz)
    }
}

/// The IANA name of a zone.
pub fn zone_name(tz: &TimeZone) -> &str {
    tz.iana_name().unwrap_or("UTC")
}

/// The language a country's debtors are written to, when the packs know it
/// (`rules/data/country-languages.tsv`).
pub(crate) fn language_of_country(c: Country) -> Option<Language> {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, Language)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        fairtouch_rules::data::COUNTRY_LANGUAGES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (country, language) = l.split_once('\t')?;
                Some((country, language.parse().ok()?))
            })
            .collect()
    });
    table.iter().find(|(code, _)| *code == c.as_str()).map(|&(_, l)| l)
}

fn push_zone(out: &mut Vec<Zone>, name: &str) {
    if out.iter().any(|z| z.name() == name) {
        return;
    }
    if let Some(tz) = zones::lookup(name) {
        out.push(Zone { tz, local: jiff::civil::DateTime::default() });
    }
}

/// Candidate zones: explicit zones, zones of stated regions, zones of the phone number; when
/// none is specific, every zone of the known countries.
pub fn candidate_zones(attempt: &Attempt) -> (Vec<Zone>, bool) {
    let mut out = Vec::new();
    let mut countries: Vec<Country> = Vec::new();
    for loc in &attempt.recipient.locations {
        if let Some(tz) = &loc.time_zone {
            if !out.iter().any(|z: &Zone| z.name() == tz.name()) {
                out.push(Zone { tz: tz.zone().clone(), local: jiff::civil::DateTime::default() });
            }
            continue;
        }
        if let Some(c) = loc.country {
            if let Some(region) = &loc.region {
                if let Some(zs) = zones::region_zones(c, region) {
                    for z in zs {
                        push_zone(&mut out, z);
                    }
                    continue;
                }
            }
            let zs = zones::country_zones(c);
            if zs.len() == 1 {
                push_zone(&mut out, zs[0]);
            } else {
                countries.push(c);
            }
        }
    }
    if let Some(phone) = attempt.recipient.address.as_ref().and_then(Address::phone) {
        if let Some(ac) = phone.nanp_area_code().and_then(zones::nanp_area_code) {
            for z in ac.zones {
                push_zone(&mut out, z);
            }
        } else if let Some(c) = phone.region() {
            let zs = zones::country_zones(c);
            if zs.len() == 1 {
                push_zone(&mut out, zs[0]);
            } else {
                countries.push(c);
            }
        }
    }
    if out.is_empty() && !countries.is_empty() {
        for c in countries {
            for z in zones::country_zones(c) {
                push_zone(&mut out, z);
            }
        }
        return (out, true);
    }
    (out, false)
}

/// US territories have their own ISO country codes but US federal law applies there.
pub(crate) const US_TERRITORIES: [&str; 5] = ["PR", "VI", "GU", "AS", "MP"];

/// Jurisdictions of the recipient: stated countries and regions, NYC from ZIP codes, and for a
/// North American number the state of its area code (and NYC for city-only area codes).
pub fn jurisdictions_of(attempt: &Attempt) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |j: String| {
        if US_TERRITORIES.contains(&j.as_str()) {
            for t in ["US".to_string(), format!("US-{j}")] {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        if !out.contains(&j) {
            out.push(j);
        }
    };
    let mut any_country = false;
    for loc in &attempt.recipient.locations {
        let Some(c) = loc.country.or_else(|| loc.time_zone.as_ref().and_then(|tz| zones::country_of_zone(tz.name())))
        else {
            continue;
        };
        any_country = true;
        add(c.as_str().to_string());
        if zones::is_eu_member(c) {
            add("EU".to_string());
        }
        if let Some(region) = &loc.region {
            add(format!("{}-{}", c, region.to_ascii_uppercase()));
        }
        if c.as_str() == "US" {
            if let Some(pc) = &loc.postal_code {
                if zones::is_nyc_zip(pc) {
                    add("US-NY".to_string());
                    add("US-NY-NYC".to_string());
                }
            }
        }
    }
    if let Some(phone) = attempt.recipient.address.as_ref().and_then(Address::phone) {
        if let Some(area) = phone.nanp_area_code() {
            if let Some(ac) = zones::nanp_area_code(area) {
                add(ac.country.as_str().to_string());
                if let Some(r) = ac.region {
                    add(format!("{}-{}", ac.country, r));
                }
                if zones::is_nyc_area_code(area) {
                    add("US-NY-NYC".to_string());
                }
            }
        } else if !any_country {
            if let Some(c) = phone.region() {
                add(c.as_str().to_string());
                if zones::is_eu_member(c) {
                    add("EU".to_string());
                }
            }
        }
    }
    out
}
