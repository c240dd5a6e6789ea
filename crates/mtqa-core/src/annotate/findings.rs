//! Findings become annotations: their stable ids, and the merge of a fresh check run (and
//! of the annotations an input file carries) into an annotation set, keeping decisions and
//! editors' words.

use crate::annotate::{Anchor, Annotation, AnnotationSet, Status};
use crate::digest::sha256_hex;
use crate::model::{Document, Finding};

/// The stable id of the annotation made from a finding: the same finding always gets the
/// same id, so that `check --save` run twice adds nothing.
pub fn finding_id(segment: Option<&str>, f: &Finding) -> String {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        f.check,
        segment.unwrap_or(""),
        f.start,
        f.end,
        f.text
    );
    format!("chk-{}", &sha256_hex(key.as_bytes())[..16])
}

/// Turns findings into open annotations.
pub fn findings_to_annotations(
    doc: &Document,
    findings: &[Finding],
    annotator: &str,
    now: &str,
) -> Vec<Annotation> {
    // Document-level findings are offsets into the whole text: index it once.
    let index = crate::model::CharIndex::new(if findings.iter().any(|f| f.segment.is_none()) {
        &doc.text[..]
    } else {
        ""
    });
    let seg_indexes = crate::annotate::anchor::busy_segment_indexes(
        doc,
        findings.iter().filter_map(|f| f.segment),
    );
    findings
        .iter()
        .map(|f| {
            let seg = f.segment.and_then(|i| doc.segments.get(i).map(|s| (i, s)));
            let seg_id = seg.map(|(_, s)| s.id.to_string());
            let anchor = match seg {
                Some((i, s)) => match seg_indexes.get(&i) {
                    Some(idx) => Anchor::new_indexed(&s.text, idx, f.start, f.end),
                    None => Anchor::new(&s.text, f.start, f.end),
                },
                None => Anchor::new_indexed(&doc.text, &index, f.start, f.end),
            };
            let id = finding_id(seg_id.as_deref(), f);
            Annotation {
                category: f.category.clone(),
                severity: f.severity,
                message: f.message.clone(),
                correction: f.suggestion.clone(),
                origin: format!("check:{}", f.check),
                annotator: annotator.to_string(),
                ..Annotation::new(id, seg_id, anchor, now)
            }
        })
        .collect()
}

/// What [`merge_findings`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingMerge {
    /// New annotations.
    pub added: usize,
    /// Open automatic annotations no check reports any more (the text was fixed): removed.
    pub removed: usize,
    /// Automatic annotations kept (decided ones keep their decision).
    pub kept: usize,
    /// Open automatic annotations no check reports any more but that carry an editor's
    /// words (a comment, an edited correction or severity): kept, marked `orphaned`.
    pub orphaned: usize,
}

/// Adds the annotations and corrections an input file carries (XLIFF ITS marks, an MQM
/// file's ratings, mtqa's TSV/JSONL columns) to `set`, so that an annotation file never
/// shadows them: those whose id `set` lacks are added, corrections of segments `set` has
/// none for are taken. Returns how many annotations were added.
pub fn merge_imported(set: &mut AnnotationSet, imported: AnnotationSet) -> usize {
    let ids: std::collections::HashSet<String> =
        set.annotations.iter().map(|a| a.id.clone()).collect();
    let mut added = 0;
    for a in imported.annotations {
        if !ids.contains(&a.id) {
            set.annotations.push(a);
            added += 1;
        }
    }
    for (seg, text) in imported.corrections {
        set.corrections.entry(seg).or_insert(text);
    }
    if added > 0 {
        set.sort();
    }
    added
}

/// Merges the annotations of a fresh check run into `set`: new findings are added as open
/// annotations; a finding already there (same id, or same check, segment, span and quote
/// after re-anchoring) keeps its annotation and its decision; open automatic annotations
/// that no check reports any more (the text was fixed) are dropped, unless an editor wrote
/// on them (a comment, an edit): those are kept, marked `orphaned`. Decided ones and the
/// editors' annotations always stay.
pub fn merge_findings(set: &mut AnnotationSet, fresh: Vec<Annotation>) -> FindingMerge {
    type Key = (String, Option<String>, usize, usize, String);
    let key = |a: &Annotation| -> Key {
        (
            a.origin.clone(),
            a.segment.clone(),
            a.anchor.start,
            a.anchor.end,
            a.anchor.quote.clone(),
        )
    };
    let mut m = FindingMerge::default();
    let fresh_ids: std::collections::HashSet<&str> = fresh.iter().map(|a| a.id.as_str()).collect();
    let fresh_keys: std::collections::HashSet<Key> = fresh.iter().map(key).collect();
    let before = set.annotations.len();
    let mut orphaned = 0;
    set.annotations.retain_mut(|a| {
        let reported =
            fresh_ids.contains(a.id.as_str()) || (!a.orphaned && fresh_keys.contains(&key(a)));
        if !(a.is_automatic() && a.status == Status::Open && !reported) {
            return true;
        }
        // An editor's words are never dropped because a check stopped reporting (another
        // --skip or --lang, a fixed text): the annotation stays, orphaned.
        let touched = !a.comment.is_empty() || a.modified != a.created;
        if touched {
            if !a.orphaned {
                a.orphaned = true;
                orphaned += 1;
            }
            return true;
        }
        false
    });
    m.orphaned = orphaned;
    m.removed = before - set.annotations.len();
    // Found again where it was: no longer orphaned.
    for a in set.annotations.iter_mut() {
        if a.orphaned && a.is_automatic() && fresh_ids.contains(a.id.as_str()) {
            a.orphaned = false;
        }
    }
    let existing_ids: std::collections::HashMap<String, usize> = set
        .annotations
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let existing_keys: std::collections::HashSet<Key> = set
        .annotations
        .iter()
        .filter(|a| a.is_automatic() && !a.orphaned)
        .map(key)
        .collect();
    let mut edited_by_hand = Vec::new();
    for a in fresh {
        if let Some(&i) = existing_ids.get(&a.id) {
            // A correction that is not the check's own suggestion was written by an
            // editor, even in a file edited by hand that did not say so (`modified`):
            // recorded now, so that it is kept if the check stops reporting it later.
            let e = &set.annotations[i];
            if e.is_automatic() && e.modified == e.created && e.correction != a.correction {
                edited_by_hand.push((i, a.modified.clone()));
            }
            m.kept += 1;
        } else if existing_keys.contains(&key(&a)) {
            m.kept += 1;
        } else {
            set.annotations.push(a);
            m.added += 1;
        }
    }
    for (i, when) in edited_by_hand {
        set.annotations[i].modified = when;
    }
    set.sort();
    m
}
