//! Scores: MQM exactly as the WMT human evaluations compute it, bootstrap confidence
//! intervals and pairwise significance, post-editing effort (HTER), agreement between
//! annotators, and the review report ([`html`]).

pub mod html;
mod input;
mod stats;
pub mod ter;
pub mod weights;

pub use input::{Attention, Error, Input, Item};
pub use stats::{bootstrap_ci, randomization_p, MAX_RESAMPLES};
pub use weights::Weights;

use stats::{kappa, mean, overlaps, pearson, seed_for};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::annotate::typology::Typology;
use crate::annotate::{AnnotationSet, Status};
use crate::model::Severity;

/// Options of [`score`].
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Pass when the score (per 100 words) is at most this.
    pub threshold: Option<f64>,
    /// Bootstrap resamples.
    pub resamples: usize,
    /// Trials of the approximate randomization test (0: not run).
    pub trials: usize,
    /// Seed of the resampling and of the randomization.
    pub seed: u64,
    /// How errors weigh.
    pub weights: Weights,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: None,
            resamples: 1000,
            trials: DEFAULT_TRIALS,
            seed: 1,
            weights: Weights::default(),
        }
    }
}

/// Marot's number of approximate-randomization trials.
pub const DEFAULT_TRIALS: usize = 10_000;

/// The most randomization trials run.
pub const MAX_TRIALS: usize = 1_000_000;

/// The score of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentScore {
    /// MT system.
    pub system: String,
    /// Document.
    pub doc: String,
    /// Segment id.
    pub seg_id: String,
    /// MQM: the mean over its raters of the sum of their errors' weights.
    pub mqm: f64,
    /// Number of raters.
    pub raters: usize,
    /// Target words.
    pub words: usize,
    /// TER(MT, corrected), a percentage, where a correction exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hter: Option<f64>,
}

/// The score of a system (or of a report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SystemScore {
    /// Name.
    pub name: String,
    /// Mean MQM over its segments (lower is better).
    pub mqm: f64,
    /// Segments scored.
    pub segments: usize,
    /// Errors per category and severity (all raters).
    pub errors: BTreeMap<String, BTreeMap<String, usize>>,
    /// Penalty per 100 target words.
    pub per_100_words: f64,
    /// 95% bootstrap confidence interval of `mqm`.
    pub ci95: (f64, f64),
    /// Corpus HTER (a percentage), where corrections exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hter: Option<f64>,
    /// Whether `per_100_words` is within the threshold, when one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass: Option<bool>,
}

/// Whether two systems differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// First system.
    pub a: String,
    /// Second system.
    pub b: String,
    /// Mean MQM of `a` minus that of `b` on their common segments.
    pub diff: f64,
    /// 95% paired-bootstrap confidence interval of `diff`.
    pub ci95: (f64, f64),
    /// Common segments.
    pub segments: usize,
    /// True when the interval excludes 0 (p < 0.05).
    pub significant: bool,
    /// p-value of Marot's paired one-sided approximate randomization test that `a` is
    /// better than `b`; `None` when not run (too few common segments for the trials, or
    /// `a` not better on the whole).
    pub p_randomization: Option<f64>,
}

/// A rater's attention checks over the whole input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaterAttention {
    /// Rater.
    pub rater: String,
    /// Injected errors found.
    pub found: usize,
    /// Injected errors missed.
    pub missed: usize,
}

/// The weights a report used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightsUsed {
    /// `marot`, `wmt21`, `typology` or a file.
    pub name: String,
    /// The rules, first match wins (empty for a typology).
    pub rules: Vec<weights::Rule>,
}

/// Agreement of two raters on the segments both rated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// System.
    pub system: String,
    /// First rater.
    pub rater_a: String,
    /// Second rater.
    pub rater_b: String,
    /// Segments both rated.
    pub segments: usize,
    /// Pearson correlation of their segment scores (None when undefined).
    pub pearson: Option<f64>,
    /// F1 of their error spans (a span matches one of the other rater that overlaps it).
    pub span_f1: Option<f64>,
    /// Cohen's kappa on error / no error per segment (None when undefined).
    pub kappa: Option<f64>,
}

/// One rater's figures over a report (a reviewer, or the adjudicated result).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaterFigures {
    /// Reviewer name, or `adjudicated`.
    pub name: String,
    /// Spans asserted.
    pub spans: usize,
    /// Segments with at least one error.
    pub segments_with_errors: usize,
    /// MQM (mean over the segments of the sum of the weights of the errors).
    pub mqm: f64,
}

/// Several reviewers of one report: each one's figures, and agreement per pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Each reviewer, then the adjudicated result when there is one.
    pub raters: Vec<RaterFigures>,
    /// Every pair, as [`agreement`] computes it.
    pub pairs: Vec<Agreement>,
}

/// Everything `mtqa score` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Systems, best first.
    pub systems: Vec<SystemScore>,
    /// Segments, in input order.
    pub segments: Vec<SegmentScore>,
    /// Pairwise comparisons.
    pub pairs: Vec<Pair>,
    /// Agreement between raters.
    pub agreement: Vec<Agreement>,
    /// Attention checks per rater (raters who had some).
    pub attention: Vec<RaterAttention>,
    /// The weights used.
    pub weights: WeightsUsed,
    /// Trials of the randomization test.
    pub trials: usize,
}

/// The MQM score of one document's annotations, as [`score`] computes it for the system
/// of [`Input::from_document`] (per segment: automatic findings plus each editor's own
/// errors, mean over editors; mean over segments), without building the input or the
/// HTER: O(annotations), for a live figure while editing. `is_segment` says whether a
/// segment id belongs to the document (annotations elsewhere do not count). A document
/// read from a ratings file says who rated what (its `No-error` records): there, as in
/// [`Input::from_document`], a segment's raters are those with an annotation on it, and
/// the mean is over the segments somebody rated.
pub fn document_mqm(
    set: &AnnotationSet,
    segments: usize,
    is_segment: &dyn Fn(&str) -> bool,
    weights: &Weights,
) -> f64 {
    if segments == 0 {
        return 0.0;
    }
    let weight = |a: &crate::annotate::Annotation| {
        weights.weight(&a.category, a.severity_label(), a.severity)
    };
    if set
        .annotations
        .iter()
        .any(|a| a.is_no_error() && !a.is_automatic())
    {
        // Per segment: the automatic findings' weight, and each rater's own.
        let mut per: HashMap<&str, (f64, BTreeMap<&str, f64>)> = HashMap::new();
        for a in &set.annotations {
            let Some(seg) = a.segment.as_deref().filter(|s| is_segment(s)) else {
                continue;
            };
            if a.status == Status::Rejected {
                continue;
            }
            let e = per.entry(seg).or_default();
            if a.is_automatic() {
                e.0 += weight(a);
            } else {
                *e.1.entry(a.annotator.as_str()).or_default() += weight(a);
            }
        }
        let scores: Vec<f64> = per
            .values()
            .filter(|(_, raters)| !raters.is_empty())
            .map(|(auto, raters)| auto + raters.values().sum::<f64>() / raters.len() as f64)
            .collect();
        return mean(&scores);
    }
    let (mut automatic, mut human) = (0.0, 0.0);
    let mut raters: BTreeSet<&str> = BTreeSet::new();
    for a in &set.annotations {
        let Some(seg) = a.segment.as_deref() else {
            continue;
        };
        if a.status == Status::Rejected {
            continue;
        }
        if !a.is_automatic() {
            raters.insert(a.annotator.as_str());
        }
        if is_segment(seg) {
            let w = weight(a);
            if a.is_automatic() {
                automatic += w;
            } else {
                human += w;
            }
        }
    }
    (automatic + human / raters.len().max(1) as f64) / segments as f64
}

/// The weight of one error.
pub fn weight(w: &Weights, e: &Error) -> f64 {
    w.weight(&e.category, &e.label, e.severity)
}

fn words(s: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::unicode_words(s).count()
}

/// Scores the input.
pub fn score(input: &Input, typology: &Typology, opts: &Options) -> Report {
    let w = &opts.weights;
    let mut segments = Vec::with_capacity(input.items.len());
    let mut by_system: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, it) in input.items.iter().enumerate() {
        let sums: Vec<f64> = it
            .ratings
            .values()
            .map(|errs| errs.iter().map(|e| weight(w, e)).sum::<f64>() + 0.0)
            .collect();
        let hter = it.corrected.as_ref().map(|c| {
            let (e, n) = ter::edits(&ter::tokenize(&it.target), &ter::tokenize(c));
            ter::rate(e, n)
        });
        segments.push(SegmentScore {
            system: it.system.clone(),
            doc: it.doc.clone(),
            seg_id: it.seg_id.clone(),
            mqm: mean(&sums),
            raters: sums.len(),
            words: words(&it.target),
            hter,
        });
        // A segment nobody rated (an Anthea segment the rater did not reach) is listed,
        // with no rater, and not scored.
        if !it.ratings.is_empty() {
            by_system.entry(it.system.as_str()).or_default().push(k);
        }
    }
    let mut systems: Vec<SystemScore> = by_system
        .iter()
        .map(|(name, idx)| {
            let scores: Vec<f64> = idx.iter().map(|&k| segments[k].mqm).collect();
            let total_words: usize = idx.iter().map(|&k| segments[k].words).sum();
            let mut errors: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
            for &k in idx {
                for errs in input.items[k].ratings.values() {
                    for e in errs {
                        *errors
                            .entry(typology.canonical(&e.category).to_string())
                            .or_default()
                            .entry(e.severity.as_str().to_string())
                            .or_default() += 1;
                    }
                }
            }
            let (mut ed, mut rl, mut any) = (0usize, 0usize, false);
            for &k in idx {
                let it = &input.items[k];
                if let Some(c) = &it.corrected {
                    let (e, n) = ter::edits(&ter::tokenize(&it.target), &ter::tokenize(c));
                    ed += e;
                    rl += n;
                    any = true;
                }
            }
            let per_100_words = if total_words > 0 {
                100.0 * scores.iter().sum::<f64>() / total_words as f64
            } else {
                0.0
            };
            SystemScore {
                name: name.to_string(),
                mqm: mean(&scores),
                segments: scores.len(),
                errors,
                per_100_words,
                ci95: bootstrap_ci(&scores, opts.resamples, seed_for(opts.seed, name)),
                hter: any.then(|| ter::rate(ed, rl)),
                pass: opts.threshold.map(|t| per_100_words <= t),
            }
        })
        .collect();
    systems.sort_by(|a, b| a.mqm.total_cmp(&b.mqm).then_with(|| a.name.cmp(&b.name)));
    // Pairwise: paired bootstrap on common (doc, seg_id).
    let keyed: BTreeMap<&str, HashMap<(&str, &str), f64>> = by_system
        .iter()
        .map(|(name, idx)| {
            (
                *name,
                idx.iter()
                    .map(|&k| {
                        (
                            (segments[k].doc.as_str(), segments[k].seg_id.as_str()),
                            segments[k].mqm,
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let mut pairs = Vec::new();
    for (i, a) in systems.iter().enumerate() {
        for b in &systems[i + 1..] {
            let (ka, kb) = (&keyed[a.name.as_str()], &keyed[b.name.as_str()]);
            let mut common: Vec<&(&str, &str)> =
                ka.keys().filter(|k| kb.contains_key(*k)).collect();
            common.sort();
            if common.is_empty() {
                continue;
            }
            let diffs: Vec<f64> = common.iter().map(|k| ka[*k] - kb[*k]).collect();
            let ci = bootstrap_ci(
                &diffs,
                opts.resamples,
                seed_for(opts.seed, &format!("{}\u{1f}{}", a.name, b.name)),
            );
            let p_randomization = randomization_p(
                &diffs,
                b.mqm - a.mqm,
                opts.trials.min(MAX_TRIALS),
                seed_for(opts.seed, &format!("ar\u{1f}{}\u{1f}{}", a.name, b.name)),
            );
            pairs.push(Pair {
                a: a.name.clone(),
                b: b.name.clone(),
                diff: mean(&diffs),
                ci95: ci,
                segments: diffs.len(),
                significant: ci.0 > 0.0 || ci.1 < 0.0,
                p_randomization,
            });
        }
    }
    let agreement = agreement(input, w);
    let mut attention: BTreeMap<&str, Attention> = BTreeMap::new();
    for it in &input.items {
        for (r, a) in &it.attention {
            let t = attention.entry(r.as_str()).or_default();
            t.found += a.found;
            t.missed += a.missed;
        }
    }
    Report {
        systems,
        segments,
        pairs,
        agreement,
        attention: attention
            .into_iter()
            .map(|(r, a)| RaterAttention {
                rater: r.to_string(),
                found: a.found,
                missed: a.missed,
            })
            .collect(),
        weights: WeightsUsed {
            name: w.name().to_string(),
            rules: w.rules().to_vec(),
        },
        trials: opts.trials.min(MAX_TRIALS),
    }
}

/// Agreement per pair of raters, per system, on the segments both rated.
pub fn agreement(input: &Input, w: &Weights) -> Vec<Agreement> {
    let mut by_system: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for it in &input.items {
        by_system.entry(&it.system).or_default().push(it);
    }
    let mut out = Vec::new();
    for (system, items) in by_system {
        let raters: BTreeSet<&String> = items.iter().flat_map(|i| i.ratings.keys()).collect();
        let raters: Vec<&String> = raters.into_iter().collect();
        for (i, ra) in raters.iter().enumerate() {
            for rb in &raters[i + 1..] {
                let (mut xa, mut xb, mut ba, mut bb) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                let (mut matched_a, mut matched_b, mut na, mut nb) =
                    (0usize, 0usize, 0usize, 0usize);
                for it in &items {
                    let (Some(ea), Some(eb)) = (it.ratings.get(*ra), it.ratings.get(*rb)) else {
                        continue;
                    };
                    xa.push(ea.iter().map(|e| weight(w, e)).sum());
                    xb.push(eb.iter().map(|e| weight(w, e)).sum());
                    ba.push(ea.iter().any(|e| e.severity != Severity::Neutral));
                    bb.push(eb.iter().any(|e| e.severity != Severity::Neutral));
                    // Spans meet only on the same side (target or source).
                    let side = |e: &Error| {
                        e.span.map(|(s, t)| {
                            (
                                s + usize::from(e.on_source) * (usize::MAX / 2),
                                t + usize::from(e.on_source) * (usize::MAX / 2),
                            )
                        })
                    };
                    let sa: Vec<(usize, usize)> = ea.iter().filter_map(side).collect();
                    let sb: Vec<(usize, usize)> = eb.iter().filter_map(side).collect();
                    na += sa.len();
                    nb += sb.len();
                    matched_a += sa
                        .iter()
                        .filter(|x| sb.iter().any(|y| overlaps(**x, *y)))
                        .count();
                    matched_b += sb
                        .iter()
                        .filter(|y| sa.iter().any(|x| overlaps(*x, **y)))
                        .count();
                }
                if xa.is_empty() {
                    continue;
                }
                let span_f1 = (na + nb > 0).then(|| {
                    let p = if nb > 0 {
                        matched_b as f64 / nb as f64
                    } else {
                        0.0
                    };
                    let r = if na > 0 {
                        matched_a as f64 / na as f64
                    } else {
                        0.0
                    };
                    if p + r > 0.0 {
                        2.0 * p * r / (p + r)
                    } else {
                        0.0
                    }
                });
                out.push(Agreement {
                    system: system.to_string(),
                    rater_a: (*ra).clone(),
                    rater_b: (*rb).clone(),
                    segments: xa.len(),
                    pearson: pearson(&xa, &xb),
                    span_f1,
                    kappa: kappa(&ba, &bb),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    /// The scorer's MQM of a document's only system, and the live figure.
    fn full_and_live(doc: &Document, set: &AnnotationSet) -> (f64, f64) {
        let full = score(
            &Input::from_document(doc, set, "doc"),
            &Typology::builtin(),
            &Options {
                resamples: 1,
                trials: 0,
                ..Default::default()
            },
        )
        .systems[0]
            .mqm;
        let ids: BTreeSet<&str> = doc.segments.iter().map(|s| s.id.as_str()).collect();
        let live = document_mqm(
            set,
            doc.segments.len(),
            &|s| ids.contains(s),
            &Weights::default(),
        );
        (full, live)
    }

    /// The live figure equals the full scorer's on a checked report with two editors'
    /// annotations, a rejected finding and an annotation on a segment that is not there.
    #[test]
    fn document_mqm_equals_the_scorer() {
        let text = "Title\n\nThis Thursday the council met. . It voted the the budget.\n\n\n\nThe mayor said \"yes.\n";
        let doc = crate::formats::load_bytes(
            "r.txt".as_ref(),
            text.as_bytes(),
            &crate::formats::LoadOptions::default(),
        )
        .expect("loads");
        let findings = crate::checks::Checker::default().run(&doc);
        assert!(findings.len() >= 3);
        let mut set = AnnotationSet {
            annotations: crate::annotate::findings_to_annotations(&doc, &findings, "mtqa", "t"),
            ..Default::default()
        };
        set.annotations[0].status = Status::Rejected;
        let mut human = set.annotations[1].clone();
        for (k, (who, seg, sev)) in [
            ("ann", doc.segments[0].id.to_string(), Severity::Major),
            ("bob", doc.segments[1].id.to_string(), Severity::Minor),
            ("bob", "p99.s1".to_string(), Severity::Critical),
        ]
        .into_iter()
        .enumerate()
        {
            human.id = format!("h{k}");
            human.origin = format!("editor:{who}");
            human.annotator = who.into();
            human.segment = Some(seg);
            human.severity = sev;
            human.category = "Accuracy/Mistranslation".into();
            set.annotations.push(human.clone());
        }
        let (full, live) = full_and_live(&doc, &set);
        assert!(full > 0.0);
        assert!((full - live).abs() < 1e-9, "{full} vs {live}");
    }

    /// The live figure follows who rated what in a document read from a ratings file
    /// (an Anthea evaluation: one segment not reached, a neutral mark, an attention check).
    #[test]
    fn document_mqm_equals_the_scorer_on_rated_documents() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/anthea-eval.json");
        let bytes = std::fs::read(&path).expect("fixture");
        let (doc, set) =
            crate::formats::load_bytes_full(&path, &bytes, &crate::formats::LoadOptions::default())
                .expect("loads");
        let (full, live) = full_and_live(&doc, &set);
        // (5 + 0.1, 5, 0) over the three segments rated.
        assert!((full - 10.1 / 3.0).abs() < 1e-12, "{full}");
        assert!((full - live).abs() < 1e-12, "{full} vs {live}");
    }

    fn e(cat: &str, sev: Severity) -> Error {
        Error {
            category: cat.into(),
            severity: sev,
            label: sev.as_str().into(),
            span: Some((0, 1)),
            on_source: false,
        }
    }

    fn item(system: &str, seg: &str, ratings: Vec<(&str, Vec<Error>)>) -> Item {
        Item {
            system: system.into(),
            doc: "d".into(),
            seg_id: seg.into(),
            source: String::new(),
            target: "one two three four five".into(),
            corrected: None,
            ratings: ratings
                .into_iter()
                .map(|(r, v)| (r.to_string(), v))
                .collect(),
            attention: BTreeMap::new(),
            metrics: BTreeSet::new(),
        }
    }

    /// Hand-computed: segment 1 = mean(5 + 0.1, 1) = 3.05; segment 2 = mean(25, 0) = 12.5;
    /// segment 3 = 0 (neutral only); system A = (3.05 + 12.5 + 0) / 3 = 5.183333…
    #[test]
    fn wmt_weights_and_rater_averaging() {
        let input = Input {
            items: vec![
                item(
                    "A",
                    "1",
                    vec![
                        (
                            "r1",
                            vec![
                                e("Accuracy/Mistranslation", Severity::Major),
                                e("Fluency/Punctuation", Severity::Minor),
                            ],
                        ),
                        ("r2", vec![e("Style/Awkward", Severity::Minor)]),
                    ],
                ),
                item(
                    "A",
                    "2",
                    vec![
                        ("r1", vec![e("Non-translation!", Severity::Major)]),
                        ("r2", vec![]),
                    ],
                ),
                item(
                    "A",
                    "3",
                    vec![("r1", vec![e("Fluency/Grammar", Severity::Neutral)])],
                ),
                item("B", "1", vec![("r1", vec![])]),
                item(
                    "B",
                    "2",
                    vec![("r1", vec![e("Fluency/Punctuation", Severity::Major)])],
                ),
            ],
        };
        let r = score(&input, &Typology::builtin(), &Options::default());
        let seg: Vec<f64> = r.segments.iter().map(|s| s.mqm).collect();
        assert_eq!(seg, [3.05, 12.5, 0.0, 0.0, 5.0]);
        assert_eq!(r.systems[0].name, "B");
        assert!((r.systems[0].mqm - 2.5).abs() < 1e-12);
        assert!((r.systems[1].mqm - 15.55 / 3.0).abs() < 1e-12);
        assert_eq!(r.systems[1].errors["Non-translation"]["major"], 1);
        // 15.55 penalty over 15 words.
        assert!((r.systems[1].per_100_words - 100.0 * 15.55 / 15.0).abs() < 1e-9);
        // Reproducible bootstrap, and the interval holds the mean.
        let again = score(&input, &Typology::builtin(), &Options::default());
        assert_eq!(r.systems[1].ci95, again.systems[1].ci95);
        assert!(r.systems[1].ci95.0 <= r.systems[1].mqm && r.systems[1].mqm <= r.systems[1].ci95.1);
        let values: Vec<f64> = (0..60).map(|i| f64::from(i % 7)).collect();
        assert_eq!(
            bootstrap_ci(&values, 1000, 5),
            bootstrap_ci(&values, 1000, 5)
        );
        assert_ne!(
            bootstrap_ci(&values, 1000, 5),
            bootstrap_ci(&values, 1000, 6)
        );
    }

    /// Marot's approximate randomization: a difference no swap reproduces has the smallest
    /// p-value there is, a difference of nothing has p = 1, and too few segments for the
    /// trials (or a better system scoring worse) is not tested.
    #[test]
    fn randomization_p_values() {
        let diffs = vec![-1.0; 40];
        assert_eq!(randomization_p(&diffs, 1.0, 1000, 3), Some(1.0 / 1001.0));
        assert_eq!(randomization_p(&[0.0; 40], 0.0, 1000, 3), Some(1.0));
        assert_eq!(randomization_p(&[-1.0; 9], 1.0, 1000, 3), None);
        assert_eq!(randomization_p(&diffs, -0.5, 1000, 3), None);
        let mixed: Vec<f64> = (0..100)
            .map(|i| if i % 5 < 2 { 1.0 } else { -1.0 })
            .collect();
        let real = -mixed.iter().sum::<f64>() / 100.0;
        let p = randomization_p(&mixed, real, 2000, 7).expect("runs");
        assert_eq!(Some(p), randomization_p(&mixed, real, 2000, 7));
        // 60 wins, 40 losses: two standard deviations, p about 2 %.
        assert!(p < 0.05 && p > 1.0 / 2001.0, "{p}");
    }

    #[test]
    fn agreement_measures() {
        assert_eq!(
            kappa(&[true, true, false, false], &[true, true, false, false]),
            Some(1.0)
        );
        let k = kappa(&[true, false, true, false], &[true, true, false, false]).expect("defined");
        assert!(k.abs() < 1e-12);
        assert_eq!(
            pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).map(|p| (p * 1e9).round() / 1e9),
            Some(1.0)
        );
        assert_eq!(pearson(&[1.0, 1.0], &[2.0, 3.0]), None);
        assert!(overlaps((0, 3), (2, 5)) && !overlaps((0, 2), (2, 5)) && overlaps((2, 2), (2, 2)));
    }
}
