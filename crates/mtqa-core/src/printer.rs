//! Printers for `mtqa check`: text for people, JSON Lines and JSON for machines.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::model::{Document, Finding, Origin, Severity};

/// The JSON object of one finding (the JSONL line, without `file` when `file` is `None`).
pub fn finding_json(doc: &Document, f: &Finding, file: Option<&str>) -> Value {
    let mut v = json!({
        "line": f.line,
        "column": f.column,
        "segment": f.segment.and_then(|i| doc.segments.get(i)).map(|s| s.id.clone()),
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "check": f.check,
        "category": f.category,
        "severity": f.severity,
        "message": f.message,
        "suggestion": f.suggestion,
    });
    if let (Some(file), Value::Object(map)) = (file, &mut v) {
        map.insert("file".into(), Value::String(file.to_string()));
    }
    v
}

/// Writes one finding per line, fields in the documented order (file first), serialized
/// straight from the finding (a `Value` tree a finding cost a sixth of checking a report).
pub fn write_jsonl(out: &mut impl Write, doc: &Document, findings: &[Finding]) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        file: &'a str,
        line: usize,
        column: usize,
        segment: Option<&'a str>,
        start: usize,
        end: usize,
        text: &'a str,
        check: &'a str,
        category: &'a str,
        severity: Severity,
        message: &'a str,
        suggestion: Option<&'a str>,
    }
    let file = doc.path.display().to_string();
    for f in findings {
        let line = Line {
            file: &file,
            line: f.line,
            column: f.column,
            segment: f
                .segment
                .and_then(|i| doc.segments.get(i))
                .map(|s| s.id.as_str()),
            start: f.start,
            end: f.end,
            text: &f.text,
            check: f.check.as_str(),
            category: &f.category,
            severity: f.severity,
            message: &f.message,
            suggestion: f.suggestion.as_deref(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Counts of findings by severity, check and category.
pub fn counts(findings: &[Finding]) -> Value {
    let mut by_sev: BTreeMap<&str, usize> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut by_check: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_cat: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *by_sev.entry(f.severity.as_str()).or_default() += 1;
        *by_check.entry(f.check.as_str()).or_default() += 1;
        *by_cat.entry(&f.category).or_default() += 1;
    }
    json!({ "findings": findings.len(), "by_severity": by_sev, "by_check": by_check, "by_category": by_cat })
}

/// The JSON report of one document, serialized as it is written: segments and findings are
/// turned into JSON one at a time, so memory does not hold a second copy of the report.
pub struct FileJson<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its findings.
    pub findings: &'a [Finding],
    /// Notes for the user (written only when there are some).
    pub notes: &'a [String],
}

struct Lazy<F>(F);

impl<F, I, T> serde::Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item = T>,
    T: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

impl serde::Serialize for FileJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let doc = self.doc;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("file", &doc.path.display().to_string())?;
        m.serialize_entry("format", &doc.format)?;
        m.serialize_entry("encoding", &doc.encoding)?;
        m.serialize_entry("metadata", &doc.metadata)?;
        m.serialize_entry(
            "languages",
            &json!({ "target": doc.target_lang, "source": doc.source_lang }),
        )?;
        m.serialize_entry("paragraphs", &doc.paragraphs.len())?;
        m.serialize_entry(
            "segments",
            &Lazy(|| {
                doc.segments.iter().enumerate().map(|(i, s)| {
                    let (line, column) = doc.segment_position(i, 0);
                    let mut v = json!({
                        "id": s.id,
                        "paragraph": s.paragraph + 1,
                        "line": line,
                        "column": column,
                        "text": s.text,
                        "lang": s.lang.resolve(doc.target_lang.as_ref()),
                    });
                    if let (Some(src), Value::Object(map)) = (&s.source, &mut v) {
                        map.insert("source".into(), Value::String(src.clone()));
                    }
                    v
                })
            }),
        )?;
        m.serialize_entry(
            "findings",
            &Lazy(|| self.findings.iter().map(|f| finding_json(doc, f, None))),
        )?;
        m.serialize_entry("counts", &counts(self.findings))?;
        if !self.notes.is_empty() {
            m.serialize_entry("notes", self.notes)?;
        }
        m.end()
    }
}

/// Writes the JSON report (`{"mtqa": …, "files": [ … ]}`, pretty-printed) one file at a
/// time, as each is checked: the whole report is never held in memory.
pub struct JsonReport {
    files: usize,
}

/// Puts `pad` after every line break, so that a pretty-printed value nests inside another.
struct Indent<'a, W: Write> {
    out: &'a mut W,
    pad: &'static [u8],
}

impl<W: Write> Write for Indent<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(self.pad)?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl JsonReport {
    /// Starts the report.
    pub fn start(out: &mut impl Write) -> io::Result<Self> {
        write!(
            out,
            "{{\n  \"mtqa\": \"{}\",\n  \"files\": [",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(JsonReport { files: 0 })
    }

    /// Adds one file's entry (a [`FileJson`], or an error object).
    pub fn file(&mut self, out: &mut impl Write, v: &impl serde::Serialize) -> io::Result<()> {
        out.write_all(if self.files == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.files += 1;
        let mut indented = Indent { out, pad: b"    " };
        serde_json::to_writer_pretty(&mut indented, v)?;
        Ok(())
    }

    /// Ends the report.
    pub fn finish(self, out: &mut impl Write) -> io::Result<()> {
        if self.files > 0 {
            out.write_all(b"\n  ")?;
        }
        out.write_all(b"]\n}\n")
    }
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Neutral => "2",
        Severity::Minor => "33",
        Severity::Major => "31",
        Severity::Critical => "1;31",
    }
}

/// Display width of a char: 2 for wide East Asian characters, 0 for marks, else 1.
fn width(c: char) -> usize {
    let u = c as u32;
    if matches!(u, 0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F) {
        0
    } else if matches!(u, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
    {
        2
    } else {
        1
    }
}

/// Shows control and invisible characters so that a marked span is visible.
fn visible(c: char) -> String {
    match c {
        '\t' => "→".into(),
        '\n' | '\r' => "↵".into(),
        c if c.is_control()
            || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xAD) =>
        {
            format!("<U+{:04X}>", c as u32)
        }
        c => c.to_string(),
    }
}

/// The line to show under a finding: (line text, char column of the span in it).
/// The line (or record segment) a finding is on, without copying it, and the finding's
/// column in it (chars).
fn context_line<'a>(doc: &'a Document, f: &Finding) -> (&'a str, usize, (bool, usize)) {
    match f.segment.and_then(|i| doc.segments.get(i).map(|s| (i, s))) {
        Some((i, seg)) if matches!(seg.origin, Origin::Record { .. }) => {
            (seg.text.as_str(), f.start, (true, i))
        }
        _ => {
            let line = f.line.saturating_sub(1);
            (
                doc.lines.line_text(&doc.text, line),
                f.column.saturating_sub(1),
                (false, line),
            )
        }
    }
}

/// A position in a line, moved forward from finding to finding (findings come sorted), so
/// that printing many findings of one long line stays linear.
struct Cursor {
    key: Option<(bool, usize)>,
    byte: usize,
    ch: usize,
}

impl Cursor {
    /// The byte offset of char `ch` in `text` (the line called `key`).
    fn seek(&mut self, key: (bool, usize), text: &str, ch: usize) -> usize {
        if self.key != Some(key) || ch < self.ch {
            *self = Cursor {
                key: Some(key),
                byte: 0,
                ch: 0,
            };
        }
        let rest = &text[self.byte..];
        let (add_bytes, add_chars) = rest
            .char_indices()
            .take(ch - self.ch)
            .fold((0, 0), |(_, n), (b, c)| (b + c.len_utf8(), n + 1));
        self.byte += add_bytes;
        self.ch += add_chars;
        self.byte
    }
}

/// Writes findings for people.
pub fn write_text(
    out: &mut impl Write,
    doc: &Document,
    findings: &[Finding],
    color: bool,
) -> io::Result<()> {
    let file = doc.path.display().to_string();
    const BEFORE: usize = 40;
    const AFTER: usize = 40;
    let mut cursor = Cursor {
        key: None,
        byte: 0,
        ch: 0,
    };
    for f in findings {
        writeln!(
            out,
            "{}: {} [{}] {}",
            paint(&format!("{file}:{}:{}", f.line, f.column), "1", color),
            paint(f.severity.as_str(), severity_color(f.severity), color),
            f.check,
            f.message
        )?;
        let (line, col, key) = context_line(doc, f);
        let from = col.saturating_sub(BEFORE);
        let start = cursor.seek(key, line, from);
        // The window: up to BEFORE chars before the span, the span (its first 200 chars),
        // AFTER chars after; one more char tells whether the line goes on.
        let span_chars = f.text.chars().count().clamp(1, 200);
        let want = (col - from) + span_chars + AFTER;
        let window: Vec<char> = line[start..].chars().take(want + 1).collect();
        let goes_on = window.len() > want;
        let window = &window[..window.len().min(want)];
        let at = col - from;
        let span_len = span_chars.min(window.len().saturating_sub(at)).max(1);
        let mut shown = String::new();
        let mut marks = String::new();
        if from > 0 {
            shown.push('…');
            marks.push(' ');
        }
        for (k, &c) in window.iter().enumerate() {
            let v = visible(c);
            let w: usize = v.chars().map(width).sum();
            let in_span = k >= at && k < at + span_len;
            shown.push_str(&if in_span {
                paint(&v, severity_color(f.severity), color)
            } else {
                v
            });
            marks.push_str(&(if in_span { "^" } else { " " }).repeat(w));
        }
        if at >= window.len() {
            marks.push('^');
        }
        if goes_on {
            shown.push('…');
        }
        writeln!(out, "    | {shown}")?;
        writeln!(
            out,
            "    | {}",
            paint(marks.trim_end(), severity_color(f.severity), color)
        )?;
        if let Some(s) = &f.suggestion {
            writeln!(out, "    = suggestion: {s:?}")?;
        }
    }
    let c = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "{file}: {} finding(s): {} critical, {} major, {} minor, {} neutral; {} segment(s), target language {}",
        findings.len(),
        c(Severity::Critical),
        c(Severity::Major),
        c(Severity::Minor),
        c(Severity::Neutral),
        doc.segments.len(),
        doc.target_lang.as_ref().map_or("unknown".to_string(), |l| match l.confidence {
            Some(conf) => format!("{} (detected, confidence {conf:.2})", l.code),
            None => format!("{} ({:?})", l.code, l.method).to_lowercase(),
        }),
    )
}
