//! What is scored: rated segments with their errors, from a document and its annotations
//! or from a ratings file.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::annotate::{AnnotationSet, Status};
use crate::formats::mqm::Rating;
use crate::model::{Document, Severity};

/// One error of one rater.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// MQM category.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// The severity as written (`Minor`, `Trivial` …): weights match on it.
    pub label: String,
    /// Span in the target (or in the source, see `on_source`), in chars.
    pub span: Option<(usize, usize)>,
    /// True when the span was marked in the source (an omission, a source issue).
    pub on_source: bool,
}

/// A rater's attention checks (Marot's "hands on the wheel" tests: an error the tool
/// injected, and whether the rater found it). They are never errors of the translation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Attention {
    /// Injected errors the rater found.
    pub found: usize,
    /// Injected errors the rater missed.
    pub missed: usize,
}

/// A rated segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// MT system.
    pub system: String,
    /// Document.
    pub doc: String,
    /// Segment id.
    pub seg_id: String,
    /// Source text.
    pub source: String,
    /// MT text.
    pub target: String,
    /// Corrected text, where there is one (for HTER).
    pub corrected: Option<String>,
    /// Errors per rater; a rater with no error rated the segment clean.
    pub ratings: BTreeMap<String, Vec<Error>>,
    /// Attention checks per rater.
    pub attention: BTreeMap<String, Attention>,
    /// Other metrics the rating file gives for this segment (`metadata.segment.metrics`),
    /// by name: Marot's default view keeps a segment only when every metric, MQM
    /// included, is there for all systems or for none.
    pub metrics: BTreeSet<String>,
}

/// What is scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    /// Rated segments.
    pub items: Vec<Item>,
}

impl Input {
    /// From MQM rating rows, as Marot reads them: one item per (system, doc, docSegId),
    /// one rating per rater. A blank system is called `blank`, a blank document is named
    /// after its source text; rows without a rater and the raters Marot scores as another
    /// metric (`AutoMQM…`) are not MQM ratings; `No-error` rows make a rating without
    /// errors; attention checks (`HOTW-test`) are counted apart.
    pub fn from_ratings(ratings: &[Rating]) -> Input {
        let mut index: HashMap<(String, String, String), usize> = HashMap::new();
        let mut items: Vec<Item> = Vec::new();
        for r in ratings {
            let system = if r.system.trim().is_empty() {
                "blank".to_string()
            } else {
                r.system.clone()
            };
            let doc = if r.doc.trim().is_empty() {
                format!("source-fp-{}", r.source)
            } else {
                r.doc.clone()
            };
            let key = (system, doc, r.doc_id.clone());
            let i = match index.get(&key) {
                Some(&i) => i,
                None => {
                    items.push(Item {
                        system: key.0.clone(),
                        doc: key.1.clone(),
                        seg_id: r.doc_id.clone(),
                        source: r.source.clone(),
                        target: r.target.clone(),
                        corrected: None,
                        ratings: BTreeMap::new(),
                        attention: BTreeMap::new(),
                        metrics: BTreeSet::new(),
                    });
                    index.insert(key, items.len() - 1);
                    items.len() - 1
                }
            };
            let item = &mut items[i];
            item.metrics.extend(r.metrics.iter().cloned());
            if r.rater.is_empty() {
                continue;
            }
            if let Some(rest) = r
                .rater
                .get(..7)
                .filter(|p| p.eq_ignore_ascii_case("automqm"))
            {
                // Marot scores such a rater as a metric of its own, not as MQM.
                item.metrics
                    .insert(format!("AutoMQM{}", &r.rater[rest.len()..]));
                continue;
            }
            let errors = item.ratings.entry(r.rater.clone()).or_default();
            if r.is_attention_check() {
                let a = item.attention.entry(r.rater.clone()).or_default();
                match r.category.trim().to_lowercase().as_str() {
                    "found" => a.found += 1,
                    "missed" => a.missed += 1,
                    _ => {}
                }
                continue;
            }
            if !r.is_no_error() {
                errors.push(Error {
                    category: r.category.clone(),
                    severity: r.severity().unwrap_or(Severity::Minor),
                    label: r.severity.clone(),
                    span: r.target_span.or(r.source_span),
                    on_source: r.target_span.is_none() && r.source_span.is_some(),
                });
            }
        }
        Input { items }
    }

    /// Marot's default view: keeps only the segments (doc, docSegId) that every system
    /// of the input has a score for, or none has, metric by metric. Returns how many
    /// items were left out.
    pub fn keep_segments_of_all_systems(&mut self) -> usize {
        let systems: BTreeSet<&str> = self.items.iter().map(|i| i.system.as_str()).collect();
        let total = systems.len();
        // Per segment: metric -> systems that have it.
        let mut have: HashMap<(&str, &str), BTreeMap<&str, BTreeSet<&str>>> = HashMap::new();
        for it in &self.items {
            let m = have
                .entry((it.doc.as_str(), it.seg_id.as_str()))
                .or_default();
            if !it.ratings.is_empty() {
                m.entry("MQM").or_default().insert(it.system.as_str());
            }
            for name in &it.metrics {
                m.entry(name.as_str())
                    .or_default()
                    .insert(it.system.as_str());
            }
        }
        let keep: HashMap<(String, String), bool> = have
            .into_iter()
            .map(|((d, s), m)| {
                let ok = m.values().all(|sys| sys.is_empty() || sys.len() == total);
                ((d.to_string(), s.to_string()), ok)
            })
            .collect();
        let before = self.items.len();
        self.items
            .retain(|it| keep.get(&(it.doc.clone(), it.seg_id.clone())) != Some(&false));
        before - self.items.len()
    }

    /// From a report and its annotations. Every editor (annotator of `editor:` annotations)
    /// rated every segment; automatic findings that are not rejected count for each of
    /// them; with no editor, the automatic findings are one rating, `mtqa`'s. A report read
    /// from an MQM ratings file says who rated what (its `No-error` records): there, a
    /// rater rated the segments they have an annotation on — the same ratings the
    /// `mqm-tsv` export writes ([`crate::formats::mqm::ratings_of_row`]).
    pub fn from_document(doc: &Document, set: &AnnotationSet, system: &str) -> Input {
        let bundle = crate::formats::bundle::Bundle::new(doc, set);
        let editors: BTreeSet<String> = set
            .annotations
            .iter()
            .filter(|a| a.status != Status::Rejected && !a.is_automatic())
            .map(|a| a.annotator.clone())
            .collect();
        let recorded = set
            .annotations
            .iter()
            .any(|a| a.is_no_error() && !a.is_automatic());
        // HTER needs post-editing: only a document with corrections has it.
        let edited = !set.corrections.is_empty();
        let items = bundle
            .rows
            .iter()
            .map(|r| {
                let mut ratings = BTreeMap::new();
                let mut attention: BTreeMap<String, Attention> = BTreeMap::new();
                for (rater, errors, _) in crate::formats::mqm::ratings_of_row(r, &editors, recorded)
                {
                    let mut list = Vec::new();
                    for a in errors {
                        let label = a.severity_label().to_string();
                        if label.eq_ignore_ascii_case("hotw-test") {
                            let t = attention.entry(rater.clone()).or_default();
                            match a.category.trim().to_lowercase().as_str() {
                                "found" => t.found += 1,
                                "missed" => t.missed += 1,
                                _ => {}
                            }
                            continue;
                        }
                        list.push(Error {
                            category: a.category.clone(),
                            severity: a.severity,
                            label,
                            span: Some((a.anchor.start, a.anchor.end)),
                            on_source: a.on_source,
                        });
                    }
                    ratings.insert(rater, list);
                }
                let (sys, d, seg_id) = match &r.rated {
                    Some(k) => (
                        k.system.to_string(),
                        k.doc.to_string(),
                        k.doc_seg_id.to_string(),
                    ),
                    None => (system.to_string(), bundle.file.clone(), r.id.clone()),
                };
                Item {
                    system: sys,
                    doc: d,
                    seg_id,
                    source: r.source.clone().unwrap_or_default(),
                    target: r.mt.clone(),
                    corrected: edited.then(|| r.corrected.clone()),
                    ratings,
                    attention,
                    metrics: BTreeSet::new(),
                }
            })
            .collect();
        Input { items }
    }
}
