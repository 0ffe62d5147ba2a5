//! Python `re` patterns run by the `regex` crate's engine (`regex-automata`'s meta regex): linear time, leftmost-
//! first like Python. `detector/native_regex.py` parses a pattern with Python's own parser and hands over its
//! pieces; here every class becomes the exact set of code points Python matches (its `\w`, `\d`, `\s`, and
//! IGNORECASE by `re`'s rules: a character matches when `_sre.unicode_tolower` of it is in the lowered set, with
//! `re`'s extra equivalences), so the engine finds the match Python finds.

use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, Look, Repetition};

use crate::unicode::{has, SRE_CASED, RE_DIGIT, RE_SPACE, WORD};
use crate::unicode_tables::{SRE_EXTRA_CASES, SRE_LOWER};

/// A pattern piece as `native_regex.translate` describes it.
#[derive(Debug, Clone)]
pub enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Lit { cp: u32, icase: bool, negate: bool },
    Any { dotall: bool },
    Set { icase: bool, items: Vec<Item> },
    Rep { min: u32, max: Option<u32>, greedy: bool, node: Box<Node> },
    Group(Box<Node>),
    Look(Anchor),
}

#[derive(Debug, Clone, Copy)]
pub enum Item {
    Negate,
    Lit(u32),
    Range(u32, u32),
    Cat(char),
}

#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    End,
    StartLine,
    EndLine,
    Word,
    NotWord,
}

fn class(ranges: impl IntoIterator<Item = (u32, u32)>) -> ClassUnicode {
    ClassUnicode::new(ranges.into_iter().filter_map(|(a, b)| {
        let a = char::from_u32(a).or_else(|| char::from_u32(a.max(0xE000)))?;
        let b = char::from_u32(b).or_else(|| char::from_u32(b.min(0xD7FF)))?;
        (a <= b).then(|| ClassUnicodeRange::new(a, b))
    }))
}

fn from_flag(flag: u32, negate: bool) -> ClassUnicode {
    let mut ranges = Vec::new();
    let mut start: Option<u32> = None;
    for cp in 0..=0x10FFFFu32 {
        let inside = char::from_u32(cp).is_some_and(|c| {
            let hit = if c.is_ascii() {
                match flag {
                    WORD => c.is_ascii_alphanumeric() || c == '_',
                    _ => has(c, flag),
                }
            } else {
                has(c, flag)
            };
            hit != negate
        });
        match (inside, start) {
            (true, None) => start = Some(cp),
            (false, Some(s)) => {
                ranges.push((s, cp - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        ranges.push((s, 0x10FFFF));
    }
    class(ranges)
}

/// Python's `\d`, `\D`, `\s`, `\S`, `\w`, `\W` as sets, made once.
fn category(name: char) -> ClassUnicode {
    static CACHE: OnceLock<[ClassUnicode; 6]> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        [from_flag(RE_DIGIT, false), from_flag(RE_DIGIT, true), from_flag(RE_SPACE, false),
         from_flag(RE_SPACE, true), from_flag(WORD, false), from_flag(WORD, true)]
    });
    let index = match name {
        'd' => 0,
        'D' => 1,
        's' => 2,
        'S' => 3,
        'w' => 4,
        _ => 5,
    };
    all[index].clone()
}

fn sre_lower(cp: u32) -> u32 {
    match SRE_LOWER.binary_search_by_key(&cp, |&(c, _)| c) {
        Ok(i) => SRE_LOWER[i].1,
        Err(_) => cp,
    }
}

fn extra_cases(lo: u32) -> &'static [u32] {
    match SRE_EXTRA_CASES.binary_search_by_key(&lo, |&(c, _)| c) {
        Ok(i) => SRE_EXTRA_CASES[i].1,
        Err(_) => &[],
    }
}

fn contains(set: &ClassUnicode, cp: u32) -> bool {
    let Some(c) = char::from_u32(cp) else { return false };
    let ranges = set.ranges();
    let i = ranges.partition_point(|r| r.end() < c);
    i < ranges.len() && ranges[i].start() <= c
}

/// The characters whose `_sre.unicode_tolower` is in `lowered` (what IGNORECASE matches).
fn lower_preimage(lowered: &ClassUnicode) -> ClassUnicode {
    static CHANGED: OnceLock<ClassUnicode> = OnceLock::new();
    let changed = CHANGED.get_or_init(|| class(SRE_LOWER.iter().map(|&(c, _)| (c, c))));
    let mut out = lowered.clone();
    out.difference(changed);
    out.union(&class(SRE_LOWER.iter().filter(|&&(_, lo)| contains(lowered, lo)).map(|&(c, _)| (c, c))));
    out
}

/// `re`'s `fixup` of a set of characters: each lowered, with its extra equivalences.
fn lowered_with_extras(set: &ClassUnicode) -> ClassUnicode {
    static CHANGED: OnceLock<ClassUnicode> = OnceLock::new();
    let changed = CHANGED.get_or_init(|| class(SRE_LOWER.iter().map(|&(c, _)| (c, c))));
    let mut out = set.clone();
    out.difference(changed);
    out.union(&class(SRE_LOWER.iter().filter(|&&(c, _)| contains(set, c)).map(|&(_, lo)| (lo, lo))));
    let extras: Vec<(u32, u32)> = SRE_EXTRA_CASES.iter().filter(|&&(lo, _)| contains(&out, lo))
        .flat_map(|&(_, others)| others.iter().map(|&o| (o, o))).collect();
    out.union(&class(extras));
    out
}

fn range_cased(a: u32, b: u32) -> bool {
    (a..=b).any(|cp| char::from_u32(cp).is_some_and(|c| has(c, SRE_CASED)))
}

fn set_class(icase: bool, items: &[Item]) -> ClassUnicode {
    let mut negate = false;
    let mut plain = ClassUnicode::empty();
    let mut categories = ClassUnicode::empty();
    let mut cased = false;
    for &item in items {
        match item {
            Item::Negate => negate = true,
            Item::Lit(c) => {
                plain.union(&class([(c, c)]));
                cased |= char::from_u32(c).is_some_and(|ch| has(ch, SRE_CASED));
            }
            Item::Range(a, b) => {
                plain.union(&class([(a, b)]));
                cased |= icase && range_cased(a, b);
            }
            Item::Cat(name) => categories.union(&category(name)),
        }
    }
    let mut set = if icase && cased {
        // IN_UNI_IGNORE: the lowered character is tested against the lowered literals and ranges and the classes
        let mut tested = lowered_with_extras(&plain);
        tested.union(&categories);
        lower_preimage(&tested)
    } else {
        plain.union(&categories);
        plain
    };
    if negate {
        set.negate();
    }
    set
}

/// The characters whose `_sre.unicode_tolower` is `lo` (made once).
fn lowering_to(lo: u32) -> impl Iterator<Item = u32> {
    static INVERSE: OnceLock<std::collections::HashMap<u32, Vec<u32>>> = OnceLock::new();
    let inverse = INVERSE.get_or_init(|| {
        let mut map: std::collections::HashMap<u32, Vec<u32>> = std::collections::HashMap::new();
        for &(c, l) in SRE_LOWER.iter() {
            map.entry(l).or_default().push(c);
        }
        map
    });
    let own = (sre_lower(lo) == lo).then_some(lo);
    own.into_iter().chain(inverse.get(&lo).into_iter().flatten().copied())
}

fn literal_class(cp: u32, icase: bool) -> ClassUnicode {
    let cased = char::from_u32(cp).is_some_and(|c| has(c, SRE_CASED));
    if !icase || !cased {
        return class([(cp, cp)]);
    }
    // the characters whose lowered form is `lo` or one of its extra equivalences (`lower_preimage` of that set)
    let lo = sre_lower(cp);
    class(std::iter::once(lo).chain(extra_cases(lo).iter().copied()).flat_map(lowering_to).map(|c| (c, c)))
}

fn hir(node: &Node, ascii_word: bool) -> Hir {
    match node {
        Node::Seq(nodes) => Hir::concat(nodes.iter().map(|n| hir(n, ascii_word)).collect()),
        Node::Alt(nodes) => Hir::alternation(nodes.iter().map(|n| hir(n, ascii_word)).collect()),
        Node::Lit { cp, icase, negate } => {
            let mut set = literal_class(*cp, *icase);
            if *negate {
                set.negate();
            }
            Hir::class(Class::Unicode(set))
        }
        Node::Any { dotall } => {
            let mut set = class([(0, 0x10FFFF)]);
            if !dotall {
                set.difference(&class([(0x0A, 0x0A)]));
            }
            Hir::class(Class::Unicode(set))
        }
        Node::Set { icase, items } => Hir::class(Class::Unicode(set_class(*icase, items))),
        Node::Rep { min, max, greedy, node } => {
            Hir::repetition(Repetition { min: *min, max: *max, greedy: *greedy, sub: Box::new(hir(node, ascii_word)) })
        }
        Node::Group(node) => hir(node, ascii_word),
        Node::Look(anchor) => Hir::look(match anchor {
            Anchor::Start => Look::Start,
            Anchor::End => Look::End,
            Anchor::StartLine => Look::StartLF,
            Anchor::EndLine => Look::EndLF,
            Anchor::Word if ascii_word => Look::WordAscii,
            Anchor::NotWord if ascii_word => Look::WordAsciiNegate,
            Anchor::Word => Look::WordUnicode,
            Anchor::NotWord => Look::WordUnicodeNegate,
        }),
    }
}

fn uses_word_boundary(node: &Node) -> bool {
    match node {
        Node::Seq(nodes) | Node::Alt(nodes) => nodes.iter().any(uses_word_boundary),
        Node::Rep { node, .. } | Node::Group(node) => uses_word_boundary(node),
        Node::Look(Anchor::Word | Anchor::NotWord) => true,
        _ => false,
    }
}

/// The characters on which the engine's `\w` (Unicode's, behind its `\b`) and Python's (`isalnum` or `_`)
/// disagree: a text with none of them gets Python's word boundaries from the engine's.
fn word_disagreements() -> &'static ClassUnicode {
    static SET: OnceLock<ClassUnicode> = OnceLock::new();
    SET.get_or_init(|| {
        let engine = match regex_syntax::parse(r"\w").map(|h| h.into_kind()) {
            Ok(regex_syntax::hir::HirKind::Class(Class::Unicode(c))) => c,
            _ => ClassUnicode::empty(),
        };
        let mut differ = engine.clone();
        differ.symmetric_difference(&category('w'));
        differ
    })
}

/// Whether the engine's word boundaries are Python's everywhere in `text`.
pub fn word_exact(text: &str) -> bool {
    text.is_ascii() || !text.chars().any(|c| !c.is_ascii() && contains(word_disagreements(), c as u32))
}

/// Whether ASCII word boundaries are Python's in `text`: no character beyond ASCII is a Python word character
/// (curly quotes, dashes and no-break spaces are not), so the engine's fast automata can run `\b`.
pub fn ascii_words_only(text: &str) -> bool {
    text.is_ascii() || !text.chars().any(|c| !c.is_ascii() && has(c, WORD))
}

/// The rows of one regex list, each a capture group of one alternation, in row order (leftmost-first: an earlier
/// row wins a tie, as in Python's alternation of the rows). The engines are compiled on first use: a line list
/// needs only the anchored one, a phrase list only the searching one, and the ASCII word-boundary variants only a
/// list that has word boundaries.
pub struct RegexList {
    nodes: Vec<Node>,  // the rows kept, in order
    rows: Vec<usize>,  // the list's row of each kept row
    engines: [OnceLock<Option<Regex>>; 4], // [search, full] x [Unicode, ASCII word boundaries]
    /// Whether a row has `\b` or `\B`: then a text with a character the two `\w` disagree on is not the
    /// engine's to match (`exact`).
    pub word_boundary: bool,
}

impl RegexList {
    pub fn new(rows: &[Node]) -> Result<RegexList, String> {
        RegexList::subset(rows, &(0..rows.len()).collect::<Vec<_>>())
    }

    /// The alternation of the rows at `keep` only (rows that cannot match a text change no match of it; the
    /// engine's word boundary costs a slower engine, so a text gets only the rows that may match it).
    pub fn subset(rows: &[Node], keep: &[usize]) -> Result<RegexList, String> {
        let list = RegexList::unchecked(rows, keep);
        // the searching engine now, so that a list the engine cannot build is refused at load
        list.engine(false, false).ok_or("the pattern is too large for the engine")?;
        Ok(list)
    }

    /// `subset` without building an engine: each of the four is built on first use, and one the engine cannot
    /// build makes the caller ask `re` (`ready`). For a list already known to build (a subset of a checked list,
    /// or rows a previous run checked): a list's first engine is often not the one a text needs (ASCII word
    /// boundaries, whole-line matching), and building it anyway was a fifth of a one-file scan's scorer set-up.
    pub fn unchecked(rows: &[Node], keep: &[usize]) -> RegexList {
        let nodes: Vec<Node> = keep.iter().map(|&r| rows[r].clone()).collect();
        let word_boundary = nodes.iter().any(uses_word_boundary);
        RegexList { nodes, rows: keep.to_vec(), engines: Default::default(), word_boundary }
    }

    fn engine(&self, full: bool, ascii_word: bool) -> Option<&Regex> {
        let slot = &self.engines[full as usize + 2 * ascii_word as usize];
        slot.get_or_init(|| {
            let alternation = Hir::alternation(self.nodes.iter().enumerate().map(|(i, row)| {
                Hir::capture(Capture { index: i as u32 + 1, name: None, sub: Box::new(hir(row, ascii_word)) })
            }).collect());
            let h = if full {
                Hir::concat(vec![Hir::look(Look::Start), alternation, Hir::look(Look::End)])
            } else {
                alternation
            };
            Regex::builder().build_from_hir(&h).ok()
        }).as_ref()
    }

    /// Whether the engine matches as Python's `re` on `text` (always, unless word boundaries meet a character the
    /// two `\w` disagree on, or an empty text: there `re`'s `\B` never matches).
    pub fn exact(&self, text: &str) -> bool {
        !self.word_boundary || (!text.is_empty() && word_exact(text))
    }

    /// Whether the engine for `text` could be built (only a pattern past the engine's size limits cannot: the
    /// caller then asks `re`).
    pub fn ready(&self, text: &str, full: bool) -> bool {
        self.for_text(text, full).is_some()
    }

    /// The engine for `text`: with ASCII word boundaries where those are Python's (the fast automata).
    fn for_text(&self, text: &str, full: bool) -> Option<&Regex> {
        self.engine(full, self.word_boundary && ascii_words_only(text))
    }

    fn row(&self, caps: &Captures) -> Option<usize> {
        (1..=self.rows.len()).find(|&i| caps.get_group(i).is_some()).map(|i| self.rows[i - 1])
    }

    /// `fullmatch(text)`: the row that matches the whole text.
    pub fn fullmatch(&self, text: &str) -> Option<usize> {
        let full = self.for_text(text, true)?;
        let mut caps = full.create_captures();
        full.search_captures(&Input::new(text).anchored(Anchored::Yes), &mut caps);
        if caps.is_match() { self.row(&caps) } else { None }
    }

    /// `match(text, start, end)` (bytes): the match anchored at `start` in `text[..end]`: (end, row).
    pub fn match_at(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let search = self.for_text(&text[..end], false)?;
        let mut caps = search.create_captures();
        search.search_captures(&Input::new(&text[..end]).span(start..end).anchored(Anchored::Yes), &mut caps);
        let m = caps.get_match()?;
        Some((m.end(), self.row(&caps)?))
    }

    /// `search(text)` found something: whether a row matches anywhere in `text` (None when the engine for it
    /// could not be built). A list of rows that cannot match the empty string (`native_regex.translate`) answers
    /// as `bool(re.search(...))`.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        Some(self.for_text(text, false)?.is_match(Input::new(text)))
    }

    /// `finditer(text, start, end)` (bytes): (start, end, row) of every non-empty match.
    pub fn find_all(&self, text: &str, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
        let Some(search) = self.for_text(&text[..end], false) else { return Vec::new() };
        let input = Input::new(&text[..end]).span(start..end);
        search.captures_iter(input).filter_map(|caps| {
            let m = caps.get_match()?;
            (m.end() > m.start()).then(|| (m.start(), m.end(), self.row(&caps).unwrap_or(0)))
        }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str, icase: bool) -> Node {
        Node::Seq(s.chars().map(|c| Node::Lit { cp: c as u32, icase, negate: false }).collect())
    }

    #[test]
    fn rows_and_ignorecase() {
        let list = RegexList::new(&[lit("comments", true), lit("ab", false)]).unwrap();
        assert_eq!(list.fullmatch("COMMENTS"), Some(0));
        assert_eq!(list.fullmatch("ab"), Some(1));
        assert_eq!(list.fullmatch("AB"), None);
        assert_eq!(list.find_all("x ab COMMENTS", 0, 13), vec![(2, 4, 1), (5, 13, 0)]);
        assert_eq!(list.is_match("x COMMENTs"), Some(true));
        assert_eq!(list.is_match("x a b"), Some(false));
        let lazy = RegexList::unchecked(&[lit("comments", true), lit("ab", false)], &[1]);
        assert_eq!(lazy.find_all("x ab COMMENTS", 0, 13), vec![(2, 4, 1)]);
        assert_eq!(lazy.fullmatch("ab"), Some(1));
        // 'ſ' (long s) and 'K' (Kelvin) equal 's' and 'k' under Python's IGNORECASE
        let s = RegexList::new(&[lit("sk", true)]).unwrap();
        assert_eq!(s.fullmatch("\u{17f}\u{212a}"), Some(0));
    }

    #[test]
    fn python_word_class() {
        let w = RegexList::new(&[Node::Rep { min: 1, max: None, greedy: true,
            node: Box::new(Node::Set { icase: false, items: vec![Item::Cat('w')] }) }]).unwrap();
        assert_eq!(w.fullmatch("é1_"), Some(0));
        assert_eq!(w.fullmatch("\u{301}"), None); // a combining mark is not Python's \w
    }

    #[test]
    fn word_boundaries_are_pythons_where_the_two_word_classes_agree() {
        let list = RegexList::new(&[Node::Seq(vec![Node::Look(Anchor::Word), lit("ab", false),
                                                   Node::Look(Anchor::Word)])]).unwrap();
        assert!(list.word_boundary);
        assert_eq!(list.find_all("ab xab ab_ ab", 0, 13), vec![(0, 2, 0), (11, 13, 0)]);
        assert!(list.exact("ab é"));
        assert!(!list.exact("ab\u{301}")); // a combining mark: Unicode's \w, not Python's
        assert!(!list.exact("x²")); // a superscript digit: Python's \w, not Unicode's
    }

    #[test]
    fn anchored_match_in_a_prefix() {
        let list = RegexList::new(&[Node::Seq(vec![lit("By ", false), Node::Look(Anchor::End)]),
                                    lit("By", false)]).unwrap();
        assert_eq!(list.match_at("x By here", 2, 5), Some((5, 0)));
        assert_eq!(list.match_at("x By here", 2, 9), Some((4, 1)));
        assert_eq!(list.match_at("x By here", 0, 9), None);
    }
}
