//! Writing the WMT MQM ratings TSV in Marot's 10-column layout: one row per error of
//! each rater, a `No-error` row for a segment a rater found clean, the span marked with
//! `<v>…</v>`, and mtqa's own fields in the metadata JSON.

use serde_json::{Map, Value};

use super::super::bundle::{escape_line, is_error, Bundle, Row};
use super::{millis_of_rfc3339, NO_ERROR, SEVERITY_KEY};
use crate::annotate::Annotation;
use crate::model::{char_to_byte, Severity};

/// What an annotation's `note` says: the editor's comment, else the check's message.
fn note_of(a: &Annotation) -> &str {
    if a.comment.is_empty() {
        &a.message
    } else {
        &a.comment
    }
}

fn mark(text: &str, start: usize, end: usize) -> String {
    let s = char_to_byte(text, start);
    let e = char_to_byte(text, end);
    format!("{}<v>{}</v>{}", &text[..s], &text[s..e], &text[e..])
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Neutral => "Neutral",
        Severity::Minor => "Minor",
        Severity::Major => "Major",
        Severity::Critical => "Critical",
    }
}

/// The header of the Marot layout.
pub const MAROT_HEADER: [&str; 10] = [
    "system",
    "doc",
    "docSegId",
    "globalSegId",
    "rater",
    "source",
    "target",
    "category",
    "severity",
    "metadata",
];

/// Who rated each segment, and with what. A bundle read from a ratings file says it
/// (each rater's rows, `No-error` records included); otherwise every editor rated every
/// segment, the automatic findings counting for each of them (as [`crate::score`] scores
/// a report), and with no editor the findings are `mtqa`'s rating.
pub fn ratings_of_row<'a>(
    r: &'a Row,
    editors: &std::collections::BTreeSet<String>,
    recorded: bool,
) -> Vec<(String, Vec<&'a Annotation>, Option<&'a Annotation>)> {
    let live: Vec<&Annotation> = r.annotations.iter().filter(|a| is_error(a)).collect();
    let automatic: Vec<&Annotation> = live.iter().copied().filter(|a| a.is_automatic()).collect();
    let raters: std::collections::BTreeSet<String> = if recorded {
        live.iter()
            .filter(|a| !a.is_automatic())
            .map(|a| a.annotator.clone())
            .collect()
    } else if editors.is_empty() {
        std::iter::once("mtqa".to_string()).collect()
    } else {
        editors.clone()
    };
    raters
        .into_iter()
        .map(|rater| {
            let mut own: Vec<&Annotation> = live
                .iter()
                .copied()
                .filter(|a| !a.is_automatic() && a.annotator == rater && !a.is_no_error())
                .chain(automatic.iter().copied())
                .collect();
            // Stable, on what is written: a re-read export lists them in the same order.
            own.sort_by(|a, b| {
                (
                    a.on_source,
                    a.anchor.start,
                    a.anchor.end,
                    &a.category,
                    a.severity_label(),
                    note_of(a),
                )
                    .cmp(&(
                        b.on_source,
                        b.anchor.start,
                        b.anchor.end,
                        &b.category,
                        b.severity_label(),
                        note_of(b),
                    ))
            });
            let record = live
                .iter()
                .copied()
                .find(|a| !a.is_automatic() && a.annotator == rater && a.is_no_error());
            (rater, own, record)
        })
        .collect()
}

/// Writes the ratings in Marot's 10-column layout (`system doc docSegId globalSegId rater
/// source target category severity metadata`): one row per error of each rater (marked
/// `<v>…</v>` in the target, or in the source for spans marked there), a `No-error` row
/// for a rater who found none. Each row's metadata carries the time (`timestamp`, ms),
/// the comment (`note`), the segment's correction (`corrected_translation`), the
/// paragraph (`segment.starts_paragraph`), the languages (`evaluation`), and every key an
/// import kept. Segments read from a ratings file keep their system, doc and ids; others
/// are `system`, `doc`, their number. Fields escaped as in [`escape_line`].
pub fn write(b: &Bundle, system: &str, doc: &str) -> Vec<u8> {
    let editors: std::collections::BTreeSet<String> = b
        .rows
        .iter()
        .flat_map(|r| r.annotations.iter())
        .filter(|a| is_error(a) && !a.is_automatic())
        .map(|a| a.annotator.clone())
        .collect();
    let recorded = b
        .rows
        .iter()
        .flat_map(|r| r.annotations.iter())
        .any(|a| a.is_no_error() && !a.is_automatic());
    let mut evaluation = Map::new();
    if let Some(l) = &b.source_lang {
        evaluation.insert("source_language".into(), Value::String(l.clone()));
    }
    if let Some(l) = &b.target_lang {
        evaluation.insert("target_language".into(), Value::String(l.clone()));
    }
    let mut out = MAROT_HEADER.join("\t");
    out.push('\n');
    for (i, r) in b.rows.iter().enumerate() {
        let n = (i + 1).to_string();
        let (sys, d, seg, global) = match &r.rated {
            Some(k) => (
                k.system.as_str(),
                k.doc.as_str(),
                k.doc_seg_id.as_str(),
                k.global_seg_id.as_str(),
            ),
            None => (system, doc, n.as_str(), n.as_str()),
        };
        let source = r.source.as_deref().unwrap_or("");
        // Metadata keys in one order — time, note, correction, what an import kept, then
        // the paragraph and the languages — so that reading an export and writing it again
        // gives the same bytes.
        let metadata = |a: Option<&Annotation>| -> String {
            let mut m = Map::new();
            let empty = Map::new();
            let kept = a.map_or(&empty, |a| &a.metadata);
            if let Some(a) = a {
                if let Some(ms) = millis_of_rfc3339(&a.created) {
                    m.insert("timestamp".into(), Value::from(ms));
                }
                let note = note_of(a);
                if !note.is_empty() {
                    m.insert("note".into(), Value::String(note.to_string()));
                }
            }
            match kept.get("corrected_translation") {
                Some(c) => {
                    m.insert("corrected_translation".into(), c.clone());
                }
                None if r.corrected != r.mt => {
                    m.insert(
                        "corrected_translation".into(),
                        Value::String(r.corrected.clone()),
                    );
                }
                None => {}
            }
            for (key, v) in kept {
                if key != SEVERITY_KEY && !m.contains_key(key) {
                    m.insert(key.clone(), v.clone());
                }
            }
            if !m.contains_key("segment") {
                let mut sg = Map::new();
                sg.insert("starts_paragraph".into(), Value::Bool(r.starts_paragraph));
                m.insert("segment".into(), Value::Object(sg));
            }
            if !evaluation.is_empty() && !m.contains_key("evaluation") {
                m.insert("evaluation".into(), Value::Object(evaluation.clone()));
            }
            Value::Object(m).to_string()
        };
        let mut row =
            |rater: &str, src: &str, target: &str, category: &str, severity: &str, meta: String| {
                let fields = [sys, d, seg, global, rater, src, target, category, severity];
                for f in fields {
                    out.push_str(&escape_line(f));
                    out.push('\t');
                }
                // JSON holds no tab or line break: written as it is, for Marot to parse.
                out.push_str(&meta);
                out.push('\n');
            };
        for (rater, errors, record) in ratings_of_row(r, &editors, recorded) {
            // A rater's No-error row: when they marked nothing, and wherever a file said
            // so (Anthea writes one beside neutral marks and attention checks).
            if errors.is_empty() || record.is_some() {
                let meta = metadata(record);
                row(&rater, source, &r.mt, NO_ERROR, NO_ERROR, meta);
            }
            for a in errors {
                let (src, target) = if a.on_source {
                    (mark(source, a.anchor.start, a.anchor.end), r.mt.clone())
                } else {
                    (
                        source.to_string(),
                        mark(&r.mt, a.anchor.start, a.anchor.end),
                    )
                };
                let severity = a
                    .metadata
                    .get(SEVERITY_KEY)
                    .and_then(Value::as_str)
                    .unwrap_or(severity_name(a.severity))
                    .to_string();
                let meta = metadata(Some(a));
                row(&rater, &src, &target, &a.category, &severity, meta);
            }
        }
    }
    out.into_bytes()
}
