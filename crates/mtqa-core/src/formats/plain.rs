//! The plain report: an optional metadata header (`key value` or `key: value` lines, or
//! entries glued to the start of the first paragraph), then paragraphs separated by blank
//! lines. Segments keep their exact byte range in the original text.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use regex::Regex;

use crate::annotate::AnnotationSet;
use crate::error::LoadError;
use crate::model::{Document, Encoding, InputFormat, MetaEntry, Origin, Paragraph, Segment};
use crate::text::segment::split_sentences;
use rayon::prelude::*;

/// Header keys recognised without a colon (`date 2024-01-04`) and when glued to the text.
const KNOWN_KEYS: &[&str] = &[
    "date",
    "lang",
    "language",
    "source-lang",
    "target-lang",
    "srclang",
    "tgtlang",
    "id",
    "doc",
    "docid",
    "doc_id",
    "url",
    "link",
    "source",
    "system",
    "engine",
];

fn value_regex(key: &str) -> Option<&'static Regex> {
    static DATE: OnceLock<Option<Regex>> = OnceLock::new();
    static LANG: OnceLock<Option<Regex>> = OnceLock::new();
    static URL: OnceLock<Option<Regex>> = OnceLock::new();
    static ID: OnceLock<Option<Regex>> = OnceLock::new();
    let (cell, pat) = match key {
        "date" => (
            &DATE,
            r"^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{4}/\d{2}/\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4})",
        ),
        "lang" | "language" | "source-lang" | "target-lang" | "srclang" | "tgtlang" => {
            (&LANG, r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?\b")
        }
        "url" | "link" | "source" => (&URL, r"^https?://\S+"),
        _ => (&ID, r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*\d[A-Za-z0-9_.:/-]*"),
    };
    cell.get_or_init(|| Regex::new(pat).ok()).as_ref()
}

fn colon_line_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^([a-z][a-z0-9_-]{0,30})[ \t]*:[ \t]*(\S.*?)[ \t]*$").ok())
        .as_ref()
}

/// Lines of `text` as (start, end without line end, next line start).
fn line_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i, i + 1));
                start = i + 1;
            }
            b'\r' => {
                let next = if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, i, next));
                start = next;
                i = next - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        out.push((start, b.len(), b.len()));
    }
    out
}

/// A `key value` entry at the start of `s` (after leading white space): key, value and the
/// byte length of `key value` and of the white space after it.
fn spaced_entry(s: &str) -> Option<(String, String, usize, usize)> {
    let lead = s.len() - s.trim_start_matches([' ', '\t']).len();
    let body = &s[lead..];
    let key_len = body.find([' ', '\t'])?;
    let key = &body[..key_len];
    if !KNOWN_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
        return None;
    }
    let after_key = &body[key_len..];
    let gap = after_key.len() - after_key.trim_start_matches([' ', '\t']).len();
    let value_part = &after_key[gap..];
    let m = value_regex(&key.to_ascii_lowercase())?.find(value_part)?;
    // The value must end at a word boundary.
    let rest = &value_part[m.end()..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let trailing = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Some((
        key.to_string(),
        m.as_str().to_string(),
        lead + key_len + gap + m.end(),
        trailing,
    ))
}

/// Parses a plain report.
///
/// `lang` is the declared target language, used for sentence rules; without it the
/// header's `lang` entry or a detection on the start of the text decides.
pub fn parse(
    path: PathBuf,
    text: String,
    encoding: Encoding,
    lang: Option<&str>,
) -> Result<Document, LoadError> {
    let mut doc = super::new_document(path, InputFormat::Plain, text, encoding);
    let shared = std::sync::Arc::clone(&doc.text);
    let text = &shared[..];
    let lines = line_spans(text);
    let mut metadata = Vec::new();
    let mut li = 0;
    // Leading blank lines belong to no paragraph.
    while li < lines.len() && text[lines[li].0..lines[li].1].trim().is_empty() {
        li += 1;
    }
    // Header lines.
    let mut body_start_in_line: Option<usize> = None;
    while li < lines.len() {
        let (ls, le, _) = lines[li];
        let line = &text[ls..le];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            break;
        }
        if let Some(c) = colon_line_regex().and_then(|re| re.captures(trimmed)) {
            let key = c.get(1).map_or("", |m| m.as_str());
            // An unknown lower-case key counts only inside a header block of two or more lines
            // or when a blank line follows: `note: this …` could open a paragraph.
            let known = KNOWN_KEYS.contains(&key) || key == "title" || key == "author";
            let next_is_header_or_blank = lines.get(li + 1).is_none_or(|&(s, e, _)| {
                let n = text[s..e].trim();
                n.is_empty() || colon_line_regex().is_some_and(|re| re.is_match(n))
            });
            if known || next_is_header_or_blank {
                let lead = line.len() - line.trim_start().len();
                metadata.push(MetaEntry {
                    key: key.to_string(),
                    value: c.get(2).map_or("", |m| m.as_str()).to_string(),
                    range: ls + lead..ls + lead + trimmed.len(),
                    glued: false,
                });
                li += 1;
                continue;
            }
            break;
        }
        // `key value` entries: the whole line, or glued to the text that follows.
        let mut pos = 0;
        let mut entries = Vec::new();
        while let Some((key, value, len, gap)) = spaced_entry(&line[pos..]) {
            let lead = line[pos..].len() - line[pos..].trim_start_matches([' ', '\t']).len();
            entries.push((key, value, ls + pos + lead..ls + pos + len));
            pos += len + gap;
        }
        if entries.is_empty() {
            break;
        }
        let glued = !line[pos..].trim().is_empty();
        for (key, value, range) in entries {
            metadata.push(MetaEntry {
                key,
                value,
                range,
                glued,
            });
        }
        if glued {
            body_start_in_line = Some(ls + pos);
            break;
        }
        li += 1;
    }
    doc.metadata = metadata;
    let target = lang
        .map(str::to_string)
        .or_else(|| crate::lang::target_from_meta(&doc.metadata).map(|l| l.code.into_owned()))
        .or_else(|| {
            let body = &text[lines.get(li).map_or(text.len(), |l| l.0)..];
            let mut end = body.len().min(16 * 1024);
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            crate::lang::detect(&body[..end]).map(|l| l.code.into_owned())
        });
    // Paragraphs: runs of non-blank lines.
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for (n, &(ls, le, _)) in lines.iter().enumerate().skip(li) {
        let start = if n == li {
            body_start_in_line.unwrap_or(ls)
        } else {
            ls
        };
        if text[start..le].trim().is_empty() {
            if let Some(p) = current.take() {
                paragraphs.push(p);
            }
            continue;
        }
        match current.as_mut() {
            Some(p) => p.end = le,
            None => current = Some(start..le),
        }
    }
    if let Some(p) = current {
        paragraphs.push(p);
    }
    let lang = target.as_deref();
    // Sentence boundaries are the costly part: paragraphs are split on every core, then
    // numbered in order (the same segments whatever the number of threads).
    type Split = Option<(Range<usize>, Vec<Range<usize>>)>;
    let split: Vec<Split> = paragraphs
        .into_par_iter()
        .map(|prange| {
            let prange = crate::text::segment::trim_range(text, prange)?;
            let sentences = split_sentences(&text[prange.clone()], lang);
            Some((prange, sentences))
        })
        .collect();
    for (pi, paragraph) in split.into_iter().enumerate() {
        let Some((prange, sentences)) = paragraph else {
            continue;
        };
        let first = doc.segments.len();
        for (si, r) in sentences.into_iter().enumerate() {
            let abs = prange.start + r.start..prange.start + r.end;
            doc.segments.push(Segment {
                id: smol_str::format_smolstr!("p{}.s{}", pi + 1, si + 1),
                paragraph: doc.paragraphs.len(),
                text: crate::model::SegText::view(&shared, abs.clone()),
                source: None,
                origin: Origin::Span(abs),
                lang: crate::model::SegmentLang::Unknown,
                rated: None,
            });
        }
        doc.paragraphs.push(Paragraph {
            range: prange,
            first_segment: first,
            segment_count: doc.segments.len() - first,
        });
    }
    Ok(doc)
}

/// The corrected document: for a plain report its exact text with every segment replaced by
/// its corrected text and accepted layout fixes applied (blank lines, glued metadata); for
/// records, one corrected segment a line.
pub fn write_corrected(doc: &Document, set: &AnnotationSet) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut records = Vec::new();
    for s in &doc.segments {
        let corrected = set.corrected(&s.id, &s.text);
        match &s.origin {
            Origin::Span(r) => {
                if corrected != s.text {
                    edits.push((r.start, r.end, corrected.to_string()));
                }
            }
            Origin::Record { .. } => records.push(corrected.replace(['\n', '\r'], " ")),
        }
    }
    if !records.is_empty() {
        return records.join("\n") + "\n";
    }
    let mut index = None;
    for a in &set.annotations {
        if a.segment.is_none() && a.status == crate::annotate::Status::Accepted {
            if let Some(fix) = &a.correction {
                let index = index.get_or_insert_with(|| crate::model::CharIndex::new(&doc.text));
                if a.anchor.holds_in_indexed(&doc.text, index) {
                    edits.push((
                        index.byte(&doc.text, a.anchor.start),
                        index.byte(&doc.text, a.anchor.end),
                        fix.clone(),
                    ));
                }
            }
        }
    }
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(doc.text.len());
    let mut pos = 0;
    for (s, e, t) in edits {
        if s < pos {
            continue; // Overlapping edit: the first one wins.
        }
        out.push_str(&doc.text[pos..s]);
        out.push_str(&t);
        pos = e;
    }
    out.push_str(&doc.text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(t: &str) -> Document {
        match parse(PathBuf::from("t.txt"), t.to_string(), Encoding::Utf8, None) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn glued_metadata() {
        let d = load(" date 2024-01-04 This Monday, it rained. It stopped.\n\nNext one.\n");
        assert_eq!(d.metadata.len(), 1);
        assert_eq!(d.metadata[0].key, "date");
        assert_eq!(d.metadata[0].value, "2024-01-04");
        assert!(d.metadata[0].glued);
        assert_eq!(&d.text[d.metadata[0].range.clone()], "date 2024-01-04");
        let ids: Vec<&str> = d.segments.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["p1.s1", "p1.s2", "p2.s1"]);
        assert_eq!(d.segments[0].text, "This Monday, it rained.");
        assert_eq!(d.segment_position(0, 0), (1, 18));
    }

    #[test]
    fn header_block() {
        let d = load("title: A day in Lyon\ndate: 2024-03-01\nlang: en\n\nIt rained.\r\n\r\n\r\n\r\nIt stopped.");
        assert_eq!(d.metadata.len(), 3);
        assert!(d.metadata.iter().all(|m| !m.glued));
        assert_eq!(d.meta("LANG"), Some("en"));
        assert_eq!(d.segments.len(), 2);
        assert_eq!(d.segments[1].id, "p2.s1");
        assert_eq!(d.segment_position(1, 3), (9, 4));
    }

    #[test]
    fn ordinary_first_line_is_not_metadata() {
        let d = load("Date night in Paris was calm.\nSource: the police.\n");
        assert!(d.metadata.is_empty());
        let d = load("Paris: the minister spoke.\n\nMore.");
        assert!(d.metadata.is_empty());
        assert_eq!(d.segments[0].text, "Paris: the minister spoke.");
    }
}
