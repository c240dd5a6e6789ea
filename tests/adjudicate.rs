//! Adjudication of several reviewers: clusters of their spans, the kinds of disagreement,
//! settling each as an undoable op that records who decided, and the agreement figures.

mod common;

use std::path::Path;

use mtqa_core::adjudicate::{self, Decision, Kind, Reviewer};
use mtqa_core::annotate::anchor::Anchor;
use mtqa_core::annotate::{Annotation, AnnotationSet, Session, Status};
use mtqa_core::formats::{load_bytes, LoadOptions};
use mtqa_core::model::{Document, Severity};
use mtqa_core::score::Weights;

const REPORT: &str = "The minister said this Thursday that the the bridge was closed.\n\n\
It will reopen . next week.\n";

fn doc() -> Document {
    load_bytes(
        Path::new("r.txt"),
        REPORT.as_bytes(),
        &LoadOptions::default(),
    )
    .unwrap()
}

fn span(
    doc: &Document,
    seg: usize,
    quote: &str,
    who: &str,
    category: &str,
    sev: Severity,
) -> Annotation {
    let s = &doc.segments[seg];
    let b = s.text.find(quote).unwrap();
    let start = s.text[..b].chars().count();
    let end = start + quote.chars().count();
    Annotation {
        category: category.into(),
        severity: sev,
        origin: format!("editor:{who}"),
        annotator: who.into(),
        ..Annotation::new(
            format!("{who}-{seg}-{start}"),
            Some(s.id.to_string()),
            Anchor::new(&s.text, start, end),
            "2026-01-01T00:00:00Z",
        )
    }
}

fn reviewer(name: &str, anns: Vec<Annotation>, taken: &[Reviewer]) -> Reviewer {
    let set = AnnotationSet {
        annotations: anns,
        ..AnnotationSet::default()
    };
    Reviewer::new(format!("{name}.mtqa.json").into(), set, taken)
}

/// Two reviewers with one span of each kind of disagreement and one agreed span.
fn two() -> (Document, Vec<Reviewer>) {
    let d = doc();
    let a = vec![
        span(
            &d,
            0,
            "this Thursday",
            "alice",
            "Accuracy/Mistranslation",
            Severity::Minor,
        ),
        span(
            &d,
            0,
            "the the",
            "alice",
            "Fluency/Grammar",
            Severity::Minor,
        ),
        span(
            &d,
            0,
            "bridge was",
            "alice",
            "Fluency/Grammar",
            Severity::Major,
        ),
        span(&d, 1, " .", "alice", "Fluency/Punctuation", Severity::Minor),
    ];
    let b = vec![
        // Same span and rating as alice's: agreed.
        span(
            &d,
            0,
            "this Thursday",
            "bob",
            "Accuracy/Mistranslation",
            Severity::Minor,
        ),
        // Same span, other severity.
        span(&d, 0, "the the", "bob", "Fluency/Grammar", Severity::Major),
        // Overlapping, not the same.
        span(
            &d,
            0,
            "was closed",
            "bob",
            "Fluency/Grammar",
            Severity::Major,
        ),
    ];
    let ra = reviewer("a", a, &[]);
    let rb = reviewer("b", b, std::slice::from_ref(&ra));
    (d, vec![ra, rb])
}

#[test]
fn reviewers_are_named_after_their_editor_and_kept_apart() {
    let (_, rs) = two();
    assert_eq!(rs[0].name, "alice");
    assert_eq!(rs[1].name, "bob");
    let again = reviewer("a2", rs[0].set.annotations.clone(), &rs);
    assert_eq!(again.name, "alice (a2)");
    let nobody = reviewer("carol-file", Vec::new(), &[]);
    assert_eq!(nobody.name, "carol-file");
}

#[test]
fn clusters_have_the_kind_of_their_disagreement() {
    let (d, rs) = two();
    let cs = adjudicate::clusters(&d, &rs);
    let kinds: Vec<Option<Kind>> = cs.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            None,
            Some(Kind::Differs),
            Some(Kind::Overlap),
            Some(Kind::Only)
        ]
    );
    // Document order, and the overlap's span is the union of both.
    assert_eq!(cs[3].segment, d.segments[1].id);
    let text = &d.segments[0].text;
    let union: String = text
        .chars()
        .skip(cs[2].span.0)
        .take(cs[2].span.1 - cs[2].span.0)
        .collect();
    assert_eq!(union, "bridge was closed");
    assert_eq!(cs[2].reviewers(), vec![0, 1]);
    assert_eq!(cs[3].reviewers(), vec![0]);
    // Keys are stable: the same files give the same keys.
    let again = adjudicate::clusters(&d, &two().1);
    assert_eq!(
        cs.iter().map(|c| &c.key).collect::<Vec<_>>(),
        again.iter().map(|c| &c.key).collect::<Vec<_>>()
    );
}

#[test]
fn rejected_and_open_findings_are_not_asserted() {
    let d = doc();
    let mut rejected = span(
        &d,
        0,
        "the the",
        "alice",
        "Fluency/Grammar",
        Severity::Minor,
    );
    rejected.status = Status::Rejected;
    let mut open_check = span(&d, 1, " .", "alice", "Fluency/Punctuation", Severity::Minor);
    open_check.origin = "check:spacing".into();
    let mut accepted_check = open_check.clone();
    accepted_check.id = "accepted".into();
    accepted_check.status = Status::Accepted;
    let r = reviewer("a", vec![rejected, open_check, accepted_check], &[]);
    let cs = adjudicate::clusters(&d, &[r]);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].members[0].id, "accepted");
}

#[test]
fn settling_every_kind_is_undoable_and_records_who_decided() {
    let (d, rs) = two();
    let cs = adjudicate::clusters(&d, &rs);
    let mut session = Session::new(AnnotationSet::default());
    let now = "2026-02-02T00:00:00Z";
    let agreed = adjudicate::adopt_agreed(&cs, &rs, "judge", &session.set, now).unwrap();
    session.apply(agreed).unwrap();
    assert_eq!(session.set.annotations.len(), 1);
    // Same span, other severity: keep bob's.
    let op = adjudicate::settle(
        &cs[1],
        &rs,
        &Decision::Keep(vec![1]),
        "judge",
        &session.set,
        now,
    )
    .unwrap();
    session.apply(op).unwrap();
    let bobs = &cs[1].members[1];
    assert_eq!(bobs.reviewer, 1);
    let kept = session
        .set
        .get(&adjudicate::copy_id(&rs[1], &bobs.id))
        .unwrap();
    assert_eq!(kept.severity, Severity::Major);
    assert_eq!(kept.status, Status::Accepted);
    assert_eq!(kept.annotator, "judge");
    assert_eq!(kept.origin, "editor:bob");
    let record = &kept.metadata["adjudication"];
    assert_eq!(record["decided_by"], "judge");
    assert_eq!(record["decision"], "keep-one");
    assert_eq!(record["kept"][0], "bob");
    assert_eq!(record["versions"].as_array().unwrap().len(), 2);
    // Overlap: keep both.
    let op = adjudicate::settle(
        &cs[2],
        &rs,
        &Decision::Keep(vec![0, 1]),
        "judge",
        &session.set,
        now,
    )
    .unwrap();
    session.apply(op).unwrap();
    // The adjudicator's own version of the overlap would have been refused now: settled.
    let mine = span(&d, 0, "bridge", "judge", "Style/Awkward", Severity::Minor);
    assert!(adjudicate::settle(
        &cs[2],
        &rs,
        &Decision::Edit(Box::new(mine.clone())),
        "judge",
        &session.set,
        now
    )
    .is_err());
    let mut other = Session::new(AnnotationSet::default());
    let op = adjudicate::settle(
        &cs[2],
        &rs,
        &Decision::Edit(Box::new(mine)),
        "judge",
        &other.set,
        now,
    )
    .unwrap();
    other.apply(op).unwrap();
    assert_eq!(other.set.annotations.len(), 1);
    assert_eq!(other.set.annotations[0].category, "Style/Awkward");
    assert_eq!(
        other.set.annotations[0].metadata["adjudication"]["decision"],
        "edit"
    );
    assert_eq!(
        other.set.annotations[0].metadata["adjudication"]["key"],
        cs[2].key.as_str()
    );
    // Only alice: reject.
    let op =
        adjudicate::settle(&cs[3], &rs, &Decision::Reject, "judge", &session.set, now).unwrap();
    session.apply(op).unwrap();
    let settled = adjudicate::settled_keys(&session.set);
    assert!(cs.iter().all(|c| settled.contains(&c.key)));
    let rejected: Vec<&Annotation> = session
        .set
        .annotations
        .iter()
        .filter(|a| a.status == Status::Rejected)
        .collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].metadata["adjudication"]["decision"], "reject");
    // A settled disagreement is not settled twice.
    assert!(adjudicate::settle(
        &cs[3],
        &rs,
        &Decision::Keep(vec![0]),
        "judge",
        &session.set,
        now
    )
    .is_err());
    // Keeping a reviewer who has no span there is refused.
    assert!(adjudicate::settle(
        &cs[0],
        &rs,
        &Decision::Keep(vec![5]),
        "judge",
        &AnnotationSet::default(),
        now
    )
    .is_err());
    // Undo takes the last decision back.
    assert!(session.undo().unwrap());
    assert!(!adjudicate::settled_keys(&session.set).contains(&cs[3].key));
    assert_eq!(session.set.annotations.len(), 4);
}

#[test]
fn figures_are_those_of_mtqa_score() {
    let (d, rs) = two();
    let w = Weights::default();
    let f = adjudicate::figures(&d, &rs, None, &w);
    assert_eq!(f.raters.len(), 2);
    assert_eq!((f.raters[0].spans, f.raters[1].spans), (4, 3));
    assert_eq!(
        (
            f.raters[0].segments_with_errors,
            f.raters[1].segments_with_errors
        ),
        (2, 1)
    );
    assert_eq!(f.pairs.len(), 1);
    let p = &f.pairs[0];
    assert_eq!((p.rater_a.as_str(), p.rater_b.as_str()), ("alice", "bob"));
    // Segment labels: alice (error, error), bob (error, clean): kappa 0 (chance level).
    assert_eq!(p.segments, 2);
    assert_eq!(p.kappa, Some(0.0));
    // Spans: alice 4, 3 of them meet one of bob's; bob 3, all meet one of alice's.
    let (pr, rc) = (3.0 / 3.0, 3.0 / 4.0);
    assert!((p.span_f1.unwrap() - 2.0 * pr * rc / (pr + rc)).abs() < 1e-9);
    // With the adjudicated set: a third rater, live.
    let set = AnnotationSet::default();
    let f = adjudicate::figures(&d, &rs, Some(&set), &w);
    assert_eq!(f.raters[2].name, adjudicate::ADJUDICATED);
    assert_eq!(f.raters[2].spans, 0);
    assert_eq!(f.pairs.len(), 3);
    assert_eq!(f.pairs[2].rater_b, adjudicate::ADJUDICATED);
    // And the same figures through `mtqa score`'s function.
    let input = adjudicate::input(&d, &rs, None);
    assert_eq!(mtqa_core::score::agreement(&input, &w)[0].kappa, p.kappa);
}

/// `mtqa score REPORT --annotations A --annotations B`: each reviewer's figures and their
/// agreement, the same as the app shows; the review report has them too.
#[test]
fn score_reports_each_reviewer_and_their_agreement() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    std::fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let (a, b) = common::flood_reviewers(&report, dir.path());
    let (r, a_s, b_s) = (
        report.display().to_string(),
        a.display().to_string(),
        b.display().to_string(),
    );
    let out = common::mtqa(&[
        "score",
        &r,
        "--annotations",
        &a_s,
        "--annotations",
        &b_s,
        "--format",
        "json",
        "--trials",
        "0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = v["reviewers"]["raters"]
        .as_array()
        .expect("raters")
        .iter()
        .map(|r| r["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["alice", "bob", "adjudicated"]);
    // The same figures as computed here from the same files.
    let d = mtqa_core::formats::load(&report, &LoadOptions::default()).unwrap();
    let mut rs = Vec::new();
    for p in [&a, &b] {
        let (rev, _) = mtqa_core::workspace::read_reviewer(p, &d, &rs).unwrap();
        rs.push(rev);
    }
    let f = adjudicate::figures(&d, &rs, None, &Weights::default());
    let pair = &v["reviewers"]["pairs"][0];
    assert_eq!(
        (pair["rater_a"].as_str(), pair["rater_b"].as_str()),
        (Some("alice"), Some("bob"))
    );
    assert_eq!(pair["kappa"].as_f64(), f.pairs[0].kappa);
    assert_eq!(pair["span_f1"].as_f64(), f.pairs[0].span_f1);
    assert_eq!(v["reviewers"]["raters"][0]["spans"], 4);
    // The review report.
    let html = dir.path().join("review.html");
    let out = common::mtqa(&[
        "score",
        &r,
        "--annotations",
        &a_s,
        "--annotations",
        &b_s,
        "--format",
        "html",
        "-o",
        &html.display().to_string(),
        "--trials",
        "0",
    ]);
    assert!(out.status.success());
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<h2>Reviewers</h2>"));
    assert!(page.contains("<td>alice / bob</td>"));
    // The reviewers' files were only read; two reports are refused.
    let out = common::mtqa(&["score", &r, &r, "--annotations", &a_s]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one report"));
    // `open` names a reviewer's file that does not exist before opening a window.
    let out = common::mtqa(&["open", &r, "--annotations", "nope.mtqa.json"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nope.mtqa.json: no such annotation file")
    );
}

/// The two reviewers' files bundled in `corpora/reviews/` (the README's adjudication
/// example) are what `common::flood_reviewers` writes: regenerated with
/// `MTQA_BLESS=1 cargo test --test adjudicate bundled`.
#[test]
fn bundled_reviewer_files_are_current() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = common::root().join("corpora/en-from-fr-flood.txt");
    let (a, b) = common::flood_reviewers(&report, dir.path());
    let bundled = common::root().join("corpora/reviews");
    for (made, name) in [
        (a, "en-from-fr-flood.alice.mtqa.json"),
        (b, "en-from-fr-flood.bob.mtqa.json"),
    ] {
        let want = std::fs::read(&made).expect("made");
        if std::env::var_os("MTQA_BLESS").is_some() {
            std::fs::create_dir_all(&bundled).expect("dir");
            std::fs::write(bundled.join(name), &want).expect("write");
        }
        let have = std::fs::read(bundled.join(name)).expect("bundled reviewer file");
        assert!(
            have == want,
            "{name} is stale: MTQA_BLESS=1 cargo test --test adjudicate bundled"
        );
    }
}
