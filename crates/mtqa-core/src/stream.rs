//! Checking a stream of segment records (JSON Lines or TSV) of any length in bounded
//! memory: `mtqa check -`, and `mtqa check FILE` for segment files.
//!
//! A reader thread reads lines (none longer than [`MAX_RECORD_BYTES`]), parses records and
//! groups them by window ([`crate::formats::WINDOW_LINES`] lines); each window is checked as
//! a document on rayon's pool; the caller receives the windows' findings in input order,
//! each as soon as it and the windows before it are done. At most a few windows per thread
//! are held at once, whatever the input's length. A bad record is reported (file, line,
//! why) and the stream goes on.
//!
//! A stream may begin with a context line, `#mtqa-stream {"file": NAME, "line": N,
//! "record": R}`: findings then name NAME, the next line is line N, and R records
//! (non-blank lines, read or not) came before: a record without an id is numbered from
//! R + 1. A cluster job sends it ahead of each partition of a file, so that its findings
//! read as the whole file's.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

use crate::checks::Checker;
use crate::error::LoadError;
use crate::formats::records::{self, Record, TsvColumns};
use crate::formats::{window_of, LoadOptions};
use crate::model::{Document, Finding, InputFormat, Segment};

/// The longest record read: a longer line is reported and skipped, so that one hostile line
/// cannot take the memory that the stream's bound promises.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The context line's prefix.
pub const CONTEXT_PREFIX: &str = "#mtqa-stream ";

/// What a stream check needs.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// The name findings and errors give (`-` for standard input).
    pub name: PathBuf,
    /// JSON Lines or TSV; `None`: told from the first record (`{` opens JSON Lines, a tab
    /// makes TSV).
    pub format: Option<InputFormat>,
    /// Declared languages.
    pub load: LoadOptions,
    /// Windows checked at once (their number bounds memory): two per thread is enough to
    /// keep every thread busy.
    pub in_flight: usize,
}

/// What the caller receives.
#[derive(Debug)]
pub enum Event<'a> {
    /// A window, checked: its document (its records) and its findings, sorted.
    Window {
        /// The window's records.
        doc: &'a Document,
        /// Its findings.
        findings: &'a [Finding],
    },
    /// A record that could not be read; the stream goes on.
    Bad(&'a LoadError),
}

/// What a stream held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records checked.
    pub records: usize,
    /// Records reported as bad.
    pub bad: usize,
    /// Findings.
    pub findings: usize,
}

/// Why a stream stopped.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// The input could not be read, or is not a stream of records.
    #[error(transparent)]
    Input(#[from] LoadError),
    /// The caller's sink failed (its output closed).
    #[error("cannot write the findings: {0}")]
    Output(#[source] io::Error),
}

/// Messages to the writing thread.
enum Msg {
    /// Window `seq` read: the name to give, its format and records.
    Read(usize, PathBuf, InputFormat, Vec<Segment>),
    /// Window `seq` checked.
    Checked(usize, Box<Document>, Vec<Finding>),
    /// A bad record.
    Bad(LoadError),
    /// The input ended after this many windows and records (or failed).
    End(Result<(usize, usize), LoadError>),
}

/// Checks the records of `input` with `checker`, giving each window's findings to `sink` in
/// input order, each as soon as it is known.
pub fn check<R: Read + Send + 'static>(
    input: R,
    opts: &StreamOptions,
    checker: &Checker,
    sink: &mut dyn FnMut(Event) -> io::Result<()>,
) -> Result<Summary, StreamError> {
    let in_flight = opts.in_flight.max(1);
    let (tx, rx) = mpsc::channel::<Msg>();
    // Tokens: the reader takes one for each window it sends, and one comes back when a
    // window has been given to the sink.
    let (free_tx, free_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = free_tx.send(());
    }
    let reader_opts = opts.clone();
    let reader_tx = tx.clone();
    // Not joined: when the sink fails, the reader may be waiting on an input that never
    // ends, and the caller must not wait for it.
    std::thread::spawn(move || {
        let end = read(input, &reader_opts, &reader_tx, &free_rx);
        let _ = reader_tx.send(Msg::End(end));
    });
    let checker = Arc::new(checker.clone());
    let mut summary = Summary::default();
    let mut pending: BTreeMap<usize, (Box<Document>, Vec<Finding>)> = BTreeMap::new();
    let mut next = 0;
    let mut total: Option<usize> = None;
    loop {
        if total == Some(next) {
            return Ok(summary);
        }
        // The reader and every worker hold a sender, so this only fails if all are gone.
        let Ok(msg) = rx.recv() else {
            return Ok(summary);
        };
        match msg {
            Msg::Read(seq, name, format, segments) => {
                let (tx, checker) = (tx.clone(), Arc::clone(&checker));
                let load = opts.load.clone();
                rayon::spawn(move || {
                    let doc = crate::formats::records_document(name, format, segments, &load);
                    let findings = checker.run(&doc);
                    let _ = tx.send(Msg::Checked(seq, Box::new(doc), findings));
                });
            }
            Msg::Checked(seq, doc, findings) => {
                pending.insert(seq, (doc, findings));
                while let Some((doc, findings)) = pending.remove(&next) {
                    summary.records += doc.segments.len();
                    summary.findings += findings.len();
                    sink(Event::Window {
                        doc: &doc,
                        findings: &findings,
                    })
                    .map_err(StreamError::Output)?;
                    next += 1;
                    let _ = free_tx.try_send(());
                }
            }
            Msg::Bad(e) => {
                summary.bad += 1;
                sink(Event::Bad(&e)).map_err(StreamError::Output)?;
            }
            Msg::End(Ok((windows, _))) => total = Some(windows),
            Msg::End(Err(e)) => return Err(StreamError::Input(e)),
        }
    }
}

/// Reads the input, sending each window's records (taking a token for each) and each bad
/// record; returns the number of windows and records.
fn read<R: Read>(
    input: R,
    opts: &StreamOptions,
    tx: &mpsc::Sender<Msg>,
    free: &mpsc::Receiver<()>,
) -> Result<(usize, usize), LoadError> {
    let mut input = BufReader::with_capacity(1 << 16, input);
    let mut name = opts.name.clone();
    let mut line_no = 0usize;
    let mut records_before = 0usize;
    let mut format = opts.format;
    let mut columns: Option<TsvColumns> = None;
    let mut window: Vec<Segment> = Vec::new();
    let mut window_index = usize::MAX;
    let mut ids: HashSet<crate::model::SegId> = HashSet::new();
    let mut windows = 0usize;
    let mut records = 0usize;
    let mut ordinal = 0usize;
    let mut buf = Vec::new();
    let mut first = true;
    let io_err = |name: &Path, e: io::Error| LoadError::Io {
        path: name.to_path_buf(),
        source: e,
    };
    loop {
        let read =
            read_line(&mut input, &mut buf, MAX_RECORD_BYTES).map_err(|e| io_err(&name, e))?;
        let Some(too_long) = read else { break };
        line_no += 1;
        let mut bytes = &buf[..];
        if first {
            first = false;
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                return Err(LoadError::syntax(
                    &name,
                    1,
                    1,
                    "a UTF-16 stream is not read record by record: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)".into(),
                ));
            }
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            if let Some(ctx) = bytes.strip_prefix(CONTEXT_PREFIX.as_bytes()) {
                let ctx = context(ctx).map_err(|m| LoadError::syntax(&name, 1, 1, m))?;
                if let Some(file) = ctx.file {
                    name = file.into();
                }
                line_no = ctx.line.unwrap_or(1).saturating_sub(1);
                records_before = ctx.record.unwrap_or(0);
                continue;
            }
        }
        let bad = |line: usize, column: usize, message: String| {
            let _ = tx.send(Msg::Bad(LoadError::syntax(&name, line, column, message)));
        };
        if too_long {
            ordinal += 1;
            bad(
                line_no,
                1,
                format!(
                    "a record longer than {} MiB is skipped",
                    MAX_RECORD_BYTES >> 20
                ),
            );
            continue;
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l.strip_suffix('\n').unwrap_or(l),
            Err(e) => {
                ordinal += 1;
                let column = String::from_utf8_lossy(&bytes[..e.valid_up_to()])
                    .chars()
                    .count()
                    + 1;
                bad(
                    line_no,
                    column,
                    "invalid UTF-8: the record is skipped".into(),
                );
                continue;
            }
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let fmt = match format {
            Some(f) => f,
            None => {
                let f = sniff(line).ok_or_else(|| {
                    LoadError::syntax(
                        &name,
                        line_no,
                        1,
                        "cannot tell whether this is JSON Lines or TSV: give --input-format jsonl or tsv".into(),
                    )
                })?;
                format = Some(f);
                f
            }
        };
        if fmt == InputFormat::Tsv && columns.is_none() {
            columns = Some(
                TsvColumns::from_header(line)
                    .map_err(|m| LoadError::syntax(&name, line_no, 1, m))?,
            );
            continue;
        }
        // A record without an id is numbered by its place among the records, bad ones
        // included, as a job that cuts the file can count them without reading them.
        ordinal += 1;
        let default_id = records_before + ordinal;
        let record: Result<Record, records::RecordError> = match &columns {
            Some(c) => c.record(line, default_id),
            None => records::jsonl(line, default_id),
        };
        let record = match record {
            Ok(r) => r,
            Err((column, message)) => {
                bad(line_no, column, message);
                continue;
            }
        };
        let w = window_of(line_no);
        if w != window_index && !window.is_empty() {
            // A new window: the one read is sent, once a token is free.
            if free.recv().is_err() {
                return Ok((windows, records));
            }
            let _ = tx.send(Msg::Read(
                windows,
                name.clone(),
                fmt,
                std::mem::take(&mut window),
            ));
            windows += 1;
            ids.clear();
        }
        window_index = w;
        if !ids.insert(record.id.as_str().into()) {
            bad(
                line_no,
                1,
                format!(
                    "duplicate id {:?} in the same window of {} lines (a stream remembers ids only within a window): the record is skipped",
                    record.id,
                    crate::formats::WINDOW_LINES
                ),
            );
            continue;
        }
        records += 1;
        window.push(Segment::record(
            record.id,
            window.len(),
            record.target,
            record.source,
            line_no,
        ));
    }
    if !window.is_empty() {
        if free.recv().is_err() {
            return Ok((windows, records));
        }
        let _ = tx.send(Msg::Read(
            windows,
            name,
            format.unwrap_or(InputFormat::Jsonl),
            window,
        ));
        windows += 1;
    }
    Ok((windows, records))
}

/// JSON Lines when the first record opens an object, TSV when it has a tab.
pub fn sniff(first: &str) -> Option<InputFormat> {
    let t = first.trim_start();
    if t.starts_with('{') {
        Some(InputFormat::Jsonl)
    } else if t.contains('\t') {
        Some(InputFormat::Tsv)
    } else {
        None
    }
}

/// A context line's fields.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    file: Option<String>,
    line: Option<usize>,
    record: Option<usize>,
}

fn context(json: &[u8]) -> Result<Context, String> {
    serde_json::from_slice(json).map_err(|e| {
        format!("bad context line (expected {CONTEXT_PREFIX}{{\"file\": …, \"line\": N, \"record\": N}}): {e}")
    })
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `max` bytes: `None` at the
/// end of the input, else whether the line was longer (the rest is skipped).
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let room = max.saturating_sub(buf.len());
            if take > room {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        input.consume(take);
        if done {
            return Ok(Some(too_long));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_capped_and_the_rest_skipped() {
        let mut r = io::Cursor::new(b"short\nlooooong\nend".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut r, &mut buf, 6).ok(), Some(Some(false)));
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line(&mut r, &mut buf, 6).ok(), Some(Some(true)));
        assert_eq!(read_line(&mut r, &mut buf, 6).ok(), Some(Some(false)));
        assert_eq!(buf, b"end");
        assert_eq!(read_line(&mut r, &mut buf, 6).ok(), Some(None));
    }

    #[test]
    fn sniffs_jsonl_and_tsv() {
        assert_eq!(sniff(" {\"id\":1}"), Some(InputFormat::Jsonl));
        assert_eq!(sniff("id\ttarget"), Some(InputFormat::Tsv));
        assert_eq!(sniff("Hello."), None);
    }
}
