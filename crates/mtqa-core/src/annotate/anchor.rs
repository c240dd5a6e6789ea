//! Anchors: a span as a position *and* the quoted text with a little context (like the W3C
//! Web Annotation model's position and quote selectors), so that an annotation can be
//! placed again after the report changed, and a wrong placement is detected rather than
//! silently shifted.

use serde::{Deserialize, Serialize};

use super::{Annotation, AnnotationSet};
use crate::model::{char_to_byte, char_to_byte_checked, CharIndex, Document};

/// Characters of context kept on each side of the quote.
pub const CONTEXT_CHARS: usize = 32;

/// A span of a segment's (or the document's) text. Reading one whose start is after its
/// end is an error where it is read (a sidecar edited by hand, a JSONL or TSV input), so
/// that no writer ever meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AnchorFields")]
pub struct Anchor {
    /// Start, in Unicode scalars.
    pub start: usize,
    /// End (exclusive), in Unicode scalars; equal to `start` for an insertion point.
    pub end: usize,
    /// The text of the span.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters before the span.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after the span.
    pub suffix: String,
}

/// An anchor as written, before its span is checked.
#[derive(Deserialize)]
struct AnchorFields {
    start: usize,
    end: usize,
    quote: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
}

impl TryFrom<AnchorFields> for Anchor {
    type Error = String;

    fn try_from(a: AnchorFields) -> Result<Anchor, String> {
        if a.start > a.end {
            return Err(format!(
                "an anchor's start ({}) is after its end ({})",
                a.start, a.end
            ));
        }
        Ok(Anchor {
            start: a.start,
            end: a.end,
            quote: a.quote,
            prefix: a.prefix,
            suffix: a.suffix,
        })
    }
}

impl Anchor {
    /// Anchors `[start, end)` (chars, clamped) of `text`. Walks the text only up to a
    /// little after the span.
    pub fn new(text: &str, start: usize, end: usize) -> Anchor {
        let start = start.min(end);
        let from = start.saturating_sub(CONTEXT_CHARS);
        let Some(bf) = char_to_byte_checked(text, from) else {
            return Anchor::new_indexed(text, &CharIndex::new(text), start, end);
        };
        let rest = &text[bf..];
        if char_to_byte_checked(rest, end - from).is_none() {
            // The span runs past the end of the text: clamp it (this needs the length).
            return Anchor::new_indexed(text, &CharIndex::new(text), start, end);
        }
        let at = |c: usize| bf + char_to_byte(rest, c - from);
        Anchor::from_bytes(
            text,
            start,
            end,
            [bf, at(start), at(end), at(end + CONTEXT_CHARS)],
        )
    }

    /// [`Anchor::new`] in a long text with its [`CharIndex`]: document-level spans.
    pub fn new_indexed(text: &str, index: &CharIndex, start: usize, end: usize) -> Anchor {
        let end = end.min(index.chars());
        let start = start.min(end);
        let at = |c: usize| index.byte(text, c);
        Anchor::from_bytes(
            text,
            start,
            end,
            [
                at(start.saturating_sub(CONTEXT_CHARS)),
                at(start),
                at(end),
                at(end + CONTEXT_CHARS),
            ],
        )
    }

    /// The anchor of chars `start..end` whose context starts at byte `p0`, quote spans
    /// bytes `b0..b1` and context ends at byte `s1`.
    fn from_bytes(text: &str, start: usize, end: usize, [p0, b0, b1, s1]: [usize; 4]) -> Anchor {
        Anchor {
            start,
            end,
            quote: text[b0..b1].to_string(),
            prefix: text[p0..b0].to_string(),
            suffix: text[b1..s1].to_string(),
        }
    }

    /// True when the anchor still holds in `text` exactly where it was. Walks the text only
    /// up to the end of the span.
    pub fn holds_in(&self, text: &str) -> bool {
        let Some(b0) = char_to_byte_checked(text, self.start) else {
            return false;
        };
        let Some(len) = char_to_byte_checked(&text[b0..], self.end.saturating_sub(self.start))
        else {
            return false;
        };
        self.end >= self.start && text[b0..b0 + len] == self.quote
    }

    /// [`Anchor::holds_in`] a long text with its [`CharIndex`].
    pub fn holds_in_indexed(&self, text: &str, index: &CharIndex) -> bool {
        self.end <= index.chars()
            && self.start <= self.end
            && text[index.byte(text, self.start)..index.byte(text, self.end)] == self.quote
    }
}

/// Length, in chars, of the common suffix of `a` and `b`.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Length, in chars, of the common prefix of `a` and `b`.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// A place where the quote occurs, with how well its context matches.
struct Candidate {
    start: usize,
    end: usize,
    score: usize,
}

fn candidates(text: &str, anchor: &Anchor) -> Vec<Candidate> {
    let mut out = Vec::new();
    let quote_chars = anchor.quote.chars().count();
    // Occurrences come in text order: count the chars from the previous one, not from the
    // start of the text each time.
    let (mut last_byte, mut last_char) = (0, 0);
    let mut push = |byte: usize| {
        let start = last_char + text[last_byte..byte].chars().count();
        (last_byte, last_char) = (byte, start);
        let before = &text[..byte];
        let after = &text[byte + anchor.quote.len()..];
        let score = common_suffix(&anchor.prefix, before).min(CONTEXT_CHARS)
            + common_prefix(&anchor.suffix, after).min(CONTEXT_CHARS);
        out.push(Candidate {
            start,
            end: start + quote_chars,
            score,
        });
    };
    if anchor.quote.is_empty() {
        // An insertion point: where its context meets.
        let joined = format!("{}{}", anchor.prefix, anchor.suffix);
        if joined.is_empty() {
            return out;
        }
        for (b, _) in text.match_indices(joined.as_str()) {
            push(b + anchor.prefix.len());
        }
    } else {
        for (b, _) in text.match_indices(anchor.quote.as_str()) {
            push(b);
        }
    }
    out
}

/// The context an occurrence must match to be trusted: up to 8 chars on each side where
/// the anchor has them.
fn needed(anchor: &Anchor) -> usize {
    anchor.prefix.chars().count().min(8) + anchor.suffix.chars().count().min(8)
}

/// The single best candidate, if it is trustworthy; `None` when there is none or when
/// several are equally good (ambiguous: never guess).
fn best(
    cands: Vec<Candidate>,
    anchor: &Anchor,
    near: usize,
    unique_ok: bool,
) -> Option<(usize, usize)> {
    let top = cands.iter().map(|c| c.score).max()?;
    let tops: Vec<&Candidate> = cands.iter().filter(|c| c.score == top).collect();
    let chosen = match tops.as_slice() {
        [one] => *one,
        many => {
            // Equally good: only the one still at the old offset may be taken.
            let at_old: Vec<&&Candidate> = many.iter().filter(|c| c.start == near).collect();
            match at_old.as_slice() {
                [one] => **one,
                _ => return None,
            }
        }
    };
    let long_unique = unique_ok && cands.len() == 1 && anchor.quote.chars().count() >= 4;
    (chosen.score >= needed(anchor) || long_unique).then_some((chosen.start, chosen.end))
}

/// Finds the anchor's span in `text` (a segment whose text changed): at the old place if it
/// still holds, else the best-matching occurrence of the quote.
pub fn locate_in(text: &str, anchor: &Anchor) -> Option<(usize, usize)> {
    if anchor.holds_in(text) {
        return Some((anchor.start, anchor.end));
    }
    best(candidates(text, anchor), anchor, anchor.start, true)
}

/// What re-anchoring did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReanchorReport {
    /// Annotations still exactly where they were.
    pub unchanged: usize,
    /// Annotations placed again at another position or segment.
    pub moved: usize,
    /// Annotations that could not be placed: kept and marked orphaned.
    pub orphaned: Vec<String>,
}

/// Places every annotation of `set` in `doc` again, by quote and context. An annotation
/// that cannot be placed unambiguously is kept, with its old anchor, and marked orphaned.
pub fn reanchor(set: &mut AnnotationSet, doc: &Document) -> ReanchorReport {
    let mut report = ReanchorReport::default();
    let ids = doc.positions();
    let index = CharIndex::new(if set.annotations.iter().any(|a| a.segment.is_none()) {
        &doc.text[..]
    } else {
        ""
    });
    let seg_indexes = busy_segment_indexes(
        doc,
        set.annotations
            .iter()
            .filter_map(|a| a.segment.as_deref().and_then(|id| ids.get(id)).copied()),
    );
    for a in &mut set.annotations {
        if a.on_source {
            reanchor_on_source(a, doc, &ids, &mut report);
            continue;
        }
        let in_place = a
            .segment
            .as_deref()
            .and_then(|id| ids.get(id))
            .and_then(|&i| seg_indexes.get(&i).map(|idx| (i, idx)))
            .and_then(|(i, idx)| still_in_place(&a.anchor, &doc.segments[i].text, idx));
        if let Some(anchor) = in_place {
            if anchor == a.anchor {
                report.unchanged += 1;
            } else {
                report.moved += 1;
            }
            a.anchor = anchor;
            a.orphaned = false;
            continue;
        }
        match place(a, doc, &ids, &index) {
            Some((segment, anchor)) => {
                if segment == a.segment && anchor == a.anchor {
                    report.unchanged += 1;
                } else {
                    report.moved += 1;
                }
                a.segment = segment;
                a.anchor = anchor;
                a.orphaned = false;
            }
            None => {
                a.orphaned = true;
                report.orphaned.push(a.id.clone());
            }
        }
    }
    report
}

/// Places a span marked in a segment's source again: where it was if its quote is still
/// there, else at the occurrence of its quote nearest its old start; orphaned when the
/// source no longer holds it. A segment without a source (a report opened without its
/// source document) leaves it as it was: nothing says it moved.
fn reanchor_on_source(
    a: &mut super::Annotation,
    doc: &Document,
    ids: &std::collections::HashMap<&str, usize>,
    report: &mut ReanchorReport,
) {
    let source = a
        .segment
        .as_deref()
        .and_then(|id| ids.get(id))
        .and_then(|&i| doc.segments[i].source.as_deref());
    let Some(src) = source else {
        if a.segment.as_deref().is_some_and(|id| ids.contains_key(id)) {
            report.unchanged += 1;
        } else {
            a.orphaned = true;
            report.orphaned.push(a.id.clone());
        }
        return;
    };
    if a.anchor.holds_in(src) {
        report.unchanged += 1;
        a.orphaned = false;
        return;
    }
    let starts: Vec<usize> = if a.anchor.quote.is_empty() {
        Vec::new()
    } else {
        // Chars counted forward from one match to the next: linear in the source.
        let (mut at_byte, mut at_char) = (0usize, 0usize);
        src.match_indices(a.anchor.quote.as_str())
            .map(|(b, _)| {
                at_char += src[at_byte..b].chars().count();
                at_byte = b;
                at_char
            })
            .collect()
    };
    match starts.iter().min_by_key(|&&s| s.abs_diff(a.anchor.start)) {
        Some(&start) => {
            let len = a.anchor.quote.chars().count();
            a.anchor = Anchor::new(src, start, start + len);
            a.orphaned = false;
            report.moved += 1;
        }
        None => {
            a.orphaned = true;
            report.orphaned.push(a.id.clone());
        }
    }
}

/// The [`CharIndex`] of every segment that holds more than eight of the spans listed (by
/// segment position): a segment with many annotations (one long line) is indexed once, so
/// that placing each of them does not walk from the segment's start.
pub(crate) fn busy_segment_indexes(
    doc: &Document,
    segments: impl Iterator<Item = usize>,
) -> std::collections::HashMap<usize, CharIndex> {
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for i in segments {
        *counts.entry(i).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|&(i, n)| n > 8 && i < doc.segments.len())
        .map(|(i, _)| (i, CharIndex::new(&doc.segments[i].text)))
        .collect()
}

/// The anchor again when its quote is still at its old offset with all of its stored
/// context around it: the best place it can have (others can at most tie, and a tie goes
/// to the old offset), found without looking at every occurrence of the quote.
fn still_in_place(anchor: &Anchor, text: &str, index: &CharIndex) -> Option<Anchor> {
    if !anchor.holds_in_indexed(text, index) {
        return None;
    }
    let (b0, b1) = (index.byte(text, anchor.start), index.byte(text, anchor.end));
    let context = text[..b0].ends_with(anchor.prefix.as_str())
        && text[b1..].starts_with(anchor.suffix.as_str());
    let score = anchor.prefix.chars().count().min(CONTEXT_CHARS)
        + anchor.suffix.chars().count().min(CONTEXT_CHARS);
    (context && score >= needed(anchor))
        .then(|| Anchor::new_indexed(text, index, anchor.start, anchor.end))
}

/// Places one annotation; `ids` maps segment ids to positions, `index` indexes the
/// document's text when there are document-level annotations.
fn place(
    a: &Annotation,
    doc: &Document,
    ids: &std::collections::HashMap<&str, usize>,
    index: &CharIndex,
) -> Option<(Option<String>, Anchor)> {
    let Some(seg_id) = a.segment.as_deref() else {
        let (s, e) = if a.anchor.holds_in_indexed(&doc.text, index) {
            (a.anchor.start, a.anchor.end)
        } else {
            best(
                candidates(&doc.text, &a.anchor),
                &a.anchor,
                a.anchor.start,
                true,
            )?
        };
        return Some((None, Anchor::new_indexed(&doc.text, index, s, e)));
    };
    let own = ids.get(seg_id).map(|&i| &doc.segments[i]);
    if let Some(seg) = own {
        // The occurrence at the old offset competes with the others on its context: a short
        // quote (`.`) may still "hold" at the old offset while its words moved elsewhere.
        if let Some((s, e)) = best(
            candidates(&seg.text, &a.anchor),
            &a.anchor,
            a.anchor.start,
            false,
        ) {
            return Some((a.segment.clone(), Anchor::new(&seg.text, s, e)));
        }
    }
    // The segment is gone or no longer holds the quote: look everywhere, but only trust
    // a single occurrence whose context matches.
    if a.anchor.quote.is_empty() && needed(&a.anchor) == 0 {
        return None;
    }
    let mut found: Option<(usize, usize, usize, usize)> = None; // (segment, start, end, score)
    let mut tie = false;
    for (i, seg) in doc.segments.iter().enumerate() {
        for c in candidates(&seg.text, &a.anchor) {
            match found {
                Some((_, _, _, s)) if c.score < s => {}
                Some((_, _, _, s)) if c.score == s => tie = true,
                _ => {
                    found = Some((i, c.start, c.end, c.score));
                    tie = false;
                }
            }
        }
    }
    let (i, s, e, score) = found?;
    if tie || score < needed(&a.anchor) || score == 0 {
        return None;
    }
    let seg = &doc.segments[i];
    Some((Some(seg.id.to_string()), Anchor::new(&seg.text, s, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_quote_with_context() {
        let a = Anchor::new("The cat sat on the mat.", 4, 7);
        assert_eq!(
            (a.quote.as_str(), a.prefix.as_str(), a.suffix.as_str()),
            ("cat", "The ", " sat on the mat.")
        );
        assert!(a.holds_in("The cat sat on the mat."));
        assert!(!a.holds_in("A cat sat."));
    }

    #[test]
    fn locates_moved_text_and_refuses_ambiguity() {
        let a = Anchor::new("The cat sat on the mat.", 4, 7);
        assert_eq!(locate_in("Oh! The cat sat on the mat.", &a), Some((8, 11)));
        // Two equally good places: ambiguous.
        let b = Anchor::new("a b a", 0, 1);
        assert_eq!(locate_in("x a b a b a", &b), None);
        assert_eq!(locate_in("nothing here", &a), None);
    }
}
