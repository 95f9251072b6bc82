//! Loading a pack: parse its TOML, validate every part, compile every rule, and report errors
//! with the file, the line and the rule.

use std::collections::HashMap;

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use super::conditions::parse_conditions;
use super::format::*;
use super::*;
use crate::error::Error;
use crate::geo::holidays::Calendar;
use crate::model::{Channel, ClockTime, SenderRole};

/// The id of the `[[rule]]` that contains byte `offset` of a pack source, for error messages.
fn rule_id_before(source: &str, offset: usize) -> Option<String> {
    let head = &source[..offset.min(source.len())];
    let start = head.rfind("[[rule]]")?;
    let rest = &source[start..];
    let end = rest[8..].find("\n[").map_or(rest.len(), |e| e + 8);
    rest[..end].lines().find_map(|l| {
        let v = l.trim().strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        Some(v.trim_matches('"').to_string())
    })
}

/// Turns byte offsets of a source into line numbers, counting the newlines from the last offset
/// asked for: the rules' offsets come in order, so the file is read once.
struct LineIndex<'a> {
    source: &'a [u8],
    /// The last offset asked for (clamped to the source) and its line.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        LineIndex { source: source.as_bytes(), last: std::cell::Cell::new((0, 1)) }
    }
    fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        let (from, line) = match self.last.get() {
            (at, line) if at <= offset => (at, line),
            _ => (0, 1),
        };
        let line = line + self.source[from..offset].iter().filter(|&&b| b == b'\n').count();
        self.last.set((offset, line));
        line
    }
}

/// The shared lexicons of `rules/lexicons/` (`fairtouch_rules::LEXICONS`), registered once per
/// engine: a pack refers to lexicon `NAME` of `lexicons/FILE.toml` as `"@FILE.NAME"`.
#[derive(Debug, Default)]
pub(crate) struct SharedLexicons {
    by_name: HashMap<String, (GroupId, PhraseSpec)>,
}

/// A phrase list by language key, as written.
pub(super) type PhraseSpec = std::collections::BTreeMap<String, Vec<String>>;

/// Parses and registers every shared lexicon; an error names the file, the line and the lexicon.
pub(crate) fn load_shared(files: &[(&str, &str)], registry: &mut PhraseRegistry) -> Result<SharedLexicons, Error> {
    let mut shared = SharedLexicons::default();
    for (stem, source) in files {
        let origin = format!("rules/lexicons/{stem}.toml");
        let lines = LineIndex::new(source);
        let err = |line: Option<usize>, message: String| Error::InvalidPack {
            pack: origin.clone(),
            line,
            rule: None,
            message,
        };
        let raw: RawLexiconFile = toml::from_str(source)
            .map_err(|e| err(e.span().map(|s| lines.line(s.start)), e.message().trim().to_string()))?;
        for (name, spec) in raw.lexicon {
            // The line, for errors only.
            let line = || source.find(&format!("[lexicon.{name}]")).map(|o| lines.line(o));
            if name.contains('.') {
                return Err(err(line(), format!("lexicon {name}: a lexicon name has no '.'")));
            }
            let id = registry.add_group(&spec).map_err(|m| err(line(), format!("lexicon {name}: {m}")))?;
            shared.by_name.insert(format!("{stem}.{name}"), (id, spec));
        }
    }
    Ok(shared)
}

/// The digest of a pack that did not come with one: its source and every shared lexicon, as
/// `rules/build.rs` computes it for the default packs.
fn digest_of(source: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(source.as_bytes());
    if !fairtouch_rules::LEXICONS.is_empty() {
        hasher.update([0u8]);
        for (stem, text) in fairtouch_rules::LEXICONS {
            hasher.update(stem.as_bytes());
            hasher.update([0u8]);
            hasher.update(text.as_bytes());
            hasher.update([0u8]);
        }
    }
    format!("sha256:{:x}", hasher.finalize())
}

pub(crate) struct Loaded {
    pub pack: Pack,
    pub rules: Vec<Rule>,
}

pub(crate) fn load(
    source: &str,
    origin: &str,
    embedded: bool,
    digest: Option<&str>,
    pack_index: usize,
    shared: &SharedLexicons,
    registry: &mut PhraseRegistry,
) -> Result<Loaded, Error> {
    let err = |line: Option<usize>, rule: Option<&str>, message: String| Error::InvalidPack {
        pack: origin.to_string(),
        line,
        rule: rule.map(str::to_string),
        message,
    };
    let lines = LineIndex::new(source);
    let raw: RawPack = toml::from_str(source).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        let rule = offset.and_then(|o| rule_id_before(source, o));
        let line = offset.map(|o| lines.line(o));
        err(line, rule.as_deref(), e.message().trim().to_string())
    })?;
    let header = raw.pack;
    if header.id.is_empty() || !header.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(err(Some(1), None, format!("pack id {:?} must be lower-case letters, digits and '-'", header.id)));
    }
    let jurisdictions = match header.jurisdiction {
        OneOrMany::One(j) => vec![j],
        OneOrMany::Many(js) => js,
    };
    for j in &jurisdictions {
        let ok = j == "*" || j == "EU" || {
            let parts: Vec<&str> = j.split('-').collect();
            parts.len() <= 3
                && parts[0].len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        };
        if !ok {
            return Err(err(
                None,
                None,
                format!("jurisdiction {j:?}: expected \"*\", \"EU\", \"US\", \"US-MA\" or \"US-NY-NYC\""),
            ));
        }
    }

    let mut lexicons: HashMap<String, (GroupId, PhraseSpec)> = HashMap::new();
    for (name, spec) in &raw.lexicon {
        // The line, for errors only.
        let line = || source.find(&format!("[lexicon.{name}]")).map(|o| lines.line(o));
        if name.contains('.') {
            return Err(err(
                line(),
                None,
                format!("lexicon {name}: a lexicon name has no '.' (\"@file.name\" refers to a shared lexicon)"),
            ));
        }
        let id = registry.add_group(spec).map_err(|m| err(line(), None, format!("lexicon {name}: {m}")))?;
        lexicons.insert(name.clone(), (id, spec.clone()));
    }
    let debt_words = lexicons.get("debt_words").map(|(id, _)| *id);
    let demand_words = lexicons.get("demand_words").map(|(id, _)| *id);
    let marketing_stop = lexicons.get("marketing").map(|(id, _)| (*id, stop_reading(shared)));

    let (example_base, example_zone) = match raw.examples {
        Some(e) => {
            if let Some(z) = &e.zone {
                if crate::geo::zones::lookup(z).is_none() {
                    return Err(err(None, None, format!("examples.zone: unknown time zone {z:?}")));
                }
            }
            (Some(e.base), e.zone)
        }
        None => (None, None),
    };

    let mut rules = Vec::with_capacity(raw.rule.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for spanned in raw.rule {
        let line = lines.line(spanned.span().start);
        let raw_rule = spanned.into_inner();
        let id = raw_rule.id.clone();
        let rid = Some(id.as_str());
        if !id.contains('.') || id.chars().any(|c| c.is_whitespace() || c.is_ascii_uppercase()) {
            return Err(err(
                Some(line),
                rid,
                "rule id must be lower case and dotted, e.g. \"us.regf.inconvenient-time\"".into(),
            ));
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(err(Some(line), rid, format!("duplicate rule id (first defined on line {first})")));
        }
        let rule = compile_rule(raw_rule, pack_index, line, &lexicons, shared, registry)
            .map_err(|m| err(Some(line), rid, m))?;
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(err(None, None, "a pack needs at least one [[rule]]".into()));
    }

    let digest = match digest {
        Some(d) => d.to_string(),
        None => digest_of(source),
    };
    Ok(Loaded {
        pack: Pack {
            id: header.id,
            version: header.version,
            digest,
            title: header.title,
            jurisdictions,
            origin: origin.to_string(),
            embedded,
            example_base,
            example_zone,
            debt_words,
            demand_words,
            marketing_stop,
        },
        rules,
    })
}

/// How a reply asking to stop is read, from the shared revocation lexicons, whatever medium it
/// names: keywords (the medium they came through), phrases, and requests naming a medium.
fn stop_reading(shared: &SharedLexicons) -> ConsentParams {
    let get = |name: &str| shared.by_name.get(&format!("revocation.{name}")).map(|(id, _)| *id);
    let every = |name: &str| get(name).map(|group| Named { group, channels: 0xff, own_address: false });
    ConsentParams {
        require: false,
        purpose: crate::model::ConsentPurpose::Marketing,
        keywords: get("stop_keywords"),
        phrases: get("stop_phrases"),
        review: None,
        courtesy: get("courtesy"),
        confirmation_seconds: None,
        confirmation_max: 1,
        revocation_channels: None,
        written: false,
        named: ["stop_texts", "stop_calls", "stop_emails", "stop_phone"].into_iter().filter_map(every).collect(),
        qualifiers: get("stop_qualifiers"),
        per_matter: false,
        negations: get("negations"),
        allow_response: false,
        used_within_days: None,
    }
}

fn date_of(d: &toml::value::Datetime, what: &str) -> Result<Date, String> {
    match (&d.date, &d.time) {
        (Some(date), None) => {
            Date::new(date.year as i16, date.month as i8, date.day as i8).map_err(|e| format!("{what}: {e}"))
        }
        _ => Err(format!("{what}: expected a date such as 2021-11-30")),
    }
}

fn channel_bits(channels: &[Channel]) -> u8 {
    channels.iter().fold(0, |acc, c| acc | (1 << (*c as u8)))
}

fn role_bits(roles: &[SenderRole]) -> u8 {
    roles.iter().fold(0, |acc, r| acc | (1 << (*r as u8)))
}

fn params<T: serde::de::DeserializeOwned>(value: Option<toml::Value>, kind: &str) -> Result<T, String> {
    let value = value.unwrap_or_else(|| toml::Value::Table(Default::default()));
    T::deserialize(value).map_err(|e| format!("params of {kind}: {}", e.message().trim()))
}

fn compile_rule(
    raw: RawRule,
    pack: usize,
    line: usize,
    lexicons: &HashMap<String, (GroupId, PhraseSpec)>,
    shared: &SharedLexicons,
    registry: &mut PhraseRegistry,
) -> Result<Rule, String> {
    // A reference: "@name" (a lexicon of the pack) or "@file.name" (a shared lexicon).
    let lookup = |reference: &str, what: &str| -> Result<&(GroupId, PhraseSpec), String> {
        let name = reference.strip_prefix('@').ok_or_else(|| {
            format!("{what}: a lexicon reference starts with '@' (got {reference:?}); inline phrases go in a table by language")
        })?;
        if name.contains('.') {
            shared.by_name.get(name).ok_or_else(|| {
                let mut known: Vec<&str> = shared.by_name.keys().map(String::as_str).collect();
                known.sort_unstable();
                format!("{what}: unknown shared lexicon @{name} (rules/lexicons has {})", known.join(", "))
            })
        } else {
            lexicons.get(name).ok_or_else(|| format!("{what}: unknown lexicon @{name}"))
        }
    };
    let mut group = |spec: &PatternSpec, what: &str| -> Result<GroupId, String> {
        match spec {
            PatternSpec::Lexicon(reference) => lookup(reference, what).map(|(id, _)| *id),
            PatternSpec::Lexicons(references) => {
                // The union of several lexicons: one group of all their phrases.
                if references.is_empty() {
                    return Err(format!("{what}: an empty list of lexicons"));
                }
                let mut union = PhraseSpec::new();
                for reference in references {
                    for (lang, phrases) in &lookup(reference, what)?.1 {
                        union.entry(lang.clone()).or_default().extend(phrases.iter().cloned());
                    }
                }
                registry.add_group(&union).map_err(|m| format!("{what}: {m}"))
            }
            PatternSpec::Inline(map) => registry.add_group(map).map_err(|m| format!("{what}: {m}")),
        }
    };
    let check = match raw.check {
        CheckKind::ContactWindow => {
            let p: RawWindow = params(raw.params, "contact_window")?;
            let recipient_times = p.recipient_times;
            let (start, end) = match (p.start, p.end, recipient_times) {
                (Some(s), Some(e), false) => (ClockTime::parse(&s)?, ClockTime::parse(&e)?),
                (None, None, true) => (ClockTime { seconds: 0 }, ClockTime { seconds: 86400 }),
                (_, _, true) => return Err("params: recipient_times takes no start/end".into()),
                _ => return Err("params: contact_window needs start and end (or recipient_times = true)".into()),
            };
            if start >= end {
                return Err(format!("params: end {end} must be after start {start}"));
            }
            let days = match p.days {
                Some(d) if d.is_empty() => return Err("params.days: empty".into()),
                Some(d) => d.iter().fold(0u8, |acc, w| acc | w.bit()),
                None => 0x7f,
            };
            let holidays = match p.holidays {
                Some(h) => Some(Calendar::from_id(&h).ok_or_else(|| {
                    let known: Vec<&str> = Calendar::all().map(Calendar::id).collect();
                    format!("params.holidays: unknown calendar {h:?} ({})", known.join(", "))
                })?),
                None => None,
            };
            let zone = match p.zone {
                Some(z) => {
                    let tz =
                        crate::geo::zones::lookup(&z).ok_or_else(|| format!("params.zone: unknown time zone {z:?}"))?;
                    Some((z, tz))
                }
                None => None,
            };
            Check::ContactWindow(WindowParams { start, end, days, holidays, zone, recipient_times })
        }
        CheckKind::FrequencyCap => {
            let p: RawFrequency = params(raw.params, "frequency_cap")?;
            let per_debt = match p.per.as_str() {
                "debt" => true,
                "person" => false,
                other => return Err(format!("params.per: {other:?}, expected \"debt\" or \"person\"")),
            };
            if p.days == 0 || p.days > 366 {
                return Err("params.days: between 1 and 366".into());
            }
            let max = match (p.max, p.after) {
                (Some(m), None) if m > 0 => m,
                (Some(_), None) => return Err("params.max: must be at least 1".into()),
                (None, Some(_)) => 0,
                (Some(_), Some(_)) => return Err("params: give either max (a cap) or after (a waiting period)".into()),
                (None, None) => {
                    return Err("params: frequency_cap needs max (a cap) or after (a waiting period)".into())
                }
            };
            let channels = match &p.channels {
                Some(c) => channel_bits(c),
                None => raw.channels.as_deref().map(channel_bits).unwrap_or(0x3f),
            };
            Check::FrequencyCap(FrequencyParams {
                max,
                days: p.days,
                channels,
                per_debt,
                exclude_outcomes: p.exclude_outcomes,
                exclude_consented: p.exclude_consented,
                exclude_responses: p.exclude_responses,
                address_kinds: p.address_kinds,
                after: p.after,
            })
        }
        CheckKind::Consent => {
            let p: RawConsent = params(raw.params, "consent")?;
            let keywords = p.keywords.as_ref().map(|s| group(s, "params.keywords")).transpose()?;
            let phrases = p.phrases.as_ref().map(|s| group(s, "params.phrases")).transpose()?;
            let review = p.review.as_ref().map(|s| group(s, "params.review")).transpose()?;
            let courtesy = p.courtesy.as_ref().map(|s| group(s, "params.courtesy")).transpose()?;
            let qualifiers = p.qualifiers.as_ref().map(|s| group(s, "params.qualifiers")).transpose()?;
            let negations = p.negations.as_ref().map(|s| group(s, "params.negations")).transpose()?;
            let mut named = Vec::with_capacity(p.named.len());
            for (i, n) in p.named.iter().enumerate() {
                if n.channels.is_empty() {
                    return Err(format!("params.named[{i}].channels: name at least one channel"));
                }
                named.push(Named {
                    group: group(&n.phrases, &format!("params.named[{i}].phrases"))?,
                    channels: channel_bits(&n.channels),
                    own_address: n.own_address,
                });
            }
            if !p.require && keywords.is_none() && phrases.is_none() && named.is_empty() {
                return Err(
                    "params: a consent rule either requires consent or reads revocations (keywords/phrases)".into()
                );
            }
            Check::Consent(ConsentParams {
                require: p.require,
                purpose: p.purpose.unwrap_or(crate::model::ConsentPurpose::Collection),
                keywords,
                phrases,
                review,
                courtesy,
                confirmation_seconds: p.confirmation_seconds,
                confirmation_max: p.confirmation_max.unwrap_or(1),
                revocation_channels: p.revocation_channels.as_deref().map(channel_bits),
                written: p.written,
                named,
                qualifiers,
                per_matter: p.per_matter,
                negations,
                allow_response: p.allow_response,
                used_within_days: p.used_within_days,
            })
        }
        CheckKind::CommunicationBar => {
            let p: RawBar = params(raw.params, "communication_bar")?;
            if p.allow_purposes.is_some() {
                return Err("params.allow_purposes is no longer read: list the purposes the bar applies to in the \
                            rule's `purposes` and leave out the ones it allows"
                    .into());
            }
            // The purposes a bar allows are those left out of the rule's `purposes`.
            Check::CommunicationBar(BarParams { bar: p.bar, allow_response: p.allow_response })
        }
        CheckKind::ThirdPartyGuard => {
            let p: RawGuard = params(raw.params, "third_party_guard")?;
            let reveals = p.reveals.as_ref().map(|s| group(s, "params.reveals")).transpose()?;
            let reveal_fields = p.reveal_fields.iter().map(|f| Field::parse(f)).collect::<Result<_, _>>()?;
            Check::ThirdPartyGuard(GuardParams {
                allowed_relations: p.allowed_relations,
                guarded_address_kinds: p.guarded_address_kinds,
                reveals,
                reveal_fields,
                max_location_contacts: p.max_location_contacts,
                third_party_purposes: p.third_party_purposes,
            })
        }
        CheckKind::BannedContent => {
            let p: RawBanned = params(raw.params, "banned_content")?;
            let patterns = group(&p.patterns, "params.patterns")?;
            let except = p.except.as_ref().map(|s| group(s, "params.except")).transpose()?;
            let review = p.review.as_ref().map(|s| group(s, "params.review")).transpose()?;
            Check::BannedContent(BannedParams { patterns, except, review })
        }
        CheckKind::RequiredContent => {
            let p: RawRequired = params(raw.params, "required_content")?;
            if p.all.is_empty() {
                return Err("params.all: empty".into());
            }
            let mut all = Vec::new();
            for (i, item) in p.all.iter().enumerate() {
                all.push(match (&item.any, &item.field) {
                    (Some(spec), None) => Requirement::Phrases {
                        group: group(spec, &format!("params.all[{i}].any"))?,
                        label: item.label.clone(),
                    },
                    (None, Some(f)) => Requirement::Field { field: Field::parse(f)?, label: item.label.clone() },
                    _ => return Err(format!("params.all[{i}]: give exactly one of any or field")),
                });
            }
            Check::RequiredContent(RequiredParams { all })
        }
        CheckKind::Accuracy => {
            let p: RawAccuracy = params(raw.params, "accuracy")?;
            let field = Field::parse(&p.field)?;
            if !matches!(field, Field::Amount | Field::Creditor | Field::DueDate) {
                return Err("params.field: accuracy compares debt.amount, debt.creditor or debt.due_date".into());
            }
            Check::Accuracy(AccuracyParams {
                field,
                cues_before: group(&p.cues_before, "params.cues_before")?,
                cues_after: p.cues_after.as_ref().map(|s| group(s, "params.cues_after")).transpose()?,
                gap_words: p.gap_words.unwrap_or(4),
                not_owed: p.not_owed.as_ref().map(|s| group(s, "params.not_owed")).transpose()?,
            })
        }
    };
    if raw.binds.is_empty() {
        return Err("binds: name at least one sender role".into());
    }
    if raw.citation.trim().is_empty() || raw.explain.trim().is_empty() {
        return Err("citation and explain must not be empty".into());
    }
    if !raw.source.starts_with("https://") && !raw.source.starts_with("http://") {
        return Err(format!("source must be a link to the text of the law, got {:?}", raw.source));
    }
    let from = raw.from.as_ref().map(|d| date_of(d, "from")).transpose()?;
    let until = raw.until.as_ref().map(|d| date_of(d, "until")).transpose()?;
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            return Err(format!("until {u} must be after from {f}"));
        }
    }
    if raw.examples.is_some() {
        return Err("examples.fire and examples.pass are no longer read: write each example as its own table, \
                    [[rule.fire]] or [[rule.pass]], with the keys it changes in the base attempt (body = \"...\" for \
                    a text)"
            .into());
    }
    if raw.fire.is_empty() || raw.pass.is_empty() {
        return Err("every rule needs at least one [[rule.fire]] and one [[rule.pass]] example".into());
    }
    for (kind, list) in [("fire", &raw.fire), ("pass", &raw.pass)] {
        for (i, example) in list.iter().enumerate() {
            let table = example.as_table().ok_or_else(|| {
                format!("{kind}[{i}]: an example is a table, [[rule.{kind}]], patching the base attempt (body = \"...\" for a text)")
            })?;
            if let Some(note) = table.get("note") {
                if !note.is_str() {
                    return Err(format!("{kind}[{i}].note: a string"));
                }
            }
        }
    }
    let channels = match &raw.channels {
        Some(c) if c.is_empty() => return Err("channels: empty".into()),
        Some(c) => channel_bits(c),
        None => 0x3f,
    };
    let category = raw.category.unwrap_or_else(|| check.default_category());
    let when = parse_conditions(&raw.when, "when", lexicons)?;
    let unless = parse_conditions(&raw.unless, "unless", lexicons)?;
    let asks_demand = |c: &Conditions| c.iter().flatten().any(|&(_, f)| f == Fact::DemandsPayment);
    if (asks_demand(&when) || asks_demand(&unless)) && !lexicons.contains_key("demand_words") {
        return Err("condition \"demands_payment\" needs a [lexicon.demand_words] in the pack".into());
    }
    Ok(Rule {
        id: raw.id,
        pack,
        category,
        channels,
        binds: role_bits(&raw.binds),
        relations: raw.relations,
        purposes: raw.purposes,
        citation: raw.citation,
        source: raw.source,
        severity: raw.severity,
        pack_severity: raw.severity,
        from,
        until,
        explain: raw.explain.trim().to_string(),
        when,
        unless,
        line,
        disabled: false,
        fire: raw.fire,
        pass: raw.pass,
        check,
    })
}
