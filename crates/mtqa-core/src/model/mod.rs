//! The data model: documents, segments, findings. Pure data, no I/O.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::text::lines::LineIndex;

pub mod check;
mod segtext;
pub use segtext::SegText;

/// How serious a finding or an annotation is (MQM severities).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth noting, no penalty.
    Neutral,
    /// Noticeable, does not hinder understanding.
    Minor,
    /// Hinders understanding or misleads.
    Major,
    /// Dangerous or offensive; blocks release.
    Critical,
}

impl Severity {
    /// The lowercase name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Neutral => "neutral",
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
        }
    }

    /// Parses a severity name, case-insensitively.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "neutral" => Some(Severity::Neutral),
            "minor" => Some(Severity::Minor),
            "major" => Some(Severity::Major),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    /// All severities, least serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Neutral,
        Severity::Minor,
        Severity::Major,
        Severity::Critical,
    ];
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// A plain-text report: optional metadata header, paragraphs separated by blank lines.
    Plain,
    /// JSON Lines, one segment per line.
    Jsonl,
    /// Tab-separated values with a header row.
    Tsv,
    /// XLIFF 1.2 or 2.x.
    Xliff,
    /// TMX 1.4b.
    Tmx,
    /// WMT MQM ratings TSV.
    Mqm,
    /// Parallel text files (`NAME.src`, `NAME.mt`, `NAME.pe`).
    Parallel,
}

/// The encoding a document was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-8 with a byte-order mark.
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark.
    #[serde(rename = "utf-16-le")]
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    #[serde(rename = "utf-16-be")]
    Utf16Be,
}

/// How a language was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangMethod {
    /// Given by the user (`--lang`, `--source-lang`).
    Declared,
    /// Read from the document's metadata header.
    Metadata,
    /// Detected with `whatlang`.
    Detected,
    /// Not re-detected: the segment's common words match the document language.
    Document,
}

/// A language with the evidence for it. Codes are ISO 639-1 where one exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639-1 code (`en`), or ISO 639-3 where the language has no 639-1 code. Codes the
    /// detector knows are borrowed from its static table (no allocation for each segment).
    pub code: std::borrow::Cow<'static, str>,
    /// Detector confidence in `[0, 1]`, for detected languages.
    pub confidence: Option<f64>,
    /// Whether the detector considers the result reliable, for detected languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reliable: Option<bool>,
    /// How the language was established.
    pub method: LangMethod,
}

/// One metadata entry of a report header (`date 2024-01-04`, `title: …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaEntry {
    /// The key, as written.
    pub key: String,
    /// The value, as written.
    pub value: String,
    /// Byte range of the whole entry in the document text.
    #[serde(skip)]
    pub range: Range<usize>,
    /// True when the entry was glued to the start of the first paragraph.
    pub glued: bool,
}

/// Where a segment comes from in its input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A byte range of the document text (plain reports).
    Span(Range<usize>),
    /// A record of a line-based input (JSONL, TSV): its 1-based line.
    Record {
        /// 1-based line of the record.
        line: usize,
    },
}

/// A paragraph: a run of segments separated from the next by blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range of the paragraph in the document text (plain reports), empty otherwise.
    pub range: Range<usize>,
    /// Index of its first segment in [`Document::segments`].
    pub first_segment: usize,
    /// Number of segments.
    pub segment_count: usize,
}

/// A sentence (or a record of a line-based input): the unit that is checked, annotated and exported.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Stable id: `p3.s2` (paragraph 3, sentence 2) or the input's own id. Held inline
    /// when short (most ids are): a million segments do not make a million allocations.
    pub id: SegId,
    /// Index of its paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
    /// The machine-translated text, exactly as written (a view into the document text for
    /// plain reports).
    pub text: SegText,
    /// The source text, where the input carries one.
    pub source: Option<String>,
    /// Where it comes from.
    pub origin: Origin,
    /// Its language, where it was looked at.
    pub lang: SegmentLang,
    /// Where it stands in the MQM ratings file it was read from (written back on export).
    pub rated: Option<Box<RatedKey>>,
}

impl Segment {
    /// A segment read from a record (a JSONL line, a TSV row, a translation unit) at 1-based
    /// `line` of its file; its language is looked at later.
    pub fn record(
        id: String,
        paragraph: usize,
        text: String,
        source: Option<String>,
        line: usize,
    ) -> Segment {
        Segment {
            id: id.into(),
            paragraph,
            text: text.into(),
            source,
            origin: Origin::Record { line },
            lang: SegmentLang::Unknown,
            rated: None,
        }
    }
}

/// A segment's language, where it was looked at. Most segments are in the document's
/// language, which they do not repeat (a million `Language` values cost more memory than
/// the text of short sentences); [`SegmentLang::resolve`] spells it out.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SegmentLang {
    /// Not looked at (too short to tell, or no document language).
    #[default]
    Unknown,
    /// Its common words show the document's target language: not re-detected.
    Document,
    /// Detected on its own.
    Detected(Box<Language>),
}

impl SegmentLang {
    /// The language in full, given the document's target language.
    pub fn resolve(&self, target: Option<&Language>) -> Option<Language> {
        match self {
            SegmentLang::Unknown => None,
            SegmentLang::Document => target.map(|t| Language {
                code: t.code.clone(),
                confidence: None,
                reliable: None,
                method: LangMethod::Document,
            }),
            SegmentLang::Detected(l) => Some((**l).clone()),
        }
    }

    /// The detected language, for a segment detected on its own.
    pub fn detected(&self) -> Option<&Language> {
        match self {
            SegmentLang::Detected(l) => Some(l),
            _ => None,
        }
    }
}

/// The identity of a segment in an MQM ratings file (Marot's layout).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatedKey {
    /// MT system.
    pub system: SegId,
    /// Document.
    pub doc: SegId,
    /// The segment's number in its document (`docSegId`).
    pub doc_seg_id: SegId,
    /// Its id in the whole file (`globalSegId`).
    pub global_seg_id: SegId,
}

/// A short immutable string kept inline up to 23 bytes (segment ids, systems, document
/// names): `smol_str`, which egui's stack already uses.
pub type SegId = smol_str::SmolStr;

/// One bead of a sentence alignment: consecutive source sentences aligned to consecutive
/// target sentences (either side may be empty: an omission or an addition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bead {
    /// Source sentence indices.
    pub source: Vec<usize>,
    /// Target sentence indices.
    pub target: Vec<usize>,
}

/// The source document of a bilingual pair, aligned with the target's segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Bilingual {
    /// The source file.
    pub path: PathBuf,
    /// Source segments: (id, text).
    pub segments: Vec<(String, String)>,
    /// The alignment: source indices into `segments`, target indices into the document's.
    pub beads: Vec<Bead>,
}

impl Bilingual {
    /// The text of a bead's source sentences, joined by spaces.
    pub fn source_text(&self, bead: &Bead) -> String {
        bead.source
            .iter()
            .filter_map(|&i| self.segments.get(i))
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A loaded document: the exact original text and its segmentation.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file it was read from (as given by the user).
    pub path: PathBuf,
    /// The input format.
    pub format: InputFormat,
    /// The encoding it was decoded from.
    pub encoding: Encoding,
    /// The decoded text of a plain report, exactly as in the file (without byte-order
    /// mark), shared with the segments cut from it. Empty for record formats (JSONL, TSV,
    /// XLIFF, TMX, MQM, parallel text), whose segments hold their text.
    pub text: std::sync::Arc<str>,
    /// Header metadata, in file order.
    pub metadata: Vec<MetaEntry>,
    /// The target (MT) language.
    pub target_lang: Option<Language>,
    /// The source language.
    pub source_lang: Option<Language>,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Segments in order.
    pub segments: Vec<Segment>,
    /// Line starts of [`Document::text`].
    pub lines: LineIndex,
    /// The aligned source document, when the document was opened with one.
    pub bilingual: Option<Bilingual>,
    /// What reading changed or could not keep, for the user (segments renamed because
    /// their ids repeat …), each said once.
    pub notes: Vec<String>,
}

impl Document {
    /// Each segment's position, by id.
    pub fn positions(&self) -> std::collections::HashMap<&str, usize> {
        self.segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect()
    }

    /// The value of the first metadata entry with this key (case-insensitive).
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|m| m.key.eq_ignore_ascii_case(key))
            .map(|m| m.value.as_str())
    }

    /// Target language code, if known.
    pub fn target_code(&self) -> Option<&str> {
        self.target_lang.as_ref().map(|l| &*l.code)
    }

    /// Source language code, if known.
    pub fn source_code(&self) -> Option<&str> {
        self.source_lang.as_ref().map(|l| &*l.code)
    }

    /// Where the sentences of paragraph `p` (index into [`Document::paragraphs`]) start, as
    /// char offsets into the paragraph's text, the first sentence excluded. `None` for
    /// documents whose segments are records (JSONL, TSV): they cannot be re-segmented.
    pub fn sentence_starts(&self, p: usize) -> Option<Vec<usize>> {
        let para = self.paragraphs.get(p)?;
        let segs = self
            .segments
            .get(para.first_segment..para.first_segment + para.segment_count)?;
        let mut out = Vec::new();
        for seg in segs.iter().skip(1) {
            let Origin::Span(r) = &seg.origin else {
                return None;
            };
            out.push(self.text.get(para.range.start..r.start)?.chars().count());
        }
        Some(out)
    }

    /// Re-segments paragraph `p` so that sentences start at `starts` (char offsets into the
    /// paragraph text, as [`Document::sentence_starts`] gives them). Segment ids of the
    /// paragraph are renumbered; other paragraphs keep theirs. Returns false (and changes
    /// nothing) for record documents or offsets outside the paragraph.
    pub fn resegment(&mut self, p: usize, starts: &[usize]) -> bool {
        let Some(para) = self.paragraphs.get(p).cloned() else {
            return false;
        };
        let Some(ptext) = self.text.get(para.range.clone()) else {
            return false;
        };
        if self.format != InputFormat::Plain {
            return false;
        }
        let nchars = ptext.chars().count();
        let mut cuts: Vec<usize> = starts
            .iter()
            .copied()
            .filter(|&c| c > 0 && c < nchars)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        if cuts.len() != starts.len() {
            return false;
        }
        let mut bounds = vec![0];
        bounds.extend(cuts.iter().map(|&c| char_to_byte(ptext, c)));
        bounds.push(ptext.len());
        let number = self
            .segments
            .get(para.first_segment)
            .and_then(|s| s.id.strip_prefix('p'))
            .and_then(|r| r.split('.').next())
            .map(str::to_string)
            .unwrap_or_else(|| (p + 1).to_string());
        let mut fresh = Vec::new();
        for w in bounds.windows(2) {
            let Some(r) = crate::text::segment::trim_range(ptext, w[0]..w[1]) else {
                continue;
            };
            let abs = para.range.start + r.start..para.range.start + r.end;
            fresh.push(Segment {
                id: smol_str::format_smolstr!("p{number}.s{}", fresh.len() + 1),
                paragraph: p,
                text: SegText::view(&self.text, abs.clone()),
                source: None,
                origin: Origin::Span(abs),
                lang: crate::model::SegmentLang::Unknown,
                rated: None,
            });
        }
        let old = para.segment_count;
        let new = fresh.len();
        self.segments
            .splice(para.first_segment..para.first_segment + old, fresh);
        self.paragraphs[p].segment_count = new;
        for q in self.paragraphs.iter_mut().skip(p + 1) {
            q.first_segment = q.first_segment + new - old;
        }
        true
    }

    /// 1-based line and column (in Unicode scalars) of a char offset into a segment's text.
    pub fn segment_position(&self, segment: usize, char_offset: usize) -> (usize, usize) {
        let Some(seg) = self.segments.get(segment) else {
            return (1, 1);
        };
        match &seg.origin {
            Origin::Span(range) => {
                let byte = range.start + char_to_byte(&seg.text, char_offset);
                self.lines.position(&self.text, byte)
            }
            Origin::Record { line } => (*line, char_offset + 1),
        }
    }
}

/// A problem found in a document by an automatic check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The check that found it (`doubled-punctuation`).
    pub check: check::CheckId,
    /// Index of the segment in [`Document::segments`]; `None` for findings on the layout
    /// between segments (blank lines, header), whose offsets address the document text.
    pub segment: Option<usize>,
    /// Start, in Unicode scalars, into the segment text (or the document text).
    pub start: usize,
    /// End (exclusive), in Unicode scalars.
    pub end: usize,
    /// The flagged text.
    pub text: String,
    /// MQM category path (`Fluency/Punctuation`).
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
    /// The replacement for the flagged text, where one is known.
    pub suggestion: Option<String>,
    /// 1-based line of the start in the input file (for JSONL/TSV: the record's line).
    pub line: usize,
    /// 1-based column of the start, in Unicode scalars (for JSONL/TSV: in the segment text).
    pub column: usize,
}

/// Ids are keys (of segments, of annotations) and must be unique. For each id that repeats
/// an earlier one: its position and the first free id `ID~2`, `ID~3` … (free: no id of the
/// list has it, nor one given before), in order. The others keep theirs.
pub fn renames_of_repeated_ids<'a>(
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Vec<(usize, String)> {
    let mut seen: std::collections::HashSet<String> = ids.clone().map(str::to_string).collect();
    // For each repeated id, the next suffix to try: a thousand copies of one id cost a
    // thousand tries, not a million.
    let mut next: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut renames = Vec::new();
    for (i, id) in ids.enumerate() {
        let Some(k) = next.get_mut(id) else {
            next.insert(id, 2);
            continue;
        };
        let mut fresh = format!("{id}~{k}");
        while seen.contains(&fresh) {
            *k += 1;
            fresh = format!("{id}~{k}");
        }
        *k += 1;
        seen.insert(fresh.clone());
        renames.push((i, fresh));
    }
    renames
}

/// Converts a char offset into `s` to a byte offset (clamped to the end).
pub fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(b, _)| b)
}

/// The byte offset of char `chars` of `s` (`s.len()` for the end), or `None` past the end.
/// Walks only the first `chars` characters.
pub fn char_to_byte_checked(s: &str, chars: usize) -> Option<usize> {
    s.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()))
        .nth(chars)
}

/// Char offsets to byte offsets in a long text without walking it from the start each
/// time: the byte offset of every 256th char. Document-level spans of a long report (runs
/// of blank lines, a doubled paragraph) are char offsets into its whole text, which
/// [`char_to_byte`] would walk from the beginning for each of them.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    marks: Vec<usize>,
    chars: usize,
}

impl CharIndex {
    const STRIDE: usize = 256;

    /// Indexes `text` (one pass).
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::with_capacity(text.len() / Self::STRIDE + 1);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            if chars % Self::STRIDE == 0 {
                marks.push(b);
            }
            chars += 1;
        }
        CharIndex { marks, chars }
    }

    /// The number of chars of the text.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// The byte offset of char `chars` of `text` (the text it was built from), clamped to
    /// the end.
    pub fn byte(&self, text: &str, chars: usize) -> usize {
        match self.marks.get(chars / Self::STRIDE) {
            Some(&b) if chars < self.chars => b + char_to_byte(&text[b..], chars % Self::STRIDE),
            _ => text.len(),
        }
    }

    /// The char offset of byte `byte` of `text` (on a char boundary, clamped to the end).
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        let k = self.marks.partition_point(|&m| m <= byte).saturating_sub(1);
        let from = self.marks.get(k).copied().unwrap_or(0);
        k * Self::STRIDE + text.get(from..byte).map_or(0, |t| t.chars().count())
    }
}

/// Converts a byte offset into `s` to a char offset. `byte` must be on a char boundary.
pub fn byte_to_char(s: &str, byte: usize) -> usize {
    s.get(..byte)
        .map_or_else(|| s.chars().count(), |p| p.chars().count())
}

#[cfg(test)]
mod tests {
    use super::renames_of_repeated_ids;

    #[test]
    fn repeated_ids_get_the_first_free_suffix_and_never_an_id_in_use() {
        let ids = ["a", "a~2", "a", "b", "a", "a~2"];
        assert_eq!(
            renames_of_repeated_ids(ids.iter().copied()),
            vec![
                (2, "a~3".to_string()),
                (4, "a~4".to_string()),
                (5, "a~2~2".to_string())
            ]
        );
        let many: Vec<String> = (0..20_000).map(|_| "u".to_string()).collect();
        let renames = renames_of_repeated_ids(many.iter().map(String::as_str));
        assert_eq!(renames.len(), 19_999);
        assert_eq!(renames.last().map(|r| r.1.as_str()), Some("u~20000"));
    }
}
