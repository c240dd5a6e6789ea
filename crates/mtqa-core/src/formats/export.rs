//! `mtqa export`: the table of export formats, and the dispatch to each format's writer
//! (in the format's own file: `tmx`, `xliff`, `tsv`, `jsonl`, `parallel`, `plain`, `mqm`,
//! `anthea`), which works on a [`Bundle`].

use std::io;
use std::path::{Path, PathBuf};

use super::bundle::Bundle;
use crate::annotate::typology::Typology;
use crate::annotate::AnnotationSet;
pub use crate::error::ExportError;
use crate::model::Document;

/// Export formats. [`ExportFormat::ALL`] and the methods below are the one table of them
/// that the command line (`--format`), the app's export window and the README use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// XLIFF 2.1 with the ITS module.
    Xliff,
    /// TMX 1.4b: source ↔ corrected target.
    Tmx,
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

/// One row of the table.
struct Info {
    id: &'static str,
    label: &'static str,
    extension: &'static str,
    description: &'static str,
    needs_source: bool,
}

impl ExportFormat {
    /// Every format, in the order the app lists them.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Xliff,
        ExportFormat::Tmx,
        ExportFormat::Tsv,
        ExportFormat::Jsonl,
        ExportFormat::Parallel,
        ExportFormat::Text,
        ExportFormat::MqmTsv,
        ExportFormat::Anthea,
    ];

    fn info(self) -> Info {
        let (id, label, extension, description, needs_source) = match self {
            ExportFormat::Xliff => (
                "xliff",
                "XLIFF 2.1 with ITS",
                "xlf",
                "XLIFF 2.1 with ITS quality marks",
                true,
            ),
            ExportFormat::Tmx => ("tmx", "TMX 1.4b", "tmx", "TMX 1.4b: source ↔ corrected target", true),
            ExportFormat::Tsv => ("tsv", "TSV", "tsv", "TSV: id, source, MT, corrected, annotations", false),
            ExportFormat::Jsonl => (
                "jsonl",
                "JSON Lines",
                "jsonl",
                "JSON Lines: id, source, MT, corrected, annotations",
                false,
            ),
            ExportFormat::Parallel => (
                "parallel",
                "Parallel text (.src/.mt/.pe)",
                "parallel",
                "OUT.src, OUT.mt, OUT.pe: one segment a line",
                false,
            ),
            ExportFormat::Text => (
                "text",
                "Corrected text",
                "corrected.txt",
                "The corrected document as text",
                false,
            ),
            ExportFormat::MqmTsv => (
                "mqm-tsv",
                "WMT MQM TSV",
                "mqm.tsv",
                "The WMT MQM ratings TSV, Marot's 10-column layout with metadata",
                false,
            ),
            ExportFormat::Anthea => (
                "anthea",
                "Anthea project TSV",
                "anthea.tsv",
                "An Anthea project TSV (source, target, document, system), for a review round in Anthea",
                true,
            ),
        };
        Info {
            id,
            label,
            extension,
            description,
            needs_source,
        }
    }

    /// The name on the command line (`--format mqm-tsv`).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The name in the app.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// The file ending the app proposes (`mqm.tsv`).
    pub fn extension(self) -> &'static str {
        self.info().extension
    }

    /// What it is, in a sentence (the command line's help).
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// Whether the format pairs source and target: every segment needs a source text.
    pub fn needs_source(self) -> bool {
        self.info().needs_source
    }

    /// The format of a command-line name.
    pub fn from_id(id: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Whether a file starting with `head` is an earlier export of this format by mtqa
    /// (text and parallel text have no mark of their own: never).
    pub fn is_earlier_export(self, head: &str) -> bool {
        let first = head.lines().next().unwrap_or("");
        match self {
            ExportFormat::Tmx => head.contains("creationtool=\"mtqa\""),
            ExportFormat::Xliff => head.contains("urn:mtqa:review:1"),
            ExportFormat::Tsv => first == "id\tsource\tmt\tcorrected\tannotations",
            ExportFormat::Jsonl => {
                first.starts_with("{\"id\":") && first.contains("\"corrected\":")
            }
            ExportFormat::MqmTsv => first == super::mqm::MAROT_HEADER.join("\t"),
            ExportFormat::Anthea => {
                first.starts_with("{\"source_language\":") && first.contains("\"source-language\":")
            }
            ExportFormat::Text | ExportFormat::Parallel => false,
        }
    }
}

/// Whether every segment of `doc` has a source text (from a source document aligned with
/// the report, or a bilingual input): what the formats that pair source and target need.
pub fn has_source(doc: &Document) -> bool {
    !doc.segments.is_empty() && doc.segments.iter().all(|s| s.source.is_some())
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
        ExportFormat::Tsv => super::tsv::write(bundle),
        ExportFormat::Jsonl => super::jsonl::write(bundle),
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
        ExportFormat::Text => super::plain::write_corrected(doc, set).into_bytes(),
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
        crate::atomic::atomic_write(path, &bytes).map_err(io_err(path))
    };
    if format == ExportFormat::Parallel {
        // Parallel text is two or three files.
        let paths = super::parallel::paths(out);
        let [src, mt, pe] = super::parallel::write(&bundle);
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
