//! TSV input: a header row naming the columns (`id<TAB>source<TAB>target` or
//! `id<TAB>target`; `src`/`tgt`/`mt` accepted), then one segment a row. Inside a field,
//! `\t`, `\n`, `\r` and `\\` stand for a tab, a line feed, a carriage return and a backslash.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use super::bundle::{escape_line, Bundle};
use super::Loaded;
use crate::annotate::AnnotationSet;
use crate::error::LoadError;
use crate::model::{Encoding, InputFormat, Segment};

pub use crate::text::escape::unescape_line as unescape;

/// Parses a TSV document.
pub fn parse(path: PathBuf, text: String, encoding: Encoding) -> Result<Loaded, LoadError> {
    let mut set = AnnotationSet::default();
    let mut doc = super::new_document(path.clone(), InputFormat::Tsv, text, encoding);
    let err = |line, column, message| LoadError::syntax(&path, line, column, message);
    let mut lines = doc.text.lines().enumerate();
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
    let names: Vec<String> = header
        .1
        .split('\t')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
    let id_col = find(&["id", "seg_id", "segment", "segid"]);
    let src_col = find(&["source", "src"]);
    let corrected_col = find(&["corrected", "pe", "post-edited"]);
    let annotations_col = find(&["annotations"]);
    let Some(tgt_col) = find(&["target", "tgt", "mt", "translation", "hyp"]) else {
        return Err(err(
            header.0,
            1,
            format!("the header {:?} names no target column: expected `id<TAB>source<TAB>target` or `id<TAB>target`", header.1),
        ));
    };
    // Ids seen, held inline when short: a million ids are not a million allocations.
    let mut seen: HashSet<crate::model::SegId> = HashSet::new();
    let mut segments = Vec::new();
    for (n, line) in lines {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != names.len() {
            let column = if fields.len() > names.len() {
                line.split('\t')
                    .take(names.len())
                    .map(|f| f.chars().count() + 1)
                    .sum::<usize>()
                    + 1
            } else {
                line.chars().count() + 1
            };
            return Err(err(
                line_no,
                column,
                format!(
                    "{} fields where the header has {} (a tab inside a field must be written \\t)",
                    fields.len(),
                    names.len()
                ),
            ));
        }
        let id = match id_col {
            Some(c) => fields[c].trim().to_string(),
            None => (segments.len() + 1).to_string(),
        };
        if id.is_empty() {
            return Err(err(line_no, 1, "empty id".into()));
        }
        if !seen.insert(id.as_str().into()) {
            return Err(err(line_no, 1, format!("duplicate id {id:?}")));
        }
        let text = unescape(fields[tgt_col]);
        if let Some(c) = corrected_col.map(|c| unescape(fields[c])) {
            if c != text {
                set.corrections.insert(id.clone(), c);
            }
        }
        if let Some(a) = annotations_col
            .map(|c| unescape(fields[c]))
            .filter(|a| !a.trim().is_empty())
        {
            let list: Vec<crate::annotate::Annotation> = serde_json::from_str(&a)
                .map_err(|e| err(line_no, 1, format!("annotations column: {e}")))?;
            set.annotations.extend(list);
        }
        let source = src_col.map(|c| unescape(fields[c]));
        segments.push(Segment::record(id, segments.len(), text, source, line_no));
    }
    super::set_records(&mut doc, segments);
    super::drop_file_text(&mut doc);
    Ok((doc, set))
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
