//! Annotations: the editor's and the checks' span annotations, per-segment corrections,
//! and the operations that change them — each a value, applied through [`apply`], each
//! returning its exact inverse — with unlimited undo/redo ([`Session`]).

pub mod anchor;
mod findings;
mod segmentation;
mod session;
pub mod typology;

pub use findings::{
    finding_id, findings_to_annotations, merge_findings, merge_imported, FindingMerge,
};
pub use segmentation::{apply_segmentation, merge_segments, split_segment};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Severity;
pub use anchor::Anchor;
pub use session::Session;

/// The decision on an annotation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not decided yet.
    #[default]
    Open,
    /// Confirmed: the error is real.
    Accepted,
    /// Dismissed: a false positive.
    Rejected,
}

impl Status {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A span annotation: an error in the MT text, its category and severity, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique id (stable for automatic findings: derived from check, segment and span).
    pub id: String,
    /// Segment id; `None` for the layout between segments, anchored in the document text.
    pub segment: Option<String>,
    /// Where it is, with the quoted text and its context for re-anchoring.
    pub anchor: Anchor,
    /// MQM category path (`Fluency/Punctuation`); categories unknown to the typology are kept.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// The editor's comment.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The message of the automatic check that made it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// Proposed replacement for the quoted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
    /// `check:<id>` or `editor:<name>`.
    pub origin: String,
    /// Who made or last decided it.
    pub annotator: String,
    /// The decision.
    #[serde(default)]
    pub status: Status,
    /// When it was made (RFC 3339, UTC).
    pub created: String,
    /// When it last changed (RFC 3339, UTC).
    pub modified: String,
    /// True when re-anchoring could not place it in a changed report: kept, never dropped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphaned: bool,
    /// True when a merge found other versions of it (see the sidecar's `conflicts`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub conflict: bool,
    /// True when the span is in the segment's source, not its translation: an omission
    /// or a source issue marked where it is (MQM rating files mark such spans in the
    /// source column).
    #[serde(default, skip_serializing_if = "is_false")]
    pub on_source: bool,
    /// What the rating tool it came from recorded and mtqa does not use (Marot/Anthea
    /// metadata keys such as `timing` or `prior_rater`), kept as read and written back.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

impl Annotation {
    /// An annotation `id` on `anchor` of `segment` (none: the document's text), made at
    /// `now`: open, minor, with nothing else said yet. Fill the rest with struct update
    /// syntax: `Annotation { category, ..Annotation::new(id, segment, anchor, now) }`.
    pub fn new(id: String, segment: Option<String>, anchor: Anchor, now: &str) -> Annotation {
        Annotation {
            id,
            segment,
            anchor,
            category: String::new(),
            severity: Severity::Minor,
            comment: String::new(),
            message: String::new(),
            correction: None,
            origin: String::new(),
            annotator: String::new(),
            status: Status::Open,
            created: now.to_string(),
            modified: now.to_string(),
            orphaned: false,
            conflict: false,
            on_source: false,
            metadata: Default::default(),
        }
    }

    /// True for annotations made by an automatic check.
    pub fn is_automatic(&self) -> bool {
        self.origin.starts_with("check:")
    }

    /// True for a rater's record that a segment has no error (read from an MQM ratings
    /// file): it says who rated the segment, and is not an error.
    pub fn is_no_error(&self) -> bool {
        self.category.trim().eq_ignore_ascii_case("no-error")
    }

    /// The severity as the rating file wrote it (`Trivial`, `HOTW-test` …), else mtqa's.
    pub fn severity_label(&self) -> &str {
        self.metadata
            .get(SEVERITY_KEY)
            .and_then(serde_json::Value::as_str)
            .unwrap_or(self.severity.as_str())
    }
}

/// The metadata key under which a severity read from a ratings file that mtqa has no name
/// for (`Trivial`, `HOTW-test`) is kept, to be written back as it was.
pub const SEVERITY_KEY: &str = "mtqa:severity";

/// The annotations and corrections of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnnotationSet {
    /// Annotations, in document order once [`AnnotationSet::sort`] ran.
    pub annotations: Vec<Annotation>,
    /// Corrected text per segment id (the MT text with accepted fixes and free edits).
    pub corrections: BTreeMap<String, String>,
    /// Sentence boundaries set by the editor, per paragraph index: where each sentence but
    /// the first starts, in chars of the paragraph text (see [`split_segment`]).
    pub segmentation: BTreeMap<usize, Vec<usize>>,
    /// The alignment with a source document, as computed or fixed by the editor.
    pub alignment: Option<Alignment>,
}

/// A sentence alignment with a source document, kept in the annotation file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// File name of the source document.
    pub source_file: String,
    /// SHA-256 of the source document's bytes: a changed source is aligned again.
    pub source_sha256: String,
    /// The beads (source and target segment indices).
    pub beads: Vec<crate::model::Bead>,
}

/// Sort key of segment ids: `p3.s12` sorts after `p3.s2`; `None` (layout) first.
pub fn segment_key(id: Option<&str>) -> (u8, Vec<(String, u64)>) {
    let Some(id) = id else { return (0, Vec::new()) };
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut num = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                parts.push((std::mem::take(&mut text), num.parse().unwrap_or(u64::MAX)));
                num.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, num.parse().unwrap_or(0)));
    (1, parts)
}

impl AnnotationSet {
    /// The annotation with this id.
    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.annotations.iter().position(|a| a.id == id)
    }

    /// Sorts annotations in document order: segment, start, end, id.
    pub fn sort(&mut self) {
        self.annotations.sort_by_cached_key(|a| {
            (
                segment_key(a.segment.as_deref()),
                a.anchor.start,
                a.anchor.end,
                a.id.clone(),
            )
        });
    }

    /// The corrected text of a segment, or `mt` when it has none.
    pub fn corrected<'a>(&'a self, segment: &str, mt: &'a str) -> &'a str {
        self.corrections.get(segment).map_or(mt, String::as_str)
    }
}

/// An operation on an [`AnnotationSet`]: a value that can be stored, replayed and inverted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    /// Adds an annotation (its id must be new).
    Add {
        /// The annotation.
        annotation: Annotation,
    },
    /// Deletes an annotation.
    Delete {
        /// Its id.
        id: String,
    },
    /// Replaces an annotation by a new version with the same id (an edit).
    Replace {
        /// The new version.
        annotation: Annotation,
    },
    /// Accepts, rejects or reopens an annotation.
    SetStatus {
        /// Its id.
        id: String,
        /// The decision.
        status: Status,
        /// Who decided.
        annotator: String,
    },
    /// Sets (or with `None` removes) the corrected text of a segment.
    SetCorrection {
        /// Segment id.
        segment: String,
        /// The corrected text.
        text: Option<String>,
    },
    /// Applies an annotation's proposed correction to the segment's corrected text and
    /// accepts the annotation.
    ApplyFix {
        /// Annotation id.
        id: String,
        /// The segment's MT text (the base when it has no correction yet).
        mt: String,
        /// Who applied it.
        annotator: String,
    },
    /// Sets (or with `None` returns to automatic) the sentence boundaries of a paragraph.
    /// [`split_segment`] and [`merge_segments`] build it with the annotation moves it needs.
    SetSegmentation {
        /// Paragraph index.
        paragraph: usize,
        /// Sentence starts in chars of the paragraph text, the first excluded.
        starts: Option<Vec<usize>>,
    },
    /// Sets (or with `None` removes) the alignment with the source document; the editor's
    /// link, unlink, merge and split of beads (see [`crate::align::edit`]) go through it.
    SetAlignment {
        /// The new alignment.
        alignment: Option<Alignment>,
    },
    /// Several operations as one step.
    Batch {
        /// The operations, applied in order.
        ops: Vec<Op>,
    },
}

/// Why an operation could not be applied. The set is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No annotation has this id.
    #[error("no annotation with id {0:?}")]
    NoSuchAnnotation(String),
    /// An annotation with this id exists already.
    #[error("an annotation with id {0:?} exists already")]
    DuplicateId(String),
    /// The annotation proposes no correction.
    #[error("annotation {0:?} proposes no correction")]
    NoCorrection(String),
    /// The text under the annotation was changed, so its fix no longer applies.
    #[error("the text under annotation {0:?} was already changed; edit the correction instead")]
    TextChanged(String),
    /// The annotation is not on a segment.
    #[error("annotation {0:?} is on the layout, not on a segment")]
    NotOnSegment(String),
    /// No segment has this id.
    #[error("no segment with id {0:?}")]
    NoSuchSegment(String),
    /// The split or merge is not possible here.
    #[error("cannot change the segmentation: {0}")]
    Segmentation(String),
    /// The disagreement cannot be settled so.
    #[error("{0}")]
    Adjudication(String),
}

impl Op {
    /// Whether the operation may change the annotations themselves (not only the corrected
    /// texts, the segmentation or the alignment): what indexes of the annotations follow.
    pub fn touches_annotations(&self) -> bool {
        match self {
            Op::Add { .. }
            | Op::Delete { .. }
            | Op::Replace { .. }
            | Op::SetStatus { .. }
            | Op::ApplyFix { .. } => true,
            Op::SetCorrection { .. } | Op::SetAlignment { .. } => false,
            // Splitting and merging sentences moves annotations to the new segment ids.
            Op::SetSegmentation { .. } => true,
            Op::Batch { ops } => ops.iter().any(Op::touches_annotations),
        }
    }
}

/// Applies `op` to `set` at time `now` (RFC 3339); returns the operation that undoes it.
/// On error nothing is changed.
pub fn apply(set: &mut AnnotationSet, op: Op, now: &str) -> Result<Op, EditError> {
    match op {
        Op::Add { annotation } => {
            if set.position(&annotation.id).is_some() {
                return Err(EditError::DuplicateId(annotation.id));
            }
            let id = annotation.id.clone();
            set.annotations.push(annotation);
            Ok(Op::Delete { id })
        }
        Op::Delete { id } => {
            let i = set.position(&id).ok_or(EditError::NoSuchAnnotation(id))?;
            let annotation = set.annotations.remove(i);
            Ok(Op::Add { annotation })
        }
        Op::Replace { annotation } => {
            let i = set
                .position(&annotation.id)
                .ok_or_else(|| EditError::NoSuchAnnotation(annotation.id.clone()))?;
            let old = std::mem::replace(&mut set.annotations[i], annotation);
            Ok(Op::Replace { annotation: old })
        }
        Op::SetStatus {
            id,
            status,
            annotator,
        } => {
            let i = set.position(&id).ok_or(EditError::NoSuchAnnotation(id))?;
            let old = set.annotations[i].clone();
            let a = &mut set.annotations[i];
            a.status = status;
            a.annotator = annotator;
            a.modified = now.to_string();
            Ok(Op::Replace { annotation: old })
        }
        Op::SetCorrection { segment, text } => {
            let old = match text {
                Some(t) => set.corrections.insert(segment.clone(), t),
                None => set.corrections.remove(&segment),
            };
            Ok(Op::SetCorrection { segment, text: old })
        }
        Op::ApplyFix { id, mt, annotator } => {
            let a = set
                .get(&id)
                .ok_or_else(|| EditError::NoSuchAnnotation(id.clone()))?;
            let segment = a
                .segment
                .clone()
                .ok_or_else(|| EditError::NotOnSegment(id.clone()))?;
            let fix = a
                .correction
                .clone()
                .ok_or_else(|| EditError::NoCorrection(id.clone()))?;
            let base = set.corrected(&segment, &mt).to_string();
            let (start, end) = anchor::locate_in(&base, &a.anchor)
                .ok_or_else(|| EditError::TextChanged(id.clone()))?;
            let b0 = crate::model::char_to_byte(&base, start);
            let b1 = crate::model::char_to_byte(&base, end);
            let corrected = format!("{}{}{}", &base[..b0], fix, &base[b1..]);
            let text = (corrected != mt).then_some(corrected);
            let batch = Op::Batch {
                ops: vec![
                    Op::SetCorrection { segment, text },
                    Op::SetStatus {
                        id,
                        status: Status::Accepted,
                        annotator,
                    },
                ],
            };
            apply(set, batch, now)
        }
        Op::SetSegmentation { paragraph, starts } => {
            let old = match starts {
                Some(v) => set.segmentation.insert(paragraph, v),
                None => set.segmentation.remove(&paragraph),
            };
            Ok(Op::SetSegmentation {
                paragraph,
                starts: old,
            })
        }
        Op::SetAlignment { alignment } => {
            let old = std::mem::replace(&mut set.alignment, alignment);
            Ok(Op::SetAlignment { alignment: old })
        }
        Op::Batch { ops } => {
            let mut inverses = Vec::with_capacity(ops.len());
            for op in ops {
                match apply(set, op, now) {
                    Ok(inv) => inverses.push(inv),
                    Err(e) => {
                        // Roll back what was applied, so that an error changes nothing.
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(set, inv, now);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Ok(Op::Batch { ops: inverses })
        }
    }
}

/// The current time as RFC 3339 UTC with seconds. `MTQA_NOW` (an RFC 3339 time) fixes it,
/// for reproducible files (the committed example exports are made that way).
pub fn now_rfc3339() -> String {
    if let Some(t) = std::env::var("MTQA_NOW")
        .ok()
        .filter(|t| humantime::parse_rfc3339(t).is_ok())
    {
        return t;
    }
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn ann(id: &str, seg: &str, text: &str, start: usize, end: usize) -> Annotation {
        Annotation {
            id: id.into(),
            segment: Some(seg.into()),
            anchor: Anchor::new(text, start, end),
            category: "Fluency/Punctuation".into(),
            severity: Severity::Minor,
            comment: String::new(),
            message: String::new(),
            correction: Some(".".into()),
            origin: "editor:ana".into(),
            annotator: "ana".into(),
            status: Status::Open,
            created: "2026-01-01T00:00:00Z".into(),
            modified: "2026-01-01T00:00:00Z".into(),
            orphaned: false,
            conflict: false,
            on_source: false,
            metadata: Default::default(),
        }
    }

    #[test]
    fn every_op_is_inverted_exactly() {
        let mt = "It rained.. Then it stopped.";
        let mut set = AnnotationSet::default();
        let ops = vec![
            Op::Add {
                annotation: ann("a1", "p1.s1", mt, 9, 11),
            },
            Op::SetStatus {
                id: "a1".into(),
                status: Status::Rejected,
                annotator: "bo".into(),
            },
            Op::SetCorrection {
                segment: "p1.s1".into(),
                text: Some("It rained. Then it stopped!".into()),
            },
            Op::SetCorrection {
                segment: "p1.s1".into(),
                text: None,
            },
            Op::ApplyFix {
                id: "a1".into(),
                mt: mt.into(),
                annotator: "bo".into(),
            },
            Op::Replace {
                annotation: Annotation {
                    comment: "see style guide".into(),
                    ..ann("a1", "p1.s1", mt, 9, 11)
                },
            },
            Op::Delete { id: "a1".into() },
        ];
        for op in ops {
            let before = set.clone();
            let inverse = apply(&mut set, op.clone(), "2026-02-02T00:00:00Z").expect("applies");
            assert_ne!(set, before, "{op:?} changed nothing");
            let after = set.clone();
            let redo = apply(&mut set, inverse, "2026-03-03T00:00:00Z").expect("inverse applies");
            assert_eq!(set, before, "inverse of {op:?}");
            apply(&mut set, redo, "2026-04-04T00:00:00Z").expect("redo applies");
            assert_eq!(set, after, "redo of {op:?}");
        }
    }

    #[test]
    fn apply_fix_corrects_and_accepts() {
        let mt = "It rained.. Then it stopped..";
        let mut set = AnnotationSet::default();
        apply(
            &mut set,
            Op::Add {
                annotation: ann("a", "p1.s1", mt, 9, 11),
            },
            "t",
        )
        .expect("add");
        apply(
            &mut set,
            Op::Add {
                annotation: ann("b", "p1.s1", mt, 27, 29),
            },
            "t",
        )
        .expect("add");
        let fix = |id: &str| Op::ApplyFix {
            id: id.into(),
            mt: mt.into(),
            annotator: "x".into(),
        };
        apply(&mut set, fix("b"), "t").expect("fix b");
        apply(&mut set, fix("a"), "t").expect("fix a");
        assert_eq!(set.corrected("p1.s1", mt), "It rained. Then it stopped.");
        assert!(set.annotations.iter().all(|a| a.status == Status::Accepted));
        let e = apply(&mut set, fix("a"), "t");
        assert_eq!(e, Err(EditError::TextChanged("a".into())));
    }

    #[test]
    fn failed_batch_changes_nothing() {
        let mut set = AnnotationSet::default();
        let before = set.clone();
        let r = apply(
            &mut set,
            Op::Batch {
                ops: vec![
                    Op::SetCorrection {
                        segment: "p1.s1".into(),
                        text: Some("x".into()),
                    },
                    Op::Delete { id: "nope".into() },
                ],
            },
            "t",
        );
        assert!(r.is_err());
        assert_eq!(set, before);
    }

    #[test]
    fn split_and_merge_move_annotations_and_invert() {
        use crate::formats::{load_bytes, LoadOptions};
        let text = "Intro.\n\nIt rained all day and the river rose. Then it stopped.. Later.\n";
        let opts = LoadOptions {
            lang: Some("en".into()),
            ..LoadOptions::default()
        };
        let doc = load_bytes("r.txt".as_ref(), text.as_bytes(), &opts).expect("loads");
        let ids: Vec<&str> = doc.segments.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["p1.s1", "p2.s1", "p2.s2", "p2.s3"]);
        let mut set = AnnotationSet::default();
        let s2 = &doc.segments[2].text;
        apply(
            &mut set,
            Op::Add {
                annotation: ann("dots", "p2.s2", s2, 15, 17),
            },
            "t",
        )
        .expect("add");
        apply(
            &mut set,
            Op::SetCorrection {
                segment: "p2.s3".into(),
                text: Some("Later on.".into()),
            },
            "t",
        )
        .expect("c");
        // Split "It rained all day | and the river rose."
        let op = split_segment(&doc, &set, "p2.s1", 18).expect("split");
        let before = set.clone();
        let inverse = apply(&mut set, op, "t").expect("applies");
        let mut split = doc.clone();
        apply_segmentation(&mut split, &set);
        let texts: Vec<&str> = split.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Intro.",
                "It rained all day",
                "and the river rose.",
                "Then it stopped..",
                "Later."
            ]
        );
        let a = set.get("dots").expect("kept");
        assert_eq!(
            (a.segment.as_deref(), a.anchor.quote.as_str()),
            (Some("p2.s3"), "..")
        );
        assert_eq!(
            set.corrections.get("p2.s4").map(String::as_str),
            Some("Later on.")
        );
        assert!(!set.corrections.contains_key("p2.s3"));
        // Merge them back: the same segmentation and ids as at the start.
        let op = merge_segments(&split, &set, "p2.s1").expect("merge");
        apply(&mut set, op, "t").expect("applies");
        let mut merged = split.clone();
        merged.resegment(1, set.segmentation.get(&1).map_or(&[][..], Vec::as_slice));
        assert_eq!(
            merged
                .segments
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            doc.segments
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            set.get("dots").and_then(|a| a.segment.as_deref()),
            Some("p2.s2")
        );
        // The split's inverse restores the set exactly.
        let mut again = before.clone();
        let op = split_segment(&doc, &again, "p2.s1", 18).expect("split");
        apply(&mut again, op, "t").expect("applies");
        apply(&mut again, inverse, "t").expect("inverse");
        assert_eq!(again, before);
        // Splitting inside an annotation is refused.
        assert!(matches!(
            split_segment(&doc, &before, "p2.s2", 16),
            Err(EditError::Segmentation(_))
        ));
    }

    #[test]
    fn segment_ids_sort_naturally() {
        let mut ids = vec!["p10.s1", "p2.s10", "p2.s2", "x9", "x10"];
        ids.sort_by_key(|i| segment_key(Some(i)));
        assert_eq!(ids, ["p2.s2", "p2.s10", "p10.s1", "x9", "x10"]);
    }
}
