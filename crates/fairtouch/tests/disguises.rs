//! Disguised banned content is read as the recipient reads it (issue 11, item 1): letters of
//! other scripts and small capitals that look like Latin letters, format characters, HTML
//! entities, tags and comments, emoji, letters spelt out one by one, words broken by a line break
//! or a no-break space, digits and symbols used as letters. Each disguise class is checked in
//! English, Spanish and French; every span must point exactly into the original text; and
//! ordinary lawful messages must get no banned-content finding.

mod common;
use common::disguise::{disguises, CYRILLIC, LEET, SMALL_CAPS};
use std::sync::OnceLock;

use fairtouch::{Attempt, Category, Engine, Verdict};
use proptest::prelude::*;
use serde_json::json;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("default packs"))
}

#[derive(Clone, Copy, Debug)]
enum Lang {
    En,
    Es,
    Fr,
}

fn attempt(lang: Lang, body: &str) -> Attempt {
    let v = match lang {
        Lang::En => json!({
            "channel": "email", "send_at": "2026-03-10T15:00:00Z", "body": body,
            "sender": { "name": "Acme Recovery", "role": "collector" },
            "recipient": { "relation": "debtor", "address": "ana@example.com",
                "locations": [{ "country": "US", "region": "IL", "postal_code": "60601", "time_zone": "America/Chicago" }] },
            "debt": { "id": "D-1", "creditor": "Acme Bank", "amount": "250.00", "currency": "USD", "due_date": "2026-01-10", "reference": "2023-45" }
        }),
        Lang::Es => json!({
            "channel": "email", "send_at": "2026-03-10T10:00:00-05:00", "body": body,
            "sender": { "name": "Cobranzas Andinas SAC", "role": "collector" },
            "recipient": { "relation": "debtor", "address": "ana@example.pe", "locations": [{ "country": "PE" }] },
            "debt": { "id": "D-1", "creditor": "Caja Piura", "amount": "350.00", "currency": "PEN", "due_date": "2026-03-05", "reference": "CP-2026-0042", "financial_system": true }
        }),
        Lang::Fr => json!({
            "channel": "email", "send_at": "2026-03-10T14:00:00Z", "body": body, "initial_communication": false,
            "sender": { "name": "Cabinet Exemple SAS", "role": "collector" },
            "recipient": { "relation": "debtor", "address": "ana@example.fr", "locations": [{ "country": "FR" }] },
            "debt": { "id": "D-1", "creditor": "Banque Y", "amount": "812.40", "currency": "EUR", "reference": "C-123",
                "initial_letter": { "reference": "RC-2026-0042", "sent_on": "2026-03-03" } }
        }),
    };
    Attempt::from_json(&v.to_string()).expect("attempt")
}

fn evaluate(lang: Lang, body: &str) -> Verdict {
    engine().evaluate(&attempt(lang, body))
}

/// Every span of the verdict points exactly into `body`.
fn check_spans(body: &str, verdict: &Verdict) {
    for f in &verdict.findings {
        let Some(span) = &f.span else { continue };
        if span.field != "body" {
            continue;
        }
        assert!(span.start <= span.end && span.end <= body.len(), "{}: {span:?} in {body:?}", f.rule);
        assert!(body.is_char_boundary(span.start) && body.is_char_boundary(span.end), "{span:?} in {body:?}");
        assert_eq!(&body[span.start..span.end], span.text, "{}", f.rule);
        assert_eq!(body[..span.start].encode_utf16().count(), span.start_utf16, "{span:?}");
        assert_eq!(body[..span.end].encode_utf16().count(), span.end_utf16, "{span:?}");
    }
}

fn banned(verdict: &Verdict) -> Vec<&str> {
    verdict.findings.iter().filter(|f| f.category == Category::BannedContent).map(|f| f.rule.as_str()).collect()
}

/// (language, sentence with `{}` for the word, the word, the rule it must fire)
const THREATS: &[(Lang, &str, &str, &str)] = &[
    (Lang::En, "Pay today or you will be {}.", "arrested", "us.fdcpa.threat-arrest"),
    (Lang::En, "If you do not pay you will go to {} this month.", "jail", "us.fdcpa.threat-arrest"),
    (Lang::Es, "Caja Piura: te llevarán {} si no pagas tu cuota.", "preso", "pe.codeco.criminal-threat"),
    (Lang::Es, "Caja Piura: sin pago irás a la {} este mes.", "carcel", "pe.codeco.criminal-threat"),
    (
        Lang::Fr,
        "Cabinet Exemple, réf. RC-2026-0042 : sans paiement vous irez en {} ce mois-ci.",
        "prison",
        "fr.conso.criminal-threat",
    ),
    (
        Lang::Fr,
        "Cabinet Exemple, réf. RC-2026-0042 : ce retard de paiement constitue une {}.",
        "escroquerie",
        "fr.conso.criminal-threat",
    ),
];

#[test]
fn disguised_threats_are_found_in_every_language() {
    let mut counts = [0usize; 3];
    let mut failures = Vec::new();
    for &(lang, sentence, word, rule) in THREATS {
        let plain = sentence.replace("{}", word);
        assert!(banned(&evaluate(lang, &plain)).contains(&rule), "{rule} must fire on {plain:?}");
        let mut classes = disguises();
        // An emoji between the words of the phrase.
        classes.push(("emoji-between-words", Box::new(|w: &str| Some(format!("🚔 {w}")))));
        for (name, disguise) in &classes {
            let Some(disguised) = disguise(word) else { continue };
            let body = sentence.replace("{}", &disguised);
            let verdict = evaluate(lang, &body);
            check_spans(&body, &verdict);
            let at = body.find(&disguised).expect("disguised word");
            let spans: Vec<_> =
                verdict.findings.iter().filter(|f| f.rule == rule).filter_map(|f| f.span.as_ref()).collect();
            if spans.is_empty() {
                failures.push(format!("{name}: {rule} not found in {body:?}"));
            } else if !spans.iter().any(|s| s.start < at + disguised.len() && at < s.end) {
                failures.push(format!(
                    "{name}: {rule} spans {:?} miss {disguised:?}",
                    spans.iter().map(|s| &s.text).collect::<Vec<_>>()
                ));
            } else {
                counts[lang as usize] += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{} misses:\n{}", failures.len(), failures.join("\n"));
    eprintln!("disguised threats found: en {}, es {}, fr {}", counts[0], counts[1], counts[2]);
}

#[test]
fn leet_reads_one_as_i_or_l() {
    for (lang, body, rule) in [
        (Lang::Fr, "Cabinet Exemple : sans paiement vous irez en pr1son.", "fr.conso.criminal-threat"),
        (Lang::En, "Pay now or you will go to ja1l.", "us.fdcpa.threat-arrest"),
        (Lang::En, "Pay now or you will go to jai1.", "us.fdcpa.threat-arrest"),
        (Lang::En, "Pay now or you will be @rr3sted.", "us.fdcpa.threat-arrest"),
        (Lang::Es, "Caja Piura: te llevarán pr3s0 si no pagas.", "pe.codeco.criminal-threat"),
    ] {
        let verdict = evaluate(lang, body);
        check_spans(body, &verdict);
        assert!(banned(&verdict).contains(&rule), "{rule} in {body:?}: {:?}", banned(&verdict));
    }
}

/// What an ordinary message may hold must not be read as a disguise.
#[test]
fn ordinary_words_stay_apart() {
    for (lang, body) in [
        (Lang::En, "Hi Susan, the ft. lauderdale office is closed. Pay now at acme.example/pay."),
        (Lang::En, "Hello Jair Ramos,\nyour payment plan is set up. Ref 2023-45, $250.00 due 01/10/2026."),
        (Lang::En, "Your balance:\u{a0}$250.00. Call 800-555-0100 at 4pm or e-mail help@acme.example."),
        (Lang::En, "I am a U.S. citizen, a r e you? Reply STOP to opt-out."),
        (Lang::Es, "Hola Ana,\nsu cuota de S/ 350.00 vence el 05/03/2026. Ref CP-2026-0042."),
        (
            Lang::Fr,
            "Bonjour,\nvotre échéance de 812,40 € est prévue le 03/03/2026. Réf. RC-2026-0042. Il n'y a pas de frais.",
        ),
    ] {
        let verdict = evaluate(lang, body);
        check_spans(body, &verdict);
        assert!(banned(&verdict).is_empty(), "{body:?}: {:?}", banned(&verdict));
    }
}

const EN_NAMES: &[&str] =
    &["Susan Miller", "James Carter", "Maria Lopez", "Ethan Brooks", "Olivia Chen", "Noah Patel", "Ava Johnson"];
const ES_NAMES: &[&str] =
    &["Ana Quispe", "José Ramírez", "Lucía Flores", "Carlos Mendoza", "Rosa Huamán", "Jorge Castillo", "Elena Vargas"];
const FR_NAMES: &[&str] =
    &["Marie Dubois", "Jean Martin", "Chloé Lefèvre", "Lucas Bernard", "Léa Moreau", "Hugo Laurent", "Camille Roux"];

const EN_TEMPLATES: &[&str] = &[
    "Hi {name}, this is Acme Recovery, a debt collector. Your balance of {amount} is due on {date}. Pay at https://acme.example/pay?ref={ref} or call 800-555-0100.",
    "Hello {name},\nthank you for your payment of {amount} received on {date}. Receipt #{ref}.\nAcme Recovery",
    "{name}, your payment plan (3 x {amount}) starts {date}. Questions? E-mail help@acme.example. Reply STOP to opt out.",
    "<p>Dear {name},</p><p>Your account {ref} has a balance of <b>{amount}</b>.<br>Please pay by {date}.</p>",
    "Reminder 😊 {name}: {amount} due {date}. Follow-up call at 4pm? Reply YES or NO.",
    "Hi {name} 👋\nWe can set up a co-signer free plan. Ref: {ref}. Call us Mon-Fri 9am-5pm CT.",
    "Dear {name}, per your request we paused calls until {date}. Ref {ref}. Opt-out anytime.",
    "{name}: your 2nd installment of {amount} posted on {date}. Thanks! 🙏 Acme Recovery, 1st Ave, Chicago IL 60601.",
    "Hello {name}, we sent your statement by e-mail on {date}. Total: {amount}. Ref.\u{a0}{ref}.",
    "Hi {name}, a dispute of the {amount} balance stops collection until we verify it. Ref #{ref}, updated {date}.",
];
const ES_TEMPLATES: &[&str] = &[
    "Hola {name}, le saluda Cobranzas Andinas. Su cuota de {amount} vence el {date}. Pague en https://pago.example.pe/{ref} o llame al 01 6195000.",
    "Estimado(a) {name},\ngracias por su pago de {amount} recibido el {date}. Constancia N° {ref}.",
    "{name}, su plan de pagos (3 cuotas de {amount}) inicia el {date}. Consultas: ayuda@andinas.example.pe",
    "<p>Estimado {name}:</p><p>Su cuenta {ref} tiene un saldo de <b>{amount}</b>.<br>Fecha de pago: {date}.</p>",
    "Recordatorio 😊 {name}: {amount} vence el {date}. ¿Lo llamamos a las 4pm? Responda SÍ o NO.",
    "Hola {name} 👋\nPodemos reprogramar su deuda sin intereses adicionales. Ref: {ref}. Lun-Vie 9am-6pm.",
    "{name}, su 2da cuota de {amount} fue registrada el {date}. ¡Gracias! 🙏 Av. Larco 123, Miraflores.",
    "Sr(a). {name}: le enviamos su estado de cuenta por e-mail el {date}. Total: {amount}. Ref.\u{a0}{ref}.",
    "Hola {name}, para darse de baja responda BAJA. Ref {ref}. Saldo {amount} al {date}.",
    "{name}, su reclamo sobre {amount} fue recibido el {date} con código {ref}. Le responderemos en 15 días.",
];
const FR_TEMPLATES: &[&str] = &[
    "Bonjour {name}, Cabinet Exemple. Votre échéance de {amount} est due le {date}. Payez sur https://exemple.fr/payer?ref={ref} ou appelez le 01 23 45 67 89.",
    "Madame, Monsieur {name},\nnous accusons réception de votre paiement de {amount} le {date}. Reçu n° {ref}.",
    "{name}, votre échéancier (3 x {amount}) commence le {date}. Questions : contact@exemple.fr",
    "<p>Bonjour {name},</p><p>Votre dossier {ref} présente un solde de <b>{amount}</b>.<br>Merci de régler avant le {date}.</p>",
    "Rappel 😊 {name} : {amount} à régler le {date}. Un rappel à 16h vous convient-il ? Répondez OUI ou NON.",
    "Bonjour {name} 👋\nNous pouvons étaler votre dette sans frais. Réf. : {ref}. Du lundi au vendredi, 9h-18h.",
    "{name}, votre 2e versement de {amount} a été enregistré le {date}. Merci ! 🙏 12 rue de la Paix, 75002 Paris.",
    "{name}, nous vous avons adressé votre relevé par e-mail le {date}. Total : {amount}. Réf.\u{a0}{ref}.",
    "Bonjour {name}, pour ne plus recevoir de SMS répondez STOP. Réf. {ref}. Solde {amount} au {date}.",
    "{name}, votre réclamation sur {amount} a bien été reçue le {date} (dossier {ref}). Réponse sous 15 jours.",
];

fn lawful_messages() -> Vec<(Lang, String)> {
    let mut out = Vec::new();
    type Set<'a> = (Lang, &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let sets: [Set; 3] = [
        (
            Lang::En,
            EN_TEMPLATES,
            EN_NAMES,
            &["$250.00", "$1,250.50", "$75", "USD 300.00"],
            &["01/10/2026", "March 15, 2026", "2026-04-01"],
            &["2023-45", "AC-7781-B", "X4J9", "INV-0042"],
        ),
        (
            Lang::Es,
            ES_TEMPLATES,
            ES_NAMES,
            &["S/ 350.00", "S/ 1,200.50", "S/ 80"],
            &["05/03/2026", "15 de marzo de 2026", "2026-04-01"],
            &["CP-2026-0042", "AB-12", "R7K3-2", "00123"],
        ),
        (
            Lang::Fr,
            FR_TEMPLATES,
            FR_NAMES,
            &["812,40 €", "1 250,50 €", "75 €"],
            &["03/03/2026", "15 mars 2026", "2026-04-01"],
            &["RC-2026-0042", "C-123", "F7B2-88", "D0042"],
        ),
    ];
    for (lang, templates, names, amounts, dates, refs) in sets {
        for i in 0..70 {
            let t = templates[i % templates.len()];
            let body = t
                .replace("{name}", names[i % names.len()])
                .replace("{amount}", amounts[i % amounts.len()])
                .replace("{date}", dates[(i / 3) % dates.len()])
                .replace("{ref}", refs[(i / 2) % refs.len()]);
            out.push((lang, body));
        }
    }
    out
}

#[test]
fn lawful_messages_get_no_banned_content_finding() {
    let messages = lawful_messages();
    assert_eq!(messages.len(), 210);
    let mut flagged = Vec::new();
    for (lang, body) in &messages {
        let verdict = evaluate(*lang, body);
        check_spans(body, &verdict);
        let b = banned(&verdict);
        if !b.is_empty() {
            flagged.push(format!("{b:?}: {body:?}"));
        }
    }
    assert!(flagged.is_empty(), "{} lawful messages flagged:\n{}", flagged.len(), flagged.join("\n"));
}

fn disguise_op() -> impl Strategy<Value = (usize, usize)> {
    (0usize..16, 0usize..64)
}

/// Applies disguise `kind` at position `at` (modulo the word's length) of `word`.
fn apply(word: &str, kind: usize, at: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let i = at % chars.len();
    let mut out = String::new();
    for (k, &c) in chars.iter().enumerate() {
        if k == i {
            match kind {
                0 => out.push('\u{200b}'),
                1 => out.push('😀'),
                2 => out.push('\n'),
                3 => out.push('\u{a0}'),
                4 => out.push_str("<b></b>"),
                5 => out.push_str("<!--x-->"),
                6 => {
                    out.push_str(&format!("&#{};", c as u32));
                    continue;
                }
                7 => {
                    out.push(CYRILLIC.iter().find(|(l, _)| *l == c).map_or(c, |(_, x)| *x));
                    continue;
                }
                8 => {
                    out.push(LEET.iter().find(|(l, _)| *l == c).map_or(c, |(_, x)| *x));
                    continue;
                }
                9 => {
                    out.push(SMALL_CAPS.iter().find(|(l, _)| *l == c).map_or(c, |(_, x)| *x));
                    continue;
                }
                10 => out.push('\u{fe0f}'),
                11 => out.push_str("\r\n"),
                12 => out.push_str("<br>"),
                13 => out.push('é'),
                _ => {}
            }
        }
        out.push(c);
    }
    if kind == 14 {
        return chars.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(if at.is_multiple_of(2) {
            "."
        } else {
            " "
        });
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Whatever the disguise, every span of every finding points exactly into the text.
    #[test]
    fn spans_of_disguised_threats_point_into_the_text(
        pick in 0usize..THREATS.len(),
        ops in prop::collection::vec(disguise_op(), 1..4),
        emoji_prefix in prop::bool::ANY,
    ) {
        let (lang, sentence, word, _) = THREATS[pick];
        let mut disguised = word.to_string();
        for (kind, at) in ops {
            disguised = apply(&disguised, kind, at);
        }
        let prefix = if emoji_prefix { "👍🏽 Hello\u{a0}&amp; " } else { "" };
        let body = format!("{prefix}{}", sentence.replace("{}", &disguised));
        let verdict = evaluate(lang, &body);
        check_spans(&body, &verdict);
    }
}
