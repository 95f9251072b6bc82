//! Phrase groups: every phrase list of every pack (lexicons and rules' inline lists), registered
//! once and compiled into one automaton; a match is attributed to every group its phrase is in.

use std::collections::{BTreeMap, HashMap};

use crate::model::Language;
use crate::text::{compile_pattern_min, Phrase};

/// A language key of a phrase list: a language, or `any` for phrases used whatever the language.
pub type LangTag = Option<Language>;

/// Identifies a compiled phrase group (a lexicon or a rule's pattern list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub u32);

/// Collects the phrases of every pack so they compile into one automaton.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    pub(crate) phrases: Vec<Phrase>,
    /// Phrases already registered, by anchor text and tail identity (a tail is shared by the
    /// phrases of one pattern; comparing it by address avoids hashing whole pattern trees).
    index: HashMap<(String, usize), u32>,
    /// For each phrase: the groups (and language) it belongs to.
    pub(crate) owners: Vec<Vec<(GroupId, LangTag)>>,
    /// For each group: the languages it has phrases for (bit per language, bit 3 = any).
    pub(crate) group_languages: Vec<u8>,
    /// What a `*` stands for, by language (`rules/data/reading.toml`).
    pub(crate) inflections: crate::text::Inflections,
    /// One-letter phrases are allowed (the reading cues; a pack's phrases need two letters).
    pub(crate) short_phrases: bool,
    /// The reading cues (`rules/data/reading.toml`), once registered.
    pub(crate) cues: Option<crate::scope::Cues>,
}

fn lang_bit(tag: LangTag) -> u8 {
    match tag {
        Some(l) => 1 << (l as u8),
        None => 1 << 3,
    }
}

impl PhraseRegistry {
    pub(crate) fn add_group(&mut self, spec: &BTreeMap<String, Vec<String>>) -> Result<GroupId, String> {
        let id = GroupId(self.group_languages.len() as u32);
        let mut langs = 0u8;
        for (key, patterns) in spec {
            let tag: LangTag = if key == "any" {
                None
            } else {
                Some(key.parse::<Language>().map_err(|_| format!("unknown language key {key:?} (en, fr, es or any)"))?)
            };
            if patterns.is_empty() {
                return Err(format!("empty phrase list for {key:?}"));
            }
            for pattern in patterns {
                for phrase in compile_pattern_min(pattern, tag, if self.short_phrases { 1 } else { 2 })? {
                    let key =
                        (phrase.text.clone(), phrase.tail.as_ref().map_or(0, |t| std::sync::Arc::as_ptr(t) as usize));
                    let pid = match self.index.get(&key) {
                        Some(&p) => p,
                        None => {
                            let p = self.phrases.len() as u32;
                            self.index.insert(key, p);
                            self.phrases.push(phrase);
                            self.owners.push(Vec::new());
                            p
                        }
                    };
                    let owners = &mut self.owners[pid as usize];
                    if !owners.contains(&(id, tag)) {
                        owners.push((id, tag));
                    }
                }
            }
            langs |= lang_bit(tag);
        }
        self.group_languages.push(langs);
        Ok(id)
    }
}

impl PhraseRegistry {
    /// Compiles every registered phrase into one automaton.
    pub fn compile(self) -> Result<Matcher, String> {
        let phrases = crate::text::PhraseSet::new(&self.phrases, self.inflections)?;
        let groups = self.group_languages.len();
        Ok(Matcher { phrases, owners: self.owners, groups, cues: self.cues })
    }
}

/// Up to this many matches are ordered by a sort; more, by counting the groups.
const SORT_BELOW: usize = 8;

/// A phrase match attributed to a group.
#[derive(Debug, Clone, Copy)]
pub struct GroupHit {
    /// The group the matched phrase belongs to.
    pub group: GroupId,
    /// The language of the phrase in that group (`None`: every language).
    pub lang: LangTag,
    /// Byte range in the normalised text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
}

/// Every phrase of every pack in one automaton, with the groups each phrase belongs to.
#[derive(Debug, Clone)]
pub struct Matcher {
    phrases: crate::text::PhraseSet,
    owners: Vec<Vec<(GroupId, LangTag)>>,
    /// Number of phrase groups.
    groups: usize,
    /// The groups of the reading cues, if they were registered.
    cues: Option<crate::scope::Cues>,
}

impl Matcher {
    /// The groups of the reading cues (negation, conditions, rights, review constructions).
    pub fn cues(&self) -> Option<&crate::scope::Cues> {
        self.cues.as_ref()
    }

    /// Every phrase match of `text`, attributed to its groups, ordered by group (a counting sort:
    /// linear in the number of matches) and, within a group, as the automaton found them.
    pub fn match_groups(&self, text: &str) -> Vec<GroupHit> {
        let mut hits: Vec<crate::text::Hit> = Vec::with_capacity(32);
        self.phrases.find(text, &mut hits);
        let owned = |h: crate::text::Hit| {
            self.owners[h.phrase as usize].iter().map(move |&(group, lang)| GroupHit {
                group,
                lang,
                start: h.start,
                end: h.end,
            })
        };
        // A short text has a few matches: sorting them costs less than counting every group.
        if hits.len() <= SORT_BELOW {
            let total: usize = hits.iter().map(|h| self.owners[h.phrase as usize].len()).sum();
            let mut out: Vec<GroupHit> = Vec::with_capacity(total);
            out.extend(hits.iter().copied().flat_map(owned));
            out.sort_by_key(|h| h.group.0);
            return out;
        }
        let mut counts = vec![0u32; self.groups + 1];
        for h in &hits {
            for &(group, _) in &self.owners[h.phrase as usize] {
                counts[group.0 as usize + 1] += 1;
            }
        }
        for g in 1..counts.len() {
            counts[g] += counts[g - 1];
        }
        let total = counts[self.groups] as usize;
        let mut out = vec![GroupHit { group: GroupId(0), lang: None, start: 0, end: 0 }; total];
        for &h in &hits {
            for g in owned(h) {
                let slot = &mut counts[g.group.0 as usize];
                out[*slot as usize] = g;
                *slot += 1;
            }
        }
        out
    }
}
