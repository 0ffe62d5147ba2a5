//! What the MT-likelihood model reads (`scorers/mt/features.py`): the tokens of a sentence (`TOKEN`), their
//! normalised forms (`token_form`) and the document's 1-2-gram counts (`sentence_ngrams`, counted). The closed-class
//! words and the frequency buckets are data handed over by Python; tests/reference/mt_features.py keeps the Python
//! code these equal.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::unicode::{is_alnum, is_digit, is_upper, is_word, lower_into};

pub type Range = (usize, usize);

/// `features.TOKEN`'s separators inside a word: `['’\-]`.
fn joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// `features.TOKEN`'s one-character punctuation: `[,;:()\"“”„«»?!.'‘’\-–—―]`.
fn punctuation(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '„' | '«' | '»' | '?' | '!' | '.' | '\'' | '‘' | '’'
        | '-' | '–' | '—' | '―')
}

fn word_end(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match text[i..end].chars().next() {
            Some(c) if is_word(c) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// `TOKEN.findall(text, start, end)` (`\w+(?:['’\-]\w+)*|\.\.\.|…|[punctuation]`) as byte ranges; `start` and `end`
/// are byte offsets on character boundaries.
pub fn tokens_into(text: &str, start: usize, end: usize, out: &mut Vec<Range>) {
    let mut i = start;
    while i < end {
        let c = text[i..end].chars().next().unwrap();
        let width = c.len_utf8();
        if is_word(c) {
            let mut j = word_end(text, i + width, end);
            while j < end {
                let sep = text[j..end].chars().next().unwrap();
                if !joiner(sep) {
                    break;
                }
                let after = j + sep.len_utf8();
                let run = word_end(text, after, end);
                if run == after {
                    break;
                }
                j = run;
            }
            out.push((i, j));
            i = j;
        } else if text[i..end].starts_with("...") {
            out.push((i, i + 3));
            i += 3;
        } else if c == '…' || punctuation(c) {
            out.push((i, i + width));
            i += width;
        } else {
            i += width;
        }
    }
}

/// `features.TYPOGRAPHY`: the one typography every token is read in.
fn typography(raw: &str) -> &str {
    match raw {
        "“" | "”" | "„" | "«" | "»" => "\"",
        "‘" | "’" => "'",
        "–" | "—" | "―" => "-",
        "…" => "...",
        _ => raw,
    }
}

/// `features.token_form(raw, position)` into `out` (cleared first): `initial` is `position == 0`.
pub fn token_form_into(raw: &str, initial: bool, function_words: &HashSet<String>, out: &mut String) {
    out.clear();
    let Some(first) = raw.chars().next() else {
        return;
    };
    if !is_alnum(first) {
        out.push_str(typography(raw));
        return;
    }
    if is_digit(first) {
        out.push_str("NUM");
        return;
    }
    lower_into(raw, out);
    if out.contains('’') {
        *out = out.replace('’', "'");
    }
    if !initial && is_upper(first) && !function_words.contains(out.as_str()) {
        out.clear();
        out.push_str("CAP");
    }
}

/// The forms of one sentence's tokens (`sentence_tokens`): the first token that starts with a letter or digit is
/// read as sentence-initial. Each form is handed to `emit`.
pub fn sentence_forms(text: &str, start: usize, end: usize, function_words: &HashSet<String>,
                      mut emit: impl FnMut(&str)) {
    let mut ranges = Vec::new();
    tokens_into(text, start, end, &mut ranges);
    let mut initial = true;
    let mut form = String::new();
    for &(s, e) in &ranges {
        let raw = &text[s..e];
        let opens = initial && raw.chars().next().is_some_and(is_alnum);
        token_form_into(raw, opens, function_words, &mut form);
        if opens {
            initial = false;
        }
        emit(&form);
    }
}

/// An insertion-ordered counter: keys in the order they were first counted, as `collections.Counter` keeps them.
pub struct Ordered<K> {
    index: HashMap<K, usize>,
    pub items: Vec<(K, u64)>,
}

impl<K: Hash + Eq + Copy> Default for Ordered<K> {
    fn default() -> Self {
        Ordered { index: HashMap::new(), items: Vec::new() }
    }
}

impl<K: Hash + Eq + Copy> Ordered<K> {
    pub fn add(&mut self, key: K) {
        match self.index.get(&key) {
            Some(&i) => self.items[i].1 += 1,
            None => {
                self.index.insert(key, self.items.len());
                self.items.push((key, 1));
            }
        }
    }
}

/// A gram of `sentence_ngrams` by the ids of its tokens: the two families' unigrams and bigrams never share a
/// string (an FW token carries `fw:`, a bigram a space), so they are told apart by kind.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Gram {
    Word(u32),
    Pair(u32, u32),
    Fw(u32),
    FwPair(u32, u32),
}

/// The tokens of both families as ids (`intern`): `<s>` and `</s>` of each family are ids 0 and 1 of its table.
pub const START: u32 = 0;
pub const END: u32 = 1;

/// `Counter` over `sentence_ngrams` of every sentence, each sentence's grams in the function's order (its tokens,
/// its bigrams, then its FW tokens and FW bigrams): `words[i]` and `fw[i]` are the ids of a sentence's forms and FW
/// keys, without the boundaries.
pub fn count_grams(sentences: &[(Vec<u32>, Vec<u32>)]) -> Ordered<Gram> {
    let mut counts = Ordered::default();
    for (words, fw) in sentences {
        for (ids, unigram, bigram) in [(words, Gram::Word as fn(u32) -> Gram, Gram::Pair as fn(u32, u32) -> Gram),
                                       (fw, Gram::Fw, Gram::FwPair)] {
            counts.add(unigram(START));
            for &id in ids {
                counts.add(unigram(id));
            }
            counts.add(unigram(END));
            let mut previous = START;
            for &id in ids {
                counts.add(bigram(previous, id));
                previous = id;
            }
            counts.add(bigram(previous, END));
        }
    }
    counts
}

/// Strings to ids, first seen first (`<s>` and `</s>` are 0 and 1).
pub struct Interner {
    ids: HashMap<String, u32>,
    pub strings: Vec<String>,
}

impl Interner {
    pub fn new(start: &str, end: &str) -> Self {
        Interner { ids: HashMap::from([(start.to_string(), START), (end.to_string(), END)]),
                   strings: vec![start.to_string(), end.to_string()] }
    }

    pub fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.ids.insert(text.to_string(), id);
        self.strings.push(text.to_string());
        id
    }
}

/// The text of a gram as `sentence_ngrams` writes it.
pub fn gram_text(gram: Gram, words: &[String], fw: &[String]) -> String {
    match gram {
        Gram::Word(a) => words[a as usize].clone(),
        Gram::Pair(a, b) => format!("{} {}", words[a as usize], words[b as usize]),
        Gram::Fw(a) => fw[a as usize].clone(),
        Gram::FwPair(a, b) => format!("{} {}", fw[a as usize], fw[b as usize]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokens_into(text, 0, text.len(), &mut out);
        out.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    fn forms(text: &str) -> Vec<String> {
        let words: HashSet<String> = ["in", "i'm"].iter().map(|w| w.to_string()).collect();
        let mut out = Vec::new();
        sentence_forms(text, 0, text.len(), &words, |f| out.push(f.to_string()));
        out
    }

    #[test]
    fn tokens_as_python_finds_them() {
        assert_eq!(tokens("“It’s fine,” said Ms Smith-Jones in 2024..."),
                   ["“", "It’s", "fine", ",", "”", "said", "Ms", "Smith-Jones", "in", "2024", "...", ]);
        assert_eq!(tokens("a-- b'' c-d-e …. @#"), ["a", "-", "-", "b", "'", "'", "c-d-e", "…", "."]);
        assert_eq!(tokens("_x__ ²"), ["_x__", "²"]);
        assert_eq!(tokens(".. ...."), [".", ".", "...", "."]);
    }

    #[test]
    fn forms_as_python_reads_them() {
        assert_eq!(forms("“It’s fine,” said Ms Smith in 2024."),
                   ["\"", "it's", "fine", ",", "\"", "said", "CAP", "CAP", "in", "NUM", "."]);
        assert_eq!(forms("— In I’m In"), ["-", "in", "i'm", "in"]);
        assert_eq!(forms("_Ab Ab Ab"), ["_Ab", "ab", "CAP"]);
    }

    #[test]
    fn grams_in_counter_order() {
        let mut words = Interner::new("<s>", "</s>");
        let mut fw = Interner::new("fw:<s>", "fw:</s>");
        let sentence = (vec![words.id("in"), words.id("order")], vec![fw.id("fw:in"), fw.id("fw:F1")]);
        let counts = count_grams(&[sentence.clone(), sentence]);
        let texts: Vec<(String, u64)> = counts.items.iter()
            .map(|&(g, n)| (gram_text(g, &words.strings, &fw.strings), n)).collect();
        let expected = ["<s>", "in", "order", "</s>", "<s> in", "in order", "order </s>", "fw:<s>", "fw:in", "fw:F1",
                        "fw:</s>", "fw:<s> fw:in", "fw:in fw:F1", "fw:F1 fw:</s>"];
        assert_eq!(texts, expected.iter().map(|t| (t.to_string(), 2)).collect::<Vec<_>>());
    }
}
