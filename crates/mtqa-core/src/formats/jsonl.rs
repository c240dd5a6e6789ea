//! JSON Lines input: one segment a line, `{"id": …, "target": …, "source": …}`.
//! `id` may be a string or a number (defaults to the record number); `target` is required
//! (`mt` is accepted as an alias); blank lines are skipped.

use std::path::PathBuf;

use super::bundle::Bundle;
use super::Loaded;
use crate::error::LoadError;
use crate::model::{Encoding, InputFormat};

/// Parses a JSONL document.
pub fn parse(path: PathBuf, text: String, encoding: Encoding) -> Result<Loaded, LoadError> {
    let doc = super::new_document(path.clone(), InputFormat::Jsonl, text, encoding);
    let text = std::sync::Arc::clone(&doc.text);
    super::records::read_all(&path, doc, text.lines().enumerate(), super::records::jsonl)
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
