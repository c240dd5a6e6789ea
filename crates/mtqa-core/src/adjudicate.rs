//! Several reviewers of one report, side by side, and the adjudication of what they
//! disagree on.
//!
//! Each reviewer's annotation file of the report is read as it is (never written). What a
//! reviewer *asserts* ([`asserts`]) is compared: their own spans that are not rejected and
//! not "no error", and the automatic findings they accepted (an open finding is one they
//! did not decide on). The assertions of each segment side (MT or source) are grouped into
//! [`Cluster`]s of overlapping spans; a cluster is agreed when every reviewer has exactly
//! one span in it and all are the same span with the same category and severity, else it
//! is a disagreement of one of three kinds ([`Kind`]).
//!
//! The adjudicated result is the report's own annotation file. Settling a disagreement
//! ([`settle`]) is one undoable [`Op`] into it: the kept spans are copied in (accepted,
//! decided by the adjudicator, the reviewer's origin kept), or a rejected record is added.
//! Either way the copy carries an `adjudication` entry in its metadata: the cluster's key,
//! the decision, who decided, and each reviewer's version. That is how a reopened report
//! knows which disagreements are settled ([`settled_keys`]).
//!
//! Agreement ([`figures`]) is what `mtqa score` computes (Cohen's kappa on the segments'
//! error / no-error labels, span F1, Pearson on segment scores), per pair of reviewers and
//! of each reviewer with the adjudicated result.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::annotate::{Annotation, AnnotationSet, EditError, Op, Status};
use crate::model::Document;
use crate::score::{self, Error, Input, Item, Weights};

/// The metadata key of an adjudicated annotation.
pub const METADATA_KEY: &str = "adjudication";

/// The name of the adjudicated result among the raters of [`figures`].
pub const ADJUDICATED: &str = "adjudicated";

/// One reviewer: a name, the annotation file, and its annotations (re-anchored on the
/// report as it is now).
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewer {
    /// Who: the editor named in most of the file's own annotations, else the file's name.
    pub name: String,
    /// The annotation file.
    pub path: PathBuf,
    /// Its annotations.
    pub set: AnnotationSet,
}

impl Reviewer {
    /// A reviewer of a file's annotations, named after the editor who made most of them
    /// (the file's name when there is none); `taken` names are made unique with the file's
    /// name.
    pub fn new(path: PathBuf, set: AnnotationSet, taken: &[Reviewer]) -> Reviewer {
        let file = path
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_end_matches(".mtqa.json")
                    .to_string()
            })
            .unwrap_or_else(|| "reviewer".into());
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for a in set.annotations.iter().filter(|a| !a.is_automatic()) {
            let who = if a.annotator.is_empty() {
                a.origin.trim_start_matches("editor:")
            } else {
                a.annotator.as_str()
            };
            if !who.is_empty() {
                *count.entry(who).or_default() += 1;
            }
        }
        // The most frequent; ties go to the first in name order (the map is sorted).
        let mut name = count
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(file.clone(), |(n, _)| n.to_string());
        if taken.iter().any(|r| r.name == name) || name == ADJUDICATED {
            name = format!("{name} ({file})");
        }
        let mut n = 2;
        let base = name.clone();
        while taken.iter().any(|r| r.name == name) {
            name = format!("{base} {n}");
            n += 1;
        }
        Reviewer { name, path, set }
    }
}

/// Whether a reviewer asserts an annotation: their own span that is not rejected and not
/// "no error", or an automatic finding they accepted. Spans between segments (layout) are
/// not compared.
pub fn asserts(a: &Annotation) -> bool {
    a.segment.is_some()
        && !a.is_no_error()
        && match a.status {
            Status::Rejected => false,
            Status::Accepted => true,
            Status::Open => !a.is_automatic(),
        }
}

/// How reviewers disagree on a cluster of spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Only one reviewer marked something here.
    Only,
    /// The same span, with a different category or severity.
    Differs,
    /// Overlapping spans that are not the same (or one reviewer marked several).
    Overlap,
}

impl Kind {
    /// As shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Only => "marked by one reviewer",
            Kind::Differs => "same span, different category or severity",
            Kind::Overlap => "overlapping spans",
        }
    }
}

/// One reviewer's annotation in a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The reviewer's position in the list.
    pub reviewer: usize,
    /// The annotation's id in the reviewer's file.
    pub id: String,
}

/// Overlapping spans of one segment side, from one or several reviewers.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Stable key: segment, side, and each member as `reviewer:id`.
    pub key: String,
    /// The segment's position in the document.
    pub position: usize,
    /// The segment's id.
    pub segment: String,
    /// In the source rather than the MT.
    pub on_source: bool,
    /// Start and end of the spans' union (chars).
    pub span: (usize, usize),
    /// `None` when all reviewers agree.
    pub kind: Option<Kind>,
    /// The annotations, by reviewer then start.
    pub members: Vec<Member>,
}

impl Cluster {
    /// The annotation of a member.
    pub fn annotation<'a>(&self, reviewers: &'a [Reviewer], m: &Member) -> Option<&'a Annotation> {
        reviewers.get(m.reviewer)?.set.get(&m.id)
    }

    /// The reviewers in the cluster, in list order, without repeats.
    pub fn reviewers(&self) -> Vec<usize> {
        let mut r: Vec<usize> = self.members.iter().map(|m| m.reviewer).collect();
        r.dedup();
        r
    }
}

/// Spans meet when they overlap, or when an insertion point lies at the same place.
fn meets(a: (usize, usize), b: (usize, usize)) -> bool {
    if a.0 == a.1 || b.0 == b.1 {
        return a.0 == b.0 || (a.0 < b.1 && b.0 < a.1);
    }
    a.0 < b.1 && b.0 < a.1
}

/// The clusters of the reviewers' assertions, in document order (segment, side, start).
/// O(n log n) in the number of annotations.
pub fn clusters(doc: &Document, reviewers: &[Reviewer]) -> Vec<Cluster> {
    let index = doc.positions();
    // (position, side, start, end, reviewer, id)
    let mut marks: Vec<(usize, bool, usize, usize, usize, &str)> = Vec::new();
    for (r, rev) in reviewers.iter().enumerate() {
        for a in rev.set.annotations.iter().filter(|a| asserts(a)) {
            let Some(&pos) = a.segment.as_deref().and_then(|s| index.get(s)) else {
                continue;
            };
            if a.orphaned {
                continue;
            }
            marks.push((pos, a.on_source, a.anchor.start, a.anchor.end, r, &a.id));
        }
    }
    marks.sort_unstable();
    let mut out = Vec::new();
    let mut k = 0;
    while k < marks.len() {
        let (pos, side, start, mut end, _, _) = marks[k];
        let mut j = k + 1;
        while j < marks.len()
            && (marks[j].0, marks[j].1) == (pos, side)
            && meets((start, end), (marks[j].2, marks[j].3))
        {
            end = end.max(marks[j].3);
            j += 1;
        }
        out.push(cluster(&marks[k..j], doc, reviewers, (start, end)));
        k = j;
    }
    out
}

fn cluster(
    group: &[(usize, bool, usize, usize, usize, &str)],
    doc: &Document,
    reviewers: &[Reviewer],
    span: (usize, usize),
) -> Cluster {
    let (pos, side) = (group[0].0, group[0].1);
    let mut members: Vec<Member> = group
        .iter()
        .map(|m| Member {
            reviewer: m.4,
            id: m.5.to_string(),
        })
        .collect();
    members.sort_by(|a, b| (a.reviewer, &a.id).cmp(&(b.reviewer, &b.id)));
    let who: BTreeSet<usize> = members.iter().map(|m| m.reviewer).collect();
    let same_span = group.iter().all(|m| (m.2, m.3) == (group[0].2, group[0].3));
    let one_each = who.len() == members.len();
    let get = |m: &Member| reviewers[m.reviewer].set.get(&m.id);
    let same_rating = members.windows(2).all(|w| match (get(&w[0]), get(&w[1])) {
        (Some(a), Some(b)) => a.category == b.category && a.severity == b.severity,
        _ => false,
    });
    let kind = if who.len() == 1 {
        Some(Kind::Only)
    } else if same_span && one_each && same_rating && who.len() == reviewers.len() {
        None
    } else if same_span && one_each && same_rating {
        // Some reviewers agree, the others marked nothing here.
        Some(Kind::Only)
    } else if same_span && one_each {
        Some(Kind::Differs)
    } else {
        Some(Kind::Overlap)
    };
    let segment = doc.segments[pos].id.to_string();
    let mut key = format!("{segment}|{}", if side { "source" } else { "mt" });
    for m in &members {
        key.push('|');
        key.push_str(&reviewers[m.reviewer].name);
        key.push(':');
        key.push_str(&m.id);
    }
    Cluster {
        key,
        position: pos,
        segment,
        on_source: side,
        span,
        kind,
        members,
    }
}

/// A decision recorded in the adjudicated set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// `keep-one`, `keep-several`, `keep-all`, `edit` or `reject`.
    pub decision: String,
    /// Who took it.
    pub decided_by: String,
}

/// The decisions the adjudicated set records, by the key of the cluster they settle.
pub fn decisions(set: &AnnotationSet) -> HashMap<String, Decided> {
    set.annotations
        .iter()
        .filter_map(|a| {
            let m = a.metadata.get(METADATA_KEY)?;
            let text = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            Some((
                m.get("key")?.as_str()?.to_string(),
                Decided {
                    decision: text("decision"),
                    decided_by: text("decided_by"),
                },
            ))
        })
        .collect()
}

/// The keys of the clusters the adjudicated set has settled.
pub fn settled_keys(set: &AnnotationSet) -> HashSet<String> {
    decisions(set).into_keys().collect()
}

/// How a disagreement is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Keep these reviewers' spans (one: "keep A's"; several: "keep both").
    Keep(Vec<usize>),
    /// Keep none: the spans are not errors.
    Reject,
    /// Keep the adjudicator's own version instead (a span, category and severity of
    /// their choosing).
    Edit(Box<Annotation>),
}

impl Decision {
    fn name(&self, reviewers: usize) -> &'static str {
        match self {
            Decision::Keep(k) if k.len() > 1 && k.len() >= reviewers => "keep-all",
            Decision::Keep(k) if k.len() > 1 => "keep-several",
            Decision::Keep(_) => "keep-one",
            Decision::Reject => "reject",
            Decision::Edit(_) => "edit",
        }
    }
}

/// The id an adjudicated copy of a reviewer's annotation gets.
pub fn copy_id(reviewer: &Reviewer, id: &str) -> String {
    format!("adj:{}:{id}", reviewer.name)
}

/// The operation that settles `cluster` in the adjudicated `set` by `decision`, made by
/// `decided_by` at `now`. Kept spans are copied in, accepted; a rejection adds the first
/// span, rejected, as the record. Every copy carries the decision in its metadata. Fails
/// when the cluster is settled already or a kept reviewer has no span in it.
pub fn settle(
    cluster: &Cluster,
    reviewers: &[Reviewer],
    decision: &Decision,
    decided_by: &str,
    set: &AnnotationSet,
    now: &str,
) -> Result<Op, EditError> {
    if settled_keys(set).contains(&cluster.key) {
        return Err(EditError::Adjudication(format!(
            "the disagreement at {} is settled already; undo that decision to change it",
            cluster.segment
        )));
    }
    let versions: Vec<Value> = cluster
        .members
        .iter()
        .filter_map(|m| {
            let a = cluster.annotation(reviewers, m)?;
            Some(json!({
                "reviewer": reviewers[m.reviewer].name,
                "id": a.id,
                "category": a.category,
                "severity": a.severity_label(),
                "quote": a.anchor.quote,
                "comment": a.comment,
            }))
        })
        .collect();
    let kept: Vec<usize> = match decision {
        Decision::Keep(k) => k.clone(),
        Decision::Reject | Decision::Edit(_) => Vec::new(),
    };
    let record = json!({
        "key": cluster.key,
        "decision": decision.name(cluster.reviewers().len()),
        "kept": kept.iter().filter_map(|r| reviewers.get(*r)).map(|r| r.name.clone()).collect::<Vec<_>>(),
        "decided_by": decided_by,
        "decided": now,
        "versions": versions,
    });
    let copy = |m: &Member, status: Status| -> Option<Annotation> {
        let a = cluster.annotation(reviewers, m)?;
        let mut c = Annotation {
            id: copy_id(&reviewers[m.reviewer], &a.id),
            status,
            annotator: decided_by.to_string(),
            modified: now.to_string(),
            conflict: false,
            ..a.clone()
        };
        if c.origin.is_empty() {
            c.origin = format!("editor:{}", reviewers[m.reviewer].name);
        }
        c.metadata.insert(METADATA_KEY.into(), record.clone());
        Some(c)
    };
    let mut ops = Vec::new();
    match decision {
        Decision::Keep(keep) => {
            for m in cluster
                .members
                .iter()
                .filter(|m| keep.contains(&m.reviewer))
            {
                if let Some(c) = copy(m, Status::Accepted) {
                    ops.push(Op::Add { annotation: c });
                }
            }
            if ops.is_empty() {
                return Err(EditError::Adjudication(format!(
                    "the kept reviewer has no span in the disagreement at {}",
                    cluster.segment
                )));
            }
        }
        Decision::Edit(a) => {
            let mut c = Annotation {
                status: Status::Accepted,
                annotator: decided_by.to_string(),
                modified: now.to_string(),
                ..(**a).clone()
            };
            c.metadata.insert(METADATA_KEY.into(), record.clone());
            ops.push(Op::Add { annotation: c });
        }
        Decision::Reject => {
            if let Some(mut c) = cluster
                .members
                .first()
                .and_then(|m| copy(m, Status::Rejected))
            {
                c.id = format!("adj:rejected:{}", cluster.key);
                c.anchor = crate::annotate::anchor::Anchor {
                    start: cluster.span.0,
                    end: cluster.span.1,
                    ..c.anchor
                };
                ops.push(Op::Add { annotation: c });
            }
        }
    }
    Ok(Op::Batch { ops })
}

/// The operation that takes every agreed cluster not settled yet into the adjudicated set
/// (the first reviewer's copy), as one step; `None` when there is none.
pub fn adopt_agreed(
    clusters: &[Cluster],
    reviewers: &[Reviewer],
    decided_by: &str,
    set: &AnnotationSet,
    now: &str,
) -> Option<Op> {
    let settled = settled_keys(set);
    let mut ops = Vec::new();
    for c in clusters
        .iter()
        .filter(|c| c.kind.is_none() && !settled.contains(&c.key))
    {
        let first = c.members.first()?.reviewer;
        if let Ok(Op::Batch { ops: more }) = settle(
            c,
            reviewers,
            &Decision::Keep(vec![first]),
            decided_by,
            &AnnotationSet::default(),
            now,
        ) {
            ops.extend(more);
        }
    }
    (!ops.is_empty()).then_some(Op::Batch { ops })
}

pub use crate::score::{Figures, RaterFigures};

/// The scoring input of the reviewers (and of the adjudicated set, when given): one item a
/// segment, one rating per rater with the errors they assert.
pub fn input(doc: &Document, reviewers: &[Reviewer], adjudicated: Option<&AnnotationSet>) -> Input {
    let index = doc.positions();
    let mut per: Vec<BTreeMap<String, Vec<Error>>> = vec![BTreeMap::new(); doc.segments.len()];
    let raters = reviewers
        .iter()
        .map(|r| (r.name.as_str(), &r.set))
        .chain(adjudicated.map(|s| (ADJUDICATED, s)));
    for (name, set) in raters {
        for p in per.iter_mut() {
            p.insert(name.to_string(), Vec::new());
        }
        for a in set.annotations.iter().filter(|a| asserts(a) && !a.orphaned) {
            let Some(&i) = a.segment.as_deref().and_then(|s| index.get(s)) else {
                continue;
            };
            if let Some(list) = per[i].get_mut(name) {
                list.push(Error {
                    category: a.category.clone(),
                    severity: a.severity,
                    label: a.severity_label().to_string(),
                    span: Some((a.anchor.start, a.anchor.end)),
                    on_source: a.on_source,
                });
            }
        }
    }
    let items = doc
        .segments
        .iter()
        .zip(per)
        .map(|(s, ratings)| Item {
            system: String::new(),
            doc: String::new(),
            seg_id: s.id.to_string(),
            source: String::new(),
            target: String::new(),
            corrected: None,
            ratings,
            attention: BTreeMap::new(),
            metrics: BTreeSet::new(),
        })
        .collect();
    Input { items }
}

/// Per-rater figures and agreement per pair, for the reviewers and, when given, the
/// adjudicated result. O(segments × raters² + annotations).
pub fn figures(
    doc: &Document,
    reviewers: &[Reviewer],
    adjudicated: Option<&AnnotationSet>,
    weights: &Weights,
) -> Figures {
    let input = input(doc, reviewers, adjudicated);
    let mut raters: Vec<RaterFigures> = reviewers
        .iter()
        .map(|r| r.name.clone())
        .chain(adjudicated.map(|_| ADJUDICATED.to_string()))
        .map(|name| RaterFigures {
            name,
            spans: 0,
            segments_with_errors: 0,
            mqm: 0.0,
        })
        .collect();
    for it in &input.items {
        for f in raters.iter_mut() {
            let errors = it.ratings.get(&f.name).map_or(&[][..], Vec::as_slice);
            f.spans += errors.len();
            f.segments_with_errors += usize::from(!errors.is_empty());
            f.mqm += errors
                .iter()
                .map(|e| score::weight(weights, e))
                .sum::<f64>();
        }
    }
    let n = input.items.len().max(1) as f64;
    for f in raters.iter_mut() {
        f.mqm /= n;
    }
    // Pairs in the raters' order (reviewers as listed, the adjudicated result last).
    let order: HashMap<&str, usize> = raters
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut pairs = score::agreement(&input, weights);
    for p in pairs.iter_mut() {
        if order.get(p.rater_a.as_str()) > order.get(p.rater_b.as_str()) {
            std::mem::swap(&mut p.rater_a, &mut p.rater_b);
        }
    }
    pairs.sort_by_key(|p| {
        (
            order.get(p.rater_a.as_str()).copied(),
            order.get(p.rater_b.as_str()).copied(),
        )
    });
    Figures { raters, pairs }
}
