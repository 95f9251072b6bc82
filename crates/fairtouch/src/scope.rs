//! How a reader takes a banned phrase in its sentence: denied ("we will not sue you"), stated as
//! one of the consumer's rights ("you may report identity theft to the police"), written in
//! another language than the message without a sentence of that language around it, or meant.
//!
//! The words this module reads (negations, clause boundaries, conditions, rights, function words)
//! are data, in `rules/data/reading.toml`; they are registered with the packs' phrases and found
//! by the same automaton, so a message is scanned once. The rules, in short (the data file says
//! more):
//!
//! - a phrase is *denied* when its own clause has, before it, one negation that reaches it over
//!   bridge words only, no word that undoes the denial, and its sentence sets no condition and
//!   asks no question;
//! - a phrase is a *right* when a statement of the consumer's rights opens its clause;
//! - a one-word phrase is a *name* when it is written as a proper name (capitalised, in a text
//!   that is not in capitals or title case) after a title, a role or a street word (with a first
//!   name between them or not), or before a place word ("Mme Prison", "Av. Tribunal", "asesor
//!   Policarpo Juez", "Prison Hill");
//! - anything else is read as written. When in doubt the phrase stays a threat.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Language;
use crate::pack::{GroupHit, GroupId, Matcher, PhraseRegistry};
use crate::resolve::TextView;
use crate::text::Inflections;

/// The phrase groups of the reading cues, and the punctuation that ends sentences and clauses.
#[derive(Debug, Clone)]
pub struct Cues {
    boundary: GroupId,
    coordinator: GroupId,
    negation: GroupId,
    determiner: GroupId,
    bridge: GroupId,
    defeat: GroupId,
    condition: GroupId,
    concession: GroupId,
    rights: GroupId,
    rights_continuation: GroupId,
    construction: GroupId,
    function: GroupId,
    nonpayment: GroupId,
    negation_after: GroupId,
    predicate: GroupId,
    name_title: GroupId,
    name_place: GroupId,
    sentence_marks: Vec<char>,
    clause_marks: Vec<char>,
    /// The automaton of the cue lists, run only on texts where a banned phrase matched.
    pub(crate) matcher: Box<Matcher>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReading {
    punctuation: RawPunctuation,
    cues: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    inflections: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    clitics: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPunctuation {
    sentence: String,
    clause: String,
}

const CUE_NAMES: [&str; 17] = [
    "boundary",
    "coordinator",
    "negation",
    "determiner",
    "bridge",
    "defeat",
    "condition",
    "concession",
    "rights",
    "rights_continuation",
    "construction",
    "function",
    "nonpayment",
    "negation_after",
    "predicate",
    "name_title",
    "name_place",
];

/// Reads `rules/data/reading.toml`: registers its cue lists with the packs' phrases and sets the
/// endings a `*` stands for.
pub fn register(registry: &mut PhraseRegistry, source: &str) -> Result<(), String> {
    let raw: RawReading = toml::from_str(source).map_err(|e| e.to_string())?;
    if let Some(unknown) = raw.cues.keys().find(|k| !CUE_NAMES.contains(&k.as_str())) {
        return Err(format!("unknown cue list {unknown:?} (expected one of {})", CUE_NAMES.join(", ")));
    }
    let mut lists = Vec::new();
    for (key, endings) in &raw.inflections {
        let lang: Language = key.parse().map_err(|_| format!("inflections: unknown language {key:?}"))?;
        let clitics = raw.clitics.get(key).cloned().unwrap_or_default();
        lists.push((lang, endings.clone(), clitics));
    }
    if let Some(key) = raw.clitics.keys().find(|k| !raw.inflections.contains_key(*k)) {
        return Err(format!("clitics: no inflections for language {key:?}"));
    }
    let inflections = Inflections::new(&lists);
    // The cues have an automaton of their own, so that a text without a banned phrase never
    // pays for them.
    let mut cue_registry = PhraseRegistry::default();
    cue_registry.short_phrases = true;
    cue_registry.inflections = inflections.clone();
    let mut group = |name: &str| -> Result<GroupId, String> {
        let spec = raw.cues.get(name).ok_or_else(|| format!("missing cue list [cues.{name}]"))?;
        cue_registry.add_group(spec).map_err(|m| format!("cues.{name}: {m}"))
    };
    let ids: Vec<GroupId> = CUE_NAMES.iter().map(|name| group(name)).collect::<Result<_, _>>()?;
    let id = |name: &str| ids[CUE_NAMES.iter().position(|n| *n == name).unwrap_or(0)];
    let cues = Cues {
        boundary: id("boundary"),
        coordinator: id("coordinator"),
        negation: id("negation"),
        determiner: id("determiner"),
        bridge: id("bridge"),
        defeat: id("defeat"),
        condition: id("condition"),
        concession: id("concession"),
        rights: id("rights"),
        rights_continuation: id("rights_continuation"),
        construction: id("construction"),
        function: id("function"),
        nonpayment: id("nonpayment"),
        negation_after: id("negation_after"),
        predicate: id("predicate"),
        name_title: id("name_title"),
        name_place: id("name_place"),
        sentence_marks: raw.punctuation.sentence.chars().collect(),
        clause_marks: raw.punctuation.clause.chars().collect(),
        matcher: Box::new(cue_registry.compile()?),
    };
    registry.inflections = inflections;
    registry.cues = Some(cues);
    Ok(())
}

/// How a banned phrase reads in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Meant as written: a threat, an accusation, an insult.
    Meant,
    /// Inside a denial ("nobody is going to arrest you").
    Denied,
    /// Inside a statement of the consumer's rights ("you may sue us").
    Right,
    /// A proper name: a person, a street, a place ("Mme Prison", "Av. Tribunal", "Prison Hill").
    Name,
    /// A phrase in a sentence with no word of the phrase's language, when the phrase is of
    /// another language than the message's ("Note: embargo." in English) or the sentence is
    /// written in another language: a risky word of another language is not read; anything
    /// else warns.
    Foreign,
}

/// A phrase match to read: byte range in the normalised text and the language of its phrase.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    pub start: u32,
    pub end: u32,
    pub lang: Option<Language>,
}

/// The reader of one text: its cue matches and its sentences.
pub struct Reader<'v, 'a> {
    view: &'v TextView<'a>,
    cues: &'v Cues,
    /// The cue matches of the text, by group.
    hits: &'v [GroupHit],
    /// Length of the main reading (matches beyond it read through a disguise).
    main: usize,
    /// Where the phrases of the packs end, and the commas that separate two of them in a list,
    /// found once per text.
    lists: std::cell::OnceCell<Lists>,
}

impl<'v, 'a> Reader<'v, 'a> {
    /// A reader of `view` with the engine's cues (matched once per text, when first needed).
    pub fn new(view: &'v TextView<'a>, cues: &'v Cues) -> Self {
        let hits = view.cue_hits(|text| cues.matcher.match_groups(text));
        Reader { view, cues, hits, main: view.norm.main_reading().len(), lists: std::cell::OnceCell::new() }
    }

    /// The cue matches of a group.
    fn group(&self, group: GroupId) -> &'v [GroupHit] {
        let hits: &'v [GroupHit] = self.hits;
        let from = hits.partition_point(|h| h.group.0 < group.0);
        let to = from + hits[from..].partition_point(|h| h.group.0 == group.0);
        &hits[from..to]
    }

    fn text(&self) -> &str {
        &self.view.norm.text[..self.main]
    }

    /// The cue matches of `group` usable for a phrase of `lang`, within `[from, to)`.
    fn cue_hits(&self, group: GroupId, lang: Option<Language>, from: usize, to: usize) -> Vec<(usize, usize)> {
        self.group(group)
            .iter()
            .filter(|h| lang.is_none() || h.lang.is_none() || h.lang == lang)
            .map(|h: &GroupHit| (h.start as usize, h.end as usize))
            .filter(|&(s, e)| s >= from && e <= to)
            .collect()
    }

    /// The sentence around `[s, e)`: from after the last sentence mark before it to the next.
    fn sentence(&self, s: usize, e: usize) -> (usize, usize) {
        let t = self.text();
        let is_mark = |i: usize, c: char| {
            self.cues.sentence_marks.contains(&c) && !(c == '.' && digit_around(t, i, c.len_utf8()))
        };
        let start = t[..s].char_indices().rev().find(|&(i, c)| is_mark(i, c)).map_or(0, |(i, c)| i + c.len_utf8());
        let end = t[e..].char_indices().find(|&(i, c)| is_mark(e + i, c)).map_or(t.len(), |(i, _)| e + i);
        (start, end)
    }

    /// The clause of `[s, e)` within its sentence. A coordinator between two banned phrases
    /// (`siblings`) does not end a clause: "not be arrested or jailed".
    fn clause(&self, p: Phrase, sentence: (usize, usize), siblings: &[(u32, u32)]) -> (usize, usize) {
        let (s, e) = (p.start as usize, p.end as usize);
        let t = self.text();
        let mut start = sentence.0;
        let mut end = sentence.1;
        for (i, c) in t[sentence.0..sentence.1].char_indices() {
            let i = sentence.0 + i;
            if c == ',' && self.is_list_comma(i) {
                continue;
            }
            if self.cues.clause_marks.contains(&c) && !(c == ',' && digit_around(t, i, 1)) {
                if i < s {
                    start = start.max(i + c.len_utf8());
                } else if i >= e {
                    end = end.min(i);
                }
            }
        }
        for (bs, be) in self.cue_hits(self.cues.boundary, p.lang, sentence.0, sentence.1) {
            if be <= s {
                start = start.max(be);
            } else if bs >= e {
                end = end.min(bs);
            }
        }
        let negations = self.cue_hits(self.cues.negation, p.lang, sentence.0, sentence.1);
        let joins = |cs: usize, ce: usize| {
            let blank = |a: usize, b: usize| a <= b && t.get(a..b).is_some_and(|g| g.trim().is_empty());
            // After a phrase of any rule and its object, a list comma included ("we will not sue
            // you, garnish your wages, or contact your employer"), before one of this rule.
            // (A negative coordinator, "ni", "nor", opens a clause of its own below.)
            let negative = negations.iter().any(|&(ns, ne)| ns <= cs && ne >= ce);
            let before = siblings.iter().any(|&(_, x)| blank(x as usize, cs))
                || (!negative && self.phrase_and_object_end_before(cs));
            let after = siblings.iter().any(|&(x, _)| blank(ce, x as usize));
            before && after
        };
        let bridges = self.cue_hits(self.cues.bridge, p.lang, sentence.0, sentence.1);
        // "threats of violence or arrest": the phrase right after a coordinator that follows a
        // bridge word is coordinated with it, in the same clause.
        let coordinated = |cs: usize, ce: usize| {
            t.get(ce..s).is_some_and(|g| g.trim().is_empty())
                && words(t, sentence.0, cs)
                    .last()
                    .is_some_and(|&(ws, we)| bridges.iter().any(|&(bs, be)| bs <= ws && be >= we))
        };
        for (cs, ce) in self.cue_hits(self.cues.coordinator, p.lang, sentence.0, sentence.1) {
            if joins(cs, ce) || coordinated(cs, ce) {
                continue;
            }
            if ce <= s {
                // A negative coordinator ("nor", "ni") opens a clause it denies.
                let negative = negations.iter().any(|&(ns, ne)| ns <= cs && ne >= ce);
                start = start.max(if negative { cs } else { ce });
            } else if cs >= e {
                end = end.min(cs);
            }
        }
        (start, end)
    }

    /// How the phrase `p` reads, in a message written in `declared`. `siblings` are the other
    /// matches of the same rule in this text.
    pub fn read(&self, p: Phrase, declared: Language, siblings: &[(u32, u32)]) -> Reading {
        let (s, e) = (p.start as usize, p.end as usize);
        if e > self.main {
            // Read through a disguise: read where the disguised word stands, as the plain word
            // would be ("nobody is going to a r r e s t you" is a denial).
            let Some((start, end)) = self.view.norm.main_range(s, e) else { return Reading::Meant };
            return self.read(Phrase { start: start as u32, end: end as u32, lang: p.lang }, declared, siblings);
        }
        if self.is_name(p) {
            return Reading::Name;
        }
        let sentence = self.sentence(s, e);
        let clause = self.clause(p, sentence, siblings);
        if self.is_right(p, clause, sentence, siblings, 3) {
            return Reading::Right;
        }
        if self.is_denied(p, sentence, clause, siblings) {
            return Reading::Denied;
        }
        let lang = p.lang.unwrap_or(declared);
        if !self.has_function_words(p, lang, sentence) {
            // No word of the phrase's language around it: a phrase of another language than the
            // message's, or a sentence written in another language ("póngase en contacto con
            // nosotros" in a French message).
            let elsewhere = [Language::En, Language::Es, Language::Fr]
                .into_iter()
                .any(|other| other != lang && self.function_words(p, other, sentence) >= 2);
            if lang != declared || elsewhere {
                return Reading::Foreign;
            }
        }
        Reading::Meant
    }

    /// A statement of the consumer's rights opens the phrase's clause and reaches it, or the clause
    /// continues one ("... or go to court").
    fn is_right(
        &self,
        p: Phrase,
        clause: (usize, usize),
        sentence: (usize, usize),
        siblings: &[(u32, u32)],
        depth: u8,
    ) -> bool {
        if self.cue_hits(self.cues.rights, p.lang, clause.0, clause.1).iter().any(|&(rs, _)| rs <= p.start as usize) {
            return true;
        }
        if depth == 0 {
            return false;
        }
        let continued = self
            .cue_hits(self.cues.rights_continuation, p.lang, sentence.0, sentence.1)
            .into_iter()
            .find(|&(cs, ce)| cs < clause.0 && ce > clause.0);
        match continued {
            Some((cs, _)) => {
                let before = Phrase { start: cs as u32, end: cs as u32, lang: p.lang };
                let previous = self.clause(before, sentence, siblings);
                previous.0 < cs && self.is_right(before, previous, sentence, siblings, depth - 1)
            }
            None => false,
        }
    }

    /// The phrase is one word written as a proper name: capitalised (and not in a passage written
    /// in capitals or in title case, where every word is), right after a title or a street word
    /// ("Mme Prison", "Sra. Cárcel", "Av. Tribunal", "rue du Tribunal"), or after one with a first
    /// name between ("asesor Policarpo Juez"), or right before a capitalised place word ("Prison
    /// Hill"). "You will go to Prison" and "Go To Jail" stay threats.
    fn is_name(&self, p: Phrase) -> bool {
        let (s, e) = (p.start as usize, p.end as usize);
        let t = self.text();
        if t[s..e].contains(|c: char| !c.is_alphanumeric()) {
            return false;
        }
        let original = self.view.original;
        let (os, oe) = self.view.norm.original_range(s, e);
        let Some(word) = original.get(os..oe) else { return false };
        if !capitalised(word) || !ordinary_case_around(original, os, oe) {
            return false;
        }
        let only = |from: usize, to: usize, allowed: &str| {
            from <= to && t.get(from..to).is_some_and(|g| !g.is_empty() && g.chars().all(|c| allowed.contains(c)))
        };
        // Between the title and the word: nothing but a space or a dot, or one capitalised first
        // name ("Sra. María Cárcel", "asesor Policarpo Juez").
        let mut from = s.saturating_sub(64);
        while !t.is_char_boundary(from) {
            from -= 1;
        }
        let first_name = words(t, from, s).last().copied().filter(|&(ws, we)| {
            t[we..s].chars().all(|c| c == ' ')
                && we < s
                && original.get(self.view.norm.original_range(ws, we).0..).is_some_and(capitalised_start)
        });
        let titled = self
            .cue_hits(self.cues.name_title, None, s.saturating_sub(96), s)
            .iter()
            .any(|&(_, te)| only(te, s, " .") || first_name.is_some_and(|(ws, _)| only(te, ws, " .")));
        let placed = self.cue_hits(self.cues.name_place, None, e, (e + 32).min(t.len())).iter().any(|&(ps, pe)| {
            only(e, ps, " ") && original.get(self.view.norm.original_range(ps, pe).0..).is_some_and(capitalised_start)
        });
        titled || placed
    }

    /// One negation in the phrase's clause denies it (see the module documentation).
    fn is_denied(&self, p: Phrase, sentence: (usize, usize), clause: (usize, usize), siblings: &[(u32, u32)]) -> bool {
        let s = p.start as usize;
        let t = self.text();
        // A question denies nothing ("No lawsuit? Think again.").
        if t[sentence.1..].starts_with('?') {
            return false;
        }
        // Negations and determiners before the phrase, overlapping or adjacent ones merged
        // ("personne ne", "sans aucune"), with whether the merged cue is a verbal negation.
        // A negation that names the non-payment itself ("not paying a debt is not a crime")
        // denies nothing.
        let nonpayment = self.cue_hits(self.cues.nonpayment, p.lang, clause.0, s);
        let mut cues: Vec<(usize, usize, bool)> = self
            .cue_hits(self.cues.negation, p.lang, clause.0, s)
            .into_iter()
            .filter(|&(a, b)| !nonpayment.iter().any(|&(xs, xe)| xs <= a && xe >= b))
            .map(|(a, b)| (a, b, true))
            .chain(self.cue_hits(self.cues.determiner, p.lang, clause.0, s).into_iter().map(|(a, b)| (a, b, false)))
            .collect();
        cues.sort_unstable();
        let mut merged: Vec<(usize, usize, bool)> = Vec::new();
        for (a, b, verbal) in cues {
            match merged.last_mut() {
                Some(m) if a <= m.1 || t[m.1..a].trim().is_empty() => {
                    m.1 = m.1.max(b);
                    m.2 |= verbal;
                }
                _ => merged.push((a, b, verbal)),
            }
        }
        // Negative concord ("no vamos a iniciar ninguna", "n'engagerons aucune"): a determiner
        // after a verbal negation is the same negation.
        // A negative coordinator after a verbal negation is the same negation too ("nous n'allons
        // ni saisir votre maison ni prendre votre voiture").
        let coordinators = self.cue_hits(self.cues.coordinator, p.lang, clause.0, s);
        let is_coordinator = |a: usize, b: usize| coordinators.iter().any(|&(cs, ce)| cs <= a && ce >= b);
        let mut count = 0;
        let mut seen_verbal = false;
        for &(a, b, verbal) in &merged {
            if verbal && !(seen_verbal && is_coordinator(a, b)) {
                count += 1;
                seen_verbal = true;
            } else if !verbal && !seen_verbal {
                count += 1;
            }
        }
        let reached = match count {
            0 => self.denied_after(p, clause),
            1 => self.negation_reaches(p, &merged, siblings),
            _ => false,
        };
        if !reached {
            return false;
        }
        // Nothing in the clause undoes the denial (the phrase's own words and a negation's do not:
        // "nadie lo va a detener", "no longer"), and the sentence sets no condition.
        // A defeat word that opens the phrase is outside what the negation denies: the negation
        // falls on it ("don't make us call the sheriff", "we won't hesitate to sue", "no nos
        // obligue a llamar a la policía" say what will happen), while one inside or at the end of
        // the phrase is the threat's own verb ("nadie lo va a detener").
        let all_negations = self.cue_hits(self.cues.negation, p.lang, clause.0, clause.1);
        // A defeat word inside a negation ("no longer") or inside the non-payment named as a subject
        // ("failing to pay a debt is not a crime") undoes nothing.
        let payment = self.cue_hits(self.cues.nonpayment, p.lang, clause.0, clause.1);
        let inside =
            |spans: &[(usize, usize)], ds: usize, de: usize| spans.iter().any(|&(ns, ne)| ns <= ds && ne >= de);
        if self.cue_hits(self.cues.defeat, p.lang, clause.0, clause.1).iter().any(|&(ds, de)| {
            (de <= s || ds >= p.end as usize || ds == s) && !inside(&all_negations, ds, de) && !inside(&payment, ds, de)
        }) {
            return false;
        }
        let concessions = self.cue_hits(self.cues.concession, p.lang, sentence.0, sentence.1);
        !self
            .cue_hits(self.cues.condition, p.lang, sentence.0, sentence.1)
            .iter()
            .any(|&(cs, ce)| !concessions.iter().any(|&(xs, xe)| xs <= cs && xe >= ce))
    }

    /// The one negation before the phrase reaches it over bridge words only (see the module
    /// documentation).
    fn negation_reaches(&self, p: Phrase, merged: &[(usize, usize, bool)], siblings: &[(u32, u32)]) -> bool {
        let s = p.start as usize;
        let t = self.text();
        let Some(&(first_start, _, first_verbal)) = merged.first() else { return false };
        // The reach: only bridge words (and the concord determiner) between the negation and the
        // phrase; a determiner alone reaches one bridge word at most.
        // Other banned phrases joined by a coordinator are denied together ("not be arrested or
        // jailed").
        let mut bridges = self.cue_hits(self.cues.bridge, p.lang, first_start, s);
        bridges.extend(self.cue_hits(self.cues.coordinator, p.lang, first_start, s));
        bridges.extend(siblings.iter().map(|&(a, b)| (a as usize, b as usize)));
        // A denial reaches over another threat coordinated with this one, whatever its rule ("no
        // one will sue you or contact your family", "we will not take you to court or have you
        // arrested"): any phrase of the packs before the last coordinator or list comma is part of
        // the denied predicate, with the one or two words of its object up to the next joint ("we
        // will not sue you, garnish your wages, or contact your employer").
        let mut joints: Vec<usize> = t[first_start..s]
            .match_indices(',')
            .map(|(i, _)| first_start + i)
            .filter(|&i| self.is_list_comma(i))
            .collect();
        joints.extend(self.cue_hits(self.cues.coordinator, p.lang, first_start, s).iter().map(|&(cs, _)| cs));
        joints.sort_unstable();
        if let Some(&last) = joints.last() {
            for h in self.view.hits.iter().map(|h| (h.start as usize, h.end as usize)) {
                if h.0 < first_start || h.1 > last {
                    continue;
                }
                bridges.push(h);
                if let Some(&joint) = joints.iter().find(|&&j| j >= h.1) {
                    if words(t, h.1, joint).len() <= 2 {
                        bridges.push((h.1, joint));
                    }
                }
            }
        }
        let covered = |ws: usize, we: usize| {
            bridges.iter().any(|&(bs, be)| bs <= ws && be >= we)
                || merged.iter().any(|&(ms, me, _)| ms <= ws && me >= we)
        };
        let between = words(t, merged[0].1, s);
        if !first_verbal && merged.len() == 1 && between.len() > 1 {
            return false;
        }
        between.iter().all(|&(ws, we)| covered(ws, we))
    }

    /// The comma at `i` separates two phrases of the packs in a list ("sue you, garnish your wages"):
    /// it ends no clause.
    fn is_list_comma(&self, i: usize) -> bool {
        self.lists().commas.binary_search(&i).is_ok()
    }

    /// A phrase of the packs and its object of one or two words end at `at` ("repossess your car
    /// or take your house").
    fn phrase_and_object_end_before(&self, at: usize) -> bool {
        let t = self.text();
        let ends = &self.lists().ends;
        ends[..ends.partition_point(|&e| e <= at)].last().is_some_and(|&e| words(t, e, at).len() <= 2)
    }

    fn lists(&self) -> &Lists {
        self.lists.get_or_init(|| self.find_lists())
    }

    /// Every comma of the main reading between two phrases of the packs: after one and its object
    /// ("arrest you,", "garnish your wages,"), and before another that is no subject of a
    /// `predicate` ("jail is next"), over a coordinator at most (", or jail
    /// you"). One pass over the text and the matches, sorted once.
    fn find_lists(&self) -> Lists {
        let t = self.text();
        let mut ends: Vec<usize> = self.view.hits.iter().map(|h| h.end as usize).filter(|&e| e <= t.len()).collect();
        let mut starts: Vec<usize> = self.view.hits.iter().map(|h| h.start as usize).filter(|&s| s < t.len()).collect();
        ends.sort_unstable();
        starts.sort_unstable();
        // Where each coordinator ends, by start; where a predicate starts.
        let coordinators: std::collections::BTreeMap<usize, usize> = self
            .group(self.cues.coordinator)
            .iter()
            .filter(|h| (h.end as usize) <= t.len())
            .map(|h| (h.start as usize, h.end as usize))
            .collect();
        let predicates: std::collections::HashSet<usize> = self
            .group(self.cues.predicate)
            .iter()
            .filter(|h| (h.end as usize) <= t.len())
            .map(|h| h.start as usize)
            .collect();
        let skip_blank = |from: usize| from + (t[from..].len() - t[from..].trim_start().len());
        let mut out = Vec::new();
        for (i, _) in t.match_indices(',') {
            // Before: the last match ending at or before the comma, then bridge words only.
            let Some(&end) = ends[..ends.partition_point(|&e| e <= i)].last() else { continue };
            // ("garnish your wages,": an object of one or two words.)
            if words(t, end, i).len() > 2 {
                continue;
            }
            // After: another match, right after the comma or after one coordinator.
            let mut next = skip_blank(i + 1);
            if let Some(&ce) = coordinators.get(&next) {
                next = skip_blank(ce);
            }
            // The next item is no subject of a new clause ("we will not sue you, jail is next").
            let Ok(k) = starts.binary_search(&next) else { continue };
            let item_ends: Vec<usize> = self
                .view
                .hits
                .iter()
                .filter(|h| h.start as usize == starts[k] && (h.end as usize) <= t.len())
                .map(|h| h.end as usize)
                .collect();
            let subject = item_ends.iter().any(|&e| predicates.contains(&skip_blank(e)));
            if !subject {
                out.push(i);
            }
        }
        Lists { ends, commas: out }
    }

    /// A denial right after the phrase, over bridge words only: "your immigration status has
    /// nothing to do with this account", "su situación migratoria no tiene nada que ver".
    fn denied_after(&self, p: Phrase, clause: (usize, usize)) -> bool {
        let e = p.end as usize;
        let t = self.text();
        let Some(&(after, _)) = self.cue_hits(self.cues.negation_after, p.lang, e, clause.1).first() else {
            return false;
        };
        let bridges = self.cue_hits(self.cues.bridge, p.lang, e, after);
        words(t, e, after).iter().all(|&(ws, we)| bridges.iter().any(|&(bs, be)| bs <= ws && be >= we))
    }

    /// The sentence has a function word of `lang` outside the phrase.
    fn has_function_words(&self, p: Phrase, lang: Language, sentence: (usize, usize)) -> bool {
        self.function_words(p, lang, sentence) > 0
    }

    /// The number of function words of `lang` (and of no other language) in the sentence, outside
    /// the phrase.
    fn function_words(&self, p: Phrase, lang: Language, sentence: (usize, usize)) -> usize {
        self.group(self.cues.function)
            .iter()
            .filter(|h| h.lang == Some(lang))
            .map(|h| (h.start as usize, h.end as usize))
            .filter(|&(fs, fe)| fs >= sentence.0 && fe <= sentence.1)
            .filter(|&(fs, fe)| fe <= p.start as usize || fs >= p.end as usize)
            .count()
    }

    /// The sentence of the phrase has a construction that makes a risky word a threat or an
    /// accusation ("we will", "you are", "unless", "vamos a").
    pub fn has_construction(&self, p: Phrase) -> bool {
        if p.end as usize > self.main {
            return true;
        }
        let (from, to) = self.sentence(p.start as usize, p.end as usize);
        let outside = |&(cs, ce): &(usize, usize)| ce <= p.start as usize || cs >= p.end as usize;
        // A denial undone ("you will not escape a seizure"), a condition, or a negative question
        // ("No lawsuit? Think again.") makes the word a threat as well.
        let question = self.text()[to..].starts_with('?');
        self.cue_hits(self.cues.construction, p.lang, from, to).iter().any(outside)
            || self.cue_hits(self.cues.defeat, p.lang, from, to).iter().any(outside)
            || self.cue_hits(self.cues.condition, p.lang, from, to).iter().any(outside)
            || (question
                && (!self.cue_hits(self.cues.negation, p.lang, from, to).is_empty()
                    || !self.cue_hits(self.cues.determiner, p.lang, from, to).is_empty()))
    }
}

/// The word ranges of `t[from..to]`.
fn words(t: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in t[from..to].char_indices() {
        let i = from + i;
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, to));
    }
    out
}

/// Where the phrases of the packs end in a text (sorted), and the commas between two of them.
struct Lists {
    ends: Vec<usize>,
    commas: Vec<usize>,
}

/// A word written with a capital and then small letters ("Prison", "Cárcel"), not in capitals.
fn capitalised(word: &str) -> bool {
    capitalised_start(word) && word.chars().skip(1).any(char::is_lowercase)
}

fn capitalised_start(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Enough words around `[s, e)` of the original (five on each side) start with a small letter: the
/// passage is not written in capitals or in title case, where a capital marks no name. A short
/// address has many capitals ("en Av. Cárcel 340, Miraflores"), so half of them suffice.
fn ordinary_case_around(original: &str, s: usize, e: usize) -> bool {
    let initials = |text: &str| -> Vec<bool> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphabetic())
            .map(char::is_uppercase)
            .collect()
    };
    let mut before = initials(&original[..s]);
    let before = before.split_off(before.len().saturating_sub(5));
    let after: Vec<bool> = initials(&original[e..]).into_iter().take(5).collect();
    let (upper, lower) =
        before.iter().chain(&after).fold((0, 0), |(u, l), &is_upper| if is_upper { (u + 1, l) } else { (u, l + 1) });
    lower >= 2 && lower * 2 >= upper
}

/// A digit on both sides of the mark at `i` (a decimal point or separator: "$250.00").
fn digit_around(t: &str, i: usize, len: usize) -> bool {
    t[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit())
        && t[i + len..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    //! The reader through the engine, with one inline rule in three languages.

    use serde_json::json;

    use crate::context::tests::{eval, found, one_rule};
    use crate::model::Severity;
    use crate::Engine;

    fn threats() -> Engine {
        one_rule(
            "banned_content",
            "{ patterns = { en = [\"arrest*\", \"sue you\", \"jail*\", \"theft\", \"lawsuit*\", \"take legal action\", \
             \"make us call the sheriff\", \"hesitate to sue\"], es = [\"carcel\", \"demanda*\", \"arrest*\", \
             \"obligue a llamar a la policia\"], fr = [\"poursuiv*\", \"saisi*\", \"assigner\"] }, \
             review = { en = [\"lawsuit*\"], es = [\"demanda\"], fr = [\"saisie\"] } }",
            "",
        )
    }

    /// The test rule's findings for `body` in `language`: (marked text, severity).
    fn read(e: &Engine, language: &str, body: &str) -> Vec<(String, Severity)> {
        let v = eval(e, json!({ "body": body, "language": language }));
        found(&v).iter().map(|f| (f.span.as_ref().map_or(String::new(), |s| s.text.clone()), f.severity)).collect()
    }

    fn blocks(e: &Engine, language: &str, body: &str) -> bool {
        read(e, language, body).iter().any(|(_, s)| *s == Severity::Block)
    }

    #[test]
    fn a_denial_in_the_threats_own_clause_is_no_threat() {
        let e = threats();
        for (lang, body) in [
            ("en", "Nobody is going to arrest you."),
            ("en", "We have not sued you and we will not sue you."),
            ("en", "No one will put you in jail."),
            ("en", "You will not go to jail."),
            ("en", "You will not be arrested or jailed for this debt."),
            ("en", "We do not intend to take legal action."),
            ("en", "No lawsuit has been filed."),
            ("es", "Nadie lo va a arrestar."),
            ("es", "No le vamos a demandar."),
            ("es", "Usted no será arrestado ni irá a la cárcel."),
            ("fr", "Personne ne vous poursuivra."),
            ("fr", "Nous ne vous poursuivrons pas."),
            // The non-payment named as a subject is no second negation; a negation's own word and
            // the phrase's own words undo nothing.
            ("en", "Not paying a debt is not theft."),
            ("en", "You can no longer be arrested for this."),
            ("fr", "Nous n'avons pas l'intention de vous poursuivre."),
        ] {
            assert!(read(&e, lang, body).is_empty(), "{body}: {:?}", read(&e, lang, body));
        }
    }

    #[test]
    fn a_negation_elsewhere_or_undone_leaves_the_threat() {
        let e = threats();
        for (lang, body) in [
            ("en", "If you don't pay you will be arrested."),
            ("en", "Unless you pay today we will sue you."),
            ("en", "If you pay today, we will not sue you."),
            ("en", "We can't promise we won't sue you."),
            ("en", "Not only will we sue you, we will have you arrested."),
            ("en", "We will not hesitate to take legal action."),
            ("en", "We will not wait any longer: we will take legal action."),
            ("en", "Don't make us sue you."),
            ("en", "Don't make us call the sheriff."),
            ("en", "We won't hesitate to sue."),
            ("es", "No nos obligue a llamar a la policía."),
            ("en", "Not paying is theft."),
            ("en", "You have not paid and jail is next."),
            ("en", "You will not go to jail yet."),
            ("en", "Think we won't sue you?"),
            ("es", "Si no paga, lo demandaremos."),
            ("es", "No pagar lo llevará a la cárcel."),
            ("es", "No dudaremos en demandarlo."),
            ("fr", "Si vous ne payez pas, nous vous poursuivrons."),
            ("fr", "Nous ne pouvons que vous poursuivre."),
            ("fr", "Nous n'hésiterons pas à vous poursuivre."),
        ] {
            assert!(blocks(&e, lang, body), "{body}: {:?}", read(&e, lang, body));
        }
    }

    #[test]
    fn a_capitalised_word_after_a_title_or_before_a_place_word_is_a_name() {
        let e = threats();
        for (lang, body) in [
            ("en", "Please call Mr. Jail at our office."),
            ("en", "Sue from our Jail Hill branch can help you."),
            ("en", "Our advisor Maria Jail will call you on Monday."),
            ("es", "Para consultas, comuníquese con la Sra. Cárcel en nuestra oficina."),
            ("es", "Nuestra oficina está en Av. Cárcel 340, Miraflores."),
            ("fr", "Pour toute question, contactez Mme Poursuivant à notre agence."),
        ] {
            assert!(read(&e, lang, body).is_empty(), "{body}: {:?}", read(&e, lang, body));
        }
        for (lang, body) in [
            // Not capitalised, in title case or in capitals, no title or place word next to it,
            // or a place word not capitalised: the word is read as written.
            ("en", "Please call mr. jail at our office."),
            ("en", "You Will Go To Jail Tomorrow Unless You Pay."),
            ("en", "MR. JAIL WILL SEE YOU."),
            ("en", "You will go to Jail, Hill."),
            ("en", "You will end up in Jail hill."),
            ("en", "Your Acme Recovery Lawsuit is pending."),
            ("es", "Usted irá a la Cárcel mañana."),
        ] {
            assert!(blocks(&e, lang, body), "{body}: {:?}", read(&e, lang, body));
        }
    }

    #[test]
    fn the_denier_named_with_where_they_work_and_a_debt_too_old_deny() {
        let e = threats();
        for (lang, body) in [
            ("en", "No one from our office will sue you."),
            ("en", "This debt is too old for us to sue you."),
            ("es", "Nadie de nuestra oficina lo va a arrestar."),
            ("en", "We will not take legal action against you or jail you."),
            ("en", "A lawsuit has nothing to do with this account."),
            ("en", "We will not sue you, arrest you, or jail you."),
            ("en", "Failing to pay a debt is not theft."),
            ("en", "Nothing in this letter means that we will sue you."),
            ("fr", "Nous n'allons ni vous poursuivre ni saisir vos biens."),
            ("en", "We are not trying to take legal action against you or jail you."),
        ] {
            assert!(read(&e, lang, body).is_empty(), "{body}: {:?}", read(&e, lang, body));
        }
        for (lang, body) in [
            ("en", "No one from our office can stop us: we will sue you."),
            ("en", "You are not too old to go to jail."),
            ("en", "We will not wait and jail is next."),
            ("en", "A lawsuit is not at risk of being dropped unless you pay."),
            ("en", "Jail, which has nothing to do with you today, is next."),
            ("en", "We will not sue you, we will jail you."),
            ("en", "We will not wait, jail is next."),
            ("en", "We will not sue you for this one, jail is next."),
        ] {
            assert!(blocks(&e, lang, body), "{body}: {:?}", read(&e, lang, body));
        }
    }

    #[test]
    fn a_statement_of_rights_is_no_threat_nor_accusation() {
        let e = threats();
        for (lang, body) in [
            ("en", "You can report identity theft to the police."),
            ("en", "You may sue you-know-who, or file a complaint with the CFPB."),
            ("es", "Usted tiene derecho a demandarnos."),
            ("es", "Puede presentar un reclamo ante INDECOPI o demandar al proveedor."),
            ("fr", "Vous pouvez saisir le juge."),
        ] {
            assert!(read(&e, lang, body).is_empty(), "{body}: {:?}", read(&e, lang, body));
        }
        // What the consumer may undergo is no right of theirs.
        assert!(blocks(&e, "en", "You may be arrested."));
        assert!(blocks(&e, "en", "You can report it, but we will sue you."));
        assert!(blocks(&e, "fr", "Vous pouvez être poursuivi."));
    }

    #[test]
    fn a_risky_word_warns_and_blocks_in_a_threatening_construction() {
        let e = threats();
        assert_eq!(read(&e, "en", "The lawsuit you asked about was dismissed."), [("lawsuit".into(), Severity::Warn)]);
        assert_eq!(read(&e, "en", "We will file a lawsuit."), [("lawsuit".into(), Severity::Block)]);
        assert_eq!(read(&e, "es", "La demanda de pago fue enviada."), [("demanda".into(), Severity::Warn)]);
        assert_eq!(read(&e, "es", "Vamos a presentar una demanda."), [("demanda".into(), Severity::Block)]);
        assert_eq!(read(&e, "fr", "La saisie des données est faite."), [("saisie".into(), Severity::Warn)]);
        assert_eq!(read(&e, "fr", "Nous allons procéder à la saisie."), [("saisie".into(), Severity::Block)]);
        // A denial undone, or a negative question, makes a review word a threat.
        assert_eq!(read(&e, "en", "You will not escape a lawsuit."), [("lawsuit".into(), Severity::Block)]);
        assert_eq!(read(&e, "en", "No lawsuit? Think again."), [("lawsuit".into(), Severity::Block)]);
        // A review word that is denied is not reported at all.
        assert!(read(&e, "en", "No lawsuit will be filed.").is_empty());
    }

    #[test]
    fn threats_are_read_in_every_language_of_the_rule() {
        let e = threats();
        // The declared language chooses nothing for threats.
        assert!(blocks(&e, "en", "Si no paga irá a la cárcel."));
        assert!(blocks(&e, "es", "Pay today or you will be arrested."));
        // A word of another language with no sentence of that language around it warns...
        assert_eq!(read(&e, "en", "Note: carcel."), [("carcel".into(), Severity::Warn)]);
        // ... and a review word of another language is not read as one ("con" is "with").
        assert!(read(&e, "en", "Note: demanda.").is_empty());
        // The same words in the message's own language are read in that language.
        assert!(read(&e, "en", "Nobody will arrest you.").is_empty());
    }

    #[test]
    fn a_disguised_word_is_read_where_it_stands() {
        let e = threats();
        assert!(read(&e, "en", "Nobody is going to a r r e s t you.").is_empty());
        assert!(read(&e, "en", "You can report identity t.h.e.f.t to the police.").is_empty());
        assert!(blocks(&e, "en", "If you don't pay you will be a-r-r-e-s-t-e-d."));
        assert!(blocks(&e, "en", "You will not escape a l a w s u i t."));
        // A disguised review word blocks without a threatening construction: the disguise shows it.
        assert_eq!(read(&e, "en", "The l a w s u i t is ready."), [("l a w s u i t".into(), Severity::Block)]);
    }
}
