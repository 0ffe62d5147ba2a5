//! Punkt sentence boundaries (Kiss & Strunk 2006) with given parameters, as `detector/punkt.py` (vendored from
//! NLTK 3.10.4) computes them: the same regular expressions read as scanners (with the `regex` module's `\w`,
//! `\s` and `\d`), the same first and second pass, the same realignment of closing punctuation. Only what the
//! project's parameters use is kept: abbreviations and sentence starters (no collocations, no orthographic
//! context). Offsets are characters.

use std::collections::HashSet;

use crate::unicode::{has, is_lower, is_space, is_upper, lower, RX_DIGIT, RX_SPACE, RX_WORD};

pub type Span = (usize, usize);

#[inline]
fn rx_space(c: char) -> bool {
    has(c, RX_SPACE)
}

#[inline]
fn non_word(c: char) -> bool {
    matches!(c, ')' | '"' | ';' | '}' | ']' | '*' | ':' | '@' | '\'' | '(' | '{' | '[' | '\u{2018}' | '\u{2019}'
        | '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}' | '!' | '?')
}

#[inline]
fn word_start(c: char) -> bool {
    !matches!(c, '(' | '"' | '`' | '{' | '[' | ':' | ';' | '&' | '#' | '*' | '@' | ')' | '}' | ']' | '-' | ',')
}

#[inline]
fn closing(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}')
}

/// `(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)` at `q`: the length of the match.
fn multi_char(s: &[char], q: usize) -> Option<usize> {
    let n = s.len();
    let run = |c: char| s[q..].iter().take_while(|&&x| x == c).count();
    if q >= n {
        return None;
    }
    if s[q] == '-' && run('-') >= 2 {
        return Some(run('-'));
    }
    if s[q] == '.' && run('.') >= 2 {
        return Some(run('.'));
    }
    let mut pairs = 0;
    while q + 2 * pairs + 1 < n && s[q + 2 * pairs] == '.' && rx_space(s[q + 2 * pairs + 1]) {
        pairs += 1;
    }
    let mut reps = pairs;
    while reps >= 2 {
        if q + 2 * reps < n && s[q + 2 * reps] == '.' {
            return Some(2 * reps + 1);
        }
        reps -= 1;
    }
    None
}

/// `$` without MULTILINE: the end, or just before a final line break.
#[inline]
fn at_end(s: &[char], q: usize) -> bool {
    q == s.len() || (q + 1 == s.len() && s[q] == '\n')
}

/// The look-ahead that ends a word: white space, the end, punctuation, a multi-character mark, or a comma followed
/// by one of those.
fn word_ends(s: &[char], q: usize) -> bool {
    let n = s.len();
    if (q < n && (rx_space(s[q]) || non_word(s[q]))) || at_end(s, q) || multi_char(s, q).is_some() {
        return true;
    }
    q < n && s[q] == ','
        && (at_end(s, q + 1) || (q + 1 < n && (rx_space(s[q + 1]) || non_word(s[q + 1])))
            || multi_char(s, q + 1).is_some())
}

/// `PunktLanguageVars.word_tokenize`: the tokens of one line.
pub fn word_tokenize(s: &[char]) -> Vec<Span> {
    let n = s.len();
    let mut out = Vec::new();
    let mut p = 0;
    while p < n {
        if let Some(len) = multi_char(s, p) {
            out.push((p, p + len));
            p += len;
            continue;
        }
        if word_start(s[p]) && !rx_space(s[p]) {
            let mut q = p + 1;
            let mut found = None;
            loop {
                if word_ends(s, q) {
                    found = Some(q);
                    break;
                }
                if q < n && !rx_space(s[q]) {
                    q += 1;
                } else {
                    break;
                }
            }
            if let Some(q) = found {
                out.push((p, q));
                p = q;
                continue;
            }
        }
        if !rx_space(s[p]) {
            out.push((p, p + 1));
        }
        p += 1;
    }
    out
}

struct Token {
    tok: Vec<char>,
    kind: String, // `type`: lower case, numbers as ##number##
    period_final: bool,
    sentbreak: Option<bool>,
    abbr: Option<bool>,
    ellipsis: Option<bool>,
}

const NUMBER: &str = "##number##";

/// `^-?[\.,]?\d[\d,\.-]*\.?$`
fn numeric(s: &[char]) -> bool {
    let mut i = 0;
    if i < s.len() && s[i] == '-' {
        i += 1;
    }
    if i < s.len() && (s[i] == '.' || s[i] == ',') {
        i += 1;
    }
    if i >= s.len() || !has(s[i], RX_DIGIT) {
        return false;
    }
    i += 1;
    while i < s.len() && (has(s[i], RX_DIGIT) || matches!(s[i], ',' | '.' | '-')) {
        i += 1;
    }
    at_end(s, i)
}

impl Token {
    fn new(tok: Vec<char>) -> Token {
        let text: String = tok.iter().collect();
        let lowered = lower(&text);
        let lowered_chars: Vec<char> = lowered.chars().collect();
        let kind = if numeric(&lowered_chars) { NUMBER.to_string() } else { lowered };
        let period_final = tok.last() == Some(&'.');
        Token { tok, kind, period_final, sentbreak: None, abbr: None, ellipsis: None }
    }

    fn type_no_period(&self) -> &str {
        if self.kind.chars().count() > 1 && self.kind.ends_with('.') {
            &self.kind[..self.kind.len() - 1]
        } else {
            &self.kind
        }
    }

    fn type_no_sentperiod(&self) -> &str {
        if self.sentbreak == Some(true) {
            self.type_no_period()
        } else {
            &self.kind
        }
    }

    fn first_upper(&self) -> bool {
        is_upper(self.tok[0])
    }

    fn first_lower(&self) -> bool {
        is_lower(self.tok[0])
    }

    /// `\.\.+$`
    fn is_ellipsis(&self) -> bool {
        let dots = self.tok.iter().take_while(|&&c| c == '.').count();
        dots >= 2 && at_end(&self.tok, dots)
    }

    /// `[^\W\d]\.$`
    fn is_initial(&self) -> bool {
        self.tok.len() >= 2 && has(self.tok[0], RX_WORD) && !has(self.tok[0], RX_DIGIT) && self.tok[1] == '.'
            && at_end(&self.tok, 2)
    }
}

enum Ortho {
    No,
    Unknown,
}

pub struct Punkt {
    abbreviations: HashSet<String>,
    starters: HashSet<String>,
}

impl Punkt {
    pub fn new(abbreviations: HashSet<String>, starters: HashSet<String>) -> Punkt {
        Punkt { abbreviations, starters }
    }

    fn first_pass(&self, token: &mut Token) {
        let tok = &token.tok;
        if tok.len() == 1 && matches!(tok[0], '.' | '?' | '!') {
            token.sentbreak = Some(true);
        } else if token.is_ellipsis() {
            token.ellipsis = Some(true);
        } else if token.period_final && !(tok.len() >= 2 && tok[tok.len() - 2] == '.') {
            let base: String = tok[..tok.len() - 1].iter().collect();
            let base = lower(&base);
            let last = base.rsplit('-').next().unwrap_or("");
            if self.abbreviations.contains(&base) || self.abbreviations.contains(last) {
                token.abbr = Some(true);
            } else {
                token.sentbreak = Some(true);
            }
        }
    }

    /// With no orthographic context, a token after a period does not start a sentence when it is punctuation or
    /// starts in lower case; otherwise nothing is known.
    fn ortho(token: &Token) -> Ortho {
        let t = &token.tok;
        if t.len() == 1 && matches!(t[0], ';' | ':' | ',' | '.' | '!' | '?') {
            return Ortho::No;
        }
        if token.first_lower() {
            return Ortho::No;
        }
        Ortho::Unknown
    }

    fn second_pass(&self, first: &mut Token, next: &Token) {
        if !first.period_final {
            return;
        }
        let typ_number = first.type_no_period() == NUMBER;
        let next_typ = next.type_no_sentperiod();
        let initial = first.is_initial();
        if (first.abbr == Some(true) || first.ellipsis == Some(true)) && !initial
            && next.first_upper() && self.starters.contains(next_typ)
        {
            first.sentbreak = Some(true);
            return;
        }
        if initial || typ_number {
            match Self::ortho(next) {
                Ortho::No => {
                    first.sentbreak = Some(false);
                    first.abbr = Some(true);
                }
                Ortho::Unknown => {
                    if initial && next.first_upper() {
                        first.sentbreak = Some(false);
                        first.abbr = Some(true);
                    }
                }
            }
        }
    }

    /// Whether a token other than the last of `text` is a sentence break.
    fn contains_sentbreak(&self, text: &[char]) -> bool {
        let mut tokens: Vec<Token> = Vec::new();
        for line in text.split(|&c| c == '\n') {
            if line.iter().all(|&c| is_space(c)) {
                continue;
            }
            for (s, e) in word_tokenize(line) {
                tokens.push(Token::new(line[s..e].to_vec()));
            }
        }
        for token in tokens.iter_mut() {
            self.first_pass(token);
        }
        let count = tokens.len();
        for i in 0..count {
            if i + 1 < count {
                let (head, tail) = tokens.split_at_mut(i + 1);
                self.second_pass(&mut head[i], &tail[0]);
            }
            if tokens[i].sentbreak == Some(true) && i + 1 < count {
                return true;
            }
        }
        false
    }

    /// `PunktSentenceTokenizer.span_tokenize(text)` with boundary realignment.
    pub fn span_tokenize(&self, s: &[char]) -> Vec<Span> {
        let slices = self.slices(s);
        realign(s, &slices)
    }

    fn slices(&self, s: &[char]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut last_break = 0;
        for (end_char, next_tok, context) in end_contexts(s) {
            if self.contains_sentbreak(&context) {
                out.push((last_break, end_char + 1));
                last_break = next_tok.map_or(end_char + 1, |(start, _)| start);
            }
        }
        let mut stop = s.len();
        while stop > 0 && is_space(s[stop - 1]) {
            stop -= 1;
        }
        out.push((last_break, stop));
        out
    }
}

/// Every candidate sentence end: the end character's position, the token after it (when white space follows),
/// and the context Punkt judges: the word before, the end character and what follows it.
fn end_contexts(s: &[char]) -> Vec<(usize, Option<Span>, Vec<char>)> {
    let n = s.len();
    // (position, after_tok, next_tok)
    let mut matches: Vec<(usize, Span, Option<Span>)> = Vec::new();
    for p in 0..n {
        if !matches!(s[p], '.' | '?' | '!') {
            continue;
        }
        if p + 1 < n && non_word(s[p + 1]) {
            matches.push((p, (p + 1, p + 2), None));
            continue;
        }
        let mut w = p + 1;
        while w < n && rx_space(s[w]) {
            w += 1;
        }
        if w > p + 1 && w < n {
            let mut e = w;
            while e < n && !rx_space(s[e]) {
                e += 1;
            }
            matches.push((p, (p + 1, e), Some((w, e))));
        }
    }
    let mut out = Vec::new();
    let mut previous_slice: Span = (0, 0);
    let mut previous: Option<(usize, Span, Option<Span>)> = None;
    let context = |slice: Span, m: &(usize, Span, Option<Span>)| -> Vec<char> {
        let mut c: Vec<char> = s[slice.0.min(slice.1)..slice.1].to_vec();
        c.push(s[m.0]);
        c.extend_from_slice(&s[m.1 .0..m.1 .1]);
        c
    };
    for m in matches {
        let before = &s[previous_slice.1.min(m.0)..m.0];
        let last_space = before.iter().rposition(|&c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}'))
            .unwrap_or(0);
        let start = if last_space != 0 { last_space + previous_slice.1 + 1 } else { previous_slice.0 };
        let word: Span = (start, m.0);
        if let Some(prev) = &previous {
            if previous_slice.1 <= word.0 {
                out.push((prev.0, prev.2, context(previous_slice, prev)));
            }
        }
        previous = Some(m);
        previous_slice = word;
    }
    if let Some(prev) = &previous {
        out.push((prev.0, prev.2, context(previous_slice, prev)));
    }
    out
}

/// `re_boundary_realignment.match(text)`: closing punctuation (as little as possible) followed by white space,
/// `--` or a line end; the match's end and its length without trailing white space.
fn realignment(s: &[char]) -> Option<(usize, usize)> {
    let n = s.len();
    let mut k = 1;
    while k <= n && closing(s[k - 1]) {
        if k < n && rx_space(s[k]) {
            let mut e = k;
            while e < n && rx_space(s[e]) {
                e += 1;
            }
            return Some((e, rstrip_len(&s[..e])));
        }
        if (k + 1 < n && s[k] == '-' && s[k + 1] == '-') || k == n || s[k] == '\n' {
            return Some((k, rstrip_len(&s[..k])));
        }
        k += 1;
    }
    None
}

fn rstrip_len(s: &[char]) -> usize {
    let mut e = s.len();
    while e > 0 && is_space(s[e - 1]) {
        e -= 1;
    }
    e
}

fn slice_of(s: &[char], span: Span) -> &[char] {
    let stop = span.1.min(s.len());
    let start = span.0.min(stop);
    &s[start..stop]
}

fn realign(s: &[char], slices: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut shift = 0;
    for (i, &first) in slices.iter().enumerate() {
        let first = (first.0 + shift, first.1);
        let Some(&second) = slices.get(i + 1) else {
            if !slice_of(s, first).is_empty() {
                out.push(first);
            }
            continue;
        };
        match realignment(slice_of(s, second)) {
            Some((end, kept)) => {
                out.push((first.0, second.0 + kept));
                shift = end;
            }
            None => {
                shift = 0;
                if !slice_of(s, first).is_empty() {
                    out.push(first);
                }
            }
        }
    }
    out
}

/// `sentences.UNSPACED_SENTENCE` on `s`: Chinese and Japanese, split after their sentence-final marks.
pub fn unspaced(s: &[char]) -> Vec<Span> {
    let ender = |c: char| matches!(c, '\u{3002}' | '\u{ff01}' | '\u{ff1f}' | '!' | '?');
    let closer = |c: char| matches!(c, '\u{300d}' | '\u{300f}' | '\u{201d}' | '"' | '\u{ff09}' | ')');
    let n = s.len();
    let mut out = Vec::new();
    let mut p = 0;
    while p < n {
        let start = p;
        if !ender(s[p]) {
            while p < n && !ender(s[p]) {
                p += 1;
            }
            while p < n && ender(s[p]) {
                p += 1;
            }
            if p < n && closer(s[p]) {
                p += 1;
            }
        } else {
            while p < n && ender(s[p]) {
                p += 1;
            }
        }
        if s[start..p].iter().any(|&c| !is_space(c)) {
            out.push((start, p));
        }
    }
    out
}

/// `sentences.sentence_spans` over one paragraph `s`: the whole paragraph when Punkt could not break it (no
/// sentence-end character before its last), else Punkt's spans; `punkt` None splits unspaced scripts.
pub fn paragraph_sentences(s: &[char], punkt: Option<&Punkt>) -> Vec<Span> {
    let Some(punkt) = punkt else { return unspaced(s) };
    let first_end = s.iter().position(|&c| matches!(c, '.' | '?' | '!'));
    let all_space = !s.is_empty() && s.iter().all(|&c| is_space(c));
    if (first_end.is_none() || first_end == Some(s.len() - 1)) && !all_space {
        return vec![(0, s.len())];
    }
    punkt.span_tokenize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn tokens(s: &str) -> Vec<String> {
        let c = chars(s);
        word_tokenize(&c).iter().map(|&(a, b)| c[a..b].iter().collect()).collect()
    }

    #[test]
    fn words_split_off_punctuation_but_periods() {
        assert_eq!(tokens("Hello, world... (Mr. Smith) said: \"no\" -- e.g. a. . . b"),
                   vec!["Hello", ",", "world", "...", "(", "Mr.", "Smith", ")", "said", ":", "\"", "no", "\"", "--",
                        "e.g.", "a", ". . .", "b"]); // as detector/punkt.py tokenizes it
    }

    #[test]
    fn sentences_with_abbreviations() {
        let punkt = Punkt::new(["dr", "mr"].iter().map(|s| s.to_string()).collect(), HashSet::new());
        let text = chars("Dr. Who came. He left.");
        assert_eq!(punkt.span_tokenize(&text), vec![(0, 13), (14, 22)]);
        let text = chars("(He said so.) Then he left.");
        assert_eq!(punkt.span_tokenize(&text), vec![(0, 13), (14, 27)]);
    }

    #[test]
    fn unspaced_scripts() {
        let text = chars("今天好。明天呢？「好」！");
        assert_eq!(unspaced(&text), vec![(0, 4), (4, 8), (8, 12)]);
    }
}
