//! The law of fairtouch, as data: every rule pack of the repository's `rules/` folder and the
//! geography tables of `rules/data/`, embedded so that the engine (the `fairtouch` crate) carries
//! them wherever it is built. The packs are TOML a lawyer can read; `rules/README.md` documents
//! their format. This crate holds no logic.

/// The default packs: (file name, TOML source, `sha256:` digest of the source).
pub const PACKS: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The shared lexicons of `rules/lexicons/`: (file stem, TOML source). A pack refers to lexicon
/// `NAME` of `lexicons/FILE.toml` as `"@FILE.NAME"`; the digest of every default pack covers them.
pub const LEXICONS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lexicons.rs"));

/// Geography tables, generated from libphonenumber and other public sources by
/// `rules/data/generate.py` (which states each source and its date).
pub mod data {
    /// `country<TAB>zone,zone,...`: the IANA zones of each country.
    pub const COUNTRY_ZONES: &str = include_str!("../data/country-zones.tsv");
    /// `country<TAB>region<TAB>zone,...`: the zones of US states and other regions.
    pub const REGIONS: &str = include_str!("../data/us-regions.tsv");
    /// North American area codes: country, region and zones.
    pub const NANP_AREA_CODES: &str = include_str!("../data/nanp-area-codes.tsv");
    /// Country calling codes and their main country.
    pub const CALLING_CODES: &str = include_str!("../data/calling-codes.tsv");
    /// The ZIP codes of New York City's five boroughs.
    pub const NYC_ZIP_CODES: &str = include_str!("../data/nyc-zip-codes.txt");
    /// Possible national number lengths after each calling code.
    pub const PHONE_LENGTHS: &str = include_str!("../data/phone-lengths.tsv");
    /// `country<TAB>language`: the language debtors of a country are written to by default.
    pub const COUNTRY_LANGUAGES: &str = include_str!("../data/country-languages.tsv");
    /// `language<TAB>name<TAB>month`: month names as texts write them.
    pub const MONTH_NAMES: &str = include_str!("../data/month-names.tsv");
    /// `before|after<TAB>sign<TAB>ISO 4217 code`: currency signs and words next to amounts.
    pub const CURRENCY_SIGNS: &str = include_str!("../data/currency-signs.tsv");
    /// Public-holiday calendars, by rule (fixed dates, nth weekdays, days from Easter).
    pub const HOLIDAYS: &str = include_str!("../data/holidays.toml");
    /// Legal-form suffixes of business names (`llc`, `sas`, `sac`, ...), one per line.
    pub const LEGAL_FORMS: &str = include_str!("../data/legal-forms.txt");
}
