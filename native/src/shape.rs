//! The shape of a boilerplate line's core as the line model reads it (`scorers/boilerplate/line_features.py`'s
//! `_own`, `_case_shares` and `_symbols`): counts in one pass over the characters. The shares, the thresholds and the
//! feature vector stay in Python; tests/reference/line_features.py keeps the Python count these equal.

use crate::unicode::{is_alpha, is_digit, is_lower, is_upper};
use crate::view::words_into;

/// `line_features.CODE_CHARS`.
fn code_char(c: char) -> bool {
    matches!(c, '{' | '}' | '(' | ')' | ';' | '=' | '<' | '>' | '[' | ']' | '/' | '\\' | '$' | '#' | '_' | '*' | '&'
        | '|' | '+')
}

/// `line_features.NUMERIC_CHARS`.
fn numeric_char(c: char) -> bool {
    matches!(c, '0'..='9' | '%' | '$' | '€' | '£' | '.' | ',' | '+' | '-')
}

/// One core's counts: (words starting with a letter (`text.WORD`), of those starting upper-case, of those starting
/// lower-case, letters (`str.isalpha`), digits (`str.isdigit`), characters, all capitals (three letters or more,
/// no lower-case character, every letter upper-case), code characters, numeric characters).
pub type Shape = (usize, usize, usize, usize, usize, usize, bool, usize, usize);

pub fn shape(core: &str) -> Shape {
    let mut words = Vec::new();
    words_into(core, 0, core.len(), &mut words);
    let (mut alpha, mut upper, mut lower) = (0, 0, 0);
    for &(s, _) in &words {
        if let Some(first) = core[s..].chars().next() {
            if is_alpha(first) {
                alpha += 1;
                upper += is_upper(first) as usize;
                lower += is_lower(first) as usize;
            }
        }
    }
    let (mut letters, mut digits, mut chars, mut code, mut numeric) = (0, 0, 0, 0, 0);
    let (mut any_lower, mut caseless_letter) = (false, false);
    for c in core.chars() {
        chars += 1;
        let letter = is_alpha(c);
        letters += letter as usize;
        digits += is_digit(c) as usize;
        any_lower |= is_lower(c);
        caseless_letter |= letter && !is_upper(c);
        code += code_char(c) as usize;
        numeric += numeric_char(c) as usize;
    }
    let capitals = letters >= 3 && !any_lower && !caseless_letter;
    (alpha, upper, lower, letters, digits, chars, capitals, code, numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_of_a_line() {
        assert_eq!(shape("Home | News 24"), (2, 2, 0, 8, 2, 14, false, 1, 2));
        assert_eq!(shape("the cat’s {x}"), (3, 0, 3, 8, 0, 13, false, 2, 0));
        assert_eq!(shape(""), (0, 0, 0, 0, 0, 0, false, 0, 0));
    }

    #[test]
    fn all_capitals() {
        assert!(shape("ÉTÉ NEWS!").6);
        assert!(!shape("AB").6, "fewer than three letters");
        assert!(!shape("NEWS 中文").6, "a caseless letter is not a capital");
        assert!(!shape("NEWSx").6);
        assert!(!shape("NEWS ª").6, "ª is lower-case and a letter");
    }

    #[test]
    fn code_and_numbers() {
        let (.., code, numeric) = shape("f(x) = $5.00 + 3€");
        assert_eq!((code, numeric), (5, 8));
    }
}
