//! One record of a segment file (a JSON Lines line, a TSV row), read on its own: the file
//! readers ([`super::jsonl`], [`super::tsv`]) and the stream reader ([`crate::stream`])
//! share these, so a record means the same whether a file is read whole or streamed.

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use crate::annotate::{Annotation, AnnotationSet};
use crate::error::LoadError;
use crate::model::{Document, Segment};

/// A record's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its id: its own, else `default_id`.
    pub id: String,
    /// The machine translation.
    pub target: String,
    /// The source, where the record has one.
    pub source: Option<String>,
    /// The corrected text, where the record has one (mtqa's own exports).
    pub corrected: Option<String>,
    /// Annotations carried by the record (mtqa's own exports).
    pub annotations: Vec<Annotation>,
}

/// What is wrong with a record: the 1-based column and a message.
pub type RecordError = (usize, String);

/// Reads a JSON Lines record `{"id": …, "target": …, "source": …}`: `id` a string or a
/// number (else `default_id`), `target` (or `mt`) required.
pub fn jsonl(line: &str, default_id: usize) -> Result<Record, RecordError> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| (e.column().max(1), format!("invalid JSON: {e}")))?;
    let Value::Object(mut obj) = value else {
        return Err((1, "expected a JSON object".to_string()));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(x)) => x.to_string(),
        None | Some(Value::Null) => default_id.to_string(),
        Some(other) => {
            return Err((
                1,
                format!("\"id\" must be a string or a number, not {other}"),
            ));
        }
    };
    let target = match obj.remove("target").or_else(|| obj.remove("mt")) {
        Some(Value::String(s)) => s,
        Some(other) => return Err((1, format!("\"target\" must be a string, not {other}"))),
        None => {
            return Err((
                1,
                "missing \"target\" (the machine translation)".to_string(),
            ))
        }
    };
    let source = match obj.remove("source") {
        Some(Value::String(s)) => Some(s),
        None | Some(Value::Null) => None,
        Some(other) => return Err((1, format!("\"source\" must be a string, not {other}"))),
    };
    let corrected = match obj.remove("corrected") {
        Some(Value::String(c)) => Some(c),
        None | Some(Value::Null) => None,
        Some(other) => return Err((1, format!("\"corrected\" must be a string, not {other}"))),
    };
    let annotations = match obj.remove("annotations") {
        Some(a) => serde_json::from_value(a).map_err(|e| (1, format!("\"annotations\": {e}")))?,
        None => Vec::new(),
    };
    Ok(Record {
        id,
        target,
        source,
        corrected,
        annotations,
    })
}

/// The columns of a TSV file, from its header row.
#[derive(Debug, Clone)]
pub struct TsvColumns {
    count: usize,
    id: Option<usize>,
    source: Option<usize>,
    target: usize,
    corrected: Option<usize>,
    annotations: Option<usize>,
}

impl TsvColumns {
    /// Reads the header row (`id<TAB>source<TAB>target` or `id<TAB>target`; `src`, `tgt`,
    /// `mt` … accepted).
    pub fn from_header(header: &str) -> Result<TsvColumns, String> {
        let names: Vec<String> = header
            .split('\t')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let find = |alts: &[&str]| names.iter().position(|n| alts.contains(&n.as_str()));
        let Some(target) = find(&["target", "tgt", "mt", "translation", "hyp"]) else {
            return Err(format!("the header {header:?} names no target column: expected `id<TAB>source<TAB>target` or `id<TAB>target`"));
        };
        Ok(TsvColumns {
            count: names.len(),
            id: find(&["id", "seg_id", "segment", "segid"]),
            source: find(&["source", "src"]),
            target,
            corrected: find(&["corrected", "pe", "post-edited"]),
            annotations: find(&["annotations"]),
        })
    }

    /// Reads a row. Inside a field, `\t`, `\n`, `\r` and `\\` stand for a tab, a line feed,
    /// a carriage return and a backslash.
    pub fn record(&self, line: &str, default_id: usize) -> Result<Record, RecordError> {
        use crate::text::escape::unescape_line as unescape;
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != self.count {
            let column = if fields.len() > self.count {
                fields
                    .iter()
                    .take(self.count)
                    .map(|f| f.chars().count() + 1)
                    .sum::<usize>()
                    + 1
            } else {
                line.chars().count() + 1
            };
            return Err((
                column,
                format!(
                    "{} fields where the header has {} (a tab inside a field must be written \\t)",
                    fields.len(),
                    self.count
                ),
            ));
        }
        let id = match self.id {
            Some(c) => fields[c].trim().to_string(),
            None => default_id.to_string(),
        };
        if id.is_empty() {
            return Err((1, "empty id".into()));
        }
        let annotations = match self
            .annotations
            .map(|c| unescape(fields[c]))
            .filter(|a| !a.trim().is_empty())
        {
            Some(a) => {
                serde_json::from_str(&a).map_err(|e| (1, format!("annotations column: {e}")))?
            }
            None => Vec::new(),
        };
        Ok(Record {
            id,
            target: unescape(fields[self.target]),
            source: self.source.map(|c| unescape(fields[c])),
            corrected: self.corrected.map(|c| unescape(fields[c])),
            annotations,
        })
    }
}

/// Reads every record of a whole segment file into `doc`: `lines` are (0-based line
/// number, line), `record` reads one line. A bad record or a repeated id is an error naming
/// the line; mtqa's own exports give their corrected texts and annotations.
pub(crate) fn read_all<'a>(
    path: &Path,
    mut doc: Document,
    lines: impl Iterator<Item = (usize, &'a str)>,
    record: impl Fn(&str, usize) -> Result<Record, RecordError>,
) -> Result<super::Loaded, LoadError> {
    let err = |line, column, message| LoadError::syntax(path, line, column, message);
    let mut set = AnnotationSet::default();
    // Ids seen, held inline when short: a million ids are not a million allocations.
    let mut seen: HashSet<crate::model::SegId> = HashSet::new();
    let mut segments = Vec::new();
    for (n, line) in lines {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let r = record(line, segments.len() + 1)
            .map_err(|(column, message)| err(line_no, column, message))?;
        if !seen.insert(r.id.as_str().into()) {
            return Err(err(line_no, 1, format!("duplicate id {:?}", r.id)));
        }
        if let Some(c) = r.corrected.filter(|c| *c != r.target) {
            set.corrections.insert(r.id.clone(), c);
        }
        set.annotations.extend(r.annotations);
        let paragraph = segments.len();
        segments.push(Segment::record(
            r.id, paragraph, r.target, r.source, line_no,
        ));
    }
    super::set_records(&mut doc, segments);
    super::drop_file_text(&mut doc);
    Ok((doc, set))
}
