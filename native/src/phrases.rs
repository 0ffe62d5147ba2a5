//! Every literal phrase list in one Aho-Corasick automaton per case rule: one pass over a document finds the
//! phrases of all lists, where a pass per list (or a regex alternation per list) cost one scan each. The matches
//! of each list are then chosen exactly as `lexicons.Matcher._literal_matches` chooses them: a phrase that starts
//! (ends) with a word character must not be preceded (followed) by one, then leftmost-longest without overlap.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::offsets::Cursor;
use crate::unicode::{is_alnum, lower, lower_char};

/// `lexicons._wordish`: `(ch.isalnum() or ch == "_") and not _unspaced(ch)`: Han and kana continue no word (Chinese
/// and Japanese are written without spaces, so a phrase there is bounded by nothing); Hangul does.
#[inline]
pub fn wordish(c: char) -> bool {
    (c == '_' || is_alnum(c)) && !unspaced(c)
}

/// `lexicons._unspaced`: kana, the CJK ideographs (with extension A, compatibility ideographs and the planes of
/// extensions B on) and half-width katakana.
#[inline]
pub fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
                       | 0x20000..=0x2FFFF)
}

/// `Matcher._fold`: `str.lower()` when it keeps the length (final sigma included), otherwise each character
/// lowered alone where that gives one character. Offsets into the result are offsets into `text`.
pub fn fold(text: &str) -> String {
    let lowered = lower(text);
    if lowered.chars().count() == text.chars().count() {
        return lowered;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match lower_char(c) {
            Some(s) if s.chars().count() == 1 => out.push_str(s),
            Some(_) => out.push(c),
            None => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy)]
struct Target {
    list: u32,
    entry: u32,
    head_wordish: bool,
    tail_wordish: bool,
}

struct Automaton {
    searcher: AhoCorasick,
    targets: Vec<Vec<Target>>, // per automaton pattern
}

/// One match: (list, entry, start, end), offsets in characters.
pub type Hit = (u32, u32, usize, usize);

pub struct PhraseIndex {
    lists: usize,
    automata: [Option<Automaton>; 2], // [case-insensitive (folded text), case-sensitive]
}

impl PhraseIndex {
    /// `lists[i] = (case_sensitive, patterns)`; an entry's index is its position in `patterns`.
    pub fn new(lists: &[(bool, Vec<String>)]) -> Result<Self, String> {
        let mut keys: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        let mut targets: [Vec<Vec<Target>>; 2] = [Vec::new(), Vec::new()];
        let mut seen: [HashMap<String, usize>; 2] = [HashMap::new(), HashMap::new()];
        for (list, (sensitive, patterns)) in lists.iter().enumerate() {
            let side = *sensitive as usize;
            // within one list a later entry with the same key replaces the earlier (pyahocorasick's add_word)
            let mut own: HashMap<String, usize> = HashMap::new();
            for (entry, pattern) in patterns.iter().enumerate() {
                if pattern.is_empty() {
                    continue;
                }
                let key = if *sensitive { pattern.clone() } else { fold(pattern) };
                let target = Target {
                    list: list as u32,
                    entry: entry as u32,
                    head_wordish: wordish(pattern.chars().next().unwrap()),
                    tail_wordish: wordish(pattern.chars().next_back().unwrap()),
                };
                let slot = *seen[side].entry(key.clone()).or_insert_with(|| {
                    keys[side].push(key.clone());
                    targets[side].push(Vec::new());
                    keys[side].len() - 1
                });
                match own.get(&key) {
                    Some(&position) => targets[side][slot][position] = target,
                    None => {
                        own.insert(key, targets[side][slot].len());
                        targets[side][slot].push(target);
                    }
                }
            }
        }
        let mut automata: [Option<Automaton>; 2] = [None, None];
        for side in 0..2 {
            if keys[side].is_empty() {
                continue;
            }
            let searcher = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&keys[side])
                .map_err(|e| e.to_string())?;
            automata[side] = Some(Automaton { searcher, targets: std::mem::take(&mut targets[side]) });
        }
        Ok(PhraseIndex { lists: lists.len(), automata })
    }

    pub fn lists(&self) -> usize {
        self.lists
    }

    /// The chosen matches of every list in `text` (the prefix to search, already cut), sorted by list and start.
    pub fn search(&self, text: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for side in 0..2 {
            let Some(automaton) = &self.automata[side] else { continue };
            let folded;
            let haystack: &str = if side == 0 {
                folded = fold(text);
                &folded
            } else {
                text
            };
            // (list, start, end, entry) in bytes, after the word-boundary filter
            let mut found: Vec<(u32, usize, usize, u32)> = Vec::new();
            for m in automaton.searcher.find_overlapping_iter(haystack) {
                let (start, end) = (m.start(), m.end());
                let before = haystack[..start].chars().next_back().is_some_and(wordish);
                let after = haystack[end..].chars().next().is_some_and(wordish);
                for target in &automaton.targets[m.pattern().as_usize()] {
                    if (target.head_wordish && before) || (target.tail_wordish && after) {
                        continue;
                    }
                    found.push((target.list, start, end, target.entry));
                }
            }
            // leftmost, then longest, without overlap, list by list
            found.sort_unstable_by_key(|&(list, start, end, _)| (list, start, usize::MAX - end));
            let mut chosen: Vec<(u32, usize, usize, u32)> = Vec::with_capacity(found.len());
            let mut current = u32::MAX;
            let mut position = 0usize;
            for hit in found {
                if hit.0 != current {
                    current = hit.0;
                    position = 0;
                }
                if hit.1 >= position {
                    position = hit.2;
                    chosen.push(hit);
                }
            }
            // byte offsets to characters, in one forward walk over the sorted positions
            let mut positions: Vec<usize> = chosen.iter().flat_map(|h| [h.1, h.2]).collect();
            positions.sort_unstable();
            positions.dedup();
            let mut cursor = Cursor::new(haystack);
            let chars: Vec<usize> = positions.iter().map(|&b| cursor.at(b)).collect();
            let char_of = |byte: usize| chars[positions.binary_search(&byte).unwrap()];
            hits.extend(chosen.into_iter().map(|(list, start, end, entry)| (list, entry, char_of(start), char_of(end))));
        }
        hits.sort_unstable_by_key(|&(list, _, start, _)| (list, start));
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(lists: &[(bool, &[&str])]) -> PhraseIndex {
        let lists: Vec<(bool, Vec<String>)> =
            lists.iter().map(|(s, p)| (*s, p.iter().map(|x| x.to_string()).collect())).collect();
        PhraseIndex::new(&lists).unwrap()
    }

    #[test]
    fn word_boundaries_only_where_the_phrase_has_word_characters() {
        let idx = index(&[(false, &["close", "©"])]);
        assert_eq!(idx.search("enclosed ©2019 Close."), vec![(0, 1, 9, 10), (0, 0, 15, 20)]);
    }

    #[test]
    fn han_and_kana_bound_nothing_hangul_does() {
        let idx = index(&[(false, &["版权所有", "関連記事", "뉴스", "ok"])]);
        // inside running Chinese or Japanese, beside Latin letters too; Hangul continues a word like Latin
        assert_eq!(idx.search("本站版权所有。见関連記事を 한국뉴스 中ok文"),
                   vec![(0, 0, 2, 6), (0, 1, 8, 12), (0, 3, 20, 22)]);
        assert!(unspaced('\u{20000}') && !unspaced('\u{AC00}') && !wordish('記'));
    }

    #[test]
    fn leftmost_longest_without_overlap_per_list() {
        let idx = index(&[(false, &["new york", "york times", "new york times"]), (false, &["york"])]);
        assert_eq!(idx.search("The New York Times"), vec![(0, 2, 4, 18), (1, 0, 8, 12)]);
    }

    #[test]
    fn case_rules_and_offsets_in_characters() {
        let idx = index(&[(true, &["AP"]), (false, &["straße"])]);
        assert_eq!(idx.search("«ap» — AP, Straße"), vec![(0, 0, 7, 9), (1, 0, 11, 17)]);
    }

    #[test]
    fn fold_keeps_length() {
        assert_eq!(fold("İstanbul ΟΔΟΣ"), "İstanbul οδοσ"); // İ lowers to two characters: kept
        assert_eq!(fold("ΟΔΟΣ"), "οδος");
    }
}
