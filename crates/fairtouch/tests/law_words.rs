//! The law's own words never trip a rule (issue 11, item 6): every disclosure a pack requires or
//! recommends, quoted from the statute or the model form, and every `pass` example of every pack,
//! goes through every banned-content rule of every pack, in every jurisdiction, language and
//! sender role they bind, with no finding at all (neither block nor warn).

use std::sync::OnceLock;

use fairtouch::{Attempt, Category, Engine};
use serde_json::json;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

/// Disclosures, word for word (bracketed names filled in with the examples' names).
const DISCLOSURES: &[(&str, &str)] = &[
    // 15 USC 1692e(11); 12 CFR 1006.18(e): the mini-Miranda, initial and subsequent.
    (
        "15 USC 1692e(11)",
        "This is an attempt to collect a debt and any information obtained will be used for that purpose.",
    ),
    ("12 CFR 1006.18(e)(2)", "This communication is from a debt collector."),
    // 12 CFR 1006 App. B, model form B-1 (validation notice), its sentences.
    (
        "12 CFR 1006 App. B",
        "Acme Recovery is a debt collector. We are trying to collect a debt that you owe to Acme Bank. We will use any \
         information you give us to help collect the debt.",
    ),
    (
        "12 CFR 1006 App. B",
        "How can you dispute the debt? Call or write to us by April 14, 2026, to dispute all or part of the debt. If \
         you do not, we will assume that our information is correct.",
    ),
    (
        "12 CFR 1006 App. B",
        "If you write to us by April 14, 2026, we must stop collection on any amount you dispute until we send you \
         information that shows you owe the debt. You may use the form below or write to us without the form. You \
         may also include supporting documents. We accept disputes electronically at www.example.com/dispute.",
    ),
    (
        "12 CFR 1006 App. B",
        "What else can you do? Write to ask for the name and address of the original creditor, if different from the \
         current creditor. If you write by April 14, 2026, we must stop collection until we send you that \
         information. You may use the form below or write to us without the form. We accept such requests \
         electronically at www.example.com/dispute.",
    ),
    (
        "12 CFR 1006 App. B",
        "Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law. For instance, you have \
         the right to stop or limit how we contact you. Contact us about your payment options. Póngase en contacto \
         con nosotros para solicitar una copia de este formulario en español.",
    ),
    // 12 CFR 1006.6(e): a reasonable and simple method to opt out.
    ("12 CFR 1006.6(e)", "Reply STOP to opt out."),
    ("12 CFR 1006.6(e)", "Responda BAJA para darse de baja."),
    // Cal. Civ. Code 1812.700(a): the notice of the Rosenthal Act's rights.
    (
        "Cal. Civ. Code 1812.700(a)",
        "The state Rosenthal Fair Debt Collection Practices Act and the federal Fair Debt Collection Practices Act \
         require that, except under unusual circumstances, collectors may not contact you before 8 a.m. or after 9 \
         p.m. They may not harass you by using threats of violence or arrest or by using obscene language. \
         Collectors may not use false or misleading statements or call you at work if they know or have reason to \
         know that you may not receive personal calls at work. For the most part, collectors may not tell another \
         person, other than your attorney or spouse, about your debt. Collectors may contact another person to \
         confirm your location or enforce a judgment. For more information about debt collection activities, you \
         may contact the Federal Trade Commission at 1-877-FTC-HELP or www.ftc.gov.",
    ),
    // Cal. Civ. Code 1788.14(d)(2): time-barred debt, in the two wordings collectors use.
    (
        "Cal. Civ. Code 1788.14(d)",
        "The law limits how long you can be sued on a debt. Because of the age of your debt, we will not sue you for \
         it. If you do not pay the debt, Acme Recovery may report or continue to report it to the credit reporting \
         agencies as unpaid for as long as the law permits this reporting.",
    ),
    (
        "Cal. Civ. Code 1788.14(d)",
        "The law limits how long you can be sued on a debt. Because of the age of your debt, Acme Bank cannot sue \
         you for it.",
    ),
    // Cal. Civ. Code 1788.52(d)(1): the records a debtor may request from a debt buyer.
    (
        "Cal. Civ. Code 1788.52(d)(1)",
        "You may request records showing the following: (1) that Acme Debt Holdings has the right to seek \
         collection of the debt; (2) the debt balance, including an explanation of any interest charges and \
         additional fees; (3) the date of default or the date of the last payment; (4) the name of the charge-off \
         creditor and the account number associated with the debt; (5) the name and last known address of the \
         debtor as it appeared in the charge-off creditor's or debt buyer's records prior to the sale of the debt, \
         as appropriate; and (6) the names of all persons or entities that have purchased the debt. You may also \
         request from us a copy of the contract or other document evidencing your agreement to the debt. A request \
         for these records may be addressed to: Acme Debt Holdings, PO Box 100, Sacramento CA 95814.",
    ),
    // Cal. Civ. Code 1788.52(d)(2): time-barred debt, the debt buyer's two notices.
    (
        "Cal. Civ. Code 1788.52(d)(2)",
        "The law limits how long you can be sued on a debt. Because of the age of your debt, Acme Debt Holdings will \
         not sue you for it. If you do not pay the debt, Acme Debt Holdings may continue to report it to the credit \
         reporting agencies as unpaid for as long as the law permits this reporting.",
    ),
    (
        "Cal. Civ. Code 1788.52(d)(2)",
        "The law limits how long you can be sued on a debt. Because of the age of your debt, Acme Debt Holdings will \
         not sue you for it, and Acme Debt Holdings will not report it to any credit reporting agency.",
    ),
    // Tex. Fin. Code 392.307: time-barred debt (a reported wording; the enacted text was not read).
    (
        "Tex. Fin. Code 392.307",
        "THE LAW LIMITS HOW LONG YOU CAN BE SUED ON A DEBT. BECAUSE OF THE AGE OF YOUR DEBT, ACME BANK CANNOT SUE YOU \
         FOR IT AND ACME BANK CANNOT REPORT IT TO ANY CREDIT REPORTING AGENCY.",
    ),
    // 23 NYCRR 1.3(c): the notice for a debt whose statute of limitations may have expired.
    (
        "23 NYCRR 1.3(c)",
        "We are required by regulation of the New York State Department of Financial Services to notify you of the \
         following information. This information is NOT legal advice: Your creditor or debt collector believes that \
         the legal time limit (statute of limitations) for suing you to collect this debt may have expired. It is a \
         violation of the Fair Debt Collection Practices Act, 15 U.S.C. § 1692 et seq., to sue to collect on a debt \
         for which the statute of limitations has expired. If a creditor sues you to collect on this debt, you may \
         be able to prevent the creditor from obtaining a judgment against you. To do so, you must tell the court \
         that the statute of limitations has expired.",
    ),
    // NYC Admin. Code 20-493.2; 6 RCNY 5-77(f): time-barred debt.
    (
        "NYC Admin. Code 20-493.2",
        "We are required by law to give you the following information about this debt. The legal time limit \
         (statute of limitations) for suing you to collect this debt has expired. However, if somebody sues you \
         anyway to try and make you pay this debt, court rules require you to tell the court that the statute of \
         limitations has expired to prevent the creditor from obtaining a judgment. Even though the statute of \
         limitations has expired, you may choose to make payments. However, be aware: if you make a payment, the \
         creditor's right to sue you to make you pay the entire debt may start again.",
    ),
    // CPCE R124-4 5° reproduces L111-8, paragraphs 2 and 3.
    (
        "CPCE L111-8 al. 2-3",
        "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils \
         concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation contraire \
         est réputée non écrite, sauf disposition législative contraire. Cependant, le créancier qui justifie du \
         caractère nécessaire des démarches entreprises pour recouvrer sa créance peut demander au juge de \
         l'exécution de laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi.",
    ),
    // CPCE R124-4 1° to 4°: the collector's identity and activity, the creditor, the basis and
    // amount of the debt, the demand to pay and how.
    (
        "CPCE R124-4",
        "Cabinet Exemple SAS, 1 rue X, 75001 Paris, société de recouvrement amiable, agissant pour Banque Y, 2 av. Z, \
         Lyon. Fondement : contrat de crédit n° 123 du 01/02/2024. Principal : 800,00 € ; intérêts : 12,40 € ; \
         accessoires : 0 €. Total : 812,40 €. Merci de régler par virement ou par carte bancaire.",
    ),
    (
        "CPCE R124-4 (last paragraph)",
        "Rappel de notre courrier réf. RC-2026-0042 du 03/03/2026.",
    ),
    // C. consom. L34-5 / CPCE: opt-out of electronic messages.
    ("C. consom.", "Répondez STOP pour ne plus recevoir de messages."),
    // Ley 29571 Art. 61-62; Ley 32323: the collector identifies itself and the creditor, and how to
    // stop messages.
    (
        "Ley 29571 Art. 61",
        "Cobranzas Andinas SAC, en nombre de Caja Piura, le informa que su cuota de S/ 350.00 venció el 05/03/2026. \
         Puede pagar en agentes o llámenos al 01 6195000. Puede presentar un reclamo en el Libro de Reclamaciones o \
         ante INDECOPI.",
    ),
    ("Ley 32323", "Si no desea recibir más mensajes, responda BAJA."),
];

/// Attempts that carry `body` to every banned-content rule of every pack: the jurisdictions,
/// languages and sender roles the rules bind.
fn attempts(body: &str) -> Vec<(String, Attempt)> {
    let us_locations = json!([
        { "country": "US", "region": "CA", "time_zone": "America/Los_Angeles" },
        { "country": "US", "region": "TX", "time_zone": "America/Chicago" },
        { "country": "US", "region": "NY", "postal_code": "10001", "time_zone": "America/New_York" },
        { "country": "US", "region": "MA", "time_zone": "America/New_York" }
    ]);
    let mut out = Vec::new();
    for role in ["collector", "creditor", "attorney"] {
        for language in ["en", "es"] {
            out.push((
                format!("US {role} {language}"),
                json!({
                    "channel": "email", "send_at": "2026-03-10T18:00:00Z", "body": body, "language": language,
                    "sender": { "name": "Acme Recovery", "role": role },
                    "recipient": { "relation": "debtor", "address": "ana@example.com", "locations": us_locations },
                    "debt": { "id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD",
                        "time_barred": true }
                }),
            ));
        }
        out.push((
            format!("FR {role}"),
            json!({
                "channel": "email", "send_at": "2026-03-10T14:00:00Z", "body": body, "initial_communication": false,
                "sender": { "name": "Cabinet Exemple SAS", "role": role },
                "recipient": { "relation": "debtor", "address": "ana@example.fr", "locations": [{ "country": "FR" }] },
                "debt": { "id": "D-1", "creditor": "Banque Y", "amount": "812.40", "currency": "EUR" }
            }),
        ));
        out.push((
            format!("PE {role}"),
            json!({
                "channel": "email", "send_at": "2026-03-10T15:00:00Z", "body": body,
                "sender": { "name": "Cobranzas Andinas SAC", "role": role },
                "recipient": { "relation": "debtor", "address": "ana@example.pe", "locations": [{ "country": "PE" }] },
                "debt": { "id": "D-1", "creditor": "Caja Piura", "amount": "350.00", "currency": "PEN",
                    "financial_system": true }
            }),
        ));
    }
    out.into_iter().map(|(what, v)| (what, Attempt::from_json(&v.to_string()).expect("attempt"))).collect()
}

/// The banned-content findings of `body` in every context, as "context: rule: span".
fn banned_findings(body: &str) -> Vec<String> {
    banned_findings_in(body, "")
}

/// The same, in the contexts whose name starts with `country` ("US", "FR", "PE"; "" for all).
fn banned_findings_in(body: &str, country: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (what, attempt) in attempts(body).into_iter().filter(|(what, _)| what.starts_with(country)) {
        for f in engine().evaluate(&attempt).findings {
            if f.category == Category::BannedContent {
                let span = f.span.map(|s| s.text).unwrap_or_default();
                out.push(format!("{what}: {} {:?} {span:?}", f.rule, f.severity));
            }
        }
    }
    out
}

#[test]
fn the_disclosures_the_law_requires_trip_no_banned_content_rule() {
    let mut failures = Vec::new();
    for (law, text) in DISCLOSURES {
        for f in banned_findings(text) {
            failures.push(format!("{law}: {f}\n    in {text:?}"));
        }
    }
    assert!(failures.is_empty(), "the law's own words were flagged:\n{}", failures.join("\n"));
}

/// The `pass` examples whose lawfulness comes from the attempt's facts rather than its words (a
/// judgment obtained, legal action intended, an attorney's own letterhead, a consent to
/// marketing, a business debt, a credit outside the financial system, a date when the rule is
/// not in force): elsewhere their words are rightly flagged.
const FACT_DEPENDENT: &[&str] = &[
    "judgment_obtained",
    "legal_action_intended",
    "attorney",
    "marketing",
    "consents",
    "\"consumer\"",
    "financial_system",
    "fees_authorized",
    "time_barred",
    "debt_buyer",
    // A sender role, a channel or an automated call the rule does not bind.
    "role",
    "channel",
    "automated",
    // A rule not yet (or no longer) in force on the example's date.
    "send_at_local",
];

#[test]
fn every_pass_example_of_every_pack_trips_no_banned_content_rule() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, source, _) in fairtouch_rules::PACKS {
        let pack: toml::Value = toml::from_str(source).expect("pack");
        let base_body = pack
            .get("examples")
            .and_then(|e| e.get("base"))
            .and_then(|b| b.get("body"))
            .and_then(toml::Value::as_str)
            .unwrap_or("");
        let Some(rules) = pack.get("rule").and_then(toml::Value::as_array) else { continue };
        // An example is written for its pack's country: a Spanish sentence of the Peru pack is not
        // read in a French message.
        let jurisdiction = pack.get("pack").and_then(|p| p.get("jurisdiction")).and_then(toml::Value::as_str);
        let country = match jurisdiction.unwrap_or("") {
            "EU" => "FR",
            j => j.split('-').next().unwrap_or(""),
        };
        for rule in rules {
            let id = rule.get("id").and_then(toml::Value::as_str).unwrap_or("?");
            for example in rule.get("pass").and_then(toml::Value::as_array).into_iter().flatten() {
                let patch = format!("{example:?}");
                if FACT_DEPENDENT.iter().any(|k| patch.contains(k)) {
                    continue;
                }
                let body = example.get("body").and_then(toml::Value::as_str).unwrap_or(base_body);
                if body.is_empty() {
                    continue;
                }
                checked += 1;
                for f in banned_findings_in(body, country) {
                    failures.push(format!("{name} {id}: {f}\n    in {body:?}"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} pass examples were read");
    failures.sort();
    failures.dedup();
    assert!(failures.is_empty(), "{} lawful example(s) flagged:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_contexts_reach_the_banned_content_rules() {
    // The harness must be able to fail: a threat in each language is found in its contexts.
    let found = banned_findings("We will sue you. Usted irá a la cárcel. Nous saisirons votre salaire.");
    for rule in ["us.fdcpa.threat-lawsuit", "us.fdcpa.threat-arrest", "fr.conso.seizure-threat", "us.ca.threat-lawsuit"]
    {
        assert!(found.iter().any(|f| f.contains(rule)), "{rule} not reached: {found:?}");
    }
}
