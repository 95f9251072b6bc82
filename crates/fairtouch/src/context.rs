//! The second stage of an evaluation: a [`Resolved`] attempt at one instant — the local time in
//! each candidate zone, whether the message is the first communication, whether it answers the
//! recipient, and the facts that rules' `when` and `unless` test.

use std::ops::Deref;

use jiff::Timestamp;

use crate::locate::Zone;
use crate::model::{Channel, ConsentPurpose, Direction, Outcome};
use crate::pack::{Conditions, Fact, Pack};
use crate::resolve::{consent_channel_matches, Resolved};

/// A resolved attempt at one instant.
pub struct Context<'r, 'a> {
    pub resolved: &'r Resolved<'a>,
    /// The instant evaluated (the attempt's `send_at`, or a later one when searching for the
    /// next allowed time).
    pub at: Timestamp,
    /// The candidate zones, with the evaluated instant in each.
    pub zones: Vec<Zone>,
    pub initial: bool,
    pub responds_to_inbound: bool,
}

impl<'a> Deref for Context<'_, 'a> {
    type Target = Resolved<'a>;
    fn deref(&self) -> &Resolved<'a> {
        self.resolved
    }
}

impl<'r, 'a> Context<'r, 'a> {
    pub fn new(resolved: &'r Resolved<'a>, at: Timestamp) -> Context<'r, 'a> {
        let attempt = resolved.attempt;
        let zones = resolved.zones.iter().map(|tz| Zone { tz: tz.clone(), local: tz.to_datetime(at) }).collect();
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
        let responds_to_inbound = latest_on_channel_is_inbound(resolved, attempt.channel, at);
        Context { resolved, at, zones, initial, responds_to_inbound }
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

    /// Whether the recipient objected to direct marketing, or to the processing of their data
    /// (GDPR Art. 21(2)-(3)), at or before the evaluated instant, with no marketing consent for
    /// this channel given after the latest such objection: an objection overrides a consent
    /// recorded before it, a new consent given after it revives marketing. A reply asking to stop
    /// ("STOP") to a message that promoted something (the pack's `marketing` lexicon) is such an
    /// objection, from the time it was received.
    pub fn marketing_objection(&self, pack: &Pack) -> bool {
        let r = &self.attempt.recipient;
        let replied = pack
            .marketing_stop
            .as_ref()
            .and_then(|(marketing, p)| crate::checks::consent::stop_to_marketing(self, p, *marketing));
        let Some(objected) =
            [r.marketing_objected_at, r.objected_at, replied].into_iter().flatten().filter(|&t| t <= self.at).max()
        else {
            return false;
        };
        !r.consents.iter().any(|c| {
            c.purpose == ConsentPurpose::Marketing
                && consent_channel_matches(c.channel, self.attempt.channel)
                && self.same_address(c.address.as_ref())
                && c.given_at.is_some_and(|g| g > objected && g <= self.at)
                && c.revoked_at.is_none_or(|r| r > self.at)
        })
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
            Fact::MarketingObjection => self.marketing_objection(pack),
            Fact::Automated => a.automated,
            Fact::FeesAuthorized => debt.is_some_and(|d| d.fees_authorized),
            Fact::RespondsToInbound => self.responds_to_inbound,
            Fact::RepresentedByAttorney => a.recipient.represented_by_attorney,
            Fact::MentionsDebt => self.mentions_debt(pack),
            Fact::HasBody => a.body.is_some(),
            Fact::Mentions(g) => self.texts.iter().any(|t| t.hits_of(g, self.language).next().is_some()),
            Fact::DemandsPayment => {
                pack.demand_words.is_some_and(|g| self.texts.iter().any(|t| t.hits_any(g).next().is_some()))
            }
            Fact::Licensed => a.sender.license_number.as_deref().is_some_and(|n| !n.trim().is_empty()),
            Fact::FirstWrittenCommunication => self.first_written(),
            Fact::DebtBuyer => a.sender.debt_buyer,
            Fact::AddressKind(k) => a.recipient.address_kind == k,
            Fact::Channel(c) => a.channel == c,
            Fact::LineType(l) => a.recipient.line_type == Some(l),
            Fact::Language(l) => self.language == l,
        }
    }

    /// No written message about the debt went out before this instant (calls and voicemails do
    /// not count, nor letters or texts that failed). With no history about the debt, the caller's
    /// `initial_communication` decides (default: first).
    fn first_written(&self) -> bool {
        let a = self.attempt;
        if a.initial_communication == Some(true) {
            return true;
        }
        let debt_id = a.debt.as_ref().and_then(|d| d.id.as_deref());
        let mut about_debt = a.history.iter().filter(|e| e.at <= self.at && e.concerns(debt_id)).peekable();
        if about_debt.peek().is_none() {
            return a.initial_communication.unwrap_or(true);
        }
        !about_debt.any(|e| {
            e.direction == Direction::Outbound
                && matches!(e.channel, Channel::Letter | Channel::Email | Channel::Sms | Channel::Whatsapp)
                && e.outcome != Some(Outcome::Failed)
        })
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

/// The latest contact, on any channel, came from the recipient on this channel: nothing was sent
/// since, so a message now answers it.
fn latest_on_channel_is_inbound(resolved: &Resolved, channel: Channel, before: Timestamp) -> bool {
    let mut latest: Option<(Timestamp, Direction, Channel)> = None;
    for e in &resolved.attempt.history {
        if e.at <= before && latest.is_none_or(|(t, _, _)| e.at >= t) {
            latest = Some((e.at, e.direction, e.channel));
        }
    }
    matches!(latest, Some((_, Direction::Inbound, c)) if c == channel)
}

#[cfg(test)]
pub(crate) mod tests {
    //! What the checks' unit tests share — a tiny inline pack of one rule `t.rule`, a base attempt
    //! patched per test — and the tests of the context's facts, each through a rule's `when` or
    //! `unless`, so that they do not depend on the default packs' wording.

    use serde_json::{json, Value};

    use crate::{Attempt, Engine, Finding, Template, Verdict};

    /// An engine with no default pack and one inline pack (jurisdiction US) of `source`.
    pub(crate) fn engine(source: &str) -> Engine {
        let header = "[pack]\nid = \"test\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"unit test pack\"\n\n";
        Engine::builder()
            .default_packs(false)
            .pack_str("test.toml", format!("{header}{source}"))
            .build()
            .unwrap_or_else(|e| panic!("the test pack does not load: {e}"))
    }

    /// One rule `t.rule` of the `check` kind with `params` (an inline TOML table), binding every
    /// sender role, severity block; `extra` adds rule keys (one per line).
    pub(crate) fn rule(check: &str, params: &str, extra: &str) -> String {
        format!(
            "[[rule]]\nid = \"t.rule\"\ncheck = \"{check}\"\nbinds = [\"collector\", \"creditor\", \"attorney\"]\n\
             citation = \"test citation\"\nsource = \"https://example.test/law\"\nseverity = \"block\"\n\
             explain = \"test rule\"\nparams = {params}\n{extra}\n\n[[rule.fire]]\nbody = \"x\"\n\n\
             [[rule.pass]]\nbody = \"y\"\n"
        )
    }

    /// An engine of that one rule.
    pub(crate) fn one_rule(check: &str, params: &str, extra: &str) -> Engine {
        engine(&rule(check, params, extra))
    }

    /// A text from a collector to a debtor in Chicago, Tue 2026-03-10 10:00 CDT (15:00Z).
    pub(crate) fn base() -> Value {
        json!({
            "channel": "sms",
            "send_at": "2026-03-10T15:00:00Z",
            "body": "Hello from Acme Recovery.",
            "sender": { "name": "Acme Recovery", "role": "collector" },
            "recipient": {
                "relation": "debtor",
                "address": "+13125550100",
                "locations": [{ "country": "US", "region": "IL", "time_zone": "America/Chicago" }]
            },
            "debt": {
                "id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD",
                "due_date": "2026-01-10", "reference": "2023-45"
            }
        })
    }

    /// Deep merge: objects member by member, anything else replaced (`null` clears an option).
    pub(crate) fn merge(into: &mut Value, patch: &Value) {
        match (into, patch) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    merge(a.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
            (slot, v) => *slot = v.clone(),
        }
    }

    /// Evaluates the base attempt patched with `patch`.
    pub(crate) fn eval(engine: &Engine, patch: Value) -> Verdict {
        let mut attempt = base();
        merge(&mut attempt, &patch);
        let attempt = Attempt::from_json(&attempt.to_string()).unwrap_or_else(|e| panic!("test attempt: {e}"));
        engine.evaluate(&attempt)
    }

    /// The findings of the test rule.
    pub(crate) fn found(v: &Verdict) -> Vec<&Finding> {
        v.findings.iter().filter(|f| f.rule == "t.rule").collect()
    }

    /// Whether the test rule fired.
    pub(crate) fn fires(engine: &Engine, patch: Value) -> bool {
        !found(&eval(engine, patch)).is_empty()
    }

    /// The test rule's single finding (panics unless there is exactly one).
    pub(crate) fn only(v: &Verdict) -> Finding {
        let f = found(v);
        assert_eq!(f.len(), 1, "expected one finding of t.rule, got {:?}", v.findings);
        f[0].clone()
    }

    /// Formats the retry instant as the verdict writes it.
    pub(crate) fn retry(f: &Finding) -> Option<String> {
        f.retry_at.map(crate::format_instant)
    }

    /// Lints a template (JSON) with the engine at 2026-03-10 15:00Z.
    pub(crate) fn lint(engine: &Engine, template: Value) -> Verdict {
        let t = Template::from_json(&template.to_string()).unwrap_or_else(|e| panic!("test template: {e}"));
        engine.lint_template(&t, "2026-03-10T15:00:00Z".parse().unwrap()).expect("lint")
    }

    /// A rule that fires on "hello" whenever its `when` (or `unless`) lets it run.
    fn guarded(condition: &str) -> Engine {
        one_rule("banned_content", "{ patterns = { any = [\"hello\"] } }", condition)
    }

    fn outbound(at: &str, extra: Value) -> Value {
        let mut e = json!({ "channel": "sms", "direction": "outbound", "at": at });
        merge(&mut e, &extra);
        e
    }

    #[test]
    fn the_test_rule_fires_on_its_own() {
        let e = guarded("");
        assert!(fires(&e, json!({})));
        assert!(!fires(&e, json!({ "body": "Good morning from Acme Recovery." })));
    }

    #[test]
    fn initial_communication_is_the_first_completed_contact_about_the_debt() {
        let e = guarded("when = [\"initial_communication\"]");
        assert!(fires(&e, json!({})), "no history: initial");
        let earlier = |extra: Value| json!({ "history": [outbound("2026-03-02T15:00:00Z", extra)] });
        assert!(!fires(&e, earlier(json!({ "outcome": "delivered" }))), "a delivered text came before");
        assert!(!fires(&e, earlier(json!({}))), "an outbound event without outcome counts");
        assert!(fires(&e, earlier(json!({ "outcome": "failed" }))), "a failed attempt communicates nothing");
        assert!(
            fires(&e, earlier(json!({ "outcome": "no_answer", "channel": "voice" }))),
            "an unanswered call neither"
        );
        assert!(fires(&e, earlier(json!({ "debt_id": "D-2" }))), "a text about another debt does not count");
        assert!(
            !fires(&e, earlier(json!({ "debt_ids": ["D-2", "D-1"] }))),
            "a text about several debts counts for each"
        );
        assert!(
            fires(&e, json!({ "history": [outbound("2026-03-11T15:00:00Z", json!({}))] })),
            "an event after send_at is not history yet"
        );
        let inbound = |outcome: &str| json!({ "history": [{ "channel": "voice", "direction": "inbound", "at": "2026-03-02T15:00:00Z", "outcome": outcome }] });
        assert!(!fires(&e, inbound("conversation")), "a conversation the debtor started");
        assert!(fires(&e, inbound("no_answer")), "an inbound call that was not answered");
        assert!(!fires(&e, json!({ "initial_communication": false })), "the caller's say-so wins");
        assert!(fires(
            &e,
            json!({ "initial_communication": true, "history": [outbound("2026-03-02T15:00:00Z", json!({}))] })
        ));
    }

    #[test]
    fn responds_to_inbound_is_the_latest_event_coming_in_on_this_channel() {
        let e = guarded("when = [\"responds_to_inbound\"]");
        let inbound =
            |channel: &str, at: &str| json!({ "channel": channel, "direction": "inbound", "at": at, "body": "hi" });
        assert!(fires(&e, json!({ "history": [inbound("sms", "2026-03-10T14:00:00Z")] })));
        assert!(!fires(&e, json!({ "history": [inbound("email", "2026-03-10T14:00:00Z")] })), "on another channel");
        assert!(!fires(&e, json!({})), "nothing came in");
        assert!(
            !fires(
                &e,
                json!({ "history": [inbound("sms", "2026-03-10T13:00:00Z"), outbound("2026-03-10T14:00:00Z", json!({}))] })
            ),
            "already answered"
        );
        assert!(
            fires(
                &e,
                json!({ "history": [outbound("2026-03-10T13:00:00Z", json!({})), inbound("sms", "2026-03-10T14:00:00Z")] })
            ),
            "a later reply reopens"
        );
        assert!(
            !fires(&e, json!({ "history": [inbound("sms", "2026-03-10T16:00:00Z")] })),
            "a reply after send_at is not known yet"
        );
    }

    #[test]
    fn marketing_consent_is_in_force_for_this_channel_and_address() {
        let e = guarded("when = [\"marketing_consent\"]");
        let consent = |extra: Value| {
            let mut c = json!({ "channel": "sms", "purpose": "marketing", "given_at": "2026-01-01T00:00:00Z" });
            merge(&mut c, &extra);
            json!({ "recipient": { "consents": [c] } })
        };
        assert!(fires(&e, consent(json!({}))));
        assert!(!fires(&e, consent(json!({ "purpose": "collection" }))), "a collection consent is not marketing");
        assert!(!fires(&e, consent(json!({ "channel": "email" }))), "for another channel");
        assert!(!fires(&e, consent(json!({ "address": "+13125550199" }))), "for another number");
        assert!(fires(&e, consent(json!({ "address": "+1 (312) 555-0100" }))), "the same number, written otherwise");
        assert!(!fires(&e, consent(json!({ "given_at": "2026-03-11T00:00:00Z" }))), "given after send_at");
        assert!(!fires(&e, consent(json!({ "revoked_at": "2026-03-10T14:59:59Z" }))), "revoked before send_at");
        assert!(fires(&e, consent(json!({ "revoked_at": "2026-03-10T15:00:01Z" }))), "revoked only later");
    }

    #[test]
    fn a_marketing_objection_overrides_an_earlier_consent() {
        let e = guarded("when = [\"marketing_objection\"]");
        let consent = json!({ "channel": "sms", "purpose": "marketing", "given_at": "2026-01-01T00:00:00Z" });
        let with = |recipient: Value| {
            let mut r = json!({ "consents": [consent.clone()] });
            merge(&mut r, &recipient);
            json!({ "recipient": r })
        };
        assert!(!fires(&e, with(json!({}))), "a consent and no objection");
        assert!(fires(&e, with(json!({ "marketing_objected_at": "2026-02-01T00:00:00Z" }))), "objected after it");
        assert!(fires(&e, with(json!({ "objected_at": "2026-02-01T00:00:00Z" }))), "an objection to processing");
        assert!(
            !fires(&e, with(json!({ "marketing_objected_at": "2025-12-01T00:00:00Z" }))),
            "a consent given after the objection revives marketing"
        );
        assert!(
            !fires(&e, with(json!({ "marketing_objected_at": "2026-03-11T00:00:00Z" }))),
            "an objection after send_at is not known yet"
        );
        let later = json!({ "channel": "email", "purpose": "marketing", "given_at": "2026-03-01T00:00:00Z" });
        assert!(
            fires(
                &e,
                json!({ "recipient": { "consents": [consent, later], "marketing_objected_at": "2026-02-01T00:00:00Z" } })
            ),
            "a later consent for another channel does not revive this one"
        );
    }

    #[test]
    fn debt_facts_and_their_combinations() {
        let legal = guarded("when = [\"legal_action_intended\"]");
        assert!(fires(&legal, json!({ "debt": { "legal_action_intended": true } })));
        assert!(
            !fires(&legal, json!({ "debt": { "legal_action_intended": true, "time_barred": true } })),
            "no suit on a time-barred debt"
        );
        assert!(!fires(&legal, json!({})));
        let consumer = guarded("when = [\"consumer_debt\"]");
        assert!(fires(&consumer, json!({})), "consumer by default");
        assert!(fires(&consumer, json!({ "debt": null })), "no debt given: the cautious reading");
        assert!(!fires(&consumer, json!({ "debt": { "consumer": false } })));
        let either = guarded("when = [\"disputed|bankruptcy\", \"!time_barred\"]");
        assert!(fires(&either, json!({ "debt": { "disputed": true } })));
        assert!(fires(&either, json!({ "debt": { "bankruptcy": true } })));
        assert!(
            !fires(&either, json!({ "debt": { "disputed": true, "time_barred": true } })),
            "the second entry fails"
        );
        assert!(!fires(&either, json!({})), "the first entry fails");
        let unless = guarded("unless = [\"address_kind:work\"]");
        assert!(fires(&unless, json!({})));
        assert!(!fires(&unless, json!({ "recipient": { "address_kind": "work" } })));
        // `channel:` only as one alternative of a `when` entry: texts, and anything that is not sent to a work address.
        let either = guarded("when = [\"!channel:email|!address_kind:work\"]");
        assert!(fires(&either, json!({})));
        assert!(fires(&either, json!({ "recipient": { "address_kind": "work" } })), "a text to a work number");
        let email = |kind: &str| json!({ "channel": "email", "recipient": { "address": "jane@example.com", "address_kind": kind } });
        assert!(fires(&either, email("personal")));
        assert!(!fires(&either, email("work")));
    }

    #[test]
    fn mentions_debt_reads_the_lexicon_and_the_debt_fields() {
        let source = format!(
            "[lexicon.debt_words]\nen = [\"debt*\", \"past due\"]\n\n{}",
            rule("banned_content", "{ patterns = { any = [\"hello\"] } }", "when = [\"mentions_debt\"]")
        );
        let e = engine(&source);
        assert!(fires(&e, json!({ "body": "Hello, your debt is waiting." })));
        assert!(fires(&e, json!({ "body": "Hello, your account is past due." })));
        assert!(fires(&e, json!({ "body": "Hello, about Acme Bank." })), "the creditor's name");
        assert!(fires(&e, json!({ "body": "Hello, about file 2023-45." })), "the reference");
        assert!(!fires(&e, json!({ "body": "Hello, please call us back." })));
    }

    #[test]
    fn mentions_reads_a_named_lexicon_in_the_language_of_the_text() {
        let source = format!(
            "[lexicon.offers]\nen = [\"consolidation loan*\"]\nes = [\"prestamo de consolidacion\"]\n\n{}",
            rule("banned_content", "{ patterns = { any = [\"hello\"] } }", "when = [\"mentions:@offers\"]")
        );
        let e = engine(&source);
        assert!(fires(&e, json!({ "body": "Hello, ask about our consolidation loans." })));
        assert!(
            fires(
                &e,
                json!({ "channel": "email", "recipient": { "address": "jane@example.com" }, "subject": "A consolidation loan", "body": "Hello" })
            ),
            "the subject"
        );
        assert!(!fires(&e, json!({ "body": "Hello, please call us back." })));
        assert!(
            !fires(&e, json!({ "body": "Hello, prestamo de consolidacion." })),
            "Spanish phrase in an English text"
        );
        assert!(fires(&e, json!({ "language": "es", "body": "Hello, préstamo de consolidación." })));
        let negated = engine(&source.replace("mentions:@offers", "!mentions:@offers"));
        assert!(fires(&negated, json!({ "body": "Hello, please call us back." })));
        for bad in ["mentions:@nothing", "mentions:offers"] {
            let header = "[pack]\nid = \"test\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n";
            let built = Engine::builder()
                .default_packs(false)
                .pack_str("test.toml", format!("{header}{}", source.replace("mentions:@offers", bad)))
                .build();
            assert!(built.is_err(), "{bad}");
        }
    }

    #[test]
    fn scope_lists_and_attempt_facts() {
        let source = rule(
            "banned_content",
            "{ patterns = { any = [\"hello\"] } }",
            "purposes = [\"location_information\"]\nrelations = [\"debtor\"]\nwhen = [\"language:en\", \"has_body\"]",
        )
        .replace("binds = [\"collector\", \"creditor\", \"attorney\"]", "binds = [\"collector\"]");
        let e = engine(&source);
        assert!(fires(&e, json!({ "purpose": "location_information" })));
        assert!(!fires(&e, json!({})), "purpose collection");
        assert!(!fires(&e, json!({ "purpose": "location_information", "sender": { "role": "creditor" } })));
        assert!(!fires(&e, json!({ "purpose": "location_information", "language": "es" })));
        assert!(!fires(&e, json!({ "purpose": "location_information", "recipient": { "relation": "spouse" } })));
    }

    #[test]
    fn first_written_communication_is_the_first_letter_email_or_text_about_the_debt() {
        let e = guarded("when = [\"first_written_communication\"]");
        assert!(fires(&e, json!({})), "no history: first");
        let earlier = |extra: Value| json!({ "history": [outbound("2026-03-02T15:00:00Z", extra)] });
        assert!(!fires(&e, earlier(json!({ "outcome": "delivered" }))), "a text came before");
        assert!(!fires(&e, earlier(json!({ "channel": "letter" }))), "a letter came before");
        assert!(fires(&e, earlier(json!({ "channel": "voice", "outcome": "conversation" }))), "a call is not written");
        assert!(fires(&e, earlier(json!({ "outcome": "failed" }))), "a failed text was not sent");
        assert!(fires(&e, earlier(json!({ "debt_id": "D-2" }))), "a text about another debt does not count");
        assert!(!fires(&e, json!({ "initial_communication": false })), "no history: the caller's say-so");
        assert!(
            fires(
                &e,
                json!({ "initial_communication": false,
                "history": [outbound("2026-03-02T15:00:00Z", json!({ "channel": "voice", "outcome": "conversation" }))] })
            ),
            "not the first communication, but the history shows no written one"
        );
    }

    #[test]
    fn debt_buyer_is_the_sender_flag() {
        let e = guarded("when = [\"debt_buyer\"]");
        assert!(fires(&e, json!({ "sender": { "debt_buyer": true } })));
        assert!(fires(&e, json!({ "sender": { "debt_buyer": true, "role": "creditor" } })), "whatever the role");
        assert!(!fires(&e, json!({})), "not a debt buyer by default");
    }

    #[test]
    fn licensed_is_a_license_number_given() {
        let e = guarded("when = [\"licensed\"]");
        assert!(fires(&e, json!({ "sender": { "license_number": "10001-99" } })));
        assert!(!fires(&e, json!({})));
        assert!(!fires(&e, json!({ "sender": { "license_number": " " } })), "an empty number is none");
    }

    #[test]
    fn demands_payment_reads_the_pack_demand_words() {
        let source = |lexicon: &str| {
            format!(
                "{lexicon}{}",
                rule("banned_content", "{ patterns = { any = [\"hello\"] } }", "when = [\"demands_payment\"]")
            )
        };
        let e = engine(&source("[lexicon.demand_words]\nen = [\"pay\", \"you owe\"]\n\n"));
        assert!(fires(&e, json!({ "body": "Hello, please pay today." })));
        assert!(fires(&e, json!({ "body": "Hello, you owe $250.00." })));
        assert!(!fires(&e, json!({ "body": "Hello, your payment was received." })));
        let header = "[pack]\nid = \"test\"\nversion = \"1\"\njurisdiction = \"US\"\ntitle = \"t\"\n\n";
        let built =
            Engine::builder().default_packs(false).pack_str("test.toml", format!("{header}{}", source(""))).build();
        let Err(err) = built else { panic!("a pack without demand_words does not load") };
        assert!(err.to_string().contains("demand_words"), "{err}");
    }

    #[test]
    fn a_license_number_written_in_the_text_stands_for_a_missing_field() {
        let e = one_rule(
            "required_content",
            "{ all = [{ field = \"sender.license_number\", label = \"the license number\" }] }",
            "",
        );
        assert!(!fires(&e, json!({ "body": "Acme Recovery, CA DFPI License #10001-99." })), "derived from the text");
        let f = only(&eval(&e, json!({ "body": "Acme Recovery, a debt collector." })));
        assert!(f.message.contains("does not give sender.license_number"), "names the field: {}", f.message);
        let given = |body: &str| json!({ "sender": { "license_number": "10001-99" }, "body": body });
        assert!(!fires(&e, given("Acme Recovery, license 10001-99.")));
        assert!(fires(&e, given("Acme Recovery, License #10002-99.")), "a given number must be the one displayed");
        assert!(
            !fires(&e, json!({ "sender": { "license_number": "" }, "body": "CA License No. 1000123" })),
            "an empty field is no number"
        );
    }
}
