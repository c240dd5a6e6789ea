//! Property tests of re-anchoring: after random edits of a report, an annotation whose text
//! and context were not touched is found again exactly where its text went; and whatever the
//! edits, an annotation is either placed on its exact quote or kept and marked orphaned —
//! never moved onto other text.

mod common;

use mtqa_core::annotate::anchor::reanchor;
use mtqa_core::annotate::{Anchor, Annotation, AnnotationSet, Status};
use mtqa_core::formats::{load_bytes, LoadOptions};
use mtqa_core::model::{char_to_byte, Document, Origin, Severity};
use proptest::prelude::*;

fn load(text: &str) -> Document {
    let opts = LoadOptions {
        lang: Some("en".into()),
        ..LoadOptions::default()
    };
    load_bytes("r.txt".as_ref(), text.as_bytes(), &opts).expect("loads")
}

fn annotation(seg: &str, text: &str, start: usize, end: usize) -> Annotation {
    Annotation {
        id: "a".into(),
        segment: Some(seg.into()),
        anchor: Anchor::new(text, start, end),
        category: "Style/Awkward".into(),
        severity: Severity::Minor,
        comment: String::new(),
        message: String::new(),
        correction: None,
        origin: "editor:t".into(),
        annotator: "t".into(),
        status: Status::Accepted,
        created: "2026-01-01T00:00:00Z".into(),
        modified: "2026-01-01T00:00:00Z".into(),
        orphaned: false,
        conflict: false,
        on_source: false,
        metadata: Default::default(),
    }
}

/// Random words: high-entropy, so that a quote of a few words occurs once.
fn word() -> impl Strategy<Value = String> {
    "[bcdfghjklmnpqrstvwz][aeiou][bcdfghjklmnpqrstvwz]{1,2}[aeiou]?".prop_map(|s| s)
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 3..12).prop_map(|w| {
        let mut s = w.join(" ");
        if let Some(first) = s.get(..1) {
            s.replace_range(..1, &first.to_uppercase());
        }
        s.push('.');
        s
    })
}

fn report() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::collection::vec(sentence(), 1..5).prop_map(|p| p.join(" ")),
        2..8,
    )
    .prop_map(|ps| ps.join("\n\n") + "\n")
}

#[derive(Debug, Clone)]
enum Edit {
    /// Insert text at a fraction of the document.
    Insert(f64, String),
    /// Delete a span starting at a fraction, of a given length in chars.
    Delete(f64, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (
            0.0..1.0f64,
            prop_oneof![
                sentence().prop_map(|s| format!(" {s}")),
                sentence().prop_map(|s| format!("\n\n{s}\n\n")),
                word().prop_map(|w| format!(" {w}"))
            ]
        )
            .prop_map(|(f, s)| Edit::Insert(f, s)),
        (0.0..1.0f64, 1usize..30).prop_map(|(f, n)| Edit::Delete(f, n)),
    ]
}

/// Applies edits that keep off `[lo, hi)` (byte range of the protected text); returns the
/// new text and where the protected text is now.
fn apply_outside(text: &str, edits: &[Edit], lo: usize, hi: usize) -> (String, usize) {
    let mut t = text.to_string();
    let (mut lo, mut hi) = (lo, hi);
    for e in edits {
        let at = |f: f64, t: &str| {
            let mut b = ((t.len() as f64) * f) as usize;
            while !t.is_char_boundary(b) {
                b -= 1;
            }
            b
        };
        match e {
            Edit::Insert(f, s) => {
                let b = at(*f, &t);
                if b > lo && b < hi {
                    continue;
                }
                t.insert_str(b, s);
                if b <= lo {
                    lo += s.len();
                    hi += s.len();
                }
            }
            Edit::Delete(f, n) => {
                let b = at(*f, &t);
                let e = char_to_byte(&t[b..], *n) + b;
                if e > lo && b < hi {
                    continue;
                }
                t.replace_range(b..e, "");
                if e <= lo {
                    lo -= e - b;
                    hi -= e - b;
                }
            }
        }
    }
    (t, lo)
}

fn abs_start(doc: &Document, a: &Annotation) -> Option<usize> {
    let seg = doc
        .segments
        .iter()
        .find(|s| Some(s.id.as_str()) == a.segment.as_deref())?;
    let Origin::Span(r) = &seg.origin else {
        return None;
    };
    Some(r.start + char_to_byte(&seg.text, a.anchor.start))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    #[test]
    fn untouched_annotations_follow_their_text(text in report(), pick in 0.0..1.0f64, len in 1usize..20, edits in prop::collection::vec(edit(), 1..8)) {
        let doc = load(&text);
        let si = ((doc.segments.len() as f64) * pick) as usize % doc.segments.len();
        let seg = &doc.segments[si];
        let n = seg.text.chars().count();
        let start = ((n as f64) * pick) as usize % n;
        let end = (start + len).min(n);
        let a = annotation(&seg.id, &seg.text, start, end);
        let Origin::Span(r) = &seg.origin else { unreachable!() };
        let abs = r.start + char_to_byte(&seg.text, start);
        let abs_end = r.start + char_to_byte(&seg.text, end);
        // Protect the quote and its context within the segment.
        let ctx_lo = r.start + char_to_byte(&seg.text, start.saturating_sub(40));
        let ctx_hi = r.start + char_to_byte(&seg.text, end + 40);
        let (new_text, _) = apply_outside(&text, &edits, ctx_lo, ctx_hi);
        let moved_to = new_text.find(&text[ctx_lo..ctx_hi]).map(|p| p + (abs - ctx_lo));
        let new_doc = load(&new_text);
        let mut set = AnnotationSet { annotations: vec![a.clone()], ..Default::default() };
        reanchor(&mut set, &new_doc);
        let b = &set.annotations[0];
        prop_assert!(!b.orphaned, "orphaned: {a:?}\n{new_text}");
        prop_assert_eq!(&b.anchor.quote, &text[abs..abs_end]);
        prop_assert_eq!(abs_start(&new_doc, b), moved_to);
        prop_assert_eq!(b.status, Status::Accepted);
    }

    #[test]
    fn any_edit_places_exactly_or_orphans(text in report(), pick in 0.0..1.0f64, len in 0usize..12, edits in prop::collection::vec(edit(), 1..10)) {
        let doc = load(&text);
        let si = ((doc.segments.len() as f64) * pick) as usize % doc.segments.len();
        let seg = &doc.segments[si];
        let n = seg.text.chars().count();
        let start = ((n as f64) * pick) as usize % n;
        let a = annotation(&seg.id, &seg.text, start, (start + len).min(n));
        let (new_text, _) = apply_outside(&text, &edits, usize::MAX, usize::MAX);
        let new_doc = load(&new_text);
        let mut set = AnnotationSet { annotations: vec![a.clone()], ..Default::default() };
        reanchor(&mut set, &new_doc);
        let b = &set.annotations[0];
        if b.orphaned {
            prop_assert_eq!(&b.anchor, &a.anchor, "an orphan keeps its old anchor");
        } else {
            let seg = new_doc.segments.iter().find(|s| Some(s.id.as_str()) == b.segment.as_deref()).expect("segment exists");
            prop_assert!(b.anchor.holds_in(&seg.text), "placed on other text: {b:?}");
            prop_assert_eq!(&b.anchor.quote, &a.anchor.quote);
        }
    }
}
