//! Per-line counts the boilerplate scorer reads (`scorers/boilerplate/lines.py` and `prose.py`): words and their
//! initials, character classes, a sentence end, the list marker and the share of a language's function words. The
//! thresholds that turn them into "prose" or "running text" stay in Python.

use std::collections::HashSet;

use crate::unicode::{casefold, is_alpha, is_lower, is_space, is_upper};
use crate::view::{char_counts, words_into};

/// `LineFacts`' counts of one line: (words, words starting with a letter, of those starting upper-case, of those
/// starting lower-case, letters, visible characters, digits, ends like a sentence).
pub type Facts = (usize, usize, usize, usize, usize, usize, usize, bool);

/// `PROSE_END` (`[.!?…]["”’»)\]]?\s*$`) on a trimmed line: its last characters.
fn prose_end(text: &str) -> bool {
    let trimmed = text.trim_end_matches(is_space);
    let mut back = trimmed.chars().rev();
    match back.next() {
        Some('.' | '!' | '?' | '…') => true,
        Some('"' | '”' | '’' | '»' | ')' | ']') => matches!(back.next(), Some('.' | '!' | '?' | '…')),
        _ => false,
    }
}

pub fn facts(text: &str) -> Facts {
    let mut words = Vec::new();
    words_into(text, 0, text.len(), &mut words);
    let (mut alpha, mut upper, mut lower) = (0, 0, 0);
    for &(s, _) in &words {
        let first = text[s..].chars().next().unwrap();
        if is_alpha(first) {
            alpha += 1;
            upper += is_upper(first) as usize;
            lower += is_lower(first) as usize;
        }
    }
    let (letters, visible, digits) = char_counts(text);
    (words.len(), alpha, upper, lower, letters, visible, digits, prose_end(text))
}

/// `prose.MARKER` (`^\s*(?:[-*+•·▪►◦>]|o(?=\s))\s+`) removed once, then white space stripped: the line's core
/// as (start, end), bytes.
pub fn core(text: &str) -> (usize, usize) {
    let mut start = 0;
    let body = text.trim_start_matches(is_space);
    let lead = text.len() - body.len();
    let mut chars = body.char_indices();
    if let Some((_, c)) = chars.next() {
        let marker = matches!(c, '-' | '*' | '+' | '•' | '·' | '▪' | '►' | '◦' | '>')
            || (c == 'o' && body[1..].chars().next().is_some_and(is_space));
        if marker {
            let after = c.len_utf8();
            let rest = &body[after..];
            let spaces = rest.len() - rest.trim_start_matches(is_space).len();
            if spaces > 0 {
                start = lead + after + spaces;
            }
        }
    }
    let kept = &text[start..];
    let stripped_start = start + (kept.len() - kept.trim_start_matches(is_space).len());
    let stripped_end = start + kept.trim_end_matches(is_space).len();
    (stripped_start, stripped_end.max(stripped_start))
}

/// `prose.SENTENCE_END` (`[.!?…。！？]["”’»)\]」』]?\s*$`) on a core.
fn sentence_end(core: &str) -> bool {
    let trimmed = core.trim_end_matches(is_space);
    let end = |c: char| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？');
    let mut back = trimmed.chars().rev();
    match back.next() {
        Some(c) if end(c) => true,
        Some('"' | '”' | '’' | '»' | ')' | ']' | '」' | '』') => back.next().is_some_and(end),
        _ => false,
    }
}

fn no_space_script(c: char) -> bool {
    matches!(c as u32, 0x0e00..=0x0e7f | 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff)
}

/// What `line_prose` reads of one line: (core start, core end (bytes), ends like a sentence, characters of
/// unspaced scripts, tokens, tokens that are function words (case-folded, ’ read as '), characters that are
/// function "words" (a list of single characters), has a clause mark, characters in the core).
pub type Prose = (usize, usize, bool, usize, usize, usize, usize, bool, usize);

pub fn prose(text: &str, vocabulary: &HashSet<String>) -> Prose {
    let (s, e) = core(text);
    let core_text = &text[s..e];
    let mut words = Vec::new();
    words_into(core_text, 0, core_text.len(), &mut words);
    let mut hits = 0;
    let mut folded = String::new();
    if !vocabulary.is_empty() {
        for &(a, b) in &words {
            folded.clear();
            folded.push_str(&casefold(&core_text[a..b]));
            if folded.contains('’') {
                folded = folded.replace('’', "'");
            }
            hits += vocabulary.contains(folded.as_str()) as usize;
        }
    }
    let (mut unspaced, mut char_hits, mut chars, mut clause) = (0, 0, 0, false);
    let mut buffer = [0u8; 4];
    for c in core_text.chars() {
        chars += 1;
        unspaced += no_space_script(c) as usize;
        clause |= matches!(c, '、' | '，' | ',' | '；');
        if !vocabulary.is_empty() {
            char_hits += vocabulary.contains(&*c.encode_utf8(&mut buffer)) as usize;
        }
    }
    (s, e, sentence_end(core_text), unspaced, words.len(), hits, char_hits, clause, chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_facts() {
        assert_eq!(facts("The Ministry said 3 things, ok."), (6, 5, 2, 3, 23, 26, 1, true));
        assert_eq!(facts("Home | News"), (2, 2, 2, 0, 8, 9, 0, false));
        assert!(facts("He said “no.”").7);
    }

    #[test]
    fn markers_and_cores() {
        let t = "  • Item one ";
        let (s, e) = core(t);
        assert_eq!(&t[s..e], "Item one");
        let t = "o nested item";
        let (s, e) = core(t);
        assert_eq!(&t[s..e], "nested item");
        let t = "open sesame";
        let (s, e) = core(t);
        assert_eq!(&t[s..e], "open sesame");
        let t = "-";
        let (s, e) = core(t);
        assert_eq!(&t[s..e], "-");
    }

    #[test]
    fn prose_counts() {
        let vocabulary: HashSet<String> = ["the", "it's", "的"].iter().map(|s| s.to_string()).collect();
        let p = prose("- The plan, It’s fine.", &vocabulary);
        assert_eq!((p.2, p.4, p.5, p.7), (true, 4, 2, true));
        let p = prose("我的书。", &vocabulary);
        assert_eq!((p.3, p.6, p.2), (3, 1, true));
    }
}
