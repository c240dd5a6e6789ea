//! `mtqa export`: writes a report with its annotations and corrections in the formats of
//! the field. Each writer works on a [`Bundle`] and any `io::Write`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::bundle::{escape_line, Bundle};
use crate::annotate::typology::Typology;
use crate::annotate::AnnotationSet;
use crate::model::{Document, Origin};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// TMX 1.4b: source ↔ corrected target.
    Tmx,
    /// XLIFF 2.1 with the ITS module.
    Xliff,
    /// TSV: id, source, MT, corrected, annotations.
    Tsv,
    /// JSON Lines: the same, one segment a line.
    Jsonl,
    /// `OUT.src`, `OUT.mt`, `OUT.pe`: one segment a line.
    Parallel,
    /// The corrected document as text.
    Text,
    /// The WMT MQM ratings TSV (Marot's 10-column layout).
    MqmTsv,
    /// An Anthea project TSV: a review round in Anthea starts from it.
    Anthea,
}

impl ExportFormat {
    /// Whether the format pairs source and target: every segment needs a source text.
    pub fn needs_source(self) -> bool {
        matches!(
            self,
            ExportFormat::Tmx | ExportFormat::Xliff | ExportFormat::Anthea
        )
    }
}

/// Whether every segment of `doc` has a source text (from a source document aligned with
/// the report, or a bilingual input): what the formats that pair source and target need.
pub fn has_source(doc: &Document) -> bool {
    !doc.segments.is_empty() && doc.segments.iter().all(|s| s.source.is_some())
}

/// Why an export failed. Nothing is written when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The format pairs source and target and the document has no source.
    #[error("{format} pairs source and target, and {file} has no source text: export MT ↔ corrected with --format tsv, jsonl, parallel or mqm-tsv, or give the source (JSONL/TSV input with a `source` column)")]
    NoSource {
        /// The format.
        format: &'static str,
        /// The document.
        file: String,
    },
    /// A character the format cannot carry.
    #[error("segment {segment}: character U+{code:04X} cannot be written in {format} (XML 1.0 forbids it); remove it or export to tsv, jsonl or xliff")]
    Unrepresentable {
        /// Segment id.
        segment: String,
        /// The character.
        code: u32,
        /// The format.
        format: &'static str,
    },
    /// Parallel text asked for on standard output.
    #[error("parallel text is three files (OUT.src, OUT.mt, OUT.pe): give -o a stem, not standard output")]
    NotOneFile,
    /// Writing failed.
    #[error("{path}: cannot write")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `doc` with `set` to `out` in `format`. Returns the files written (parallel text
/// writes three: `OUT.src`, `OUT.mt`, `OUT.pe`). Files are replaced atomically.
pub fn export(
    doc: &Document,
    set: &AnnotationSet,
    format: ExportFormat,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    export_with_progress(doc, set, format, out, &crate::progress::Progress::new())
}

/// The bytes of `doc` with `set` in a one-file `format` (for standard output). Parallel
/// text is three files: [`ExportError::NotOneFile`].
pub fn render(
    doc: &Document,
    set: &AnnotationSet,
    format: ExportFormat,
) -> Result<Vec<u8>, ExportError> {
    render_bundle(doc, set, &Bundle::new(doc, set), format)
}

fn render_bundle(
    doc: &Document,
    set: &AnnotationSet,
    bundle: &Bundle,
    format: ExportFormat,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        ExportFormat::Tmx => super::tmx::write(bundle)?,
        ExportFormat::Xliff => super::xliff::write(bundle, &Typology::builtin())?,
        ExportFormat::Tsv => tsv(bundle),
        ExportFormat::Jsonl => jsonl(bundle),
        ExportFormat::Anthea => {
            if !bundle.has_source() {
                return Err(ExportError::NoSource {
                    format: "An Anthea project",
                    file: bundle.file.clone(),
                });
            }
            super::anthea::write(
                bundle,
                doc.meta("system").unwrap_or(&bundle.file),
                doc.meta("doc").unwrap_or(&bundle.file),
            )
        }
        ExportFormat::MqmTsv => super::mqm::write(
            bundle,
            doc.meta("system").unwrap_or(&bundle.file),
            doc.meta("doc").unwrap_or(&bundle.file),
        ),
        ExportFormat::Text => corrected_text(doc, set).into_bytes(),
        ExportFormat::Parallel => return Err(ExportError::NotOneFile),
    })
}

/// [`export`], reporting its stages (collecting, serialising, writing) to `progress`.
pub fn export_with_progress(
    doc: &Document,
    set: &AnnotationSet,
    format: ExportFormat,
    out: &Path,
    progress: &crate::progress::Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    progress.stage("Collecting the segments", 0.0);
    let bundle = Bundle::new(doc, set);
    progress.stage("Serialising", 0.3);
    let write = |path: &Path, bytes: Vec<u8>| {
        progress.stage("Writing", 0.8);
        crate::project::atomic_write(path, &bytes).map_err(io_err(path))
    };
    if format == ExportFormat::Parallel {
        // Parallel text is two or three files.
        let paths = parallel_paths(out);
        let [src, mt, pe] = parallel(&bundle);
        if bundle.has_source() {
            write(&paths[0], src)?;
        }
        write(&paths[1], mt)?;
        write(&paths[2], pe)?;
        progress.set(1.0);
        return Ok(if bundle.has_source() {
            paths.to_vec()
        } else {
            paths[1..].to_vec()
        });
    }
    let bytes = render_bundle(doc, set, &bundle, format)?;
    write(out, bytes)?;
    progress.set(1.0);
    Ok(vec![out.to_path_buf()])
}

/// `OUT.src`, `OUT.mt`, `OUT.pe`.
pub fn parallel_paths(out: &Path) -> [PathBuf; 3] {
    let with = |ext: &str| {
        let mut name = out
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(format!(".{ext}"));
        out.with_file_name(name)
    };
    [with("src"), with("mt"), with("pe")]
}

/// A row's annotations as a JSON array, serialized straight from the annotations (a
/// `Value` tree of millions of annotations costs several times their size).
fn annotations_json(row: &super::bundle::Row) -> String {
    serde_json::to_string(&row.annotations).unwrap_or_else(|_| "[]".into())
}

/// TSV: `id source mt corrected annotations`; fields escaped as in [`escape_line`];
/// `annotations` is a JSON array.
pub fn tsv(b: &Bundle) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = writeln!(out, "id\tsource\tmt\tcorrected\tannotations");
    for r in &b.rows {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            escape_line(&r.id),
            escape_line(r.source.as_deref().unwrap_or("")),
            escape_line(&r.mt),
            escape_line(&r.corrected),
            escape_line(&annotations_json(r))
        );
    }
    out
}

/// JSON Lines: `{"id","source","mt","corrected","annotations"}` per segment.
pub fn jsonl(b: &Bundle) -> Vec<u8> {
    let mut out = Vec::new();
    #[derive(serde::Serialize)]
    struct Line<'a> {
        id: &'a str,
        source: Option<&'a str>,
        mt: &'a str,
        corrected: &'a str,
        annotations: &'a [crate::annotate::Annotation],
    }
    for r in &b.rows {
        let line = Line {
            id: &r.id,
            source: r.source.as_deref(),
            mt: &r.mt,
            corrected: &r.corrected,
            annotations: &r.annotations,
        };
        let _ = serde_json::to_writer(&mut out, &line);
        out.push(b'\n');
    }
    out
}

/// Three files, one segment a line, escaped as in [`escape_line`] so that a line feed
/// inside a segment never merges two lines.
pub fn parallel(b: &Bundle) -> [Vec<u8>; 3] {
    let mut src = Vec::new();
    let mut mt = Vec::new();
    let mut pe = Vec::new();
    for r in &b.rows {
        let _ = writeln!(src, "{}", escape_line(r.source.as_deref().unwrap_or("")));
        let _ = writeln!(mt, "{}", escape_line(&r.mt));
        let _ = writeln!(pe, "{}", escape_line(&r.corrected));
    }
    [src, mt, pe]
}

/// The corrected document: for a plain report its exact text with every segment replaced by
/// its corrected text and accepted layout fixes applied (blank lines, glued metadata); for
/// records, one corrected segment a line.
pub fn corrected_text(doc: &Document, set: &AnnotationSet) -> String {
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
