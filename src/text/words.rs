//! Word tokens with byte offsets (UAX #29 word boundaries).

use unicode_segmentation::UnicodeSegmentation;

/// Words of `s` (runs with a letter or digit), with their byte offsets.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.unicode_word_indices()
}

/// True when the word starts with an uppercase letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when the word has an uppercase letter after its first character (`iPhone`, `McCain`).
pub fn has_inner_capital(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}
