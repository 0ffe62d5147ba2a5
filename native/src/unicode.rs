//! Character classes and case mappings exactly as CPython 3.11 answers them (`str.isalpha()`, `re`'s `\w`,
//! `str.lower()`, `str.casefold()`), from tables generated out of Python itself (`scripts/gen_unicode_tables.py`).
//! Rust's own `char` methods follow other definitions (and another Unicode version), which would move offsets and
//! counts away from the Python code the kernels replace.

use crate::unicode_tables::{BLOCKS, BLOCK_INDEX, CASEFOLD, LOWER};

pub const ALPHA: u32 = 1 << 0;
pub const ALNUM: u32 = 1 << 1;
pub const DECIMAL: u32 = 1 << 2;
pub const DIGIT: u32 = 1 << 3;
pub const NUMERIC: u32 = 1 << 4;
pub const SPACE: u32 = 1 << 5;
pub const UPPER: u32 = 1 << 6;
pub const LOWER_CASE: u32 = 1 << 7;
pub const WORD: u32 = 1 << 8;
pub const RE_DIGIT: u32 = 1 << 9;
pub const RE_SPACE: u32 = 1 << 10;
pub const SIGMA_IGNORABLE: u32 = 1 << 11;
pub const SIGMA_CASED: u32 = 1 << 12;
pub const PRINTABLE: u32 = 1 << 13;
pub const TITLE: u32 = 1 << 14;
// the `regex` module's classes (Punkt's patterns)
pub const RX_WORD: u32 = 1 << 15;
pub const RX_SPACE: u32 = 1 << 16;
pub const RX_DIGIT: u32 = 1 << 17;
// `_sre.unicode_iscased`
pub const SRE_CASED: u32 = 1 << 18;

#[inline]
pub fn flags(c: char) -> u32 {
    let cp = c as u32;
    let block = BLOCK_INDEX[(cp >> 8) as usize] as usize;
    BLOCKS[(block << 8) | (cp & 0xff) as usize]
}

#[inline]
pub fn has(c: char, flag: u32) -> bool {
    flags(c) & flag != 0
}

/// `str.isalpha()` of one character.
#[inline]
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    has(c, ALPHA)
}

/// `str.isalnum()` of one character.
#[inline]
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    has(c, ALNUM)
}

/// `str.isspace()` of one character (which counts \x1c-\x1f, as Python does).
#[inline]
pub fn is_space(c: char) -> bool {
    has(c, SPACE)
}

/// `str.isdigit()` of one character.
#[inline]
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    has(c, DIGIT)
}

#[inline]
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    has(c, DECIMAL)
}

#[inline]
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    has(c, UPPER)
}

#[inline]
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    has(c, LOWER_CASE)
}

/// `re`'s `\w` on a str pattern: `ch.isalnum() or ch == "_"`.
#[inline]
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    has(c, WORD)
}

fn mapped(table: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    table.binary_search_by_key(&(c as u32), |&(cp, _)| cp).ok().map(|i| table[i].1)
}

/// `ch.lower()` of one character alone (no final-sigma context).
pub fn lower_char(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    mapped(&LOWER, c)
}

/// Push `str.lower()` of `text` onto `out`, final sigma included (CPython's `handle_capital_sigma`).
pub fn lower_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.push_str(&text.to_ascii_lowercase());
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\u{3a3}' {
            out.push(capital_sigma(&chars, i));
        } else {
            match mapped(&LOWER, c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
    }
}

/// `str.lower()` of `text`.
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lower_into(text, &mut out);
    out
}

fn capital_sigma(chars: &[char], i: usize) -> char {
    let mut j = i;
    let mut before: Option<char> = None;
    while j > 0 {
        j -= 1;
        if !has(chars[j], SIGMA_IGNORABLE) {
            before = Some(chars[j]);
            break;
        }
    }
    let mut final_sigma = matches!(before, Some(c) if has(c, SIGMA_CASED));
    if final_sigma && i + 1 < chars.len() {
        let mut after: Option<char> = None;
        for &c in &chars[i + 1..] {
            if !has(c, SIGMA_IGNORABLE) {
                after = Some(c);
                break;
            }
        }
        final_sigma = match after {
            None => true,
            Some(c) => !has(c, SIGMA_CASED),
        };
    }
    if final_sigma {
        '\u{3c2}'
    } else {
        '\u{3c3}'
    }
}

/// Push `str.casefold()` of `text` onto `out` (per character, no context, as CPython does).
pub fn casefold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            match mapped(&CASEFOLD, c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
    }
}

pub fn casefold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    casefold_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_python() {
        assert!(is_alpha('é') && !is_alpha('1') && !is_alpha('\u{0901}')); // a Devanagari sign is not alpha
        assert!(is_word('\u{0661}') && is_word('_') && !is_word('-'));
        assert!(is_space('\u{1c}') && is_space('\u{a0}') && !is_space('\u{200b}'));
        assert!(is_digit('²') && !is_decimal('²'));
        assert!(is_upper('Σ') && is_lower('ß') && !is_upper('ǅ'));
    }

    #[test]
    fn lower_has_python_final_sigma_and_dotted_i() {
        assert_eq!(lower("ΟΔΟΣ ΟΔΟΣ."), "οδος οδος.");
        assert_eq!(lower("Σ"), "σ");
        assert_eq!(lower("AΣb"), "aσb");
        assert_eq!(lower("İ"), "i\u{307}");
        assert_eq!(lower_char('Σ'), Some("σ"));
    }

    #[test]
    fn casefold_expands() {
        assert_eq!(casefold("Straße"), "strasse");
        assert_eq!(casefold("ΣΑΣ"), "σασ");
    }
}
