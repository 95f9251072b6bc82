//! Arbitrary bytes (and mutations of the real packs, from the seed corpus) as a pack source:
//! building the engine never panics; an engine that builds evaluates fixed attempts of every
//! jurisdiction, lints a template and runs the pack's own examples, all under the invariants.
#![no_main]

use std::sync::OnceLock;

use fairtouch::{Attempt, Engine, Template};
use libfuzzer_sys::fuzz_target;

fn attempts() -> &'static [Attempt] {
    static ATTEMPTS: OnceLock<Vec<Attempt>> = OnceLock::new();
    ATTEMPTS.get_or_init(|| {
        [
            r#"{"channel":"sms","send_at":"2026-03-11T03:30:00Z","body":"Acme Recovery is a debt collector. You will be arrested, we will sue you. Reply STOP to opt out. 😀 аrrеstеd",
                "sender":{"name":"Acme Recovery","role":"collector"},
                "recipient":{"relation":"debtor","address":"+13125550100","locations":[{"country":"US","region":"IL"},{"country":"US","region":"NY","postal_code":"10001"}],
                  "consents":[{"channel":"sms","given_at":"2025-01-02T10:00:00Z"}]},
                "debt":{"id":"D-1","creditor":"Acme Bank","amount":"250.00","currency":"USD","due_date":"2026-01-10"},
                "history":[{"channel":"sms","direction":"outbound","at":"2026-03-10T15:00:00Z"},{"channel":"sms","direction":"inbound","at":"2026-03-10T16:00:00Z","body":"STOP"}]}"#,
            r#"{"channel":"email","send_at":"2026-03-14T09:00:00+01:00","subject":"Un huissier va saisir","body":"Vous devez 250,00 €. Un&nbsp;huissier va saisir vos biens. <b>ARRET</b>",
                "sender":{"name":"Recouvrement SA","role":"collector"},
                "recipient":{"relation":"debtor","address":"jean@example.fr","locations":[{"country":"FR"},{"country":"DE","time_zone":"Europe/Berlin"}]},
                "debt":{"id":"D-1","creditor":"Banque","amount":"250.00","currency":"EUR"}}"#,
            r#"{"channel":"voice","send_at":"2026-03-14T10:00:00-05:00","body":"Embargaremos su sueldo. No me escriban más. Su deuda de S/ 350.00 venció.",
                "sender":{"name":"Cobranzas Andinas SAC","role":"collector"},
                "recipient":{"relation":"third_party","address":"+51987654321","locations":[{"country":"PE"}]},
                "debt":{"id":"D-1","creditor":"Caja Piura","amount":"350.00","currency":"PEN","financial_system":true}}"#,
        ]
        .iter()
        .map(|s| Attempt::from_json(s).expect("fixed attempt"))
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(engine) = Engine::builder().default_packs(false).pack_str("fuzz.toml", source).build() else { return };
    for attempt in attempts() {
        fairtouch_fuzz::check_attempt(&engine, attempt, None);
    }
    let packs = engine.packs();
    let _ = engine.rules(None);
    for pack in &packs {
        let template = Template {
            channel: fairtouch::Channel::Sms,
            body: "You will be arrested. Reply STOP to opt out. Vous devez {{debt.amount}}. Embargaremos su sueldo."
                .into(),
            subject: None,
            language: None,
            sender: attempts()[0].sender.clone(),
            jurisdictions: pack.jurisdictions.clone(),
            initial_communication: None,
            purpose: fairtouch::Purpose::Collection,
            at: None,
        };
        fairtouch_fuzz::check_template(&engine, &template, None);
    }
    let _ = engine.check_examples();
});
