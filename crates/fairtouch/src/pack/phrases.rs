//! Phrase groups: every phrase list of every pack (lexicons and rules' inline lists), registered
//! once and compiled into one automaton; a match is attributed to every group its phrase is in.

use std::collections::BTreeMap;

use crate::model::Language;
use crate::text::{compile_pattern_min, FastMap, Phrase};

/// A language key of a phrase list: a language, or `any` for phrases used whatever the language.
pub type LangTag = Option<Language>;

/// Identifies a compiled phrase group (a lexicon or a rule's pattern list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub u32);

/// Collects the phrases of every pack so they compile into one automaton.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    pub(crate) phrases: Vec<Phrase>,
    /// Phrases without a tail already registered, by text. A phrase with a tail (the rest of a
    /// long pattern) is registered anew each time its pattern is: its matches are found, and
    /// attributed, separately.
    index: FastMap<String, u32>,
    /// The phrases each pattern compiled to when first registered (by pattern, then language):
    /// the same pattern in several packs, and the lexicons a union of lexicons repeats, are
    /// compiled once.
    compiled: FastMap<String, Vec<(LangTag, Vec<u32>)>>,
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
            let min = if self.short_phrases { 1 } else { 2 };
            for pattern in patterns {
                let known = self.compiled.get(pattern.as_str()).and_then(|c| c.iter().position(|(t, _)| *t == tag));
                match known {
                    // Compiled before: its phrases without a tail are those registered then, those
                    // with a tail are registered again.
                    Some(at) => {
                        for &first in &self.compiled[pattern.as_str()][at].1 {
                            let pid = if self.phrases[first as usize].tail.is_none() {
                                first
                            } else {
                                self.phrases.push(self.phrases[first as usize].clone());
                                self.owners.push(Vec::new());
                                self.phrases.len() as u32 - 1
                            };
                            add_owner(&mut self.owners[pid as usize], (id, tag));
                        }
                    }
                    None => {
                        let phrases = compile_pattern_min(pattern, tag, min)?;
                        let mut ids = Vec::with_capacity(phrases.len());
                        for phrase in phrases {
                            let known = match phrase.tail {
                                None => self.index.get(phrase.text.as_str()).copied(),
                                Some(_) => None,
                            };
                            let pid = match known {
                                Some(p) => p,
                                None if phrase.tail.is_none() => {
                                    self.index.insert(phrase.text.clone(), self.phrases.len() as u32);
                                    self.push(phrase)
                                }
                                None => self.push(phrase),
                            };
                            add_owner(&mut self.owners[pid as usize], (id, tag));
                            ids.push(pid);
                        }
                        self.compiled.entry(pattern.clone()).or_default().push((tag, ids));
                    }
                }
            }
            langs |= lang_bit(tag);
        }
        self.group_languages.push(langs);
        Ok(id)
    }

    /// Registers a phrase, with no owner yet; returns its id.
    fn push(&mut self, phrase: Phrase) -> u32 {
        self.phrases.push(phrase);
        self.owners.push(Vec::new());
        self.phrases.len() as u32 - 1
    }
}

fn add_owner(owners: &mut Vec<(GroupId, LangTag)>, owner: (GroupId, LangTag)) {
    if !owners.contains(&owner) {
        owners.push(owner);
    }
}

impl PhraseRegistry {
    /// Compiles every registered phrase into one automaton.
    pub fn compile(self) -> Result<Matcher, String> {
        let phrases = crate::text::PhraseSet::new(self.phrases, self.inflections)?;
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

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    /// A digest of phrases (anchor, tail) and of the groups owning each, in registration order.
    fn digest(phrases: &[Phrase], owners: &[Vec<(GroupId, LangTag)>], group_languages: &[u8]) -> String {
        let mut hasher = Sha256::new();
        for (p, o) in phrases.iter().zip(owners) {
            hasher.update(format!("{p:?} {o:?}\n").as_bytes());
        }
        hasher.update(format!("{group_languages:?}").as_bytes());
        format!("{} phrases, {:x}", phrases.len(), hasher.finalize())
    }

    /// The phrases the default packs register, and their owners, are exactly those of the
    /// registry before its speed-ups (checked against the code before them on the packs of
    /// 2026-12-01, 15,409 phrases, and of 2026-12-02, 21,905; updated since with the packs). A
    /// change of the packs or of the reading cues changes these digests too: then update them from
    /// the failure message, after checking the counts changed as the packs did.
    #[test]
    fn default_packs_register_the_same_phrases() {
        let mut registry = PhraseRegistry::default();
        crate::scope::register(&mut registry, fairtouch_rules::data::READING).unwrap();
        let shared = crate::pack::load_shared(fairtouch_rules::LEXICONS, &mut registry).unwrap();
        for (i, (name, source, d)) in fairtouch_rules::PACKS.iter().enumerate() {
            crate::pack::load(source, name, true, Some(d), i, &shared, &mut registry).unwrap();
        }
        let cues = registry.cues.take().unwrap().matcher;
        let packs = digest(&registry.phrases, &registry.owners, &registry.group_languages);
        let cues = digest(cues.phrases.phrases(), &cues.owners, &[cues.groups as u8]);
        assert_eq!(packs, "23508 phrases, 8bc0f403f69a932dee8bce96d418befcf85561b77fdb65207d860148385bee28");
        assert_eq!(cues, "1207 phrases, 95d2c0b9b39d7f7c1687e45152a5eadae1b7d98ac8d86dab2fd748e98036d963");
    }
}
