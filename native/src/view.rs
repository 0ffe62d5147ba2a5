//! The document view's units as byte ranges: words, lines and paragraphs, as `detector/text.py` defines them
//! (`WORD`, `LINE`, `BLANK_RUN` and `str.isspace` trimming), and the character counts of `charcount.py`.

use crate::unicode::{is_alpha, is_digit, is_space, is_word};

pub type Range = (usize, usize);

/// `text.WORD`'s word characters: `\w` plus the combining marks Python's `\w` leaves out (Indic vowel signs and
/// viramas, Thai vowels, Arabic and Hebrew points, combining accents, ZWJ/ZWNJ).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    is_word(c)
        || matches!(c as u32,
            0x0300..=0x036f | 0x0483..=0x0489 | 0x0591..=0x05c7 | 0x0610..=0x061a | 0x064b..=0x065f | 0x0670
            | 0x06d6..=0x06ed | 0x0900..=0x0963 | 0x0966..=0x0dff | 0x0e00..=0x0e7f | 0x200c | 0x200d)
}

#[inline]
fn is_joiner(c: char) -> bool {
    c == '\'' || c == '\u{2019}' || c == '-'
}

/// The end of the run of word characters starting at `at` (bytes), never past `end`.
#[inline]
fn run_end(text: &str, mut at: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while at < end {
        let b = bytes[at];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() || b == b'_' {
                at += 1;
                continue;
            }
            return at;
        }
        let c = text[at..].chars().next().unwrap();
        if !is_word_char(c) {
            return at;
        }
        at += c.len_utf8();
    }
    at
}

/// `WORD.finditer(text, 0, end)`: runs of word characters joined by single apostrophes or hyphens.
pub fn words(text: &str, end: usize) -> Vec<Range> {
    let mut out = Vec::with_capacity(end / 6);
    words_into(text, 0, end, &mut out);
    out
}

pub fn words_into(text: &str, start: usize, end: usize, out: &mut Vec<Range>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let (c, width) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap();
            (c, c.len_utf8())
        };
        if !is_word_char(c) {
            i += width;
            continue;
        }
        let first = i;
        let mut j = run_end(text, i + width, end);
        while j < end {
            let sep = text[j..].chars().next().unwrap();
            if !is_joiner(sep) {
                break;
            }
            let after = j + sep.len_utf8();
            if after >= end {
                break;
            }
            let next = text[after..].chars().next().unwrap();
            if !is_word_char(next) {
                break;
            }
            j = run_end(text, after, end);
        }
        out.push((first, j));
        i = j;
    }
}

/// Trim `str.isspace` characters from both ends of `text[start..end]`.
pub fn trim(text: &str, mut start: usize, mut end: usize) -> Range {
    while end > start {
        let c = text[..end].chars().next_back().unwrap();
        if !is_space(c) {
            break;
        }
        end -= c.len_utf8();
    }
    while start < end {
        let c = text[start..].chars().next().unwrap();
        if !is_space(c) {
            break;
        }
        start += c.len_utf8();
    }
    (start, end)
}

/// `TextView.lines`: the non-blank lines of `text[..end]`, trimmed of white space.
pub fn lines(text: &str, end: usize) -> Vec<Range> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = &text.as_bytes()[..end];
    loop {
        let stop = match memchr(b'\n', &bytes[start..]) {
            Some(k) => start + k,
            None => end,
        };
        let (s, e) = trim(text, start, stop);
        if e > s {
            out.push((s, e));
        }
        if stop >= end {
            break;
        }
        start = stop + 1;
    }
    out
}

#[inline]
fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

#[inline]
fn blank_filler(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{c}' | '\u{b}' | '\u{a0}')
}

/// `BLANK_RUN.finditer(text, 0, end)`: a line break, blank-line filler, a line break.
pub fn blank_runs(text: &str, end: usize) -> Vec<Range> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < end {
        match memchr(b'\n', &bytes[i..end]) {
            None => break,
            Some(k) => i += k,
        }
        let mut j = i + 1;
        while j < end {
            let c = text[j..].chars().next().unwrap();
            if !blank_filler(c) {
                break;
            }
            j += c.len_utf8();
        }
        if j < end && bytes[j] == b'\n' {
            out.push((i, j + 1));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `TextView.paragraphs`: blocks between blank lines, trimmed; each line when there is no blank line.
pub fn paragraphs(text: &str, end: usize) -> Vec<Range> {
    let runs = blank_runs(text, end);
    if runs.is_empty() {
        return lines(text, end);
    }
    let mut out = Vec::with_capacity(runs.len() + 1);
    let mut start = 0;
    for (s, e) in runs.iter().copied().chain(std::iter::once((end, end))) {
        let (a, b) = trim(text, start, s);
        if b > a {
            out.push((a, b));
        }
        start = e;
    }
    out
}

/// `charcount.char_counts`: (letters, non-space characters, digits) as `str.isalpha`, `not str.isspace` and
/// `str.isdigit` count them.
pub fn char_counts(text: &str) -> (usize, usize, usize) {
    let (mut letters, mut visible, mut digits) = (0, 0, 0);
    for &b in text.as_bytes() {
        if b < 0x80 {
            letters += b.is_ascii_alphabetic() as usize;
            digits += b.is_ascii_digit() as usize;
            visible += !(b == b' ' || (0x09..=0x0d).contains(&b) || (0x1c..=0x1f).contains(&b)) as usize;
        }
    }
    if !text.is_ascii() {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            letters += is_alpha(c) as usize;
            visible += !is_space(c) as usize;
            digits += is_digit(c) as usize;
        }
    }
    (letters, visible, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range]) -> Vec<&'a str> {
        ranges.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn words_join_apostrophes_and_hyphens() {
        let text = "It's a well-known fact -- l'été' నేను 'quoted' end-";
        assert_eq!(texts(text, &words(text, text.len())),
                   vec!["It's", "a", "well-known", "fact", "l'été", "నేను", "quoted", "end"]);
        assert_eq!(texts(text, &words(text, 6)), vec!["It's", "a"]);
        assert_eq!(texts("ab-cd", &words("ab-cd", 4)), vec!["ab-c"]);
    }

    #[test]
    fn lines_are_trimmed_and_non_blank() {
        let text = "  one \r\n\n\t two\n \u{a0}\nthree";
        assert_eq!(texts(text, &lines(text, text.len())), vec!["one", "two", "three"]);
        assert_eq!(texts(text, &lines(text, 12)), vec!["one", "t"]);
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "First line.\nstill first.\n \u{a0}\nSecond.\n\n\nThird";
        assert_eq!(texts(text, &paragraphs(text, text.len())), vec!["First line.\nstill first.", "Second.", "Third"]);
        let flat = "a\nb";
        assert_eq!(texts(flat, &paragraphs(flat, flat.len())), vec!["a", "b"]);
    }

    #[test]
    fn counts() {
        assert_eq!(char_counts("Größe: 12 m²\n"), (6, 10, 3));
        assert_eq!(char_counts("\u{1c}x"), (1, 1, 0));
    }
}
