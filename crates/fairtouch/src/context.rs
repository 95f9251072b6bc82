//! What the engine derives from an attempt before the rules run: candidate time zones,
//! jurisdictions, language, the normalised text and its phrase matches, and the facts rules test.

use std::cell::OnceCell;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::engine::Engine;
use crate::model::{Address, AddressKind, Attempt, Channel, ConsentPurpose, Country, Direction, Language, Outcome};
use crate::pack::{Conditions, Fact, GroupId, LangTag, Pack};
use crate::text::Normalized;
use crate::zones;

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
        self.tz.iana_name().unwrap_or("UTC")
    }
}

/// A phrase match attributed to a group.
#[derive(Debug, Clone, Copy)]
pub struct GroupHit {
    pub group: GroupId,
    pub lang: LangTag,
    pub start: u32,
    pub end: u32,
}

/// A text of the attempt (body or subject), normalised and matched.
#[derive(Debug)]
pub struct TextView<'a> {
    pub original: &'a str,
    pub field: &'static str,
    pub norm: Normalized,
    pub hits: Vec<GroupHit>,
    amounts: OnceCell<Vec<crate::checks::fields::Money>>,
    dates: OnceCell<Vec<crate::checks::fields::WrittenDate>>,
    utf16: OnceCell<crate::text::Utf16Index>,
}

impl<'a> TextView<'a> {
    pub fn new(engine: &Engine, original: &'a str, field: &'static str) -> TextView<'a> {
        let norm = Normalized::new(original);
        // By group, so that each rule reads its own matches without walking everyone's.
        let hits = engine.match_groups(&norm.text);
        TextView {
            original,
            field,
            norm,
            hits,
            amounts: OnceCell::new(),
            dates: OnceCell::new(),
            utf16: OnceCell::new(),
        }
    }

    /// The span of a byte range of the original text.
    pub fn span(&self, start: usize, end: usize) -> crate::model::Span {
        let index = self.utf16.get_or_init(|| crate::text::Utf16Index::new(self.original));
        crate::text::indexed_span(self.original, index, start, end, self.field)
    }

    /// The span of the original text behind a byte range of the normalised text.
    pub fn span_of_normalized(&self, start: usize, end: usize) -> crate::model::Span {
        let (s, e) = self.norm.original_range(start, end);
        self.span(s, e)
    }

    /// The money amounts written in the text (computed once).
    pub fn amounts(&self) -> &[crate::checks::fields::Money] {
        self.amounts.get_or_init(|| crate::checks::fields::amounts(self.original))
    }

    /// The dates written in the text (computed once).
    pub fn dates(&self, language: Language) -> &[crate::checks::fields::WrittenDate] {
        self.dates.get_or_init(|| crate::checks::fields::dates(self, language))
    }

    /// Matches of a group usable for a language (its own phrases and language-free ones).
    pub fn hits_of(&self, group: GroupId, language: Language) -> impl Iterator<Item = &GroupHit> {
        self.hits_any(group).filter(move |h| h.lang.is_none_or(|l| l == language))
    }

    /// Matches of a group in any language.
    pub fn hits_any(&self, group: GroupId) -> impl Iterator<Item = &GroupHit> {
        let from = self.hits.partition_point(|h| h.group.0 < group.0);
        let to = from + self.hits[from..].partition_point(|h| h.group.0 == group.0);
        self.hits[from..to].iter()
    }
}

/// An inbound reply, normalised, with its phrase matches.
pub type Reply = (Normalized, Vec<GroupHit>);

/// Everything derived from one attempt at one instant.
pub struct Context<'a> {
    pub engine: &'a Engine,
    pub attempt: &'a Attempt,
    /// The instant evaluated (the attempt's `send_at`, or a later one when searching for the
    /// next allowed time).
    pub at: Timestamp,
    pub zones: Vec<Zone>,
    /// No location was specific enough: every zone of the country was assumed.
    pub zones_assumed: bool,
    pub jurisdictions: Vec<String>,
    pub language: Language,
    pub texts: Vec<TextView<'a>>,
    pub initial: bool,
    pub responds_to_inbound: bool,
    /// Template lint: placeholders stand for fields, and effective dates may be ignored.
    pub lint: bool,
    order: OnceCell<Vec<usize>>,
    debt_fields: OnceCell<Vec<(usize, usize, usize, crate::pack::Field)>>,
    replies: OnceCell<Vec<OnceCell<Reply>>>,
    responses: OnceCell<Vec<bool>>,
    event_dates: OnceCell<Vec<Vec<jiff::civil::Date>>>,
    needles: OnceCell<Vec<(crate::pack::Field, String)>>,
}

fn language_of_country(c: Country) -> Option<Language> {
    match c.as_str() {
        "US" | "GB" | "IE" | "CA" | "AU" | "NZ" => Some(Language::En),
        "FR" | "BE" | "LU" | "MC" | "GP" | "MQ" | "GF" | "RE" | "YT" | "PM" | "BL" | "MF" | "NC" | "PF" => {
            Some(Language::Fr)
        }
        "PE" | "ES" | "MX" | "AR" | "CL" | "CO" | "EC" | "BO" | "UY" | "PY" | "VE" | "CR" | "PA" | "GT" | "HN"
        | "SV" | "NI" | "DO" | "CU" | "PR" => Some(Language::Es),
        _ => None,
    }
}

impl<'a> Context<'a> {
    pub fn new(engine: &'a Engine, attempt: &'a Attempt, at: Timestamp, lint: bool) -> Context<'a> {
        let (mut zones, zones_assumed) = candidate_zones(attempt);
        for z in &mut zones {
            z.local = z.tz.to_datetime(at);
        }
        let jurisdictions = jurisdictions_of(attempt);
        let language = attempt
            .language
            .or_else(|| attempt.recipient.locations.iter().filter_map(|l| l.country).find_map(language_of_country))
            .or_else(|| {
                attempt
                    .recipient
                    .address
                    .as_ref()
                    .and_then(Address::phone)
                    .and_then(|p| p.region())
                    .and_then(language_of_country)
            })
            .unwrap_or(Language::En);
        let mut texts = Vec::new();
        if let Some(subject) = &attempt.subject {
            texts.push(TextView::new(engine, subject, "subject"));
        }
        if let Some(body) = &attempt.body {
            texts.push(TextView::new(engine, body, "body"));
        }
        let initial = attempt.initial_communication.unwrap_or_else(|| {
            !attempt.history.iter().any(|e| {
                e.at <= at
                    && e.concerns(attempt.debt.as_ref().and_then(|d| d.id.as_deref()))
                    && match e.direction {
                        Direction::Outbound => !matches!(e.outcome, Some(Outcome::Failed) | Some(Outcome::NoAnswer)),
                        Direction::Inbound => e.outcome == Some(Outcome::Conversation),
                    }
            })
        });
        let mut ctx = Context {
            engine,
            attempt,
            at,
            zones,
            zones_assumed,
            jurisdictions,
            language,
            texts,
            initial,
            responds_to_inbound: false,
            lint,
            order: OnceCell::new(),
            debt_fields: OnceCell::new(),
            replies: OnceCell::new(),
            responses: OnceCell::new(),
            event_dates: OnceCell::new(),
            needles: OnceCell::new(),
        };
        ctx.responds_to_inbound = ctx.latest_on_channel_is_inbound(attempt.channel, at);
        ctx
    }

    /// The normalised body of history event `i` and its phrase matches (computed once).
    pub fn reply(&self, i: usize, body: &str) -> &Reply {
        let cells = self.replies.get_or_init(|| (0..self.attempt.history.len()).map(|_| OnceCell::new()).collect());
        cells[i].get_or_init(|| {
            let norm = Normalized::new(body);
            let hits = self.engine.match_groups(&norm.text);
            (norm, hits)
        })
    }

    /// History indices sorted by time.
    pub fn chronological(&self) -> &[usize] {
        self.order.get_or_init(|| {
            let mut idx: Vec<usize> = (0..self.attempt.history.len()).collect();
            idx.sort_by_key(|&i| self.attempt.history[i].at);
            idx
        })
    }

    /// The latest contact, on any channel, came from the recipient on this channel: nothing was
    /// sent since, so a message now answers it.
    fn latest_on_channel_is_inbound(&self, channel: Channel, before: Timestamp) -> bool {
        let mut latest: Option<(Timestamp, Direction, Channel)> = None;
        for e in &self.attempt.history {
            if e.at <= before && latest.is_none_or(|(t, _, _)| e.at >= t) {
                latest = Some((e.at, e.direction, e.channel));
            }
        }
        matches!(latest, Some((_, Direction::Inbound, c)) if c == channel)
    }

    /// Whether history event `i` (outbound) answered a contact the recipient started: the event
    /// just before it, on any channel, was inbound on the same channel.
    pub fn event_is_response(&self, i: usize) -> bool {
        let flags = self.responses.get_or_init(|| {
            let history = &self.attempt.history;
            let mut flags = vec![false; history.len()];
            let mut last: Option<(Direction, Channel)> = None;
            for &j in self.chronological() {
                let e = &history[j];
                flags[j] = last == Some((Direction::Inbound, e.channel));
                last = Some((e.direction, e.channel));
            }
            flags
        });
        flags.get(i).copied().unwrap_or(false)
    }

    /// The local date of every history event in candidate zone `zone` (computed once).
    pub fn event_dates(&self, zone: usize) -> &[jiff::civil::Date] {
        let all = self.event_dates.get_or_init(|| {
            self.zones
                .iter()
                .map(|z| self.attempt.history.iter().map(|e| z.tz.to_datetime(e.at).date()).collect())
                .collect()
        });
        all.get(zone).map_or(&[], Vec::as_slice)
    }

    /// The normalised text to look for when a field's value must appear in a message: names
    /// without their legal-form suffix (computed once).
    pub fn needle(&self, field: crate::pack::Field) -> Option<&str> {
        use crate::pack::Field;
        let needles = self.needles.get_or_init(|| {
            let a = self.attempt;
            let debt = a.debt.as_ref();
            let core = |v: Option<&str>| v.map(crate::checks::fields::core_name);
            let plain = |v: Option<&str>| v.map(crate::text::normalize);
            [
                (Field::SenderName, core(a.sender.name.as_deref())),
                (Field::SenderLicense, plain(a.sender.license_number.as_deref())),
                (Field::Creditor, core(debt.and_then(|d| d.creditor.as_deref()))),
                (Field::Reference, plain(debt.and_then(|d| d.reference.as_deref()))),
                (
                    Field::LetterReference,
                    plain(debt.and_then(|d| d.initial_letter.as_ref()).map(|l| l.reference.as_str())),
                ),
            ]
            .into_iter()
            .filter_map(|(f, v)| v.filter(|v| !v.is_empty()).map(|v| (f, v)))
            .collect()
        });
        needles.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str())
    }

    /// The address kind of the attempt's recipient address.
    pub fn address_kind(&self) -> AddressKind {
        self.attempt.recipient.address_kind
    }

    /// Whether an event's address is the recipient's current address (or unspecified).
    pub fn same_address(&self, address: Option<&Address>) -> bool {
        match (address, &self.attempt.recipient.address) {
            (Some(a), Some(b)) => a.canonical() == b.canonical(),
            _ => true,
        }
    }

    /// Whether a marketing consent for the attempt's channel is in force.
    pub fn marketing_consent(&self) -> bool {
        self.attempt.recipient.consents.iter().any(|c| {
            c.purpose == ConsentPurpose::Marketing
                && consent_channel_matches(c.channel, self.attempt.channel)
                && self.same_address(c.address.as_ref())
                && c.given_at.is_none_or(|g| g <= self.at)
                && c.revoked_at.is_none_or(|r| r > self.at)
        })
    }

    /// Whether the texts mention the debt: the pack's `debt_words`, or the debt's amount, creditor
    /// or reference.
    pub fn mentions_debt(&self, pack: &Pack) -> bool {
        if let Some(g) = pack.debt_words {
            if self.texts.iter().any(|t| t.hits_any(g).next().is_some()) {
                return true;
            }
        }
        !self.debt_fields().is_empty()
    }

    /// Where the debt's amount, creditor and reference appear in the texts (computed once).
    pub fn debt_fields(&self) -> &[(usize, usize, usize, crate::pack::Field)] {
        self.debt_fields.get_or_init(|| crate::checks::fields::debt_fields_in_texts(self).collect())
    }

    pub fn fact(&self, fact: Fact, pack: &Pack) -> bool {
        let a = self.attempt;
        let debt = a.debt.as_ref();
        match fact {
            Fact::InitialCommunication => self.initial,
            Fact::TimeBarred => debt.is_some_and(|d| d.time_barred),
            Fact::Disputed => debt.is_some_and(|d| d.disputed),
            Fact::Bankruptcy => debt.is_some_and(|d| d.bankruptcy),
            Fact::LegalActionIntended => debt.is_some_and(|d| d.legal_action_intended && !d.time_barred),
            Fact::JudgmentObtained => debt.is_some_and(|d| d.judgment_obtained),
            Fact::ConsumerDebt => debt.is_none_or(|d| d.consumer),
            Fact::FinancialSystemCredit => debt.is_some_and(|d| d.financial_system),
            Fact::MarketingConsent => self.marketing_consent(),
            Fact::Automated => a.automated,
            Fact::FeesAuthorized => debt.is_some_and(|d| d.fees_authorized),
            Fact::RespondsToInbound => self.responds_to_inbound,
            Fact::RepresentedByAttorney => a.recipient.represented_by_attorney,
            Fact::MentionsDebt => self.mentions_debt(pack),
            Fact::HasBody => a.body.is_some(),
            Fact::Purpose(p) => a.purpose == p,
            Fact::Relation(r) => a.recipient.relation == r,
            Fact::AddressKind(k) => a.recipient.address_kind == k,
            Fact::Channel(c) => a.channel == c,
            Fact::LineType(l) => a.recipient.line_type == Some(l),
            Fact::Language(l) => self.language == l,
            Fact::Role(r) => a.sender.role == r,
        }
    }

    /// `when` holds: every entry has a literal that holds.
    pub fn all_hold(&self, conditions: &Conditions, pack: &Pack) -> bool {
        conditions.iter().all(|entry| entry.iter().any(|&(neg, f)| self.fact(f, pack) != neg))
    }

    /// `unless` holds: some entry has a literal that holds.
    pub fn any_holds(&self, conditions: &Conditions, pack: &Pack) -> bool {
        conditions.iter().any(|entry| entry.iter().any(|&(neg, f)| self.fact(f, pack) != neg))
    }
}

/// A consent for `consented` covers an attempt on `channel` (a voice consent covers voicemail).
pub fn consent_channel_matches(consented: Channel, channel: Channel) -> bool {
    consented == channel || (consented == Channel::Voice && channel == Channel::Voicemail)
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
