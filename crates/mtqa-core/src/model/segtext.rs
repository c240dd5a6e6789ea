//! The text of a segment: a string of its own, or a view into the document text it was cut
//! from. A plain report's segments are views, so a report's text is held once in memory,
//! not twice (with a million short sentences the copies and their allocations cost more
//! than the text itself).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A segment's text; derefs to `str`. 24 bytes: a shared text and a range of it (a text of
/// its own is a shared text nobody else holds).
#[derive(Clone)]
pub struct SegText {
    text: Arc<str>,
    start: u32,
    len: u32,
}

impl SegText {
    /// A view of `text[range]`; an owned copy when the range is not on char boundaries or
    /// lies beyond 4 GiB.
    pub fn view(text: &Arc<str>, range: std::ops::Range<usize>) -> SegText {
        match (
            u32::try_from(range.start),
            u32::try_from(range.end.saturating_sub(range.start)),
            text.get(range.clone()),
        ) {
            (Ok(start), Ok(len), Some(_)) => SegText {
                text: Arc::clone(text),
                start,
                len,
            },
            (_, _, piece) => SegText::from(piece.unwrap_or("")),
        }
    }

    /// The text as a `str`.
    pub fn as_str(&self) -> &str {
        let a = self.start as usize;
        self.text.get(a..a + self.len as usize).unwrap_or("")
    }
}

impl Default for SegText {
    fn default() -> Self {
        SegText::from("")
    }
}

impl Deref for SegText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SegText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SegText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SegText {
    fn from(s: &str) -> Self {
        // Offsets are 32-bit: inputs are refused from 4 GiB on (`formats::MAX_FILE_BYTES`),
        // so no segment reaches that length; the cut is never taken.
        let mut end = s.len().min(u32::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        SegText {
            text: Arc::from(&s[..end]),
            start: 0,
            len: end as u32,
        }
    }
}

impl From<String> for SegText {
    fn from(s: String) -> Self {
        SegText::from(s.as_str())
    }
}

impl From<&String> for SegText {
    fn from(s: &String) -> Self {
        SegText::from(s.as_str())
    }
}

impl From<SegText> for String {
    fn from(s: SegText) -> Self {
        s.as_str().to_string()
    }
}

impl fmt::Debug for SegText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SegText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for SegText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SegText {}

impl PartialEq<str> for SegText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SegText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SegText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SegText> for str {
    fn eq(&self, other: &SegText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SegText> for &str {
    fn eq(&self, other: &SegText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SegText> for String {
    fn eq(&self, other: &SegText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::hash::Hash for SegText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for SegText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SegText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SegText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_reads_its_range_and_compares_as_text() {
        let doc: Arc<str> = Arc::from("Il pleut. Ça mouille.");
        let v = SegText::view(&doc, 10..22);
        assert_eq!(v, "Ça mouille.");
        assert_eq!(v.chars().count(), 11);
        assert_eq!(SegText::from("Ça mouille."), v);
        // Not on a char boundary: an owned empty text, never a panic.
        assert_eq!(SegText::view(&doc, 11..12), "");
        assert_eq!(
            serde_json::to_string(&v).ok().as_deref(),
            Some("\"Ça mouille.\"")
        );
    }
}
