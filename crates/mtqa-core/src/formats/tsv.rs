//! TSV input: a header row naming the columns (`id<TAB>source<TAB>target` or
//! `id<TAB>target`; `src`/`tgt`/`mt` accepted), then one segment a row. Inside a field,
//! `\t`, `\n`, `\r` and `\\` stand for a tab, a line feed, a carriage return and a backslash.

use std::io::Write;
use std::path::PathBuf;

use super::bundle::{escape_line, Bundle};
use super::Loaded;
use crate::error::LoadError;
use crate::model::{Encoding, InputFormat};

pub use crate::text::escape::unescape_line as unescape;

/// Parses a TSV document.
pub fn parse(path: PathBuf, text: String, encoding: Encoding) -> Result<Loaded, LoadError> {
    let doc = super::new_document(path.clone(), InputFormat::Tsv, text, encoding);
    let err = |line, column, message| LoadError::syntax(&path, line, column, message);
    let text = std::sync::Arc::clone(&doc.text);
    let mut lines = text.lines().enumerate();
    let header = loop {
        match lines.next() {
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((n, l)) => break (n + 1, l),
            None => {
                return Err(err(
                    1,
                    1,
                    "empty TSV file: expected a header row `id<TAB>target`".into(),
                ))
            }
        }
    };
    let columns = super::records::TsvColumns::from_header(header.1)
        .map_err(|message| err(header.0, 1, message))?;
    super::records::read_all(&path, doc, lines, |line, id| columns.record(line, id))
}

/// A row's annotations as a JSON array, serialized straight from the annotations (a
/// `Value` tree of millions of annotations costs several times their size).
pub(crate) fn annotations_json(row: &super::bundle::Row) -> String {
    serde_json::to_string(&row.annotations).unwrap_or_else(|_| "[]".into())
}

/// TSV: `id source mt corrected annotations`; fields escaped as in [`escape_line`];
/// `annotations` is a JSON array.
pub fn write(b: &Bundle) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    #[test]
    fn header_and_rows() {
        let t = "id\tsource\ttarget\n1\tHola.\tHello.\n2\tA\\tB\tA\\nB\n";
        let d = parse("x.tsv".into(), t.into(), Encoding::Utf8).map_err(|e| e.to_string());
        let segs = d.map(|(d, _)| {
            d.segments
                .iter()
                .map(|s| (s.text.clone(), s.source.clone(), s.origin.clone()))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            segs,
            Ok(vec![
                (
                    "Hello.".into(),
                    Some("Hola.".into()),
                    Origin::Record { line: 2 }
                ),
                (
                    "A\nB".into(),
                    Some("A\tB".into()),
                    Origin::Record { line: 3 }
                )
            ])
        );
        let bad = parse(
            "x.tsv".into(),
            "id\ttarget\n1\ta\tb\n".into(),
            Encoding::Utf8,
        );
        assert_eq!(
            bad.err()
                .map(|e| e.to_string())
                .unwrap_or_default()
                .split(' ')
                .next(),
            Some("x.tsv:2:5:")
        );
        let nohead = parse("x.tsv".into(), "a\tb\n".into(), Encoding::Utf8);
        assert!(nohead.is_err());
    }
}
