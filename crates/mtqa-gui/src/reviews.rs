//! Several reviewers in the app: their annotation files beside the open report, the
//! disagreements between them, settling each (through [`mtqa_core::adjudicate`]), and the
//! agreement figures, recomputed only when the adjudicated annotations change.

use std::cell::RefCell;
use std::collections::HashMap;

use egui::Color32;

use mtqa_core::adjudicate::{self, Cluster, Decided, Figures, Reviewer};
use mtqa_core::annotate::AnnotationSet;
use mtqa_core::model::Document;

/// The reviewers of the open report and what they disagree on.
#[derive(Default)]
pub struct Reviews {
    /// The reviewers, in the order they were added (A, B, C …).
    pub reviewers: Vec<Reviewer>,
    /// Their clusters of spans, in document order (agreed ones included).
    pub clusters: Vec<Cluster>,
    /// The positions in `clusters` of the disagreements.
    pub disagreements: Vec<usize>,
    /// The selected disagreement (a position in `clusters`).
    pub selected: Option<usize>,
    /// The reviewers' asserted spans by segment id: reviewer, side, start, end.
    spans: HashMap<String, Vec<(usize, bool, usize, usize)>>,
    cache: RefCell<Option<Cache>>,
}

/// The adjudicated annotations as they are now: the report's own annotation set.
pub struct Adjudicated<'a> {
    /// The report.
    pub doc: &'a Document,
    /// Its annotations.
    pub set: &'a AnnotationSet,
    /// Their revision (`Session::annotations_revision`).
    pub revision: u64,
}

/// What depends on the adjudicated annotations.
struct Cache {
    revision: u64,
    /// The decisions recorded, by cluster key.
    decisions: HashMap<String, Decided>,
    /// Disagreements settled.
    settled: usize,
    /// Agreed clusters not taken yet.
    agreed_open: usize,
    figures: Figures,
}

/// A reviewer's colour: a palette apart from the severities' backgrounds.
pub fn colour(reviewer: usize, dark: bool) -> Color32 {
    const LIGHT: [Color32; 5] = [
        Color32::from_rgb(0x15, 0x65, 0xc0),
        Color32::from_rgb(0xe6, 0x51, 0x00),
        Color32::from_rgb(0x2e, 0x7d, 0x32),
        Color32::from_rgb(0x6a, 0x1b, 0x9a),
        Color32::from_rgb(0x00, 0x83, 0x8f),
    ];
    const DARK: [Color32; 5] = [
        Color32::from_rgb(0x64, 0xb5, 0xf6),
        Color32::from_rgb(0xff, 0xb7, 0x4d),
        Color32::from_rgb(0x81, 0xc7, 0x84),
        Color32::from_rgb(0xce, 0x93, 0xd8),
        Color32::from_rgb(0x4d, 0xd0, 0xe1),
    ];
    let p = if dark { &DARK } else { &LIGHT };
    p[reviewer % p.len()]
}

/// A reviewer's letter: A, B, C …
pub fn letter(reviewer: usize) -> char {
    char::from(b'A' + (reviewer % 26) as u8)
}

impl Reviews {
    /// True when no reviewer's file is open.
    pub fn is_empty(&self) -> bool {
        self.reviewers.is_empty()
    }

    /// Adds a reviewer and recomputes the clusters.
    pub fn add(&mut self, doc: &mtqa_core::model::Document, reviewer: Reviewer) {
        let r = self.reviewers.len();
        for a in reviewer
            .set
            .annotations
            .iter()
            .filter(|a| adjudicate::asserts(a))
        {
            if let Some(seg) = &a.segment {
                self.spans.entry(seg.clone()).or_default().push((
                    r,
                    a.on_source,
                    a.anchor.start,
                    a.anchor.end,
                ));
            }
        }
        self.reviewers.push(reviewer);
        self.clusters = adjudicate::clusters(doc, &self.reviewers);
        self.disagreements = (0..self.clusters.len())
            .filter(|&i| self.clusters[i].kind.is_some())
            .collect();
        self.selected = None;
        *self.cache.borrow_mut() = None;
    }

    fn cache(&self, a: &Adjudicated<'_>) -> std::cell::Ref<'_, Option<Cache>> {
        let (doc, set, revision) = (a.doc, a.set, a.revision);
        if self.cache.borrow().as_ref().map(|c| c.revision) != Some(revision) {
            let decisions = adjudicate::decisions(set);
            let (mut settled, mut agreed_open) = (0, 0);
            for c in &self.clusters {
                match (c.kind.is_some(), decisions.contains_key(&c.key)) {
                    (true, true) => settled += 1,
                    (false, false) => agreed_open += 1,
                    _ => {}
                }
            }
            *self.cache.borrow_mut() = Some(Cache {
                revision,
                decisions,
                settled,
                agreed_open,
                figures: adjudicate::figures(
                    doc,
                    &self.reviewers,
                    Some(set),
                    &mtqa_core::score::weights::MAROT,
                ),
            });
        }
        self.cache.borrow()
    }

    /// Whether the cluster at `i` is settled in the adjudicated annotations.
    pub fn is_settled(&self, a: &Adjudicated<'_>, i: usize) -> bool {
        let c = self.cache(a);
        c.as_ref()
            .is_some_and(|c| c.decisions.contains_key(&self.clusters[i].key))
    }

    /// The decision that settled the cluster at `i`, if one did.
    pub fn decision(&self, a: &Adjudicated<'_>, i: usize) -> Option<Decided> {
        let c = self.cache(a);
        c.as_ref()?.decisions.get(&self.clusters[i].key).cloned()
    }

    /// How many disagreements are settled.
    pub fn settled_count(&self, a: &Adjudicated<'_>) -> usize {
        self.cache(a).as_ref().map_or(0, |c| c.settled)
    }

    /// How many agreed clusters are not taken into the adjudicated annotations yet.
    pub fn agreed_open(&self, a: &Adjudicated<'_>) -> usize {
        self.cache(a).as_ref().map_or(0, |c| c.agreed_open)
    }

    /// The figures (per reviewer and the adjudicated result, per pair).
    pub fn figures(&self, a: &Adjudicated<'_>) -> Figures {
        let c = self.cache(a);
        c.as_ref().map(|c| c.figures.clone()).unwrap_or(Figures {
            raters: Vec::new(),
            pairs: Vec::new(),
        })
    }

    /// The reviewers' spans on segment `i` (MT side, or source with `on_source`): reviewer
    /// and char span, for highlighting.
    pub fn spans_of(&self, segment: &str, on_source: bool) -> Vec<(usize, usize, usize)> {
        self.spans.get(segment).map_or_else(Vec::new, |v| {
            v.iter()
                .filter(|m| m.1 == on_source)
                .map(|m| (m.0, m.2, m.3))
                .collect()
        })
    }
}
