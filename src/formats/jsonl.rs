//! JSON Lines input: one segment a line, `{"id": …, "target": …, "source": …}`.
//! `id` may be a string or a number (defaults to the record number); `target` is required
//! (`mt` is accepted as an alias); blank lines are skipped.

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::Value;

use super::bundle::Bundle;
use super::Loaded;
use crate::annotate::AnnotationSet;
use crate::error::LoadError;
use crate::model::{Encoding, InputFormat, Segment};

/// Parses a JSONL document.
pub fn parse(path: PathBuf, text: String, encoding: Encoding) -> Result<Loaded, LoadError> {
    let mut set = AnnotationSet::default();
    let mut doc = super::new_document(path.clone(), InputFormat::Jsonl, text, encoding);
    // Ids seen, held inline when short: a million ids are not a million allocations.
    let mut seen: HashSet<crate::model::SegId> = HashSet::new();
    let err = |line, column, message| LoadError::syntax(&path, line, column, message);
    let mut segments = Vec::new();
    for (n, line) in doc.text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| err(line_no, e.column().max(1), format!("invalid JSON: {e}")))?;
        let Value::Object(obj) = value else {
            return Err(err(line_no, 1, "expected a JSON object".to_string()));
        };
        let id = match obj.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(x)) => x.to_string(),
            None | Some(Value::Null) => (segments.len() + 1).to_string(),
            Some(other) => {
                return Err(err(
                    line_no,
                    1,
                    format!("\"id\" must be a string or a number, not {other}"),
                ))
            }
        };
        let target = match obj.get("target").or_else(|| obj.get("mt")) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(err(
                    line_no,
                    1,
                    format!("\"target\" must be a string, not {other}"),
                ))
            }
            None => {
                return Err(err(
                    line_no,
                    1,
                    "missing \"target\" (the machine translation)".to_string(),
                ))
            }
        };
        let source = match obj.get("source") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(other) => {
                return Err(err(
                    line_no,
                    1,
                    format!("\"source\" must be a string, not {other}"),
                ))
            }
        };
        if !seen.insert(id.as_str().into()) {
            return Err(err(line_no, 1, format!("duplicate id {id:?}")));
        }
        // mtqa's own exports carry the corrected text and the annotations.
        match obj.get("corrected") {
            Some(Value::String(c)) if *c != target => {
                set.corrections.insert(id.clone(), c.clone());
            }
            Some(Value::String(_)) | None | Some(Value::Null) => {}
            Some(other) => {
                return Err(err(
                    line_no,
                    1,
                    format!("\"corrected\" must be a string, not {other}"),
                ))
            }
        }
        if let Some(a) = obj.get("annotations") {
            let list: Vec<crate::annotate::Annotation> = serde_json::from_value(a.clone())
                .map_err(|e| err(line_no, 1, format!("\"annotations\": {e}")))?;
            set.annotations.extend(list);
        }
        segments.push(Segment::record(id, segments.len(), target, source, line_no));
    }
    super::set_records(&mut doc, segments);
    super::drop_file_text(&mut doc);
    Ok((doc, set))
}

/// JSON Lines: `{"id","source","mt","corrected","annotations"}` per segment.
pub fn write(b: &Bundle) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_reports_errors() {
        let read = |t: &str| parse("x.jsonl".into(), t.into(), Encoding::Utf8);
        let error = |t: &str| read(t).err().map(|e| e.to_string()).unwrap_or_default();
        let t = "{\"id\":\"a\",\"target\":\"Hello.\",\"source\":\"Bonjour.\"}\n\n{\"id\":7,\"target\":\"Bye.\"}\n";
        let (doc, _) = read(t).expect("reads");
        let ids: Vec<(&str, Option<&str>)> = doc
            .segments
            .iter()
            .map(|s| (s.id.as_str(), s.source.as_deref()))
            .collect();
        assert_eq!(ids, [("a", Some("Bonjour.")), ("7", None)]);
        let msg = error("{\"id\":1,\"target\":\"a\"}\n{\"id\":2,\"target\":\"b\"\n");
        assert!(msg.starts_with("x.jsonl:2:"), "{msg}");
        assert!(error("{\"id\":1}").contains("missing \"target\""));
    }
}
