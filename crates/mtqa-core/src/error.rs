//! Errors of the core library.

use std::path::PathBuf;

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (the reason is the error's source: print the chain,
    /// as [`chain`] does, to show it once).
    #[error("{path}: cannot read")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not valid text in the detected encoding.
    #[error("{path}: invalid {encoding} at byte {offset} (line {line}): {detail}")]
    Encoding {
        /// The file.
        path: PathBuf,
        /// The encoding that was expected.
        encoding: &'static str,
        /// Byte offset of the first bad byte.
        offset: usize,
        /// 1-based line of the first bad byte.
        line: usize,
        /// What is wrong.
        detail: String,
    },
    /// A line of a line-based format (JSONL, TSV) is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column (Unicode scalars), 1 if unknown.
        column: usize,
        /// What is wrong.
        message: String,
    },
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
        source: std::io::Error,
    },
}

impl ExportError {
    /// The error for a character `format` cannot carry, in `segment`.
    pub fn unrepresentable<'a>(
        format: &'static str,
        segment: &'a str,
    ) -> impl Fn(char) -> ExportError + 'a {
        move |c| ExportError::Unrepresentable {
            segment: segment.to_string(),
            code: c as u32,
            format,
        }
    }
}

impl LoadError {
    /// A syntax error at `line`, `column` of `path`.
    pub fn syntax(
        path: &std::path::Path,
        line: usize,
        column: usize,
        message: String,
    ) -> LoadError {
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// An error and its sources, joined by `: ` (each said once).
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

/// A lexicon file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("{path}: cannot read lexicon")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of the lexicon is malformed.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The file (or the name of the built-in lexicon).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
