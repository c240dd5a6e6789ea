//! The editor's sentence boundaries: splitting and merging segments as undoable
//! operations that move the annotations and corrections with them, and applying a saved
//! segmentation to a freshly loaded document.

use super::{Anchor, Annotation, AnnotationSet, EditError, Op};
use crate::model::Document;

/// Applies the editor's segmentation of `set` to a freshly loaded document.
pub fn apply_segmentation(doc: &mut Document, set: &AnnotationSet) {
    for (&p, starts) in &set.segmentation {
        doc.resegment(p, starts);
    }
}

/// The operation that splits segment `id` of `doc` at char `at` of its text: the new
/// boundary, and every annotation and correction of the paragraph moved to the new ids.
/// Apply it, then [`apply_segmentation`] (or `doc.resegment`) to the document.
pub fn split_segment(
    doc: &Document,
    set: &AnnotationSet,
    id: &str,
    at: usize,
) -> Result<Op, EditError> {
    let (p, seg_start, len) = locate_segment(doc, id)?;
    if at == 0 || at >= len {
        return Err(EditError::Segmentation(format!(
            "split point {at} is not inside {id:?}"
        )));
    }
    let mut starts = doc
        .sentence_starts(p)
        .ok_or_else(|| EditError::Segmentation("records cannot be split".into()))?;
    starts.push(seg_start + at);
    starts.sort_unstable();
    resegment_op(doc, set, p, starts)
}

/// The operation that merges segment `id` with the next segment of its paragraph.
pub fn merge_segments(doc: &Document, set: &AnnotationSet, id: &str) -> Result<Op, EditError> {
    let (p, seg_start, _) = locate_segment(doc, id)?;
    let mut starts = doc
        .sentence_starts(p)
        .ok_or_else(|| EditError::Segmentation("records cannot be merged".into()))?;
    let next = starts.iter().position(|&s| s > seg_start).ok_or_else(|| {
        EditError::Segmentation(format!("{id:?} is the last sentence of its paragraph"))
    })?;
    starts.remove(next);
    resegment_op(doc, set, p, starts)
}

/// (paragraph, start of the segment in chars of the paragraph text, segment length in chars).
fn locate_segment(doc: &Document, id: &str) -> Result<(usize, usize, usize), EditError> {
    let i = doc
        .segments
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| EditError::NoSuchSegment(id.into()))?;
    let seg = &doc.segments[i];
    let para = &doc.paragraphs[seg.paragraph];
    let crate::model::Origin::Span(r) = &seg.origin else {
        return Err(EditError::Segmentation(
            "records cannot be split or merged".into(),
        ));
    };
    let start = doc
        .text
        .get(para.range.start..r.start)
        .map_or(0, |s| s.chars().count());
    Ok((seg.paragraph, start, seg.text.chars().count()))
}

fn resegment_op(
    doc: &Document,
    set: &AnnotationSet,
    p: usize,
    starts: Vec<usize>,
) -> Result<Op, EditError> {
    let mut after = doc.clone();
    if !after.resegment(p, &starts) {
        return Err(EditError::Segmentation(
            "the boundaries fall outside the paragraph".into(),
        ));
    }
    let para_start = doc.paragraphs[p].range.start;
    // Char offset of each segment of the paragraph in the paragraph text, before and after.
    let spans = |d: &Document| -> Vec<(String, usize, String)> {
        let para = &d.paragraphs[p];
        d.segments[para.first_segment..para.first_segment + para.segment_count]
            .iter()
            .filter_map(|s| match &s.origin {
                crate::model::Origin::Span(r) => Some((
                    s.id.to_string(),
                    d.text.get(para_start..r.start)?.chars().count(),
                    s.text.to_string(),
                )),
                crate::model::Origin::Record { .. } => None,
            })
            .collect()
    };
    let old = spans(doc);
    let new = spans(&after);
    let mut ops = vec![Op::SetSegmentation {
        paragraph: p,
        starts: Some(starts),
    }];
    for a in &set.annotations {
        let Some((_, off, _)) = old.iter().find(|(id, _, _)| Some(id) == a.segment.as_ref()) else {
            continue;
        };
        let (s, e) = (off + a.anchor.start, off + a.anchor.end);
        let target = new
            .iter()
            .find(|(_, o, t)| *o <= s && e <= o + t.chars().count());
        let Some((nid, no, ntext)) = target else {
            return Err(EditError::Segmentation(format!(
                "annotation {:?} would straddle the new boundary",
                a.id
            )));
        };
        let moved = Annotation {
            segment: Some(nid.clone()),
            anchor: Anchor::new(ntext, s - no, e - no),
            ..a.clone()
        };
        if moved != *a {
            ops.push(Op::Replace { annotation: moved });
        }
    }
    // Corrections follow their text: segments that keep their span keep their correction;
    // a corrected segment may not be split or merged (the edit would be ambiguous).
    let mut new_corrections = Vec::new();
    for (id, off, text) in &old {
        let Some(c) = set.corrections.get(id) else {
            continue;
        };
        match new.iter().find(|(_, o, t)| o == off && t == text) {
            Some((nid, _, _)) if nid == id => {}
            Some((nid, _, _)) => {
                ops.push(Op::SetCorrection {
                    segment: id.clone(),
                    text: None,
                });
                new_corrections.push(Op::SetCorrection {
                    segment: nid.clone(),
                    text: Some(c.clone()),
                });
            }
            None => {
                return Err(EditError::Segmentation(format!(
                    "segment {id:?} has a correction: clear it before splitting or merging"
                )))
            }
        }
    }
    ops.extend(new_corrections);
    Ok(Op::Batch { ops })
}
