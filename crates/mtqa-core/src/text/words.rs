//! Word tokens with byte offsets (UAX #29 word boundaries).

use unicode_segmentation::UnicodeSegmentation;

/// Words of `s` (runs with a letter or digit), with their byte offsets.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.unicode_word_indices()
}

/// A selection made with the mouse (char offsets into `s`) widened to whole words: an end
/// that falls inside a word moves to the word's edge, and spaces at either end are dropped.
/// Punctuation is left as selected (`..` is a token of its own). A selection of spaces only
/// is returned as it was. (Annotation tools for MQM work on whole tokens; a partly dragged
/// word is almost always a slip of the mouse. Exact characters remain selectable with the
/// keyboard.)
pub fn snap_to_words(s: &str, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<char> = s.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let (mut a, mut b) = (start, end);
    let mut at = 0; // char offset of the token
    for token in s.split_word_bounds() {
        let n = token.chars().count();
        let (ts, te) = (at, at + n);
        if token.chars().any(char::is_alphanumeric) {
            if ts < a && a < te {
                a = ts;
            }
            if ts < b && b < te {
                b = te;
            }
        }
        at = te;
        if at >= b && at >= a {
            break;
        }
    }
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a < b {
        (a, b)
    } else {
        (start, end)
    }
}

/// True when the word starts with an uppercase letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when the word has an uppercase letter after its first character (`iPhone`, `McCain`).
pub fn has_inner_capital(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::snap_to_words;

    fn snapped(s: &str, a: usize, b: usize) -> String {
        let (a, b) = snap_to_words(s, a, b);
        s.chars().skip(a).take(b - a).collect()
    }

    #[test]
    fn mouse_selections_widen_to_whole_words() {
        let s = "This Wednesday, March 12";
        // "is Wed" → both words whole.
        assert_eq!(snap_to_words(s, 2, 8), (0, 14));
        // Spaces at the ends go; the comma, a token of its own, stays as selected.
        assert_eq!(snapped(s, 4, 16), "Wednesday,");
        // Inside one word: the word.
        assert_eq!(snapped("a naïve reader", 3, 5), "naïve");
        // Punctuation is not widened: the doubled full stop of `Météo-France..`.
        assert_eq!(snap_to_words("Météo-France..", 12, 14), (12, 14));
        assert_eq!(snapped("Météo-France..", 7, 14), "France..");
        // Already whole, spaces only, past the end, empty text.
        assert_eq!(snap_to_words(s, 5, 14), (5, 14));
        assert_eq!(snap_to_words("a  b", 1, 3), (1, 3));
        assert_eq!(snap_to_words(s, 22, 99), (22, 24));
        assert_eq!(snap_to_words("", 0, 3), (0, 0));
        // Han ideographs are tokens one by one (UAX #29 has no dictionary).
        assert_eq!(snap_to_words("上海地铁", 1, 2), (1, 2));
        // Arabic, right to left in display, logical offsets here.
        assert_eq!(snapped("أعلنت وزارة الموارد", 2, 8), "أعلنت وزارة");
    }
}
