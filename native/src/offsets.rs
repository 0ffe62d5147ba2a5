//! Python offsets are code points; Rust slices are bytes. `Offsets` converts both ways for one text: the identity
//! for ASCII text, otherwise a checkpoint every 64 characters and a short forward walk.

const STEP: usize = 64;

pub struct Offsets {
    ascii: bool,
    chars: usize,
    checkpoints: Vec<usize>, // byte offset of character k * STEP
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Offsets { ascii: true, chars: text.len(), checkpoints: Vec::new() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STEP + 1);
        let mut chars = 0;
        for (byte, _) in text.char_indices() {
            if chars % STEP == 0 {
                checkpoints.push(byte);
            }
            chars += 1;
        }
        Offsets { ascii: false, chars, checkpoints }
    }

    /// Number of characters (Python's `len`).
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Byte offset of character `index` (clamped to the end of the text).
    pub fn byte_of(&self, text: &str, index: usize) -> usize {
        if self.ascii {
            return index.min(text.len());
        }
        if index >= self.chars {
            return text.len();
        }
        let mut byte = self.checkpoints[index / STEP];
        let bytes = text.as_bytes();
        for _ in 0..index % STEP {
            byte += utf8_width(bytes[byte]);
        }
        byte
    }

    /// Character index of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, text: &str, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        if byte >= text.len() {
            return self.chars;
        }
        // the last checkpoint at or before `byte`
        let k = match self.checkpoints.binary_search(&byte) {
            Ok(k) => return k * STEP,
            Err(k) => k - 1,
        };
        let mut at = self.checkpoints[k];
        let mut index = k * STEP;
        let bytes = text.as_bytes();
        while at < byte {
            at += utf8_width(bytes[at]);
            index += 1;
        }
        index
    }
}

#[inline]
pub fn utf8_width(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Walks a text forward converting increasing byte offsets to character indices in amortised O(1).
pub struct Cursor<'a> {
    bytes: &'a [u8],
    byte: usize,
    index: usize,
    ascii: bool,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor { bytes: text.as_bytes(), byte: 0, index: 0, ascii: text.is_ascii() }
    }

    /// Character index of `byte`, which must not be before the previous call's.
    #[inline]
    pub fn at(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        debug_assert!(byte >= self.byte);
        while self.byte < byte {
            self.byte += utf8_width(self.bytes[self.byte]);
            self.index += 1;
        }
        self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways() {
        let text = "aé中😀b".repeat(50);
        let offsets = Offsets::new(&text);
        let mut cursor = Cursor::new(&text);
        for (index, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte_of(&text, index), byte);
            assert_eq!(offsets.char_of(&text, byte), index);
            assert_eq!(cursor.at(byte), index);
        }
        assert_eq!(offsets.len_chars(), text.chars().count());
        assert_eq!(offsets.byte_of(&text, 10_000), text.len());
    }
}
