//! Reading documents: encoding detection, then one module per input format.

pub mod anthea;
pub mod bundle;
pub mod export;
pub mod jsonl;
pub mod mqm;
pub mod parallel;
pub mod plain;
pub mod records;
pub mod tmx;
pub mod tsv;
pub mod xliff;
pub mod xml;

pub use export::ExportFormat;

/// A document and the annotations and corrections its file carries.
pub type Loaded = (Document, AnnotationSet);

use std::path::{Path, PathBuf};

use crate::annotate::AnnotationSet;
use crate::error::LoadError;
use crate::model::{Document, Encoding, InputFormat, LangMethod, Language};
use crate::text::lines::LineIndex;

/// Options for loading a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Declared target language (overrides metadata and detection).
    pub lang: Option<String>,
    /// Declared source language.
    pub source_lang: Option<String>,
    /// Force an input format instead of choosing it from the file name.
    pub format: Option<InputFormat>,
    /// Only the texts are wanted (`check` without `--save`): a ratings file's millions of
    /// rating records are not built.
    pub texts_only: bool,
}

/// Chooses the input format from a file name: `.jsonl`/`.ndjson` → JSONL, `.tsv` → TSV
/// (the WMT MQM ratings TSV when its header says so), `.xlf`/`.xliff` → XLIFF, `.tmx` →
/// TMX, `.src`/`.mt`/`.pe` → parallel text, anything else → plain report.
pub fn format_for_path(path: &Path) -> InputFormat {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("tsv" | "tab") => InputFormat::Tsv,
        Some("xlf" | "xliff" | "xlf2" | "sdlxliff" | "mqxliff") => InputFormat::Xliff,
        Some("tmx") => InputFormat::Tmx,
        Some("src" | "mt" | "pe") => InputFormat::Parallel,
        _ => InputFormat::Plain,
    }
}

/// Reads and parses a document from a file.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<Document, LoadError> {
    load_full(path, opts).map(|(doc, _)| doc)
}

/// The most a pipe or other stream given as a file is read: an endless one (`/dev/zero`
/// as a pipe) is refused before memory runs out.
pub const MAX_STREAM_BYTES: u64 = 1 << 30;

/// Files are read whole and addressed with 32-bit offsets: from 4 GiB on they are refused.
pub const MAX_FILE_BYTES: u64 = 1 << 32;

/// Reads an input file. Folders and devices (`/dev/null`, `/dev/zero`) are refused with a
/// clear message; pipes (`<(cmd)`) are read up to [`MAX_STREAM_BYTES`].
pub fn read_input(p: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source: std::io::Error| LoadError::Io {
        path: p.to_path_buf(),
        source,
    };
    if p.as_os_str() == "-" {
        // Standard input, read whole (a plain report; records are streamed instead).
        return read_stream(p, std::io::stdin().lock());
    }
    let meta = std::fs::metadata(p).map_err(io)?;
    let kind = meta.file_type();
    if kind.is_file() {
        if meta.len() >= MAX_FILE_BYTES {
            return Err(LoadError::Syntax {
                path: p.to_path_buf(),
                line: 1,
                column: 1,
                message: format!(
                    "is {} bytes: mtqa reads files under 4 GiB (split it: a translation memory of a million units is about 250 MB)",
                    meta.len()
                ),
            });
        }
        return std::fs::read(p).map_err(io);
    }
    let not = |what: &str| LoadError::Syntax {
        path: p.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("is {what}, not a file: mtqa reads reports from files"),
    };
    if kind.is_dir() {
        return Err(not("a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Err(not("a device"));
        }
    }
    read_stream(p, std::fs::File::open(p).map_err(io)?)
}

/// Reads a pipe or standard input whole, up to [`MAX_STREAM_BYTES`].
fn read_stream(p: &Path, input: impl std::io::Read) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    input
        .take(MAX_STREAM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io {
            path: p.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_STREAM_BYTES {
        return Err(LoadError::Syntax {
            path: p.to_path_buf(),
            line: 1,
            column: 1,
            message: format!(
                "a stream of more than {MAX_STREAM_BYTES} bytes: save it to a file first"
            ),
        });
    }
    Ok(bytes)
}

/// Reads a document and the annotations and corrections its format carries (XLIFF ITS
/// marks, MQM ratings, the columns of mtqa's TSV/JSONL exports).
pub fn load_full(path: &Path, opts: &LoadOptions) -> Result<(Document, AnnotationSet), LoadError> {
    let format = opts.format.unwrap_or_else(|| format_for_path(path));
    if format == InputFormat::Parallel {
        return parallel::load(path, opts);
    }
    load_owned(path, read_input(path)?, opts)
}

/// Parses a document from bytes; `path` names it in errors and output.
pub fn load_bytes(path: &Path, bytes: &[u8], opts: &LoadOptions) -> Result<Document, LoadError> {
    load_bytes_full(path, bytes, opts).map(|(doc, _)| doc)
}

/// Parses a document and the annotations its format carries.
pub fn load_bytes_full(
    path: &Path,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<(Document, AnnotationSet), LoadError> {
    let (format, anthea_eval) = sniff_format(path, bytes, opts);
    let (text, encoding) = decode(path, bytes)?;
    load_text(path, text, encoding, format, anthea_eval, opts)
}

/// [`load_bytes_full`] on bytes it may keep: a UTF-8 file becomes the document's text
/// without a copy (the file's size is held once, not twice, while it is parsed).
pub fn load_owned(
    path: &Path,
    bytes: Vec<u8>,
    opts: &LoadOptions,
) -> Result<(Document, AnnotationSet), LoadError> {
    let (format, anthea_eval) = sniff_format(path, &bytes, opts);
    let (text, encoding) = decode_owned(path, bytes)?;
    load_text(path, text, encoding, format, anthea_eval, opts)
}

fn sniff_format(path: &Path, bytes: &[u8], opts: &LoadOptions) -> (InputFormat, bool) {
    let mut format = opts.format.unwrap_or_else(|| format_for_path(path));
    if format == InputFormat::Tsv && opts.format.is_none() && mqm::sniff(bytes) {
        format = InputFormat::Mqm;
    }
    // An Anthea evaluation JSON is MQM ratings too.
    let anthea_eval = matches!(opts.format, None | Some(InputFormat::Mqm)) && anthea::sniff(bytes);
    if anthea_eval {
        format = InputFormat::Mqm;
    }
    (format, anthea_eval)
}

fn load_text(
    path: &Path,
    text: String,
    encoding: Encoding,
    format: InputFormat,
    anthea_eval: bool,
    opts: &LoadOptions,
) -> Result<(Document, AnnotationSet), LoadError> {
    let (doc, set) = match format {
        InputFormat::Plain => {
            let hint = opts.lang.as_deref().and_then(crate::lang::normalize_code);
            (
                plain::parse(path.to_path_buf(), text, encoding, hint.as_deref())?,
                AnnotationSet::default(),
            )
        }
        InputFormat::Jsonl => jsonl::parse(path.to_path_buf(), text, encoding)?,
        InputFormat::Tsv => tsv::parse(path.to_path_buf(), text, encoding)?,
        // The file's text is dropped as soon as its rows are read: the document is built
        // from the rows, and the file is not held beside them.
        InputFormat::Xliff | InputFormat::Tmx | InputFormat::Mqm => {
            let bytes = text.as_bytes();
            let rows = match format {
                InputFormat::Xliff => xliff::read(path, bytes)?,
                InputFormat::Tmx => tmx::read(path, bytes)?,
                _ if anthea_eval => anthea::read(path, bytes)?,
                _ => mqm::read_with(path, bytes, !opts.texts_only)?,
            };
            drop(text);
            rows.into_document(path, format)
        }
        InputFormat::Parallel => {
            return Err(LoadError::Syntax {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "parallel text is read from files (NAME.src, NAME.mt, NAME.pe)".into(),
            })
        }
    };
    Ok(finish((doc, set), opts))
}

/// Resolves the languages of a freshly parsed document and its segments.
pub(crate) fn finish(
    (mut doc, set): (Document, AnnotationSet),
    opts: &LoadOptions,
) -> (Document, AnnotationSet) {
    resolve_languages(&mut doc, opts);
    crate::lang::assign_segment_languages(&mut doc);
    (doc, set)
}

/// A record file's text (JSON, tab-separated fields) is not the report's text: its segments
/// hold that. It is not kept, so a large file is not held twice; `Document::text` is empty
/// for every record format, as for XLIFF, TMX and MQM.
pub(crate) fn drop_file_text(doc: &mut Document) {
    doc.text = std::sync::Arc::from("");
    doc.lines = LineIndex::new("");
}

/// Sets the segments of a record document (JSONL, TSV, XLIFF …): consecutive records with
/// the same `paragraph` make one paragraph (readers number them 0, 1, 2 …: each its own).
pub(crate) fn set_records(doc: &mut Document, segments: Vec<crate::model::Segment>) {
    // Consecutive records with the same paragraph index make one paragraph.
    let mut paragraphs: Vec<crate::model::Paragraph> = Vec::new();
    let mut segments = segments;
    let mut last: Option<usize> = None;
    for (i, s) in segments.iter_mut().enumerate() {
        if last != Some(s.paragraph) || paragraphs.is_empty() {
            paragraphs.push(crate::model::Paragraph {
                range: 0..0,
                first_segment: i,
                segment_count: 0,
            });
        }
        last = Some(s.paragraph);
        s.paragraph = paragraphs.len() - 1;
        if let Some(p) = paragraphs.last_mut() {
            p.segment_count += 1;
        }
    }
    doc.paragraphs = paragraphs;
    doc.segments = segments;
}

/// Segment files (JSON Lines, TSV) are checked in windows of this many lines: lines 1 to
/// 1,000 make the first, 1,001 to 2,000 the next … The checks that compare segments
/// (consistency, spelling's regional tally, quote style, the target language when it is
/// detected) see one window at a time, so that a file or a stream of any length is checked
/// in bounded memory, and a stream cut at window boundaries (a cluster's partitions) gives
/// the same findings as the whole.
pub const WINDOW_LINES: usize = 1000;

/// The window of a record read at 1-based `line`.
pub fn window_of(line: usize) -> usize {
    line.saturating_sub(1) / WINDOW_LINES
}

/// A document of the records `segments` (a window of a segment file), with its languages
/// resolved as a file's are: declared in `opts`, else detected on these segments.
pub fn records_document(
    path: PathBuf,
    format: InputFormat,
    segments: Vec<crate::model::Segment>,
    opts: &LoadOptions,
) -> Document {
    let mut doc = new_document(path, format, String::new(), Encoding::Utf8);
    set_records(&mut doc, segments);
    resolve_languages(&mut doc, opts);
    crate::lang::assign_segment_languages(&mut doc);
    doc
}

/// An empty document shell for the format parsers.
pub(crate) fn new_document(
    path: PathBuf,
    format: InputFormat,
    text: String,
    encoding: Encoding,
) -> Document {
    let lines = LineIndex::new(&text);
    Document {
        path,
        format,
        encoding,
        text: text.into(),
        metadata: Vec::new(),
        target_lang: None,
        source_lang: None,
        paragraphs: Vec::new(),
        segments: Vec::new(),
        lines,
        bilingual: None,
        notes: Vec::new(),
    }
}

/// Decodes UTF-8 (with or without BOM) or UTF-16 with BOM. Invalid input is an error
/// naming the byte offset; nothing is replaced silently.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, Encoding), LoadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf16_without_bom(path, rest)?;
        return utf8(path, rest, 3).map(|s| (s, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(path, rest, false).map(|s| (s, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(path, rest, true).map(|s| (s, Encoding::Utf16Be));
    }
    utf16_without_bom(path, bytes)?;
    utf8(path, bytes, 0).map(|s| (s, Encoding::Utf8))
}

/// [`decode`] without copying a UTF-8 file's bytes.
pub fn decode_owned(path: &Path, mut bytes: Vec<u8>) -> Result<(String, Encoding), LoadError> {
    let (encoding, skipped) = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (Encoding::Utf8Bom, 3)
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return decode(path, &bytes);
    } else {
        (Encoding::Utf8, 0)
    };
    utf16_without_bom(path, &bytes[skipped..])?;
    bytes.drain(..skipped);
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, encoding)),
        // The error is worded by the borrowing path, with the offset in the file.
        Err(e) => utf8(path, e.as_bytes(), skipped).map(|s| (s, encoding)),
    }
}

/// UTF-16 written without a byte-order mark reads as "valid" UTF-8 with a NUL after (or
/// before) every ASCII letter. It is refused, naming the encoding it looks like, instead of
/// being checked as garbage. The test looks at the first 4 KiB: in real UTF-16 text at
/// least two in five code units have a zero high byte; UTF-8 text has almost no NUL.
fn utf16_without_bom(path: &Path, bytes: &[u8]) -> Result<(), LoadError> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return Ok(());
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let looks = |many: usize, few: usize| many * 5 >= pairs * 2 && few * 20 <= pairs;
    let name = if looks(odd, even) {
        "UTF-16LE"
    } else if looks(even, odd) {
        "UTF-16BE"
    } else {
        return Ok(());
    };
    Err(LoadError::Encoding {
        path: path.to_path_buf(),
        encoding: "UTF-8",
        offset: 0,
        line: 1,
        detail: format!(
            "the file looks like {name} without a byte-order mark (a NUL byte beside every letter); convert it with `iconv -f {name} -t UTF-8`"
        ),
    })
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn utf8(path: &Path, bytes: &[u8], skipped: usize) -> Result<String, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            let bad: Vec<String> = bytes[offset..]
                .iter()
                .take(e.error_len().unwrap_or(bytes.len() - offset).min(4))
                .map(|b| format!("0x{b:02X}"))
                .collect();
            let detail = match e.error_len() {
                Some(_) => format!(
                    "byte sequence {} is not UTF-8 (is the file in Latin-1 or Windows-1252? convert it with `iconv -f WINDOWS-1252 -t UTF-8`)",
                    bad.join(" ")
                ),
                None => "the file ends in the middle of a UTF-8 character".to_string(),
            };
            Err(LoadError::Encoding {
                path: path.to_path_buf(),
                encoding: "UTF-8",
                offset: offset + skipped,
                line: line_at(bytes, offset),
                detail,
            })
        }
    }
}

fn utf16(path: &Path, bytes: &[u8], big_endian: bool) -> Result<String, LoadError> {
    let err = |offset: usize, detail: &str| LoadError::Encoding {
        path: path.to_path_buf(),
        encoding: if big_endian { "UTF-16BE" } else { "UTF-16LE" },
        offset: offset + 2,
        line: 1 + bytes[..offset]
            .chunks_exact(2)
            .filter(|c| {
                let u = if big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                };
                u == 0x0A
            })
            .count(),
        detail: detail.to_string(),
    };
    if !bytes.len().is_multiple_of(2) {
        return Err(err(
            bytes.len() - 1,
            "odd number of bytes: the file is truncated",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut offset = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                offset += c.len_utf16() * 2;
            }
            Err(_) => return Err(err(offset, "unpaired surrogate")),
        }
    }
    Ok(out)
}

/// Sets the document's languages: declared (`--lang`) over what the format carried over
/// metadata over detection.
fn resolve_languages(doc: &mut Document, opts: &LoadOptions) {
    /// One side: the first of these that gives a language.
    fn first_of(
        declared: Option<&str>,
        carried: Option<Language>,
        meta: impl FnOnce() -> Option<Language>,
        sample: impl FnOnce() -> String,
    ) -> Option<Language> {
        declared
            .and_then(|l| crate::lang::declared(l, LangMethod::Declared))
            .or(carried)
            .or_else(meta)
            .or_else(|| {
                Some(sample())
                    .filter(|s| !s.is_empty())
                    .and_then(|s| crate::lang::detect(&s))
            })
    }
    let (target, source) = (doc.target_lang.take(), doc.source_lang.take());
    doc.target_lang = first_of(
        opts.lang.as_deref(),
        target,
        || crate::lang::target_from_meta(&doc.metadata),
        || sample_text(doc.segments.iter().map(|s| s.text.as_str())),
    );
    doc.source_lang = first_of(
        opts.source_lang.as_deref(),
        source,
        || crate::lang::source_from_meta(&doc.metadata),
        || sample_text(doc.segments.iter().filter_map(|s| s.source.as_deref())),
    );
}

/// Up to ~16 KB of text taken evenly across the segments, for document-level detection.
fn sample_text<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    const BUDGET: usize = 16 * 1024;
    let all: Vec<&str> = texts.collect();
    let total: usize = all.iter().map(|t| t.len()).sum();
    let step = (total / BUDGET).max(1);
    let mut out = String::new();
    for t in all.iter().step_by(step) {
        if out.len() >= BUDGET {
            break;
        }
        out.push_str(t);
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_reports_bad_bytes() {
        let p = Path::new("x.txt");
        assert_eq!(
            decode(p, b"\xEF\xBB\xBFhi").map(|r| r.1).ok(),
            Some(Encoding::Utf8Bom)
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(p, &le).map(|r| r.0).ok().as_deref(), Some("hé\n"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(p, &be).map(|r| r.0).ok().as_deref(), Some("hé"));
        match decode(p, b"ok\nab\xE9c") {
            Err(LoadError::Encoding { offset, line, .. }) => {
                assert_eq!((offset, line), (5, 2));
            }
            other => panic!("{other:?}"),
        }
        let odd = [0xFF, 0xFE, 0x41];
        assert!(matches!(decode(p, &odd), Err(LoadError::Encoding { .. })));
    }
}
