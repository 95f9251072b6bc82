//! The engine: built once from packs and overrides, then evaluates attempts.

use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use crate::checks::{self, Report};
use crate::context::Context;
use crate::error::Error;
use crate::locate::US_TERRITORIES;
use crate::model::{
    Address, AddressKind, Attempt, Category, Channel, Decision, Finding, OverrideRecord, PackRef, Recipient, Relation,
    Severity, Template, Verdict,
};
use crate::pack::{self, Matcher, Pack, PhraseRegistry, Rule};
use crate::resolve::Resolved;

/// Builds an [`Engine`]: the embedded default packs, plus packs of your own, plus overrides.
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    default_packs: bool,
    sources: Vec<(String, String, bool)>,
    severities: Vec<(String, Severity)>,
    disabled: Vec<String>,
    only_packs: Option<Vec<String>>,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        EngineBuilder {
            default_packs: true,
            sources: Vec::new(),
            severities: Vec::new(),
            disabled: Vec::new(),
            only_packs: None,
        }
    }
}

impl EngineBuilder {
    /// A builder with the embedded default packs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps (`true`, the default) or drops the embedded default packs.
    pub fn default_packs(mut self, yes: bool) -> Self {
        self.default_packs = yes;
        self
    }

    /// Keeps only the default packs with these ids.
    pub fn only_packs<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.only_packs = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a pack from a file.
    pub fn pack_file(mut self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let source = std::fs::read_to_string(path)
            .map_err(|e| Error::Io { path: path.display().to_string(), message: e.to_string() })?;
        self.sources.push((path.display().to_string(), source, false));
        Ok(self)
    }

    /// Adds a pack from its TOML source; `origin` names it in error messages.
    pub fn pack_str(mut self, origin: impl Into<String>, source: impl Into<String>) -> Self {
        self.sources.push((origin.into(), source.into(), false));
        self
    }

    /// Overrides the severity of a rule (reported in every verdict).
    pub fn set_severity(mut self, rule: impl Into<String>, severity: Severity) -> Self {
        self.severities.push((rule.into(), severity));
        self
    }

    /// Disables a rule (reported in every verdict).
    pub fn disable_rule(mut self, rule: impl Into<String>) -> Self {
        self.disabled.push(rule.into());
        self
    }

    /// Loads and validates every pack and compiles every pattern.
    pub fn build(self) -> Result<Engine, Error> {
        // (origin, source, embedded, digest computed at compile time)
        let mut all: Vec<(String, std::borrow::Cow<'static, str>, bool, Option<&'static str>)> = Vec::new();
        if self.default_packs {
            for (name, source, digest) in fairtouch_rules::PACKS {
                all.push((format!("rules/{name}"), std::borrow::Cow::Borrowed(*source), true, Some(*digest)));
            }
        }
        all.extend(self.sources.into_iter().map(|(o, s, e)| (o, std::borrow::Cow::Owned(s), e, None)));
        let mut registry = PhraseRegistry::default();
        let shared = pack::load_shared(fairtouch_rules::LEXICONS, &mut registry)?;
        let mut packs: Vec<Pack> = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut ranges = Vec::new();
        for (origin, source, embedded, digest) in &all {
            let loaded = pack::load(source, origin, *embedded, *digest, packs.len(), &shared, &mut registry)?;
            if let Some(only) = &self.only_packs {
                if *embedded && !only.contains(&loaded.pack.id) {
                    continue;
                }
            }
            if let Some(other) = packs.iter().find(|p| p.id == loaded.pack.id) {
                return Err(Error::InvalidPack {
                    pack: origin.clone(),
                    line: Some(1),
                    rule: None,
                    message: format!("pack id {:?} is already loaded from {}", loaded.pack.id, other.origin),
                });
            }
            for r in &loaded.rules {
                if let Some(prev) = rules.iter().find(|x| x.id == r.id) {
                    return Err(Error::InvalidPack {
                        pack: origin.clone(),
                        line: Some(r.line),
                        rule: Some(r.id.clone()),
                        message: format!("rule id already defined in pack {}", packs[prev.pack].id),
                    });
                }
            }
            let index = packs.len();
            packs.push(loaded.pack);
            let start = rules.len();
            rules.extend(loaded.rules.into_iter().map(|mut r| {
                r.pack = index;
                r
            }));
            ranges.push(start..rules.len());
        }
        let mut overrides = Vec::new();
        for (id, severity) in &self.severities {
            let rule = rules
                .iter_mut()
                .find(|r| &r.id == id)
                .ok_or_else(|| Error::InvalidOption(format!("override: no rule {id:?} in the loaded packs")))?;
            overrides.push(OverrideRecord {
                rule: id.clone(),
                action: "severity".into(),
                from: rule.pack_severity,
                to: Some(*severity),
            });
            rule.severity = *severity;
        }
        for id in &self.disabled {
            let rule = rules
                .iter_mut()
                .find(|r| &r.id == id)
                .ok_or_else(|| Error::InvalidOption(format!("disable: no rule {id:?} in the loaded packs")))?;
            overrides.push(OverrideRecord {
                rule: id.clone(),
                action: "disabled".into(),
                from: rule.pack_severity,
                to: None,
            });
            rule.disabled = true;
        }
        let matcher = registry.compile().map_err(|m| Error::InvalidPack {
            pack: "(all packs)".into(),
            line: None,
            rule: None,
            message: m,
        })?;
        Ok(Engine { packs, rules, ranges, matcher, overrides })
    }
}

/// The compliance engine. Immutable, `Send + Sync`, cheap to share behind an `Arc`.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) packs: Vec<Pack>,
    pub(crate) rules: Vec<Rule>,
    /// For each pack, the range of its rules in `rules`.
    ranges: Vec<std::ops::Range<usize>>,
    matcher: Matcher,
    overrides: Vec<OverrideRecord>,
}

/// A pack as listed by [`Engine::packs`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackInfo {
    /// Pack id.
    pub id: String,
    /// Version.
    pub version: String,
    /// `sha256:` digest of the source.
    pub digest: String,
    /// Title.
    pub title: String,
    /// Jurisdictions it applies to.
    pub jurisdictions: Vec<String>,
    /// Number of rules.
    pub rules: usize,
    /// Where it came from (`rules/us-federal.toml` for embedded packs).
    pub origin: String,
    /// Whether it is embedded.
    pub embedded: bool,
}

/// A rule as listed by [`Engine::rules`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// Pack id.
    pub pack: String,
    /// Check kind.
    pub check: String,
    /// Category of its findings.
    pub category: Category,
    /// Severity in force.
    pub severity: Severity,
    /// Citation.
    pub citation: String,
    /// Link to the law.
    pub source: String,
    /// Explanation.
    pub explain: String,
    /// In force from.
    pub from: Option<String>,
    /// In force until (exclusive).
    pub until: Option<String>,
    /// Disabled by an override.
    pub disabled: bool,
}

/// The answer of [`Engine::next_window`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextWindow {
    /// Earliest instant at or after `send_at` at which nothing blocks; `null` when time alone
    /// will not cure the block.
    #[serde(with = "crate::model::opt_ts")]
    pub next_allowed_at: Option<Timestamp>,
    /// That instant in each candidate zone, as local date-time.
    pub local: Vec<LocalTime>,
    /// The rules that block at `send_at`.
    pub blocking: Vec<String>,
}

/// An instant in one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalTime {
    /// IANA zone.
    pub time_zone: String,
    /// Local date and time with offset, e.g. `2026-03-11T08:00:00-05:00`.
    pub local: String,
}

fn engine_finding(rule: &str, category: Category, severity: Severity, citation: &str, message: String) -> Finding {
    Finding {
        rule: rule.to_string(),
        pack: "fairtouch".to_string(),
        category,
        severity,
        citation: citation.to_string(),
        message,
        span: None,
        retry_at: None,
    }
}

impl Engine {
    /// An engine with the embedded default packs.
    pub fn new() -> Result<Engine, Error> {
        EngineBuilder::new().build()
    }

    /// A builder, to add packs and overrides.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::new()
    }

    /// The loaded packs.
    pub fn packs(&self) -> Vec<PackInfo> {
        self.packs
            .iter()
            .enumerate()
            .map(|(i, p)| PackInfo {
                id: p.id.clone(),
                version: p.version.clone(),
                digest: p.digest.clone(),
                title: p.title.clone(),
                jurisdictions: p.jurisdictions.clone(),
                rules: self.ranges[i].len(),
                origin: p.origin.clone(),
                embedded: p.embedded,
            })
            .collect()
    }

    /// The loaded rules, optionally of one pack.
    pub fn rules(&self, pack: Option<&str>) -> Vec<RuleInfo> {
        self.rules
            .iter()
            .filter(|r| pack.is_none_or(|p| self.packs[r.pack].id == p))
            .map(|r| RuleInfo {
                id: r.id.clone(),
                pack: self.packs[r.pack].id.clone(),
                check: r.check.kind().to_string(),
                category: r.category,
                severity: r.severity,
                citation: r.citation.clone(),
                source: r.source.clone(),
                explain: r.explain.clone(),
                from: r.from.map(|d| d.to_string()),
                until: r.until.map(|d| d.to_string()),
                disabled: r.disabled,
            })
            .collect()
    }

    /// The overrides in force.
    pub fn overrides(&self) -> &[OverrideRecord] {
        &self.overrides
    }

    fn pack_applies(&self, pack: &Pack, ctx: &Context) -> bool {
        pack.jurisdictions.iter().any(|j| j == "*" || ctx.jurisdictions.iter().any(|x| x == j))
    }

    fn in_force(&self, rule: &Rule, ctx: &Context) -> bool {
        if rule.from.is_none() && rule.until.is_none() {
            return true;
        }
        let in_force_on = |d: jiff::civil::Date| rule.from.is_none_or(|f| d >= f) && rule.until.is_none_or(|u| d < u);
        if ctx.zones.is_empty() {
            return in_force_on(jiff::tz::TimeZone::UTC.to_datetime(ctx.at).date());
        }
        ctx.zones.iter().any(|z| in_force_on(z.local.date()))
    }

    fn rule_applies(&self, rule: &Rule, ctx: &Context, text_only: bool) -> bool {
        let a = ctx.attempt;
        let pack = &self.packs[rule.pack];
        !rule.disabled
            && (!text_only || rule.check.reads_text())
            && rule.channels & (1 << (a.channel as u8)) != 0
            && rule.binds & (1 << (a.sender.role as u8)) != 0
            && (rule.relations.is_empty() || rule.relations.contains(&a.recipient.relation))
            && (rule.purposes.is_empty() || rule.purposes.contains(&a.purpose))
            && self.in_force(rule, ctx)
            && ctx.all_hold(&rule.when, pack)
            && !ctx.any_holds(&rule.unless, pack)
    }

    /// Runs every applicable rule at instant `at`; returns the findings and the packs applied.
    fn run(&self, resolved: &Resolved, at: Timestamp) -> (Vec<Finding>, Vec<usize>) {
        let ctx = Context::new(resolved, at);
        let attempt = resolved.attempt;
        let mut findings = Vec::new();
        if ctx.jurisdictions.is_empty() {
            findings.push(engine_finding(
                "fairtouch.location-unknown",
                Category::ContactHours,
                Severity::Block,
                "fail closed: no jurisdiction known",
                "nothing in the attempt says where the recipient is (no location, no phone country): no pack can be applied"
                    .into(),
            ));
        } else if ctx.zones_assumed {
            findings.push(engine_finding(
                "fairtouch.zones-assumed",
                Category::ContactHours,
                Severity::Info,
                &self.window_citations(&ctx),
                format!(
                    "no time zone, region or area code is known: the windows were checked in every zone of the country ({})",
                    ctx.zones.iter().map(|z| z.name()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if matches!(attempt.channel, Channel::Voice | Channel::Voicemail) && attempt.body.is_none() {
            findings.push(engine_finding(
                "fairtouch.no-script",
                Category::RequiredContent,
                Severity::Info,
                "content rules need the call script",
                format!("no script for this {}: its content was not checked", attempt.channel),
            ));
        }
        let text_channel =
            matches!(attempt.channel, Channel::Sms | Channel::Whatsapp | Channel::Email | Channel::Letter);
        if text_channel && attempt.body.as_deref().is_none_or(|b| b.trim().is_empty()) && attempt.subject.is_none() {
            findings.push(engine_finding(
                "fairtouch.no-body",
                Category::RequiredContent,
                Severity::Block,
                "fail closed: content rules cannot be evaluated",
                format!("a {} needs its body to be checked", attempt.channel),
            ));
        }
        let applied = self.apply_packs(&ctx, &mut findings);
        (findings, applied)
    }

    /// The citations of the contact-window rules that apply to the attempt: the law under which
    /// assuming every zone of the country is the cautious reading (none when no such rule applies).
    fn window_citations(&self, ctx: &Context) -> String {
        let mut citations: Vec<&str> = Vec::new();
        for (index, pack) in self.packs.iter().enumerate() {
            if !self.pack_applies(pack, ctx) {
                continue;
            }
            for rule in &self.rules[self.ranges[index].clone()] {
                let window = matches!(&rule.check, crate::pack::Check::ContactWindow(p) if !p.recipient_times);
                if window && self.rule_applies(rule, ctx, false) && !citations.contains(&rule.citation.as_str()) {
                    citations.push(&rule.citation);
                }
            }
        }
        citations.join("; ")
    }

    /// Runs every applicable rule of every applicable pack; returns the indices of those packs.
    /// In template lint only the content rules run, and accuracy (which needs real values) not.
    fn apply_packs(&self, ctx: &Context, findings: &mut Vec<Finding>) -> Vec<usize> {
        let attempt = ctx.attempt;
        let scriptless = matches!(attempt.channel, Channel::Voice | Channel::Voicemail) && attempt.body.is_none();
        let mut applied = Vec::new();
        for (index, pack) in self.packs.iter().enumerate() {
            if !self.pack_applies(pack, ctx) {
                continue;
            }
            applied.push(index);
            for rule in &self.rules[self.ranges[index].clone()] {
                let skipped = (scriptless && rule.check.reads_text())
                    || (ctx.lint && matches!(rule.check, crate::pack::Check::Accuracy(_)));
                if skipped || !self.rule_applies(rule, ctx, ctx.lint) {
                    continue;
                }
                let mut report = Report { rule, pack, findings: &mut *findings };
                checks::run(ctx, &mut report);
            }
        }
        applied
    }

    /// Evaluates an attempt. Never fails and never panics: what cannot be evaluated is a finding.
    pub fn evaluate(&self, attempt: &Attempt) -> Verdict {
        let resolved = Resolved::new(&self.matcher, attempt, false);
        let (findings, applied) = self.run(&resolved, attempt.send_at);
        let next_allowed_at = self.next_allowed(&resolved, &findings);
        let time_zones = resolved.zones.iter().map(|tz| crate::locate::zone_name(tz).to_string()).collect();
        let jurisdictions = resolved.jurisdictions.clone();
        self.verdict(findings, applied, next_allowed_at, time_zones, jurisdictions)
    }

    fn verdict(
        &self,
        findings: Vec<Finding>,
        applied: Vec<usize>,
        next_allowed_at: Option<Timestamp>,
        time_zones: Vec<String>,
        jurisdictions: Vec<String>,
    ) -> Verdict {
        let decision = decision_of(&findings);
        Verdict {
            decision,
            findings,
            next_allowed_at,
            time_zones,
            jurisdictions,
            packs: applied
                .into_iter()
                .map(|i| PackRef {
                    id: self.packs[i].id.clone(),
                    version: self.packs[i].version.clone(),
                    digest: self.packs[i].digest.clone(),
                })
                .collect(),
            overrides: self.overrides.clone(),
        }
    }

    /// Evaluates an attempt given as JSON.
    pub fn evaluate_json(&self, json: &str) -> Result<Verdict, Error> {
        Ok(self.evaluate(&Attempt::from_json(json)?))
    }

    /// Searches forward from `send_at` for the instant at which nothing time-curable remains,
    /// evaluating the same resolved attempt (its texts read once) at each candidate instant.
    fn next_allowed(&self, resolved: &Resolved, findings: &[Finding]) -> Option<Timestamp> {
        let attempt = resolved.attempt;
        let blocks_for_good = |fs: &[Finding]| fs.iter().any(|f| f.severity == Severity::Block && f.retry_at.is_none());
        let curable =
            |fs: &[Finding]| fs.iter().filter(|f| f.severity >= Severity::Warn).filter_map(|f| f.retry_at).max();
        if blocks_for_good(findings) {
            return None;
        }
        let mut t = attempt.send_at;
        let mut next = curable(findings);
        for _ in 0..32 {
            let Some(n) = next else { return Some(t) };
            if n <= t {
                return None;
            }
            t = n;
            let (fs, _) = self.run(resolved, t);
            if blocks_for_good(&fs) {
                return None;
            }
            next = curable(&fs);
        }
        None
    }

    /// The next instant the attempt would be allowed, in UTC and in each candidate zone.
    pub fn next_window(&self, attempt: &Attempt) -> NextWindow {
        let verdict = self.evaluate(attempt);
        let (zones, _) = crate::locate::candidate_zones(attempt);
        let local = match verdict.next_allowed_at {
            Some(t) => zones
                .iter()
                .map(|z| LocalTime {
                    time_zone: z.name().to_string(),
                    local: t.to_zoned_datetime(z.tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                })
                .collect(),
            None => Vec::new(),
        };
        NextWindow {
            next_allowed_at: verdict.next_allowed_at,
            local,
            blocking: verdict
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Block)
                .map(|f| f.rule.clone())
                .collect(),
        }
    }

    /// The jurisdictions a template names, checked against the loaded packs and expanded as an
    /// attempt's would be (a member state brings `EU`, a US territory brings `US`).
    fn template_jurisdictions(&self, template: &Template) -> Result<Vec<String>, Error> {
        let bad = |path: String, message: String| Error::InvalidAttempt { path, message };
        let mut known: Vec<&str> =
            self.packs.iter().flat_map(|p| p.jurisdictions.iter().map(String::as_str)).filter(|j| *j != "*").collect();
        known.sort_unstable();
        known.dedup();
        let known_list = known.join(", ");
        if template.jurisdictions.is_empty() {
            return Err(bad(
                "jurisdictions".into(),
                format!("name at least one jurisdiction where the template will be sent; the loaded packs cover: {known_list}"),
            ));
        }
        let mut out: Vec<String> = Vec::new();
        let mut add = |j: String| {
            if !out.contains(&j) {
                out.push(j);
            }
        };
        for (i, raw) in template.jurisdictions.iter().enumerate() {
            let j = raw.trim().to_ascii_uppercase();
            let mut parts = j.splitn(2, '-');
            let country = parts.next().and_then(|c| crate::model::Country::new(c).ok());
            let region_ok = match (country, parts.next()) {
                (Some(c), Some(region)) => {
                    j == "US-NY-NYC"
                        || crate::geo::zones::region_zones(c, region).is_some()
                        || known.contains(&j.as_str())
                }
                (Some(_), None) => true,
                (None, _) => j == "EU" || known.contains(&j.as_str()),
            };
            if !region_ok {
                return Err(bad(
                    format!("jurisdictions[{i}]"),
                    format!("unknown jurisdiction {raw:?}: expected a country (\"US\"), a region (\"US-CA\"), \"US-NY-NYC\" or \"EU\"; the loaded packs cover: {known_list}"),
                ));
            }
            if let Some(c) = country {
                if US_TERRITORIES.contains(&c.as_str()) {
                    add("US".to_string());
                }
                add(c.as_str().to_string());
                if crate::geo::zones::is_eu_member(c) {
                    add("EU".to_string());
                }
                if j.len() > 2 {
                    if j.starts_with("US-NY-NYC") {
                        add("US-NY".to_string());
                    }
                    add(j.clone());
                }
            } else {
                add(j.clone());
            }
        }
        let applies = self.packs.iter().any(|p| p.jurisdictions.iter().any(|j| j != "*" && out.contains(j)));
        if !applies {
            return Err(bad(
                "jurisdictions".into(),
                format!(
                    "no loaded pack applies to {}: nothing would be checked; the loaded packs cover: {known_list}",
                    template.jurisdictions.join(", ")
                ),
            ));
        }
        Ok(out)
    }

    /// Lints a template: banned and required content of every rule that would apply to it, in
    /// force at `template.at`, else at `now` (the caller's clock: the engine reads none).
    /// Fails when a jurisdiction is unknown or when no loaded pack applies to the template.
    pub fn lint_template(&self, template: &Template, now: Timestamp) -> Result<Verdict, Error> {
        let jurisdictions = self.template_jurisdictions(template)?;
        let at = template.at.unwrap_or(now);
        let country = jurisdictions.iter().find(|j| j.len() == 2 && *j != "EU").cloned();
        let locations = country
            .and_then(|c| crate::model::Country::new(&c).ok())
            .map(|c| {
                vec![crate::model::Location { country: Some(c), region: None, postal_code: None, time_zone: None }]
            })
            .unwrap_or_default();
        let attempt = Attempt {
            channel: template.channel,
            send_at: at,
            body: Some(template.body.clone()),
            subject: template.subject.clone(),
            language: template.language,
            automated: false,
            purpose: template.purpose,
            initial_communication: Some(template.initial_communication.unwrap_or(true)),
            sender: template.sender.clone(),
            recipient: Recipient {
                relation: Relation::Debtor,
                address: None,
                address_kind: AddressKind::Personal,
                line_type: None,
                locations,
                represented_by_attorney: false,
                attorney_permits_contact: false,
                cease_requested_at: None,
                refused_channels: Vec::new(),
                refused_addresses: Vec::<Address>::new(),
                inconvenient_times: Vec::new(),
                consents: Vec::new(),
                employer_prohibits_contact: false,
                objected_at: None,
                marketing_objected_at: None,
            },
            debt: None,
            history: Vec::new(),
        };
        let mut resolved = Resolved::new(&self.matcher, &attempt, true);
        resolved.jurisdictions = jurisdictions;
        let ctx = Context::new(&resolved, at);
        let mut findings = Vec::new();
        let applied = self.apply_packs(&ctx, &mut findings);
        Ok(self.verdict(findings, applied, None, Vec::new(), resolved.jurisdictions.clone()))
    }
}

fn decision_of(findings: &[Finding]) -> Decision {
    match findings.iter().map(|f| f.severity).max() {
        Some(Severity::Block) => Decision::Block,
        Some(Severity::Warn) => Decision::Warn,
        _ => Decision::Allow,
    }
}
