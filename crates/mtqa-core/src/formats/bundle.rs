//! The exchange model of the exports: per segment its id, source, MT, corrected text and
//! annotations. Every writer takes a [`Bundle`]; every reader gives one back, so that a
//! round trip can be checked field by field.

use crate::annotate::{Annotation, AnnotationSet, Status};
use crate::error::ExportError;
use crate::model::{Document, InputFormat, LangMethod, Language, Segment};

/// One segment for exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Segment id.
    pub id: String,
    /// Source text, if any.
    pub source: Option<String>,
    /// The machine translation.
    pub mt: String,
    /// The corrected text (equal to `mt` when nothing was corrected).
    pub corrected: String,
    /// Annotations on the MT text.
    pub annotations: Vec<Annotation>,
    /// 1-based line of the segment in the file it was read from (0 when written).
    pub line: usize,
    /// False when the segment continues the paragraph of the one before.
    pub starts_paragraph: bool,
    /// Where the segment stands in an MQM ratings file, when it was read from one.
    pub rated: Option<Box<crate::model::RatedKey>>,
}

/// A document for exchange.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bundle {
    /// File name of the original report.
    pub file: String,
    /// Source language code.
    pub source_lang: Option<String>,
    /// Target language code.
    pub target_lang: Option<String>,
    /// Segments in order.
    pub rows: Vec<Row>,
    /// A row whose `corrected` is empty is uncorrected (its MT): the ratings reader's rows,
    /// so that a million segments are not held twice while the file is read.
    /// [`Bundle::into_document`] reads them so; [`Bundle::fill_corrected`] makes every
    /// row's `corrected` explicit.
    pub corrected_empty_is_mt: bool,
}

impl Bundle {
    /// The bundle of a document and its annotations.
    pub fn new(doc: &Document, set: &AnnotationSet) -> Bundle {
        let mut by_segment: std::collections::HashMap<&str, Vec<Annotation>> =
            std::collections::HashMap::new();
        for a in &set.annotations {
            if let Some(seg) = a.segment.as_deref() {
                by_segment.entry(seg).or_default().push(a.clone());
            }
        }
        let rows = doc
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut annotations = by_segment.remove(s.id.as_str()).unwrap_or_default();
                annotations.sort_by(|a, b| {
                    (a.anchor.start, a.anchor.end, &a.id).cmp(&(
                        b.anchor.start,
                        b.anchor.end,
                        &b.id,
                    ))
                });
                Row {
                    id: s.id.to_string(),
                    source: s.source.clone(),
                    mt: s.text.to_string(),
                    corrected: set.corrected(&s.id, &s.text).to_string(),
                    annotations,
                    line: 0,
                    starts_paragraph: doc
                        .paragraphs
                        .get(s.paragraph)
                        .is_none_or(|p| p.first_segment == i),
                    rated: s.rated.clone(),
                }
            })
            .collect();
        Bundle {
            file: doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            source_lang: doc.source_code().map(str::to_string),
            target_lang: doc.target_code().map(str::to_string),
            rows,
            corrected_empty_is_mt: false,
        }
    }

    /// True when every segment has a source.
    pub fn has_source(&self) -> bool {
        !self.rows.is_empty() && self.rows.iter().all(|r| r.source.is_some())
    }

    /// For the formats that pair source and target (`format` names one in the error): the
    /// source and target languages (`und` when unknown), or why the bundle cannot be
    /// written that way.
    pub fn paired_langs(&self, format: &'static str) -> Result<(String, String), ExportError> {
        if !self.has_source() {
            return Err(ExportError::NoSource {
                format,
                file: self.file.clone(),
            });
        }
        let und = || "und".to_string();
        Ok((
            self.source_lang.clone().unwrap_or_else(und),
            self.target_lang.clone().unwrap_or_else(und),
        ))
    }

    /// An empty bundle for the file at `path`.
    pub fn for_file(path: &std::path::Path) -> Bundle {
        Bundle {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            ..Bundle::default()
        }
    }

    /// Makes every row's `corrected` explicit (see [`Bundle::corrected_empty_is_mt`]).
    pub fn fill_corrected(&mut self) {
        if std::mem::take(&mut self.corrected_empty_is_mt) {
            for r in self.rows.iter_mut().filter(|r| r.corrected.is_empty()) {
                r.corrected = r.mt.clone();
            }
        }
    }

    /// The document and annotation set this bundle describes (segments are records).
    pub fn into_document(
        self,
        path: &std::path::Path,
        format: InputFormat,
    ) -> (Document, AnnotationSet) {
        let mut set = AnnotationSet::default();
        let mut segments = Vec::with_capacity(self.rows.len());
        // Segment ids must be unique (annotations and corrections are keyed by them): a
        // repeated unit id or tuid gets `~2`, `~3` … and the user is told.
        let mut renamed: Vec<String> = Vec::new();
        let mut rows = self.rows;
        let renames = crate::model::renames_of_repeated_ids(rows.iter().map(|r| r.id.as_str()));
        let repeats = renames.len();
        for (i, id) in renames {
            let r = &mut rows[i];
            if renamed.len() < 5 {
                renamed.push(format!("`{}` (line {}) → `{id}`", r.id, r.line));
            }
            // The row's annotations take the same suffix (`~3`).
            let suffix = id.get(r.id.len()..).unwrap_or_default().to_string();
            for a in r.annotations.iter_mut() {
                if a.segment.as_deref() == Some(r.id.as_str()) {
                    a.segment = Some(id.clone());
                }
                a.id.push_str(&suffix);
            }
            r.id = id;
        }
        let mut paragraph = 0usize;
        let empty_is_mt = self.corrected_empty_is_mt;
        for (i, r) in rows.into_iter().enumerate() {
            if i > 0 && r.starts_paragraph {
                paragraph += 1;
            }
            let uncorrected = empty_is_mt && r.corrected.is_empty();
            if !uncorrected && r.corrected != r.mt {
                set.corrections.insert(r.id.clone(), r.corrected.clone());
            }
            set.annotations.extend(r.annotations);
            let mut seg = Segment::record(r.id, paragraph, r.mt, r.source, r.line.max(1));
            seg.rated = r.rated;
            segments.push(seg);
        }
        let lang = |c: Option<String>| {
            c.and_then(|c| crate::lang::normalize_code(&c))
                .map(|code| Language {
                    code: crate::lang::shared_code(code),
                    confidence: None,
                    reliable: None,
                    method: LangMethod::Metadata,
                })
        };
        let mut doc = super::new_document(
            path.to_path_buf(),
            format,
            String::new(),
            crate::model::Encoding::Utf8,
        );
        doc.target_lang = lang(self.target_lang);
        doc.source_lang = lang(self.source_lang);
        if repeats > 0 {
            doc.notes.push(format!(
                "{}: {repeats} segment(s) repeat an id of an earlier one and were renamed to keep them apart: {}{}",
                path.display(),
                renamed.join(", "),
                if repeats > renamed.len() { ", …" } else { "" }
            ));
        }
        super::set_records(&mut doc, segments);
        (doc, set)
    }
}

/// Annotations that count as errors in exports of ratings: all but the rejected ones.
pub fn is_error(a: &Annotation) -> bool {
    a.status != Status::Rejected
}

pub use crate::text::escape::{line as escape_line, unescape_line};
