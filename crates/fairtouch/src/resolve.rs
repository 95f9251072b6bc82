//! The first stage of an evaluation: what the engine derives from an attempt once, whatever the
//! instant — candidate zones, jurisdictions, language, the reading of every text with its phrase
//! matches, and the caches the checks share. The second stage (`context::Context`)
//! evaluates a `Resolved` at one instant; `next_allowed` and template lint reuse it.

use std::cell::OnceCell;

use jiff::tz::TimeZone;

use crate::locate::{candidate_zones, jurisdictions_of, language_of_country};
use crate::model::{Address, AddressKind, Attempt, Channel, Direction, Language, SenderRole};
use crate::pack::Field;
use crate::pack::{GroupHit, GroupId, Matcher, Pack};
use crate::text::{
    amounts, core_name, dates, find_phrase, normalize, written_license_number, written_phone_number, written_po_box,
    written_street_address, Money, Normalized, WrittenDate,
};

/// A text of the attempt (body or subject), normalised and matched.
#[derive(Debug)]
pub struct TextView<'a> {
    pub original: &'a str,
    pub field: &'static str,
    pub norm: Normalized,
    pub hits: Vec<GroupHit>,
    amounts: OnceCell<Vec<Money>>,
    dates: OnceCell<Vec<WrittenDate>>,
    utf16: OnceCell<crate::text::Utf16Index>,
    cue_hits: OnceCell<Vec<GroupHit>>,
}

impl<'a> TextView<'a> {
    pub fn new(matcher: &Matcher, original: &'a str, field: &'static str) -> TextView<'a> {
        let norm = Normalized::new(original);
        // By group, so that each rule reads its own matches without walking everyone's.
        let hits = matcher.match_groups(&norm.text);
        TextView {
            original,
            field,
            norm,
            hits,
            amounts: OnceCell::new(),
            dates: OnceCell::new(),
            utf16: OnceCell::new(),
            cue_hits: OnceCell::new(),
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
    pub fn amounts(&self) -> &[Money] {
        self.amounts.get_or_init(|| amounts(self.original))
    }

    /// The dates written in the text (computed once).
    pub fn dates(&self, language: Language) -> &[WrittenDate] {
        self.dates.get_or_init(|| dates(self.original, &self.norm, language))
    }

    /// The matches of the reading cues (`scope`), computed by `find` once.
    pub fn cue_hits(&self, find: impl FnOnce(&str) -> Vec<GroupHit>) -> &[GroupHit] {
        self.cue_hits.get_or_init(|| find(&self.norm.text))
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

/// Everything derived from one attempt, whatever the instant.
pub struct Resolved<'a> {
    pub matcher: &'a Matcher,
    pub attempt: &'a Attempt,
    /// The candidate zones of the recipient.
    pub zones: Vec<TimeZone>,
    /// No location was specific enough: every zone of the country was assumed.
    pub zones_assumed: bool,
    pub jurisdictions: Vec<String>,
    pub language: Language,
    pub texts: Vec<TextView<'a>>,
    /// Template lint: placeholders stand for fields, and accuracy is not checked.
    pub lint: bool,
    order: OnceCell<Vec<usize>>,
    debt_fields: OnceCell<Vec<(usize, usize, usize, Field)>>,
    replies: OnceCell<Vec<OnceCell<Reply>>>,
    /// For each history event: the first event with the same body (the reading is shared).
    same_body: OnceCell<Vec<usize>>,
    responses: OnceCell<Vec<bool>>,
    event_dates: OnceCell<Vec<Vec<jiff::civil::Date>>>,
    needles: OnceCell<Vec<(Field, String)>>,
}

impl<'a> Resolved<'a> {
    pub fn new(matcher: &'a Matcher, attempt: &'a Attempt, lint: bool) -> Resolved<'a> {
        let (zones, zones_assumed) = candidate_zones(attempt);
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
            texts.push(TextView::new(matcher, subject, "subject"));
        }
        if let Some(body) = &attempt.body {
            texts.push(TextView::new(matcher, body, "body"));
        }
        Resolved {
            matcher,
            attempt,
            zones: zones.into_iter().map(|z| z.tz).collect(),
            zones_assumed,
            jurisdictions,
            language,
            texts,
            lint,
            order: OnceCell::new(),
            debt_fields: OnceCell::new(),
            replies: OnceCell::new(),
            same_body: OnceCell::new(),
            responses: OnceCell::new(),
            event_dates: OnceCell::new(),
            needles: OnceCell::new(),
        }
    }

    /// The normalised body of history event `i` and its phrase matches (computed once).
    /// Events with the same body share one reading ("STOP" sent twice is read once).
    pub fn reply(&self, i: usize, body: &str) -> &Reply {
        let history = &self.attempt.history;
        let cells = self.replies.get_or_init(|| (0..history.len()).map(|_| OnceCell::new()).collect());
        let first = if history.get(i).and_then(|e| e.body.as_deref()) == Some(body) {
            self.same_body.get_or_init(|| {
                // Compared with the first few distinct bodies only, so that a long history of
                // distinct texts costs no more than a few comparisons per event.
                let mut distinct: Vec<(&str, usize)> = Vec::new();
                history
                    .iter()
                    .enumerate()
                    .map(|(j, e)| {
                        let Some(b) = e.body.as_deref() else { return j };
                        match distinct.iter().find(|&&(d, _)| d == b) {
                            Some(&(_, first)) => first,
                            None => {
                                if distinct.len() < 16 {
                                    distinct.push((b, j));
                                }
                                j
                            }
                        }
                    })
                    .collect()
            })[i]
        } else {
            i
        };
        cells[first].get_or_init(|| {
            let norm = Normalized::new(body);
            let hits = self.matcher.match_groups(&norm.text);
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
            self.zones.iter().map(|tz| local_dates(tz, self.attempt.history.iter().map(|e| e.at))).collect()
        });
        all.get(zone).map_or(&[], Vec::as_slice)
    }

    /// The normalised text to look for when a field's value must appear in a message: names
    /// without their legal-form suffix (computed once).
    pub fn needle(&self, field: Field) -> Option<&str> {
        use Field;
        let needles = self.needles.get_or_init(|| {
            let a = self.attempt;
            let debt = a.debt.as_ref();
            let core = |v: Option<&str>| v.map(core_name);
            let plain = |v: Option<&str>| v.map(normalize);
            [
                (Field::SenderName, core(a.sender.name.as_deref())),
                (Field::SenderLicense, plain(a.sender.license_number.as_deref())),
                (Field::Creditor, core(debt.and_then(|d| d.creditor.as_deref()))),
                (Field::Reference, plain(debt.and_then(|d| d.reference.as_deref()))),
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
    pub fn debt_fields(&self) -> &[(usize, usize, usize, Field)] {
        self.debt_fields.get_or_init(|| debt_fields_in_texts(self).collect())
    }
}

/// The local dates of instants in a zone. The zone's offset is looked up again only after its
/// next transition: a history of a few weeks has one or two offsets, and a look-up in a zone's
/// rules costs hundreds of instructions.
fn local_dates(tz: &TimeZone, instants: impl Iterator<Item = jiff::Timestamp>) -> Vec<jiff::civil::Date> {
    // The offset holds from `from` until `until` (the first transition after `from`).
    let mut span: Option<(jiff::Timestamp, jiff::Timestamp, jiff::tz::Offset)> = None;
    instants
        .map(|at| {
            let offset = match span {
                Some((from, until, offset)) if from <= at && at < until => offset,
                _ => {
                    let offset = tz.to_offset(at);
                    let until = tz.following(at).next().map_or(jiff::Timestamp::MAX, |t| t.timestamp());
                    span = Some((at, until, offset));
                    offset
                }
            };
            offset.to_datetime(at).date()
        })
        .collect()
}

/// A consent for `consented` covers an attempt on `channel` (a voice consent covers voicemail).
pub fn consent_channel_matches(consented: Channel, channel: Channel) -> bool {
    consented == channel || (consented == Channel::Voice && channel == Channel::Voicemail)
}

/// Where a field's value stands in a text.
pub enum Presence {
    /// Found at this original byte range.
    Found(usize, usize),
    /// The text does not contain it.
    Missing,
    /// The attempt does not give the value, so it cannot be looked for.
    Unknown,
}

/// Looks for the value of a field of the attempt in a text.
///
/// A creditor collecting its own debt is the person the debt is owed to: when the sender's role is
/// `creditor`, a missing `debt.creditor` is the sender's name and a missing `sender.name` the
/// creditor's, so a rule asking for one is checked with the other before it reports that it
/// cannot check (Tex. Fin. Code 392.304(a)(4): the name of the person to whom the debt is owed).
pub fn find_field(ctx: &Resolved, view: &TextView, field: Field) -> Presence {
    let a = ctx.attempt;
    let debt = a.debt.as_ref();
    let own_debt = a.sender.role == SenderRole::Creditor;
    let creditor_given = debt.is_some_and(|d| d.creditor.is_some());
    let sender_given = a.sender.name.is_some();
    let text_value = |given: bool| -> Presence { value_in(ctx, view, field, given) };
    match field {
        Field::SenderName if !sender_given && own_debt && creditor_given => {
            return value_in(ctx, view, Field::Creditor, true);
        }
        Field::Creditor if !creditor_given && own_debt && sender_given => {
            return value_in(ctx, view, Field::SenderName, true);
        }
        _ => {}
    }
    match field {
        Field::SenderName => text_value(sender_given),
        Field::SenderLicense => written_license(ctx, view, text_value),
        Field::WrittenPhone => written_contact(view, written_phone_number),
        Field::WrittenStreetAddress => written_contact(view, written_street_address),
        Field::WrittenMailingAddress => match written_contact(view, written_street_address) {
            Presence::Missing => written_contact(view, written_po_box),
            found => found,
        },
        Field::Creditor => text_value(creditor_given),
        Field::Reference => text_value(debt.is_some_and(|d| d.reference.is_some())),
        Field::LetterReference | Field::LetterDate => crate::letter::find_in(ctx, view, field),
        Field::Amount => match debt.and_then(|d| d.amount) {
            None => Presence::Unknown,
            Some(amount) => view
                .amounts()
                .iter()
                .find(|m| m.value == amount.0)
                .map_or(Presence::Missing, |m| Presence::Found(m.start, m.end)),
        },
        Field::DueDate => match debt.and_then(|d| d.due_date) {
            None => Presence::Unknown,
            Some(d) => view
                .dates(ctx.language)
                .iter()
                .find(|w| w.is(d))
                .map_or(Presence::Missing, |w| Presence::Found(w.start, w.end)),
        },
    }
}

/// Where the value of a name or reference field stands in a text; `given`: the attempt gives it.
fn value_in(ctx: &Resolved, view: &TextView, field: Field, given: bool) -> Presence {
    match ctx.needle(field) {
        None if !given => Presence::Unknown,
        None => Presence::Missing,
        Some(n) => match find_phrase(&view.norm, n) {
            Some((s, e)) => Presence::Found(s, e),
            None => Presence::Missing,
        },
    }
}

/// The sender's licence number in a text. When the attempt gives `sender.license_number`, that
/// number is looked for. When it does not (absent or empty), a licence number the sender wrote in
/// the text ("CA DFPI License #10001-99") is derived as the one displayed, before the rule reports
/// that it cannot check; only a text with none is `Unknown`, and the finding names the field to add.
fn written_license(ctx: &Resolved, view: &TextView, given: impl Fn(bool) -> Presence) -> Presence {
    if ctx.attempt.sender.license_number.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        return given(true);
    }
    match written_license_number(view.original) {
        Some((s, e)) => Presence::Found(s, e),
        None => Presence::Unknown,
    }
}

/// A contact detail the law wants shown (a telephone number, an address), read from the text
/// itself: the attempt has no field for it, so it is never unknown, only found or missing.
fn written_contact(view: &TextView, find: fn(&str) -> Option<(usize, usize)>) -> Presence {
    find(view.original).map_or(Presence::Missing, |(s, e)| Presence::Found(s, e))
}

/// The debt's amount, creditor and reference wherever they appear in the attempt's texts.
pub fn debt_fields_in_texts<'c>(ctx: &'c Resolved<'c>) -> impl Iterator<Item = (usize, usize, usize, Field)> + 'c {
    // Computed once per context through `Context::debt_fields`.
    ctx.texts.iter().enumerate().flat_map(move |(i, view)| {
        [Field::Amount, Field::Creditor, Field::Reference].into_iter().filter_map(move |f| {
            match find_field(ctx, view, f) {
                Presence::Found(s, e) => Some((i, s, e, f)),
                _ => None,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offset reused until the zone's next transition gives the date a look-up per instant
    /// gives, across DST changes, in and out of order.
    #[test]
    fn local_dates_agree_with_a_look_up_per_instant() {
        let start: jiff::Timestamp = "2026-03-01T00:00:00Z".parse().unwrap();
        let mut instants: Vec<jiff::Timestamp> =
            (0..2000).map(|k| start + jiff::SignedDuration::from_secs(k * 1931 + (k % 7) * 17)).collect();
        instants.extend(
            ["2026-03-08T08:00:00Z", "2026-03-08T07:59:59Z", "2026-11-01T06:00:00Z", "2026-03-29T01:00:00Z"]
                .map(|t| t.parse::<jiff::Timestamp>().unwrap()),
        );
        instants.extend((0..500).map(|k| start + jiff::SignedDuration::from_hours(k * 11 % 9000)));
        for zone in ["America/Chicago", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata", "UTC"] {
            let tz = TimeZone::get(zone).unwrap();
            let expected: Vec<_> = instants.iter().map(|&t| tz.to_datetime(t).date()).collect();
            assert_eq!(local_dates(&tz, instants.iter().copied()), expected, "{zone}");
        }
    }
}
